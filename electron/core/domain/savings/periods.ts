/**
 * Posting and compounding periods. A period of L months (1, 3, 6 or 12) ends on the last day of a month that
 * closes an L-month slice of the financial year: with the year starting in January, quarters end in March, June,
 * September and December; with it starting in February, in January, April, July and October. A period that starts
 * mid-way (the activation date) ends at the first such month-end on or after its start.
 */
import { addDays, daysInMonth, epochDayOf, fromEpochDay, isoParts, toEpochDay } from '../calendar';
import { PERIOD_MONTHS } from './terms';
import type { PostingPeriodType, SavingsProductTerms } from './types';

const endCache = new Map<number, number>();
const END_CACHE_LIMIT = 20_000;

/**
 * Last day (as an epoch day) of the L-month period holding `epochDay`; L is 1, 3, 6 or 12. Memoised: a posting
 * run asks the same few questions for every account.
 */
export function periodEndDay(epochDay: number, months: number, financialYearBeginningMonth: number): number {
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

/**
 * The posting date (the day after it ends) of the posting period that holds `date`: no interest of the account
 * can fall due before it once every earlier period is posted. From the activation date, the first posting date; from
 * a checkpoint's date, the next one. A posting run may skip the account until that day.
 */
export function nextPostingDate(date: string, terms: Pick<SavingsProductTerms, 'interestPostingPeriodType' | 'financialYearBeginningMonth'>): string {
  return addDays(periodEnd(date, PERIOD_MONTHS[terms.interestPostingPeriodType], terms.financialYearBeginningMonth ?? 1), 1);
}

export interface PostingPeriodDates {
  fromDate: string;
  toDate: string;
  postingDate: string;
}

/**
 * The posting periods from activation that have ended by `upTo` (inclusive), each with its posting date (the day
 * after it ends). For a screen that lists the coming posting dates, or a service that checks one.
 */
export function postingPeriodsUpTo(
  activationDate: string,
  upTo: string,
  postingPeriodType: PostingPeriodType,
  financialYearBeginningMonth = 1,
): PostingPeriodDates[] {
  const months = PERIOD_MONTHS[postingPeriodType];
  const out: PostingPeriodDates[] = [];
  let start = activationDate;
  for (;;) {
    const end = periodEnd(start, months, financialYearBeginningMonth);
    if (end > upTo) break;
    const postingDate = addDays(end, 1);
    out.push({ fromDate: start, toDate: end, postingDate });
    start = postingDate;
  }
  return out;
}
