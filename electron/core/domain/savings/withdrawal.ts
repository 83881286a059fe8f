/**
 * Withdrawal checks and the overdraft split (DOMAIN.md: "`minRequiredBalance` only blocks withdrawals (when
 * enforced), lowered by any overdraft limit"; "the part of a withdrawal that goes below zero is debited to the
 * overdraft portfolio control account").
 *
 * The lowest balance a withdrawal may leave is Fineract's minRequiredBalanceDerived:
 *   (minRequiredBalance if enforced, else 0) - (overdraftLimit if overdraft is allowed, else 0).
 * The withdrawal fee is its own transaction, on the same date, taken before the withdrawal; the check applies to
 * the balance after both.
 */
import { AppError, invalidField } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';
import { signedAmount } from './balance';
import type { Minor, SavingsProductTerms, SavingsTransaction } from './types';

/** How a debit divides between the positive balance and the overdraft (both positive minor units). */
export interface DebitSplit {
  amount: Minor;
  /** Taken from the balance above zero (Dr savings control). */
  fromBalance: Minor;
  /** Taken below zero (Dr overdraft portfolio control). */
  fromOverdraft: Minor;
}

export interface WithdrawalAllowed {
  ok: true;
  /** The fee, taken first (amount 0 when there is none). */
  fee: DebitSplit;
  withdrawal: DebitSplit;
  balanceAfter: Minor;
}

export interface WithdrawalRefused {
  ok: false;
  error: AppError;
}

export type WithdrawalCheck = WithdrawalAllowed | WithdrawalRefused;

/** The lowest balance a withdrawal may leave, in minor units (negative when overdraft is allowed). */
export function lowestAllowedBalance(terms: SavingsProductTerms): number {
  const min = terms.enforceMinRequiredBalance ? (terms.minRequiredBalance ?? 0) : 0;
  const overdraft = terms.overdraft.allowOverdraft ? terms.overdraft.overdraftLimit : 0;
  return min - overdraft;
}

/** Splits a debit of `amount` taken from `balance` into the part above zero and the part below. */
export function splitDebit(balance: number, amount: number): DebitSplit {
  const above = balance > 0 ? Math.min(balance, amount) : 0;
  return { amount: amount as Minor, fromBalance: above as Minor, fromOverdraft: (amount - above) as Minor };
}

function checkAmount(value: number, field: string, allowZero: boolean): void {
  if (!Number.isSafeInteger(value) || value < 0 || (!allowZero && value === 0)) {
    throw invalidField(field, allowZero ? 'must be a whole, non-negative number of minor units' : 'must be a whole, positive number of minor units');
  }
}

/**
 * Checks a withdrawal of `amount` (plus an optional withdrawal `fee`) against the account `balance` (all minor
 * units; the balance includes posted interest). Returns the split, or INSUFFICIENT_FUNDS on the field
 * `transactionAmount`. Throws VALIDATION_FAILED for an amount that is not a whole positive number.
 */
export function checkWithdrawal(
  balance: number,
  amount: number,
  terms: SavingsProductTerms,
  options: { fee?: number | undefined } = {},
): WithdrawalCheck {
  const fee = options.fee ?? 0;
  checkAmount(amount, 'transactionAmount', false);
  checkAmount(fee, 'fee', true);
  if (!Number.isSafeInteger(balance)) throw invalidField('balance', 'must be a whole number of minor units');
  const after = balance - fee - amount;
  const lowest = lowestAllowedBalance(terms);
  if (after < lowest) {
    const dp = terms.currency.decimalPlaces;
    const available = Math.max(0, balance - fee - lowest);
    const reason = terms.overdraft.allowOverdraft
      ? 'the withdrawal would exceed the overdraft limit'
      : terms.enforceMinRequiredBalance && (terms.minRequiredBalance ?? 0) > 0
        ? 'the withdrawal would take the balance below the minimum required balance'
        : 'the withdrawal would take the balance below zero';
    const error = new AppError(
      'INSUFFICIENT_FUNDS',
      `${reason}: at most ${formatMoney(available, dp)} can be withdrawn`,
      [{ field: 'transactionAmount', code: 'insufficientFunds', message: reason }],
      {
        balance: formatMoney(balance, dp),
        amount: formatMoney(amount, dp),
        fee: formatMoney(fee, dp),
        available: formatMoney(available, dp),
        lowestAllowedBalance: formatMoney(lowest, dp),
      },
    );
    return { ok: false, error };
  }
  const feeSplit = splitDebit(balance, fee);
  const withdrawalSplit = splitDebit(balance - fee, amount);
  return { ok: true, fee: feeSplit, withdrawal: withdrawalSplit, balanceAfter: after as Minor };
}

/** As checkWithdrawal, but throws the INSUFFICIENT_FUNDS AppError; returns the split when allowed. */
export function assertWithdrawal(
  balance: number,
  amount: number,
  terms: SavingsProductTerms,
  options: { fee?: number | undefined } = {},
): WithdrawalAllowed {
  const result = checkWithdrawal(balance, amount, terms, options);
  if (!result.ok) throw result.error;
  return result;
}

/**
 * For a backdated debit or the reversal of a credit: replays the running balance in date order (ties in the order
 * given, so pass them by id) and returns INSUFFICIENT_FUNDS for the first debit after which the balance is below
 * the lowest allowed balance, or null when every one stays at or above it (Fineract checks the whole history the
 * same way). `transactions` are the account's transactions that are not reversed, with the new one included.
 * `unchecked`: debits whose own balance is not checked (Fineract's canOverriteSavingAccountRules: the fees the
 * branch takes by itself may go below the floor; the debits after them are still checked).
 */
export function checkBalanceHistory(
  transactions: readonly SavingsTransaction[],
  terms: SavingsProductTerms,
  options: { unchecked?: ((t: SavingsTransaction) => boolean) | undefined } = {},
): AppError | null {
  const lowest = lowestAllowedBalance(terms);
  const order = transactions.map((_, i) => i).sort((a, b) => {
    const da = transactions[a]!.date;
    const db = transactions[b]!.date;
    return da < db ? -1 : da > db ? 1 : a - b;
  });
  let balance = 0;
  for (const i of order) {
    const t = transactions[i]!;
    const moved = signedAmount(t);
    balance += moved;
    if (moved < 0 && balance < lowest && !options.unchecked?.(t)) {
      const dp = terms.currency.decimalPlaces;
      const message = `the balance would be ${formatMoney(balance, dp)} on ${t.date}, below the lowest allowed ${formatMoney(lowest, dp)}`;
      return new AppError('INSUFFICIENT_FUNDS', message, [{ field: 'transactionAmount', code: 'insufficientFunds', message }], {
        date: t.date,
        balance: formatMoney(balance, dp),
        lowestAllowedBalance: formatMoney(lowest, dp),
      });
    }
  }
  return null;
}
