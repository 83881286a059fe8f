/**
 * An office's working days and holidays, and the rule that moves a due date off them (DOMAIN.md rule 7:
 * "Holidays and non-working days move a due date (to the next working day by default)").
 */
import { addDays, dayOfWeek } from './isoDate';

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Fineract's RepaymentRescheduleType codes: 2 = move to next working day, 4 = move to previous working day. */
export const RESCHEDULE_TYPES = ['MOVE_TO_NEXT_WORKING_DAY', 'MOVE_TO_PREVIOUS_WORKING_DAY'] as const;
export type RescheduleType = (typeof RESCHEDULE_TYPES)[number];

export interface Holiday {
  /** First day of the holiday, inclusive. */
  fromDate: string;
  /** Last day of the holiday, inclusive. */
  toDate: string;
}

export interface WorkingCalendar {
  /** Weekdays on which the office is closed (e.g. ['SUNDAY']); empty means a seven-day week. */
  nonWorkingDays: readonly Weekday[];
  holidays: readonly Holiday[];
  /** Where a due date on a closed day goes; defaults to the next working day. */
  rescheduleType?: RescheduleType;
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
 * day is returned unchanged.
 */
export function adjustToWorkingDay(iso: string, calendar: WorkingCalendar): string {
  if (calendar.nonWorkingDays.length === 0 && calendar.holidays.length === 0) return iso;
  const step = calendar.rescheduleType === 'MOVE_TO_PREVIOUS_WORKING_DAY' ? -1 : 1;
  let date = iso;
  for (let i = 0; i < MAX_STEPS; i++) {
    if (isWorkingDay(date, calendar)) return date;
    date = addDays(date, step);
  }
  throw new NoWorkingDayError(`no working day within ${MAX_STEPS} days of ${iso}`);
}
