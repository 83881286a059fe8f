import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMoney, parseMoney, MoneyFormatError } from '../../../shared/money';
import { isIsoDate } from '../../../shared/dates';

describe('money as integer minor units', () => {
  it.each([
    ['1234.5', 2, 123450],
    ['1234.50', 2, 123450],
    ['0.01', 2, 1],
    ['-3.10', 2, -310],
    ['1500', 0, 1500],
    ['1500.000', 0, 1500],
    ['2.125', 3, 2125],
    ['007', 2, 700],
  ])('parses %s with %i decimals to %i', (text, dp, expected) => {
    expect(parseMoney(text, dp)).toBe(expected);
  });

  it.each(['12.345', 'abc', '', '1,000', '1e5', '.5', '5.'])('refuses "%s" for a 2-decimal currency', (text) => {
    expect(() => parseMoney(text, 2)).toThrow(MoneyFormatError);
  });

  it('formats without grouping, with the currency decimals', () => {
    expect(formatMoney(123450, 2)).toBe('1234.50');
    expect(formatMoney(5, 2)).toBe('0.05');
    expect(formatMoney(-5, 2)).toBe('-0.05');
    expect(formatMoney(1500, 0)).toBe('1500');
    expect(formatMoney(2125, 3)).toBe('2.125');
  });

  it('round-trips every safe amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 4 }), (amount, dp) => {
        expect(parseMoney(formatMoney(amount, dp), dp)).toBe(amount);
      }),
    );
  });

  it('knows real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-13-01')).toBe(false);
    expect(isIsoDate('2023-1-01')).toBe(false);
  });
});
