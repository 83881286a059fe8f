import type { GroupStatus } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/** Centers, groups, members, roles, calendars, meetings and attendance: all the SQL of the groups area. */

export interface UnitRow {
  id: number;
  office_id: number;
  name: string;
  external_id: string | null;
  staff_id: number | null;
  staff_name: string | null;
  status: GroupStatus;
  submitted_on: string;
  activated_on: string | null;
  closed_on: string | null;
  closure_reason: string | null;
}

export interface GroupRow extends UnitRow {
  center_id: number | null;
  center_name: string | null;
  member_count: number;
}

export interface CenterRow extends UnitRow {
  group_count: number;
  member_count: number;
}

export type Unit = 'centers' | 'groups';

const STAFF_NAME = `CASE WHEN s.id IS NULL THEN NULL ELSE s.firstname || ' ' || s.lastname END AS staff_name`;
const MEMBER_COUNT = `(SELECT count(*) FROM group_members m WHERE m.group_id = g.id AND m.left_on IS NULL)`;
const SELECT_GROUP = `SELECT g.*, ${STAFF_NAME}, c.name AS center_name, ${MEMBER_COUNT} AS member_count
  FROM groups g LEFT JOIN staff s ON s.id = g.staff_id LEFT JOIN centers c ON c.id = g.center_id`;
const SELECT_CENTER = `SELECT g.*, ${STAFF_NAME},
    (SELECT count(*) FROM groups x WHERE x.center_id = g.id AND x.status <> 'CLOSED') AS group_count,
    (SELECT count(*) FROM group_members m JOIN groups x ON x.id = m.group_id WHERE x.center_id = g.id AND m.left_on IS NULL) AS member_count
  FROM centers g LEFT JOIN staff s ON s.id = g.staff_id`;

export interface NewUnit {
  globalId: string;
  officeId: number;
  name: string;
  externalId: string | null;
  staffId: number | null;
  status: GroupStatus;
  submittedOn: string;
  activatedOn: string | null;
  createdAt: string;
}

export function insertCenter(db: Db, c: NewUnit): number {
  return Number(
    sql(
      db,
      `INSERT INTO centers (global_id, office_id, name, external_id, staff_id, status, submitted_on, activated_on, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.globalId, c.officeId, c.name, c.externalId, c.staffId, c.status, c.submittedOn, c.activatedOn, c.createdAt).lastInsertRowid,
  );
}

export function insertGroup(db: Db, g: NewUnit & { centerId: number | null }): number {
  return Number(
    sql(
      db,
      `INSERT INTO groups (global_id, office_id, center_id, name, external_id, staff_id, status, submitted_on, activated_on, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(g.globalId, g.officeId, g.centerId, g.name, g.externalId, g.staffId, g.status, g.submittedOn, g.activatedOn, g.createdAt).lastInsertRowid,
  );
}

export function getCenterRow(db: Db, id: number): CenterRow | undefined {
  return sql<[number], CenterRow>(db, `${SELECT_CENTER} WHERE g.id = ?`).get(id);
}

export function getGroupRow(db: Db, id: number): GroupRow | undefined {
  return sql<[number], GroupRow>(db, `${SELECT_GROUP} WHERE g.id = ?`).get(id);
}

export function listCenterRows(db: Db, status: string | null, staffId: number | null): CenterRow[] {
  return sql<[string | null, string | null, number | null, number | null], CenterRow>(
    db,
    `${SELECT_CENTER} WHERE (? IS NULL OR g.status = ?) AND (? IS NULL OR g.staff_id = ?) ORDER BY g.name, g.id`,
  ).all(status, status, staffId, staffId);
}

export function listGroupRows(db: Db, centerId: number | null, status: string | null, staffId: number | null): GroupRow[] {
  return sql<[number | null, number | null, string | null, string | null, number | null, number | null], GroupRow>(
    db,
    `${SELECT_GROUP} WHERE (? IS NULL OR g.center_id = ?) AND (? IS NULL OR g.status = ?) AND (? IS NULL OR g.staff_id = ?)
     ORDER BY g.name, g.id`,
  ).all(centerId, centerId, status, status, staffId, staffId);
}

/** Another center or group holding the external id, if any. */
export function holderOfExternalId(db: Db, unit: Unit, externalId: string, exceptId: number): { id: number; name: string } | undefined {
  const table = unit === 'centers' ? 'centers' : 'groups';
  return sql<[string, number], { id: number; name: string }>(db, `SELECT id, name FROM ${table} WHERE external_id = ? AND id <> ?`).get(externalId, exceptId);
}

export function updateUnit(db: Db, unit: Unit, id: number, change: { name: string; externalId: string | null }): void {
  const table = unit === 'centers' ? 'centers' : 'groups';
  sql(db, `UPDATE ${table} SET name = ?, external_id = ? WHERE id = ?`).run(change.name, change.externalId, id);
}

export function activateUnit(db: Db, unit: Unit, id: number, on: string): void {
  const table = unit === 'centers' ? 'centers' : 'groups';
  sql(db, `UPDATE ${table} SET status = 'ACTIVE', activated_on = ? WHERE id = ? AND status = 'PENDING'`).run(on, id);
}

export function closeUnit(db: Db, unit: Unit, id: number, on: string, reason: string): void {
  const table = unit === 'centers' ? 'centers' : 'groups';
  sql(db, `UPDATE ${table} SET status = 'CLOSED', closed_on = ?, closure_reason = ? WHERE id = ?`).run(on, reason, id);
}

export function setUnitStaff(db: Db, unit: Unit, id: number, staffId: number | null): void {
  const table = unit === 'centers' ? 'centers' : 'groups';
  sql(db, `UPDATE ${table} SET staff_id = ? WHERE id = ?`).run(staffId, id);
}

/** The groups of a center that are not closed. */
export function openGroupsOf(db: Db, centerId: number): { id: number; name: string; status: GroupStatus }[] {
  return sql<[number], { id: number; name: string; status: GroupStatus }>(
    db,
    `SELECT id, name, status FROM groups WHERE center_id = ? AND status <> 'CLOSED' ORDER BY id`,
  ).all(centerId);
}

// ---- members and roles

export interface MemberRow {
  client_id: number;
  account_no: string;
  display_name: string;
  client_status: string;
  joined_on: string;
}

export function membersOf(db: Db, groupId: number): MemberRow[] {
  return sql<[number], MemberRow>(
    db,
    `SELECT m.client_id, c.account_no, c.display_name, c.status AS client_status, m.joined_on
     FROM group_members m JOIN clients c ON c.id = m.client_id WHERE m.group_id = ? AND m.left_on IS NULL ORDER BY m.id`,
  ).all(groupId);
}

export function activeMemberCount(db: Db, groupId: number): number {
  return sql<[number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM group_members m JOIN clients c ON c.id = m.client_id
     WHERE m.group_id = ? AND m.left_on IS NULL AND c.status = 'ACTIVE'`,
  ).get(groupId)!.n;
}

export interface ClientRef {
  id: number;
  account_no: string;
  display_name: string;
  status: string;
  office_id: number;
}

export function clientRef(db: Db, clientId: number): ClientRef | undefined {
  return sql<[number], ClientRef>(db, 'SELECT id, account_no, display_name, status, office_id FROM clients WHERE id = ?').get(clientId);
}

/** The group a client is a member of now, if any. */
export function currentGroupOf(db: Db, clientId: number): { group_id: number; name: string } | undefined {
  return sql<[number], { group_id: number; name: string }>(
    db,
    `SELECT m.group_id, g.name FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.client_id = ? AND m.left_on IS NULL`,
  ).get(clientId);
}

export function addMember(db: Db, globalId: string, groupId: number, clientId: number, on: string): void {
  sql(db, 'INSERT INTO group_members (global_id, group_id, client_id, joined_on) VALUES (?, ?, ?, ?)').run(globalId, groupId, clientId, on);
}

/** Ends a client's membership of the group (and drops the roles they held in it). */
export function endMembership(db: Db, groupId: number, clientId: number, on: string): void {
  sql(db, 'UPDATE group_members SET left_on = ? WHERE group_id = ? AND client_id = ? AND left_on IS NULL').run(on, groupId, clientId);
  sql(db, 'DELETE FROM group_roles WHERE group_id = ? AND client_id = ?').run(groupId, clientId);
}

export function setClientStaff(db: Db, clientId: number, staffId: number | null, now: string): void {
  sql(db, 'UPDATE clients SET staff_id = ?, version = version + 1, updated_at = ? WHERE id = ?').run(staffId, now, clientId);
}

/** Loans of the clients still pending, approved or active (Fineract's check before closing a group). */
export function liveLoansOf(db: Db, clientIds: readonly number[]): { id: number; account_no: string; client_id: number }[] {
  return sql<[string], { id: number; account_no: string; client_id: number }>(
    db,
    `SELECT l.id, l.account_no, l.client_id FROM loans l WHERE l.client_id IN (SELECT value FROM json_each(?)) AND l.status IN (100, 200, 300)
     ORDER BY l.id`,
  ).all(JSON.stringify(clientIds));
}

export function rolesOf(db: Db, groupId: number): { role: string; client_id: number; display_name: string }[] {
  return sql<[number], { role: string; client_id: number; display_name: string }>(
    db,
    `SELECT r.role, r.client_id, c.display_name FROM group_roles r JOIN clients c ON c.id = r.client_id WHERE r.group_id = ?
     ORDER BY CASE r.role WHEN 'LEADER' THEN 1 WHEN 'SECRETARY' THEN 2 ELSE 3 END`,
  ).all(groupId);
}

export function assignRole(db: Db, globalId: string, groupId: number, clientId: number, role: string): void {
  sql(db, 'DELETE FROM group_roles WHERE group_id = ? AND role = ?').run(groupId, role);
  sql(db, 'INSERT INTO group_roles (global_id, group_id, client_id, role) VALUES (?, ?, ?, ?)').run(globalId, groupId, clientId, role);
}

export function unassignRole(db: Db, groupId: number, role: string): number {
  return sql(db, 'DELETE FROM group_roles WHERE group_id = ? AND role = ?').run(groupId, role).changes;
}

// ---- calendars, meetings, attendance

export interface CalendarRow {
  id: number;
  entity_type: 'CENTER' | 'GROUP';
  entity_id: number;
  type: 'COLLECTION' | 'TRAINING' | 'AUDIT' | 'GENERAL';
  title: string | null;
  description: string | null;
  start_date: string;
  end_date: string | null;
  recurrence: string;
  location: string | null;
  meeting_time: string | null;
}

export interface NewCalendar {
  globalId: string;
  entityType: 'CENTER' | 'GROUP';
  entityId: number;
  type: string;
  title: string | null;
  description: string | null;
  startDate: string;
  endDate: string | null;
  recurrence: string;
  location: string | null;
  meetingTime: string | null;
  createdAt: string;
}

export function insertCalendar(db: Db, c: NewCalendar): number {
  return Number(
    sql(
      db,
      `INSERT INTO calendars (global_id, entity_type, entity_id, type, title, description, start_date, end_date, recurrence, location,
         meeting_time, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.globalId, c.entityType, c.entityId, c.type, c.title, c.description, c.startDate, c.endDate, c.recurrence, c.location, c.meetingTime, c.createdAt)
      .lastInsertRowid,
  );
}

export function getCalendarRow(db: Db, id: number): CalendarRow | undefined {
  return sql<[number], CalendarRow>(db, 'SELECT * FROM calendars WHERE id = ?').get(id);
}

/** A rule a calendar had before a change, with the days it held (Fineract's m_calendar_history). */
export interface CalendarHistoryRow {
  start_date: string;
  end_date: string;
  recurrence: string;
  location: string | null;
  meeting_time: string | null;
}

export function calendarHistoryOf(db: Db, calendarId: number): CalendarHistoryRow[] {
  return sql<[number], CalendarHistoryRow>(db, 'SELECT start_date, end_date, recurrence, location, meeting_time FROM calendar_history WHERE calendar_id = ? ORDER BY start_date').all(calendarId);
}

export function insertCalendarHistory(db: Db, h: CalendarHistoryRow & { globalId: string; calendarId: number; changedBy: number | null; changedAt: string }): void {
  sql(
    db,
    `INSERT INTO calendar_history (global_id, calendar_id, start_date, end_date, recurrence, location, meeting_time, changed_by, changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(h.globalId, h.calendarId, h.start_date, h.end_date, h.recurrence, h.location, h.meeting_time, h.changedBy, h.changedAt);
}

export function updateCalendarRow(db: Db, id: number, c: Pick<CalendarRow, 'start_date' | 'recurrence' | 'title' | 'description' | 'location' | 'meeting_time'>): void {
  sql(db, 'UPDATE calendars SET start_date = ?, recurrence = ?, title = ?, description = ?, location = ?, meeting_time = ? WHERE id = ?').run(
    c.start_date,
    c.recurrence,
    c.title,
    c.description,
    c.location,
    c.meeting_time,
    id,
  );
}

/** The last meeting held on a calendar: attendance taken or a collection sheet posted (not undone). */
export function lastMeetingHeld(db: Db, calendarId: number): string | null {
  return (
    sql<[number, number], { d: string | null }>(
      db,
      `SELECT max(d) AS d FROM (SELECT max(meeting_date) AS d FROM meetings WHERE calendar_id = ?
         UNION ALL SELECT max(meeting_date) FROM collection_sheets s WHERE calendar_id = ? AND NOT EXISTS (SELECT 1 FROM collection_sheet_undos x WHERE x.sheet_id = s.id))`,
    ).get(calendarId, calendarId)?.d ?? null
  );
}

export function collectionCalendarRow(db: Db, entityType: 'CENTER' | 'GROUP', entityId: number): CalendarRow | undefined {
  return sql<[string, number], CalendarRow>(db, `SELECT * FROM calendars WHERE entity_type = ? AND entity_id = ? AND type = 'COLLECTION'`).get(
    entityType,
    entityId,
  );
}

/** The clients who are members now of the calendar's group, or of the groups of its center. */
export function membersOfCalendar(db: Db, cal: CalendarRow): { client_id: number; display_name: string }[] {
  return sql<[string, number], { client_id: number; display_name: string }>(
    db,
    `SELECT m.client_id, c.display_name FROM group_members m JOIN groups g ON g.id = m.group_id JOIN clients c ON c.id = m.client_id
     WHERE m.left_on IS NULL AND (CASE ? WHEN 'GROUP' THEN g.id ELSE g.center_id END) = ? AND g.status <> 'CLOSED'
     ORDER BY g.id, m.id`,
  ).all(cal.entity_type, cal.entity_id);
}

export function meetingId(db: Db, calendarId: number, date: string): number | undefined {
  return sql<[number, string], { id: number }>(db, 'SELECT id FROM meetings WHERE calendar_id = ? AND meeting_date = ?').get(calendarId, date)?.id;
}

export function insertMeeting(db: Db, globalId: string, calendarId: number, date: string): number {
  return Number(sql(db, 'INSERT INTO meetings (global_id, calendar_id, meeting_date) VALUES (?, ?, ?)').run(globalId, calendarId, date).lastInsertRowid);
}

/** Sets a client's attendance at a meeting; answers false when there was none yet (the caller inserts). */
export function updateAttendance(db: Db, meeting: number, clientId: number, type: number): boolean {
  return sql(db, 'UPDATE meeting_attendance SET attendance_type = ? WHERE meeting_id = ? AND client_id = ?').run(type, meeting, clientId).changes > 0;
}

export function insertAttendance(db: Db, globalId: string, meeting: number, clientId: number, type: number): void {
  sql(db, 'INSERT INTO meeting_attendance (global_id, meeting_id, client_id, attendance_type) VALUES (?, ?, ?, ?)').run(globalId, meeting, clientId, type);
}

export function attendanceOf(db: Db, meeting: number): { client_id: number; display_name: string; attendance_type: number }[] {
  return sql<[number], { client_id: number; display_name: string; attendance_type: number }>(
    db,
    `SELECT a.client_id, c.display_name, a.attendance_type FROM meeting_attendance a JOIN clients c ON c.id = a.client_id
     WHERE a.meeting_id = ? ORDER BY a.id`,
  ).all(meeting);
}

// ---- figures (views.ts)

/** The groups a figure covers: the group itself, or every group of the center. */
const SCOPE = { groups: 'SELECT ?', centers: 'SELECT id FROM groups WHERE center_id = ?' } as const;

export interface LoanFiguresRow {
  active_loans: number;
  principal_outstanding: number;
  total_outstanding: number;
  loans_in_arrears: number;
  amount_in_arrears: number;
}

/**
 * The active JLG loans of a group or of a center's groups (loan_groups), in one statement: their kept figures
 * (principal_outstanding, total_outstanding) and, from unpaid_json ([number, due, principal, interest, fee,
 * penalty]), what the installments due before `asOf` still owe. The installments are not read.
 */
export function loanFigures(db: Db, unit: Unit, id: number, asOf: string): LoanFiguresRow {
  return sql<[string, string, number], LoanFiguresRow>(
    db,
    `SELECT count(*) AS active_loans, coalesce(sum(l.principal_outstanding), 0) AS principal_outstanding,
       coalesce(sum(l.total_outstanding), 0) AS total_outstanding,
       count(CASE WHEN l.oldest_unpaid_due < ? THEN 1 END) AS loans_in_arrears,
       coalesce(sum((SELECT sum(json_extract(u.value, '$[2]') + json_extract(u.value, '$[3]') + json_extract(u.value, '$[4]') + json_extract(u.value, '$[5]'))
         FROM json_each(l.unpaid_json) u WHERE json_extract(u.value, '$[1]') < ?)), 0) AS amount_in_arrears
     FROM loan_groups lg JOIN loans l ON l.id = lg.loan_id
     WHERE lg.group_id IN (${SCOPE[unit]}) AND l.status = 300`,
  ).get(asOf, asOf, id)!;
}

/** The active savings accounts (status 300) of the current members of a group or of a center's groups, in one statement. */
export function savingsFigures(db: Db, unit: Unit, id: number): { savings_accounts: number; savings_balance: number } {
  return sql<[number], { savings_accounts: number; savings_balance: number }>(
    db,
    `SELECT count(*) AS savings_accounts, coalesce(sum(s.balance), 0) AS savings_balance
     FROM group_members m JOIN savings_accounts s ON s.client_id = m.client_id
     WHERE m.group_id IN (${SCOPE[unit]}) AND m.left_on IS NULL AND s.status = 300`,
  ).get(id)!;
}

export function staffIdOfUser(db: Db, userId: number): number | null {
  return sql<[number], { staff_id: number | null }>(db, 'SELECT staff_id FROM users WHERE id = ?').get(userId)?.staff_id ?? null;
}
