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

/** x % of an amount in minor units, as Fineract's Money.percentageOf: amount x pct / 100 (divide with the mc). */
export function percentOf(amountMinor: Decimal | number, percent: Decimal | string, rules: MoneyRules): number {
  const product = new Wide(amountMinor).times(percent);
  return moneyOf(new Mc(product).div(100), rules);
}
