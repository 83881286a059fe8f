import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { ADMIN, assertInvariants, snapshot } from '../../support/core';
import { AKIBA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';
import { glBalance } from './chargesSupport';

/**
 * Opening balances (issue 16): Fineract's minRequiredOpeningBalance on a product and on an account, deposited when
 * the account activates (SavingsAccountWritePlatformServiceImpl.activate: handleDeposit of the amount dated the
 * activation date, then processAccountUponActivation's activation fees). Branchbox asks how the money came: the
 * payment type, cash through the activating user's till. Figures are worked by hand in the comments.
 */

/** The API example: daily posting and compounding, 500 deposited at activation. */
const OPENING = { ...AKIBA, name: 'Akiba Daily', shortName: 'AKD', interestPostingPeriodType: 'DAILY', interestCompoundingPeriodType: 'DAILY', minRequiredOpeningBalance: '500' };

async function branch(product: Record<string, unknown> = OPENING): Promise<LendingBranch & { savingsProductId: number }> {
  const b = await lendingBranch();
  setBusinessDate(b.core, '2026-01-01');
  const { id: savingsProductId } = await b.manager.ok('savingsProducts.create', product as never);
  return { ...b, savingsProductId };
}

/** Submitted (teller) and approved (manager): waiting for activation. */
async function approved(b: LendingBranch, productId: number, extra: Record<string, unknown> = {}): Promise<number> {
  const { savingsId } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId, ...extra });
  await b.manager.ok('savings.approve', { savingsId });
  return savingsId;
}

/** The lines of the journal entry a savings transaction posted: [GL code, debit, credit] in minor units. */
function entryOf(core: Core, transactionId: number): [string, number, number][] {
  return (
    core.db
      .prepare(
        `SELECT a.code, l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id JOIN gl_accounts a ON a.id = l.gl_account_id
         WHERE e.source_type = 'savings_transaction' AND e.source_id = ? ORDER BY l.id`,
      )
      .all(transactionId) as { code: string; debit: number; credit: number }[]
  ).map((l) => [l.code, l.debit, l.credit]);
}

const tillOf = async (b: LendingBranch) => (await b.manager.ok('tills.current', {})).balance;

describe('savings: the opening balance deposited at activation', () => {
  it('takes minRequiredOpeningBalance on the product as the API example writes it, and deposits 500.00 in cash at activation', async () => {
    const b = await branch();
    expect((await b.manager.ok('savingsProducts.get', { id: b.savingsProductId })).minRequiredOpeningBalance).toBe('500');
    const savingsId = await approved(b, b.savingsProductId);
    expect((await b.manager.ok('savings.get', { savingsId })).minRequiredOpeningBalance).toBe('500.00');
    // the manager's till holds the 10,000,000.00 float it opened with
    expect(await tillOf(b)).toBe('10000000.00');
    const r = await b.manager.ok('savings.activate', { savingsId, paymentTypeCode: 'CASH' });
    expect(r.accountBalance).toBe('500.00');
    expect(r.receipt).toMatchObject({ kind: 'SAVINGS_DEPOSIT', amount: '500.00', balanceAfter: '500.00', paymentType: 'CASH' });
    const s = await b.manager.ok('savings.get', { savingsId });
    expect(s.status).toBe('ACTIVE');
    expect(s.transactions.map((t) => [t.type, t.date, t.amount, t.runningBalance, t.paymentType])).toEqual([['DEPOSIT', '2026-01-01', '500.00', '500.00', 'CASH']]);
    expect(s.transactions[0]!.issuedReceiptNumber).toBe(r.receipt!.number);
    expect(s.summary.totalDeposits).toBe('500.00');
    // Dr the manager's till (a detail account under 1120) 500.00, Cr savings deposits (2100) 500.00
    const lines = entryOf(b.core, r.transactionId!);
    expect(lines).toHaveLength(2);
    expect(lines[0]![0]).toMatch(/^1120/);
    expect(lines[0]!.slice(1)).toEqual([50000, 0]);
    expect(lines[1]).toEqual(['2100', 0, 50000]);
    // the till's cash up by 500.00
    expect(await tillOf(b)).toBe('10000500.00');
    expect(glBalance(b.core, '2100')).toBe(-50000);
    assertInvariants(b.core);
  });

  it('takes the activation fee after the opening deposit, as Fineract orders them (500.00 less 100.00 leaves 400.00)', async () => {
    const b = await branch();
    const { id: fee } = await b.manager.ok('charges.create', { name: 'Opening fee', currencyCode: 'KES', chargeAppliesTo: 'SAVINGS', chargeTimeType: 'SAVINGS_ACTIVATION', chargeCalculationType: 'FLAT', amount: '100', penalty: false } as never);
    const savingsId = await approved(b, b.savingsProductId);
    await b.manager.ok('savings.addCharge', { savingsId, chargeId: fee });
    const r = await b.manager.ok('savings.activate', { savingsId, paymentTypeCode: 'MOBILE_MONEY' });
    // the receipt says what the client leaves with: 500.00 deposited, the 100.00 fee taken
    expect(r).toMatchObject({ accountBalance: '400.00', receipt: { amount: '500.00', balanceAfter: '400.00', paymentType: 'MOBILE_MONEY' } });
    const s = await b.manager.ok('savings.get', { savingsId });
    expect(s.transactions.map((t) => [t.type, t.date, t.amount, t.runningBalance])).toEqual([
      ['DEPOSIT', '2026-01-01', '500.00', '500.00'],
      ['FEE', '2026-01-01', '100.00', '400.00'],
    ]);
    expect(s.charges[0]).toMatchObject({ amountPaid: '100.00', amountOutstanding: '0.00' });
    // mobile money float (1130) Dr 500.00; savings deposits (2100) Cr 500.00 then Dr 100.00; fee income (4200) Cr 100.00;
    // nothing below zero, so nothing on the overdraft portfolio (1230); no till moved
    expect(entryOf(b.core, r.transactionId!)).toEqual([['1130', 50000, 0], ['2100', 0, 50000]]);
    expect(glBalance(b.core, '1130')).toBe(50000);
    expect(glBalance(b.core, '2100')).toBe(-40000);
    expect(glBalance(b.core, '4200')).toBe(-10000);
    expect(glBalance(b.core, '1230')).toBe(0);
    expect(await tillOf(b)).toBe('10000000.00');
    assertInvariants(b.core);
  });

  it("takes the account's own opening balance over the product's: 1,000.00 deposited, or none at all with 0", async () => {
    const b = await branch();
    const more = await approved(b, b.savingsProductId, { minRequiredOpeningBalance: '1000' });
    expect((await b.manager.ok('savings.get', { savingsId: more })).minRequiredOpeningBalance).toBe('1000.00');
    expect(await b.manager.ok('savings.activate', { savingsId: more, paymentTypeCode: 'CASH' })).toMatchObject({ accountBalance: '1000.00', receipt: { amount: '1000.00' } });
    const none = await approved(b, b.savingsProductId, { minRequiredOpeningBalance: '0' });
    // nothing is deposited: no payment type needed, no transaction, no receipt
    expect(await b.manager.ok('savings.activate', { savingsId: none })).toEqual({ savingsId: none, transactionId: null, accountBalance: '0.00', receipt: null });
    expect((await b.manager.ok('savings.get', { savingsId: none })).transactions).toEqual([]);
    const list = await b.manager.ok('savings.list', { clientId: b.clientId });
    expect(list.map((a) => [a.id, a.minRequiredOpeningBalance, a.accountBalance])).toEqual([
      [none, '0.00', '0.00'],
      [more, '1000.00', '1000.00'],
    ]);
    expect(await tillOf(b)).toBe('10001000.00');
    // an opening balance in more decimals than the currency has is refused at submission, naming the field
    expect(await b.teller.err('savings.submit', { clientId: b.clientId, productId: b.savingsProductId, minRequiredOpeningBalance: '10.001' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'minRequiredOpeningBalance' }] });
    expect(await b.manager.err('savingsProducts.create', { ...OPENING, name: 'Bad', shortName: 'BAD', minRequiredOpeningBalance: '-5' } as never)).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'minRequiredOpeningBalance' }] });
    assertInvariants(b.core);
  });

  it('refuses an activation with an opening balance but no payment type, or an unknown one, writing nothing', async () => {
    const b = await branch();
    const savingsId = await approved(b, b.savingsProductId);
    const before = snapshot(b.core);
    expect(await b.manager.err('savings.activate', { savingsId })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'paymentTypeCode', code: 'required' }],
      details: { minRequiredOpeningBalance: '500.00' },
    });
    expect(await b.manager.err('savings.activate', { savingsId, paymentTypeCode: 'CHEQUE' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'paymentTypeCode', code: 'not_found' }] });
    expect(snapshot(b.core)).toBe(before);
    expect((await b.manager.ok('savings.get', { savingsId })).status).toBe('APPROVED');
    assertInvariants(b.core);
  });

  it("asks a second manager's approval when the cash takes the till over its limit, and writes nothing without it", async () => {
    const b = await branch();
    const savingsId = await approved(b, b.savingsProductId);
    // the manager's till holds 10,000,000.00: the 500.00 would take it to 10,000,500.00, over a 10,000,100.00 limit
    await b.admin.ok('tills.setLimit', { username: 'manager', cashLimit: '10000100' });
    const before = snapshot(b.core);
    expect(await b.manager.err('savings.activate', { savingsId, paymentTypeCode: 'CASH' })).toMatchObject({ code: 'APPROVAL_REQUIRED', fields: [{ field: 'approval' }] });
    expect(snapshot(b.core)).toBe(before);
    const r = await b.manager.ok('savings.activate', { savingsId, paymentTypeCode: 'CASH', approval: ADMIN });
    expect(r.accountBalance).toBe('500.00');
    expect(await tillOf(b)).toBe('10000500.00');
    assertInvariants(b.core);
  });
});
