import { describe, expect, it } from 'vitest';
import { formatAmount, normaliseAmountInput, relocaliseAmountText } from '../../../renderer/src/format';

/**
 * The money box (renderer/src/components/ui/UiMoneyInput.vue) reads what the teller types with
 * normaliseAmountInput and shows amounts with formatAmount: the decimal string sent to the core must not depend
 * on the language, and no amount may go through a float.
 */
const KES = { code: 'KES', decimalPlaces: 2 };

describe('the teller screen amount: typed in either language, one decimal string for the core', () => {
  it.each([
    ['2142,31', 'fr'],
    ['2 142,31', 'fr'],
    ['2\u00a0142,31', 'fr'],
    ['2\u202f142,31', 'fr'],
    [' 2 142,31 ', 'fr'],
    ['2,142.31', 'en'],
    ['2142.31', 'en'],
    ['2142.31', 'fr'],
  ])('%j (%s) -> "2142.31"', (text, locale) => {
    expect(normaliseAmountInput(text, locale)).toBe('2142.31');
  });

  it('refuses a French decimal comma in English rather than guess', () => {
    expect(normaliseAmountInput('2142,31', 'en')).toBeNull();
  });

  it('keeps every digit (no float on the way)', () => {
    expect(normaliseAmountInput('90 071 992 547 409 931,07', 'fr')).toBe('90071992547409931.07');
    expect(normaliseAmountInput('90,071,992,547,409,931.07', 'en')).toBe('90071992547409931.07');
    expect(normaliseAmountInput('0,10', 'fr')).toBe('0.10');
  });

  it.each(['en', 'fr', 'en-KE', 'fr-CI'])('reads back what it shows in %s', (locale) => {
    for (const value of ['2142.31', '0.05', '1000000.00', '12.00']) {
      const shown = formatAmount(value, KES, locale);
      expect(normaliseAmountInput(shown, locale)).toBe(value);
    }
  });
});

describe('relocaliseAmountText: a prefilled amount follows the language switch', () => {
  it('rewrites an English amount in French and back', () => {
    const fr = relocaliseAmountText('2,142.31', 'en', 'fr', KES);
    expect(fr).toBe(formatAmount('2142.31', KES, 'fr'));
    expect(fr).toMatch(/^2[\s\u00a0\u202f]142,31$/);
    expect(relocaliseAmountText(fr, 'fr', 'en', KES)).toBe('2,142.31');
  });

  it('keeps the amount: what the new text reads as is the same decimal', () => {
    const fr = relocaliseAmountText('2142.3', 'en', 'fr', KES);
    expect(normaliseAmountInput(fr, 'fr')).toBe('2142.30');
  });

  it('leaves text it cannot read, or would have to round, as typed', () => {
    expect(relocaliseAmountText('12abc', 'en', 'fr', KES)).toBe('12abc');
    expect(relocaliseAmountText('2142.315', 'en', 'fr', KES)).toBe('2142.315');
  });

  it('writes a rate without grouping', () => {
    expect(relocaliseAmountText('12.5', 'en', 'fr', null)).toBe('12,5');
  });
});
