import { LOAN_STATUSES, SAVINGS_STATUSES } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/**
 * All the SQL of the collection sheet: what a sheet lists (groups, members, their JLG loans with the installments
 * due summed in one statement for the whole sheet, their savings, attendance), drafts, posted sheets, their items
 * and undos.
 */

/** Which sheet: a center's or a group's (exactly one set). */
export interface SheetKey {
  centerId: number | null;
  groupId: number | null;
  meetingDate: string;
}

// ---- what a sheet lists

export interface SheetGroupRow {
  id: number;
  name: string;
  staff_id: number | null;
  staff_name: string | null;
}

/**
 * The groups of a sheet as Fineract's collectionSheetSchema takes them: active, or closed on or after the meeting
 * date (`gp.status_enum = 300 or (600 and closedon_date >= dueDate)`); a center's groups or the one group.
 */
export function sheetGroups(db: Db, key: SheetKey): SheetGroupRow[] {
  return sql<[number | null, number | null, string], SheetGroupRow>(
    db,
    `SELECT g.id, g.name, g.staff_id, CASE WHEN s.id IS NULL THEN NULL ELSE s.firstname || ' ' || s.lastname END AS staff_name
     FROM groups g LEFT JOIN staff s ON s.id = g.staff_id
     WHERE (g.center_id = ? OR g.id = ?) AND (g.status = 'ACTIVE' OR (g.status = 'CLOSED' AND g.closed_on >= ?))
     ORDER BY g.id`,
  ).all(key.centerId, key.groupId, key.meetingDate);
}

export interface SheetMemberRow {
  group_id: number;
  client_id: number;
  account_no: string;
  display_name: string;
}

/**
 * The members of those groups on the meeting date (joined by then, not left before it), active or closed on or after
 * the date, as Fineract's sheet lists clients.
 */
export function sheetMembers(db: Db, groupIds: readonly number[], date: string): SheetMemberRow[] {
  return sql<[string, string, string, string], SheetMemberRow>(
    db,
    `SELECT m.group_id, c.id AS client_id, c.account_no, c.display_name
     FROM group_members m JOIN clients c ON c.id = m.client_id
     WHERE m.group_id IN (SELECT value FROM json_each(?)) AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)
       AND (c.status = 'ACTIVE' OR (c.status = 'CLOSED' AND c.closed_on >= ?))
     ORDER BY m.group_id, c.display_name, c.id`,
  ).all(JSON.stringify(groupIds), date, date, date);
}

export interface SheetLoanRow {
  group_id: number;
  client_id: number;
  loan_id: number;
  account_no: string;
  product_id: number;
  product_name: string;
  total_outstanding: number;
}

/** Each member's JLG loans of that group (loan_groups, migration 0020) that are active (Fineract: status 300). */
export function sheetLoans(db: Db, groupIds: readonly number[]): SheetLoanRow[] {
  return sql<[string, number], SheetLoanRow>(
    db,
    `SELECT lg.group_id, l.client_id, l.id AS loan_id, l.account_no, l.product_id, p.name AS product_name, l.total_outstanding
     FROM loan_groups lg JOIN loans l ON l.id = lg.loan_id JOIN loan_products p ON p.id = l.product_id
     WHERE lg.group_id IN (SELECT value FROM json_each(?)) AND l.status = ?
     ORDER BY l.id`,
  ).all(JSON.stringify(groupIds), LOAN_STATUSES.ACTIVE);
}

/** What the installments of a loan owe by the meeting date, and what the loan paid to date. */
export interface LoanDueRow {
  loan_id: number;
  principal_due: number;
  interest_due: number;
  fee_due: number;
  penalty_due: number;
  arrears: number;
  principal_paid: number;
  interest_paid: number;
  fee_paid: number;
}

/**
 * The installments of every loan of the sheet in one statement (never one per loan): Σ over installments due on or
 * before the meeting date of what each component still owes (arrears included), Σ of those due before it, and the
 * loan-to-date paid. Fineract's sums run over `completed_derived = 0`; an installment fully paid owes 0 here, so
 * the sums are the same. Fineract's feeDue does not subtract waived fees (interestDue does): here what is waived or
 * written off is never due, in every component, so that the prefilled amount is what the member owes.
 */
export function loanDues(db: Db, loanIds: readonly number[], date: string): LoanDueRow[] {
  const owed = (c: string) => `${c}_due - ${c}_paid - ${c}_waived - ${c}_written_off`;
  return sql<[string, string, string, string, string, string], LoanDueRow>(
    db,
    `SELECT loan_id,
       SUM(CASE WHEN due_date <= ? THEN ${owed('principal')} ELSE 0 END) AS principal_due,
       SUM(CASE WHEN due_date <= ? THEN ${owed('interest')} ELSE 0 END) AS interest_due,
       SUM(CASE WHEN due_date <= ? THEN ${owed('fee')} ELSE 0 END) AS fee_due,
       SUM(CASE WHEN due_date <= ? THEN ${owed('penalty')} ELSE 0 END) AS penalty_due,
       SUM(CASE WHEN due_date < ? THEN ${owed('principal')} + ${owed('interest')} + ${owed('fee')} + ${owed('penalty')} ELSE 0 END) AS arrears,
       SUM(principal_paid) AS principal_paid, SUM(interest_paid) AS interest_paid, SUM(fee_paid) AS fee_paid
     FROM loan_installments WHERE loan_id IN (SELECT value FROM json_each(?))
     GROUP BY loan_id`,
  ).all(date, date, date, date, date, JSON.stringify(loanIds));
}

export interface SheetSavingsRow {
  client_id: number;
  savings_id: number;
  account_no: string;
  product_id: number;
  product_name: string;
  balance: number;
}

/** Every active savings account of the members (Fineract lists them all, mandatory or not). */
export function sheetSavings(db: Db, clientIds: readonly number[]): SheetSavingsRow[] {
  return sql<[string, number], SheetSavingsRow>(
    db,
    `SELECT a.client_id, a.id AS savings_id, a.account_no, a.product_id, p.name AS product_name, a.balance
     FROM savings_accounts a JOIN savings_products p ON p.id = a.product_id
     WHERE a.client_id IN (SELECT value FROM json_each(?)) AND a.status = ?
     ORDER BY a.id`,
  ).all(JSON.stringify(clientIds), SAVINGS_STATUSES.ACTIVE);
}

/** The attendance taken at a meeting: client -> AttendanceType code. */
export function attendanceAt(db: Db, calendarId: number, date: string): Map<number, number> {
  const rows = sql<[number, string], { client_id: number; attendance_type: number }>(
    db,
    `SELECT a.client_id, a.attendance_type FROM meetings m JOIN meeting_attendance a ON a.meeting_id = m.id
     WHERE m.calendar_id = ? AND m.meeting_date = ?`,
  ).all(calendarId, date);
  return new Map(rows.map((r) => [r.client_id, r.attendance_type]));
}

/** A meeting's attendance put back as it was before a sheet's post: the type it had, or none. */
export function restoreAttendance(db: Db, calendarId: number, date: string, clientId: number, previous: number | null): void {
  const meeting = sql<[number, string], { id: number }>(db, 'SELECT id FROM meetings WHERE calendar_id = ? AND meeting_date = ?').get(calendarId, date);
  if (!meeting) return;
  if (previous === null) sql(db, 'DELETE FROM meeting_attendance WHERE meeting_id = ? AND client_id = ?').run(meeting.id, clientId);
  else sql(db, 'UPDATE meeting_attendance SET attendance_type = ? WHERE meeting_id = ? AND client_id = ?').run(previous, meeting.id, clientId);
}

export function paymentTypeOptions(db: Db): { id: number; code: string; name: string }[] {
  return sql<[], { id: number; code: string; name: string }>(db, 'SELECT id, code, name FROM payment_types WHERE active = 1 ORDER BY id').all();
}

export function userName(db: Db, userId: number): string {
  return sql<[number], { display_name: string }>(db, 'SELECT display_name FROM users WHERE id = ?').get(userId)?.display_name ?? '';
}

// ---- drafts

export interface DraftRow {
  id: number;
  calendar_id: number;
  center_id: number | null;
  group_id: number | null;
  meeting_date: string;
  entries_json: string;
  total: number;
  saved_by: number;
  saved_by_name: string;
  saved_at: string;
  name: string;
}

const SELECT_DRAFT = `SELECT d.*, u.display_name AS saved_by_name, COALESCE(c.name, g.name) AS name
  FROM collection_sheet_drafts d JOIN users u ON u.id = d.saved_by LEFT JOIN centers c ON c.id = d.center_id LEFT JOIN groups g ON g.id = d.group_id`;

export function draftOf(db: Db, key: SheetKey): DraftRow | undefined {
  return sql<[number, number, string], DraftRow>(db, `${SELECT_DRAFT} WHERE IFNULL(d.center_id, 0) = ? AND IFNULL(d.group_id, 0) = ? AND d.meeting_date = ?`).get(
    key.centerId ?? 0,
    key.groupId ?? 0,
    key.meetingDate,
  );
}

export function allDrafts(db: Db): DraftRow[] {
  return sql<[], DraftRow>(db, `${SELECT_DRAFT} ORDER BY d.meeting_date, name, d.id`).all();
}

/** Saves a sheet's draft, replacing the one saved before. */
export function saveDraft(db: Db, key: SheetKey, d: { calendarId: number; entriesJson: string; total: number; savedBy: number; savedAt: string }): void {
  deleteDraft(db, key);
  sql(
    db,
    `INSERT INTO collection_sheet_drafts (calendar_id, center_id, group_id, meeting_date, entries_json, total, saved_by, saved_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(d.calendarId, key.centerId, key.groupId, key.meetingDate, d.entriesJson, d.total, d.savedBy, d.savedAt);
}

export function deleteDraft(db: Db, key: SheetKey): void {
  sql(db, 'DELETE FROM collection_sheet_drafts WHERE IFNULL(center_id, 0) = ? AND IFNULL(group_id, 0) = ? AND meeting_date = ?').run(key.centerId ?? 0, key.groupId ?? 0, key.meetingDate);
}

// ---- posted sheets

export interface PostedRow {
  id: number;
  calendar_id: number;
  center_id: number | null;
  group_id: number | null;
  meeting_date: string;
  business_date: string;
  entries_json: string;
  total: number;
  receipt_number: string | null;
  posted_by: number;
  posted_by_name: string;
  posted_at: string;
}

const SELECT_POSTED = `SELECT s.id, s.calendar_id, s.center_id, s.group_id, s.meeting_date, s.business_date, s.entries_json, s.total,
    r.number AS receipt_number, s.posted_by, u.display_name AS posted_by_name, s.posted_at
  FROM collection_sheets s JOIN users u ON u.id = s.posted_by LEFT JOIN receipts r ON r.id = s.receipt_id`;

/** The sheet posted for a center or group and meeting date and not undone, if any. */
export function postedSheetOf(db: Db, key: SheetKey): PostedRow | undefined {
  return sql<[string, number, number], PostedRow>(
    db,
    `${SELECT_POSTED} WHERE s.meeting_date = ? AND IFNULL(s.center_id, 0) = ? AND IFNULL(s.group_id, 0) = ?
       AND NOT EXISTS (SELECT 1 FROM collection_sheet_undos x WHERE x.sheet_id = s.id)`,
  ).get(key.meetingDate, key.centerId ?? 0, key.groupId ?? 0);
}

export function postedSheet(db: Db, sheetId: number): (PostedRow & { undone: number }) | undefined {
  return sql<[number], PostedRow & { undone: number }>(
    db,
    `${SELECT_POSTED.replace('SELECT s.id,', 'SELECT EXISTS (SELECT 1 FROM collection_sheet_undos x WHERE x.sheet_id = s.id) AS undone, s.id,')} WHERE s.id = ?`,
  ).get(sheetId);
}

/** The sheets posted (not undone) on a meeting date: center or group id. */
export function postedOn(db: Db, date: string): { center_id: number | null; group_id: number | null }[] {
  return sql<[string], { center_id: number | null; group_id: number | null }>(
    db,
    `SELECT center_id, group_id FROM collection_sheets s WHERE meeting_date = ? AND NOT EXISTS (SELECT 1 FROM collection_sheet_undos x WHERE x.sheet_id = s.id)`,
  ).all(date);
}

export function insertSheet(
  db: Db,
  s: { globalId: string; calendarId: number; key: SheetKey; businessDate: string; paymentTypeId: number | null; entriesJson: string; total: number; postedBy: number; postedAt: string },
): number {
  return Number(
    sql(
      db,
      `INSERT INTO collection_sheets (global_id, calendar_id, center_id, group_id, meeting_date, business_date, payment_type_id, entries_json, total, posted_by, posted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(s.globalId, s.calendarId, s.key.centerId, s.key.groupId, s.key.meetingDate, s.businessDate, s.paymentTypeId, s.entriesJson, s.total, s.postedBy, s.postedAt).lastInsertRowid,
  );
}

/** The sheet's receipt, issued once its items are written (the row was inserted first for the receipt's source). */
export function setSheetReceipt(db: Db, sheetId: number, receiptId: number): void {
  sql(db, 'UPDATE collection_sheets SET receipt_id = ? WHERE id = ?').run(receiptId, sheetId);
}

export interface ItemRow {
  id: number;
  sheet_id: number;
  client_id: number;
  kind: 'LOAN_REPAYMENT' | 'SAVINGS_DEPOSIT' | 'ATTENDANCE';
  loan_transaction_id: number | null;
  savings_transaction_id: number | null;
  amount: number;
  attendance_type: number | null;
  previous_attendance_type: number | null;
  receipt_id: number | null;
}

export function insertItem(db: Db, globalId: string, sheetId: number, i: Omit<ItemRow, 'id' | 'sheet_id'>): void {
  sql(
    db,
    `INSERT INTO collection_sheet_items (global_id, sheet_id, client_id, kind, loan_transaction_id, savings_transaction_id, amount, attendance_type, previous_attendance_type, receipt_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(globalId, sheetId, i.client_id, i.kind, i.loan_transaction_id, i.savings_transaction_id, i.amount, i.attendance_type, i.previous_attendance_type, i.receipt_id);
}

export function itemsOf(db: Db, sheetId: number): ItemRow[] {
  return sql<[number], ItemRow>(db, 'SELECT * FROM collection_sheet_items WHERE sheet_id = ? ORDER BY id').all(sheetId);
}

export function receiptNumbers(db: Db, ids: readonly number[]): Map<number, string> {
  const rows = sql<[string], { id: number; number: string }>(db, 'SELECT id, number FROM receipts WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r.number]));
}

export function insertUndo(db: Db, u: { sheetId: number; globalId: string; undoneBy: number; undoneAt: string; businessDate: string; note: string | null }): void {
  sql(db, 'INSERT INTO collection_sheet_undos (sheet_id, global_id, undone_by, undone_at, business_date, note) VALUES (?, ?, ?, ?, ?, ?)').run(
    u.sheetId,
    u.globalId,
    u.undoneBy,
    u.undoneAt,
    u.businessDate,
    u.note,
  );
}

/**
 * The live row of a loan transaction: itself, or the row a later reverse-replay re-created it as (replaces_id), and
 * so on, until one is not reversed.
 */
export function liveReplacementOf(db: Db, transactionId: number): number {
  let id = transactionId;
  for (;;) {
    const reversed = sql<[number], { n: number }>(db, 'SELECT count(*) AS n FROM loan_transactions WHERE reverses_id = ?').get(id)!.n > 0;
    if (!reversed) return id;
    const next = sql<[number], { id: number }>(db, "SELECT id FROM loan_transactions WHERE replaces_id = ? AND type <> 'REVERSAL' ORDER BY id DESC LIMIT 1").get(id);
    if (!next) return id;
    id = next.id;
  }
}

export function savingsAccountOfTransaction(db: Db, transactionId: number): number {
  return sql<[number], { account_id: number }>(db, 'SELECT account_id FROM savings_transactions WHERE id = ?').get(transactionId)!.account_id;
}

// ---- the meetings of a date

export interface MeetingUnitRow {
  calendar_id: number;
  entity_type: 'CENTER' | 'GROUP';
  entity_id: number;
  name: string;
  staff_id: number | null;
  staff_name: string | null;
  members: number;
}

/**
 * The centers and standalone groups with a COLLECTION calendar, open, with their loan officer and members (Fineract's
 * retriveAllCentersByMeetingDate, before the meeting-date filter the service applies).
 */
export function meetingUnits(db: Db): MeetingUnitRow[] {
  return sql<[], MeetingUnitRow>(
    db,
    `SELECT k.id AS calendar_id, k.entity_type, k.entity_id, COALESCE(c.name, g.name) AS name, COALESCE(c.staff_id, g.staff_id) AS staff_id,
       CASE WHEN s.id IS NULL THEN NULL ELSE s.firstname || ' ' || s.lastname END AS staff_name,
       (SELECT count(*) FROM group_members m JOIN groups x ON x.id = m.group_id
         WHERE m.left_on IS NULL AND x.status <> 'CLOSED' AND (CASE k.entity_type WHEN 'GROUP' THEN x.id ELSE x.center_id END) = k.entity_id) AS members
     FROM calendars k
       LEFT JOIN centers c ON k.entity_type = 'CENTER' AND c.id = k.entity_id
       LEFT JOIN groups g ON k.entity_type = 'GROUP' AND g.id = k.entity_id
       LEFT JOIN staff s ON s.id = COALESCE(c.staff_id, g.staff_id)
     WHERE k.type = 'COLLECTION' AND COALESCE(c.status, g.status) = 'ACTIVE'
     ORDER BY name, k.id`,
  ).all();
}
