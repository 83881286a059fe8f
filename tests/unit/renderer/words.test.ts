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

  // the organisation's currency names, as the screen's translations give them (receipt.currencies.KES ...)
  const SHILLINGS_EN = { one: 'shilling', other: 'shillings', minorOne: 'cent', minorOther: 'cents' };
  const SHILLINGS_FR = { one: 'shilling', other: 'shillings', minorOne: 'centime', minorOther: 'centimes' };
  const FRANCS_FR = { one: 'franc CFA', other: 'francs CFA', minorOne: 'centime', minorOther: 'centimes' };

  it('writes amounts as people write them on paper: the currency named, "only" in English, no zero cents', () => {
    expect(amountToWords('50000.00', 2, 'en', SHILLINGS_EN)).toBe('Fifty thousand shillings only');
    expect(amountToWords('50000.00', 2, 'fr', SHILLINGS_FR)).toBe('Cinquante mille shillings');
    expect(amountToWords('4728.50', 2, 'en', SHILLINGS_EN)).toBe('Four thousand seven hundred twenty-eight shillings and fifty cents only');
    expect(amountToWords('4728.50', 2, 'fr', SHILLINGS_FR)).toBe('Quatre mille sept cent vingt-huit shillings et cinquante centimes');
    expect(amountToWords('1.01', 2, 'en', SHILLINGS_EN)).toBe('One shilling and one cent only');
    expect(amountToWords('80.80', 2, 'fr', SHILLINGS_FR)).toBe('Quatre-vingts shillings et quatre-vingts centimes');
    expect(amountToWords('15000', 0, 'fr', FRANCS_FR)).toBe('Quinze mille francs CFA');
    expect(amountToWords('2000000.00', 2, 'fr', SHILLINGS_FR)).toBe('Deux millions de shillings');
    expect(amountToWords('-3.00', 2, 'en', SHILLINGS_EN)).toBe('Minus three shillings only');
  });

  it('refuses what is not an amount', () => {
    expect(() => amountToWords('1,5', 2, 'en', SHILLINGS_EN)).toThrow();
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
