/**
 * Decimal contexts and money rounding exactly as Fineract's Money / MoneyHelper do them (DOMAIN.md rules 1 and 8).
 *
 * Amounts are integer minor units (JS numbers that are safe integers). Anything fractional is a decimal.js value:
 * - `Mc`   is Fineract's MathContext: 12 significant digits, HALF_EVEN (MoneyHelper.PRECISION = 12, rounding mode 6).
 *          Every `divide(x, mc)` / `multiply(x, mc)` of Fineract is an `Mc` operation here.
 * - `Wide` stands for Java's exact BigDecimal add/multiply (no MathContext): 40 digits is more than any product of
 *          two 12-to-17-digit operands needs.
 * - `Dbl`  stands for the few ratios Fineract computes in Java doubles (e.g. the fraction of a period): 17 digits.
 */
import Decimal from 'decimal.js';
import type { Currency } from '../../../../shared/money';

export const Mc = Decimal.clone({ precision: 12, rounding: Decimal.ROUND_HALF_EVEN });
export const Wide = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export const Dbl = Decimal.clone({ precision: 17, rounding: Decimal.ROUND_HALF_EVEN });

export type Dec = Decimal;

/** Thrown when an amount leaves the safe-integer range; callers turn it into a VALIDATION_FAILED. */
export class AmountTooLargeError extends Error {}

function toSafeInt(x: Decimal): number {
  const n = x.toNumber();
  if (!Number.isSafeInteger(n)) throw new AmountTooLargeError(`amount out of range: ${x.toString()}`);
  return n === 0 ? 0 : n; // no negative zero
}

/** Rounds to a whole number half-even (banker's): 12.5 -> 12, 13.5 -> 14. */
export function halfEven(x: Decimal): number {
  return toSafeInt(x.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN));
}

/**
 * The currency's rounding rules, in minor units. Fineract rounds a 0-decimal currency with inMultiplesOf > 0 to
 * the nearest multiple (Money's constructor); for currencies with decimals the multiple is ignored there.
 */
export interface MoneyRules {
  readonly currency: Currency;
  readonly decimalPlaces: number;
  /** 10^decimalPlaces */
  readonly scale: number;
  /** Multiple in minor units applied to every positive amount, or 0. */
  readonly multiple: number;
}

export function moneyRules(currency: Currency): MoneyRules {
  const multiple = currency.decimalPlaces === 0 && currency.inMultiplesOf > 0 ? currency.inMultiplesOf : 0;
  return { currency, decimalPlaces: currency.decimalPlaces, scale: 10 ** currency.decimalPlaces, multiple };
}

/**
 * Nearest multiple with ties going up (Fineract's Money.roundToMultiplesOf(double, Integer): it keeps the floor only
 * when the ceiling is strictly farther). Applied to positive amounts only, as Money's constructor does.
 */
function toMultiple(x: Decimal, multiple: number): Decimal {
  const q = x.div(multiple);
  const floor = q.floor();
  const rest = q.minus(floor);
  const whole = rest.lessThan(0.5) ? floor : floor.plus(1);
  return whole.times(multiple);
}

/** An integer already in minor units, with the currency multiple applied (Money.of on a rounded amount). */
export function moneyOfInt(minor: number, rules: MoneyRules): number {
  if (rules.multiple === 0 || minor <= 0 || minor % rules.multiple === 0) return minor;
  const m = rules.multiple;
  const floor = Math.floor(minor / m) * m;
  return minor - floor < m - (minor - floor) ? floor : floor + m;
}

/**
 * Fineract's Money.of(currency, amount) for a fractional amount in minor units: the multiple first (on the unrounded
 * value), then half-even to the minor unit.
 */
export function moneyOf(minorUnits: Decimal, rules: MoneyRules): number {
  if (rules.multiple > 0 && minorUnits.greaterThan(0)) return halfEven(toMultiple(minorUnits, rules.multiple));
  return halfEven(minorUnits);
}

/**
 * Fineract's Money.multiplyRetainScale: the product is set to the currency's scale half-even first, and only then
 * goes through Money.of (so a multiple, if any, applies to the rounded value).
 */
export function retainScale(minorUnits: Decimal, rules: MoneyRules): number {
  return moneyOfInt(halfEven(minorUnits), rules);
}

/**
 * Fineract's Money.roundToMultiplesOf(amount, m) for an installment multiple `m` given in major units:
 * amount / m rounded half-even to a whole number, times m (304.91 -> 305 with m = 1), then Money.of.
 */
export function roundToInstallmentMultiple(minorUnits: Decimal | number, multipleMajor: number, rules: MoneyRules): number {
  const m = multipleMajor * rules.scale;
  const x = typeof minorUnits === 'number' ? new Wide(minorUnits) : minorUnits;
  return moneyOfInt(halfEven(x.div(m)) * m, rules);
}

const POW10: readonly number[] = Array.from({ length: 17 }, (_, i) => 10 ** i);

/** Half-even a / b for whole a >= 0 and b > 0 (all below 2^53, so every step is exact). */
function divHalfEven(a: number, b: number): number {
  const r = a % b;
  const q = (a - r) / b;
  const twice = r * 2;
  return twice > b || (twice === b && q % 2 === 1) ? q + 1 : q;
}

/** A non-negative rate as units / 10^exponent (units kept both as a number, when exact, and as a BigInt). */
export interface ScaledRate {
  readonly units: number;
  readonly bigUnits: bigint;
  readonly exponent: number;
}

export function scaledRate(rate: Decimal): ScaledRate | null {
  if (rate.isNegative()) return null;
  const { units, scale } = decimalFraction(rate);
  return { units: Number(units), bigUnits: units, exponent: scale };
}

const BIG_POW10: readonly bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));
const MC_DIGITS = 12;

/**
 * retainScale(balance x rate) without decimal.js, for the hot loop of a schedule: the exact integer product is
 * rounded to the MathContext's 12 significant digits, then to the minor unit, both half-even - the same two
 * roundings Fineract's multiplyRetainScale makes. Doubles while exact, BigInt beyond.
 */
export function retainScaleOfProduct(balanceMinor: number, rate: ScaledRate, rules: MoneyRules): number {
  const p = balanceMinor * rate.units;
  if (Number.isSafeInteger(p) && p >= 0 && p <= 4e15 && rate.exponent <= 15) {
    let v = p;
    if (v >= 1e12) {
      let digits = 13;
      while (digits < 17 && v >= (POW10[digits] ?? Infinity)) digits++;
      const unit = POW10[digits - MC_DIGITS] ?? 1;
      v = divHalfEven(v, unit) * unit;
    }
    return moneyOfInt(divHalfEven(v, POW10[rate.exponent] ?? 1), rules);
  }
  let big = BigInt(balanceMinor) * rate.bigUnits;
  let digits = MC_DIGITS;
  while (digits < 63 && big >= (BIG_POW10[digits] ?? 0n)) digits++;
  if (digits > MC_DIGITS) {
    const unit = BIG_POW10[digits - MC_DIGITS] ?? 1n;
    big = bigDivHalfEven(big, unit) * unit;
  }
  return moneyOfInt(safeNumber(bigDivHalfEven(big, BIG_POW10[rate.exponent] ?? 10n ** BigInt(rate.exponent))), rules);
}

/** Half-even num / den for whole BigInts, num >= 0 and den > 0. */
function bigDivHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = (num - q * den) * 2n;
  return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
}

function safeNumber(x: bigint): number {
  const n = Number(x);
  if (!Number.isSafeInteger(n)) throw new AmountTooLargeError(`amount out of range: ${x}`);
  return n;
}

/** Money.of for an exact fraction of minor units (num / den, both positive). */
export function moneyOfFraction(num: bigint, den: bigint, rules: MoneyRules): number {
  if (rules.multiple > 0) {
    const unit = den * BigInt(rules.multiple);
    const q = num / unit;
    const twice = (num - q * unit) * 2n;
    return safeNumber((twice < unit ? q : q + 1n) * BigInt(rules.multiple));
  }
  return safeNumber(bigDivHalfEven(num, den));
}

/** roundToInstallmentMultiple for an exact fraction of minor units. */
export function fractionToInstallmentMultiple(num: bigint, den: bigint, multipleMajor: number, rules: MoneyRules): number {
  const m = BigInt(multipleMajor * rules.scale);
  return moneyOfInt(safeNumber(bigDivHalfEven(num, den * m) * m), rules);
}

/** A finite decimal as an exact fraction units / 10^scale. */
export function decimalFraction(x: Decimal): { units: bigint; scale: number } {
  const text = x.toFixed();
  const dot = text.indexOf('.');
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  return { units: BigInt((dot < 0 ? text : text.slice(0, dot)) + frac), scale: frac.length };
}

/** x % of an amount in minor units, as Fineract's Money.percentageOf: amount x pct / 100 (divide with the mc). */
export function percentOf(amountMinor: Decimal | number, percent: Decimal | string, rules: MoneyRules): number {
  const product = new Wide(amountMinor).times(percent);
  return moneyOf(new Mc(product).div(100), rules);
}
