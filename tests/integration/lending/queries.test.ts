import { describe, expect, it } from 'vitest';
import type { LoanListItem } from '../../../shared/contract';
import { assertInvariants } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';
import { statementsOf } from './statements';

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
    // the page's loans in one statement, with what they owe as the loans keep it: no installment is read; the
    // rest (session, user, roles, settings) is the dispatcher's and the organisation's, the same for any call
    expect(forThirty.filter((s) => s.includes('FROM loans l'))).toHaveLength(1);
    expect(forThirty.filter((s) => s.includes('loan_installments'))).toEqual([]);
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
    // the same statements but the list's own, whose conditions follow the filter (each served by its index:
    // queryPlans.test.ts)
    const others = (all: string[]) => all.filter((s) => !s.includes('FROM loans l'));
    expect(filtered).toHaveLength(whole.length);
    expect(others(filtered)).toEqual(others(whole));
    expect(filtered.filter((s) => s.includes('loan_installments'))).toEqual([]);
  });

  it('pages through every loan with afterId, newest first, whatever the filter', async () => {
    const b = await branchWithLoans(30);
    const all = await b.manager.ok('loans.list', { limit: 1000 });
    expect(all).toHaveLength(30);
    expect(all.map((l) => l.id)).toEqual([...all.map((l) => l.id)].sort((x, y) => y - x));
    for (const input of [{}, { status: 'ACTIVE' as const }, { clientId: b.clientId }, { loanOfficerId: b.officerId }, { query: 'odhiambo' }]) {
      const expected = await b.manager.ok('loans.list', { ...input, limit: 1000 });
      const pages: LoanListItem[][] = [];
      let afterId: number | undefined;
      for (;;) {
        const page = await b.manager.ok('loans.list', { ...input, limit: 4, ...(afterId ? { afterId } : {}) });
        if (page.length === 0) break;
        pages.push(page);
        afterId = page.at(-1)!.id;
      }
      expect(pages.flat(), JSON.stringify(input)).toEqual(expected);
      expect(pages.slice(0, -1).every((p) => p.length === 4)).toBe(true);
    }
  });

  it('finds loans by any part of the client\'s name, account number or phone, or by the start of the loan account number', async () => {
    const b = await branchWithLoans(6);
    const all = await b.manager.ok('loans.list', {});
    const ids = (list: LoanListItem[]) => list.map((l) => l.id);
    const amina = all.filter((l) => l.clientName === 'Amina Odhiambo');
    const baraka = all.filter((l) => l.clientName === 'Baraka Mwangi');
    expect(ids(await b.manager.ok('loans.list', { query: 'MINA odh' }))).toEqual(ids(amina));
    expect(ids(await b.manager.ok('loans.list', { query: baraka[0]!.clientAccountNo.toLowerCase() }))).toEqual(ids(baraka));
    expect(ids(await b.manager.ok('loans.list', { query: '700000002' }))).toEqual(ids(baraka));
    const one = all[2]!;
    expect(ids(await b.manager.ok('loans.list', { query: one.accountNo.toLowerCase() }))).toEqual([one.id]);
    expect(ids(await b.manager.ok('loans.list', { query: one.accountNo.slice(0, -1) }))).toEqual(ids(all.filter((l) => l.accountNo.startsWith(one.accountNo.slice(0, -1)))));
    expect(await b.manager.ok('loans.list', { query: 'nobody at all' })).toEqual([]);
    // a text filter with others: Amina's pending loans only
    expect(ids(await b.manager.ok('loans.list', { query: 'amina', status: 'SUBMITTED_AND_PENDING_APPROVAL', loanOfficerId: b.officerId }))).toEqual(
      ids(amina.filter((l) => l.status === 'SUBMITTED_AND_PENDING_APPROVAL')),
    );
  });
});
