import type { Denomination } from './contract/tills';

/**
 * Notes and coins in circulation per currency, largest first: what a teller counts a till in. A currency not
 * listed is counted in units of 1. A value appears once per currency (a count line names only the value).
 */
const NOTES_AND_COINS: Record<string, { notes: string[]; coins: string[] }> = {
  KES: { notes: ['1000', '500', '200', '100', '50'], coins: ['20', '10', '5', '1'] },
  UGX: { notes: ['50000', '20000', '10000', '5000', '2000', '1000'], coins: ['500', '200', '100', '50'] },
  TZS: { notes: ['10000', '5000', '2000', '1000', '500'], coins: ['200', '100', '50'] },
  RWF: { notes: ['5000', '2000', '1000', '500'], coins: ['100', '50', '20', '10', '5'] },
  NGN: { notes: ['1000', '500', '200', '100', '50', '20', '10', '5'], coins: [] },
  GHS: { notes: ['200', '100', '50', '20', '10', '5'], coins: ['2', '1', '0.50', '0.20', '0.10'] },
  XOF: { notes: ['10000', '5000', '2000', '1000', '500'], coins: ['250', '200', '100', '50', '25', '10', '5'] },
  XAF: { notes: ['10000', '5000', '2000', '1000', '500'], coins: ['100', '50', '25', '10', '5'] },
  INR: { notes: ['500', '200', '100', '50', '20', '10'], coins: ['5', '2', '1'] },
  PHP: { notes: ['1000', '500', '200', '100', '50', '20'], coins: ['10', '5', '1'] },
  USD: { notes: ['100', '50', '20', '10', '5', '2', '1'], coins: ['0.50', '0.25', '0.10', '0.05', '0.01'] },
  EUR: { notes: ['500', '200', '100', '50', '20', '10', '5'], coins: ['2', '1', '0.50', '0.20', '0.10', '0.05', '0.02', '0.01'] },
};

export function denominationsOf(currencyCode: string): Denomination[] {
  const known = NOTES_AND_COINS[currencyCode];
  if (!known) return [{ value: '1', kind: 'COIN' }];
  return [...known.notes.map((value) => ({ value, kind: 'NOTE' as const })), ...known.coins.map((value) => ({ value, kind: 'COIN' as const }))];
}
