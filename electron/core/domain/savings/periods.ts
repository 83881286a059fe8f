/**
 * Posting and compounding periods. A period of L months (1, 3, 6 or 12) ends on the last day of a month that
 * closes an L-month slice of the financial year: with the year starting in January, quarters end in March, June,
 * September and December; with it starting in February, in January, April, July and October. A period that starts
 * mid-way (the activation date) ends at the first such month-end on or after its start. A daily period (L = 0:
 * daily posting or compounding) is the day itself.
 *
 * As Fineract (SavingsHelper.determineInterestPostingPeriodEndDateFrom for posting, PostingPeriod
 * .determineInterestPeriodEndDateFrom for compounding): the slices are counted back from the month before the
 * financial year's first one, so the year from April has quarters ending June, September, December and March (the
 * calendar's), half-years ending September and March, and a year ending in March. For a quarterly or half-yearly
 * compounding period Fineract takes the length of its last month from the business date's year rather than the
 * period's (so a compounding period ending in February of a leap year ends on the 28th while the business date is in
 * another year, and one ending in February of another year fails while it is in a leap year); here February's
 * length is always that of the period's own year.
 */
import { addDays, daysInMonth, epochDayOf, fromEpochDay, isoParts, toEpochDay } from '../calendar';
import { PERIOD_MONTHS } from './terms';
import type { PostingPeriodType, SavingsProductTerms } from './types';

const endCache = new Map<number, number>();
const END_CACHE_LIMIT = 20_000;

/**
 * Last day (as an epoch day) of the L-month period holding `epochDay`; L is 1, 3, 6 or 12, or 0 (a day). Memoised: a posting
 * run asks the same few questions for every account.
 */
export function periodEndDay(epochDay: number, months: number, financialYearBeginningMonth: number): number {
  if (months === 0) return epochDay;
  const key = epochDay * 256 + months * 16 + financialYearBeginningMonth;
  const hit = endCache.get(key);
  if (hit !== undefined) return hit;
  if (endCache.size >= END_CACHE_LIMIT) endCache.clear();
  const end = computePeriodEnd(epochDay, months, financialYearBeginningMonth);
  endCache.set(key, end);
  return end;
}

function computePeriodEnd(epochDay: number, months: number, financialYearBeginningMonth: number): number {
  const [year, month] = isoParts(fromEpochDay(epochDay));
  const offset = (((month - financialYearBeginningMonth) % 12) + 12) % 12;
  const endOffset = Math.floor(offset / months) * months + months - 1;
  const total = year * 12 + (month - 1) + (endOffset - offset);
  const endYear = Math.floor(total / 12);
  const endMonth = total - endYear * 12 + 1;
  return epochDayOf(endYear, endMonth, daysInMonth(endYear, endMonth));
}

/** Last day of the L-month period holding `date` ('YYYY-MM-DD'). */
export function periodEnd(date: string, months: number, financialYearBeginningMonth = 1): string {
  return fromEpochDay(periodEndDay(toEpochDay(date), months, financialYearBeginningMonth));
}

/** Where a period ending on `end` is posted: the day after (Fineract's default), or `end` itself (postingAtPeriodEnd). */
export function postingDateOf(end: string, postingAtPeriodEnd = false): string {
  return postingAtPeriodEnd ? end : addDays(end, 1);
}

/**
 * The posting date (the day after it ends, or its last day with `postingAtPeriodEnd`) of the posting period that
 * holds `date`: no interest of the account can fall due before it once every earlier period is posted. From the
 * activation date, the first posting date; from a checkpoint's date, the next one. A posting run may skip the
 * account until that day.
 */
export function nextPostingDate(
  date: string,
  terms: Pick<SavingsProductTerms, 'interestPostingPeriodType' | 'financialYearBeginningMonth' | 'postingAtPeriodEnd'>,
): string {
  return postingDateOf(periodEnd(date, PERIOD_MONTHS[terms.interestPostingPeriodType], terms.financialYearBeginningMonth ?? 1), terms.postingAtPeriodEnd);
}

export interface PostingPeriodDates {
  fromDate: string;
  toDate: string;
  postingDate: string;
}

/**
 * The posting periods from activation that have ended by `upTo` (inclusive), each with its posting date (the day
 * after it ends, or its last day with `postingAtPeriodEnd`). For a screen that lists the coming posting dates, or a
 * service that checks one.
 */
export function postingPeriodsUpTo(
  activationDate: string,
  upTo: string,
  postingPeriodType: PostingPeriodType,
  financialYearBeginningMonth = 1,
  postingAtPeriodEnd = false,
): PostingPeriodDates[] {
  const months = PERIOD_MONTHS[postingPeriodType];
  const out: PostingPeriodDates[] = [];
  let start = activationDate;
  for (;;) {
    const end = periodEnd(start, months, financialYearBeginningMonth);
    if (end > upTo) break;
    out.push({ fromDate: start, toDate: end, postingDate: postingDateOf(end, postingAtPeriodEnd) });
    start = addDays(end, 1);
  }
  return out;
}

/**
 * Whether moving the financial year's first month from `from` to `to` moves any posting or compounding period of an
 * account with these period types: daily and monthly periods never move; quarters move unless the two months are a
 * multiple of 3 apart (a year from April has the calendar's quarters), half-years unless a multiple of 6, years
 * whenever the month changes.
 */
export function financialYearMovesPeriods(
  types: Pick<SavingsProductTerms, 'interestPostingPeriodType' | 'interestCompoundingPeriodType'>,
  from: number,
  to: number,
): boolean {
  const moves = (months: number) => months > 1 && (((to - from) % months) + months) % months !== 0;
  return moves(PERIOD_MONTHS[types.interestPostingPeriodType]) || moves(PERIOD_MONTHS[types.interestCompoundingPeriodType]);
}
