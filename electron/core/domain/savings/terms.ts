/**
 * Checks savings terms (VALIDATION_FAILED with the field's dotted name) and prepares what the interest loop needs:
 * decimal rates, period lengths, growth factors for daily compounding. Prepared terms are cached by the values that
 * matter, so one product's accounts share them and a changed terms object is never served stale figures.
 */
import type Decimal from 'decimal.js';
import { isDecimalText } from '../../../../shared/money';
import { invalidField } from '../../../../shared/errors';
import { FIXED_ONE, fixedOf, rateFraction, type RateFraction } from './fixed';
import { Sv, moneyRules, type MoneyRules } from './money';
import {
  COMPOUNDING_PERIOD_TYPES,
  DAYS_IN_YEAR_TYPES,
  INTEREST_CALCULATION_TYPES,
  POSTING_PERIOD_TYPES,
  type CompoundingPeriodType,
  type PostingPeriodType,
  type SavingsProductTerms,
} from './types';

/** Months in a posting or compounding period; 0 stands for a daily one (daily posting or compounding). */
export const PERIOD_MONTHS: Readonly<Record<CompoundingPeriodType | PostingPeriodType, number>> = {
  DAILY: 0,
  MONTHLY: 1,
  QUARTERLY: 3,
  SEMIANNUAL: 6,
  BIANNUAL: 6,
  ANNUAL: 12,
};

function isWholeAmount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function checkRate(text: unknown, field: string): void {
  if (typeof text !== 'string' || !isDecimalText(text) || text.trim().startsWith('-')) {
    throw invalidField(field, 'must be a non-negative decimal number written as text ("7.5")');
  }
}

/** Throws VALIDATION_FAILED on the first field that is out of range. */
export function checkSavingsTerms(terms: SavingsProductTerms): void {
  checkRate(terms.nominalAnnualInterestRate, 'nominalAnnualInterestRate');
  if (!COMPOUNDING_PERIOD_TYPES.includes(terms.interestCompoundingPeriodType)) {
    throw invalidField('interestCompoundingPeriodType', `must be one of ${COMPOUNDING_PERIOD_TYPES.join(', ')}`);
  }
  if (!POSTING_PERIOD_TYPES.includes(terms.interestPostingPeriodType)) {
    throw invalidField('interestPostingPeriodType', `must be one of ${POSTING_PERIOD_TYPES.join(', ')}`);
  }
  if (!INTEREST_CALCULATION_TYPES.includes(terms.interestCalculationType)) {
    throw invalidField('interestCalculationType', `must be one of ${INTEREST_CALCULATION_TYPES.join(', ')}`);
  }
  if (!DAYS_IN_YEAR_TYPES.includes(terms.interestCalculationDaysInYearType)) {
    throw invalidField('interestCalculationDaysInYearType', 'must be 360 or 365');
  }
  if (terms.minRequiredBalance != null && !isWholeAmount(terms.minRequiredBalance)) {
    throw invalidField('minRequiredBalance', 'must be a whole, non-negative number of minor units');
  }
  if (terms.minBalanceForInterestCalculation != null && !isWholeAmount(terms.minBalanceForInterestCalculation)) {
    throw invalidField('minBalanceForInterestCalculation', 'must be a whole, non-negative number of minor units');
  }
  if (typeof terms.enforceMinRequiredBalance !== 'boolean') {
    throw invalidField('enforceMinRequiredBalance', 'must be true or false');
  }
  const od = terms.overdraft;
  if (od == null || typeof od.allowOverdraft !== 'boolean') throw invalidField('overdraft.allowOverdraft', 'must be true or false');
  if (!isWholeAmount(od.overdraftLimit)) {
    throw invalidField('overdraft.overdraftLimit', 'must be a whole, non-negative number of minor units');
  }
  if (od.nominalAnnualInterestRateOverdraft != null) {
    checkRate(od.nominalAnnualInterestRateOverdraft, 'overdraft.nominalAnnualInterestRateOverdraft');
  }
  const fy = terms.financialYearBeginningMonth;
  if (fy != null && !(Number.isInteger(fy) && fy >= 1 && fy <= 12)) {
    throw invalidField('financialYearBeginningMonth', 'must be a month number from 1 to 12');
  }
  if (terms.postingAtPeriodEnd != null && typeof terms.postingAtPeriodEnd !== 'boolean') {
    throw invalidField('postingAtPeriodEnd', 'must be true or false');
  }
  const c = terms.currency;
  if (c == null || !Number.isInteger(c.decimalPlaces) || c.decimalPlaces < 0 || c.decimalPlaces > 6) {
    throw invalidField('currency.decimalPlaces', 'must be a whole number from 0 to 6');
  }
  if (!Number.isInteger(c.inMultiplesOf) || c.inMultiplesOf < 0) {
    throw invalidField('currency.inMultiplesOf', 'must be a whole, non-negative number');
  }
}

/** What the interest loop reads, computed once per distinct set of terms. */
export interface PreparedTerms {
  /** Annual % / 100 / days-in-year as an exact fraction: the daily rate on a non-negative base. */
  readonly rate: RateFraction;
  /** The same for a negative base: the overdraft rate, 0 when overdraft is not allowed or has no rate. */
  readonly overdraftRate: RateFraction;
  /** The daily rates as decimals, for (1 + r)^n under daily compounding. */
  readonly dailyRate: Decimal;
  readonly overdraftDailyRate: Decimal;
  readonly earns: boolean;
  readonly chargesOverdraft: boolean;
  /** 0 = daily posting. */
  readonly postingMonths: number;
  /** A period's interest is posted on its last day instead of the day after. */
  readonly postingAtPeriodEnd: boolean;
  /** 0 = daily compounding. */
  readonly compoundingMonths: number;
  readonly average: boolean;
  /** minBalanceForInterestCalculation in minor units, 0 = none. */
  readonly minBalance: number;
  readonly financialYearBeginningMonth: number;
  readonly rules: MoneyRules;
  /** minBalance in fixed point (fixed.ts). */
  readonly minBalanceFixed: bigint;
  /** (1 + daily rate)^n - 1 by n in fixed point, filled on demand (daily compounding). */
  readonly growth: Map<number, bigint>;
  readonly overdraftGrowth: Map<number, bigint>;
}

const cache = new Map<string, PreparedTerms>();
const CACHE_LIMIT = 512;

function keyOf(t: SavingsProductTerms): string {
  const od = t.overdraft;
  return [
    t.nominalAnnualInterestRate,
    t.interestCompoundingPeriodType,
    t.interestPostingPeriodType,
    t.interestCalculationType,
    t.interestCalculationDaysInYearType,
    t.minBalanceForInterestCalculation ?? '',
    od?.allowOverdraft,
    od?.overdraftLimit,
    od?.nominalAnnualInterestRateOverdraft ?? '',
    t.financialYearBeginningMonth ?? '',
    t.postingAtPeriodEnd ?? '',
    t.currency?.decimalPlaces,
    t.currency?.inMultiplesOf,
    // not used by the interest loop, but validated with the rest: a bad value must not hide behind a cache hit
    t.minRequiredBalance ?? '',
    t.enforceMinRequiredBalance,
  ].join('|');
}

/** Prepared terms of frozen terms objects, by identity (a service that hands out the same frozen terms skips keyOf). */
const byFrozen = new WeakMap<SavingsProductTerms, PreparedTerms>();

/** Validates (on first sight) and prepares terms for the interest loop. */
export function prepareTerms(terms: SavingsProductTerms): PreparedTerms {
  const frozen = Object.isFrozen(terms) && Object.isFrozen(terms.overdraft) && Object.isFrozen(terms.currency);
  if (frozen) {
    const known = byFrozen.get(terms);
    if (known) return known;
  }
  const prepared = prepareByValue(terms);
  if (frozen) byFrozen.set(terms, prepared);
  return prepared;
}

function prepareByValue(terms: SavingsProductTerms): PreparedTerms {
  const key = keyOf(terms);
  const hit = cache.get(key);
  if (hit) return hit;
  checkSavingsTerms(terms);
  const daysInYear = terms.interestCalculationDaysInYearType;
  const divisor = 100 * daysInYear;
  const od = terms.overdraft;
  const annualText = terms.nominalAnnualInterestRate.trim();
  const overdraftText = od.allowOverdraft && od.nominalAnnualInterestRateOverdraft != null ? od.nominalAnnualInterestRateOverdraft.trim() : '0';
  const rate = rateFraction(annualText, daysInYear);
  const overdraftRate = rateFraction(overdraftText, daysInYear);
  const prepared: PreparedTerms = {
    rate,
    overdraftRate,
    dailyRate: new Sv(annualText).div(divisor),
    overdraftDailyRate: new Sv(overdraftText).div(divisor),
    earns: rate.units !== 0n,
    chargesOverdraft: overdraftRate.units !== 0n,
    postingMonths: PERIOD_MONTHS[terms.interestPostingPeriodType],
    postingAtPeriodEnd: terms.postingAtPeriodEnd ?? false,
    compoundingMonths: PERIOD_MONTHS[terms.interestCompoundingPeriodType],
    average: terms.interestCalculationType === 'AVERAGE_DAILY_BALANCE',
    minBalance: terms.minBalanceForInterestCalculation ?? 0,
    financialYearBeginningMonth: terms.financialYearBeginningMonth ?? 1,
    rules: moneyRules(terms.currency),
    minBalanceFixed: BigInt(terms.minBalanceForInterestCalculation ?? 0) * FIXED_ONE,
    growth: new Map(),
    overdraftGrowth: new Map(),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, prepared);
  return prepared;
}

/** (1 + r)^n - 1 for the daily rate r, in fixed point (computed with 34 digits, then cut to 24 decimals), cached. */
export function growthFactor(table: Map<number, bigint>, dailyRate: Decimal, days: number): bigint {
  let g = table.get(days);
  if (g === undefined) {
    g = fixedOf(dailyRate.plus(1).pow(days).minus(1));
    table.set(days, g);
  }
  return g;
}
