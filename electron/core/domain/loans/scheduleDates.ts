/**
 * Due dates of a schedule, as Fineract's DefaultScheduledDateGenerator makes them (DOMAIN.md rule 7):
 * - the first due date is the disbursement date plus one period, unless repaymentsStartingFromDate is given;
 * - each next date is the previous *unadjusted* date plus one period; monthly schedules keep the seed day
 *   (31 Jan -> 28 Feb -> 31 Mar), the seed being repaymentsStartingFromDate or else the disbursement date;
 * - a date on a non-working day or holiday moves by the calendar's one rule (calendar/workingDays adjustDueDate:
 *   the branch's repayment reschedule type for non-working days, each holiday's own rescheduling type), without
 *   moving the dates after it; "the next repayment date" is the unadjusted date plus one period;
 * - except when the term extends (Fineract's working-days flags): a loan repaid every single day with
 *   extendTermForDailyRepayments moves to the next working day and the next date is one day after the moved one
 *   (AbstractLoanScheduleGenerator sets the actual repayment date to the scheduled one); with
 *   extendTermForRepaymentsOnHolidays a date moved off a holiday does the same. The dates after a moved one are
 *   then made one period at a time from it.
 * A JLG loan tied to a meeting (terms.meeting; FINERACT-NOTES.md 3.5) takes the meeting's dates instead, as
 * Fineract's CalendarUtils does: the meeting's rule with its interval set to repaymentEvery (and, for a daily
 * meeting, its frequency set to the loan's); the first due date, unless given, is the first date of that rule after
 * the disbursement (getFirstRepaymentMeetingDate); each next date is the rule's next date after the previous
 * unadjusted one (getNextRepaymentMeetingDate), the rule counted from the first due date; holidays move them by the
 * same adjustDueDate, "the next repayment date" being the rule's next date. The term extensions do not apply.
 */
import { invalidField } from '../../../../shared/errors';
import {
  addDays,
  addMonths,
  addMonthsKeepingSeedDay,
  addWeeks,
  daysInMonth,
  fromEpochDay,
  isoFromParts,
  isoParts,
  toEpochDay,
} from '../calendar/isoDate';
import { adjustDueDate, isHoliday, isNonWorkingWeekday, NoWorkingDayError, type WorkingCalendar } from '../calendar/workingDays';
import { nextScheduledMeetingDate, type MeetingFrequency, type MeetingRule } from '../calendar/meetings';
import type { LoanTerms } from './types';

export interface PeriodDates {
  period: number;
  /** Period start: the disbursement date, then the previous due date. */
  fromDate: string;
  /** The date before holiday adjustment. */
  actualDate: string;
  dueDate: string;
  /** Start of the interest calculation for the period (differs from fromDate only in period 1). */
  interestFrom: string;
}

export interface ScheduleDates {
  periods: PeriodDates[];
  /** First due date minus one period: where a full first period would have started. */
  idealDisbursementDate: string;
  /** The last (adjusted) due date: Fineract's loanEndDate, the end of the term for flat DAILY interest. */
  loanEndDate: string;
  seedDay: number;
}

type Frequency = LoanTerms['repaymentFrequencyType'];

export function addPeriods(date: string, frequency: Frequency, count: number, seedDay: number): string {
  switch (frequency) {
    case 'DAYS':
      return addDays(date, count);
    case 'WEEKS':
      return addWeeks(date, count);
    case 'MONTHS':
      return addMonthsKeepingSeedDay(date, count, seedDay);
  }
}

function subtractPeriod(date: string, frequency: Frequency, every: number): string {
  switch (frequency) {
    case 'DAYS':
      return addDays(date, -every);
    case 'WEEKS':
      return addWeeks(date, -every);
    case 'MONTHS':
      return addMonths(date, -every);
  }
}

export function seedDayOf(terms: LoanTerms): number {
  return isoParts(terms.repaymentsStartingFromDate ?? terms.expectedDisbursementDate)[2];
}

const MEETING_FREQUENCY: Record<Frequency, MeetingFrequency> = { DAYS: 'DAILY', WEEKS: 'WEEKLY', MONTHS: 'MONTHLY' };

/**
 * The dates a loan repaid every `every` periods of `freq` takes from a meeting (CalendarUtils: the meeting's
 * interval replaced by repaymentEvery; a daily meeting also takes the loan's frequency), from `anchor` on (the
 * meeting's start: Fineract's seed date; or the loan's first due date). A monthly rule on "the start's day" keeps
 * the meeting's day when counted from another anchor.
 */
export function repaymentMeetingRule(meeting: MeetingRule, freq: Frequency, every: number, anchor = meeting.startDate): MeetingRule {
  const frequency = meeting.frequency === 'DAILY' ? MEETING_FREQUENCY[freq] : meeting.frequency;
  const sameDay = frequency === 'MONTHLY' && meeting.nthDay === null && meeting.daysOfMonth.length === 0 && meeting.frequency === 'MONTHLY';
  return {
    ...meeting,
    frequency,
    interval: every,
    startDate: anchor,
    endDate: null,
    daysOfMonth: sameDay ? [isoParts(meeting.startDate)[2]] : meeting.daysOfMonth,
  };
}

/** The first due date a meeting gives a loan disbursed on `disbursed`: the loan's meeting date after it. */
export function firstRepaymentMeetingDate(meeting: MeetingRule, freq: Frequency, every: number, disbursed: string): string {
  const rule = repaymentMeetingRule(meeting, freq, every);
  // the rule's dates start at the meeting's start: a loan disbursed before it repays from its first meeting
  return nextScheduledMeetingDate(rule, disbursed < meeting.startDate ? addDays(meeting.startDate, -1) : disbursed);
}

/**
 * "The next repayment date" after a due date as the schedule makes it: one period on (the seed day kept), or a JLG
 * loan's next meeting date of its rule counted from its first due date. A holiday of type 1 (and the branch's
 * MOVE_TO_NEXT_REPAYMENT_DATE) moves a due date there.
 */
export function nextRepaymentDateOf(
  terms: Pick<LoanTerms, 'repaymentFrequencyType' | 'repaymentEvery' | 'expectedDisbursementDate'> & { repaymentsStartingFromDate?: string | null | undefined; meeting?: MeetingRule | null | undefined },
): (iso: string) => string {
  const { repaymentFrequencyType: freq, repaymentEvery: every } = terms;
  const meeting = terms.meeting ?? null;
  if (meeting) {
    const first = terms.repaymentsStartingFromDate ?? firstRepaymentMeetingDate(meeting, freq, every, terms.expectedDisbursementDate);
    const rule = repaymentMeetingRule(meeting, freq, every, first);
    return (d) => nextScheduledMeetingDate(rule, d);
  }
  const seedDay = isoParts(terms.repaymentsStartingFromDate ?? terms.expectedDisbursementDate)[2];
  return (d) => addPeriods(d, freq, every, seedDay);
}

export function scheduleDates(terms: LoanTerms): ScheduleDates {
  const { repaymentFrequencyType: freq, repaymentEvery: every, expectedDisbursementDate: disbursed } = terms;
  const meeting = terms.meeting ?? null;
  const seedDay = seedDayOf(terms);
  const first = terms.repaymentsStartingFromDate ?? (meeting ? firstRepaymentMeetingDate(meeting, freq, every, disbursed) : addPeriods(disbursed, freq, every, seedDay));
  const nextMeeting = meeting ? nextRepaymentDateOf({ ...terms, repaymentsStartingFromDate: first }) : null;
  const idealDisbursementDate = subtractPeriod(first, freq, every);

  const periods: PeriodDates[] = [];
  let actual = first;
  let from = disbursed;
  // Monthly dates by integer arithmetic: with the seed-day rule, the date k months on is day min(seed day, month
  // length) of that month, which is what repeating plusMonths + adjustDate gives.
  const [firstYear, firstMonth] = isoParts(first);
  const firstDay = toEpochDay(first);
  const extendDaily = freq === 'DAYS' && every === 1 && terms.calendar.extendTermForDailyRepayments === true;
  const calendar = extendDaily ? { ...terms.calendar, rescheduleType: 'MOVE_TO_NEXT_WORKING_DAY' as const } : terms.calendar;
  /** Once a moved date carried the dates after it, each date is one period after the one before. */
  let extended = false;
  for (let k = 1; k <= terms.numberOfRepayments; k++) {
    if (k > 1 && nextMeeting) {
      actual = nextMeeting(actual);
    } else if (k > 1 && extended) {
      actual = addPeriods(actual, freq, every, seedDay);
    } else if (k > 1) {
      if (freq === 'MONTHS') {
        const months = firstYear * 12 + firstMonth - 1 + (k - 1) * every;
        const year = Math.floor(months / 12);
        const month = months - year * 12 + 1;
        actual = isoFromParts(year, month, Math.min(seedDay, daysInMonth(year, month)));
      } else {
        actual = fromEpochDay(firstDay + (k - 1) * every * (freq === 'WEEKS' ? 7 : 1));
      }
    }
    let due: string;
    try {
      due = adjustDueDate(actual, calendar, nextMeeting ?? ((d) => addPeriods(d, freq, every, seedDay)));
    } catch (e) {
      if (e instanceof NoWorkingDayError) throw invalidField('holidays', e.message, 'noWorkingDay');
      throw e;
    }
    if (due < from) {
      throw invalidField('holidays', `moving due date ${actual} to ${due} puts it before the period start ${from}`);
    }
    // Period 1 earns interest from the ideal disbursement date when the first period is longer than a period
    // (AbstractCumulativeLoanScheduleGenerator.calculateInterestStartDateForPeriod).
    const interestFrom = k === 1 && from < idealDisbursementDate ? idealDisbursementDate : from;
    periods.push({ period: k, fromDate: from, actualDate: actual, dueDate: due, interestFrom });
    from = due;
    if (due !== actual && !nextMeeting && (extendDaily || (calendar.extendTermForRepaymentsOnHolidays === true && movedOffHoliday(actual, calendar)))) {
      actual = due;
      extended = true;
    }
  }
  const last = periods[periods.length - 1];
  return { periods, idealDisbursementDate, loanEndDate: last ? last.dueDate : disbursed, seedDay };
}

/** Whether a due date is moved because of a holiday: on one, or on a closed weekday followed by one. */
function movedOffHoliday(actual: string, calendar: WorkingCalendar): boolean {
  let d = actual;
  while (isNonWorkingWeekday(d, calendar)) d = addDays(d, 1);
  return isHoliday(actual, calendar) || isHoliday(d, calendar);
}
