import {
  ATTENDANCE_TYPES,
  CALENDAR_FREQUENCIES,
  NTH_DAY_TYPES,
  type AttendanceTypeName,
  type CalendarView,
  type MeetingView,
  type ParsedInput,
} from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { addDays, addMonths, meetingDates, NoWorkingDayError, recurrenceOf, type MeetingFrequency, type MeetingRule, type Weekday } from '../../domain/calendar';
import { branchCalendar } from '../calendar';
import { newGlobalId } from '../organisation';
import { requireCenter, requireGroup, requireOwn } from './lifecycle';
import {
  attendanceOf,
  calendarHistoryOf,
  collectionCalendarRow,
  getCalendarRow,
  insertAttendance,
  insertCalendar,
  insertCalendarHistory,
  insertMeeting,
  lastMeetingHeld,
  meetingId,
  membersOfCalendar,
  updateAttendance,
  updateCalendarRow,
  type CalendarRow,
} from './repository';

/**
 * Meeting calendars and attendance (FINERACT-NOTES.md 3.5; Fineract's CalendarWritePlatformServiceJpaRepositoryImpl
 * and MeetingWritePlatformServiceJpaRepositoryImpl). A calendar is kept as Fineract keeps it, an RRULE; its
 * meeting dates are the rule's, moved off the branch's holidays and non-working days by the rule that moves loan
 * due dates (domain/calendar adjustDueDate with the branch's calendar of services/calendar).
 */

const fail = (code: 'VALIDATION_FAILED' | 'INVALID_STATE' | 'NOT_FOUND' | 'CONFLICT', field: string, message: string, reason: string): never => {
  throw new AppError(code, message, [{ field, code: reason, message }]);
};

const BYDAY: Record<string, Weekday> = { MO: 'MONDAY', TU: 'TUESDAY', WE: 'WEDNESDAY', TH: 'THURSDAY', FR: 'FRIDAY', SA: 'SATURDAY', SU: 'SUNDAY' };

/** The rule of a stored calendar (its RRULE, as recurrenceOf wrote it). */
export function ruleOf(row: CalendarRow): MeetingRule {
  const parts = new Map(row.recurrence.split(';').map((p) => p.split('=') as [string, string]));
  const setpos = parts.get('BYSETPOS');
  const monthDays = parts.get('BYMONTHDAY');
  return {
    startDate: row.start_date,
    endDate: row.end_date,
    frequency: parts.get('FREQ') as MeetingFrequency,
    interval: Number(parts.get('INTERVAL') ?? '1'),
    repeatsOnDay: parts.has('BYDAY') ? BYDAY[parts.get('BYDAY')!]! : null,
    nthDay: setpos === undefined ? null : Number(setpos),
    daysOfMonth: monthDays ? monthDays.split(',').map(Number) : [],
  };
}

export function calendarView(row: CalendarRow): CalendarView {
  const rule = ruleOf(row);
  return {
    id: row.id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    typeId: row.type,
    title: row.title,
    description: row.description,
    startDate: row.start_date,
    endDate: row.end_date,
    frequency: rule.frequency,
    frequencyCode: CALENDAR_FREQUENCIES[rule.frequency],
    interval: rule.interval,
    repeatsOnDay: rule.repeatsOnDay,
    repeatsOnNthDayOfMonth: rule.nthDay,
    repeatsOnDayOfMonth: [...rule.daysOfMonth],
    recurrence: row.recurrence,
    location: row.location,
    meetingtime: row.meeting_time,
  };
}

/** The COLLECTION calendar a center or group meets by: a group in a center, its center's. */
export function collectionCalendarOf(db: Db, entityType: 'CENTER' | 'GROUP', entityId: number): CalendarRow | undefined {
  if (entityType === 'GROUP') {
    const group = requireGroup(db, entityId, 'entityId');
    if (group.center_id !== null) return collectionCalendarRow(db, 'CENTER', group.center_id);
  }
  return collectionCalendarRow(db, entityType, entityId);
}

export function createCalendar(ctx: HandlerContext, input: ParsedInput<'calendars.create'>): { id: number } {
  const db = ctx.db;
  const entity = input.entityType === 'CENTER' ? requireCenter(db, input.entityId, 'entityId') : requireGroup(db, input.entityId, 'entityId');
  requireOwn(ctx, entity.staff_id, 'entityId');
  if (entity.status === 'CLOSED') fail('INVALID_STATE', 'entityId', `${entity.name} is closed`, 'closed');
  if (input.entityType === 'GROUP' && 'center_id' in entity && entity.center_id !== null) {
    // Fineract: "meeting.created.at.center.cannot.be.edited.at.group.level": a group in a center meets with its center
    fail('INVALID_STATE', 'entityId', `${entity.name} is in a center: it meets on its center's calendar`, 'group_in_center');
  }
  if (input.typeId === 'COLLECTION' && collectionCalendarRow(db, input.entityType, input.entityId)) {
    fail('CONFLICT', 'typeId', `${entity.name} already has a collection meeting (Fineract: one per center or group)`, 'multiple_collection_calendars');
  }
  if (entity.activated_on !== null && input.startDate < entity.activated_on) {
    fail('VALIDATION_FAILED', 'startDate', `must not be before ${entity.name}'s activation date ${entity.activated_on}`, 'before_activation');
  }
  const rule: MeetingRule = {
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    frequency: input.frequency,
    interval: input.interval,
    repeatsOnDay: input.repeatsOnDay ?? null,
    nthDay: input.repeatsOnNthDayOfMonth ? NTH_DAY_TYPES[input.repeatsOnNthDayOfMonth] : null,
    daysOfMonth: input.repeatsOnDayOfMonth ?? [],
  };
  const id = insertCalendar(db, {
    globalId: newGlobalId(db, 'calendar'),
    entityType: input.entityType,
    entityId: input.entityId,
    type: input.typeId,
    title: input.title ?? null,
    description: input.description ?? null,
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    recurrence: recurrenceOf(rule),
    location: input.location ?? null,
    meetingTime: input.meetingtime ?? null,
    createdAt: ctx.clock.now().toISOString(),
  });
  ctx.touched('calendar', id);
  return { id };
}

/**
 * calendars.update (Fineract's PUT /calendars/{id}): the place, time, title and description change in place; a new
 * rule starts on `startDate` (not before the business date, after the last meeting held: its attendance and posted
 * sheets stay on the dates they had), the rule before it kept in the calendar's history for the meetings until then.
 * JLG loans tied to the calendar keep their schedules: Fineract moves them only when asked to
 * (`reschedulebasedOnMeetingDates`), which Branchbox does not offer yet; their installments stay due on the old
 * days, and a collection sheet takes what is due by its meeting date, so they are still collected.
 */
export function updateCalendar(ctx: HandlerContext, input: ParsedInput<'calendars.update'>): { id: number } {
  const db = ctx.db;
  const row = getCalendarRow(db, input.calendarId) ?? fail('NOT_FOUND', 'calendarId', `There is no calendar ${input.calendarId}`, 'not_found');
  const entity = row.entity_type === 'CENTER' ? requireCenter(db, row.entity_id, 'calendarId') : requireGroup(db, row.entity_id, 'calendarId');
  requireOwn(ctx, entity.staff_id, 'calendarId');
  if (entity.status === 'CLOSED') fail('INVALID_STATE', 'calendarId', `${entity.name} is closed`, 'closed');
  const next = {
    start_date: row.start_date,
    recurrence: row.recurrence,
    title: input.title !== undefined ? input.title : row.title,
    description: input.description !== undefined ? input.description : row.description,
    location: input.location !== undefined ? input.location : row.location,
    meeting_time: input.meetingtime !== undefined ? input.meetingtime : row.meeting_time,
  };
  if (input.frequency !== undefined && input.startDate !== undefined) {
    const start = input.startDate;
    const business = ctx.businessDate();
    if (start < business) fail('VALIDATION_FAILED', 'startDate', `must not be before the business date ${business}`, 'before_business_date');
    if (start <= row.start_date) fail('VALIDATION_FAILED', 'startDate', `must be after ${row.start_date}, when the rule now in force started`, 'not_after_rule_start');
    const held = lastMeetingHeld(db, row.id);
    if (held !== null && start <= held) fail('VALIDATION_FAILED', 'startDate', `must be after ${held}, the last meeting held (its attendance or its collection sheet)`, 'not_after_meeting_held');
    const rule: MeetingRule = {
      startDate: start,
      endDate: row.end_date,
      frequency: input.frequency,
      interval: input.interval ?? 1,
      repeatsOnDay: input.repeatsOnDay ?? null,
      nthDay: input.repeatsOnNthDayOfMonth ? NTH_DAY_TYPES[input.repeatsOnNthDayOfMonth] : null,
      daysOfMonth: input.repeatsOnDayOfMonth ?? [],
    };
    insertCalendarHistory(db, {
      globalId: newGlobalId(db, 'calendarhistory'),
      calendarId: row.id,
      start_date: row.start_date,
      end_date: addDays(start, -1),
      recurrence: row.recurrence,
      location: row.location,
      meeting_time: row.meeting_time,
      changedBy: ctx.actor?.userId ?? null,
      changedAt: ctx.clock.now().toISOString(),
    });
    next.start_date = start;
    next.recurrence = recurrenceOf(rule);
  }
  updateCalendarRow(db, row.id, next);
  ctx.touched('calendar', row.id);
  return { id: row.id };
}

export function findCalendar(db: Db, ref: { calendarId?: number | undefined; entityType?: 'CENTER' | 'GROUP' | undefined; entityId?: number | undefined }): CalendarRow {
  if (ref.calendarId !== undefined) return getCalendarRow(db, ref.calendarId) ?? fail('NOT_FOUND', 'calendarId', `There is no calendar ${ref.calendarId}`, 'not_found');
  const row = collectionCalendarOf(db, ref.entityType!, ref.entityId!);
  return row ?? fail('NOT_FOUND', 'entityId', `${ref.entityType === 'CENTER' ? 'Center' : 'Group'} ${ref.entityId} has no collection meeting`, 'no_calendar');
}

/**
 * A calendar's meetings from `from` to `to`: before a change (calendars.update) by the rule it had then (its
 * history), from the change on by its rule now.
 */
export function meetingDatesOf(db: Db, row: CalendarRow, from: string, to: string): { date: string; scheduledDate: string }[] {
  try {
    const periods: CalendarRow[] = [...calendarHistoryOf(db, row.id).map((h) => ({ ...row, start_date: h.start_date, end_date: h.end_date, recurrence: h.recurrence })), row];
    return periods
      .filter((p) => p.start_date <= to && (p.end_date === null || p.end_date >= from))
      .flatMap((p) => meetingDates(ruleOf(p), from, to, branchCalendar(db)));
  } catch (e) {
    if (e instanceof NoWorkingDayError) fail('VALIDATION_FAILED', 'calendarId', e.message, 'noWorkingDay');
    throw e;
  }
}

/**
 * Fineract's attendance of a meeting: the date must be one of the calendar's meeting dates (as held, or as
 * scheduled) and not after the business date; each client a member of the calendar's group or center's groups.
 */
export function saveAttendance(ctx: HandlerContext, input: ParsedInput<'meetings.saveAttendance'>): { calendarId: number; meetingDate: string; saved: number } {
  const db = ctx.db;
  const cal = findCalendar(db, { calendarId: input.calendarId });
  const owner = cal.entity_type === 'CENTER' ? requireCenter(db, cal.entity_id) : requireGroup(db, cal.entity_id);
  requireOwn(ctx, owner.staff_id, 'calendarId');
  if (input.meetingDate > ctx.businessDate()) {
    fail('VALIDATION_FAILED', 'meetingDate', `must not be after the business date ${ctx.businessDate()} (Fineract: no attendance for future meetings)`, 'future');
  }
  // a meeting moved by a holiday or a closed day may be a period away from its scheduled date: look around it
  const around = meetingDatesOf(db, cal, addMonths(input.meetingDate, -12), addMonths(input.meetingDate, 1));
  if (!around.some((m) => m.date === input.meetingDate)) {
    fail('VALIDATION_FAILED', 'meetingDate', `${input.meetingDate} is not a meeting date of calendar ${cal.id}`, 'not_meeting_date');
  }
  recordAttendance(ctx, cal, owner.name, input.meetingDate, input.clientsAttendance);
  return { calendarId: cal.id, meetingDate: input.meetingDate, saved: input.clientsAttendance.length };
}

/**
 * Writes a meeting's attendance (the meeting made when it is the first taken), each client a member of the
 * calendar's group or center's groups and listed once; returns the type each client had before (null: none), for
 * the collection sheet's undo. The caller has checked the date and who may.
 */
export function recordAttendance(ctx: HandlerContext, cal: CalendarRow, ownerName: string, date: string, list: readonly { clientId: number; attendanceType: AttendanceTypeName }[]): Map<number, number | null> {
  const db = ctx.db;
  const members = new Map(membersOfCalendar(db, cal).map((m) => [m.client_id, m.display_name]));
  const seen = new Set<number>();
  list.forEach((a, i) => {
    if (seen.has(a.clientId)) fail('VALIDATION_FAILED', `clientsAttendance.${i}.clientId`, `Client ${a.clientId} is listed twice`, 'duplicate');
    seen.add(a.clientId);
    if (!members.has(a.clientId)) fail('VALIDATION_FAILED', `clientsAttendance.${i}.clientId`, `Client ${a.clientId} is not a member of ${ownerName}`, 'not_member');
  });
  const meeting = meetingId(db, cal.id, date) ?? insertMeeting(db, newGlobalId(db, 'meeting'), cal.id, date);
  const before = new Map(attendanceOf(db, meeting).map((r) => [r.client_id, r.attendance_type]));
  const previous = new Map<number, number | null>();
  for (const a of list) {
    const code = ATTENDANCE_TYPES[a.attendanceType];
    previous.set(a.clientId, before.get(a.clientId) ?? null);
    if (!updateAttendance(db, meeting, a.clientId, code)) insertAttendance(db, newGlobalId(db, 'attendance'), meeting, a.clientId, code);
  }
  ctx.touched('meeting', meeting);
  return previous;
}

const ATTENDANCE_NAMES = Object.fromEntries(Object.entries(ATTENDANCE_TYPES).map(([k, v]) => [v, k])) as Record<number, AttendanceTypeName>;

/** A meeting's attendance: every member of the calendar now, and anyone recorded who has since left. */
export function meetingView(db: Db, calendarId: number, date: string): MeetingView {
  const cal = findCalendar(db, { calendarId });
  const meeting = meetingId(db, cal.id, date);
  const recorded = meeting === undefined ? [] : attendanceOf(db, meeting);
  const byClient = new Map(recorded.map((r) => [r.client_id, r]));
  const rows = membersOfCalendar(db, cal).map((m) => ({ client_id: m.client_id, display_name: m.display_name, attendance_type: byClient.get(m.client_id)?.attendance_type ?? 0 }));
  for (const r of recorded) if (!rows.some((x) => x.client_id === r.client_id)) rows.push(r);
  return {
    calendarId: cal.id,
    meetingDate: date,
    clientsAttendance: rows.map((r) => ({
      clientId: r.client_id,
      displayName: r.display_name,
      attendanceType: ATTENDANCE_NAMES[r.attendance_type] ?? null,
      attendanceTypeCode: r.attendance_type,
    })),
  };
}
