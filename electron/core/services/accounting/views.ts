import type { AccountStatement, GlAccount, GlAccountType, JournalEntryView, TrialBalance } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { getOrganisation } from '../organisation';
import { accountById, journalEntryPage, linesOfEntries, listAccounts, statementLines, sumsBefore, sumsPerAccount, type EntryLineRow } from './repository';

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
      return { glAccountId: r.id, glCode: r.account.code, name: r.account.name, type: r.account.type, debit: formatMoney(debit, dp), credit: formatMoney(credit, dp) };
    });
  return { asOf, rows: out, totalDebit: formatMoney(totalDebit, dp), totalCredit: formatMoney(totalCredit, dp) };
}

export function accountStatement(db: Db, q: { glAccountId: number; fromDate?: string | undefined; toDate: string }): AccountStatement {
  const dp = places(db);
  const row = accountById(db, q.glAccountId);
  if (!row) throw new AppError('NOT_FOUND', `There is no GL account ${q.glAccountId}`, [{ field: 'glAccountId', code: 'not_found', message: 'no such account' }]);
  const a = { id: row.id, code: row.code, name: row.name, type: row.type };
  const sign = isDebitNormal(a.type) ? 1 : -1;
  const opening = q.fromDate ? sumsBefore(db, a.id, q.fromDate) : { debits: 0, credits: 0 };
  let balance = sign * (opening.debits - opening.credits);
  const openingBalance = balance;
  const lines = statementLines(db, a.id, q.fromDate ?? '0000-01-01', q.toDate).map((r) => {
    balance += sign * (r.debit - r.credit);
    return { entryId: r.entry_id, date: r.entry_date, description: r.description, debit: formatMoney(r.debit, dp), credit: formatMoney(r.credit, dp), balance: formatMoney(balance, dp) };
  });
  return { account: a, fromDate: q.fromDate ?? null, toDate: q.toDate, openingBalance: formatMoney(openingBalance, dp), lines, closingBalance: formatMoney(balance, dp) };
}

/** A page of the journal, newest first, each entry with its lines (two queries, whatever the page's length). */
export function listJournalEntries(
  db: Db,
  q: { fromDate?: string | undefined; toDate?: string | undefined; glAccountId?: number | undefined; limit: number; beforeId?: number | undefined },
): JournalEntryView[] {
  const dp = places(db);
  const entries = journalEntryPage(db, {
    fromDate: q.fromDate ?? '0000-01-01',
    toDate: q.toDate ?? '9999-12-31',
    beforeId: q.beforeId ?? Number.MAX_SAFE_INTEGER,
    glAccountId: q.glAccountId ?? 0,
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
    lines: (linesOf.get(e.id) ?? []).map((l) => ({ glAccountId: l.gl_account_id, glCode: l.code, glName: l.name, debit: formatMoney(l.debit, dp), credit: formatMoney(l.credit, dp) })),
  }));
}
