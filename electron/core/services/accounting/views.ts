import type { AccountStatement, GlAccount, GlAccountType, JournalEntryView, TrialBalance } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { getOrganisation } from '../organisation';
import { accountNameText, journalText } from './bookTexts';
import { accountById, journalEntryPage, linesOfEntries, listAccounts, statementPage, sumsBefore, sumsBetween, sumsPerAccount, type EntryLineRow } from './repository';

/** What the books say: the chart with balances, the trial balance, an account's statement, the journal. */

/** Assets and expenses grow on the debit side; liabilities, equity and income on the credit side. */
export function isDebitNormal(type: GlAccountType): boolean {
  return type === 'ASSET' || type === 'EXPENSE';
}

function places(db: Db): number {
  return getOrganisation(db).currency.decimalPlaces;
}

export function accountBalances(db: Db, asOf?: string): Map<number, { debits: number; credits: number }> {
  return new Map(sumsPerAccount(db, asOf ?? '9999-12-31').map((r) => [r.id, { debits: r.debits, credits: r.credits }]));
}

/** The chart of accounts; a header account shows the sum of its descendants. */
export function chartOfAccounts(db: Db, includeInactive: boolean): GlAccount[] {
  const dp = places(db);
  const balances = accountBalances(db);
  const rows = listAccounts(db, includeInactive);
  const children = new Map<number | null, number[]>();
  for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
  const total = (id: number): { debits: number; credits: number } => {
    const own = balances.get(id) ?? { debits: 0, credits: 0 };
    return (children.get(id) ?? []).reduce((acc, c) => {
      const t = total(c);
      return { debits: acc.debits + t.debits, credits: acc.credits + t.credits };
    }, own);
  };
  return rows.map((r): GlAccount => {
    const t = total(r.id);
    const net = isDebitNormal(r.type) ? t.debits - t.credits : t.credits - t.debits;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      type: r.type,
      usage: r.usage,
      parentId: r.parent_id,
      tag: r.tag,
      manualEntriesAllowed: r.manual_entries_allowed === 1,
      active: r.active === 1,
      description: r.description,
      balance: formatMoney(net, dp),
      nameText: accountNameText(r.code, r.name),
    };
  });
}

export function trialBalance(db: Db, asOf: string): TrialBalance {
  const dp = places(db);
  const accounts = new Map(listAccounts(db, true).map((a) => [a.id, a]));
  const rows = sumsPerAccount(db, asOf)
    .map((s) => ({ ...s, account: accounts.get(s.id)! }))
    .sort((a, b) => (a.account.code < b.account.code ? -1 : a.account.code > b.account.code ? 1 : 0));
  let totalDebit = 0;
  let totalCredit = 0;
  const out = rows
    .filter((r) => r.debits !== r.credits)
    .map((r) => {
      const net = r.debits - r.credits;
      const debit = net > 0 ? net : 0;
      const credit = net < 0 ? -net : 0;
      totalDebit += debit;
      totalCredit += credit;
      return { glAccountId: r.id, glCode: r.account.code, name: r.account.name, nameText: accountNameText(r.account.code, r.account.name), type: r.account.type, debit: formatMoney(debit, dp), credit: formatMoney(credit, dp) };
    });
  return { asOf, rows: out, totalDebit: formatMoney(totalDebit, dp), totalCredit: formatMoney(totalCredit, dp) };
}

/**
 * Where a statement page ends: the account and fromDate it belongs to, the last line's date and id, and the running
 * balance after it (minor units, on the account's normal side), so that the next page runs on exactly. Opaque to
 * callers: base64url of JSON.
 */
interface StatementCursor {
  a: number;
  f: string | null;
  d: string;
  l: number;
  b: number;
}

function encodeCursor(c: StatementCursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(text: string, accountId: number, fromDate: string | null): StatementCursor {
  let c: Partial<StatementCursor> | null = null;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<StatementCursor>;
  } catch {
    c = null;
  }
  const valid =
    c !== null &&
    typeof c === 'object' &&
    c.a === accountId &&
    c.f === fromDate &&
    typeof c.d === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(c.d) &&
    Number.isSafeInteger(c.l) &&
    Number.isSafeInteger(c.b);
  if (!valid) {
    throw new AppError('VALIDATION_FAILED', 'This cursor does not continue a statement of this account and period', [
      { field: 'cursor', code: 'invalid_cursor', message: 'is not the nextCursor of a page of this statement' },
    ]);
  }
  return c as StatementCursor;
}

/**
 * A page of an account's statement: up to `limit` lines in date and line order from the cursor (or from fromDate),
 * each with its running balance. The opening and closing balances come from the kept daily figures, so a page
 * costs its own length (and the account's days), not the journal's.
 */
export function accountStatement(
  db: Db,
  q: { glAccountId: number; fromDate?: string | undefined; toDate: string; limit: number; cursor?: string | undefined },
): AccountStatement {
  const dp = places(db);
  const row = accountById(db, q.glAccountId);
  if (!row) throw new AppError('NOT_FOUND', `There is no GL account ${q.glAccountId}`, [{ field: 'glAccountId', code: 'not_found', message: 'no such account' }]);
  const a = { id: row.id, code: row.code, name: row.name, nameText: accountNameText(row.code, row.name), type: row.type };
  const fromDate = q.fromDate ?? null;
  const sign = isDebitNormal(a.type) ? 1 : -1;
  const opening = fromDate !== null ? sumsBefore(db, a.id, fromDate) : { debits: 0, credits: 0 };
  const openingBalance = sign * (opening.debits - opening.credits);
  const moved = sumsBetween(db, a.id, fromDate ?? '', q.toDate);
  const closingBalance = openingBalance + sign * (moved.debits - moved.credits);
  const after = q.cursor !== undefined ? decodeCursor(q.cursor, a.id, fromDate) : { a: a.id, f: fromDate, d: fromDate ?? '', l: 0, b: openingBalance };
  const rows = statementPage(db, { accountId: a.id, afterDate: after.d, afterLineId: after.l, toDate: q.toDate, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  let balance = after.b;
  const lines = page.map((r) => {
    balance += sign * (r.debit - r.credit);
    return { entryId: r.entry_id, date: r.entry_date, description: r.description, text: journalText(r.description, r.source_type), debit: formatMoney(r.debit, dp), credit: formatMoney(r.credit, dp), balance: formatMoney(balance, dp) };
  });
  const last = page[page.length - 1];
  const nextCursor = rows.length > q.limit && last ? encodeCursor({ a: a.id, f: fromDate, d: last.entry_date, l: last.line_id, b: balance }) : null;
  return {
    account: a,
    fromDate,
    toDate: q.toDate,
    openingBalance: formatMoney(openingBalance, dp),
    lines,
    closingBalance: formatMoney(closingBalance, dp),
    nextCursor,
  };
}

/** A page of the journal, newest first, each entry with its lines (two queries, whatever the page's length). */
export function listJournalEntries(
  db: Db,
  q: { fromDate?: string | undefined; toDate?: string | undefined; glAccountId?: number | undefined; limit: number; beforeId?: number | undefined },
): JournalEntryView[] {
  const dp = places(db);
  const entries = journalEntryPage(db, {
    fromDate: q.fromDate,
    toDate: q.toDate,
    beforeId: q.beforeId ?? Number.MAX_SAFE_INTEGER,
    glAccountId: q.glAccountId,
    limit: q.limit,
  });
  const linesOf = new Map<number, EntryLineRow[]>();
  for (const l of linesOfEntries(db, entries.map((e) => e.id))) linesOf.set(l.entry_id, [...(linesOf.get(l.entry_id) ?? []), l]);
  return entries.map((e) => ({
    id: e.id,
    entryDate: e.entry_date,
    description: e.description,
    sourceType: e.source_type,
    sourceId: e.source_id,
    manual: e.manual === 1,
    reversalOf: e.reversal_of,
    reversedBy: e.reversed_by,
    createdBy: e.username,
    createdAt: e.created_at,
    text: e.manual === 1 && e.source_type === 'manual' && e.reversal_of === null ? null : journalText(e.description, e.source_type),
    lines: (linesOf.get(e.id) ?? []).map((l) => ({ glAccountId: l.gl_account_id, glCode: l.code, glName: l.name, glNameText: accountNameText(l.code, l.name), debit: formatMoney(l.debit, dp), credit: formatMoney(l.credit, dp) })),
  }));
}
