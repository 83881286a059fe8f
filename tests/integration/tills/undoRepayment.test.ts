import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate, tillCash } from '../../support/lending';

/**
 * A teller undoes the repayment they just posted (issue 19 point 15, services/loans/undoRepayment.ts): their own, of
 * the business date, with the branch manager's approval typed on the same PC; the cash goes back out of their till.
 */
const MANAGER = { username: 'manager', password: 'Str0ng-pass-2026' };

describe("a teller's undo of their own repayment", () => {
  it('needs the manager on the same PC, moves the cash back out of the till and reopens the installment', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-03-02');
    const cashBefore = await tillCash(b.manager, 'teller');
    const paid = await b.teller.ok('loans.repay', { loanId, transactionAmount: '1000', paymentTypeCode: 'CASH' });
    // the till took 1,000 in: 10,000,000 - the disbursement + 1,000
    expect(Number(await tillCash(b.manager, 'teller'))).toBe(Number(cashBefore) + 1000);

    const before = snapshot(b.core);
    const asked = await b.teller.err('loans.undoRepayment', { loanId, transactionId: paid.transactionId });
    expect(asked).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { reason: 'undoRepayment' } });
    expect((await b.teller.err('loans.undoRepayment', { loanId, transactionId: paid.transactionId, approval: { username: 'officer', password: 'Str0ng-pass-2026' } })).fields![0]!.code).toBe('not_a_manager');
    expect(snapshot(b.core)).toBe(before);

    const undone = await b.teller.ok('loans.undoRepayment', { loanId, transactionId: paid.transactionId, approval: MANAGER, note: 'typed 1000 for 100' });
    expect(undone.summary.principalPaid).toBe('0.00');
    expect(await tillCash(b.manager, 'teller')).toBe(cashBefore);
    const view = await b.teller.ok('loans.get', { loanId });
    expect(view.transactions.find((t) => t.id === paid.transactionId)).toMatchObject({ reversed: true });
    expect((await b.teller.err('loans.undoRepayment', { loanId, transactionId: paid.transactionId, approval: MANAGER })).fields![0]!.code).toBe('already_reversed');
    assertInvariants(b.core);
  });

  it("refuses another user's repayment, one of an earlier day, and a disbursement; a manager undoes their own without approval", async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-03-02');
    const mine = await b.manager.ok('loans.repay', { loanId, transactionAmount: '500' });
    expect((await b.teller.err('loans.undoRepayment', { loanId, transactionId: mine.transactionId, approval: MANAGER })).fields![0]!.code).toBe('not_yours');
    const disbursal = (await b.teller.ok('loans.get', { loanId })).transactions.find((t) => t.type === 'DISBURSEMENT')!;
    expect((await b.teller.err('loans.undoRepayment', { loanId, transactionId: disbursal.id, approval: MANAGER })).fields![0]!.code).toBe('not_a_repayment');
    const tellers = await b.teller.ok('loans.repay', { loanId, transactionAmount: '300' });
    setBusinessDate(b.core, '2026-03-03');
    expect((await b.teller.err('loans.undoRepayment', { loanId, transactionId: tellers.transactionId, approval: MANAGER })).fields![0]!.code).toBe('not_today');
    setBusinessDate(b.core, '2026-03-02');
    await b.manager.ok('loans.undoRepayment', { loanId, transactionId: mine.transactionId });
    assertInvariants(b.core);
  });
});
