import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { AKIBA, lendingBranch, setBusinessDate } from '../../support/lending';

/**
 * The savings approval queue (issue 16, SavingsAccountsView): savings.list by status gives the accounts waiting for
 * approval (SUBMITTED_AND_PENDING_APPROVAL) and for activation (APPROVED), with when each was submitted and
 * approved and what it opens with; an account leaves each list as it moves on. Only a branch manager approves and
 * activates.
 */
describe('savings: the approval queue', () => {
  it('lists the accounts waiting for approval, then for activation, with their dates and opening deposits', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-03-02');
    const { id: productId } = await b.manager.ok('savingsProducts.create', { ...AKIBA, minRequiredOpeningBalance: '250' } as never);
    const { savingsId: first } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId });
    setBusinessDate(b.core, '2026-03-03');
    const { savingsId: second } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId, minRequiredOpeningBalance: '0' });
    const waiting = (status: 'SUBMITTED_AND_PENDING_APPROVAL' | 'APPROVED') => b.manager.ok('savings.list', { status });

    // newest first, each with its submission date and opening deposit
    expect((await waiting('SUBMITTED_AND_PENDING_APPROVAL')).map((a) => [a.id, a.submittedOn, a.approvedOn, a.minRequiredOpeningBalance])).toEqual([
      [second, '2026-03-03', null, '0.00'],
      [first, '2026-03-02', null, '250.00'],
    ]);
    expect(await waiting('APPROVED')).toEqual([]);

    // a teller may list the queue but neither approve nor activate; a refusal writes nothing
    const before = snapshot(b.core);
    expect((await b.teller.err('savings.approve', { savingsId: first })).code).toBe('PERMISSION_DENIED');
    expect(snapshot(b.core)).toBe(before);

    await b.manager.ok('savings.approve', { savingsId: first, approvedOnDate: '2026-03-02' });
    expect((await waiting('SUBMITTED_AND_PENDING_APPROVAL')).map((a) => a.id)).toEqual([second]);
    expect((await waiting('APPROVED')).map((a) => [a.id, a.approvedOn, a.minRequiredOpeningBalance])).toEqual([[first, '2026-03-02', '250.00']]);
    expect((await b.teller.err('savings.activate', { savingsId: first, paymentTypeCode: 'CASH' })).code).toBe('PERMISSION_DENIED');

    // activated with its 250.00 opening deposit: out of both lists, active with its balance
    await b.manager.ok('savings.activate', { savingsId: first, paymentTypeCode: 'BANK_TRANSFER' });
    expect(await waiting('APPROVED')).toEqual([]);
    expect((await b.manager.ok('savings.list', { status: 'ACTIVE' })).map((a) => [a.id, a.accountBalance])).toEqual([[first, '250.00']]);
    assertInvariants(b.core);
  });
});
