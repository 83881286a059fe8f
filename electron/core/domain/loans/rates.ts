/**
 * Periodic interest rates, as Fineract's LoanApplicationTerms computes them for the cumulative engine.
 *
 * DOMAIN.md rule 3: with SAME_AS_REPAYMENT_PERIOD the rate of a period is annual / periods-per-year x repaymentEvery
 * whatever the days in the month; with DAILY it is annual / days-in-year x actual days, and days-in-year is 365
 * when daysInYearType is ACTUAL, even in a leap year (calculatePeriodsInOneYear uses the 365 of
 * PaymentPeriodsInOneYearCalculator, not the length of the year).
 */
import type Decimal from 'decimal.js';
import { addMonths, daysBetween, keepSeedDay, monthsBetween, weeksBetween, addDays } from '../calendar/isoDate';
import { daysInYearValue } from './terms';
import { Dbl, Mc, Wide, decimalFraction } from './money';
import type { LoanTerms } from './types';

/** Fineract's calculatePeriodsInOneYear. */
export function periodsInOneYear(terms: LoanTerms): number {
  if (terms.interestCalculationPeriodType === 'DAILY') return daysInYearValue(terms.daysInYearType);
  switch (terms.repaymentFrequencyType) {
    case 'DAYS':
      return daysInYearValue(terms.daysInYearType);
    case 'WEEKS':
      return 52;
    case 'MONTHS':
      return 12;
  }
}

/** annual / periods-in-year / 100, each division at the MathContext's 12 digits (a rate per period, or per day). */
export function baseRate(terms: LoanTerms): Decimal {
  const periods = periodsInOneYear(terms);
  const key = `${terms.annualNominalInterestRate}/${periods}`;
  let rate = BASE_RATES.get(key);
  if (rate === undefined) {
    rate = new Mc(terms.annualNominalInterestRate).div(periods).div(100);
    if (BASE_RATES.size >= 512) BASE_RATES.clear();
    BASE_RATES.set(key, rate);
  }
  return rate;
}

/** Memo of baseRate: a product's rate is the same for every loan (Decimal values are immutable). */
const BASE_RATES = new Map<string, Decimal>();

/**
 * Fineract's calculatePeriodsBetweenDates: whole periods plus the fraction of the next one (a Java double there,
 * 17 significant digits here). Monthly fractions are measured against the month that follows, seed day kept.
 */
export function periodsBetween(terms: LoanTerms, start: string, end: string, seedDay: number): Decimal {
  switch (terms.repaymentFrequencyType) {
    case 'DAYS':
      return new Wide(daysBetween(start, end));
    case 'WEEKS': {
      const weeks = weeksBetween(start, end);
      const left = daysBetween(addDays(start, weeks * 7), end);
      return left === 0 ? new Wide(weeks) : new Wide(weeks).plus(new Dbl(left).div(7));
    }
    case 'MONTHS': {
      const months = monthsBetween(start, end);
      const from = keepSeedDay(addMonths(start, months), seedDay);
      const next = keepSeedDay(addMonths(start, months + 1), seedDay);
      const left = daysBetween(from, end);
      if (left === 0) return new Wide(months);
      return new Wide(months).plus(new Dbl(left).div(daysBetween(from, next)));
    }
  }
}

/**
 * The rate applied to a period's opening balance (calculateDecliningInterestDueForInstallmentBeforeApplyingGrace).
 * `base` is baseRate(terms).
 */
export function periodicRate(terms: LoanTerms, base: Decimal, start: string, end: string, seedDay: number): Decimal {
  const partial = terms.interestCalculationPeriodType === 'DAILY' || terms.allowPartialPeriodInterestCalculation;
  const periods = partial ? periodsBetween(terms, start, end, seedDay) : new Wide(terms.repaymentEvery);
  if (terms.interestCalculationPeriodType === 'SAME_AS_REPAYMENT_PERIOD') return new Wide(base).times(periods);
  let days: Decimal;
  if (terms.repaymentFrequencyType === 'MONTHS' && terms.daysInMonthType === 'DAYS_30') {
    days = new Mc(periods).times(30);
  } else {
    days = new Wide(daysBetween(start, end));
  }
  return new Mc(base).times(days);
}

/**
 * True when every period's rate is the same number, so it can be computed once: SAME_AS_REPAYMENT_PERIOD without
 * partial periods.
 */
export function rateIsConstant(terms: LoanTerms): boolean {
  return terms.interestCalculationPeriodType === 'SAME_AS_REPAYMENT_PERIOD' && !terms.allowPartialPeriodInterestCalculation;
}

/**
 * The rate the installment (PMT) is computed with (pmtForInstallment): a whole period; under DAILY a month counts
 * 30 days, a week 7.
 */
export function pmtRate(terms: LoanTerms, base: Decimal): Decimal {
  if (terms.interestCalculationPeriodType === 'SAME_AS_REPAYMENT_PERIOD') return new Wide(base).times(terms.repaymentEvery);
  const perPeriod = terms.repaymentFrequencyType === 'MONTHS' ? 30 : terms.repaymentFrequencyType === 'WEEKS' ? 7 : 1;
  return new Mc(base).times(perPeriod * terms.repaymentEvery);
}

/**
 * Level payment at the end of each of `periods` periods that repays `principalMinor` at `rate` per period
 * (FinanicalFunctions.pmt with type 0): P r (1+r)^n / ((1+r)^n - 1), or P / n at a zero rate. Returned as an exact
 * fraction num / den of minor units: with r = u / 10^s, PMT = P u A / (10^s (A - B)), A = (10^s + u)^n,
 * B = 10^(s n). Fineract computes it in a Java double; the exact value rounds to the same cent except in the
 * vanishing case of a figure within 1e-13 of a half cent.
 */
export function pmt(rate: Decimal, periods: number, principalMinor: number): { num: bigint; den: bigint } {
  const p = BigInt(principalMinor);
  if (rate.isZero()) return { num: p, den: BigInt(periods) };
  const { units, scale } = decimalFraction(rate);
  const one = 10n ** BigInt(scale);
  const n = BigInt(periods);
  const a = (one + units) ** n;
  const b = one ** n;
  return { num: p * units * a, den: one * (a - b) };
}
