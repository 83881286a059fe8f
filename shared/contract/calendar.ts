import { z } from 'zod';
import { op } from './operation';
import { id, isoDate, optionalText, trimmed } from './fields';
import { fineractEnum, WEEKDAY_NAMES, type WeekdayName } from './loanSchedule';

/**
 * Working days and holidays as Fineract keeps them (issue 12; DOMAIN.md rule 7). The branch's working days are a
 * weekly recurrence (`FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA`) and a rule for a due date on a closed
 * weekday; a holiday is created PENDING and takes effect when activated: new schedules avoid it, and installments
 * of active loans already due on it move (to `repaymentsRescheduledTo`, or to the next repayment date), while
 * Fineract's setting `reschedule-repayments-on-holidays` is on (on by default in Branchbox, off in Fineract).
 */

/** Fineract's holiday RescheduleType codes (m_holiday.rescheduling_type). */
export const HOLIDAY_RESCHEDULING_TYPES = { RESCHEDULE_TO_NEXT_REPAYMENT_DATE: 1, RESCHEDULE_TO_SPECIFIC_DATE: 2 } as const;
export type HolidayReschedulingTypeName = keyof typeof HOLIDAY_RESCHEDULING_TYPES;

/** Fineract's RepaymentRescheduleType codes (m_working_days.repayment_rescheduling_enum). */
export const REPAYMENT_RESCHEDULE_TYPES = {
  SAME_DAY: 1,
  MOVE_TO_NEXT_WORKING_DAY: 2,
  MOVE_TO_NEXT_REPAYMENT_MEETING_DAY: 3,
  MOVE_TO_PREVIOUS_WORKING_DAY: 4,
} as const;
export type RepaymentRescheduleTypeName = keyof typeof REPAYMENT_RESCHEDULE_TYPES;

/** The two-letter days of an RFC 5545 BYDAY list, in the order of WEEKDAY_NAMES. */
export const BYDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The working weekdays of a recurrence this contract accepted (FREQ=WEEKLY;INTERVAL=1;BYDAY=...). */
export function workingWeekdaysOf(recurrence: string): WeekdayName[] {
  const byday = /BYDAY=([A-Z,]+)/.exec(recurrence.toUpperCase())?.[1] ?? '';
  const codes = new Set(byday.split(','));
  return WEEKDAY_NAMES.filter((_, i) => codes.has(BYDAY_CODES[i]!));
}

/** The recurrence of a branch open on `days` (the inverse of workingWeekdaysOf), Monday first as Fineract writes it. */
export function workingDaysRecurrence(days: readonly WeekdayName[]): string {
  const byday = WEEKDAY_NAMES.flatMap((d, i) => (days.includes(d) ? [BYDAY_CODES[i]!] : []));
  return `FREQ=WEEKLY;INTERVAL=1;BYDAY=${byday.join(',')}`;
}

const recurrence = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const parts = new Map(v.split(';').map((p) => p.split('=') as [string, string | undefined]));
    const known = ['FREQ', 'INTERVAL', 'BYDAY'];
    const days = (parts.get('BYDAY') ?? '').split(',').filter((d) => d !== '');
    if (parts.get('FREQ') !== 'WEEKLY' || (parts.get('INTERVAL') ?? '1') !== '1' || [...parts.keys()].some((k) => !known.includes(k))) {
      ctx.addIssue({ code: 'custom', message: 'must be a weekly recurrence such as FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR' });
    } else if (days.length === 0 || days.some((d) => !(BYDAY_CODES as readonly string[]).includes(d))) {
      ctx.addIssue({ code: 'custom', message: `BYDAY must list working days from ${BYDAY_CODES.join(',')}` });
    } else if (new Set(days).size !== days.length) {
      ctx.addIssue({ code: 'custom', message: 'BYDAY lists a day twice' });
    }
  });

export interface HolidayView {
  id: number;
  name: string;
  fromDate: string;
  toDate: string;
  reschedulingType: HolidayReschedulingTypeName;
  /** Fineract's integer code of reschedulingType. */
  reschedulingTypeCode: number;
  repaymentsRescheduledTo: string | null;
  description: string | null;
  status: 'PENDING' | 'ACTIVE';
  activatedOn: string | null;
}

export interface WorkingDaysView {
  recurrence: string;
  /** The weekdays the branch works, from the recurrence. */
  workingDays: WeekdayName[];
  repaymentRescheduleType: RepaymentRescheduleTypeName;
  repaymentRescheduleTypeCode: number;
  extendTermForDailyRepayments: boolean;
  extendTermForRepaymentsOnHolidays: boolean;
  /** Fineract's global setting `reschedule-repayments-on-holidays` (Branchbox: on by default; Fineract: off). */
  rescheduleRepaymentsOnHolidays: boolean;
}

export interface HolidayActivation {
  holidayId: number;
  status: 'ACTIVE';
  /** Active loans whose installments due on the holiday were moved. */
  loansRescheduled: number;
  installmentsMoved: number;
}

const holidayCreate = z
  .strictObject({
    name: trimmed(100),
    fromDate: isoDate,
    toDate: isoDate,
    reschedulingType: fineractEnum(HOLIDAY_RESCHEDULING_TYPES, {
      RESCHEDULETONEXTREPAYMENTDATE: 'RESCHEDULE_TO_NEXT_REPAYMENT_DATE',
      RESCHEDULETOSPECIFICDATE: 'RESCHEDULE_TO_SPECIFIC_DATE',
    }),
    repaymentsRescheduledTo: isoDate.nullish(),
    description: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (v.toDate < v.fromDate) ctx.addIssue({ code: 'custom', path: ['toDate'], message: 'must not be before fromDate' });
    if (v.reschedulingType === 'RESCHEDULE_TO_SPECIFIC_DATE') {
      if (!v.repaymentsRescheduledTo) {
        ctx.addIssue({ code: 'custom', path: ['repaymentsRescheduledTo'], message: 'is required with reschedulingType 2 (to a specific date)' });
      } else if (v.repaymentsRescheduledTo >= v.fromDate && v.repaymentsRescheduledTo <= v.toDate) {
        ctx.addIssue({ code: 'custom', path: ['repaymentsRescheduledTo'], message: 'must be a date outside the holiday' });
      }
    } else if (v.repaymentsRescheduledTo) {
      ctx.addIssue({ code: 'custom', path: ['repaymentsRescheduledTo'], message: 'is only for reschedulingType 2 (to a specific date)' });
    }
  });

export const calendarOperations = {
  /** A holiday, created PENDING: it changes nothing until activated. */
  'holidays.create': op<{ id: number }>()({ kind: 'command', access: 'calendar.manage', input: holidayCreate }),
  /** Activates a pending holiday: new schedules avoid it; installments of active loans due on it move. */
  'holidays.activate': op<HolidayActivation>()({
    kind: 'command',
    access: 'calendar.manage',
    input: z.strictObject({ holidayId: id }),
  }),
  'holidays.list': op<{ holidays: HolidayView[] }>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
  /** The branch's working days and where a due date on a closed weekday goes (Fineract's PUT /workingdays). */
  'workingDays.update': op<WorkingDaysView>()({
    kind: 'command',
    access: 'calendar.manage',
    input: z.strictObject({
      recurrence,
      repaymentRescheduleType: fineractEnum(REPAYMENT_RESCHEDULE_TYPES, {
        MOVE_TO_NEXT_REPAYMENT_DAY: 'MOVE_TO_NEXT_REPAYMENT_MEETING_DAY',
        MOVE_TO_NEXT_MEETING_DAY: 'MOVE_TO_NEXT_REPAYMENT_MEETING_DAY',
      }),
      extendTermForDailyRepayments: z.boolean().optional(),
      extendTermForRepaymentsOnHolidays: z.boolean().optional(),
      /** Fineract's global setting `reschedule-repayments-on-holidays`. */
      rescheduleRepaymentsOnHolidays: z.boolean().optional(),
    }),
  }),
  'workingDays.get': op<WorkingDaysView>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
} as const;
