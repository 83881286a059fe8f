/**
 * Daily interest posting (Fineract's interestPostingPeriodType DAILY), the financial year's first month
 * (financial-year-beginning-month) and posting on the period's last day (savings-interest-posting-current-period-end).
 *
 * Fineract's figures come from its integration tests, whose savings product (SavingsProductHelper) is USD with 4
 * decimals, 10 % a year on a 365-day year, daily balance; amounts below are in 1/10,000 of a dollar. The others
 * are worked by hand with the helpers' 7.3 % (0.0002 a day), amounts in cents.
 */
import { describe, expect, it } from 'vitest';
import {
  computeInterest,
  interestPostingsDue,
  isPlanEmpty,
  nextPostingDate,
  postingPeriodsUpTo,
  type PostedInterest,
  type SavingsProductTerms,
} from '../../../../electron/core/domain/savings';
import { deposit, terms, withdrawal, withdrawalFee } from './helpers';

const USD4 = { code: 'USD', decimalPlaces: 4, inMultiplesOf: 0 };

/** SavingsProductHelper's product with daily compounding and daily posting (createSavingsProductDailyPosting). */
function fineractDaily(over: Partial<SavingsProductTerms> = {}): SavingsProductTerms {
  return terms({ nominalAnnualInterestRate: '10', interestCompoundingPeriodType: 'DAILY', interestPostingPeriodType: 'DAILY', currency: USD4, ...over });
}

const posted = (out: ReturnType<typeof computeInterest>) => out.periods.map((p) => [p.postingDate, p.interest]);

describe('daily posting, Fineract figures', () => {
  it('posts one day of interest the next day (SavingsInterestPostingIntegrationTest.testSavingsDailyInterestPosting: 0.274 on 2 November 2021)', () => {
    // 1000 from 1 November 2021: 1000 x 0.1 / 365 = 0.273972... -> 0.2740
    const out = computeInterest([deposit('2021-11-01', 10_000_000)], fineractDaily(), { activationDate: '2021-11-01', upTo: '2021-11-01' });
    expect(out.periods).toEqual([
      { fromDate: '2021-11-01', toDate: '2021-11-01', postingDate: '2021-11-02', interest: 2740, overdraftInterest: 0, interestUnrounded: '2739.726027397', overdraftInterestUnrounded: '0' },
    ]);
    expect(out.checkpoint?.date).toBe('2021-11-02');
  });

  it('compounds each day on the unrounded interest (SavingsInterestPostingJobIntegrationTest.testSavingsDailyInterestPostingJob: 2.7405 on 12 April 2022)', () => {
    // 10000 from 10 April 2022: 10 April earns 10000 x 0.1 / 365 = 2.739726 -> 2.7397 (posted 11 April); 11 April
    // earns (10000 + 2.739726) x 0.1 / 365 = 2.740476 -> 2.7405 (posted 12 April)
    const out = computeInterest([deposit('2022-04-10', 100_000_000)], fineractDaily(), { activationDate: '2022-04-10', upTo: '2022-04-11' });
    expect(posted(out)).toEqual([
      ['2022-04-11', 27_397],
      ['2022-04-12', 27_405],
    ]);
  });

  it('counts a withdrawal fee out of the base from its day (testAccountBalanceWithWithdrawalFeeAfterInterestPostingJob: balance 800.4384)', () => {
    // 1000 deposited and 100 withdrawn with a 100 fee on 21 June 2022: 800 earns 800 x 0.1 / 365 = 0.219178 -> 0.2192,
    // then (800 + 0.219178) x 0.1 / 365 = 0.219238 -> 0.2192: the balance after the second posting is 800.4384
    const txs = [deposit('2022-06-21', 10_000_000), withdrawalFee('2022-06-21', 1_000_000), withdrawal('2022-06-21', 1_000_000)];
    const out = computeInterest(txs, fineractDaily(), { activationDate: '2022-06-21', upTo: '2022-06-22' });
    expect(posted(out)).toEqual([
      ['2022-06-22', 2192],
      ['2022-06-23', 2192],
    ]);
    expect(8_000_000 + out.periods[0]!.interest + out.periods[1]!.interest).toBe(8_004_384);
  });

  it('charges overdraft interest day by day (testSavingsDailyOverdraftInterestPostingJob: 2.7397 on 11 April 2022)', () => {
    // 10000 withdrawn on the opening day, overdraft up to 10000 at 10 %: 10000 x 0.1 / 365 -> 2.7397, posted 11 April
    const over = fineractDaily({ overdraft: { allowOverdraft: true, overdraftLimit: 100_000_000, nominalAnnualInterestRateOverdraft: '10' } });
    const out = computeInterest([withdrawal('2022-04-10', 100_000_000)], over, { activationDate: '2022-04-10', upTo: '2022-04-10' });
    expect(out.periods.map((p) => [p.postingDate, p.interest, p.overdraftInterest])).toEqual([['2022-04-11', 0, 27_397]]);
  });

  it('keeps 47 days of daily postings on 10000 at 10129.5818 (worked by hand)', () => {
    // Each day earns (10000 + the unrounded interest so far) x 0.1 / 365 and is rounded on its own; the 47 rounded
    // postings (10 April to 26 May 2022, the last posted 27 May) add up to 129.5818, against 10000 x ((1 + 0.1/365)^47
    // - 1) = 129.58186 unrounded. Fineract's testSavingsBalanceCheckAfterDailyInterestPostingJob publishes 10129.582
    // for that row, from a build whose running total we could not reproduce (rounded postings as the base give
    // 10129.5818 too); DOMAIN.md's unrounded running total is followed.
    const out = computeInterest([deposit('2022-04-10', 100_000_000)], fineractDaily(), { activationDate: '2022-04-10', upTo: '2022-05-26' });
    expect(out.periods).toHaveLength(47);
    expect(out.periods.at(-1)!.postingDate).toBe('2022-05-27');
    expect(out.periods.reduce((sum, p) => sum + p.interest, 0)).toBe(1_295_818);
  });

  it('gives the same postings resumed day by day from each checkpoint as computed from activation', () => {
    const txs = [deposit('2022-04-10', 100_000_000), withdrawal('2022-04-20', 30_000_000), deposit('2022-04-20', 5_000_000), deposit('2022-05-02', 12_345_678)];
    const t = fineractDaily();
    const full = computeInterest(txs, t, { activationDate: '2022-04-10', upTo: '2022-05-10' });
    let checkpoint = computeInterest(txs, t, { activationDate: '2022-04-10', upTo: '2022-04-10' }).checkpoint!;
    const days = [full.periods[0]!];
    while (checkpoint.date <= '2022-05-10') {
      const step = computeInterest(txs.filter((x) => x.date >= checkpoint.date), t, { activationDate: '2022-04-10', upTo: checkpoint.date, resumeFrom: checkpoint });
      expect(step.periods).toHaveLength(1);
      days.push(step.periods[0]!);
      checkpoint = step.checkpoint!;
    }
    expect(days).toEqual(full.periods);
  });

  it('rounds daily posting with monthly compounding day by day, compounding at the month end (worked by hand)', () => {
    // 7.3 %: 1000.00 earns 20 cents a day, simple within January; 31 January: 20 posted on 1 February. February's
    // base adds January's 31 x 20 = 620: (100000 + 620) x 0.0002 = 20.124 -> 20 each day
    const out = computeInterest([deposit('2024-01-01', 100_000)], terms({ interestPostingPeriodType: 'DAILY' }), { activationDate: '2024-01-01', upTo: '2024-02-02' });
    expect(out.periods).toHaveLength(33);
    expect(out.periods[30]).toMatchObject({ toDate: '2024-01-31', postingDate: '2024-02-01', interest: 20, interestUnrounded: '20' });
    expect(out.periods[31]).toMatchObject({ toDate: '2024-02-01', interest: 20, interestUnrounded: '20.124' });
    expect(out.compoundedInterest).toBe('620');
  });
});

describe('the financial year', () => {
  it('ends an annual period in March for a year from April, posted on its last day (FlexibleSavingsInterestPostingIntegrationTest: 33.7016 on 31 March 2014)', () => {
    // financial-year-beginning-month 4, savings-interest-posting-current-period-end on, daily compounding, annual
    // posting: 1000 from 1 December 2013 to 31 March 2014 (121 days) earns 1000 x ((1 + 0.1/365)^121 - 1) =
    // 33.701598 -> 33.7016, dated 31 March 2014
    const t = fineractDaily({ interestPostingPeriodType: 'ANNUAL', financialYearBeginningMonth: 4, postingAtPeriodEnd: true });
    const out = computeInterest([deposit('2013-12-01', 10_000_000)], t, { activationDate: '2013-12-01', upTo: '2014-03-31' });
    expect(out.periods).toEqual([
      { fromDate: '2013-12-01', toDate: '2014-03-31', postingDate: '2014-03-31', interest: 337_016, overdraftInterest: 0, interestUnrounded: '337015.980794783', overdraftInterestUnrounded: '0' },
    ]);
    // "There is no difference in the interest amount posted" (Fineract's description of the option): the day after
    const dayAfter = computeInterest([deposit('2013-12-01', 10_000_000)], { ...t, postingAtPeriodEnd: false }, { activationDate: '2013-12-01', upTo: '2014-03-31' });
    expect(posted(dayAfter)).toEqual([['2014-04-01', 337_016]]);
    // a year from January ends the first period on 31 December: 31 days, 1000 x ((1 + 0.1/365)^31 - 1) -> 8.5281
    const january = computeInterest([deposit('2013-12-01', 10_000_000)], { ...t, financialYearBeginningMonth: 1 }, { activationDate: '2013-12-01', upTo: '2014-03-31' });
    expect(posted(january)).toEqual([['2013-12-31', 85_281]]);
  });

  it('moves quarters to end in April, July, October and January for a year from February (worked by hand)', () => {
    // 7.3 %, monthly compounding, quarterly posting; 1000.00 from 10 March 2024.
    // Quarter to 30 April: March 22 days x 100000 x 0.0002 = 440, compounded on 31 March; April 30 x 100440 x 0.0002
    // = 602.64; 1042.64 -> 10.43 posted 1 May (a year from January would post March's 4.40 on 1 April).
    // Quarter to 31 July: May 31 x 101042.64 x 0.0002 = 626.464368; June 30 x 101669.104368 x 0.0002 = 610.014626208;
    // July 31 x 102279.118994208 x 0.0002 = 634.130537764; 1870.609531972 -> 18.71 posted 1 August.
    const t = terms({ interestPostingPeriodType: 'QUARTERLY', financialYearBeginningMonth: 2 });
    const out = computeInterest([deposit('2024-03-10', 100_000)], t, { activationDate: '2024-03-10', upTo: '2024-08-01' });
    expect(out.periods.map((p) => [p.fromDate, p.toDate, p.postingDate, p.interest, p.interestUnrounded])).toEqual([
      ['2024-03-10', '2024-04-30', '2024-05-01', 1043, '1042.64'],
      ['2024-05-01', '2024-07-31', '2024-08-01', 1871, '1870.609531972'],
    ]);
    const calendar = computeInterest([deposit('2024-03-10', 100_000)], { ...t, financialYearBeginningMonth: 1 }, { activationDate: '2024-03-10', upTo: '2024-08-01' });
    expect(posted(calendar)).toEqual([
      ['2024-04-01', 440],
      ['2024-07-01', expect.any(Number)],
    ]);
    // posted on the quarter's last day instead: the same amounts, a day earlier
    expect(posted(computeInterest([deposit('2024-03-10', 100_000)], { ...t, postingAtPeriodEnd: true }, { activationDate: '2024-03-10', upTo: '2024-08-01' }))).toEqual([
      ['2024-04-30', 1043],
      ['2024-07-31', 1871],
    ]);
  });

  it('moves quarterly compounding with the year too (worked by hand)', () => {
    // 7.3 %, quarterly compounding, annual posting, the year from February; 1000.00 from 1 February 2024.
    // Compounded 30 April: 90 days (February has 29) x 100000 x 0.0002 = 1800; 31 July: 92 x 101800 x 0.0002 =
    // 1873.12; 31 October: 92 x 103673.12 x 0.0002 = 1907.585408; 31 January: 92 x 105580.705408 x 0.0002 =
    // 1942.684979507. The year: 7523.390387507 -> 75.23, posted 1 February 2025.
    const t = terms({ interestPostingPeriodType: 'ANNUAL', interestCompoundingPeriodType: 'QUARTERLY', financialYearBeginningMonth: 2 });
    const out = computeInterest([deposit('2024-02-01', 100_000)], t, { activationDate: '2024-02-01', upTo: '2025-02-01' });
    expect(out.periods.map((p) => [p.toDate, p.postingDate, p.interest, p.interestUnrounded])).toEqual([['2025-01-31', '2025-02-01', 7523, '7523.390387507']]);
  });

  it('lists posting dates and the next one by the year and the posting option', () => {
    expect(postingPeriodsUpTo('2024-03-10', '2024-12-31', 'QUARTERLY', 4)).toEqual([
      { fromDate: '2024-03-10', toDate: '2024-03-31', postingDate: '2024-04-01' },
      { fromDate: '2024-04-01', toDate: '2024-06-30', postingDate: '2024-07-01' },
      { fromDate: '2024-07-01', toDate: '2024-09-30', postingDate: '2024-10-01' },
      { fromDate: '2024-10-01', toDate: '2024-12-31', postingDate: '2025-01-01' },
    ]);
    expect(postingPeriodsUpTo('2024-03-10', '2024-12-31', 'BIANNUAL', 4, true).map((p) => p.postingDate)).toEqual(['2024-03-31', '2024-09-30']);
    expect(postingPeriodsUpTo('2024-03-10', '2024-03-12', 'DAILY').map((p) => [p.fromDate, p.toDate, p.postingDate])).toEqual([
      ['2024-03-10', '2024-03-10', '2024-03-11'],
      ['2024-03-11', '2024-03-11', '2024-03-12'],
      ['2024-03-12', '2024-03-12', '2024-03-13'],
    ]);
    expect(nextPostingDate('2024-03-10', { interestPostingPeriodType: 'DAILY' })).toBe('2024-03-11');
    expect(nextPostingDate('2024-03-10', { interestPostingPeriodType: 'DAILY', postingAtPeriodEnd: true })).toBe('2024-03-10');
    expect(nextPostingDate('2024-03-10', { interestPostingPeriodType: 'ANNUAL', financialYearBeginningMonth: 4, postingAtPeriodEnd: true })).toBe('2024-03-31');
  });
});

describe('posting plans at the period end, resumed', () => {
  it('judges a posting dated on the checkpoint day as one of the recomputed periods', () => {
    // daily posting on the day itself: the run of 11 April resumes from the checkpoint of 11 April, whose own posting
    // is dated 11 April; the posting of 10 April (dated 10 April) belongs to an earlier period and is not checked
    const t = fineractDaily({ postingAtPeriodEnd: true });
    const txs = [deposit('2022-04-10', 100_000_000)];
    const first = computeInterest(txs, t, { activationDate: '2022-04-10', upTo: '2022-04-10' });
    expect(posted(first)).toEqual([['2022-04-10', 27_397]]);
    const made: PostedInterest<string>[] = [{ postingDate: '2022-04-10', amount: 27_397, ref: 'day-1' }];
    const second = computeInterest([], t, { activationDate: '2022-04-10', upTo: '2022-04-11', resumeFrom: first.checkpoint! });
    // a wrong posting already dated 11 April is judged (reversed), not left alone
    const plan = interestPostingsDue(second, [...made, { postingDate: '2022-04-11', amount: 1, ref: 'wrong' }], '2022-04-11');
    expect(plan.notChecked.map((p) => p.ref)).toEqual(['day-1']);
    expect(plan.reverse.map((p) => p.ref)).toEqual(['wrong']);
    expect(plan.create.map((c) => [c.postingDate, c.amount])).toEqual([['2022-04-11', 27_405]]);
    const after = [...made, ...plan.create.map((c) => ({ postingDate: c.postingDate, amount: c.amount }))];
    expect(isPlanEmpty(interestPostingsDue(second, after, '2022-04-11'))).toBe(true);
  });
});
