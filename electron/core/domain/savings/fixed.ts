/**
 * Fixed-point amounts for the daily-compounding loop: a BigInt counting 10^-24 of a minor unit. Daily compounding
 * adds interest to the base after every block, so it does several operations per block; BigInt keeps that loop
 * several times faster than decimal.js while staying far finer than Fineract's (DECIMAL64, 9 decimals of a major
 * unit). Products are cut toward zero at 24 decimals; every figure that terminates within 24 decimals (every
 * exact half included) is held exactly, so rounding to the minor unit is the same as with exact arithmetic.
 */
import Decimal from 'decimal.js';
import { moneyOfFraction, type MoneyRules } from '../loans/money';

export const FIXED_PLACES = 24;
export const FIXED_ONE = 10n ** 24n;

const FIXED_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * An annual % as a daily rate fraction units / divisor (exact): "7.3" on 365 days -> 73 / (100 x 365 x 10).
 * A fixed-point balance-days sum times units, divided by divisor, is the interest in fixed point.
 */
export interface RateFraction {
  units: bigint;
  divisor: bigint;
}

export function rateFraction(percentText: string, daysInYear: number): RateFraction {
  const m = FIXED_TEXT.exec(percentText.trim());
  if (!m || m[1]) throw new RangeError(`not a non-negative rate: "${percentText}"`);
  const [, , whole = '0', frac = ''] = m;
  return { units: BigInt(whole + frac), divisor: BigInt(100 * daysInYear) * 10n ** BigInt(frac.length) };
}

/** Exact decimal text (as a checkpoint holds) to fixed point; digits beyond 24 decimals are cut toward zero. */
export function fixedOfText(text: string): bigint {
  const m = FIXED_TEXT.exec(text.trim());
  if (!m) throw new RangeError(`not decimal text: "${text}"`);
  const [, sign, whole = '0', frac = ''] = m;
  const units = BigInt(whole + frac.slice(0, FIXED_PLACES).padEnd(FIXED_PLACES, '0'));
  return sign ? -units : units;
}

/** A decimal.js value to fixed point (via its exact text; cut toward zero beyond 24 decimals). */
export function fixedOf(x: Decimal): bigint {
  return fixedOfText(x.toDecimalPlaces(FIXED_PLACES, Decimal.ROUND_DOWN).toString());
}

/** Fixed point to decimal text with at most `places` decimals (half-even), trailing zeros dropped. */
export function fixedText(x: bigint, places: number = FIXED_PLACES): string {
  if (x === 0n) return '0';
  const negative = x < 0n;
  let units = negative ? -x : x;
  if (places < FIXED_PLACES) {
    const unit = 10n ** BigInt(FIXED_PLACES - places);
    const q = units / unit;
    const twice = (units - q * unit) * 2n;
    units = twice > unit || (twice === unit && q % 2n === 1n) ? q + 1n : q;
  }
  if (units === 0n) return '0';
  const digits = units.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Interest earned (>= 0) rounded for posting with Money.of: the cash multiple, then half-even. */
export function roundFixedInterest(x: bigint, rules: MoneyRules): number {
  return x <= 0n ? 0 : moneyOfFraction(x, FIXED_ONE, rules);
}

/** A positive overdraft charge rounded half-even to the minor unit (no cash multiple, as Fineract). */
export function roundFixedCharge(x: bigint, rules: MoneyRules): number {
  return x <= 0n ? 0 : moneyOfFraction(x, FIXED_ONE, { ...rules, multiple: 0 });
}
