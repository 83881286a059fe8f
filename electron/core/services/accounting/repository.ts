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

/** Debits and credits per account over the entries dated on or before `asOf`. */
export function sumsPerAccount(db: Db, asOf: string): { id: number; debits: number; credits: number }[] {
  return sql<[string], { id: number; debits: number; credits: number }>(
    db,
    `SELECT l.gl_account_id AS id, sum(l.debit) AS debits, sum(l.credit) AS credits
     FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.entry_date <= ? GROUP BY l.gl_account_id`,
  ).all(asOf);
}

/** Debits and credits of one account over the entries dated before `date`. */
export function sumsBefore(db: Db, accountId: number, date: string): { debits: number; credits: number } {
  const r = sql<[number, string], { d: number | null; c: number | null }>(
    db,
    'SELECT sum(l.debit) AS d, sum(l.credit) AS c FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.gl_account_id = ? AND e.entry_date < ?',
  ).get(accountId, date)!;
  return { debits: r.d ?? 0, credits: r.c ?? 0 };
}

export interface StatementLineRow {
  entry_id: number;
  entry_date: string;
  description: string;
  debit: number;
  credit: number;
}

export function statementLines(db: Db, accountId: number, fromDate: string, toDate: string): StatementLineRow[] {
  return sql<[number, string, string], StatementLineRow>(
    db,
    `SELECT l.entry_id, e.entry_date, e.description, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
     WHERE l.gl_account_id = ? AND e.entry_date >= ? AND e.entry_date <= ? ORDER BY e.entry_date, e.id, l.id`,
  ).all(accountId, fromDate, toDate);
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

export function journalEntryPage(db: Db, q: { fromDate: string; toDate: string; beforeId: number; glAccountId: number; limit: number }): EntryRow[] {
  return sql<[string, string, number, number, number, number], EntryRow>(
    db,
    `SELECT e.*, (SELECT r.id FROM journal_entries r WHERE r.reversal_of = e.id) AS reversed_by, u.username
     FROM journal_entries e LEFT JOIN users u ON u.id = e.created_by
     WHERE e.entry_date >= ? AND e.entry_date <= ? AND e.id < ?
       AND (? = 0 OR EXISTS (SELECT 1 FROM journal_lines x WHERE x.entry_id = e.id AND x.gl_account_id = ?))
     ORDER BY e.id DESC LIMIT ?`,
  ).all(q.fromDate, q.toDate, q.beforeId, q.glAccountId, q.glAccountId, q.limit);
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
