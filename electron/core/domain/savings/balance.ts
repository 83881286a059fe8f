/**
 * Which way a transaction moves the balance, the one rule every balance follows (the engine's checks, the service's
 * statement and the balances it sums in SQL): DEPOSIT and INTEREST_POSTING are credits; WITHDRAWAL, FEE,
 * WITHDRAWAL_FEE and OVERDRAFT_INTEREST are debits (DOMAIN.md "Savings (Fineract)"); ACCRUAL (interest accrued, not
 * yet posted: Fineract's savings accrual) and WAIVE_CHARGE (a charge waived) move no money and never the balance.
 * The interest *base* is another rule (interest.ts: the two interest types move the balance but not the base).
 */
import { invalidField } from '../../../../shared/errors';
import type { Minor, SavingsTransaction, SavingsTransactionType } from './types';

/** The credit types; every other transaction type is a debit, except the neutral ones. */
export const CREDIT_TYPES = ['DEPOSIT', 'INTEREST_POSTING'] as const satisfies readonly SavingsTransactionType[];

/**
 * Transactions kept on the account that move no money: the balance, the interest engine and the withdrawal checks
 * never see them (the service's `live` leaves them out; the SQL balances count them as 0).
 */
export const NEUTRAL_TYPES = ['ACCRUAL', 'WAIVE_CHARGE'] as const;

export function isCredit(type: string): boolean {
  return (CREDIT_TYPES as readonly string[]).includes(type);
}

export function isNeutral(type: string): boolean {
  return (NEUTRAL_TYPES as readonly string[]).includes(type);
}

/** The amount with the sign of its direction: positive for a credit, negative for a debit, 0 for a neutral one (minor units). */
export function signedAmount(t: { type: string; amount: number }): number {
  if (isNeutral(t.type)) return 0;
  return isCredit(t.type) ? t.amount : -t.amount;
}

/** The account balance after all the given transactions (posted interest included), in minor units. */
export function accountBalance(transactions: readonly SavingsTransaction[]): Minor {
  let balance = 0;
  for (const t of transactions) balance += signedAmount(t);
  if (!Number.isSafeInteger(balance)) throw invalidField('transactions', 'the balance is out of range');
  return balance as Minor;
}
