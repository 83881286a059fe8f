import { i18n, intlLocale, type AppLocale } from '../i18n';
import { isApiError, type ApiError } from '../api/client';
import { formatDecimal } from '../format';
import type { FieldError } from '../../../shared/errors';

/**
 * Turning error codes into words in the user's language. The core's messages are English and meant for logs;
 * the screen always shows our own translation, chosen by code (errors.<CODE>, validation.<code>).
 */

/**
 * The contract's own validation messages (shared/contract/fields.ts and friends) name the rule more precisely
 * than the generic zod code, so when the core sends one of them back we show its translation.
 */
const KNOWN_MESSAGES: Record<string, string> = {
  'is required': 'required',
  'must be a real date written YYYY-MM-DD': 'date',
  'must be an amount such as 1500 or 1500.50': 'amount',
  'must be greater than zero': 'positive',
  'must be at least 3 characters': 'usernameLength',
  'may use letters, digits, dot, dash and underscore only': 'usernameChars',
  'must be at least 10 characters': 'passwordLength',
  'must contain a letter and a digit': 'passwordChars',
  'must be at least 12 characters': 'passphraseLength',
  'must be a phone number such as +254700000001': 'phone',
  'must be a three-letter ISO 4217 code such as KES': 'currencyCode',
  'must be 2 to 6 capital letters or digits': 'officeCode',
  'choose at least one role': 'roles',
  'must be a number written like 1500 or 12.5': 'number',
  'must be a whole number': 'wholeNumber',
  'must be a whole number of at least 0': 'wholeNumber',
  'must be a whole number of at least 1': 'wholeNumber',
  // the overpayment margin (shared/contract/settings.ts)
  'must be a percentage such as 10 or 12.5': 'percent',
  'must be at most 100': 'percentMax',
  'must be shorter than numberOfRepayments': 'graceTooLong',
  'must be after expectedDisbursementDate': 'afterDisbursement',
  'must be a three-letter ISO 4217 code': 'currencyCode',
  'must not be before fromDate': 'toBeforeFrom',
  'must be a date outside the holiday': 'insideHoliday',
  'Invalid URL': 'url',
  // the export to head office (electron/core/services/export): pairing files and acknowledgements
  'is not a pairing file': 'pairingUnreadable',
  'is not the pairing file expected here': 'pairingWrong',
  'is not readable': 'ackUnreadable',
  "is not signed by this branch's head office": 'ackNotSigned',
};

/** Messages with a number inside them (shared/contract/loanSchedule.ts, electron/core/domain/loans). */
const KNOWN_PATTERNS: [RegExp, string][] = [
  [/^must give an annual rate from/, 'rateRange'],
  [/^has more than \d+ decimal places/, 'tooManyDecimals'],
  [/^must be an amount in [A-Z]{3} with at most/, 'tooManyDecimals'],
  [/^with graceOnInterestPayment must leave/, 'graceInterest'],
  [/^BYDAY must list working days/, 'noWorkingDays'],
  [/^is for branch /, 'ackOtherBranch'],
  [/^is for epoch /, 'ackOtherEpoch'],
  [/^names sequence /, 'ackUnknown'],
  // a savings product's dormancy days (shared/contract/savings.ts)
  [/^must be greater than days/, 'mustBeGreater'],
  [/^is required when isDormancyTrackingActive/, 'required'],
];

function te(key: string): boolean {
  return i18n.global.te(key, i18n.global.locale.value) || i18n.global.te(key, 'en');
}

function t(key: string, params?: Record<string, unknown>): string {
  return params ? i18n.global.t(key, params) : i18n.global.t(key);
}

/** A bound of a range as people write numbers in the locale: "200000" -> "200,000" (en) / "200 000" (fr). */
function bound(value: string | number): string {
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const digits = (text.split('.')[1] ?? '').replace(/0+$/, '').length;
  return new Intl.NumberFormat(intlLocale(i18n.global.locale.value as AppLocale), { maximumFractionDigits: digits }).format(text as Intl.StringNumericLiteral);
}

/**
 * A term outside a product's range with its bounds (the core's `params`, services/loans/lifecycle.ts): "Must be
 * between 5,000 and 200,000", "at least" or "at most" when the product has one bound.
 */
function rangeText(params: FieldError['params']): string | null {
  const min = params?.min;
  const max = params?.max;
  if (min !== undefined && max !== undefined) return t('validation.between', { min: bound(min), max: bound(max) });
  if (min !== undefined) return t('validation.atLeast', { min: bound(min) });
  if (max !== undefined) return t('validation.atMost', { max: bound(max) });
  return null;
}

/** A field problem in words. Reads the locale, so calling it from a template keeps it reactive. */
export function fieldErrorText(error: Pick<FieldError, 'code' | 'message' | 'params'>): string {
  const range = error.code === 'out_of_range' ? rangeText(error.params) : null;
  if (range) return range;
  const byMessage = KNOWN_MESSAGES[error.message] ?? KNOWN_PATTERNS.find(([re]) => re.test(error.message))?.[1];
  if (byMessage && te(`validation.${byMessage}`)) return t(`validation.${byMessage}`);
  for (const code of [error.code, error.code.toLowerCase()]) {
    if (te(`validation.${code}`)) return t(`validation.${code}`);
  }
  // A field code that names an error (till_not_open) is explained by that error's message, kept once under errors.
  const asError = `errors.${error.code.toUpperCase()}`;
  return te(asError) ? t(asError) : t('validation.invalid');
}

/** A payout the till cannot cover (tills/cash.ts insufficientTill): said once, with the way out (issue 19 point 6). */
export function isTillShort(error: unknown): boolean {
  return isApiError(error) && error.code === 'INSUFFICIENT_FUNDS' && error.details?.reason === 'TILL_SHORT';
}

/** The general message for any failure (ApiError by code; anything else as INTERNAL). */
export function errorText(error: unknown): string {
  if (isTillShort(error)) {
    // the figures come only to whoever may see them (a branch manager, or every teller once the blind close is off)
    const { tillBalance, amount } = (error as ApiError).details ?? {};
    if (typeof tillBalance !== 'string' || typeof amount !== 'string') return t('errors.TILL_SHORT');
    const locale = i18n.global.locale.value;
    return t('errors.TILL_SHORT_FIGURES', { held: formatDecimal(tillBalance, locale), amount: formatDecimal(amount, locale) });
  }
  if (isApiError(error)) {
    const key = `errors.${error.code}`;
    return te(key) ? t(key) : t('errors.INTERNAL');
  }
  return t('errors.INTERNAL');
}
