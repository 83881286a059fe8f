import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { insertTransaction } from '../../../electron/core/services/savings/repository';
import { assertInvariants, snapshot } from '../../support/core';
import { setBusinessDate } from '../../support/lending';
import { openSavings, savingsBranch } from '../../support/savings';
import { OVERDRAFT } from './products';

/**
 * Every account's kept balance beside the sum of its live transactions, summed here straight from the table
 * (credits DEPOSIT and INTEREST_POSTING, DOMAIN.md; a reversed transaction and the reversal rows count nothing).
 */
function keptAndSummed(core: Core): { id: number; kept: number; summed: number }[] {
  return core.db
    .prepare(
      `SELECT a.id, a.balance AS kept, coalesce((
         SELECT sum(CASE WHEN t.type IN ('DEPOSIT', 'INTEREST_POSTING') THEN t.amount ELSE -t.amount END)
         FROM savings_transactions t
         WHERE t.account_id = a.id AND t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)), 0) AS summed
       FROM savings_accounts a ORDER BY a.id`,
    )
    .all() as { id: number; kept: number; summed: number }[];
}

function expectKeptBalances(core: Core): void {
  const rows = keptAndSummed(core);
  expect(rows.filter((r) => r.kept !== r.summed)).toEqual([]);
}

describe('savings: the balance kept on the account', () => {
  it('equals the sum of the live transactions of every account after deposits, withdrawals, fees, overdraft, interest re-posted and a close', async () => {
    const b = await savingsBranch();
    const a1 = b.savingsId;
    const { id: odProduct } = await b.manager.ok('savingsProducts.create', OVERDRAFT as never);
    const a2 = await openSavings(b, odProduct);
    const a3 = await openSavings(b, b.savingsProductId);
    // 1 January: a2 300.00 in, 600.00 out with the 20.00 fee: -320.00, all of it overdraft from that day
    await b.teller.ok('savings.deposit', { savingsId: a1, transactionAmount: '36500' });
    await b.teller.ok('savings.deposit', { savingsId: a2, transactionAmount: '300' });
    expect((await b.teller.ok('savings.withdraw', { savingsId: a2, transactionAmount: '600' })).accountBalance).toBe('-320.00');
    await b.teller.ok('savings.deposit', { savingsId: a3, transactionAmount: '1000' });
    expectKeptBalances(b.core);
    setBusinessDate(b.core, '2026-01-10');
    expect((await b.teller.ok('savings.withdraw', { savingsId: a1, transactionAmount: '500' })).accountBalance).toBe('36000.00');

    // 1 February: January's interest; a2's overdraft interest 320.00 x 18 % x 31 / 365 = 4.892 -> 4.89, all of it
    // below zero (the overdraft portfolio)
    setBusinessDate(b.core, '2026-02-01');
    expect(await b.accountant.ok('savings.postInterest', {})).toEqual({ accounts: 3, created: 3, reversed: 0 });
    expectKeptBalances(b.core);
    const od = () => b.core.db.prepare("SELECT amount, overdraft_portion AS portion FROM savings_transactions WHERE account_id = ? AND type = 'OVERDRAFT_INTEREST' ORDER BY id").all(a2);
    expect(od()).toEqual([{ amount: 489, portion: 489 }]);
    // reported apart, as Fineract's totalOverdraftInterestDerived: not a fee; the available balance below zero
    expect((await b.teller.ok('savings.get', { savingsId: a2 })).summary).toMatchObject({
      accountBalance: '-324.89',
      availableBalance: '-324.89',
      totalOverdraftInterest: '4.89',
      totalFees: '20.00',
    });

    // 3 February: deposits backdated into January. a2: 1,000.00 on 21 January makes it 680.00: overdraft interest for
    // 1-20 January 320.00 x 18 % x 20 / 365 = 3.156 -> 3.16, interest for 21-31 January 680.00 x 6 % x 11 / 365 =
    // 1.230 -> 1.23; posted interest first, so the balance before the overdraft interest is 681.23: none of it below
    // zero (the reversed 4.89 no longer counts)
    setBusinessDate(b.core, '2026-02-03');
    await b.teller.ok('savings.deposit', { savingsId: a2, transactionAmount: '1000', transactionDate: '2026-01-21' });
    await b.teller.ok('savings.deposit', { savingsId: a1, transactionAmount: '3650', transactionDate: '2026-01-16' });
    expectKeptBalances(b.core);
    expect(await b.accountant.ok('savings.postInterest', {})).toEqual({ accounts: 2, created: 3, reversed: 2 });
    expect(od()).toEqual([{ amount: 489, portion: 489 }, { amount: 316, portion: 0 }]);
    expect((await b.teller.ok('savings.get', { savingsId: a2 })).summary.accountBalance).toBe('678.07'); // 680.00 + 1.23 - 3.16
    expectKeptBalances(b.core);

    // 10 February: a3 closes, its interest to the day before posted and its balance paid out: 0.00
    setBusinessDate(b.core, '2026-02-10');
    expect((await b.teller.ok('savings.close', { savingsId: a3, withdrawBalance: true })).accountBalance).toBe('0.00');
    expectKeptBalances(b.core);
    setBusinessDate(b.core, '2026-03-01');
    await b.accountant.ok('savings.postInterest', {});

    const rows = keptAndSummed(b.core);
    expect(rows.map((r) => r.id)).toEqual([a1, a2, a3]);
    expect(rows.filter((r) => r.kept !== r.summed)).toEqual([]);
    expect(rows.find((r) => r.id === a3)!.kept).toBe(0);
    for (const r of rows) {
      const view = await b.teller.ok('savings.get', { savingsId: r.id });
      expect(view.summary.accountBalance).toBe((r.kept / 100).toFixed(2));
    }
    // the scenario wrote every kind of transaction there is
    const types = (b.core.db.prepare('SELECT DISTINCT type FROM savings_transactions ORDER BY type').all() as { type: string }[]).map((t) => t.type);
    expect(types).toEqual(['DEPOSIT', 'INTEREST_POSTING', 'OVERDRAFT_INTEREST', 'REVERSAL', 'WITHDRAWAL', 'WITHDRAWAL_FEE']);
    assertInvariants(b.core);
  });

  it("refuses a reversal of another account's transaction, of nothing or of a reversal, writing nothing", async () => {
    const b = await savingsBranch();
    const other = await openSavings(b, b.savingsProductId);
    const { transactionId } = await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '100' });
    const before = snapshot(b.core);
    const reverse = (accountId: number, reversesId: number | null) =>
      insertTransaction(b.core.db, {
        globalId: `test-${accountId}-${reversesId}`,
        accountId,
        type: 'REVERSAL',
        date: '2026-01-01',
        amount: 10000,
        overdraft: 0,
        paymentTypeId: null,
        receiptNumber: null,
        reversesId,
        note: null,
        createdBy: null,
        createdAt: '2026-01-01T08:00:00Z',
      });
    const inTransaction = (write: () => void) => () => b.core.db.transaction(write)();
    expect(inTransaction(() => reverse(other, transactionId))).toThrow(/must reverse a transaction of account/);
    expect(inTransaction(() => reverse(b.savingsId, null))).toThrow(/must reverse a transaction of account/);
    expect(inTransaction(() => reverse(b.savingsId, reverse(b.savingsId, transactionId)))).toThrow(/must reverse a transaction of account/);
    expect(snapshot(b.core)).toBe(before);
  });
});
