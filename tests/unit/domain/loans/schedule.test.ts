/**
 * DOMAIN.md "Rules that are easy to get wrong", one by one, on small loans whose figures can be checked by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseScheduleInput, type CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import { generateSchedule, toLoanTerms } from '../../../../electron/core/domain/loans';
import { EUR, UGX100, schedule } from './helpers';

const monthly = {
  numberOfRepayments: 12,
  repaymentFrequencyType: 'MONTHS',
  interestRatePerPeriod: '12',
  expectedDisbursementDate: '2024-01-10',
  currency: EUR,
};

describe('output format', () => {
  it('writes amounts with the currency decimals and dates as YYYY-MM-DD', () => {
    const out = schedule({ ...monthly, principal: '5000', numberOfRepayments: 18, interestType: 'DECLINING_BALANCE', installmentAmountInMultiplesOf: 1 });
    expect(out.currency).toEqual(EUR);
    expect(out.periods[0]).toEqual({
      period: 1,
      fromDate: '2024-01-10',
      dueDate: '2024-02-10',
      daysInPeriod: 31,
      principalDue: '255.00',
      interestDue: '50.00',
      feeChargesDue: '0.00',
      penaltyChargesDue: '0.00',
      totalDueForPeriod: '305.00',
      principalLoanBalanceOutstanding: '4745.00',
    });
    expect(out.feeChargesAtDisbursement).toBe('0.00');
    expect(out.expectedDisbursementDate).toBe('2024-01-10');
  });

  it('writes a 0-decimal currency without a decimal point', () => {
    const out = schedule({ ...monthly, principal: '600000', numberOfRepayments: 6, interestType: 'FLAT', currency: UGX100 });
    expect(out.periods[0]?.principalDue).toBe('100000');
    expect(out.totalInterest).toBe('36000');
  });
});

describe('rule 1: half-even rounding, remainder on the last installment', () => {
  it('rounds a half minor unit to the even neighbour (0.125 -> 0.12, 0.135 -> 0.14)', () => {
    const one = { ...monthly, numberOfRepayments: 1, interestType: 'DECLINING_BALANCE' };
    expect(schedule({ ...one, principal: '12.50' }).periods[0]?.interestDue).toBe('0.12');
    expect(schedule({ ...one, principal: '13.50' }).periods[0]?.interestDue).toBe('0.14');
  });

  it('lets the last installment take the principal left (1000 / 3 = 333.33, last 333.34)', () => {
    const out = schedule({ ...monthly, principal: '1000', numberOfRepayments: 3, interestRatePerPeriod: '0', interestType: 'FLAT' });
    expect(out.periods.map((p) => p.principalDue)).toEqual(['333.33', '333.33', '333.34']);
  });

  it('ends the schedule when the principal is paid: no installment pays more than remains', () => {
    // 1000 / 3 = 333.33 -> multiple of 500 -> 500: the second installment clears the loan (Fineract stops there).
    const out = schedule({
      ...monthly,
      principal: '1000',
      numberOfRepayments: 3,
      interestRatePerPeriod: '0',
      interestType: 'FLAT',
      installmentAmountInMultiplesOf: 500,
    });
    expect(out.periods.map((p) => p.principalDue)).toEqual(['500.00', '500.00']);
    expect(out.totalPrincipal).toBe('1000.00');
  });
});

describe('rule 2: annual rate from the rate frequency', () => {
  const base = { ...monthly, principal: '1200', numberOfRepayments: 12, interestType: 'FLAT' };
  it('per month x 12 equals the same rate per year', () => {
    const perMonth = schedule({ ...base, interestRatePerPeriod: '1', interestRateFrequencyType: 'PER_MONTH' });
    const perYear = schedule({ ...base, interestRatePerPeriod: '12', interestRateFrequencyType: 'PER_YEAR' });
    expect(perMonth.totalInterest).toBe('144.00');
    expect(perYear.periods).toEqual(perMonth.periods);
  });
  it('a whole-term rate is spread over the term', () => {
    const whole = schedule({ ...base, interestRatePerPeriod: '12', interestRateFrequencyType: 'WHOLE_TERM' });
    expect(whole.totalInterest).toBe('144.00');
  });
});

describe('rule 3: declining balance periods', () => {
  it('SAME_AS_REPAYMENT_PERIOD gives February a twelfth of the year like March', () => {
    const out = schedule({ ...monthly, principal: '1200', interestRatePerPeriod: '12', numberOfRepayments: 2, interestType: 0, amortizationType: 0, expectedDisbursementDate: '2024-01-31' });
    expect(out.periods[0]?.dueDate).toBe('2024-02-29');
    expect(out.periods[0]?.interestDue).toBe('12.00');
    expect(out.periods[1]?.dueDate).toBe('2024-03-31');
    expect(out.periods[1]?.interestDue).toBe('6.00');
  });

  it('a zero rate pays principal only, P / n', () => {
    const out = schedule({ ...monthly, principal: '1200', interestRatePerPeriod: '0', interestType: 'DECLINING_BALANCE' });
    expect(new Set(out.periods.map((p) => p.totalDueForPeriod))).toEqual(new Set(['100.00']));
    expect(out.totalInterest).toBe('0.00');
  });

  it('a short first period is pro-rated only with allowPartialPeriodInterestCalculation', () => {
    // 10 Jan to 31 Jan is 21 of the 31 days to 10 Feb: 1000 x 1 % x 21/31 = 6.77
    const short = { ...monthly, principal: '1000', numberOfRepayments: 2, interestType: 'DECLINING_BALANCE', repaymentsStartingFromDate: '2024-01-31' };
    expect(schedule(short).periods[0]?.interestDue).toBe('10.00');
    expect(schedule({ ...short, allowPartialPeriodInterestCalculation: true }).periods[0]?.interestDue).toBe('6.77');
  });

  it('a long first period earns one period of interest (from the ideal disbursement date)', () => {
    const long = { ...monthly, principal: '1000', numberOfRepayments: 2, interestType: 'DECLINING_BALANCE', repaymentsStartingFromDate: '2024-03-10' };
    const out = schedule({ ...long, allowPartialPeriodInterestCalculation: true });
    expect(out.periods[0]?.interestDue).toBe('10.00');
    expect(out.periods[0]?.fromDate).toBe('2024-01-10');
  });

  it('daily repayments use the 360-day year when asked', () => {
    const out = schedule({
      principal: '3600',
      numberOfRepayments: 30,
      repaymentFrequencyType: 'DAYS',
      interestRatePerPeriod: '36',
      interestType: 'FLAT',
      daysInYearType: 'DAYS_360',
      expectedDisbursementDate: '2024-01-01',
      currency: EUR,
    });
    // 3600 x 36 % / 360 x 30 days = 108
    expect(out.totalInterest).toBe('108.00');
    expect(out.periods[29]?.dueDate).toBe('2024-01-31');
  });
});

describe('rule 5: flat interest', () => {
  it('a longer first period raises flat interest only with partial periods', () => {
    const flat = { ...monthly, principal: '1000', numberOfRepayments: 2, interestType: 'FLAT', repaymentsStartingFromDate: '2024-02-25' };
    expect(schedule(flat).totalInterest).toBe('20.00');
    // 10 Jan .. 25 Mar measured as Fineract does: 2 months + 15 of the 31 days from 10 Mar: 1000 x 1 % x 2.4839 = 24.84
    const partial = schedule({ ...flat, allowPartialPeriodInterestCalculation: true });
    expect(partial.totalInterest).toBe('24.84');
  });
});

describe('rule 6: grace', () => {
  const rs = { ...monthly, principal: '5000', numberOfRepayments: 18, interestType: 'DECLINING_BALANCE', installmentAmountInMultiplesOf: 1 };
  it('deferred interest grace moves the interest, forgiven grace removes it', () => {
    const deferred = schedule({ ...rs, graceOnPrincipalPayment: 6, graceOnInterestPayment: 3 });
    const forgiven = schedule({ ...rs, graceOnPrincipalPayment: 6, graceOnInterestCharged: 3 });
    expect(deferred.periods.slice(0, 4).map((p) => p.interestDue)).toEqual(['0.00', '0.00', '0.00', '200.00']);
    expect(forgiven.periods.slice(0, 4).map((p) => p.interestDue)).toEqual(['0.00', '0.00', '0.00', '50.00']);
    // the three deferred months are charged (631.09, as Fineract's RS07) or forgiven (631.09 - 150.00)
    expect([deferred.totalInterest, forgiven.totalInterest]).toEqual(['631.09', '481.09']);
  });

  it('deferred interest lands on the first period after the grace', () => {
    // 600 over 6 months, grace of 5 on principal and on interest payment: 5 x 6.00 deferred + 6.00 in period 6
    const out = schedule({ ...monthly, principal: '600', numberOfRepayments: 6, interestType: 'DECLINING_BALANCE', graceOnPrincipalPayment: 5, graceOnInterestPayment: 5 });
    expect(out.periods.slice(0, 5).every((p) => p.interestDue === '0.00')).toBe(true);
    expect(out.periods[5]?.interestDue).toBe('36.00');
    expect(out.periods[5]?.principalDue).toBe('600.00');
  });

  it('deferred interest still owed when the schedule ends early goes on the last installment', () => {
    // EMI 172.55 rounded to a multiple of 345 is 345: the loan is repaid in period 3, inside the interest grace.
    const out = schedule({ ...monthly, principal: '1000', numberOfRepayments: 6, interestType: 'DECLINING_BALANCE', graceOnInterestPayment: 3, installmentAmountInMultiplesOf: 345 });
    expect(out.periods.map((p) => [p.principalDue, p.interestDue])).toEqual([
      ['335.00', '0.00'],
      ['338.35', '0.00'],
      ['326.65', '19.92'],
    ]);
  });
});

describe('fees', () => {
  it('disbursement fees are counted in the totals, not on an installment', () => {
    const out = schedule({
      ...monthly,
      principal: '1000',
      numberOfRepayments: 2,
      interestType: 'FLAT',
      charges: [
        { chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'FLAT', amount: '15' },
        { chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_INTEREST', amount: '10' },
        { chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'PERCENT_OF_INTEREST', amount: '50' },
      ],
    });
    expect(out.feeChargesAtDisbursement).toBe('17.00'); // 15 + 10 % of 20 interest
    expect(out.periods.map((p) => p.feeChargesDue)).toEqual(['5.00', '5.00']);
    expect(out.totalFeeCharges).toBe('27.00');
    expect(out.totalRepayment).toBe('1047.00');
  });
});

describe('generateSchedule works on LoanTerms directly', () => {
  it('returns minor units', () => {
    const terms = toLoanTerms(parseScheduleInput({ ...monthly, principal: '5000', interestType: 'FLAT' }) as CompleteScheduleInput);
    const s = generateSchedule(terms);
    expect(s.principal).toBe(500000);
    expect(s.installments[0]).toMatchObject({ period: 1, principal: 41667, interest: 5000, balance: 458333 });
    expect(s.totalInterest).toBe(60000);
  });
});
