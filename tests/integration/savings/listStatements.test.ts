import { describe, expect, it } from 'vitest';
import { openSavings, savingsBranch } from '../../support/savings';
import { statementsOf } from './statements';

/** A branch whose client has `n` active accounts, account k holding k x 100.00 (a deposit of k x 150.00, 50.00 out each). */
async function branchWithAccounts(n: number) {
  const b = await savingsBranch();
  const ids = [b.savingsId];
  while (ids.length < n) ids.push(await openSavings(b, b.savingsProductId));
  for (const [k, savingsId] of ids.entries()) {
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: String((k + 1) * 150) });
    await b.teller.ok('savings.withdraw', { savingsId, transactionAmount: String((k + 1) * 50) });
  }
  return { b, ids };
}

/**
 * savings.list issues a fixed number of SQL statements however many accounts it lists (it once summed each row's
 * balance with a statement of its own: one more statement per account; then with a correlated sum over the
 * transactions; now the balance is kept on the account and the transactions are not read at all).
 */
describe('savings.list: statements per call', () => {
  it('issues as many statements for 30 accounts as for 3, each balance exact', async () => {
    const counts: number[] = [];
    for (const n of [3, 30]) {
      const { b, ids } = await branchWithAccounts(n);
      const { result, statements: executed } = await statementsOf(b.core, () => b.teller.ok('savings.list', {}));
      const statements = executed.map((s) => s.text);
      expect(result.map((r) => [r.id, r.accountBalance])).toEqual(ids.map((id, k) => [id, `${(k + 1) * 100}.00`]).reverse());
      // the accounts and their balances are one of them, on the accounts alone
      expect(statements.filter((s) => s.includes('savings_accounts'))).toHaveLength(1);
      expect(statements.filter((s) => s.includes('savings_transactions'))).toEqual([]);
      counts.push(statements.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

describe('savings.list: keyset pages', () => {
  it('walks every account page by page (afterId = the last id of the page before), filtered or not, one statement a page', async () => {
    const { b, ids } = await branchWithAccounts(12);
    // three more, approved only, for a second client, so that the filters differ
    const { id: other } = await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Mwangi' });
    const approved: number[] = [];
    for (let k = 0; k < 3; k++) {
      const { savingsId } = await b.teller.ok('savings.submit', { clientId: other, productId: b.savingsProductId });
      await b.manager.ok('savings.approve', { savingsId });
      approved.push(savingsId);
    }
    const all = [...ids, ...approved].sort((x, y) => y - x);
    const walk = async (filter: Record<string, unknown>, limit: number) => {
      const seen: number[] = [];
      const perPage: number[] = [];
      let afterId: number | undefined;
      for (;;) {
        const { result, statements } = await statementsOf(b.core, () => b.teller.ok('savings.list', { ...filter, limit, ...(afterId ? { afterId } : {}) }));
        perPage.push(statements.filter((s) => s.text.includes('savings_accounts')).length);
        seen.push(...result.map((r) => r.id));
        if (result.length < limit) break;
        afterId = result.at(-1)!.id;
      }
      expect(new Set(perPage)).toEqual(new Set([1]));
      return seen;
    };
    expect(await walk({}, 4)).toEqual(all);
    expect(await walk({}, 1000)).toEqual(all);
    expect(await walk({ clientId: b.clientId }, 5)).toEqual([...ids].reverse());
    expect(await walk({ status: 'APPROVED' }, 2)).toEqual([...approved].reverse());
    expect(await walk({ clientId: other, status: 'APPROVED' }, 1)).toEqual([...approved].reverse());
    expect(await walk({ clientId: b.clientId, status: 'APPROVED' }, 3)).toEqual([]);
    // nothing comes after the oldest account
    expect(await b.teller.ok('savings.list', { afterId: Math.min(...all) })).toEqual([]);
    expect((await b.teller.err('savings.list', { limit: 1001 })).fields).toEqual([expect.objectContaining({ field: 'limit' })]);
    expect((await b.teller.err('savings.list', { afterId: 0 })).fields).toEqual([expect.objectContaining({ field: 'afterId' })]);
  });
});
