/**
 * Bad input is refused with VALIDATION_FAILED naming the field (issue "Loan engine": zero or negative principal,
 * zero repayments, grace not shorter than the term, a rate outside 0..1000 % a year, an unknown enum, a date that
 * does not exist).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { parseScheduleInput, scheduleInputSchema } from '../../../../shared/contract/loanSchedule';
import { calculateSchedule } from '../../../../electron/core/domain/loans';
import { EUR, UGX100 } from './helpers';

const valid = {
  principal: '5000',
  numberOfRepayments: 12,
  repaymentFrequencyType: 'MONTHS',
  interestRatePerPeriod: '12',
  interestType: 'DECLINING_BALANCE',
  expectedDisbursementDate: '2024-01-15',
  currency: EUR,
};

function fieldsOf(raw: Record<string, unknown>): string[] {
  try {
    parseScheduleInput(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe('VALIDATION_FAILED');
    return (err.fields ?? []).map((f) => f.field);
  }
  throw new Error('input was accepted');
}

function calcFields(raw: Record<string, unknown>): string[] {
  try {
    calculateSchedule(parseScheduleInput(raw) as never);
  } catch (e) {
    const err = e as AppError;
    expect(err.code).toBe('VALIDATION_FAILED');
    return (err.fields ?? []).map((f) => f.field);
  }
  throw new Error('input was accepted');
}

describe('schedule input: bad values name their field', () => {
  it.each([
    ['zero principal', { principal: '0' }, 'principal'],
    ['negative principal', { principal: '-100' }, 'principal'],
    ['principal that is not a number', { principal: '5,000' }, 'principal'],
    ['zero repayments', { numberOfRepayments: 0 }, 'numberOfRepayments'],
    ['fractional repayments', { numberOfRepayments: 2.5 }, 'numberOfRepayments'],
    ['grace on principal as long as the term', { graceOnPrincipalPayment: 12 }, 'graceOnPrincipalPayment'],
    ['grace on interest payment longer than the term', { graceOnInterestPayment: 13 }, 'graceOnInterestPayment'],
    ['grace on interest charged as long as the term', { graceOnInterestCharged: 12 }, 'graceOnInterestCharged'],
    ['negative rate', { interestRatePerPeriod: '-1' }, 'interestRatePerPeriod'],
    ['rate over 1000 % a year', { interestRatePerPeriod: '1000.01' }, 'interestRatePerPeriod'],
    ['monthly rate over 1000 % a year', { interestRatePerPeriod: '84', interestRateFrequencyType: 'PER_MONTH' }, 'interestRatePerPeriod'],
    ['unknown interest type', { interestType: 'COMPOUND' }, 'interestType'],
    ['unknown interest type code', { interestType: 7 }, 'interestType'],
    ['unknown frequency', { repaymentFrequencyType: 'YEARS' }, 'repaymentFrequencyType'],
    ['unknown days in year', { daysInYearType: 366 }, 'daysInYearType'],
    ['a date that does not exist', { expectedDisbursementDate: '2023-02-29' }, 'expectedDisbursementDate'],
    ['a date in the wrong format', { expectedDisbursementDate: '15/01/2024' }, 'expectedDisbursementDate'],
    ['first repayment before disbursement', { repaymentsStartingFromDate: '2024-01-10' }, 'repaymentsStartingFromDate'],
    ['an unknown key', { loanOfficer: 'bob' }, ''],
    ['a principal with more decimals than the currency', { principal: '100.001' }, 'principal'],
    ['a holiday that ends before it starts', { holidays: [{ fromDate: '2024-05-02', toDate: '2024-05-01' }] }, 'holidays.0.toDate'],
    ['an unknown weekday', { nonWorkingDays: ['FUNDAY'] }, 'nonWorkingDays.0'],
    // a loan's terms carry SPECIFIED_DUE_DATE and OVERDUE_INSTALLMENT charges (issue 15); a savings time is no loan's
    ['an unknown charge time', { charges: [{ chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: '1' }] }, 'charges.0.chargeTimeType'],
  ])('%s', (_title, patch, field) => {
    const fields = fieldsOf({ ...valid, ...patch });
    if (field === '') expect(fields.length).toBeGreaterThan(0);
    else expect(fields).toContain(field);
  });

  it('a rate of exactly 1000 % a year, or 0, is accepted', () => {
    expect(() => parseScheduleInput({ ...valid, interestRatePerPeriod: '1000' })).not.toThrow();
    expect(() => parseScheduleInput({ ...valid, interestRatePerPeriod: 0 })).not.toThrow();
  });

  it('a whole-term rate is converted to annual before the bound (10 % over 10 weeks = 52 % a year)', () => {
    const weekly = { ...valid, numberOfRepayments: 10, repaymentFrequencyType: 'WEEKS', interestRateFrequencyType: 'WHOLE_TERM' };
    expect(() => parseScheduleInput({ ...weekly, interestRatePerPeriod: '190' })).not.toThrow(); // 988 %
    expect(fieldsOf({ ...weekly, interestRatePerPeriod: '200' })).toContain('interestRatePerPeriod'); // 1040 %
  });

  it('an amount off the cash multiple of a 0-decimal currency is refused by calculateSchedule', () => {
    expect(calcFields({ ...valid, principal: '150050', currency: UGX100 })).toContain('principal');
    const fee = { chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'FLAT', amount: '250' };
    expect(calcFields({ ...valid, principal: '150000', currency: UGX100, charges: [fee] })).toContain('charges.0.amount');
  });

  it('calculateSchedule needs a currency and a disbursement date (the operation fills them)', () => {
    const { currency: _c, ...noCurrency } = valid;
    expect(calcFields(noCurrency)).toContain('currency');
    const { expectedDisbursementDate: _d, ...noDate } = valid;
    expect(calcFields(noDate)).toContain('expectedDisbursementDate');
  });
});

describe('schedule input: normalisation and defaults', () => {
  it('accepts Fineract integer codes and normalises them to names', () => {
    const parsed = parseScheduleInput({
      ...valid,
      repaymentFrequencyType: 1,
      interestType: 1,
      amortizationType: 0,
      interestCalculationPeriodType: 0,
      interestRateFrequencyType: 2,
      daysInYearType: 360,
      daysInMonthType: 30,
      charges: [{ chargeTimeType: 8, chargeCalculationType: 2, amount: 1.5 }],
    });
    expect(parsed).toMatchObject({
      repaymentFrequencyType: 'WEEKS',
      interestType: 'FLAT',
      amortizationType: 'EQUAL_PRINCIPAL',
      interestCalculationPeriodType: 'DAILY',
      interestRateFrequencyType: 'PER_MONTH',
      daysInYearType: 'DAYS_360',
      daysInMonthType: 'DAYS_30',
      charges: [{ chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5' }],
    });
  });

  it('accepts EQUAL_PRINCIPAL_PAYMENTS as EQUAL_PRINCIPAL', () => {
    expect(parseScheduleInput({ ...valid, amortizationType: 'EQUAL_PRINCIPAL_PAYMENTS' }).amortizationType).toBe('EQUAL_PRINCIPAL');
  });

  it('reads JSON numbers as the decimal text they print as', () => {
    const parsed = parseScheduleInput({ ...valid, principal: 12500.5, interestRatePerPeriod: 6.9 });
    expect(parsed.principal).toBe('12500.5');
    expect(parsed.interestRatePerPeriod).toBe('6.9');
  });

  it('fills Fineract-like defaults and leaves currency and disbursement date optional', () => {
    const parsed = scheduleInputSchema.parse({
      principal: '1000',
      numberOfRepayments: 4,
      repaymentFrequencyType: 'MONTHS',
      interestRatePerPeriod: '10',
      interestType: 'FLAT',
    });
    expect(parsed).toMatchObject({
      repaymentEvery: 1,
      interestRateFrequencyType: 'PER_YEAR',
      amortizationType: 'EQUAL_INSTALLMENTS',
      interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
      daysInYearType: 'ACTUAL',
      daysInMonthType: 'ACTUAL',
      graceOnPrincipalPayment: 0,
      graceOnInterestPayment: 0,
      graceOnInterestCharged: 0,
      allowPartialPeriodInterestCalculation: false,
      charges: [],
      nonWorkingDays: [],
      holidays: [],
      rescheduleType: 'MOVE_TO_NEXT_WORKING_DAY',
    });
    expect(parsed.currency).toBeUndefined();
    expect(parsed.expectedDisbursementDate).toBeUndefined();
  });
});
