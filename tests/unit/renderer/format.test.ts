import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, formatDecimal, formatMoney, isAmountText, normaliseAmountInput } from '../../../renderer/src/format';

const KES = { code: 'KES', decimalPlaces: 2 };
const UGX = { code: 'UGX', decimalPlaces: 0 };

describe('formatAmount / formatMoney: decimal strings shown exactly', () => {
  it.each([
    ['1234.5', 'en-US', KES, '1,234.50'],
    ['1234.5', 'fr-FR', KES, '1\u202f234,50'],
    ['0', 'en-US', KES, '0.00'],
    ['-15.25', 'en-US', KES, '-15.25'],
    ['1500000', 'en-US', UGX, '1,500,000'],
  ])('%s in %s', (text, locale, currency, expected) => {
    expect(formatAmount(text, currency, locale)).toBe(expected);
  });

  it('keeps every digit of an amount beyond float precision', () => {
    expect(formatAmount('90071992547409931.05', KES, 'en-US')).toBe('90,071,992,547,409,931.05');
  });

  it('adds the currency', () => {
    expect(formatMoney('1500', KES, 'en-US')).toMatch(/KES\s?1,500\.00/);
    expect(formatMoney('1500', KES, 'fr-FR')).toMatch(/1\u202f500,00\s?KES/);
  });

  it('returns anything that is not a decimal unchanged', () => {
    expect(formatAmount('n/a', KES, 'en-US')).toBe('n/a');
    expect(formatAmount(null, KES, 'en-US')).toBe('');
  });
});

describe('normaliseAmountInput: what a teller types, read without a float', () => {
  it.each([
    ['1500', 'en', '1500'],
    ['1,500.50', 'en', '1500.50'],
    ['1 500,50', 'fr', '1500.50'],
    ['1\u202f500,50', 'fr', '1500.50'],
    ['1500,5', 'fr', '1500.5'],
    ['1500.5', 'fr', '1500.5'],
    ['1.500', 'fr', '1500'],
    ['120,000.00', 'fr', '120000.00'],
    ['1.500.000,25', 'fr', '1500000.25'],
    ['007', 'en', '7'],
    ['0.75', 'en', '0.75'],
  ])('%s (%s) -> %s', (text, locale, expected) => {
    expect(normaliseAmountInput(text, locale)).toBe(expected);
  });

  it.each([
    ['', 'en'],
    ['abc', 'en'],
    ['12,5', 'en'],
    ['1,50,0', 'en'],
    ['-5', 'en'],
    ['1.2.3', 'en'],
    ['1,2,3', 'fr'],
  ])('refuses %s (%s)', (text, locale) => {
    expect(normaliseAmountInput(text, locale)).toBeNull();
  });
});

describe('formatDecimal and isAmountText', () => {
  it('shows a rate with its own digits', () => {
    expect(formatDecimal('12.5', 'fr')).toBe('12,5');
    expect(formatDecimal('2', 'en')).toBe('2');
    expect(formatDecimal('1000.125', 'en')).toBe('1000.125');
  });

  it('checks decimals against the currency', () => {
    expect(isAmountText('10.50', 2)).toBe(true);
    expect(isAmountText('10.505', 2)).toBe(false);
    expect(isAmountText('10.500', 2)).toBe(true);
    expect(isAmountText('10.5', 0)).toBe(false);
  });
});

describe('formatDate: business dates never shift with the time zone', () => {
  it('formats in the locale', () => {
    expect(formatDate('2025-03-01', 'en-US')).toBe('Mar 1, 2025');
    expect(formatDate('2025-03-01', 'fr-FR', 'long')).toBe('1 mars 2025');
  });

  it('leaves what is not a date alone', () => {
    expect(formatDate('soon', 'en-US')).toBe('soon');
    expect(formatDate(null, 'en-US')).toBe('');
  });
});
