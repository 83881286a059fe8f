/**
 * An office's working days and holidays, and the rule that moves a due date off them (DOMAIN.md rule 7:
 * "Holidays and non-working days move a due date (to the next working day by default)").
 */
import { addDays, dayOfWeek } from './isoDate';

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Fineract's RepaymentRescheduleType (m_working_days.repayment_rescheduling_enum): where a due date on a
 * non-working weekday goes. 1 = same day, 2 = next working day, 3 = next repayment (meeting) day, 4 = previous
 * working day.
 */
export const RESCHEDULE_TYPES = [
  'SAME_DAY',
  'MOVE_TO_NEXT_WORKING_DAY',
  'MOVE_TO_NEXT_REPAYMENT_MEETING_DAY',
  'MOVE_TO_PREVIOUS_WORKING_DAY',
] as const;
export type RescheduleType = (typeof RESCHEDULE_TYPES)[number];

/**
 * Fineract's holiday RescheduleType (m_holiday.rescheduling_type): 2 = to the holiday's repaymentsRescheduledTo,
 * 1 = to the next repayment date.
 */
export const HOLIDAY_RESCHEDULING_TYPES = ['RESCHEDULE_TO_NEXT_REPAYMENT_DATE', 'RESCHEDULE_TO_SPECIFIC_DATE'] as const;
export type HolidayReschedulingType = (typeof HOLIDAY_RESCHEDULING_TYPES)[number];

export interface Holiday {
  /** First day of the holiday, inclusive. */
  fromDate: string;
  /** Last day of the holiday, inclusive. */
  toDate: string;
  /**
   * How Fineract moves a due date off this holiday. Absent (a plain range, as loans.calculateSchedule takes): the
   * date moves day by day, as for a non-working day, to the next (or previous) working day.
   */
  reschedulingType?: HolidayReschedulingType;
  /** RESCHEDULE_TO_SPECIFIC_DATE: the date the repayments move to. */
  repaymentsRescheduledTo?: string | null;
}

export interface WorkingCalendar {
  /** Weekdays on which the office is closed (e.g. ['SUNDAY']); empty means a seven-day week. */
  nonWorkingDays: readonly Weekday[];
  holidays: readonly Holiday[];
  /** Where a due date on a closed day goes; defaults to the next working day. */
  rescheduleType?: RescheduleType;
  /**
   * Fineract's extendTermForDailyRepayments: a loan repaid every day moves a due date on a closed day to the next
   * working day and the dates after it follow from there (the loan ends later instead of two repayments falling
   * on one day).
   */
  extendTermForDailyRepayments?: boolean;
  /** Fineract's extendTermForRepaymentsOnHolidays: a due date moved off a holiday carries the dates after it. */
  extendTermForRepaymentsOnHolidays?: boolean;
}

export const OPEN_EVERY_DAY: WorkingCalendar = Object.freeze({ nonWorkingDays: [], holidays: [] });

export function isHoliday(iso: string, calendar: WorkingCalendar): boolean {
  for (const h of calendar.holidays) {
    if (iso >= h.fromDate && iso <= h.toDate) return true;
  }
  return false;
}

export function isNonWorkingWeekday(iso: string, calendar: WorkingCalendar): boolean {
  if (calendar.nonWorkingDays.length === 0) return false;
  const name = WEEKDAYS[dayOfWeek(iso) - 1];
  return name !== undefined && calendar.nonWorkingDays.includes(name);
}

export function isWorkingDay(iso: string, calendar: WorkingCalendar): boolean {
  return !isNonWorkingWeekday(iso, calendar) && !isHoliday(iso, calendar);
}

/** Thrown when no working day can be found (every weekday closed, or a holiday of many years). */
export class NoWorkingDayError extends Error {}

/** A search bound: ten years of closed days means the calendar is misconfigured, not that we should loop. */
const MAX_STEPS = 3660;

/**
 * Moves a date that falls on a non-working day or a holiday to the next (or previous) working day; a working
 * day is returned unchanged. With holidays that carry a Fineract rescheduling type, see adjustDueDate.
 */
export function adjustToWorkingDay(iso: string, calendar: WorkingCalendar): string {
  return adjustDueDate(iso, calendar, (d) => addDays(d, 1));
}

function holidayOn(iso: string, calendar: WorkingCalendar): Holiday | undefined {
  for (const h of calendar.holidays) {
    if (iso >= h.fromDate && iso <= h.toDate) return h;
  }
  return undefined;
}

/** Steps day by day off closed days (weekdays, and plain holidays when `plainHolidays`). */
function stepOff(iso: string, calendar: WorkingCalendar, step: 1 | -1, plainHolidays: boolean): string {
  let date = iso;
  for (let i = 0; i < MAX_STEPS; i++) {
    const h = plainHolidays ? holidayOn(date, calendar) : undefined;
    const closedByHoliday = h !== undefined && h.reschedulingType === undefined;
    if (!isNonWorkingWeekday(date, calendar) && !closedByHoliday) return date;
    date = addDays(date, step);
  }
  throw new NoWorkingDayError(`no working day within ${MAX_STEPS} days of ${iso}`);
}

/** Fineract's WorkingDaysUtil: a due date on a non-working weekday moves as the rescheduling type says. */
function offNonWorkingDay(iso: string, calendar: WorkingCalendar, next: (iso: string) => string): string {
  if (!isNonWorkingWeekday(iso, calendar)) return iso;
  switch (calendar.rescheduleType ?? 'MOVE_TO_NEXT_WORKING_DAY') {
    case 'SAME_DAY':
      return iso;
    case 'MOVE_TO_NEXT_REPAYMENT_MEETING_DAY':
      return next(iso);
    case 'MOVE_TO_PREVIOUS_WORKING_DAY':
      return stepOff(iso, calendar, -1, false);
    case 'MOVE_TO_NEXT_WORKING_DAY':
      return stepOff(iso, calendar, 1, false);
  }
}

/**
 * The one rule for every due date (DOMAIN.md rule 7, Fineract's ScheduledDateGenerator.adjustRepaymentDate):
 * 1. a date on a non-working weekday moves as `rescheduleType` says (same day, next or previous working day, or
 *    the next repayment date `next(date)`);
 * 2. then, while the date is on a holiday: to the holiday's repaymentsRescheduledTo (type 2), or to the next
 *    repayment date `next(date)` moved off non-working days again (type 1); a plain holiday range (no type) is
 *    stepped over day by day like a non-working day, to the next working day (previous, with
 *    MOVE_TO_PREVIOUS_WORKING_DAY).
 * `next` gives the repayment date one period after a date. A working day is returned unchanged.
 */
export function adjustDueDate(iso: string, calendar: WorkingCalendar, next: (iso: string) => string): string {
  if (calendar.nonWorkingDays.length === 0 && calendar.holidays.length === 0) return iso;
  const back = calendar.rescheduleType === 'MOVE_TO_PREVIOUS_WORKING_DAY';
  let date = offNonWorkingDay(iso, calendar, next);
  for (let i = 0; i < MAX_STEPS; i++) {
    const h = holidayOn(date, calendar);
    if (h === undefined) return date;
    if (h.reschedulingType === 'RESCHEDULE_TO_SPECIFIC_DATE' && h.repaymentsRescheduledTo) {
      date = h.repaymentsRescheduledTo;
      // a specific date is taken as given, unless it is itself on another holiday
      if (holidayOn(date, calendar) === h) throw new NoWorkingDayError(`holiday ${h.fromDate} moves repayments into itself`);
    } else if (h.reschedulingType === 'RESCHEDULE_TO_NEXT_REPAYMENT_DATE') {
      date = offNonWorkingDay(next(date), calendar, next);
    } else {
      date = stepOff(addDays(date, back ? -1 : 1), calendar, back ? -1 : 1, true);
    }
  }
  throw new NoWorkingDayError(`no working day within ${MAX_STEPS} days of ${iso}`);
}
