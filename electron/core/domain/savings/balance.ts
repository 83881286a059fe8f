/**
 * Which way a transaction moves the balance, the one rule every balance follows (the engine's checks, the service's
 * statement and the balances it sums in SQL): DEPOSIT and INTEREST_POSTING are credits; WITHDRAWAL, FEE,
 * WITHDRAWAL_FEE and OVERDRAFT_INTEREST are debits (DOMAIN.md "Savings (Fineract)"). The interest *base* is another
 * rule (interest.ts: the two interest types move the balance but not the base).
 */
import { invalidField } from '../../../../shared/errors';
import type { Minor, SavingsTransaction, SavingsTransactionType } from './types';

/** The credit types; every other transaction type is a debit. */
export const CREDIT_TYPES = ['DEPOSIT', 'INTEREST_POSTING'] as const satisfies readonly SavingsTransactionType[];

export function isCredit(type: string): boolean {
  return (CREDIT_TYPES as readonly string[]).includes(type);
}

/** The amount with the sign of its direction: positive for a credit, negative for a debit (minor units). */
export function signedAmount(t: { type: string; amount: number }): number {
  return isCredit(t.type) ? t.amount : -t.amount;
}

/** The account balance after all the given transactions (posted interest included), in minor units. */
export function accountBalance(transactions: readonly SavingsTransaction[]): Minor {
  let balance = 0;
  for (const t of transactions) balance += signedAmount(t);
  if (!Number.isSafeInteger(balance)) throw invalidField('transactions', 'the balance is out of range');
  return balance as Minor;
}
