import { describe, expect, it } from 'vitest';
import { atLeastPercentOf, compareAmounts, differenceKind, formatDenomination, lineTotal } from '../../../renderer/src/format/cash';

describe('cash arithmetic on decimal texts', () => {
  it.each([
    ['1000', 20, '20000'],
    ['0.50', 3, '1.50'],
    ['0.05', 0, '0.00'],
    ['50000', 123456, '6172800000'],
  ])('lineTotal(%s, %i) = %s', (denomination, quantity, expected) => {
    expect(lineTotal(denomination, quantity)).toBe(expected);
  });

  it('refuses what is not a count', () => {
    expect(lineTotal('abc', 2)).toBeNull();
    expect(lineTotal('100', -1)).toBeNull();
    expect(lineTotal('100', 1.5)).toBeNull();
  });

  it('compares amounts of different scales exactly', () => {
    expect(compareAmounts('100.10', '100.1')).toBe(0);
    expect(compareAmounts('-100', '0')).toBe(-1);
    expect(compareAmounts('90071992547409931.06', '90071992547409931.05')).toBe(1);
  });

  it('warns at 90 % of the limit', () => {
    expect(atLeastPercentOf('45000', '50000', 90)).toBe(true);
    expect(atLeastPercentOf('44999.99', '50000', 90)).toBe(false);
    expect(atLeastPercentOf('10', '0', 90)).toBe(false);
  });

  it('names a difference', () => {
    expect(differenceKind('-100.00')).toBe('short');
    expect(differenceKind('0.00')).toBe('even');
    expect(differenceKind('5')).toBe('over');
    expect(differenceKind(null)).toBeNull();
  });

  it('writes a note without decimals and a coin with its own', () => {
    expect(formatDenomination('1000', 'en-US')).toBe('1,000');
    expect(formatDenomination('1000.00', 'en-US')).toBe('1,000');
    expect(formatDenomination('0.50', 'fr-FR')).toBe('0,50');
    expect(formatDenomination('50000', 'fr-FR')).toBe('50\u202f000');
  });
});
