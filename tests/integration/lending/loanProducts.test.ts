import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate } from '../../support/lending';

describe('loanProducts.activate', () => {
  it('brings a deactivated product back: inactive it takes no new loans, active again it does, with the same terms', async () => {
    const b = await lendingBranch();
    // a loan made before the product is deactivated: 50,000.00 at 24 % a year over 12 months, so the first
    // month's interest is 50,000.00 x 2 % = 1,000.00 and the installment 4,727.98 (the README figures)
    const existing = await activeLoan(b, '2026-01-05');
    await b.admin.ok('loanProducts.deactivate', { id: b.productId });
    expect((await b.officer.ok('loanProducts.get', { id: b.productId })).active).toBe(false);
    expect(await b.officer.ok('loanProducts.list', {})).toEqual([]);
    expect((await b.officer.ok('loanProducts.list', { includeInactive: true })).map((p) => [p.id, p.active])).toEqual([[b.productId, false]]);

    const before = snapshot(b.core);
    const inactive = { code: 'INVALID_STATE', fields: [{ field: 'productId', code: 'inactive' }] };
    expect(await b.officer.err('loans.submit', { clientId: b.clientId, productId: b.productId })).toMatchObject(inactive);
    expect(await b.officer.err('loans.previewSchedule', { productId: b.productId })).toMatchObject(inactive);
    expect(snapshot(b.core)).toBe(before);
    // the loans already made go on: the first installment is paid, 50,000.00 - 3,727.98 = 46,272.02 left
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId: existing, transactionAmount: '4727.98' });
    expect((await b.manager.ok('loans.get', { loanId: existing })).summary.principalOutstanding).toBe('46272.02');

    expect(await b.manager.ok('loanProducts.activate', { id: b.productId })).toEqual({ id: b.productId });
    const product = await b.officer.ok('loanProducts.get', { id: b.productId });
    expect(product.active).toBe(true);
    expect(await b.officer.ok('loanProducts.list', {})).toEqual([product]);
    // a new loan on the same terms: the same schedule figures as the loan made before
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    await b.manager.ok('loans.approve', { loanId });
    await b.teller.ok('loans.disburse', { loanId });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan).toMatchObject({ status: 'ACTIVE', summary: { principalDisbursed: '50000.00' } });
    expect(loan.periods[0]).toMatchObject({ dueDate: '2026-03-05', interestDue: '1000.00', totalDueForPeriod: '4727.98' });
    // both changes are logged commands naming the product
    const log = b.core.db.prepare("SELECT operation, username, entity_ids_json FROM command_log WHERE operation LIKE 'loanProducts.%activate' ORDER BY seq").all();
    expect(log).toEqual([
      { operation: 'loanProducts.deactivate', username: 'admin', entity_ids_json: JSON.stringify([`loan_product:${b.productId}`]) },
      { operation: 'loanProducts.activate', username: 'manager', entity_ids_json: JSON.stringify([`loan_product:${b.productId}`]) },
    ]);
    assertInvariants(b.core);
  });

  it('refuses an unknown product naming the field id, and users who may not manage products, writing nothing', async () => {
    const b = await lendingBranch();
    await b.admin.ok('loanProducts.deactivate', { id: b.productId });
    const before = snapshot(b.core);
    expect(await b.admin.err('loanProducts.activate', { id: 999 })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'id', code: 'not_found' }] });
    expect(await b.admin.err('loanProducts.activate', { id: 'BM12' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'id' }] });
    expect(await b.admin.err('loanProducts.activate', {})).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'id' }] });
    for (const who of [b.officer, b.teller, b.accountant]) {
      expect((await who.err('loanProducts.activate', { id: b.productId })).code).toBe('PERMISSION_DENIED');
    }
    expect(snapshot(b.core)).toBe(before);
    expect((await b.admin.ok('loanProducts.get', { id: b.productId })).active).toBe(false);
  });
});
