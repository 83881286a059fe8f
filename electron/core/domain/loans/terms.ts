/**
 * From the parsed contract input to LoanTerms in minor units. The zod schema has already checked shapes, enums,
 * dates and the cross-field rules it can see; this adds what needs the currency (filled by the operation when the
 * caller omitted it): amounts with too many decimals, amounts off the currency's cash multiple.
 */
import Decimal from 'decimal.js';
import { AppError, invalidField } from '../../../../shared/errors';
import { MoneyFormatError, parseMoney, type Currency } from '../../../../shared/money';
import {
  DAYS_IN_YEAR_TYPES,
  MAX_ANNUAL_RATE_PERCENT,
  type CompleteScheduleInput,
  type DaysInYearType,
  type RepaymentFrequencyType,
  type ScheduleInput,
} from '../../../../shared/contract/loanSchedule';
import { Wide } from './money';
import type { LoanChargeTerm, LoanTerms } from './types';

/** Days in a year as AprCalculator.getDaysInYear: ACTUAL counts as 365. */
export function daysInYearValue(type: DaysInYearType): number {
  return type === 'ACTUAL' ? 365 : DAYS_IN_YEAR_TYPES[type];
}

function periodsPerYearForApr(frequency: RepaymentFrequencyType, daysInYear: DaysInYearType): number {
  if (frequency === 'MONTHS') return 12;
  if (frequency === 'WEEKS') return 52;
  return daysInYearValue(daysInYear);
}

/**
 * Fineract's AprCalculator (DOMAIN.md rule 2): per month x 12, per year x 1, whole term = rate / (n x every) set to
 * 8 decimals half-even, x periods per year of the repayment frequency.
 */
export function annualNominalRate(input: {
  interestRatePerPeriod: string;
  interestRateFrequencyType: ScheduleInput['interestRateFrequencyType'];
  numberOfRepayments: number;
  repaymentEvery: number;
  repaymentFrequencyType: RepaymentFrequencyType;
  daysInYearType: DaysInYearType;
}): Decimal {
  const rate = new Wide(input.interestRatePerPeriod);
  switch (input.interestRateFrequencyType) {
    case 'PER_MONTH':
      return rate.times(12);
    case 'PER_YEAR':
      return rate;
    case 'WHOLE_TERM': {
      const perPeriod = rate
        .div(input.numberOfRepayments * input.repaymentEvery)
        .toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN);
      return perPeriod.times(periodsPerYearForApr(input.repaymentFrequencyType, input.daysInYearType));
    }
  }
}

function money(text: string, currency: Currency, field: string): number {
  let minor: number;
  try {
    minor = parseMoney(text, currency.decimalPlaces);
  } catch (e) {
    if (e instanceof MoneyFormatError) {
      throw invalidField(field, `must be an amount in ${currency.code} with at most ${currency.decimalPlaces} decimals`);
    }
    throw e;
  }
  // DOMAIN.md rule 8: a 0-decimal currency with inMultiplesOf only handles multiples; refuse rather than round.
  if (currency.decimalPlaces === 0 && currency.inMultiplesOf > 0 && minor % currency.inMultiplesOf !== 0) {
    throw invalidField(field, `must be a multiple of ${currency.inMultiplesOf} ${currency.code}`, 'notMultiple');
  }
  return minor;
}

/** Turns the parsed input (currency and disbursement date filled) into LoanTerms; throws VALIDATION_FAILED. */
export function toLoanTerms(input: CompleteScheduleInput): LoanTerms {
  const currency = input.currency as Currency | undefined;
  if (!currency) throw invalidField('currency', 'is required', 'required');
  if (!input.expectedDisbursementDate) throw invalidField('expectedDisbursementDate', 'is required', 'required');

  const principal = money(input.principal, currency, 'principal');
  if (principal <= 0) throw invalidField('principal', 'must be greater than zero');

  const annual = annualNominalRate(input);
  if (annual.isNegative() || annual.greaterThan(MAX_ANNUAL_RATE_PERCENT)) {
    throw invalidField('interestRatePerPeriod', `must give an annual rate from 0 to ${MAX_ANNUAL_RATE_PERCENT} %`);
  }

  const charges: LoanChargeTerm[] = input.charges.map((c, i) => ({
    chargeTimeType: c.chargeTimeType,
    chargeCalculationType: c.chargeCalculationType,
    amount: c.chargeCalculationType === 'FLAT' ? money(c.amount, currency, `charges.${i}.amount`) : 0,
    percentage: c.chargeCalculationType === 'FLAT' ? '0' : c.amount,
    name: c.name,
  }));

  const terms: LoanTerms = {
    currency: { code: currency.code, decimalPlaces: currency.decimalPlaces, inMultiplesOf: currency.inMultiplesOf },
    principal,
    numberOfRepayments: input.numberOfRepayments,
    repaymentEvery: input.repaymentEvery,
    repaymentFrequencyType: input.repaymentFrequencyType,
    interestRatePerPeriod: input.interestRatePerPeriod,
    interestRateFrequencyType: input.interestRateFrequencyType,
    annualNominalInterestRate: annual.toString(),
    interestType: input.interestType,
    amortizationType: input.amortizationType,
    interestCalculationPeriodType: input.interestCalculationPeriodType,
    daysInYearType: input.daysInYearType,
    daysInMonthType: input.daysInMonthType,
    graceOnPrincipalPayment: input.graceOnPrincipalPayment,
    graceOnInterestPayment: input.graceOnInterestPayment,
    graceOnInterestCharged: input.graceOnInterestCharged,
    fixedPrincipalPercentagePerInstallment: input.fixedPrincipalPercentagePerInstallment ?? null,
    installmentAmountInMultiplesOf: input.installmentAmountInMultiplesOf ?? null,
    allowPartialPeriodInterestCalculation: input.allowPartialPeriodInterestCalculation,
    expectedDisbursementDate: input.expectedDisbursementDate,
    repaymentsStartingFromDate: input.repaymentsStartingFromDate ?? null,
    charges,
    calendar: {
      nonWorkingDays: input.nonWorkingDays,
      holidays: input.holidays,
      rescheduleType: input.rescheduleType,
    },
    meeting: input.meeting ? { ...input.meeting } : null,
  };
  checkTerms(terms);
  return terms;
}

/** The schema's cross-field rules again, for terms built without the schema (tests, services, the CLI). */
export function checkTerms(t: LoanTerms): void {
  const n = t.numberOfRepayments;
  if (!Number.isInteger(n) || n < 1) throw invalidField('numberOfRepayments', 'must be a whole number of at least 1');
  if (!Number.isInteger(t.repaymentEvery) || t.repaymentEvery < 1) {
    throw invalidField('repaymentEvery', 'must be a whole number of at least 1');
  }
  if (!Number.isSafeInteger(t.principal) || t.principal <= 0) throw invalidField('principal', 'must be greater than zero');
  for (const field of ['graceOnPrincipalPayment', 'graceOnInterestPayment', 'graceOnInterestCharged'] as const) {
    const g = t[field];
    if (!Number.isInteger(g) || g < 0) throw invalidField(field, 'must be a whole number of at least 0');
    if (g >= n) throw invalidField(field, 'must be shorter than numberOfRepayments');
  }
  if (
    t.interestType === 'FLAT' &&
    t.amortizationType === 'EQUAL_INSTALLMENTS' &&
    t.graceOnInterestPayment + t.graceOnInterestCharged >= n
  ) {
    throw invalidField('graceOnInterestCharged', 'with graceOnInterestPayment must leave a period that carries interest');
  }
  if (t.repaymentsStartingFromDate !== null && t.repaymentsStartingFromDate <= t.expectedDisbursementDate) {
    throw invalidField('repaymentsStartingFromDate', 'must be after expectedDisbursementDate');
  }
  const annual = new Wide(t.annualNominalInterestRate);
  if (annual.isNegative() || annual.greaterThan(MAX_ANNUAL_RATE_PERCENT)) {
    throw invalidField('interestRatePerPeriod', `must give an annual rate from 0 to ${MAX_ANNUAL_RATE_PERCENT} %`);
  }
  if (t.installmentAmountInMultiplesOf !== null && !(t.installmentAmountInMultiplesOf >= 1)) {
    throw invalidField('installmentAmountInMultiplesOf', 'must be a whole number of at least 1');
  }
}

/** Wraps an unexpected arithmetic overflow as a validation failure on the principal. */
export function tooLarge(): AppError {
  return invalidField('principal', 'is too large for the schedule to be computed exactly', 'tooLarge');
}
