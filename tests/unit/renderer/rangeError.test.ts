import { afterEach, describe, expect, it, vi } from 'vitest';

// the renderer's i18n reads the browser's languages when it loads (Node 20 has no navigator)
vi.stubGlobal('navigator', { languages: ['en-US'], language: 'en-US' });
const { i18n, loadLocale } = await import('../../../renderer/src/i18n');
// each language is a chunk of its own, loaded before use (main.ts loads the one in use)
await loadLocale('en');
await loadLocale('fr');
const { fieldErrorText } = await import('../../../renderer/src/composables/errorText');

/** Issue 19 point 5: a term outside the product's range says the range, in numbers as people write them. */
describe('a term outside the product range', () => {
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('names both bounds, grouped as the language writes them', () => {
    const error = { code: 'out_of_range', message: 'must be between 5000 and 200000', params: { min: '5000', max: '200000' } };
    expect(fieldErrorText(error)).toBe('Must be between 5,000 and 200,000.');
    i18n.global.locale.value = 'fr';
    // French groups thousands with a narrow no-break space (U+202F)
    expect(fieldErrorText(error).replace(/\s/g, ' ')).toBe('Doit être entre 5 000 et 200 000.');
  });

  it('names the one bound a product has, keeps the decimals a bound has', () => {
    expect(fieldErrorText({ code: 'out_of_range', message: 'must be at least 1', params: { min: 1 } })).toBe('Must be at least 1.');
    expect(fieldErrorText({ code: 'out_of_range', message: 'must be at most 2.5', params: { max: '2.50' } })).toBe('Must be at most 2.5.');
    // without bounds (an older core): the general words
    expect(fieldErrorText({ code: 'out_of_range', message: 'x' })).toBe("Outside the product's range");
  });
});
