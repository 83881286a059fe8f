import { z } from 'zod';
import { op } from './operation';
import { id, isoDate, optionalText, trimmed } from './fields';
import { fineractEnum } from './loanSchedule';

/**
 * Centers, groups and their meetings (issue 17; DOMAIN.md "Clients, groups, centers"; FINERACT-NOTES.md 3.5 and 5),
 * in Fineract's names: a center holds groups, a group holds clients (a client in at most one group at a time:
 * stricter than Fineract), each pending -> active -> closed; a center or a standalone group has one COLLECTION
 * calendar (a group in a center meets on the center's); attendance per member per meeting (Fineract's
 * AttendanceType). Enumerations take Fineract's names or integer codes.
 */

export const GROUP_STATUSES = ['PENDING', 'ACTIVE', 'CLOSED'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** Fineract's GROUPROLE code values (F-init seeds Leader; secretary and treasurer are the usual additions). */
export const GROUP_ROLES = { LEADER: 1, SECRETARY: 2, TREASURER: 3 } as const;
export type GroupRole = keyof typeof GROUP_ROLES;

/** Fineract's CalendarEntityType codes (clients 1, groups 2, loans 3, centers 4, savings 5): meetings of centers and groups. */
export const CALENDAR_ENTITY_TYPES = { GROUP: 2, CENTER: 4 } as const;
/** Fineract's CalendarType. */
export const CALENDAR_TYPES = { COLLECTION: 1, TRAINING: 2, AUDIT: 3, GENERAL: 4 } as const;
/** Fineract's CalendarFrequencyType. */
export const CALENDAR_FREQUENCIES = { DAILY: 1, WEEKLY: 2, MONTHLY: 3, YEARLY: 4 } as const;
/** Fineract's CalendarWeekDaysType (MO 1 ... SU 7); the two-letter codes are taken too. */
export const CALENDAR_WEEKDAYS = { MONDAY: 1, TUESDAY: 2, WEDNESDAY: 3, THURSDAY: 4, FRIDAY: 5, SATURDAY: 6, SUNDAY: 7 } as const;
/** Fineract's NthDayType for monthly meetings on the nth weekday (ONDAY is "on a day of the month": repeatsOnDayOfMonth). */
export const NTH_DAY_TYPES = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5, LAST: -1 } as const;
/** Fineract's AttendanceType; 0 (invalid, not yet taken) is refused. */
export const ATTENDANCE_TYPES = { PRESENT: 1, ABSENT: 2, APPROVED: 3, LEAVE: 4, LATE: 5 } as const;
export type AttendanceTypeName = keyof typeof ATTENDANCE_TYPES;
export type CalendarEntityType = keyof typeof CALENDAR_ENTITY_TYPES;

export interface StaffRef {
  staffId: number | null;
  staffName: string | null;
}

export interface GroupSummary extends StaffRef {
  id: number;
  name: string;
  externalId: string | null;
  status: GroupStatus;
  centerId: number | null;
  centerName: string | null;
  memberCount: number;
  activationDate: string | null;
}

export interface GroupMember {
  clientId: number;
  accountNo: string;
  displayName: string;
  clientStatus: string;
  joinedOn: string;
  roles: GroupRole[];
}

export interface CalendarView {
  id: number;
  entityType: CalendarEntityType;
  entityId: number;
  typeId: keyof typeof CALENDAR_TYPES;
  title: string | null;
  description: string | null;
  startDate: string;
  endDate: string | null;
  frequency: keyof typeof CALENDAR_FREQUENCIES;
  /** Fineract's integer code of frequency. */
  frequencyCode: number;
  interval: number;
  repeatsOnDay: keyof typeof CALENDAR_WEEKDAYS | null;
  repeatsOnNthDayOfMonth: number | null;
  repeatsOnDayOfMonth: number[];
  /** Fineract's RRULE, e.g. FREQ=WEEKLY;INTERVAL=1;BYDAY=TU. */
  recurrence: string;
  location: string | null;
  meetingtime: string | null;
}

/**
 * A group's or a center's figures on the business date: its JLG loans (loan_groups, migration 0020) that are active,
 * what they still owe and what of it fell due before the business date (arrears), and the current members' active
 * savings accounts. A center's add up its groups'. Amounts in the branch's currency, decimal strings.
 */
export interface GroupFigures {
  asOf: string;
  currencyCode: string;
  activeLoans: number;
  principalOutstanding: string;
  /** principal, interest, fees and penalties still owed */
  totalOutstanding: string;
  /** the active loans with an installment unpaid after its due date */
  loansInArrears: number;
  /** what the installments due before the business date still owe */
  amountInArrears: string;
  savingsAccounts: number;
  savingsBalance: string;
}

export interface GroupDetail extends GroupSummary {
  officeId: number;
  submittedOnDate: string;
  closedOnDate: string | null;
  closureReason: string | null;
  members: GroupMember[];
  roles: { role: GroupRole; clientId: number; displayName: string }[];
  /** The group's own COLLECTION calendar, or its center's (a group in a center meets with its center). */
  collectionCalendar: CalendarView | null;
  figures: GroupFigures;
}

export interface CenterSummary extends StaffRef {
  id: number;
  name: string;
  externalId: string | null;
  status: GroupStatus;
  groupCount: number;
  memberCount: number;
  activationDate: string | null;
}

export interface CenterDetail extends CenterSummary {
  officeId: number;
  submittedOnDate: string;
  closedOnDate: string | null;
  closureReason: string | null;
  groups: GroupSummary[];
  collectionCalendar: CalendarView | null;
  figures: GroupFigures;
}

export interface MeetingDateView {
  /** The day the meeting is held: the rule's date moved off holidays and non-working days as loan due dates are. */
  date: string;
  /** The calendar's own date. */
  scheduledDate: string;
}

export interface MeetingView {
  calendarId: number;
  meetingDate: string;
  clientsAttendance: { clientId: number; displayName: string; attendanceType: AttendanceTypeName | null; attendanceTypeCode: number }[];
}

const centerId = id;
const groupId = id;
const clientList = z.array(id).min(1, { message: 'name at least one client' }).max(200);
const closure = { closureDate: isoDate.optional(), closureReason: trimmed(200) };

const meetingtime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time written HH:MM, such as 09:00' });

/** A meeting rule's fields, as Fineract's calendar API takes them. */
const ruleFields = {
  frequency: fineractEnum(CALENDAR_FREQUENCIES),
  interval: z.number().int({ message: 'must be a whole number' }).min(1).max(52).default(1),
  repeatsOnDay: fineractEnum(CALENDAR_WEEKDAYS, { MO: 'MONDAY', TU: 'TUESDAY', WE: 'WEDNESDAY', TH: 'THURSDAY', FR: 'FRIDAY', SA: 'SATURDAY', SU: 'SUNDAY' }).optional(),
  repeatsOnNthDayOfMonth: fineractEnum(NTH_DAY_TYPES).optional(),
  repeatsOnDayOfMonth: z
    .union([z.number(), z.array(z.number())])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .refine((v) => v.length > 0 && v.every((d) => Number.isInteger(d) && d >= 1 && d <= 31), { message: 'must be days of the month from 1 to 31' })
    .optional(),
};

/** A rule's fields that go together: a weekday for weekly and monthly meetings, an nth weekday or days of the month. */
function checkRule(
  v: { frequency?: string | undefined; repeatsOnDay?: string | undefined; repeatsOnNthDayOfMonth?: string | undefined; repeatsOnDayOfMonth?: number[] | undefined },
  ctx: z.RefinementCtx,
): void {
  if (v.frequency !== 'WEEKLY' && v.frequency !== 'MONTHLY' && v.repeatsOnDay) {
    ctx.addIssue({ code: 'custom', path: ['repeatsOnDay'], message: 'is only for WEEKLY and MONTHLY meetings' });
  }
  if (v.frequency !== 'MONTHLY') {
    if (v.repeatsOnNthDayOfMonth) ctx.addIssue({ code: 'custom', path: ['repeatsOnNthDayOfMonth'], message: 'is only for MONTHLY meetings' });
    if (v.repeatsOnDayOfMonth) ctx.addIssue({ code: 'custom', path: ['repeatsOnDayOfMonth'], message: 'is only for MONTHLY meetings' });
  } else if (v.repeatsOnNthDayOfMonth && v.repeatsOnDayOfMonth) {
    ctx.addIssue({ code: 'custom', path: ['repeatsOnDayOfMonth'], message: 'cannot be given with repeatsOnNthDayOfMonth' });
  } else if (v.repeatsOnNthDayOfMonth && !v.repeatsOnDay) {
    ctx.addIssue({ code: 'custom', path: ['repeatsOnDay'], message: 'is required with repeatsOnNthDayOfMonth' });
  } else if (v.repeatsOnDay && !v.repeatsOnNthDayOfMonth) {
    ctx.addIssue({ code: 'custom', path: ['repeatsOnNthDayOfMonth'], message: 'is required with repeatsOnDay for MONTHLY meetings' });
  }
}

const calendarCreate = z
  .strictObject({
    entityType: fineractEnum(CALENDAR_ENTITY_TYPES, { GROUPS: 'GROUP', CENTERS: 'CENTER' }),
    entityId: id,
    typeId: fineractEnum(CALENDAR_TYPES).default('COLLECTION'),
    title: optionalText(70),
    description: optionalText(300),
    startDate: isoDate,
    endDate: isoDate.optional(),
    /** Fineract's `repeating`: a one-off meeting (false) is not kept by Branchbox. */
    repeating: z.literal(true).optional(),
    ...ruleFields,
    location: optionalText(100),
    meetingtime: meetingtime.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.endDate && v.endDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
    checkRule(v, ctx);
  });

/**
 * A calendar changed: its place, time, title or description in place; a new rule (every field of it, from
 * `frequency`) from `startDate`, the first meeting on it (Fineract's newMeetingDate), the old rule kept in the
 * calendar's history for the meetings before.
 */
const calendarUpdate = z
  .strictObject({
    calendarId: id,
    startDate: isoDate.optional(),
    frequency: ruleFields.frequency.optional(),
    interval: z.number().int({ message: 'must be a whole number' }).min(1).max(52).optional(),
    repeatsOnDay: ruleFields.repeatsOnDay,
    repeatsOnNthDayOfMonth: ruleFields.repeatsOnNthDayOfMonth,
    repeatsOnDayOfMonth: ruleFields.repeatsOnDayOfMonth,
    title: optionalText(70),
    description: optionalText(300),
    location: optionalText(100),
    meetingtime: meetingtime.optional(),
  })
  .superRefine((v, ctx) => {
    const ruleGiven = v.interval !== undefined || v.repeatsOnDay !== undefined || v.repeatsOnNthDayOfMonth !== undefined || v.repeatsOnDayOfMonth !== undefined;
    if (ruleGiven && v.frequency === undefined) ctx.addIssue({ code: 'custom', path: ['frequency'], message: 'is required to change the meeting rule (give the whole new rule)' });
    if ((v.frequency !== undefined) !== (v.startDate !== undefined)) {
      const path = v.frequency === undefined ? 'frequency' : 'startDate';
      ctx.addIssue({ code: 'custom', path: [path], message: path === 'startDate' ? 'is required with a new rule: the first meeting on it' : 'is required with startDate: the new rule' });
    }
    if (v.frequency !== undefined) checkRule(v, ctx);
  });

const calendarRef = z
  .strictObject({
    calendarId: id.optional(),
    entityType: fineractEnum(CALENDAR_ENTITY_TYPES, { GROUPS: 'GROUP', CENTERS: 'CENTER' }).optional(),
    entityId: id.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.calendarId === undefined && (v.entityType === undefined || v.entityId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['calendarId'], message: 'is required (or entityType and entityId)' });
    }
  });

const groupCreate = z.strictObject({
  name: trimmed(100),
  centerId: centerId.optional(),
  clientMembers: z.array(id).max(200).default([]),
  staffId: id.optional(),
  externalId: optionalText(60),
  /** Fineract's `active`: true activates at once (on activationDate, or the business date). */
  active: z.boolean().optional(),
  activationDate: isoDate.optional(),
  submittedOnDate: isoDate.optional(),
});

export const groupOperations = {
  'centers.create': op<{ id: number }>()({
    kind: 'command',
    access: 'groups.write',
    input: z.strictObject({
      name: trimmed(100),
      staffId: id.optional(),
      externalId: optionalText(60),
      active: z.boolean().optional(),
      activationDate: isoDate.optional(),
      submittedOnDate: isoDate.optional(),
    }),
  }),
  'centers.update': op<{ id: number }>()({
    kind: 'command',
    access: 'groups.write',
    input: z.strictObject({ centerId, name: trimmed(100).optional(), externalId: optionalText(60) }),
  }),
  'centers.activate': op<{ id: number }>()({ kind: 'command', access: 'groups.write', input: z.strictObject({ centerId, activationDate: isoDate.optional() }) }),
  /** Refused while the center has groups not closed (Fineract: "center.close.active.groups"). */
  'centers.close': op<{ id: number }>()({ kind: 'command', access: 'groups.manage', input: z.strictObject({ centerId, ...closure }) }),
  'centers.assignStaff': op<{ id: number }>()({ kind: 'command', access: 'groups.manage', input: z.strictObject({ centerId, staffId: id }) }),
  'centers.unassignStaff': op<{ id: number }>()({ kind: 'command', access: 'groups.manage', input: z.strictObject({ centerId }) }),
  'centers.get': op<CenterDetail>()({ kind: 'query', access: 'groups.read', input: z.strictObject({ centerId }) }),
  'centers.list': op<CenterSummary[]>()({
    kind: 'query',
    access: 'groups.read',
    input: z.strictObject({ status: z.enum(GROUP_STATUSES).optional(), staffId: id.optional() }),
  }),

  'groups.create': op<{ id: number }>()({ kind: 'command', access: 'groups.write', input: groupCreate }),
  'groups.update': op<{ id: number }>()({
    kind: 'command',
    access: 'groups.write',
    input: z.strictObject({ groupId, name: trimmed(100).optional(), externalId: optionalText(60) }),
  }),
  /** Checks the branch's minimum and maximum members (Fineract's min/max-clients-in-group) among active clients. */
  'groups.activate': op<{ id: number }>()({ kind: 'command', access: 'groups.write', input: z.strictObject({ groupId, activationDate: isoDate.optional() }) }),
  /** Refused while a member has a loan pending, approved or active, and (as Fineract) while members remain: remove or transfer them first. */
  'groups.close': op<{ id: number }>()({ kind: 'command', access: 'groups.manage', input: z.strictObject({ groupId, ...closure }) }),
  /** Fineract's associateClients. */
  'groups.addMembers': op<{ id: number }>()({ kind: 'command', access: 'groups.write', input: z.strictObject({ groupId, clientMembers: clientList }) }),
  /** Fineract's disassociateClients. */
  'groups.removeMembers': op<{ id: number }>()({ kind: 'command', access: 'groups.write', input: z.strictObject({ groupId, clientMembers: clientList }) }),
  /** Fineract's transferClients: from `groupId` to `destinationGroupId`; the clients take the destination's loan officer unless told. */
  'groups.transferClients': op<{ id: number }>()({
    kind: 'command',
    access: 'groups.manage',
    input: z.strictObject({
      groupId,
      destinationGroupId: id,
      clients: z.array(z.strictObject({ id })).min(1, { message: 'name at least one client' }).max(200),
      inheritDestinationGroupLoanOfficer: z.boolean().default(true),
      newStaffId: id.optional(),
    }),
  }),
  'groups.assignStaff': op<{ id: number }>()({ kind: 'command', access: 'groups.manage', input: z.strictObject({ groupId, staffId: id }) }),
  'groups.unassignStaff': op<{ id: number }>()({ kind: 'command', access: 'groups.manage', input: z.strictObject({ groupId }) }),
  /** Fineract's assignRole: one holder per role; the holder must be a member. */
  'groups.assignRole': op<{ id: number }>()({
    kind: 'command',
    access: 'groups.write',
    input: z.strictObject({ groupId, clientId: id, role: fineractEnum(GROUP_ROLES) }),
  }),
  'groups.unassignRole': op<{ id: number }>()({ kind: 'command', access: 'groups.write', input: z.strictObject({ groupId, role: fineractEnum(GROUP_ROLES) }) }),
  'groups.get': op<GroupDetail>()({ kind: 'query', access: 'groups.read', input: z.strictObject({ groupId }) }),
  'groups.list': op<GroupSummary[]>()({
    kind: 'query',
    access: 'groups.read',
    input: z.strictObject({ centerId: id.optional(), status: z.enum(GROUP_STATUSES).optional(), staffId: id.optional() }),
  }),

  /** A meeting calendar of a center or a standalone group (Fineract's POST /centers/{id}/calendars). */
  'calendars.create': op<{ id: number }>()({ kind: 'command', access: 'groups.write', input: calendarCreate }),
  /** Its place, time or title; or a new rule from `startDate` (the earlier meetings keep the rule they had). */
  'calendars.update': op<{ id: number }>()({ kind: 'command', access: 'groups.write', input: calendarUpdate }),
  /** A calendar by id, or the COLLECTION calendar of a center or group (a group in a center: its center's). */
  'calendars.get': op<CalendarView>()({ kind: 'query', access: 'groups.read', input: calendarRef }),
  /** The meetings from `fromDate` to `toDate` (by their calendar date), holidays and working days honoured. */
  'calendars.meetingDates': op<{ calendarId: number; dates: MeetingDateView[] }>()({
    kind: 'query',
    access: 'groups.read',
    input: z
      .strictObject({ calendarId: id.optional(), entityType: calendarRef.shape.entityType, entityId: id.optional(), fromDate: isoDate, toDate: isoDate })
      .superRefine((v, ctx) => {
        if (v.toDate < v.fromDate) ctx.addIssue({ code: 'custom', path: ['toDate'], message: 'must not be before fromDate' });
        if (v.calendarId === undefined && (v.entityType === undefined || v.entityId === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['calendarId'], message: 'is required (or entityType and entityId)' });
        }
      }),
  }),
  /**
   * Fineract's meeting attendance (POST /centers/{id}/meetings): each member's AttendanceType for a meeting date of
   * the calendar, not after the business date; sent again, a member's attendance is replaced.
   */
  'meetings.saveAttendance': op<{ calendarId: number; meetingDate: string; saved: number }>()({
    kind: 'command',
    access: 'groups.write',
    input: z.strictObject({
      calendarId: id,
      meetingDate: isoDate,
      clientsAttendance: z
        .array(z.strictObject({ clientId: id, attendanceType: fineractEnum(ATTENDANCE_TYPES) }))
        .min(1, { message: 'name at least one client' })
        .max(500),
    }),
  }),
  'meetings.get': op<MeetingView>()({ kind: 'query', access: 'groups.read', input: z.strictObject({ calendarId: id, meetingDate: isoDate }) }),
} as const;
