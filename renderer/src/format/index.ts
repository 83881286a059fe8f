/**
 * Display formatting of money and dates: only here, only with Intl (ARCHITECTURE.md section 5).
 * Amounts arrive as decimal strings ("1234.50") and are handed to Intl.NumberFormat as strings, which formats
 * them exactly (no float on the way). Business dates are 'YYYY-MM-DD' and are formatted in UTC so that the
 * local time zone can never shift them by a day.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CurrencyLike {
  code: string;
  decimalPlaces: number;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, currency: CurrencyLike, withCurrency: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency.code}|${currency.decimalPlaces}|${withCurrency}`;
  let nf = numberFormats.get(key);
  if (!nf) {
    const digits = { minimumFractionDigits: currency.decimalPlaces, maximumFractionDigits: currency.decimalPlaces };
    try {
      nf = withCurrency
        ? new Intl.NumberFormat(locale, { style: 'currency', currency: currency.code, ...digits })
        : new Intl.NumberFormat(locale, digits);
    } catch {
      // A code Intl does not accept: show the plain number (the caller adds the code).
      nf = new Intl.NumberFormat(locale, digits);
    }
    numberFormats.set(key, nf);
  }
  return nf;
}

/** "1234.5" -> "1,234.50" (en) / "1 234,50" (fr). Text that is not a decimal is returned unchanged. */
export function formatAmount(text: string | null | undefined, currency: CurrencyLike, locale: string): string {
  if (text === null || text === undefined) return '';
  const trimmed = String(text).trim();
  if (!DECIMAL.test(trimmed)) return trimmed;
  return numberFormat(locale, currency, false).format(trimmed as Intl.StringNumericLiteral);
}

/** "1234.5" -> "KES 1,234.50" (en) / "1 234,50 KES" (fr). */
export function formatMoney(text: string | null | undefined, currency: CurrencyLike, locale: string): string {
  if (text === null || text === undefined) return '';
  const trimmed = String(text).trim();
  if (!DECIMAL.test(trimmed)) return trimmed;
  return numberFormat(locale, currency, true).format(trimmed as Intl.StringNumericLiteral);
}

/** A rate or percentage as typed: "12.5" -> "12.5" (en) / "12,5" (fr), all its digits, no grouping. */
export function formatDecimal(text: string, locale: string): string {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return trimmed;
  const digits = (trimmed.split('.')[1] ?? '').length;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(
    trimmed as Intl.StringNumericLiteral,
  );
}

export type DateStyle = 'full' | 'long' | 'medium' | 'short';

/** '2025-03-01' -> 'Mar 1, 2025' (en-US) / '1 mars 2025' (fr). Anything else is returned unchanged. */
export function formatDate(iso: string | null | undefined, locale: string, style: DateStyle = 'medium'): string {
  if (!iso) return '';
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(date);
}

/** A day of the year 'MM-DD' -> '15 January' (a leap year, so 29 February reads too); anything else unchanged. */
export function formatMonthDay(monthDay: string, locale: string): string {
  const m = /^(\d{2})-(\d{2})$/.exec(monthDay);
  if (!m) return monthDay;
  return new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, Number(m[1]) - 1, Number(m[2]))));
}

/** The names of the months in the language, January first. */
export function monthNames(locale: string): string[] {
  return Array.from({ length: 12 }, (_, i) => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, i, 1))));
}

/** An ISO-8601 instant in the user's own time zone. */
export function formatInstant(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A file's size in words a user reads at a glance: "850 kB", "12.4 MB". */
export function formatBytes(bytes: number, locale: string): string {
  const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : [Math.max(bytes / 1000, bytes > 0 ? 0.1 : 0), 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

/** True when the text is a decimal with at most `decimalPlaces` decimals (zeros beyond are allowed). */
export function isAmountText(text: string, decimalPlaces: number): boolean {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return false;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac.length <= decimalPlaces;
}

/**
 * Normalises what a teller typed into a plain decimal string ("1500.50"); null when it is not an amount.
 * Accepts the locale's own writing ("1 500,50" in fr, "1,500.50" in en) and the plain one ("1500.50"):
 * - both "," and "." present: the last one is the decimal point, the other groups thousands;
 * - only the locale's decimal separator: it is the decimal point;
 * - only the other one: thousands groups when every group has three digits ("1.500" in fr, "1,500" in en),
 *   else a dot is still read as a decimal point ("12.5" in fr), and a comma in en is refused ("12,5").
 * Pure string work: never goes through a float.
 */
export function normaliseAmountInput(text: string, locale: string): string | null {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  const localeDecimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    const [whole = '', frac = ''] = s.split(decimal);
    if (s.split(decimal).length !== 2 || !isGrouped(whole, group)) return null;
    s = `${whole.split(group).join('')}.${frac}`;
  } else if (lastComma >= 0 || lastDot >= 0) {
    const sep = lastComma >= 0 ? ',' : '.';
    if (sep === localeDecimal) {
      if (s.split(sep).length !== 2) return null;
      s = s.replace(sep, '.');
    } else if (isGrouped(s, sep) && s.includes(sep)) {
      s = s.split(sep).join('');
    } else if (sep === '.') {
      // a dot after digits is a decimal point everywhere ("12.5" typed in fr)
    } else {
      return null;
    }
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const [whole = '0', frac] = s.split('.');
  const cleanWhole = whole.replace(/^0+(?=\d)/, '');
  return frac === undefined ? cleanWhole : `${cleanWhole}.${frac}`;
}

/**
 * The text of an amount box when the language changes: read in the old locale, written again in the new one
 * ("2,142.31" en -> "2 142,31" fr), so the box never shows one language's grouping beside another's.
 * `currency` null: a rate (all its digits, no grouping). Text that cannot be read, or that has more decimals than
 * the currency, stays as it is (never rounded).
 */
export function relocaliseAmountText(text: string, from: string, to: string, currency: CurrencyLike | null): string {
  const value = normaliseAmountInput(text, from);
  // Unreadable, or more decimals than the currency has: left for the form to refuse, never rounded here.
  if (value === null || (currency && !isAmountText(value, currency.decimalPlaces))) return text;
  return currency ? formatAmount(value, currency, to) : formatDecimal(value, to);
}

/** "1,500,000" grouped by `sep` in threes (the first group 1 to 3 digits); a text without `sep` is grouped too. */
function isGrouped(text: string, sep: string): boolean {
  const groups = text.split(sep);
  return groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) || groups.length === 1 : /^\d{3}$/.test(g)));
}
