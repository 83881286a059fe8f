/**
 * Charges on a savings account as Fineract has them (SavingsAccountCharge): when an annual, monthly or weekly fee
 * falls due, and what a withdrawal fee comes to. Pure: dates are 'YYYY-MM-DD', money integer minor units.
 *
 * Due dates (SavingsAccountCharge.getNextDueDateFrom / calculateNextDueDate):
 * - annual and monthly fees fall on `feeOnMonthDay`. The first due date from a starting day (activation, or approval
 *   for a charge added before it) is that day's year moved to the fee's month and day; while it is before the start,
 *   the next one (a year later; `feeInterval` months later). A monthly fee given its month too starts from that
 *   month: "04 March" every 2 months from an account opened on 28 September 2022 falls first on 4 November 2022, and
 *   "04 December" from one opened on 10 February 2024 first on 4 December 2024 (Fineract's oddity, followed). One
 *   given only its day (the catalogue's 'DD') starts from the starting day's own month.
 * - the day is the fee's day or the month's last day, whichever is smaller (the 31st falls on 28/29 February, then
 *   on 31 March again).
 * - weekly fees fall on the weekday of the due date they were given, every `feeInterval` weeks from it; the first
 *   due date is the first of them on or after the start.
 */
import { invalidField } from '../../../../shared/errors';
import { addDays, addMonths, addWeeks, dayOfWeek, daysInMonth, isoFromParts, isoParts } from '../calendar';
import { moneyOf, Wide, type MoneyRules } from '../loans/money';

export const SAVINGS_CHARGE_TIME_TYPES = ['SPECIFIED_DUE_DATE', 'SAVINGS_ACTIVATION', 'WITHDRAWAL_FEE', 'ANNUAL_FEE', 'MONTHLY_FEE', 'WEEKLY_FEE', 'SAVINGS_NOACTIVITY_FEE'] as const;
export type SavingsChargeTimeType = (typeof SAVINGS_CHARGE_TIME_TYPES)[number];

/** The fees that fall due again and again (Fineract's isRecurringFee). */
export type RecurringTimeType = 'ANNUAL_FEE' | 'MONTHLY_FEE' | 'WEEKLY_FEE';

export function isRecurring(timeType: string): timeType is RecurringTimeType {
  return timeType === 'ANNUAL_FEE' || timeType === 'MONTHLY_FEE' || timeType === 'WEEKLY_FEE';
}

/** A recurring fee's calendar: annual and monthly by month and day, weekly by the date it was given. */
export interface RecurringFee {
  timeType: RecurringTimeType;
  /** annual, monthly: 'MM-DD' ('DD' for a monthly fee that takes the starting day's month) */
  feeOnMonthDay?: string | null;
  /** months (monthly) or weeks (weekly) between two due dates; an annual fee ignores it */
  feeInterval?: number | null;
  /** weekly: a date the fee falls on (its weekday, and the weeks counted from it) */
  anchorDate?: string | null;
}

/** A month and day the fee falls on; `month` null for a monthly fee given only its day. */
export interface MonthDay {
  month: number | null;
  day: number;
}

/**
 * Reads `feeOnMonthDay`: 'MM-DD' (also ISO 8601's '--MM-DD') or, for a monthly fee, 'DD'. The day must exist in
 * that month (29 February does, as in java.time.MonthDay). Throws VALIDATION_FAILED naming `field`.
 */
export function parseMonthDay(text: string, field = 'feeOnMonthDay', dayOnly = false): MonthDay {
  const m = /^(?:--)?(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) throw invalidField(field, 'is not a day of the year (MM-DD)', 'month_day');
    return { month, day };
  }
  if (dayOnly && /^\d{1,2}$/.test(text)) {
    const day = Number(text);
    if (day < 1 || day > 31) throw invalidField(field, 'is not a day of the month (1 to 31)', 'month_day');
    return { month: null, day };
  }
  throw invalidField(field, dayOnly ? 'must be a day of the year MM-DD or a day of the month DD' : 'must be a day of the year MM-DD', 'month_day');
}

/** LocalDate.withMonth: the same day in `month`, clamped to its length. */
function withMonth(date: string, month: number): string {
  const [y, , d] = isoParts(date);
  return isoFromParts(y, month, Math.min(d, daysInMonth(y, month)));
}

/** Fineract's setDayOfMonth: the fee's day, or the month's last day when the month is shorter. */
function onDay(date: string, day: number): string {
  const [y, m] = isoParts(date);
  return isoFromParts(y, m, Math.min(day, daysInMonth(y, m)));
}

/** LocalDate.plusYears(1): 29 February becomes 28 February. */
function plusYear(date: string): string {
  return addMonths(date, 12);
}

function intervalOf(fee: RecurringFee): number {
  const n = fee.feeInterval ?? 1;
  if (!Number.isInteger(n) || n < 1) throw invalidField('feeInterval', 'must be a whole number of at least 1');
  return n;
}

function monthDayOf(fee: RecurringFee): MonthDay {
  if (!fee.feeOnMonthDay) throw invalidField('feeOnMonthDay', 'is required for an annual or monthly fee');
  return parseMonthDay(fee.feeOnMonthDay, 'feeOnMonthDay', fee.timeType === 'MONTHLY_FEE');
}

/** The due date after `date` (Fineract's calculateNextDueDate). */
export function followingDueDate(fee: RecurringFee, date: string): string {
  if (fee.timeType === 'WEEKLY_FEE') {
    const next = addWeeks(date, intervalOf(fee));
    // setDayOfWeek: the fee's weekday in the same Monday-to-Sunday week (whole weeks keep it, so this moves nothing)
    return addDays(next, dayOfWeek(anchorOf(fee)) - dayOfWeek(next));
  }
  const md = monthDayOf(fee);
  if (fee.timeType === 'ANNUAL_FEE') return onDay(plusYear(withMonth(date, md.month ?? isoParts(date)[1])), md.day);
  return onDay(addMonths(date, intervalOf(fee)), md.day);
}

function anchorOf(fee: RecurringFee): string {
  if (!fee.anchorDate) throw invalidField('dueDate', 'is required for a weekly fee');
  return fee.anchorDate;
}

/** The first due date on or after `start` (Fineract's getNextDueDateFrom). */
export function firstDueDateFrom(fee: RecurringFee, start: string): string {
  let due: string;
  if (fee.timeType === 'WEEKLY_FEE') {
    due = anchorOf(fee);
  } else {
    const md = monthDayOf(fee);
    due = onDay(withMonth(start, md.month ?? isoParts(start)[1]), md.day);
  }
  while (due < start) due = followingDueDate(fee, due);
  return due;
}

/**
 * A withdrawal fee (SavingsAccountCharge.calculateWithdralFeeAmount): a flat fee is its amount; a percentage is
 * that % of the amount withdrawn, rounded once to the currency half-even (Fineract divides at the scale of the
 * amount times the percentage, 6 decimals at least, then Money.of rounds).
 */
export function withdrawalFeeAmount(charge: { calculationType: string; amount: number; percentage: string | null }, withdrawn: number, rules: MoneyRules): number {
  if (charge.calculationType === 'FLAT') return charge.amount;
  if (charge.calculationType !== 'PERCENT_OF_AMOUNT' || charge.percentage === null) return 0;
  return moneyOf(new Wide(withdrawn).times(charge.percentage).div(100), rules);
}
