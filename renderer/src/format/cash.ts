/**
 * Exact arithmetic on decimal texts for the cash screens (a count's line totals, how close a till is to its
 * limit, the sign of a difference): BigInt of minor units, never a float.
 */
interface Scaled {
  units: bigint;
  scale: number;
}

function scaled(text: string): Scaled | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt(m[2]! + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

function rescale(v: Scaled, scale: number): bigint {
  return v.units * 10n ** BigInt(scale - v.scale);
}

function toText(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** A denomination times how many of it: ("1000", 20) -> "20000"; ("0.50", 3) -> "1.50". Null when unreadable. */
export function lineTotal(denomination: string, quantity: number): string | null {
  const d = scaled(denomination);
  if (!d || !Number.isSafeInteger(quantity) || quantity < 0) return null;
  return toText(d.units * BigInt(quantity), d.scale);
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`; null when either is not a decimal. */
export function compareAmounts(a: string, b: string): -1 | 0 | 1 | null {
  const x = scaled(a);
  const y = scaled(b);
  if (!x || !y) return null;
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** True when `amount` is at least `percent` % of `limit` (the cash-position warning). */
export function atLeastPercentOf(amount: string, limit: string, percent: number): boolean {
  const x = scaled(amount);
  const y = scaled(limit);
  if (!x || !y || y.units <= 0n) return false;
  const scale = Math.max(x.scale, y.scale);
  return rescale(x, scale) * 100n >= rescale(y, scale) * BigInt(percent);
}

/** 'short' below zero, 'over' above, 'even' at zero (a till's counted minus expected). */
export function differenceKind(difference: string | null | undefined): 'short' | 'over' | 'even' | null {
  if (difference === null || difference === undefined) return null;
  const c = compareAmounts(difference, '0');
  return c === null ? null : c < 0 ? 'short' : c > 0 ? 'over' : 'even';
}

/** A note or coin's face value as printed on it: "1,000" / "1 000" for a note, "0.50" / "0,50" for a coin. */
export function formatDenomination(value: string, locale: string): string {
  const v = scaled(value);
  if (!v) return value;
  const digits = /[1-9]/.test(value.split('.')[1] ?? '') ? v.scale : 0;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value.trim() as Intl.StringNumericLiteral);
}
