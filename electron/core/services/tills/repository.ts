import type { TillMovementKind } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/** Tills, their sessions and movements, and the few user and GL facts the tills area reads: all its SQL. */
export interface TillRow {
  id: number;
  user_id: number;
  gl_account_id: number;
  cash_limit: number | null;
  balance: number;
}

export interface SessionRow {
  id: number;
  till_id: number;
  user_id: number;
  business_date: string;
  opened_at: string;
  opening_float: number;
  opening_count_json: string;
  closed_at: string | null;
  closed_by: number | null;
  closing_count_json: string | null;
  expected: number | null;
  counted: number | null;
  difference: number | null;
}

export interface UserRef {
  id: number;
  username: string;
  display_name: string;
}

const TILL = 'SELECT id, user_id, gl_account_id, cash_limit, balance FROM tills';

export function tillOfUser(db: Db, userId: number): TillRow | undefined {
  return sql<[number], TillRow>(db, `${TILL} WHERE user_id = ?`).get(userId);
}

export function tillOfAccount(db: Db, accountId: number): TillRow | undefined {
  return sql<[number], TillRow>(db, `${TILL} WHERE gl_account_id = ?`).get(accountId);
}

export function openSessionOf(db: Db, tillId: number): SessionRow | undefined {
  return sql<[number], SessionRow>(db, 'SELECT * FROM till_sessions WHERE till_id = ? AND closed_at IS NULL').get(tillId);
}

export function lastSessionOf(db: Db, tillId: number): SessionRow | undefined {
  return sql<[number], SessionRow>(db, 'SELECT * FROM till_sessions WHERE till_id = ? ORDER BY id DESC LIMIT 1').get(tillId);
}

export function sessionById(db: Db, id: number): SessionRow | undefined {
  return sql<[number], SessionRow>(db, 'SELECT * FROM till_sessions WHERE id = ?').get(id);
}

export function sessionsSince(db: Db, tillId: number, from: string, limit: number): SessionRow[] {
  return sql<[number, string, number], SessionRow>(db, 'SELECT * FROM till_sessions WHERE till_id = ? AND business_date >= ? ORDER BY id DESC LIMIT ?').all(tillId, from, limit);
}

export function userByName(db: Db, username: string): (UserRef & { active: number }) | undefined {
  return sql<[string], UserRef & { active: number }>(db, 'SELECT id, username, display_name, active FROM users WHERE username = ? COLLATE NOCASE').get(username);
}

export function usernameOf(db: Db, userId: number): string | undefined {
  return sql<[number], { username: string }>(db, 'SELECT username FROM users WHERE id = ?').get(userId)?.username;
}

export function glAccountOf(db: Db, id: number): { code: string; name: string } {
  return sql<[number], { code: string; name: string }>(db, 'SELECT code, name FROM gl_accounts WHERE id = ?').get(id)!;
}

export function glAccountByCode(db: Db, code: string): { id: number; usage: string; active: number; manual_entries_allowed: number } | undefined {
  return sql<[string], { id: number; usage: string; active: number; manual_entries_allowed: number }>(
    db,
    'SELECT id, usage, active, manual_entries_allowed FROM gl_accounts WHERE code = ?',
  ).get(code);
}

/** A till's own GL detail account under the tills header (never open to manual entries). */
export function insertTillAccount(db: Db, a: { globalId: string; code: string; name: string; parentId: number; description: string }): number {
  return Number(
    sql(
      db,
      `INSERT INTO gl_accounts (global_id, code, name, type, usage, parent_id, tag, manual_entries_allowed, active, description)
       VALUES (?, ?, ?, 'ASSET', 'DETAIL', ?, NULL, 0, 1, ?)`,
    ).run(a.globalId, a.code, a.name, a.parentId, a.description).lastInsertRowid,
  );
}

export function insertTill(db: Db, t: { globalId: string; userId: number; accountId: number; createdAt: string }): number {
  return Number(sql(db, 'INSERT INTO tills (global_id, user_id, gl_account_id, created_at) VALUES (?, ?, ?, ?)').run(t.globalId, t.userId, t.accountId, t.createdAt).lastInsertRowid);
}

export function setCashLimit(db: Db, tillId: number, limit: number | null): void {
  sql(db, 'UPDATE tills SET cash_limit = ? WHERE id = ?').run(limit, tillId);
}

export interface NewMovement {
  tillId: number;
  sessionId: number | null;
  kind: TillMovementKind;
  amount: number;
  balanceAfter: number;
  businessDate: string;
  reference: string | null;
  description: string;
  commandSeq: number;
  createdBy: number | null;
  approvedBy: number | null;
  createdAt: string;
}

/** Appends a movement and sets the till's balance to what it leaves. */
export function insertMovement(db: Db, m: NewMovement): void {
  sql(
    db,
    `INSERT INTO till_movements (till_id, session_id, kind, amount, balance_after, business_date, reference, description, command_seq,
       created_by, approved_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.tillId, m.sessionId, m.kind, m.amount, m.balanceAfter, m.businessDate, m.reference, m.description, m.commandSeq, m.createdBy, m.approvedBy, m.createdAt);
  sql(db, 'UPDATE tills SET balance = ? WHERE id = ?').run(m.balanceAfter, m.tillId);
}

export function insertSession(db: Db, s: { globalId: string; tillId: number; userId: number; businessDate: string; openedAt: string; openingFloat: number; openingCountJson: string }): number {
  return Number(
    sql(
      db,
      `INSERT INTO till_sessions (global_id, till_id, user_id, business_date, opened_at, opening_float, opening_count_json)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(s.globalId, s.tillId, s.userId, s.businessDate, s.openedAt, s.openingFloat, s.openingCountJson).lastInsertRowid,
  );
}

export function closeSession(
  db: Db,
  id: number,
  c: { closedAt: string; closedBy: number; closingCountJson: string; expected: number; counted: number; difference: number; overShortEntryId: number | null },
): void {
  sql(db, 'UPDATE till_sessions SET closed_at = ?, closed_by = ?, closing_count_json = ?, expected = ?, counted = ?, difference = ?, over_short_entry_id = ? WHERE id = ?').run(
    c.closedAt,
    c.closedBy,
    c.closingCountJson,
    c.expected,
    c.counted,
    c.difference,
    c.overShortEntryId,
    id,
  );
}

export interface MovementRow {
  id: number;
  kind: TillMovementKind;
  amount: number;
  balance_after: number;
  business_date: string;
  reference: string | null;
  description: string;
  created_at: string;
  by: string;
  approved: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

/**
 * A teller's acknowledgement of cash given to their open till is the `tills.acknowledge` command itself: its
 * command_log row (append-only, hash-chained) says who acknowledged which movement and when, so no table of its
 * own is needed. It comes after the allocation's own row: the scan starts at the allocation's sequence.
 */
const ACK = (column: 'recorded_at' | 'username') =>
  `(SELECT c.${column} FROM command_log c WHERE c.seq > m.command_seq AND c.operation = 'tills.acknowledge'
     AND json_extract(c.input_json, '$.movementId') = m.id ORDER BY c.seq LIMIT 1)`;

export function movementsOfSession(db: Db, sessionId: number): MovementRow[] {
  return sql<[number], MovementRow>(
    db,
    `SELECT m.id, m.kind, m.amount, m.balance_after, m.business_date, m.reference, m.description, m.created_at,
       u.username AS by, a.display_name AS approved,
       CASE WHEN m.kind = 'ALLOCATION' THEN ${ACK('recorded_at')} END AS acknowledged_at,
       CASE WHEN m.kind = 'ALLOCATION' THEN ${ACK('username')} END AS acknowledged_by
     FROM till_movements m LEFT JOIN users u ON u.id = m.created_by LEFT JOIN users a ON a.id = m.approved_by
     WHERE m.session_id = ? ORDER BY m.id`,
  ).all(sessionId);
}

export interface AllocationRow {
  id: number;
  till_id: number;
  session_id: number | null;
  amount: number;
  description: string;
  created_at: string;
  from_name: string | null;
  acknowledged_at: string | null;
}

const ALLOCATION = `SELECT m.id, m.till_id, m.session_id, m.amount, m.description, m.created_at, u.display_name AS from_name,
    ${ACK('recorded_at')} AS acknowledged_at
  FROM till_movements m LEFT JOIN users u ON u.id = m.created_by`;

/** Cash given to a till while its session was open (an ALLOCATION inside the session), with its acknowledgement. */
export function allocationsOfSession(db: Db, sessionId: number): AllocationRow[] {
  return sql<[number], AllocationRow>(db, `${ALLOCATION} WHERE m.session_id = ? AND m.kind = 'ALLOCATION' ORDER BY m.id`).all(sessionId);
}

export function allocationById(db: Db, movementId: number): AllocationRow | undefined {
  return sql<[number], AllocationRow>(db, `${ALLOCATION} WHERE m.id = ? AND m.kind = 'ALLOCATION'`).get(movementId);
}

/** Every till with its user, its account code and its last session (one query, whatever the number of tills). */
export function tillsWithLastSession(db: Db): (TillRow & { username: string; display_name: string; code: string; session: SessionRow | null })[] {
  const rows = sql<[], TillRow & { username: string; display_name: string; code: string; session_json: string | null }>(
    db,
    `SELECT t.id, t.user_id, t.gl_account_id, t.cash_limit, t.balance, u.username, u.display_name, a.code,
       (SELECT json_object('id', s.id, 'till_id', s.till_id, 'user_id', s.user_id, 'business_date', s.business_date,
          'opened_at', s.opened_at, 'opening_float', s.opening_float, 'opening_count_json', s.opening_count_json,
          'closed_at', s.closed_at, 'closed_by', s.closed_by, 'closing_count_json', s.closing_count_json,
          'expected', s.expected, 'counted', s.counted, 'difference', s.difference)
        FROM till_sessions s WHERE s.till_id = t.id ORDER BY s.id DESC LIMIT 1) AS session_json
     FROM tills t JOIN users u ON u.id = t.user_id JOIN gl_accounts a ON a.id = t.gl_account_id ORDER BY u.username`,
  ).all();
  return rows.map(({ session_json, ...t }) => ({ ...t, session: session_json === null ? null : (JSON.parse(session_json) as SessionRow) }));
}

/** The tellers whose till is open (day-end refuses while there is one). */
export function openTillUsers(db: Db): { username: string; displayName: string }[] {
  return sql<[], { username: string; displayName: string }>(
    db,
    `SELECT u.username, u.display_name AS displayName FROM till_sessions s JOIN tills t ON t.id = s.till_id JOIN users u ON u.id = t.user_id
     WHERE s.closed_at IS NULL ORDER BY u.username`,
  ).all();
}
