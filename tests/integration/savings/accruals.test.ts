import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { loanReceivablesFault, savingsPayableFault } from '../../../electron/core/verify/receivables';
import { assertInvariants } from '../../support/core';
import { accrualBranch, closeDays, glBalance, trialBalanced, type AccrualBranch } from '../../support/accruals';
import { AKIBA, setBusinessDate } from '../../support/lending';

/**
 * Savings interest on periodic accrual (issue 15; services/savings/accruals.ts): each day closed accrues the interest
 * earned to its end, Dr interest on savings (5200) / Cr interest payable (2400), without touching the balance or the
 * interest; the posting then debits the payable instead of the expense. A backdated withdrawal that lowers what was
 * earned reverses the latest accruals; the payable always holds what was accrued less what was posted.
 */
interface Branch extends AccrualBranch {
  savingsId: number;
}

/** An active savings account of Akiba on periodic accrual, 10,000.00 deposited on 5 January 2026. */
async function branch(): Promise<Branch> {
  const b = await accrualBranch();
  setBusinessDate(b.core, '2026-01-05');
  const { id: productId } = await b.admin.ok('savingsProducts.create', { ...AKIBA, accountingRule: 'ACCRUAL_PERIODIC' } as never);
  const { savingsId } = await b.admin.ok('savings.submit', { clientId: b.clientId, productId });
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId });
  await b.manager.ok('savings.deposit', { savingsId, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
  return { ...b, savingsId };
}

/** The live transactions of a type: [date, amount]. */
function live(core: Core, id: number, type: string): [string, number][] {
  return (
    core.db
      .prepare(
        `SELECT transaction_date AS date, amount FROM savings_transactions t WHERE account_id = ? AND type = ?
           AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) ORDER BY id`,
      )
      .all(id, type) as { date: string; amount: number }[]
  ).map((r) => [r.date, r.amount]);
}

describe('savings on ACCRUAL_PERIODIC', () => {
  it('accrues each day closed, posts from the payable at month end, and reverses accruals a backdated withdrawal undoes', async () => {
    const b = await branch();
    const id = b.savingsId;
    // 10,000.00 at 6 % a year, 365 days, monthly compounding and posting: the interest earned by the end of day n of
    // January (from 5 January, the deposit day counting) is 10,000 x 6 % x n / 365, rounded half-even
    const january = (n: number) => Math.round((10_000_00 * 6 * n) / 36_500);
    await closeDays(b, '2026-01-31', (d) => {
      const n = Number(d.slice(8)) - 4;
      expect(live(b.core, id, 'ACCRUAL').reduce((s, [, a]) => s + a, 0)).toBe(january(n));
      expect(trialBalanced(b.core)).toBe(true);
    });
    // 5 January 600/365 = 1.6438 -> 1.64; 6 January 3.2877 -> 3.29, so 1.65; 31 January (27 days) 44.3836 -> 44.38
    expect(live(b.core, id, 'ACCRUAL').slice(0, 2)).toEqual([
      ['2026-01-05', 164],
      ['2026-01-06', 165],
    ]);
    expect(january(27)).toBe(4438);
    expect(glBalance(b.core, '2400')).toBe(-4438);
    expect(glBalance(b.core, '5200')).toBe(4438);
    // nothing moved the account's balance
    expect((await b.manager.ok('savings.get', { savingsId: id })).summary.accountBalance).toBe('10000.00');
    assertInvariants(b.core);

    // 1 February: the day's accrual (10,044.3836 x 6 % / 365 = 1.6511 -> 1.65, January's unrounded interest compounded),
    // then January's 44.38 posted Dr payable, Cr savings deposits
    await closeDays(b, '2026-02-02');
    expect(live(b.core, id, 'INTEREST_POSTING')).toEqual([['2026-02-01', 4438]]);
    const posting = b.core.db.prepare("SELECT id FROM savings_transactions WHERE account_id = ? AND type = 'INTEREST_POSTING'").get(id) as { id: number };
    const lines = b.core.db
      .prepare(`SELECT a.code, l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id JOIN gl_accounts a ON a.id = l.gl_account_id WHERE e.source_type = 'savings_transaction' AND e.source_id = ? ORDER BY l.id`)
      .all(posting.id);
    expect(lines).toEqual([
      { code: '2400', debit: 4438, credit: 0 },
      { code: '2100', debit: 0, credit: 4438 },
    ]);
    // 2 February: two days of February, 3.3023 -> 3.30, so 1.65 more; the payable holds February's 3.30
    expect(live(b.core, id, 'ACCRUAL').slice(-2)).toEqual([
      ['2026-02-01', 165],
      ['2026-02-02', 165],
    ]);
    expect(glBalance(b.core, '2400')).toBe(-330);
    expect(glBalance(b.core, '5200')).toBe(4438 + 330);
    expect((await b.manager.ok('savings.get', { savingsId: id })).summary.accountBalance).toBe('10044.38');
    assertInvariants(b.core);

    // 3 February: 5,000.00 withdrawn, dated 20 January. January now earns (10,000 x 15 + 5,000 x 12) x 6 % / 365 =
    // 34.5205 -> 34.52, and February to the 3rd (5,034.5205 x 6 % x 3 / 365) 2.4828 -> 2.48: 37.00 earned, less than
    // the 47.68 accrued. The latest accruals are reversed until what is left is covered, the rest accrued on 3
    // February; then January's posting (1 February) is reversed and posted again at 34.52.
    await b.manager.ok('savings.withdraw', { savingsId: id, transactionAmount: '5000', transactionDate: '2026-01-20', paymentTypeCode: 'MOBILE_MONEY' });
    await closeDays(b, '2026-02-03');
    expect(live(b.core, id, 'ACCRUAL').reduce((s, [, a]) => s + a, 0)).toBe(3700);
    expect(live(b.core, id, 'INTEREST_POSTING')).toEqual([['2026-02-01', 3452]]);
    expect(glBalance(b.core, '2400')).toBe(-(3700 - 3452));
    expect(glBalance(b.core, '5200')).toBe(3700);
    expect(savingsPayableFault(b.core.db, null)).toBeNull();
    assertInvariants(b.core);
  });

  it('a close dated before the last day accrued takes the later accruals back: the payable ends at zero', async () => {
    const b = await branch();
    const id = b.savingsId;
    await closeDays(b, '2026-01-19');
    // 15 days (5 to 19 January): 10,000 x 6 % x 15 / 365 = 24.6575 -> 24.66
    expect(glBalance(b.core, '2400')).toBe(-2466);
    // closed on 15 January: interest posted to the 14th, 10 days, 16.4384 -> 16.44; the accruals of the 15th to the
    // 19th are reversed (what is left, 16.44, is what was posted), and the balance paid out
    await b.manager.ok('savings.close', { savingsId: id, closedOnDate: '2026-01-15', withdrawBalance: true, paymentTypeCode: 'MOBILE_MONEY' });
    expect(live(b.core, id, 'INTEREST_POSTING')).toEqual([['2026-01-15', 1644]]);
    expect(live(b.core, id, 'ACCRUAL').map(([d]) => d)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11', '2026-01-12', '2026-01-13', '2026-01-14']);
    expect(glBalance(b.core, '2400')).toBe(0);
    expect(glBalance(b.core, '5200')).toBe(1644);
    assertInvariants(b.core);
  });

  it('verify names an account whose payable moved without its transactions', async () => {
    const b = await branch();
    await closeDays(b, '2026-01-06');
    expect(savingsPayableFault(b.core.db, null)).toBeNull();
    // an accrual written straight into the file, with no journal entry
    b.core.db
      .prepare("INSERT INTO savings_transactions (global_id, account_id, type, transaction_date, amount, created_at) VALUES ('forged', ?, 'ACCRUAL', '2026-01-06', 100, 'x')")
      .run(b.savingsId);
    expect(savingsPayableFault(b.core.db, null)).toMatch(/savings account \S+ moved interest payable 2400 by 329, but its transactions accrued less posted 429/);
    expect(loanReceivablesFault(b.core.db, null)).toBeNull();
  });
});
