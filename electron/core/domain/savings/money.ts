/**
 * Decimal arithmetic for savings interest. Unrounded interest is a decimal.js value in minor units; it is rounded
 * once per posting period with Fineract's Money.of (the loans module's `moneyOf`: the 0-decimal cash multiple,
 * then half-even to the minor unit).
 *
 * `Sv` carries 34 significant digits (as Java's DECIMAL128), more than Fineract's DECIMAL64 steps, so a figure
 * rounds to the same minor unit unless it lies within about 1e-12 of a half (README, "differences").
 */
import Decimal from 'decimal.js';
import { halfEven, moneyOf, type MoneyRules } from '../loans/money';

export { moneyRules, type MoneyRules } from '../loans/money';

export const Sv = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Dec = Decimal;

export const ZERO: Decimal = new Sv(0);

/** Interest earned (>= 0) rounded for posting: Money.of, so the cash multiple of a 0-decimal currency applies. */
export function roundInterest(unrounded: Decimal, rules: MoneyRules): number {
  return moneyOf(unrounded, rules);
}

/**
 * Overdraft interest (a charge, given as a positive amount) rounded half-even to the minor unit. Fineract rounds it
 * as a negative amount, for which Money.of applies no cash multiple; half-even is symmetric, so the magnitude is
 * the same.
 */
export function roundOverdraftInterest(unrounded: Decimal): number {
  return halfEven(unrounded);
}

/** Unrounded minor units as decimal text with at most 9 decimals ("788.976"), never in exponent notation. */
export function decimalText(x: Decimal): string {
  const t = x.toDecimalPlaces(9, Decimal.ROUND_HALF_EVEN).toString();
  return t === '-0' ? '0' : t;
}

/** Smallest integer n with n >= x, as a JS number (x is a few minor units, far inside the safe range). */
export function ceilToNumber(x: Decimal): number {
  const n = x.ceil().toNumber();
  return n === 0 ? 0 : n;
}
