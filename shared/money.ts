import { AppError } from './errors';

/**
 * Money is an integer count of the currency's minor unit (cents, centimes; the unit itself for 0-decimal
 * currencies). It crosses the wire as a decimal string ("1234.50") and is parsed straight from that string,
 * never through a float (ARCHITECTURE.md section 5).
 */
export type Minor = number & { readonly __minor: unique symbol };

export interface Currency {
  code: string;
  decimalPlaces: number;
  /** Cash amounts are rounded to this multiple of the major unit (0 = no rule). */
  inMultiplesOf: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export class MoneyFormatError extends Error {}

/** A whole number of minor units; throws when the value is not a safe integer. */
export function minor(value: number): Minor {
  if (!Number.isSafeInteger(value)) throw new MoneyFormatError(`not a whole amount of minor units: ${value}`);
  return value as Minor;
}

/**
 * Parses "1234.5" into 123450 for a 2-decimal currency. More decimals than the currency has are refused
 * (unless they are zeros): an amount is never silently rounded on entry.
 */
export function parseMoney(text: string, decimalPlaces: number): Minor {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new MoneyFormatError(`not an amount: "${text}"`);
  const [, sign, whole, frac = ''] = m;
  const trimmedFrac = frac.replace(/0+$/, '');
  if (trimmedFrac.length > decimalPlaces) {
    throw new MoneyFormatError(`more than ${decimalPlaces} decimal places: "${text}"`);
  }
  const digits = (whole ?? '0') + trimmedFrac.padEnd(decimalPlaces, '0');
  const value = Number(digits.replace(/^0+(?=\d)/, ''));
  if (!Number.isSafeInteger(value)) throw new MoneyFormatError(`amount too large: "${text}"`);
  return minor(sign ? -value : value);
}

/** True when the text is a plain decimal number ("12", "12.50", "-3.1"). */
export function isDecimalText(text: string): boolean {
  return DECIMAL.test(text.trim());
}

/** 123450 -> "1234.50" for 2 decimal places; always a plain decimal string, no grouping. */
export function formatMoney(amount: number, decimalPlaces: number): string {
  if (!Number.isSafeInteger(amount)) throw new MoneyFormatError(`not a whole amount of minor units: ${amount}`);
  const negative = amount < 0;
  const digits = Math.abs(amount).toString().padStart(decimalPlaces + 1, '0');
  const whole = digits.slice(0, digits.length - decimalPlaces);
  const frac = digits.slice(digits.length - decimalPlaces);
  const body = decimalPlaces > 0 ? `${whole}.${frac}` : whole;
  return negative ? `-${body}` : body;
}

export function addMinor(...amounts: number[]): Minor {
  let total = 0;
  for (const a of amounts) total += a;
  return minor(total);
}

/**
 * Limits that keep every sum exact (issue 14, point 7). A JavaScript number counts minor units exactly up to
 * Number.MAX_SAFE_INTEGER (about 9.007 x 10^15). One amount typed into a field is at most MAX_AMOUNT_MINOR (a
 * thousand billion shillings, 99,999,999,999,999 minor units); a balance (a savings account, a till, the vault, what
 * a loan owes or has been overpaid) at most MAX_BALANCE_MINOR, ten times more: a balance plus the largest amount,
 * or the sum of 9 balances, stays exact.
 */
export const MAX_AMOUNT_MINOR = 99_999_999_999_999;
export const MAX_BALANCE_MINOR = 999_999_999_999_999;

/**
 * Parses an amount typed into a field, answering bad text with VALIDATION_FAILED naming the field (rule 4: bad
 * input gets a clear error naming the field); an amount over MAX_AMOUNT_MINOR is refused as too large.
 */
export function parseMoneyField(text: string, decimalPlaces: number, field: string): Minor {
  let value: Minor;
  try {
    value = parseMoney(text, decimalPlaces);
  } catch (err) {
    if (err instanceof MoneyFormatError) {
      if (/too large/.test(err.message)) throw amountTooLarge(field, MAX_AMOUNT_MINOR, decimalPlaces);
      throw new AppError('VALIDATION_FAILED', `${field}: ${err.message}`, [{ field, code: 'invalid_amount', message: err.message }]);
    }
    throw err;
  }
  if (Math.abs(value) > MAX_AMOUNT_MINOR) throw amountTooLarge(field, MAX_AMOUNT_MINOR, decimalPlaces);
  return value;
}

/**
 * Refuses a change that would take a balance past MAX_BALANCE_MINOR either way (a deposit into an account already
 * near the limit), naming the field whose amount would do it.
 */
export function checkBalanceLimit(balanceAfter: number, field: string, decimalPlaces: number): void {
  if (Math.abs(balanceAfter) > MAX_BALANCE_MINOR) {
    const maximum = formatMoney(MAX_BALANCE_MINOR, decimalPlaces);
    const message = `would take the balance past ${maximum}, the most Branchbox keeps exactly in one balance`;
    throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, code: 'balance_too_large', message, params: { maximum } }]);
  }
}

function amountTooLarge(field: string, limit: number, decimalPlaces: number): AppError {
  const maximum = formatMoney(limit, decimalPlaces);
  const message = `must be at most ${maximum}`;
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, code: 'too_big', message, params: { maximum } }]);
}
