import type { AccountStatement, GlAccount, GlAccountType, JournalEntryView, TrialBalance } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../shared/money';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { actorOf } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import { clearAccountCache, postJournalEntry, reverseJournalEntry, lastClosingDate, type PostingLine } from './ledger';
import { isTillAccount } from './tills';
import { findLocalOffice, getOrganisation } from './organisation';

/** Chart of accounts, manual entries, trial balance, statements and closures (ARCHITECTURE.md section 6). */
interface AccountRow {
  id: number;
  code: string;
  name: string;
  type: GlAccountType;
  usage: 'HEADER' | 'DETAIL';
  parent_id: number | null;
  tag: string | null;
  manual_entries_allowed: number;
  active: number;
  description: string | null;
  debits: number;
  credits: number;
}

/** Assets and expenses grow on the debit side; liabilities, equity and income on the credit side. */
export function isDebitNormal(type: GlAccountType): boolean {
  return type === 'ASSET' || type === 'EXPENSE';
}


export function accountBalances(db: Db, asOf?: string): Map<number, { debits: number; credits: number }> {
  const rows = sql<[string], { id: number; debits: number; credits: number }>(
    db,
    `SELECT l.gl_account_id AS id, sum(l.debit) AS debits, sum(l.credit) AS credits
     FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.entry_date <= ? GROUP BY l.gl_account_id`,
  ).all(asOf ?? '9999-12-31');
  return new Map(rows.map((r) => [r.id, { debits: r.debits, credits: r.credits }]));
}

export function registerAccounting(registry: Registry): void {
  registry.register('accounting.accounts', (ctx, input) => {
    const dp = getOrganisation(ctx.db).currency.decimalPlaces;
    const balances = accountBalances(ctx.db);
    const rows = sql<[number], Omit<AccountRow, 'debits' | 'credits'>>(
      ctx.db,
      'SELECT * FROM gl_accounts WHERE (? = 1 OR active = 1) ORDER BY code',
    ).all(input.includeInactive ? 1 : 0);
    // header accounts show the sum of their descendants
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
  });

  registry.register('accounting.createAccount', (ctx, input) => {
    const db = ctx.db;
    if (sql<[string], { id: number }>(db, 'SELECT id FROM gl_accounts WHERE code = ?').get(input.code)) {
      throw new AppError('DUPLICATE', `GL code ${input.code} is already used`, [{ field: 'code', code: 'duplicate', message: 'is already used' }]);
    }
    if (input.parentId !== undefined) {
      const parent = sql<[number], { usage: string; type: string }>(db, 'SELECT usage, type FROM gl_accounts WHERE id = ?').get(input.parentId);
      if (!parent || parent.usage !== 'HEADER' || parent.type !== input.type) {
        throw new AppError('VALIDATION_FAILED', 'The parent must be a header account of the same type', [
          { field: 'parentId', code: 'invalid_parent', message: 'must be a header account of the same type' },
        ]);
      }
    }
    const id = Number(
      sql(
        db,
        `INSERT INTO gl_accounts (global_id, code, name, type, usage, parent_id, manual_entries_allowed, description)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(`GL-${input.code}`, input.code, input.name, input.type, input.usage, input.parentId ?? null, input.manualEntriesAllowed ? 1 : 0, input.description ?? null)
        .lastInsertRowid,
    );
    clearAccountCache(db);
    ctx.afterCommit(() => clearAccountCache(db));
    ctx.touched('gl_account', id);
    return { id };
  });

  registry.register('accounting.updateAccount', (ctx, input) => {
    const a = sql<[number], { id: number; tag: string | null }>(ctx.db, 'SELECT id, tag FROM gl_accounts WHERE id = ?').get(input.id);
    if (!a) throw new AppError('NOT_FOUND', `There is no GL account ${input.id}`, [{ field: 'id', code: 'not_found', message: 'no such account' }]);
    if (input.active === false && a.tag) {
      throw new AppError('VALIDATION_FAILED', 'Branchbox posts to this account automatically; it cannot be deactivated', [
        { field: 'active', code: 'system_account', message: 'is used by automatic postings' },
      ]);
    }
    // a till's account moves only with the till's cash (verify checks it against the till's movements)
    if ((input.active === false || input.manualEntriesAllowed === true) && isTillAccount(ctx.db, a.id)) {
      throw new AppError('VALIDATION_FAILED', "This is a teller's till: it moves only with the till's cash", [
        { field: input.active === false ? 'active' : 'manualEntriesAllowed', code: 'till_account', message: "is a teller's till account" },
      ]);
    }
    if (input.name !== undefined) sql(ctx.db, 'UPDATE gl_accounts SET name = ? WHERE id = ?').run(input.name, input.id);
    if (input.active !== undefined) sql(ctx.db, 'UPDATE gl_accounts SET active = ? WHERE id = ?').run(input.active ? 1 : 0, input.id);
    if (input.manualEntriesAllowed !== undefined) {
      sql(ctx.db, 'UPDATE gl_accounts SET manual_entries_allowed = ? WHERE id = ?').run(input.manualEntriesAllowed ? 1 : 0, input.id);
    }
    if (input.description !== undefined) sql(ctx.db, 'UPDATE gl_accounts SET description = ? WHERE id = ?').run(input.description, input.id);
    clearAccountCache(ctx.db);
    ctx.afterCommit(() => clearAccountCache(ctx.db));
    ctx.touched('gl_account', input.id);
    return { id: input.id };
  });

  registry.register('accounting.postEntry', (ctx, input) => {
    const db = ctx.db;
    const dp = getOrganisation(db).currency.decimalPlaces;
    const date = input.transactionDate ?? ctx.businessDate();
    if (date > ctx.businessDate()) {
      throw new AppError('VALIDATION_FAILED', 'transactionDate is after the business date', [
        { field: 'transactionDate', code: 'after_business_date', message: 'cannot be after the business date' },
      ]);
    }
    const lines: PostingLine[] = input.lines.map((l, i) => {
      const a = l.glAccountId !== undefined
        ? sql<[number], { id: number; manual_entries_allowed: number; code: string }>(db, 'SELECT id, manual_entries_allowed, code FROM gl_accounts WHERE id = ?').get(l.glAccountId)
        : sql<[string], { id: number; manual_entries_allowed: number; code: string }>(db, 'SELECT id, manual_entries_allowed, code FROM gl_accounts WHERE code = ?').get(l.glCode!);
      if (!a) throw new AppError('VALIDATION_FAILED', `Line ${i + 1}: no such GL account`, [{ field: `lines.${i}.glAccountId`, code: 'not_found', message: 'no such GL account' }]);
      if (a.manual_entries_allowed !== 1) {
        throw new AppError('VALIDATION_FAILED', `GL account ${a.code} takes automatic postings only`, [
          { field: `lines.${i}.glAccountId`, code: 'manual_not_allowed', message: 'takes automatic postings only' },
        ]);
      }
      return l.debit !== undefined
        ? { accountId: a.id, debit: parseMoneyField(l.debit, dp, `lines.${i}.debit`) }
        : { accountId: a.id, credit: parseMoneyField(l.credit!, dp, `lines.${i}.credit`) };
    });
    const id = postJournalEntry(ctx, { date, description: input.description, sourceType: 'manual', sourceId: null, lines, manual: true });
    return { id };
  });

  registry.register('accounting.reverseEntry', (ctx, input) => {
    const e = sql<[number], { manual: number }>(ctx.db, 'SELECT manual FROM journal_entries WHERE id = ?').get(input.entryId);
    if (e && e.manual !== 1) {
      throw new AppError('INVALID_STATE', 'An automatic entry is reversed by undoing its transaction', [
        { field: 'entryId', code: 'automatic_entry', message: 'undo the transaction that posted it' },
      ]);
    }
    return { id: reverseJournalEntry(ctx, input.entryId, input.description ?? undefined) };
  });

  registry.register('accounting.journalEntries', (ctx, input) => listJournalEntries(ctx.db, input));

  registry.register('accounting.trialBalance', (ctx, input) => trialBalance(ctx.db, input.asOf ?? ctx.businessDate()));

  registry.register('accounting.accountStatement', (ctx, input) => {
    const db = ctx.db;
    const dp = getOrganisation(db).currency.decimalPlaces;
    const a = sql<[number], { id: number; code: string; name: string; type: GlAccountType }>(db, 'SELECT id, code, name, type FROM gl_accounts WHERE id = ?').get(input.glAccountId);
    if (!a) throw new AppError('NOT_FOUND', `There is no GL account ${input.glAccountId}`, [{ field: 'glAccountId', code: 'not_found', message: 'no such account' }]);
    const sign = isDebitNormal(a.type) ? 1 : -1;
    const toDate = input.toDate ?? ctx.businessDate();
    const opening = input.fromDate
      ? sql<[number, string], { d: number | null; c: number | null }>(
          db,
          'SELECT sum(l.debit) AS d, sum(l.credit) AS c FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.gl_account_id = ? AND e.entry_date < ?',
        ).get(a.id, input.fromDate)!
      : { d: 0, c: 0 };
    let balance = sign * ((opening.d ?? 0) - (opening.c ?? 0));
    const openingBalance = balance;
    const rows = sql<[number, string, string], { entry_id: number; entry_date: string; description: string; debit: number; credit: number }>(
      db,
      `SELECT l.entry_id, e.entry_date, e.description, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
       WHERE l.gl_account_id = ? AND e.entry_date >= ? AND e.entry_date <= ? ORDER BY e.entry_date, e.id, l.id`,
    ).all(a.id, input.fromDate ?? '0000-01-01', toDate);
    const lines = rows.map((r) => {
      balance += sign * (r.debit - r.credit);
      return { entryId: r.entry_id, date: r.entry_date, description: r.description, debit: formatMoney(r.debit, dp), credit: formatMoney(r.credit, dp), balance: formatMoney(balance, dp) };
    });
    const out: AccountStatement = {
      account: a,
      fromDate: input.fromDate ?? null,
      toDate,
      openingBalance: formatMoney(openingBalance, dp),
      lines,
      closingBalance: formatMoney(balance, dp),
    };
    return out;
  });

  registry.register('accounting.closePeriod', (ctx, input) => {
    const last = lastClosingDate(ctx.db);
    if (last !== null && input.closingDate <= last) {
      throw new AppError('VALIDATION_FAILED', `The books are already closed up to ${last}`, [
        { field: 'closingDate', code: 'already_closed', message: `must be after ${last}` },
      ]);
    }
    if (input.closingDate >= ctx.businessDate()) {
      throw new AppError('VALIDATION_FAILED', 'Only days before the business date can be closed', [
        { field: 'closingDate', code: 'not_past', message: 'must be before the business date' },
      ]);
    }
    const id = Number(
      sql(ctx.db, 'INSERT INTO accounting_closures (office_id, closing_date, comments, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(
        findLocalOffice(ctx.db)!.id,
        input.closingDate,
        input.comments ?? null,
        actorOf(ctx).userId,
        ctx.clock.now().toISOString(),
      ).lastInsertRowid,
    );
    ctx.touched('accounting_closure', id);
    return { id };
  });

  registry.register('accounting.closures', (ctx) =>
    sql<[], { id: number; closingDate: string; comments: string | null; createdAt: string }>(
      ctx.db,
      'SELECT id, closing_date AS closingDate, comments, created_at AS createdAt FROM accounting_closures ORDER BY closing_date DESC',
    ).all(),
  );

  registry.register('paymentTypes.list', (ctx) =>
    sql<[], { id: number; code: string; name: string; is_cash: number; gl_account_id: number }>(
      ctx.db,
      'SELECT id, code, name, is_cash, gl_account_id FROM payment_types WHERE active = 1 ORDER BY id',
    )
      .all()
      .map((p) => ({ id: p.id, code: p.code, name: p.name, isCash: p.is_cash === 1, glAccountId: p.gl_account_id })),
  );
}

export function trialBalance(db: Db, asOf: string): TrialBalance {
  const dp = getOrganisation(db).currency.decimalPlaces;
  const rows = sql<[string], { id: number; code: string; name: string; type: GlAccountType; debits: number; credits: number }>(
    db,
    `SELECT a.id, a.code, a.name, a.type, sum(l.debit) AS debits, sum(l.credit) AS credits
     FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN gl_accounts a ON a.id = l.gl_account_id
     WHERE e.entry_date <= ? GROUP BY a.id ORDER BY a.code`,
  ).all(asOf);
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
      return { glAccountId: r.id, glCode: r.code, name: r.name, type: r.type, debit: formatMoney(debit, dp), credit: formatMoney(credit, dp) };
    });
  return { asOf, rows: out, totalDebit: formatMoney(totalDebit, dp), totalCredit: formatMoney(totalCredit, dp) };
}

export function listJournalEntries(
  db: Db,
  q: { fromDate?: string | undefined; toDate?: string | undefined; glAccountId?: number | undefined; limit: number; beforeId?: number | undefined },
): JournalEntryView[] {
  const dp = getOrganisation(db).currency.decimalPlaces;
  const entries = sql<[string, string, number, number, number, number], { id: number; entry_date: string; description: string; source_type: string; source_id: number | null; manual: number; reversal_of: number | null; reversed_by: number | null; username: string | null; created_at: string }>(
    db,
    `SELECT e.*, (SELECT r.id FROM journal_entries r WHERE r.reversal_of = e.id) AS reversed_by, u.username
     FROM journal_entries e LEFT JOIN users u ON u.id = e.created_by
     WHERE e.entry_date >= ? AND e.entry_date <= ? AND e.id < ?
       AND (? = 0 OR EXISTS (SELECT 1 FROM journal_lines x WHERE x.entry_id = e.id AND x.gl_account_id = ?))
     ORDER BY e.id DESC LIMIT ?`,
  ).all(q.fromDate ?? '0000-01-01', q.toDate ?? '9999-12-31', q.beforeId ?? Number.MAX_SAFE_INTEGER, q.glAccountId ?? 0, q.glAccountId ?? 0, q.limit);
  const lineStmt = sql<[number], { gl_account_id: number; code: string; name: string; debit: number; credit: number }>(
    db,
    'SELECT l.gl_account_id, a.code, a.name, l.debit, l.credit FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id WHERE l.entry_id = ? ORDER BY l.id',
  );
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
    lines: lineStmt.all(e.id).map((l) => ({ glAccountId: l.gl_account_id, glCode: l.code, glName: l.name, debit: formatMoney(l.debit, dp), credit: formatMoney(l.credit, dp) })),
  }));
}
