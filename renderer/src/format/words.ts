/**
 * An amount in words, for receipts and vouchers (the figure and the words must say the same thing), written as
 * people write amounts on paper: "Fifty thousand shillings only", "Cinquante mille shillings". The number words come
 * from to-words (a kept library with many languages; one module per language, so a receipt loads only its own), the
 * currency's names from the organisation's currency (`CurrencyNames`, the screen's translations of it), never the
 * locale's own currency. The amount is decimal text, split into its whole and minor parts as text: never a float.
 */
import { toWords as englishWords } from 'to-words/en-KE';
import { toWords as frenchWords } from 'to-words/fr-FR';

export type WordsLocale = 'en' | 'fr';

/** The currency's names in the receipt's language: one and several of the unit and of the minor unit. */
export interface CurrencyNames {
  one: string;
  other: string;
  minorOne: string;
  minorOther: string;
}

/** English joins tens and units with a hyphen, as a cheque is written ("twenty-one"); to-words leaves a space. */
const hyphenated = (words: string): string => words.replace(/\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) (one|two|three|four|five|six|seven|eight|nine)\b/g, '$1-$2');

const NUMBER_WORDS: Record<WordsLocale, (n: string) => string> = {
  en: (n) => hyphenated(englishWords(n).toLocaleLowerCase('en')),
  fr: (n) => frenchCents(frenchWords(n).toLocaleLowerCase('fr')),
};

/**
 * "Cents" keeps its s only at the end or before millions and milliards (nouns): to-words 5.7 writes 200,000 as
 * "deux cents mille", where French writes "deux cent mille".
 */
function frenchCents(words: string): string {
  return words.replace(/\bcents (?!(millions?|milliards?)\b)/g, 'cent ');
}

/** A whole number written as digits ("4728") in words, lower case ("four thousand seven hundred twenty-eight"). */
export function integerToWords(digits: string, locale: WordsLocale): string {
  const clean = digits.replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(clean)) throw new Error(`not a whole number: ${digits}`);
  if (clean.length > 15) throw new Error('number too large to write in words');
  return NUMBER_WORDS[locale](clean);
}

/** French puts "de" between a round million or milliard and the noun: "deux millions de shillings". */
function beforeUnit(words: string, locale: WordsLocale): string {
  return locale === 'fr' && /(millions?|milliards?)$/.test(words) ? `${words} de` : words;
}

/**
 * "4728.50" KES, 2 decimals -> "Four thousand seven hundred twenty-eight shillings and fifty cents only" /
 * "Quatre mille sept cent vingt-huit shillings et cinquante centimes". With no decimal places (XOF, UGX), or a minor
 * part of zero, nothing is said of the minor unit. A negative amount is written with "minus" / "moins".
 */
export function amountToWords(amount: string, decimalPlaces: number, locale: WordsLocale, names: CurrencyNames): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new Error(`not an amount: ${amount}`);
  const sign = m[1] === '-' ? (locale === 'fr' ? 'moins ' : 'minus ') : '';
  const wholeDigits = m[2]!.replace(/^0+(?=\d)/, '');
  const whole = `${beforeUnit(integerToWords(wholeDigits, locale), locale)} ${wholeDigits === '1' ? names.one : names.other}`;
  const minorDigits = decimalPlaces > 0 ? (m[3] ?? '').padEnd(decimalPlaces, '0').slice(0, decimalPlaces) : '';
  const minorNumber = minorDigits === '' ? 0 : Number(minorDigits);
  const minor = minorNumber > 0 ? ` ${locale === 'fr' ? 'et' : 'and'} ${integerToWords(minorDigits, locale)} ${minorNumber === 1 ? names.minorOne : names.minorOther}` : '';
  const text = `${sign}${whole}${minor}${locale === 'en' ? ' only' : ''}`;
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
