/**
 * An amount in words, for receipts (the figure and the words must say the same thing). Pure string work on the
 * decimal text, never a float. The unit is the currency code (generic, no currency names to translate), and the
 * minor unit is "cents" / "centimes": "4728.50" KES -> "four thousand seven hundred twenty-eight KES and fifty
 * cents" / "quatre mille sept cent vingt-huit KES et cinquante centimes".
 */
export type WordsLocale = 'en' | 'fr';

const EN_ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion'];

function enBelowThousand(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) parts.push(`${EN_ONES[hundreds]} hundred`);
  if (rest > 0) {
    if (rest < 20) parts.push(EN_ONES[rest]!);
    else parts.push(EN_TENS[Math.floor(rest / 10)]! + (rest % 10 ? `-${EN_ONES[rest % 10]}` : ''));
  }
  return parts.join(' ');
}

const FR_ONES = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf'];
const FR_TENS = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];

/** 0..99 in French: vingt et un, soixante et onze, quatre-vingts (final only), quatre-vingt-un, quatre-vingt-dix. */
function frBelowHundred(n: number, final: boolean): string {
  if (n < 20) return FR_ONES[n]!;
  const tens = Math.floor(n / 10);
  const unit = n % 10;
  if (tens === 7 || tens === 9) {
    const base = tens === 7 ? 'soixante' : 'quatre-vingt';
    const rest = 10 + unit;
    if (tens === 7 && unit === 1) return 'soixante et onze';
    return `${base}-${FR_ONES[rest]}`;
  }
  if (tens === 8) return unit === 0 ? (final ? 'quatre-vingts' : 'quatre-vingt') : `quatre-vingt-${FR_ONES[unit]}`;
  const base = FR_TENS[tens]!;
  if (unit === 0) return base;
  if (unit === 1) return `${base} et un`;
  return `${base}-${FR_ONES[unit]}`;
}

/** 1..999; `final` says whether "cent" and "quatre-vingt" may take their plural s (not before "mille"). */
function frBelowThousand(n: number, final: boolean): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (hundreds === 1) parts.push('cent');
  else if (hundreds > 1) parts.push(`${FR_ONES[hundreds]} ${rest === 0 && final ? 'cents' : 'cent'}`);
  if (rest > 0) parts.push(frBelowHundred(rest, final));
  return parts.join(' ');
}

/** Groups of three digits, least significant first, from a digit string of any length. */
function groupsOf(digits: string): number[] {
  const groups: number[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.push(Number(digits.slice(Math.max(0, end - 3), end)));
  return groups;
}

/** A whole number written as digits ("4728") in words. */
export function integerToWords(digits: string, locale: WordsLocale): string {
  const clean = digits.replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(clean)) throw new Error(`not a whole number: ${digits}`);
  if (clean === '0') return locale === 'fr' ? 'zéro' : 'zero';
  const groups = groupsOf(clean);
  if (groups.length > 5) throw new Error('number too large to write in words');
  const parts: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    if (locale === 'en') {
      parts.push(EN_SCALES[i] ? `${enBelowThousand(g)} ${EN_SCALES[i]}` : enBelowThousand(g));
    } else if (i === 0) {
      parts.push(frBelowThousand(g, true));
    } else if (i === 1) {
      // mille is invariable and never preceded by "un"; cent and vingt stay singular before it.
      parts.push(g === 1 ? 'mille' : `${frBelowThousand(g, false)} mille`);
    } else {
      // million, milliard, billion are nouns: they take an s, and cent/vingt before them keep theirs.
      const noun = ['', '', 'million', 'milliard', 'billion'][i]!;
      parts.push(`${frBelowThousand(g, true)} ${noun}${g > 1 ? 's' : ''}`);
    }
  }
  return parts.join(' ');
}

/**
 * "4728.5", KES, 2 decimals -> "four thousand seven hundred twenty-eight KES and fifty cents". With no decimal
 * places (e.g. XOF) there is no minor part. A negative amount is written with "minus" / "moins".
 */
export function amountToWords(amount: string, currencyCode: string, decimalPlaces: number, locale: WordsLocale): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new Error(`not an amount: ${amount}`);
  const negative = m[1] === '-';
  const whole = integerToWords(m[2]!, locale);
  const sign = negative ? (locale === 'fr' ? 'moins ' : 'minus ') : '';
  if (decimalPlaces <= 0) return `${sign}${whole} ${currencyCode}`;
  const minorDigits = (m[3] ?? '').padEnd(decimalPlaces, '0').slice(0, decimalPlaces);
  const minor = integerToWords(minorDigits, locale);
  const minorNumber = Number(minorDigits);
  if (locale === 'fr') return `${sign}${whole} ${currencyCode} et ${minor} ${minorNumber > 1 ? 'centimes' : 'centime'}`;
  return `${sign}${whole} ${currencyCode} and ${minor} ${minorNumber === 1 ? 'cent' : 'cents'}`;
}
