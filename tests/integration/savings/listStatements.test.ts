import { describe, expect, it } from 'vitest';
import type { Statement } from 'better-sqlite3';
import type { Core } from '../../../electron/core';
import { openSavings, savingsBranch } from '../../support/savings';

/**
 * savings.list issues a fixed number of SQL statements however many accounts it lists (it once summed each row's
 * balance with a statement of its own: one more statement per account). Counted by wrapping the execution methods
 * of better-sqlite3's Statement: `sql()` caches prepared statements, so counting db.prepare would miss re-runs.
 */
async function countStatements<T>(core: Core, call: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const proto = Object.getPrototypeOf(core.db.prepare('SELECT 1')) as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown>;
  const originals = { run: proto.run, get: proto.get, all: proto.all, iterate: proto.iterate };
  const statements: string[] = [];
  for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
    const original = originals[name];
    proto[name] = function (this: Statement, ...args: unknown[]) {
      statements.push(this.source);
      return original.apply(this, args);
    };
  }
  try {
    return { result: await call(), statements };
  } finally {
    Object.assign(proto, originals);
  }
}

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

describe('savings.list: statements per call', () => {
  it('issues as many statements for 30 accounts as for 3, each balance exact', async () => {
    const counts: number[] = [];
    for (const n of [3, 30]) {
      const { b, ids } = await branchWithAccounts(n);
      const { result, statements } = await countStatements(b.core, () => b.teller.ok('savings.list', {}));
      expect(result.map((r) => [r.id, r.accountBalance])).toEqual(ids.map((id, k) => [id, `${(k + 1) * 100}.00`]).reverse());
      // the accounts and their balances are one of them
      expect(statements.filter((s) => s.includes('savings_transactions'))).toHaveLength(1);
      counts.push(statements.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
