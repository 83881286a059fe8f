/**
 * A meeting calendar's recurrence (Fineract's m_calendar, stored as an iCal RRULE by Calendar.constructRecurrence)
 * and the meeting dates it gives, moved off holidays and non-working days by the one rule every due date follows
 * (workingDays.ts adjustDueDate; DOMAIN.md rule 7). Pure: no I/O.
 *
 * The dates are those of RFC 5545 with weeks starting on Monday (ical4j's default, which Fineract uses): a weekly
 * rule counts its `interval` in weeks from the week of the start date; a monthly rule in months from the start's
 * month; a day of the month a month lacks (the 31st of April) gives no meeting that month, as iCal skips it.
 */
import { addDays, daysInMonth, dayOfWeek, isoFromParts, isoParts } from './isoDate';
import { adjustDueDate, WEEKDAYS, type Weekday, type WorkingCalendar } from './workingDays';

export type MeetingFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface MeetingRule {
  startDate: string;
  /** Last day a meeting may fall on, inclusive; null: no end. */
  endDate: string | null;
  frequency: MeetingFrequency;
  interval: number;
  /** WEEKLY: the day (default the start date's); MONTHLY with nthDay: the weekday of the nth. */
  repeatsOnDay: Weekday | null;
  /** MONTHLY: the nth weekday of the month (1..4, -1 the last): RRULE BYSETPOS=n;BYDAY=XX. */
  nthDay: number | null;
  /** MONTHLY: days of the month (RRULE BYMONTHDAY); empty with no nthDay: the start date's day. */
  daysOfMonth: readonly number[];
}

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The rule as Fineract stores it (FREQ=WEEKLY;INTERVAL=1;BYDAY=TU; monthly BYMONTHDAY=n or BYSETPOS=n;BYDAY=XX). */
export function recurrenceOf(rule: MeetingRule): string {
  const parts = [`FREQ=${rule.frequency}`, `INTERVAL=${rule.interval}`];
  const day = rule.repeatsOnDay ? BYDAY[WEEKDAYS.indexOf(rule.repeatsOnDay)] : undefined;
  if (rule.frequency === 'WEEKLY' && day) parts.push(`BYDAY=${day}`);
  if (rule.frequency === 'MONTHLY') {
    if (rule.nthDay !== null && day) parts.push(`BYSETPOS=${rule.nthDay}`, `BYDAY=${day}`);
    else if (rule.daysOfMonth.length > 0) parts.push(`BYMONTHDAY=${rule.daysOfMonth.join(',')}`);
  }
  return parts.join(';');
}

/** The nth (1..5, or -1 the last) `weekday` (1 = Monday) of a month; null when the month has no such day. */
function nthWeekdayOf(year: number, month: number, weekday: number, nth: number): string | null {
  const last = daysInMonth(year, month);
  if (nth < 0) {
    const lastDay = isoFromParts(year, month, last);
    return addDays(lastDay, -((dayOfWeek(lastDay) - weekday + 7) % 7));
  }
  const first = isoFromParts(year, month, 1);
  const day = 1 + ((weekday - dayOfWeek(first) + 7) % 7) + (nth - 1) * 7;
  return day <= last ? isoFromParts(year, month, day) : null;
}

/** The dates of period `k` (the k-th interval from the start), in order, before the start date filter. */
function periodDates(rule: MeetingRule, k: number): string[] {
  const [y, m, d] = isoParts(rule.startDate);
  switch (rule.frequency) {
    case 'DAILY':
      return [addDays(rule.startDate, k * rule.interval)];
    case 'WEEKLY': {
      const monday = addDays(rule.startDate, 1 - dayOfWeek(rule.startDate));
      const weekday = rule.repeatsOnDay ? WEEKDAYS.indexOf(rule.repeatsOnDay) + 1 : dayOfWeek(rule.startDate);
      return [addDays(monday, k * 7 * rule.interval + weekday - 1)];
    }
    case 'MONTHLY': {
      const index = y * 12 + (m - 1) + k * rule.interval;
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      if (rule.nthDay !== null && rule.repeatsOnDay) {
        const date = nthWeekdayOf(year, month, WEEKDAYS.indexOf(rule.repeatsOnDay) + 1, rule.nthDay);
        return date ? [date] : [];
      }
      const days = rule.daysOfMonth.length > 0 ? [...rule.daysOfMonth].sort((a, b) => a - b) : [d];
      return days.filter((day) => day <= daysInMonth(year, month)).map((day) => isoFromParts(year, month, day));
    }
    case 'YEARLY': {
      const year = y + k * rule.interval;
      return d <= daysInMonth(year, m) ? [isoFromParts(year, m, d)] : [];
    }
  }
}

/** A bound on the periods looked at: a thousand years of daily meetings is a misconfiguration, not a loop. */
const MAX_PERIODS = 400_000;

/** The rule's own dates (not moved) from `from` to `to` inclusive, in order. */
export function scheduledMeetingDates(rule: MeetingRule, from: string, to: string): string[] {
  const out: string[] = [];
  const last = rule.endDate !== null && rule.endDate < to ? rule.endDate : to;
  for (let k = 0; k < MAX_PERIODS; k++) {
    const dates = periodDates(rule, k);
    for (const date of dates) {
      if (date > last) return out;
      if (date >= rule.startDate && date >= from) out.push(date);
    }
  }
  return out;
}

/** The rule's first own date strictly after `date` (the "next meeting" a moved date may go to). */
export function nextScheduledMeetingDate(rule: MeetingRule, date: string): string {
  // a year after covers every frequency but YEARLY with a long interval: widen until found
  for (let span = 400; ; span *= 4) {
    const found = scheduledMeetingDates({ ...rule, endDate: null }, addDays(date, 1), addDays(date, span))[0];
    if (found !== undefined) return found;
    if (span > 400 * 4 ** 6) throw new Error(`no meeting after ${date}`);
  }
}

export interface MeetingDate {
  /** The day the meeting is held: the rule's date moved off holidays and non-working days. */
  date: string;
  /** The rule's own date. */
  scheduledDate: string;
}

/**
 * The meetings whose rule date falls from `from` to `to`, each moved as a loan's due date would be: off a
 * non-working weekday as the branch's repayment reschedule type says, off a holiday to its
 * repaymentsRescheduledTo (type 2) or to the next meeting date (type 1).
 */
export function meetingDates(rule: MeetingRule, from: string, to: string, calendar: WorkingCalendar): MeetingDate[] {
  const next = (d: string) => nextScheduledMeetingDate(rule, d);
  return scheduledMeetingDates(rule, from, to).map((scheduledDate) => ({ scheduledDate, date: adjustDueDate(scheduledDate, calendar, next) }));
}
