import type { Statement } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import type { LoanListItem } from '../../../shared/contract';
import { assertInvariants } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * How many SQL statements a read runs. Every statement runs through a better-sqlite3 Statement's run, get, all or
 * iterate (the `sql` helper of db/statements.ts caches the prepared statements, so counting `prepare` would miss
 * all but the first call): the test wraps those four methods of the Statement prototype while the call runs and
 * records each execution's SQL text. `exec` of the connection is counted too.
 */
async function statementsOf(core: Core, call: () => Promise<unknown>): Promise<string[]> {
  const proto = Object.getPrototypeOf(core.db.prepare('SELECT 1')) as Record<string, unknown>;
  const methods = ['run', 'get', 'all', 'iterate'] as const;
  const originals = methods.map((m) => proto[m] as (...args: unknown[]) => unknown);
  const executed: string[] = [];
  methods.forEach((m, k) => {
    proto[m] = function (this: Statement, ...args: unknown[]) {
      executed.push(this.source.replace(/\s+/g, ' ').trim());
      return originals[k]!.apply(this, args);
    };
  });
  const exec = core.db.exec;
  core.db.exec = function (this: Core['db'], text: string) {
    executed.push(text.replace(/\s+/g, ' ').trim());
    return exec.call(this, text);
  };
  try {
    await call();
  } finally {
    methods.forEach((m, k) => (proto[m] = originals[k]));
    core.db.exec = exec;
  }
  return executed;
}

interface ListBranch extends LendingBranch {
  officerId: number;
  otherClientId: number;
}

/** A lending branch with a loan officer, a second client and `count` loans (addLoans). */
async function branchWithLoans(count: number): Promise<ListBranch> {
  const b = await lendingBranch();
  const officer = await b.admin.ok('staff.create', { firstname: 'Fatuma', lastname: 'Ali', isLoanOfficer: true });
  const other = await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Mwangi', mobileNo: '+254700000002' });
  const lb = { ...b, officerId: officer.id, otherClientId: other.id };
  await addLoans(lb, count);
  return lb;
}

/**
 * Adds loans of every kind a list shows, in turn: active with a repayment, pending approval with a loan officer,
 * active for a second client; then moves the business date to 2026-03-10, when the lists are read.
 */
async function addLoans(b: ListBranch, count: number): Promise<void> {
  const { officerId, otherClientId } = b;
  for (let k = 0; k < count; k++) {
    if (k % 3 === 0) {
      const loanId = await activeLoan(b, '2026-01-05', { principal: '12000', numberOfRepayments: 3 });
      setBusinessDate(b.core, '2026-02-05');
      await b.teller.ok('loans.repay', { loanId, transactionAmount: '1000', paymentTypeCode: 'CASH' });
    } else if (k % 3 === 1) {
      setBusinessDate(b.core, '2026-01-05');
      await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: '8000', numberOfRepayments: 4, loanOfficerId: officerId });
    } else {
      await activeLoan({ ...b, clientId: otherClientId }, '2026-01-05', { principal: '6000', numberOfRepayments: 2 });
    }
  }
  setBusinessDate(b.core, '2026-03-10');
}

describe('loans.list: a fixed number of SQL statements whatever the number of rows', () => {
  it('runs the same statements for 3 loans as for 30', async () => {
    const b = await branchWithLoans(3);
    let list = await b.manager.ok('loans.list', {}); // a first call prepares the statements (and fills any cache) that later calls reuse
    expect(list).toHaveLength(3);
    const forThree = await statementsOf(b.core, async () => {
      list = await b.manager.ok('loans.list', {});
    });
    expect(list).toHaveLength(3);
    expect(list.map((l) => l.status).sort()).toEqual(['ACTIVE', 'ACTIVE', 'SUBMITTED_AND_PENDING_APPROVAL']);
    expect(list.find((l) => l.status === 'SUBMITTED_AND_PENDING_APPROVAL')!.loanOfficerName).toBe('Fatuma Ali');

    await addLoans(b, 27);
    const forThirty = await statementsOf(b.core, async () => {
      list = await b.manager.ok('loans.list', {});
    });
    expect(list).toHaveLength(30);

    // the same statements, in the same order: none runs once per row
    expect(forThirty).toEqual(forThree);
    // the page's loans in one statement, the installments of all of them in one more; the rest (session, user,
    // roles, settings) is the dispatcher's and the organisation's, the same for any call
    expect(forThirty.filter((s) => s.includes('FROM loans l'))).toHaveLength(1);
    expect(forThirty.filter((s) => s.includes('FROM loan_installments'))).toHaveLength(1);
    assertInvariants(b.core);
  });

  it('a filtered list (by client, status and text) runs the same statements as the whole list', async () => {
    const b = await branchWithLoans(30);
    const input = { clientId: b.clientId, status: 'ACTIVE', query: 'amina' } as const;
    await b.manager.ok('loans.list', input);
    let list: LoanListItem[] = [];
    const whole = await statementsOf(b.core, async () => void (await b.manager.ok('loans.list', {})));
    const filtered = await statementsOf(b.core, async () => {
      list = await b.manager.ok('loans.list', input);
    });
    expect(list).toHaveLength(10); // every third loan is Amina's active one
    expect(filtered).toEqual(whole);
  });
});
