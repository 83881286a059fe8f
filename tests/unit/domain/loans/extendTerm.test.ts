/**
 * Fineract's working-days flags that extend a loan's term instead of letting repayments pile up on one day
 * (issue 12): extendTermForDailyRepayments (a loan repaid every day: the next working day, and the dates after it
 * follow from there) and extendTermForRepaymentsOnHolidays (a date moved off a holiday carries the dates after it).
 * 2026-12-05 is a Saturday, 2026-12-06 a Sunday.
 */
import { describe, expect, it } from 'vitest';
import { scheduleDates } from '../../../../electron/core/domain/loans/scheduleDates';
import { toLoanTerms, type LoanTerms } from '../../../../electron/core/domain/loans';
import type { WorkingCalendar } from '../../../../electron/core/domain/calendar';
import { parseScheduleInput, type CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import { EUR } from './helpers';

function terms(input: Record<string, unknown>, calendar: WorkingCalendar): LoanTerms {
  const t = toLoanTerms(parseScheduleInput({ principal: '1000', interestRatePerPeriod: '1', interestType: 'FLAT', currency: EUR, ...input }) as CompleteScheduleInput);
  return { ...t, calendar };
}
const dues = (t: LoanTerms) => scheduleDates(t).periods.map((p) => p.dueDate);
const weekend: WorkingCalendar = { nonWorkingDays: ['SATURDAY', 'SUNDAY'], holidays: [] };
const daily = { numberOfRepayments: 6, repaymentFrequencyType: 'DAYS', repaymentEvery: 1, expectedDisbursementDate: '2026-12-02' };

describe('extending the term instead of doubling up repayments', () => {
  it('daily loans: without the flag the weekend falls on Monday twice; with it the loan ends later', () => {
    // 3, 4, 5 (Sat), 6 (Sun), 7, 8: Saturday and Sunday both move to Monday 7 December
    expect(dues(terms(daily, weekend))).toEqual(['2026-12-03', '2026-12-04', '2026-12-07', '2026-12-07', '2026-12-07', '2026-12-08']);
    // with the flag: Saturday moves to Monday and the next dates follow it, one a day, each off the weekend
    expect(dues(terms(daily, { ...weekend, extendTermForDailyRepayments: true }))).toEqual(['2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']);
    // the rule is for every-day loans only, and it forces "next working day" whatever the branch's rule
    expect(dues(terms({ ...daily, repaymentEvery: 2 }, { ...weekend, extendTermForDailyRepayments: true }))).toEqual(dues(terms({ ...daily, repaymentEvery: 2 }, weekend)));
    expect(dues(terms(daily, { ...weekend, extendTermForDailyRepayments: true, rescheduleType: 'MOVE_TO_PREVIOUS_WORKING_DAY' }))).toEqual(['2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']);
  });

  it('holidays: a date moved off a holiday carries the dates after it only with the flag', () => {
    const weekly = { numberOfRepayments: 4, repaymentFrequencyType: 'WEEKS', repaymentEvery: 1, expectedDisbursementDate: '2026-12-01' };
    const jamhuri: WorkingCalendar = {
      nonWorkingDays: ['SUNDAY'],
      holidays: [{ fromDate: '2026-12-15', toDate: '2026-12-15', reschedulingType: 'RESCHEDULE_TO_SPECIFIC_DATE', repaymentsRescheduledTo: '2026-12-17' }],
    };
    expect(dues(terms(weekly, jamhuri))).toEqual(['2026-12-08', '2026-12-17', '2026-12-22', '2026-12-29']);
    expect(dues(terms(weekly, { ...jamhuri, extendTermForRepaymentsOnHolidays: true }))).toEqual(['2026-12-08', '2026-12-17', '2026-12-24', '2026-12-31']);
    // a date moved off a closed weekday is not a holiday's: nothing extends
    const sundays = { ...weekly, expectedDisbursementDate: '2026-11-29' };
    expect(dues(terms(sundays, { nonWorkingDays: ['SUNDAY'], holidays: [], extendTermForRepaymentsOnHolidays: true }))).toEqual(['2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28']);
  });
});
