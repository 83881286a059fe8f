import { AKIBA } from '../../support/lending';

/**
 * Savings products of the savings tests beside the support's Akiba. An overdraft: a 20.00 fee with every withdrawal,
 * down to -500.00, 18 % a year on the part below zero (and Akiba's 6 % above it).
 */
export const OVERDRAFT = {
  ...AKIBA,
  name: 'Overdraft',
  shortName: 'OD',
  minRequiredBalance: undefined,
  enforceMinRequiredBalance: false,
  withdrawalFee: '20',
  allowOverdraft: true,
  overdraftLimit: '500',
  nominalAnnualInterestRateOverdraft: '18',
};
