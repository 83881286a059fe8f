/**
 * DOMAIN.md "Savings (Fineract)", rule by rule, on accounts whose interest is worked by hand in the comments.
 * Amounts are cents (EUR) unless said otherwise. With the default terms (helpers.ts) the daily rate is
 * 7.3 / 100 / 365 = 0.0002 exactly.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { computeInterest, type SavingsTransaction } from '../../../../electron/core/domain/savings';
import {
  JANUARY,
  UGX100,
  deposit,
  fee,
  interestPosting,
  overdraftInterest,
  terms,
  withdrawal,
} from './helpers';

const JAN_FEB = { activationDate: '2024-01-01', upTo: '2024-02-29' };

function amounts(out: ReturnType<typeof computeInterest>): number[] {
  return out.periods.map((p) => p.interest);
}

describe('daily balance, monthly compounding, a month with several deposits and a withdrawal', () => {
  // January: 3944880 balance-days (helpers.ts) x 0.0002 = 788.976 cents -> 789 (7.89).
  // February (29 days, 2024 is a leap year but the year still has 365 days): no transaction, end-of-day balance
  // 134990. January's interest compounded at 31 January, unrounded: base = 134990 + 788.976 = 135778.976;
  // 135778.976 x 29 x 0.0002 = 135778.976 x 0.0058 = 787.5180608 -> 788 (7.88).
  // The 7.89 posted on 1 February is in the list but not in the base: adding it as well would give
  // (134990 + 789 + 788.976) x 0.0058 = 792.09 -> 792.
  const transactions = [...JANUARY, interestPosting('2024-02-01', 789)];

  it('computes 7.89 for January and 7.88 for February', () => {
    const out = computeInterest(transactions, terms(), JAN_FEB);
    expect(out.periods).toEqual([
      {
        fromDate: '2024-01-01',
        toDate: '2024-01-31',
        postingDate: '2024-02-01',
        interest: 789,
        overdraftInterest: 0,
        interestUnrounded: '788.976',
        overdraftInterestUnrounded: '0',
      },
      {
        fromDate: '2024-02-01',
        toDate: '2024-02-29',
        postingDate: '2024-03-01',
        interest: 788,
        overdraftInterest: 0,
        interestUnrounded: '787.5180608',
        overdraftInterestUnrounded: '0',
      },
    ]);
    expect(out.current).toBeNull();
    // running total after February: 788.976 + 787.5180608
    expect(out.compoundedInterest).toBe('1576.4940608');
  });

  it('gives the same figures whether or not the interest postings are in the list, in any order', () => {
    const without = computeInterest(JANUARY, terms(), JAN_FEB);
    const shuffled = [...transactions].reverse();
    expect(computeInterest(shuffled, terms(), JAN_FEB)).toEqual(without);
    expect(amounts(without)).toEqual([789, 788]);
  });

  it('counts a deposit from its own day and a withdrawal from its own day', () => {
    // a single deposit of 1000.00 on 31 January earns for one day: 100000 x 0.0002 = 20 cents
    expect(amounts(computeInterest([deposit('2024-01-31', 100000)], terms(), { activationDate: '2024-01-01', upTo: '2024-01-31' }))).toEqual([20]);
    // 1000.00 from 1 January, all withdrawn on 31 January: 30 days x 100000 x 0.0002 = 600 (the 31st earns nothing)
    const out = computeInterest([deposit('2024-01-01', 100000), withdrawal('2024-01-31', 100000)], terms(), {
      activationDate: '2024-01-01',
      upTo: '2024-01-31',
    });
    expect(amounts(out)).toEqual([600]);
  });

  it('lowers the base by a fee from its date', () => {
    // 1000.00 from 1 January, a fee of 100.00 on 16 January: 15 x 100000 + 16 x 90000 = 2940000 x 0.0002 = 588
    const out = computeInterest([deposit('2024-01-01', 100000), fee('2024-01-16', 10000)], terms(), {
      activationDate: '2024-01-01',
      upTo: '2024-01-31',
    });
    expect(amounts(out)).toEqual([588]);
  });
});

describe('daily balance, daily compounding, the same month', () => {
  // g = 1 + 0.0002. A block of n days at base P earns P(g^n - 1); the interest joins the base of the next block.
  //   g^9  = 1 + 9(0.0002) + 36(0.0002)^2 + 84(0.0002)^3 + 126(0.0002)^4 + ... = 1.00180144067220164...
  //   g^10 = 1.00200180096033608...   g^5 = 1.00100040008000800...   g^7 = 1.00140084028005600...
  //   block 1: 100000 x 0.00180144067220164  = 180.144067220164
  //   block 2: (150000 + 180.144067220164) x 0.00200180096033608 = 150180.144067220164 x ... = 300.630756617172
  //   block 3: (119990 + 480.774823837336) x 0.00100040008000800 = 120.518972772393
  //   block 4: (134990 + 601.293796609729) x 0.00140084028005600 = 189.941745975199
  //   January: 791.235542584928 -> 791 (7.91)
  // February, one block of 29 days: (134990 + 791.235542584928) x (g^29 - 1),
  //   g^29 - 1 = 0.00581626927003963..., so 135781.235542584928 x 0.00581626927003963 = 789.740227734350 -> 790.
  const daily = terms({ interestCompoundingPeriodType: 'DAILY' });

  it('computes 7.91 for January and 7.90 for February', () => {
    const out = computeInterest([...JANUARY, interestPosting('2024-02-01', 791)], daily, JAN_FEB);
    expect(amounts(out)).toEqual([791, 790]);
    expect(out.periods[0]?.interestUnrounded).toBe('791.235542585');
    expect(out.periods[1]?.interestUnrounded).toBe('789.740227734');
  });

  it('ignores the average daily balance under daily compounding', () => {
    const average = terms({ interestCompoundingPeriodType: 'DAILY', interestCalculationType: 'AVERAGE_DAILY_BALANCE' });
    expect(computeInterest(JANUARY, average, JAN_FEB)).toEqual(computeInterest(JANUARY, daily, JAN_FEB));
    const withMin = { minBalanceForInterestCalculation: 120000 };
    expect(computeInterest(JANUARY, { ...average, ...withMin }, JAN_FEB)).toEqual(computeInterest(JANUARY, { ...daily, ...withMin }, JAN_FEB));
  });
});

describe('average daily balance, monthly compounding', () => {
  const average = terms({ interestCalculationType: 'AVERAGE_DAILY_BALANCE' });

  it('gives the daily-balance figures when every day is positive and there is no minimum', () => {
    // average = 3944880 / 31 = 127254.19...; interest = average x 31 x 0.0002 = 3944880 x 0.0002 = 788.976 -> 789
    // February as with the daily balance: 787.5180608 -> 788
    const out = computeInterest(JANUARY, average, JAN_FEB);
    expect(amounts(out)).toEqual([789, 788]);
    expect(out.periods[0]?.interestUnrounded).toBe('788.976');
  });

  it('tests the minimum balance on the average, where the daily balance tests each block', () => {
    // minimum 1200.00. Daily balance: blocks at 1000.00 (9 days) and 1199.90 (5 days) earn nothing:
    //   (1500000 + 944930) x 0.0002 = 2444930 x 0.0002 = 488.986 -> 489.
    // Average daily balance: 127254.19 >= 120000, the whole month earns 788.976 -> 789.
    const min = { minBalanceForInterestCalculation: 120000 };
    const jan = { activationDate: '2024-01-01', upTo: '2024-01-31' };
    expect(amounts(computeInterest(JANUARY, terms(min), jan))).toEqual([489]);
    expect(amounts(computeInterest(JANUARY, { ...average, ...min }, jan))).toEqual([789]);
    // minimum 1300.00: the average (1272.54) is below it, nothing; the daily balance still has 1500.00 (10 days)
    // and 1349.90 (7 days): 2444930 x 0.0002 = 488.986 -> 489.
    const higher = { minBalanceForInterestCalculation: 130000 };
    expect(amounts(computeInterest(JANUARY, terms(higher), jan))).toEqual([489]);
    expect(amounts(computeInterest(JANUARY, { ...average, ...higher }, jan))).toEqual([0]);
  });
});

describe('minBalanceForInterestCalculation', () => {
  it('lets a block below it earn nothing, not interest on the excess', () => {
    // 1000.00 all month, minimum 1000.01: nothing (not 0.01 x ...); minimum 1000.00: 3100000 x 0.0002 = 620
    const one = [deposit('2024-01-01', 100000)];
    const jan = { activationDate: '2024-01-01', upTo: '2024-01-31' };
    expect(amounts(computeInterest(one, terms({ minBalanceForInterestCalculation: 100001 }), jan))).toEqual([0]);
    expect(amounts(computeInterest(one, terms({ minBalanceForInterestCalculation: 100000 }), jan))).toEqual([620]);
  });

  it('tests the base, compounded interest included (daily compounding)', () => {
    // minimum 1200.00, daily compounding, January of helpers.ts:
    //   block 1 (1000.00): below, nothing.
    //   block 2: 150000 x (g^10 - 1) = 150000 x 0.00200180096033608 = 300.270144050412
    //   block 3: 119990 alone is below the minimum, but the base is 119990 + 300.270144050412 = 120290.27 >= 120000:
    //            120290.270144050412 x (g^5 - 1) = 120290.270144050412 x 0.00100040008000800 = 120.338395876292
    //   block 4: (134990 + 420.608539926704) x (g^7 - 1) = 135410.608539926704 x 0.00140084028005600 = 189.688634789625
    //   January: 610.297174716329 -> 610
    const out = computeInterest(JANUARY, terms({ interestCompoundingPeriodType: 'DAILY', minBalanceForInterestCalculation: 120000 }), {
      activationDate: '2024-01-01',
      upTo: '2024-01-31',
    });
    expect(out.periods[0]?.interestUnrounded).toBe('610.297174716');
    expect(amounts(out)).toEqual([610]);
  });

  it('never lets minRequiredBalance change interest', () => {
    const strict = terms({ minRequiredBalance: 500000, enforceMinRequiredBalance: true });
    expect(computeInterest(JANUARY, strict, JAN_FEB)).toEqual(computeInterest(JANUARY, terms(), JAN_FEB));
  });
});

describe('days in the year', () => {
  const one = [deposit('2023-01-01', 100000)];
  const jan = { activationDate: '2023-01-01', upTo: '2023-01-31' };

  it('divides by 360 or 365', () => {
    // 7.2 % on 1000.00 for 31 days: 360 days: 3100000 x 7.2 / 36000 = 3100000 x 0.0002 = 620 (6.20)
    //                               365 days: 3100000 x 7.2 / 36500 = 22320000 / 36500 = 611.5068... -> 612 (6.12)
    const rate = { nominalAnnualInterestRate: '7.2' };
    expect(amounts(computeInterest(one, terms({ ...rate, interestCalculationDaysInYearType: 360 }), jan))).toEqual([620]);
    const out365 = computeInterest(one, terms({ ...rate, interestCalculationDaysInYearType: 365 }), jan);
    expect(amounts(out365)).toEqual([612]);
    expect(out365.periods[0]?.interestUnrounded).toBe('611.506849315');
  });

  it('still divides by 365 in a leap year', () => {
    // February 2024 (29 days) on 1000.00 at 7.3 %: 100000 x 29 x 7.3 / 36500 = 580 (with 366 it would be 578.4)
    const out = computeInterest([deposit('2024-02-01', 100000)], terms(), { activationDate: '2024-02-01', upTo: '2024-02-29' });
    expect(amounts(out)).toEqual([580]);
  });
});

describe('rounding once per posting period, half-even', () => {
  // 3.6 % on a 360-day year is 0.0001 a day; 50.00 (5000 cents) earns 0.5 cent a day.
  const half = terms({ nominalAnnualInterestRate: '3.6', interestCalculationDaysInYearType: 360 });

  it('rounds 15.5 up to 16 and 14.5 down to 14', () => {
    // from 1 January: 31 days x 0.5 = 15.5 -> 16 (even); February: (5000 + 15.5) x 28 x 0.0001 = 14.0434 -> 14
    const out = computeInterest([deposit('2023-01-01', 5000)], half, { activationDate: '2023-01-01', upTo: '2023-02-28' });
    expect(amounts(out)).toEqual([16, 14]);
    expect(out.periods.map((p) => p.interestUnrounded)).toEqual(['15.5', '14.0434']);
    // from 3 January: 29 days x 0.5 = 14.5 -> 14 (even)
    const late = computeInterest([deposit('2023-01-03', 5000)], half, { activationDate: '2023-01-03', upTo: '2023-01-31' });
    expect(late.periods).toMatchObject([{ fromDate: '2023-01-03', toDate: '2023-01-31', interest: 14, interestUnrounded: '14.5' }]);
  });

  it('rounds a 0-decimal currency to its cash multiple (Money.of)', () => {
    // UGX in multiples of 100: 1234567 x 31 x 0.0002 = 7654.3154 -> nearest 100 = 7700
    const out = computeInterest([deposit('2024-01-01', 1234567)], terms({ currency: UGX100 }), {
      activationDate: '2024-01-01',
      upTo: '2024-01-31',
    });
    expect(out.periods[0]).toMatchObject({ interest: 7700, interestUnrounded: '7654.3154' });
  });
});

describe('posting periods', () => {
  // 7.2 % on a 360-day year: 0.0002 a day. 1000.00 deposited on 1 January 2024, nothing else.
  const base = terms({ nominalAnnualInterestRate: '7.2', interestCalculationDaysInYearType: 360 });
  const one = [deposit('2024-01-01', 100000)];
  const opts = { activationDate: '2024-01-01', upTo: '2024-08-15' };

  it('posts each period the day after it ends and never the unfinished one', () => {
    const out = computeInterest(one, base, { activationDate: '2024-01-01', upTo: '2024-02-15' });
    expect(out.periods.map((p) => [p.fromDate, p.toDate, p.postingDate])).toEqual([['2024-01-01', '2024-01-31', '2024-02-01']]);
    // February so far: (100000 + 620) x 15 x 0.0002 = 301.86, not posted
    expect(out.current).toMatchObject({ fromDate: '2024-02-01', toDate: '2024-02-15', postingDate: '2024-03-01', interest: 302 });
  });

  it('ends quarters with the financial year (starting in February: January, April, July, October)', () => {
    // quarterly compounding and posting, financial year from February:
    //   1 Jan - 31 Jan (31 days): 100000 x 31 x 0.0002 = 620 -> 6.20, posted 1 February; the quarter ends: C = 620
    //   1 Feb - 30 Apr (29 + 31 + 30 = 90 days): 100620 x 90 x 0.0002 = 1811.16 -> 18.11, posted 1 May; C = 2431.16
    //   1 May - 31 Jul (31 + 30 + 31 = 92 days): 102431.16 x 92 x 0.0002 = 1884.733344 -> 18.85, posted 1 August
    //   1 Aug - 15 Aug unfinished: (100000 + 4315.893344) x 15 x 0.0002 = 312.947680032 -> not posted
    const quarterly = { ...base, interestCompoundingPeriodType: 'QUARTERLY', interestPostingPeriodType: 'QUARTERLY' } as const;
    const out = computeInterest(one, { ...quarterly, financialYearBeginningMonth: 2 }, opts);
    expect(out.periods.map((p) => [p.fromDate, p.toDate, p.postingDate, p.interest, p.interestUnrounded])).toEqual([
      ['2024-01-01', '2024-01-31', '2024-02-01', 620, '620'],
      ['2024-02-01', '2024-04-30', '2024-05-01', 1811, '1811.16'],
      ['2024-05-01', '2024-07-31', '2024-08-01', 1885, '1884.733344'],
    ]);
    expect(out.current).toMatchObject({ fromDate: '2024-08-01', toDate: '2024-08-15', interestUnrounded: '312.947680032' });
    expect(out.compoundedInterest).toBe('4315.893344');

    // the default financial year (January): quarters end in March, June, September, December
    //   1 Jan - 31 Mar (91 days): 100000 x 91 x 0.0002 = 1820 -> 18.20, posted 1 April
    //   1 Apr - 30 Jun (91 days): 101820 x 91 x 0.0002 = 1853.124 -> 18.53, posted 1 July
    //   1 Jul - 15 Aug unfinished (46 days): 103673.124 x 46 x 0.0002 = 953.7927408
    const calendar = computeInterest(one, quarterly, opts);
    expect(calendar.periods.map((p) => [p.toDate, p.postingDate, p.interest])).toEqual([
      ['2024-03-31', '2024-04-01', 1820],
      ['2024-06-30', '2024-07-01', 1853],
    ]);
    expect(calendar.current?.interestUnrounded).toBe('953.7927408');
  });

  it('compounds monthly inside a quarterly posting period', () => {
    // January 100000 x 31 x 0.0002 = 620; February (100620) x 29 x 0.0002 = 583.596;
    // March (100620 + 583.596 = 101203.596) x 31 x 0.0002 = 627.4622952; quarter: 1831.0582952 -> 18.31
    const out = computeInterest(one, { ...base, interestPostingPeriodType: 'QUARTERLY' }, { activationDate: '2024-01-01', upTo: '2024-03-31' });
    expect(out.periods).toMatchObject([{ postingDate: '2024-04-01', interest: 1831, interestUnrounded: '1831.0582952' }]);
  });

  it('compounds quarterly across monthly postings: interest joins the base when the quarter ends', () => {
    // January 620, February 100000 x 29 x 0.0002 = 580, March 620 (the base stays 1000.00 all quarter);
    // April: (100000 + 620 + 580 + 620) x 30 x 0.0002 = 101820 x 0.006 = 610.92 -> 611
    const out = computeInterest(one, { ...base, interestCompoundingPeriodType: 'QUARTERLY' }, { activationDate: '2024-01-01', upTo: '2024-04-30' });
    expect(amounts(out)).toEqual([620, 580, 620, 611]);
  });

  it('follows the financial year for half-yearly and yearly posting', () => {
    const half = computeInterest(one, { ...base, interestPostingPeriodType: 'BIANNUAL', financialYearBeginningMonth: 4 }, {
      activationDate: '2024-01-01',
      upTo: '2025-03-31',
    });
    expect(half.periods.map((p) => p.postingDate)).toEqual(['2024-04-01', '2024-10-01', '2025-04-01']);
    const year = computeInterest(one, { ...base, interestPostingPeriodType: 'ANNUAL', financialYearBeginningMonth: 7 }, {
      activationDate: '2024-01-01',
      upTo: '2025-06-30',
    });
    expect(year.periods.map((p) => [p.fromDate, p.toDate])).toEqual([
      ['2024-01-01', '2024-06-30'],
      ['2024-07-01', '2025-06-30'],
    ]);
  });
});

describe('overdraft interest', () => {
  // overdraft allowed to 1000.00 at 18.25 % a year: 18.25 / 100 / 365 = 0.0005 a day.
  // 100.00 deposited on 1 January, 300.00 withdrawn on 11 January: +10000 for 10 days, -20000 for 21 days.
  const od = terms({ overdraft: { allowOverdraft: true, overdraftLimit: 100000, nominalAnnualInterestRateOverdraft: '18.25' } });
  const txs: SavingsTransaction[] = [deposit('2024-01-01', 10000), withdrawal('2024-01-11', 30000)];

  it('charges the overdraft rate on negative days, reported apart from the interest earned', () => {
    // earned: 10000 x 10 x 0.0002 = 20 -> 0.20; charged: 20000 x 21 x 0.0005 = 210 -> 2.10
    // February: C = 20 - 210 = -190 (net); base -20000 - 190 = -20190; 20190 x 29 x 0.0005 = 292.755 -> 2.93
    // (the postings of 1 February are in the list, not in the base)
    const out = computeInterest([...txs, interestPosting('2024-02-01', 20), overdraftInterest('2024-02-01', 210)], od, JAN_FEB);
    expect(out.periods.map((p) => [p.interest, p.overdraftInterest, p.overdraftInterestUnrounded])).toEqual([
      [20, 210, '210'],
      [0, 293, '292.755'],
    ]);
  });

  it('nets positive and negative days under the average daily balance', () => {
    // sum of balance-days: 100000 - 420000 = -320000, average negative: 320000 x 0.0005 = 160 -> 1.60, nothing earned
    // February: C = -160; 20160 x 29 x 0.0005 = 292.32 -> 2.92
    const out = computeInterest(txs, { ...od, interestCalculationType: 'AVERAGE_DAILY_BALANCE' }, JAN_FEB);
    expect(out.periods.map((p) => [p.interest, p.overdraftInterest])).toEqual([
      [0, 160],
      [0, 292],
    ]);
  });

  it('compounds overdraft interest daily under daily compounding', () => {
    // block 1: 10000 x (1.0002^10 - 1) = 10000 x 0.00200180096033608 = 20.0180096033608 -> 0.20
    // block 2: (-20000 + 20.0180096033608) x (1.0005^21 - 1) = -19979.9819903966 x 0.01055266662469926 = -210.842089112151 -> 2.11
    // February: (-20000 - 190.824079508790) x (1.0005^29 - 1) = -294.825570002942 -> 2.95
    const out = computeInterest(txs, { ...od, interestCompoundingPeriodType: 'DAILY' }, JAN_FEB);
    expect(out.periods.map((p) => [p.interest, p.overdraftInterest, p.overdraftInterestUnrounded])).toEqual([
      [20, 211, '210.842089112'],
      [0, 295, '294.825570003'],
    ]);
  });

  it('charges nothing when overdraft is not allowed or has no rate', () => {
    const noOverdraft = computeInterest(txs, terms(), JAN_FEB);
    expect(noOverdraft.periods.map((p) => [p.interest, p.overdraftInterest])).toEqual([
      [20, 0],
      [0, 0],
    ]);
    const noRate = computeInterest(txs, terms({ overdraft: { allowOverdraft: true, overdraftLimit: 100000 } }), JAN_FEB);
    expect(noRate.periods.map((p) => p.overdraftInterest)).toEqual([0, 0]);
  });
});

describe('resuming from a checkpoint', () => {
  it('carries the balance and the unrounded running totals to the next period, with the same figures', () => {
    // after January (helpers.ts): end-of-day balance 134990, C = 788.976 (monthly compounding, nothing pending)
    const jan = computeInterest(JANUARY, terms(), { activationDate: '2024-01-01', upTo: '2024-01-31' });
    expect(jan.checkpoint).toEqual({ date: '2024-02-01', balance: 134990, compoundedInterest: '788.976', pendingInterest: '0' });
    // February from the checkpoint, with only February's transactions: 787.5180608 -> 788, as from activation
    const feb = computeInterest([interestPosting('2024-02-01', 789)], terms(), { ...JAN_FEB, resumeFrom: jan.checkpoint! });
    const full = computeInterest(JANUARY, terms(), JAN_FEB);
    expect(feb.periods).toEqual(full.periods.slice(1));
    expect(feb.checkpoint).toEqual(full.checkpoint);
  });

  it('keeps the interest of a compounding period that runs on past the posting date', () => {
    // quarterly compounding, monthly posting: after January 620 is pending (joins C on 31 March)
    const q = terms({ interestCompoundingPeriodType: 'QUARTERLY', nominalAnnualInterestRate: '7.2', interestCalculationDaysInYearType: 360 });
    const one = [deposit('2024-01-01', 100000)];
    const jan = computeInterest(one, q, { activationDate: '2024-01-01', upTo: '2024-01-31' });
    expect(jan.checkpoint).toMatchObject({ compoundedInterest: '0', pendingInterest: '620' });
    const rest = computeInterest([], q, { activationDate: '2024-01-01', upTo: '2024-04-30', resumeFrom: jan.checkpoint! });
    expect(amounts(rest)).toEqual([580, 620, 611]);
  });

  it('refuses a transaction before the checkpoint and a checkpoint that does not start a posting period', () => {
    const jan = computeInterest(JANUARY, terms(), { activationDate: '2024-01-01', upTo: '2024-01-31' });
    const opts = { ...JAN_FEB, resumeFrom: jan.checkpoint! };
    expect(() => computeInterest([deposit('2024-01-31', 1)], terms(), opts)).toThrow(/before the checkpoint/);
    expect(() => computeInterest([], terms(), { ...opts, resumeFrom: { ...jan.checkpoint!, date: '2024-02-02' } })).toThrow(/posting period/);
    expect(() => computeInterest([], terms(), { ...opts, resumeFrom: { ...jan.checkpoint!, compoundedInterest: '1e3' } })).toThrow(/decimal text/);
  });
});

describe('inputs', () => {
  it('returns nothing before activation and ignores transactions after upTo', () => {
    expect(computeInterest([], terms(), { activationDate: '2024-01-10', upTo: '2024-01-09' })).toMatchObject({ periods: [], current: null });
    const out = computeInterest([deposit('2024-01-01', 100000), deposit('2024-03-01', 900000)], terms(), {
      activationDate: '2024-01-01',
      upTo: '2024-01-31',
    });
    expect(amounts(out)).toEqual([620]);
  });

  it('refuses a transaction before the activation, a bad amount, type or date, and bad terms', () => {
    const opts = { activationDate: '2024-01-10', upTo: '2024-01-31' };
    const fails = (txs: SavingsTransaction[], t = terms()) => {
      try {
        computeInterest(txs, t, opts);
      } catch (e) {
        return e instanceof AppError ? [e.code, e.fields?.[0]?.field] : ['not an AppError'];
      }
      return ['no error'];
    };
    expect(fails([deposit('2024-01-09', 100)])).toEqual(['VALIDATION_FAILED', 'transactions.0.date']);
    expect(fails([deposit('2024-01-10', 100), deposit('2024-01-11', 1.5)])).toEqual(['VALIDATION_FAILED', 'transactions.1.amount']);
    expect(fails([deposit('2024-01-10', -1)])).toEqual(['VALIDATION_FAILED', 'transactions.0.amount']);
    expect(fails([{ date: '2024-01-10', type: 'TRANSFER' as 'DEPOSIT', amount: 1 }])).toEqual(['VALIDATION_FAILED', 'transactions.0.type']);
    expect(fails([deposit('2024-02-30', 1)])).toEqual(['VALIDATION_FAILED', 'transactions.0.date']);
    expect(fails([], terms({ nominalAnnualInterestRate: '7,3' }))).toEqual(['VALIDATION_FAILED', 'nominalAnnualInterestRate']);
    expect(fails([], terms({ nominalAnnualInterestRate: '-1' }))).toEqual(['VALIDATION_FAILED', 'nominalAnnualInterestRate']);
    expect(fails([], terms({ financialYearBeginningMonth: 13 }))).toEqual(['VALIDATION_FAILED', 'financialYearBeginningMonth']);
    expect(fails([], terms({ interestCalculationDaysInYearType: 366 as 365 }))).toEqual(['VALIDATION_FAILED', 'interestCalculationDaysInYearType']);
    expect(fails([], terms({ overdraft: { allowOverdraft: true, overdraftLimit: -5 } }))).toEqual(['VALIDATION_FAILED', 'overdraft.overdraftLimit']);
  });

  it('earns nothing at a zero rate', () => {
    expect(amounts(computeInterest(JANUARY, terms({ nominalAnnualInterestRate: '0' }), JAN_FEB))).toEqual([0, 0]);
  });
});
