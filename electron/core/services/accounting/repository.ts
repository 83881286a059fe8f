import type { GlAccountType } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/** The chart of accounts, journal reads, closures and payment types: all the accounting area's SQL. */
export interface AccountRow {
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
}

export function listAccounts(db: Db, includeInactive: boolean): AccountRow[] {
  return sql<[number], AccountRow>(db, 'SELECT * FROM gl_accounts WHERE (? = 1 OR active = 1) ORDER BY code').all(includeInactive ? 1 : 0);
}

export function accountById(db: Db, id: number): AccountRow | undefined {
  return sql<[number], AccountRow>(db, 'SELECT * FROM gl_accounts WHERE id = ?').get(id);
}

export function accountByCode(db: Db, code: string): AccountRow | undefined {
  return sql<[string], AccountRow>(db, 'SELECT * FROM gl_accounts WHERE code = ?').get(code);
}

export function insertAccount(
  db: Db,
  a: { code: string; name: string; type: GlAccountType; usage: 'HEADER' | 'DETAIL'; parentId: number | null; manualEntriesAllowed: boolean; description: string | null },
): number {
  return Number(
    sql(
      db,
      `INSERT INTO gl_accounts (global_id, code, name, type, usage, parent_id, manual_entries_allowed, description)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(`GL-${a.code}`, a.code, a.name, a.type, a.usage, a.parentId, a.manualEntriesAllowed ? 1 : 0, a.description).lastInsertRowid,
  );
}

/** Changes the given fields of an account (name, active, manual entries, description). */
export function updateAccount(db: Db, id: number, c: { name?: string | undefined; active?: boolean | undefined; manualEntriesAllowed?: boolean | undefined; description?: string | null | undefined }): void {
  if (c.name !== undefined) sql(db, 'UPDATE gl_accounts SET name = ? WHERE id = ?').run(c.name, id);
  if (c.active !== undefined) sql(db, 'UPDATE gl_accounts SET active = ? WHERE id = ?').run(c.active ? 1 : 0, id);
  if (c.manualEntriesAllowed !== undefined) sql(db, 'UPDATE gl_accounts SET manual_entries_allowed = ? WHERE id = ?').run(c.manualEntriesAllowed ? 1 : 0, id);
  if (c.description !== undefined) sql(db, 'UPDATE gl_accounts SET description = ? WHERE id = ?').run(c.description, id);
}

/**
 * Debits and credits per account over the entries dated on or before `asOf`, from the kept daily figures
 * (gl_daily_balances: accounts x days, whatever the journal's length).
 */
export function sumsPerAccount(db: Db, asOf: string): { id: number; debits: number; credits: number }[] {
  return sql<[string], { id: number; debits: number; credits: number }>(
    db,
    `SELECT gl_account_id AS id, sum(debits) AS debits, sum(credits) AS credits
     FROM gl_daily_balances WHERE entry_date <= ? GROUP BY gl_account_id`,
  ).all(asOf);
}

/** Debits and credits of one account over the entries dated before `date` (its kept daily figures). */
export function sumsBefore(db: Db, accountId: number, date: string): { debits: number; credits: number } {
  const r = sql<[number, string], { d: number | null; c: number | null }>(
    db,
    'SELECT sum(debits) AS d, sum(credits) AS c FROM gl_daily_balances WHERE gl_account_id = ? AND entry_date < ?',
  ).get(accountId, date)!;
  return { debits: r.d ?? 0, credits: r.c ?? 0 };
}

/** Debits and credits of one account over the entries dated from `fromDate` to `toDate`, both included. */
export function sumsBetween(db: Db, accountId: number, fromDate: string, toDate: string): { debits: number; credits: number } {
  const r = sql<[number, string, string], { d: number | null; c: number | null }>(
    db,
    'SELECT sum(debits) AS d, sum(credits) AS c FROM gl_daily_balances WHERE gl_account_id = ? AND entry_date >= ? AND entry_date <= ?',
  ).get(accountId, fromDate, toDate)!;
  return { debits: r.d ?? 0, credits: r.c ?? 0 };
}

export interface StatementLineRow {
  line_id: number;
  entry_id: number;
  entry_date: string;
  description: string;
  source_type: string;
  debit: number;
  credit: number;
}

/**
 * Up to `limit` lines of an account after the position (`afterDate`, `afterLineId`) and dated on or before
 * `toDate`, in date and line order, read through gl_account_lines (account, date, line id): a page costs its own
 * length. Line ids grow with entry ids, so within a day this is the order of entries and of their lines.
 */
export function statementPage(db: Db, q: { accountId: number; afterDate: string; afterLineId: number; toDate: string; limit: number }): StatementLineRow[] {
  return sql<[number, string, number, string, number], StatementLineRow>(
    db,
    `SELECT g.line_id, l.entry_id, g.entry_date, e.description, e.source_type, l.debit, l.credit
     FROM gl_account_lines g JOIN journal_lines l ON l.id = g.line_id JOIN journal_entries e ON e.id = l.entry_id
     WHERE g.gl_account_id = ? AND (g.entry_date, g.line_id) > (?, ?) AND g.entry_date <= ?
     ORDER BY g.entry_date, g.line_id LIMIT ?`,
  ).all(q.accountId, q.afterDate, q.afterLineId, q.toDate, q.limit);
}

export interface EntryRow {
  id: number;
  entry_date: string;
  description: string;
  source_type: string;
  source_id: number | null;
  manual: number;
  reversal_of: number | null;
  reversed_by: number | null;
  username: string | null;
  created_at: string;
}

const ENTRY_COLUMNS = 'e.*, (SELECT r.id FROM journal_entries r WHERE r.reversal_of = e.id) AS reversed_by, u.username';
/** An entry's line on the account that is its first there (an entry with two lines on the account is listed once). */
const FIRST_LINE_ON_ACCOUNT = 'NOT EXISTS (SELECT 1 FROM journal_lines y WHERE y.gl_account_id = x.gl_account_id AND y.entry_id = x.entry_id AND y.id < x.id)';

/**
 * A page of the journal, newest first (entry id descending, before `beforeId`). Each case has its own statement so
 * that the planner reads only what the page needs: without a window of dates, the entries (or the account's lines,
 * journal_lines_account) in id order from `beforeId` down, the dates only filtering (unary `+`: the date index
 * would make it sort the whole journal); with both dates, the window through the date index (or the account's lines
 * of the window through gl_account_lines), sorted.
 */
export function journalEntryPage(db: Db, q: { fromDate?: string | undefined; toDate?: string | undefined; beforeId: number; glAccountId?: number | undefined; limit: number }): EntryRow[] {
  const from = q.fromDate ?? '0000-01-01';
  const to = q.toDate ?? '9999-12-31';
  const window = q.fromDate !== undefined && q.toDate !== undefined;
  if (q.glAccountId === undefined) {
    return window
      ? sql<[string, string, number, number], EntryRow>(
          db,
          `SELECT ${ENTRY_COLUMNS} FROM journal_entries e LEFT JOIN users u ON u.id = e.created_by
           WHERE e.entry_date >= ? AND e.entry_date <= ? AND e.id < ? ORDER BY e.id DESC LIMIT ?`,
        ).all(from, to, q.beforeId, q.limit)
      : sql<[number, string, string, number], EntryRow>(
          db,
          `SELECT ${ENTRY_COLUMNS} FROM journal_entries e LEFT JOIN users u ON u.id = e.created_by
           WHERE e.id < ? AND +e.entry_date >= ? AND +e.entry_date <= ? ORDER BY e.id DESC LIMIT ?`,
        ).all(q.beforeId, from, to, q.limit);
  }
  return window
    ? sql<[number, string, string, number, number], EntryRow>(
        db,
        `SELECT ${ENTRY_COLUMNS}
         FROM gl_account_lines g JOIN journal_lines x ON x.id = g.line_id JOIN journal_entries e ON e.id = x.entry_id
           LEFT JOIN users u ON u.id = e.created_by
         WHERE g.gl_account_id = ? AND g.entry_date >= ? AND g.entry_date <= ? AND x.entry_id < ? AND ${FIRST_LINE_ON_ACCOUNT}
         ORDER BY x.entry_id DESC LIMIT ?`,
      ).all(q.glAccountId, from, to, q.beforeId, q.limit)
    : sql<[number, number, string, string, number], EntryRow>(
        db,
        `SELECT ${ENTRY_COLUMNS}
         FROM journal_lines x JOIN journal_entries e ON e.id = x.entry_id LEFT JOIN users u ON u.id = e.created_by
         WHERE x.gl_account_id = ? AND x.entry_id < ? AND +e.entry_date >= ? AND +e.entry_date <= ? AND ${FIRST_LINE_ON_ACCOUNT}
         ORDER BY x.entry_id DESC LIMIT ?`,
      ).all(q.glAccountId, q.beforeId, from, to, q.limit);
}

export interface EntryLineRow {
  entry_id: number;
  gl_account_id: number;
  code: string;
  name: string;
  debit: number;
  credit: number;
}

/** The lines of many entries in one query (a page of the journal), in entry and line order. */
export function linesOfEntries(db: Db, entryIds: readonly number[]): EntryLineRow[] {
  if (entryIds.length === 0) return [];
  return sql<[string], EntryLineRow>(
    db,
    `SELECT l.entry_id, l.gl_account_id, a.code, a.name, l.debit, l.credit FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id
     WHERE l.entry_id IN (SELECT value FROM json_each(?)) ORDER BY l.entry_id, l.id`,
  ).all(JSON.stringify(entryIds));
}

export function isManualEntry(db: Db, entryId: number): boolean | undefined {
  const e = sql<[number], { manual: number }>(db, 'SELECT manual FROM journal_entries WHERE id = ?').get(entryId);
  return e === undefined ? undefined : e.manual === 1;
}

export function insertClosure(db: Db, c: { officeId: number; closingDate: string; comments: string | null; createdBy: number; createdAt: string }): number {
  return Number(
    sql(db, 'INSERT INTO accounting_closures (office_id, closing_date, comments, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(
      c.officeId,
      c.closingDate,
      c.comments,
      c.createdBy,
      c.createdAt,
    ).lastInsertRowid,
  );
}

export function listClosures(db: Db): { id: number; closingDate: string; comments: string | null; createdAt: string }[] {
  return sql<[], { id: number; closingDate: string; comments: string | null; createdAt: string }>(
    db,
    'SELECT id, closing_date AS closingDate, comments, created_at AS createdAt FROM accounting_closures ORDER BY closing_date DESC',
  ).all();
}

export function activePaymentTypes(db: Db): { id: number; code: string; name: string; is_cash: number; gl_account_id: number }[] {
  return sql<[], { id: number; code: string; name: string; is_cash: number; gl_account_id: number }>(
    db,
    'SELECT id, code, name, is_cash, gl_account_id FROM payment_types WHERE active = 1 ORDER BY id',
  ).all();
}

/** The opening entry in force: the last one posted with source type opening_balance and not reversed. */
export function openingEntryInForce(db: Db): { id: number; entry_date: string } | undefined {
  return sql<[], { id: number; entry_date: string }>(
    db,
    `SELECT e.id, e.entry_date FROM journal_entries e
     WHERE e.source_type = 'opening_balance' AND e.reversal_of IS NULL
       AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reversal_of = e.id)
     ORDER BY e.id DESC LIMIT 1`,
  ).get();
}

/** The date of the first entry that is not an opening entry nor the reversal of one (null: nothing posted yet). */
export function firstOtherEntryDate(db: Db): string | null {
  return (
    sql<[], { d: string | null }>(
      db,
      `SELECT min(e.entry_date) AS d FROM journal_entries e
       WHERE e.source_type <> 'opening_balance'
         AND NOT (e.reversal_of IS NOT NULL AND (SELECT o.source_type FROM journal_entries o WHERE o.id = e.reversal_of) = 'opening_balance')`,
    ).get()?.d ?? null
  );
}

/** The account of a role of the chart (its tag), if the chart has it. */
export function accountByTag(db: Db, tag: string): AccountRow | undefined {
  return sql<[string], AccountRow>(db, 'SELECT * FROM gl_accounts WHERE tag = ?').get(tag);
}

/** A template account added to the chart by a command (its global id the same at every branch). */
export function insertTemplateAccount(db: Db, a: { globalId: string; code: string; name: string; type: GlAccountType; parentId: number; tag: string; manual: boolean }): number {
  return Number(
    sql(
      db,
      `INSERT INTO gl_accounts (global_id, code, name, type, usage, parent_id, tag, manual_entries_allowed, active)
       VALUES (?, ?, ?, ?, 'DETAIL', ?, ?, ?, 1)`,
    ).run(a.globalId, a.code, a.name, a.type, a.parentId, a.tag, a.manual ? 1 : 0).lastInsertRowid,
  );
}

/** An account by its global id ("GL-3000"). */
export function accountByGlobalId(db: Db, globalId: string): AccountRow | undefined {
  return sql<[string], AccountRow>(db, 'SELECT * FROM gl_accounts WHERE global_id = ?').get(globalId);
}
