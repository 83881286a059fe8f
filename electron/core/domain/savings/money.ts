/**
 * Decimal arithmetic for the few savings figures that need more than integers: the daily rates and the growth
 * factors (1 + r)^n of daily compounding, computed once per product and day count, then turned into fixed point
 * (fixed.ts). `Sv` carries 34 significant digits (Java's DECIMAL128), more than Fineract's DECIMAL64.
 */
import Decimal from 'decimal.js';

export { moneyRules, type MoneyRules } from '../loans/money';

export const Sv = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
