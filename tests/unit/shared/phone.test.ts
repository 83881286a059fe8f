import { describe, expect, it } from 'vitest';
import { countryOfCurrency, normalisePhone, PHONE_COUNTRIES } from '../../../shared/phone';

/** Issue 19 point 15: a mobile number typed as people write it in the organisation's country, kept with its code. */
describe('phone numbers with the country code', () => {
  it.each([
    ['0712345678', 'KE', '+254712345678'], // the trunk 0 gives way to the calling code
    ['0712 345-678', 'KE', '+254712345678'],
    ['712345678', 'KE', '+254712345678'],
    ['254712345678', 'KE', '+254712345678'], // the code typed without its +
    ['+255 712 345 678', 'KE', '+255712345678'], // another country's number stays its own
    ['00256772123456', 'KE', '+256772123456'], // the international prefix
    ['0772123456', 'UG', '+256772123456'],
    ['77 123 45 67', 'SN', '+221771234567'], // Senegal has no trunk prefix
    ['0701234567', 'CI', '+2250701234567'], // in Côte d'Ivoire the 0 is part of the number
    ['0712345678', null, '0712345678'], // no country: as typed
    ['ask at the market', 'KE', 'ask at the market'], // not a number: as typed
  ])('%s in %s is %s', (typed, country, kept) => {
    expect(normalisePhone(typed, country)).toBe(kept);
  });

  it('knows each country once, its example a number it keeps with its code', () => {
    expect(new Set(PHONE_COUNTRIES.map((c) => c.code)).size).toBe(PHONE_COUNTRIES.length);
    for (const c of PHONE_COUNTRIES) expect(normalisePhone(c.example, c.code), c.code).toMatch(new RegExp(`^\\+${c.callingCode}\\d{7,}$`));
    expect(countryOfCurrency('KES')).toBe('KE');
    expect(countryOfCurrency('XOF')).toBeNull(); // eight countries
  });
});
