/**
 * Phone numbers written the one way (issue 19 point 15): with the country code, as +254712345678. A branch keeps
 * its organisation's country (set up with the branch, `organisation.country` in settings); a number typed as people
 * write it there (0712 345 678, 712345678) is written with that country's calling code. Pure: used by the core
 * (clients' mobile numbers) and the renderer (the hint's example).
 */

export interface PhoneCountry {
  /** ISO 3166-1 alpha-2 */
  code: string;
  callingCode: string;
  /** the digit people dial before a national number inside the country ('' where there is none) */
  trunkPrefix: string;
  /** a mobile number as people there write it, for the hint */
  example: string;
}

/** The countries a branch can be set up in, with what numbers there need (ITU-T E.164 assignments). */
export const PHONE_COUNTRIES: readonly PhoneCountry[] = [
  { code: 'KE', callingCode: '254', trunkPrefix: '0', example: '0712345678' },
  { code: 'UG', callingCode: '256', trunkPrefix: '0', example: '0772123456' },
  { code: 'TZ', callingCode: '255', trunkPrefix: '0', example: '0712345678' },
  { code: 'RW', callingCode: '250', trunkPrefix: '0', example: '0781234567' },
  { code: 'BI', callingCode: '257', trunkPrefix: '', example: '79123456' },
  { code: 'ET', callingCode: '251', trunkPrefix: '0', example: '0911234567' },
  { code: 'CD', callingCode: '243', trunkPrefix: '0', example: '0991234567' },
  { code: 'ZM', callingCode: '260', trunkPrefix: '0', example: '0955123456' },
  { code: 'MW', callingCode: '265', trunkPrefix: '0', example: '0991234567' },
  { code: 'MZ', callingCode: '258', trunkPrefix: '', example: '821234567' },
  { code: 'ZW', callingCode: '263', trunkPrefix: '0', example: '0712345678' },
  { code: 'ZA', callingCode: '27', trunkPrefix: '0', example: '0711234567' },
  { code: 'NG', callingCode: '234', trunkPrefix: '0', example: '08021234567' },
  { code: 'GH', callingCode: '233', trunkPrefix: '0', example: '0231234567' },
  { code: 'SN', callingCode: '221', trunkPrefix: '', example: '701234567' },
  { code: 'CI', callingCode: '225', trunkPrefix: '', example: '0701234567' },
  { code: 'ML', callingCode: '223', trunkPrefix: '', example: '65012345' },
  { code: 'BF', callingCode: '226', trunkPrefix: '', example: '70123456' },
  { code: 'BJ', callingCode: '229', trunkPrefix: '', example: '0190011234' },
  { code: 'TG', callingCode: '228', trunkPrefix: '', example: '90112345' },
  { code: 'NE', callingCode: '227', trunkPrefix: '', example: '93123456' },
  { code: 'CM', callingCode: '237', trunkPrefix: '', example: '671234567' },
  { code: 'EG', callingCode: '20', trunkPrefix: '0', example: '01001234567' },
  { code: 'MA', callingCode: '212', trunkPrefix: '0', example: '0650123456' },
  { code: 'JO', callingCode: '962', trunkPrefix: '0', example: '0790123456' },
  { code: 'IN', callingCode: '91', trunkPrefix: '0', example: '09123456789' },
  { code: 'PK', callingCode: '92', trunkPrefix: '0', example: '03012345678' },
  { code: 'BD', callingCode: '880', trunkPrefix: '0', example: '01812345678' },
  { code: 'NP', callingCode: '977', trunkPrefix: '0', example: '9841234567' },
  { code: 'LK', callingCode: '94', trunkPrefix: '0', example: '0712345678' },
  { code: 'KH', callingCode: '855', trunkPrefix: '0', example: '091234567' },
  { code: 'PH', callingCode: '63', trunkPrefix: '0', example: '09051234567' },
  { code: 'ID', callingCode: '62', trunkPrefix: '0', example: '0812345678' },
  { code: 'HT', callingCode: '509', trunkPrefix: '', example: '34101234' },
  { code: 'GB', callingCode: '44', trunkPrefix: '0', example: '07400123456' },
  { code: 'FR', callingCode: '33', trunkPrefix: '0', example: '0612345678' },
];

/** The country a currency belongs to, when it belongs to one (XOF, XAF, USD, EUR do not): a branch set up before it kept a country. */
const CURRENCY_COUNTRY: Readonly<Record<string, string>> = {
  KES: 'KE', UGX: 'UG', TZS: 'TZ', RWF: 'RW', BIF: 'BI', ETB: 'ET', CDF: 'CD', ZMW: 'ZM', MWK: 'MW', MZN: 'MZ',
  ZAR: 'ZA', NGN: 'NG', GHS: 'GH', EGP: 'EG', MAD: 'MA', JOD: 'JO', INR: 'IN', PKR: 'PK', BDT: 'BD', NPR: 'NP',
  LKR: 'LK', KHR: 'KH', PHP: 'PH', IDR: 'ID', HTG: 'HT', GBP: 'GB',
};

export function phoneCountry(code: string | null | undefined): PhoneCountry | undefined {
  return code ? PHONE_COUNTRIES.find((c) => c.code === code) : undefined;
}

export function countryOfCurrency(currencyCode: string): string | null {
  return CURRENCY_COUNTRY[currencyCode] ?? null;
}

/**
 * A phone number with its country code: "0712 345 678" in Kenya -> "+254712345678"; "+254 712-345-678" ->
 * "+254712345678"; "00256772123456" -> "+256772123456"; "254712345678" -> "+254712345678". Without a known
 * country, or when it is not a number (letters), the text is kept as typed (trimmed).
 */
export function normalisePhone(typed: string, countryCode: string | null | undefined): string {
  const text = typed.trim();
  const compact = text.replace(/[\s().-]/g, '');
  if (/^\+\d+$/.test(compact)) return compact;
  if (!/^\d+$/.test(compact)) return text;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  const country = phoneCountry(countryCode);
  if (!country) return text;
  if (country.trunkPrefix !== '' && compact.startsWith(country.trunkPrefix)) return `+${country.callingCode}${compact.slice(country.trunkPrefix.length)}`;
  // already with the calling code, without the "+": as long as a national number after it
  if (compact.startsWith(country.callingCode) && compact.length - country.callingCode.length >= 8) return `+${compact}`;
  return `+${country.callingCode}${compact}`;
}
