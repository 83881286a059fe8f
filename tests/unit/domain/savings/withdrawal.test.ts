/**
 * Withdrawal checks: the balance a withdrawal (and its fee) leaves must not go below
 * (minRequiredBalance if enforced, else 0) - (overdraftLimit if overdraft is allowed, else 0);
 * the part below zero is the overdraft part (debited to the overdraft portfolio).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import {
  accountBalance,
  assertWithdrawal,
  checkBalanceHistory,
  checkWithdrawal,
  isCredit,
  lowestAllowedBalance,
  SAVINGS_TRANSACTION_TYPES,
  signedAmount,
  splitDebit,
  type WithdrawalCheck,
} from '../../../../electron/core/domain/savings';
import { deposit, interestPosting, overdraftInterest, terms, withdrawal, withdrawalFee } from './helpers';

const plain = terms();
const minimum = terms({ minRequiredBalance: 10000, enforceMinRequiredBalance: true });
const notEnforced = terms({ minRequiredBalance: 10000, enforceMinRequiredBalance: false });
const overdraft = terms({ overdraft: { allowOverdraft: true, overdraftLimit: 50000 } });
const both = terms({ minRequiredBalance: 10000, enforceMinRequiredBalance: true, overdraft: { allowOverdraft: true, overdraftLimit: 50000 } });

function refused(result: WithdrawalCheck): AppError {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('checkWithdrawal', () => {
  it('allows the whole balance and refuses one cent more', () => {
    // balance 1000.00, no minimum, no overdraft: the lowest balance is 0
    expect(checkWithdrawal(100000, 100000, plain)).toMatchObject({ ok: true, balanceAfter: 0 });
    const error = refused(checkWithdrawal(100000, 100001, plain));
    expect(error.code).toBe('INSUFFICIENT_FUNDS');
    expect(error.fields).toEqual([{ field: 'transactionAmount', code: 'insufficientFunds', message: 'the withdrawal would take the balance below zero' }]);
    expect(error.details).toMatchObject({ balance: '1000.00', amount: '1000.01', available: '1000.00' });
  });

  it('keeps the minimum required balance only when it is enforced', () => {
    // minimum 100.00: 1000.00 - 900.00 = 100.00 is allowed, 900.01 is not
    expect(checkWithdrawal(100000, 90000, minimum).ok).toBe(true);
    const error = refused(checkWithdrawal(100000, 90001, minimum));
    expect(error.message).toContain('minimum required balance');
    expect(error.details).toMatchObject({ available: '900.00', lowestAllowedBalance: '100.00' });
    expect(checkWithdrawal(100000, 100000, notEnforced).ok).toBe(true);
  });

  it('counts the withdrawal fee, taken before the withdrawal', () => {
    // fee 5.00: 1000.00 - 5.00 - 895.00 = 100.00 allowed; 895.01 refused
    expect(checkWithdrawal(100000, 89500, minimum, { fee: 500 })).toMatchObject({ ok: true, balanceAfter: 10000 });
    expect(refused(checkWithdrawal(100000, 89501, minimum, { fee: 500 })).details).toMatchObject({ available: '895.00', fee: '5.00' });
  });

  it('lowers the floor by the overdraft limit', () => {
    // overdraft 500.00: the lowest balance is -500.00, so 1500.00 can be withdrawn from 1000.00
    expect(lowestAllowedBalance(overdraft)).toBe(-50000);
    expect(checkWithdrawal(100000, 150000, overdraft).ok).toBe(true);
    expect(refused(checkWithdrawal(100000, 150001, overdraft)).message).toContain('overdraft limit');
    // minimum 100.00 enforced and overdraft 500.00: floor 100.00 - 500.00 = -400.00
    expect(lowestAllowedBalance(both)).toBe(-40000);
    expect(checkWithdrawal(100000, 140000, both).ok).toBe(true);
    expect(checkWithdrawal(100000, 140001, both).ok).toBe(false);
  });

  it('splits a withdrawal between the positive balance and the overdraft', () => {
    // 1000.00 in the account, 1500.00 withdrawn: 1000.00 from the balance, 500.00 overdraft
    expect(checkWithdrawal(100000, 150000, overdraft)).toEqual({
      ok: true,
      fee: { amount: 0, fromBalance: 0, fromOverdraft: 0 },
      withdrawal: { amount: 150000, fromBalance: 100000, fromOverdraft: 50000 },
      balanceAfter: -50000,
    });
    // 10.00 in the account, fee 15.00 then 20.00: the fee takes the 10.00 and 5.00 overdraft, the withdrawal is all overdraft
    expect(checkWithdrawal(1000, 2000, overdraft, { fee: 1500 })).toMatchObject({
      fee: { amount: 1500, fromBalance: 1000, fromOverdraft: 500 },
      withdrawal: { amount: 2000, fromBalance: 0, fromOverdraft: 2000 },
      balanceAfter: -2500,
    });
    // already overdrawn (-100.00): all of a 50.00 withdrawal is overdraft
    expect(splitDebit(-10000, 5000)).toEqual({ amount: 5000, fromBalance: 0, fromOverdraft: 5000 });
  });

  it('refuses an amount that is not a whole positive number of minor units', () => {
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      expect(() => checkWithdrawal(100000, amount, plain)).toThrow(AppError);
    }
    expect(() => checkWithdrawal(100000, 100, plain, { fee: -1 })).toThrow(/fee/);
  });

  it('throws the INSUFFICIENT_FUNDS error from assertWithdrawal', () => {
    expect(assertWithdrawal(100000, 100, plain).withdrawal.fromBalance).toBe(100);
    try {
      assertWithdrawal(100, 101, plain);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).toBody()).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionAmount' }] });
    }
  });
});

describe('checkBalanceHistory (backdated debits, reversed credits)', () => {
  it('refuses a backdated withdrawal that makes a later balance go below the floor', () => {
    // 1000.00 on 1 January, 800.00 withdrawn on 20 January (200.00 left). A 300.00 withdrawal dated 10 January
    // leaves 700.00 that day, but -100.00 after the withdrawal of 20 January.
    const txs = [deposit('2024-01-01', 100000), withdrawal('2024-01-20', 80000)];
    expect(checkBalanceHistory(txs, plain)).toBeNull();
    const error = checkBalanceHistory([...txs, withdrawal('2024-01-10', 30000)], plain);
    expect(error?.code).toBe('INSUFFICIENT_FUNDS');
    expect(error?.details).toMatchObject({ date: '2024-01-20', balance: '-100.00', lowestAllowedBalance: '0.00' });
    // with an overdraft of 500.00 the same history is allowed
    expect(checkBalanceHistory([...txs, withdrawal('2024-01-10', 30000)], overdraft)).toBeNull();
  });

  it('refuses the reversal of a deposit that later debits relied on', () => {
    // 500.00 + 500.00 deposited, 900.00 withdrawn: reversing the second deposit (leaving it out) breaks the withdrawal
    const kept = [deposit('2024-01-01', 50000), withdrawal('2024-01-15', 90000)];
    expect(checkBalanceHistory(kept, plain)?.details).toMatchObject({ date: '2024-01-15', balance: '-400.00' });
  });
});

describe('accountBalance', () => {
  it('counts posted interest, overdraft interest and fees', () => {
    // 1000.00 + 6.20 - 300.00 - 0.10 - 2.10 = 704.00
    const txs = [
      deposit('2024-01-01', 100000),
      interestPosting('2024-02-01', 620),
      withdrawalFee('2024-02-02', 10),
      withdrawal('2024-02-02', 30000),
      overdraftInterest('2024-03-01', 210),
    ];
    expect(accountBalance(txs)).toBe(70400);
  });
});

describe('credits and debits (the one rule of every balance)', () => {
  it.each([
    ['DEPOSIT', 500],
    ['INTEREST_POSTING', 500],
    ['WITHDRAWAL', -500],
    ['FEE', -500],
    ['WITHDRAWAL_FEE', -500],
    ['OVERDRAFT_INTEREST', -500],
    // escheat (dormancy's last step) takes the balance to the escheat liability
    ['ESCHEAT', -500],
    // a waiver and an accrual move no money
    ['WAIVE_CHARGE', 0],
    ['ACCRUAL', 0],
  ] as const)('%s of 5.00 moves the balance by %i', (type, signed) => {
    expect(signedAmount({ type, amount: 500 })).toBe(signed);
    expect(isCredit(type)).toBe(signed > 0);
  });

  it('names every transaction type of the engine', () => {
    // a new type must say which way it goes: the table above lists them all
    expect([...SAVINGS_TRANSACTION_TYPES].sort()).toEqual(['ACCRUAL', 'DEPOSIT', 'ESCHEAT', 'FEE', 'INTEREST_POSTING', 'OVERDRAFT_INTEREST', 'WAIVE_CHARGE', 'WITHDRAWAL', 'WITHDRAWAL_FEE']);
  });
});
