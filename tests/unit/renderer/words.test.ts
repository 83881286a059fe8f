import { describe, expect, it } from 'vitest';
import { amountToWords, integerToWords } from '../../../renderer/src/format/words';
import { csvField, toCsv } from '../../../renderer/src/format/csv';

describe('amount in words', () => {
  it.each([
    ['0', 'zero', 'zéro'],
    ['1', 'one', 'un'],
    ['16', 'sixteen', 'seize'],
    ['17', 'seventeen', 'dix-sept'],
    ['21', 'twenty-one', 'vingt et un'],
    ['71', 'seventy-one', 'soixante et onze'],
    ['72', 'seventy-two', 'soixante-douze'],
    ['80', 'eighty', 'quatre-vingts'],
    ['81', 'eighty-one', 'quatre-vingt-un'],
    ['91', 'ninety-one', 'quatre-vingt-onze'],
    ['100', 'one hundred', 'cent'],
    ['200', 'two hundred', 'deux cents'],
    ['201', 'two hundred one', 'deux cent un'],
    ['1000', 'one thousand', 'mille'],
    ['2000', 'two thousand', 'deux mille'],
    ['80000', 'eighty thousand', 'quatre-vingt mille'],
    ['200000', 'two hundred thousand', 'deux cent mille'],
    ['4728', 'four thousand seven hundred twenty-eight', 'quatre mille sept cent vingt-huit'],
    ['1000000', 'one million', 'un million'],
    ['200000000', 'two hundred million', 'deux cents millions'],
    ['3000001', 'three million one', 'trois millions un'],
  ])('%s', (n, en, fr) => {
    expect(integerToWords(n, 'en')).toBe(en);
    expect(integerToWords(n, 'fr')).toBe(fr);
  });

  it('writes the currency code and the minor unit', () => {
    expect(amountToWords('4728.00', 'KES', 2, 'en')).toBe('four thousand seven hundred twenty-eight KES and zero cents');
    expect(amountToWords('4728.00', 'KES', 2, 'fr')).toBe('quatre mille sept cent vingt-huit KES et zéro centime');
    expect(amountToWords('1.5', 'KES', 2, 'en')).toBe('one KES and fifty cents');
    expect(amountToWords('1.01', 'EUR', 2, 'en')).toBe('one EUR and one cent');
    expect(amountToWords('80.80', 'EUR', 2, 'fr')).toBe('quatre-vingts EUR et quatre-vingts centimes');
    expect(amountToWords('15000', 'XOF', 0, 'fr')).toBe('quinze mille XOF');
    expect(amountToWords('-3.00', 'KES', 2, 'en')).toBe('minus three KES and zero cents');
  });

  it('refuses what is not an amount', () => {
    expect(() => amountToWords('1,5', 'KES', 2, 'en')).toThrow();
  });
});

describe('CSV', () => {
  it('quotes every field and doubles quotes', () => {
    expect(csvField('He said "hi", twice')).toBe('"He said ""hi"", twice"');
    expect(toCsv([['a', 1, null], ['1500.00', '-12.50', '=SUM(A1)']])).toBe('"a","1",""\r\n"1500.00","-12.50","\'=SUM(A1)"\r\n');
  });
});

import { sumAmounts } from '../../../renderer/src/format/sum';

describe('sumAmounts', () => {
  it('adds decimal texts exactly', () => {
    expect(sumAmounts(['0.1', '0.2', ''], 2)).toBe('0.30');
    expect(sumAmounts(['1500', '2500.50'], 2)).toBe('4000.50');
    expect(sumAmounts(['1.005'], 2)).toBeNull();
    expect(sumAmounts(['abc'], 2)).toBeNull();
    expect(sumAmounts(['7'], 0)).toBe('7');
  });
});
