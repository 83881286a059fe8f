import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, snapshot } from '../../support/core';
import { BIASHARA, lendingBranch, openTill, setBusinessDate, tillCash, type LendingBranch } from '../../support/lending';

/**
 * Second review of the tills and vault feature: each test is a bug found in review (or a path checked and found
 * right), written to fail before its fix.
 */

const PASSWORD = 'Str0ng-pass-2026';

interface Branch extends LendingBranch {
  teller1: Caller;
}

/** A branch without open tills, and teller1 (a TELLER) signed in; the business date 2026-03-02. */
async function branch(product: Record<string, unknown> = BIASHARA): Promise<Branch> {
  const b = await lendingBranch(product, { tills: false });
  setBusinessDate(b.core, '2026-03-02');
  await b.admin.ok('users.create', { username: 'teller1', password: PASSWORD, roles: ['TELLER'], displayName: 'Wanjiru Teller' });
  const teller1 = new Caller(b.core);
  await teller1.ok('session.login', { username: 'teller1', password: PASSWORD });
  return { ...b, teller1 };
}

async function approvedLoan(b: Branch, principal = '50000'): Promise<number> {
  const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal });
  await b.manager.ok('loans.approve', { loanId });
  return loanId;
}



describe('review: the vault is funded only from an account a manual entry could credit', () => {
  it('refuses to fund the vault from the loan portfolio (the portfolio would no longer match the loans)', async () => {
    const b = await branch();
    const before = snapshot(b.core);
    const e = await b.manager.err('tills.fundVault', { amount: '1000', fromAccountCode: '1200' });
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'fromAccountCode', code: 'not_postable' }] });
    // nor from savings deposits, or cash over and short
    expect((await b.manager.err('tills.fundVault', { amount: '1000', fromAccountCode: '2100' })).code).toBe('VALIDATION_FAILED');
    expect((await b.manager.err('tills.fundVault', { amount: '1000', fromAccountCode: '5300' })).code).toBe('VALIDATION_FAILED');
    expect(snapshot(b.core)).toBe(before);
    await b.manager.ok('tills.fundVault', { amount: '1000' }); // the bank account, 1140
    await b.manager.ok('tills.fundVault', { amount: '1000', fromAccountCode: '2300' }); // borrowings
    assertInvariants(b.core);
  });
});

describe('review: a disbursement with a fee pays out only the net', () => {
  it('needs no approval when the fee would pass the cash limit on its own but the till goes down', async () => {
    const b = await branch({ ...BIASHARA, charges: [{ name: 'Processing fee', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2' }] });
    await openTill(b.manager, b.teller1, '60000');
    await b.manager.ok('tills.setLimit', { username: 'teller1', cashLimit: '60000' });
    const loanId = await approvedLoan(b);
    // 50000 out, the 1000 fee kept back: the till goes from 60000 (at its limit) to 11000
    await b.teller1.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    expect(await tillCash(b.manager, b.teller1)).toBe('11000.00');
    assertInvariants(b.core);
  });
});

describe('review: changing a cash repayment moves only the difference through the till', () => {
  it('lowers a repayment when the till holds less than the first amount', async () => {
    const b = await branch();
    await openTill(b.manager, b.teller1, '60000');
    await openTill(b.manager, b.manager, '1000');
    const loanId = await approvedLoan(b);
    await b.teller1.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    const r = await b.teller1.ok('loans.repay', { loanId, transactionAmount: '4727.98' });
    // the client paid 4727.98 but meant 4700: the manager gives back 27.98 over the counter
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: r.transactionId, transactionAmount: '4700' });
    expect(await tillCash(b.manager, b.manager)).toBe('972.02');
    expect(await tillCash(b.manager, b.teller1)).toBe('14727.98');
    assertInvariants(b.core);
  });

  it('raises a repayment at the cash limit with an approval only for what goes over it', async () => {
    const b = await branch();
    await openTill(b.manager, b.teller1, '60000');
    await b.manager.ok('tills.setLimit', { username: 'teller1', cashLimit: '15000' });
    await b.admin.ok('users.create', { username: 'manager2', password: PASSWORD, roles: ['BRANCH_MANAGER'], displayName: 'Second Manager' });
    const loanId = await approvedLoan(b);
    await b.teller1.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    const r = await b.teller1.ok('loans.repay', { loanId, transactionAmount: '4000' }); // 14000, under the limit
    // the manager's till must be open to undo cash: give it exactly the limit headroom
    await b.manager.ok('tills.setLimit', { username: 'manager', cashLimit: '10000' });
    await openTill(b.manager, b.manager, '9000');
    // 4000 -> 5000 through the manager's till: 9000 + 1000 = 10000, at the limit: no approval
    const at = await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: r.transactionId, transactionAmount: '5000' });
    expect(await tillCash(b.manager, b.manager)).toBe('10000.00');
    // one cent more is over the limit: the approval is asked for the net, and given by another manager
    const before = snapshot(b.core);
    const more = { loanId, transactionId: at.transactionId, transactionAmount: '5000.01' };
    expect(await b.manager.err('loans.adjustTransaction', more)).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { balanceAfter: '10000.01' } });
    expect(snapshot(b.core)).toBe(before);
    await b.manager.ok('loans.adjustTransaction', { ...more, approval: { username: 'manager2', password: PASSWORD } });
    expect(await tillCash(b.manager, b.manager)).toBe('10000.01');
    assertInvariants(b.core);
  });

  it('moves a changed recovery by the difference too', async () => {
    const b = await branch();
    await openTill(b.manager, b.teller1, '60000');
    await openTill(b.manager, b.manager, '1000');
    const loanId = await approvedLoan(b);
    await b.teller1.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    await b.manager.ok('loans.writeOff', { loanId });
    const rec = await b.teller1.ok('loans.recoverWrittenOff', { loanId, transactionAmount: '3000' });
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: rec.transactionId, transactionAmount: '2500' });
    expect(await tillCash(b.manager, b.manager)).toBe('500.00');
    expect(await tillCash(b.manager, b.teller1)).toBe('13000.00');
    assertInvariants(b.core);
  });
});

describe('review: reverse-replay and undo around tills', () => {
  it('re-creates the repayments of a closed till without moving its cash', async () => {
    const b = await branch();
    await openTill(b.manager, b.teller1, '60000');
    await openTill(b.manager, b.manager, '10000');
    const loanId = await approvedLoan(b);
    await b.teller1.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    setBusinessDate(b.core, '2026-04-02');
    await b.teller1.ok('loans.repay', { loanId, transactionAmount: '3000' });
    await b.teller1.ok('tills.close', { count: [{ denomination: '1000', quantity: 13 }] });
    // an earlier-dated repayment re-allocates teller1's; teller1's till is closed and keeps its cash
    await b.manager.ok('loans.repay', { loanId, transactionAmount: '500', transactionDate: '2026-03-20' });
    expect((await b.manager.ok('tills.vault', {})).tills.find((t) => t.username === 'teller1')!.balance).toBe('13000.00');
    expect(await tillCash(b.manager, b.manager)).toBe('10500.00');
    assertInvariants(b.core);
  });

  it('undoes a fee-at-disbursement disbursement through the undoing manager\'s till', async () => {
    const b = await branch({ ...BIASHARA, charges: [{ name: 'Processing fee', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2' }] });
    await openTill(b.manager, b.teller1, '60000');
    await openTill(b.manager, b.manager, '10000');
    const loanId = await approvedLoan(b);
    await b.teller1.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    await b.manager.ok('loans.undoDisbursal', { loanId });
    expect(await tillCash(b.manager, b.manager)).toBe('59000.00');
    expect(await tillCash(b.manager, b.teller1)).toBe('11000.00');
    assertInvariants(b.core);
  });
});

describe('review: the manager approval is never stored', () => {
  it('keeps no unsalted hash of the approving password with an idempotency key', async () => {
    const b = await branch();
    await openTill(b.manager, b.teller1, '60000');
    await b.manager.ok('tills.setLimit', { username: 'teller1', cashLimit: '60000' });
    const loanId = await approvedLoan(b);
    await b.teller1.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    const input = { loanId, transactionAmount: '50000', idempotencyKey: 'repay-0001-abcdef', approval: { username: 'manager', password: PASSWORD } };
    await b.teller1.ok('loans.repay', input);
    // a retry of the same call answers the first result and moves no more cash
    const cash = await tillCash(b.manager, b.teller1);
    await b.teller1.ok('loans.repay', input);
    expect(await tillCash(b.manager, b.teller1)).toBe(cash);
    // someone with a copy of the database has the logged input (password redacted) and the key's hash: a guess
    // of the password must not be checkable against it
    const logged = b.core.db.prepare("SELECT input_json FROM command_log WHERE operation = 'loans.repay' ORDER BY seq DESC LIMIT 1").get() as { input_json: string };
    const parsed = JSON.parse(logged.input_json) as { approval: { password: string } };
    parsed.approval.password = PASSWORD;
    const guess = createHash('sha256').update(JSON.stringify(parsed)).digest('hex');
    const stored = b.core.db.prepare('SELECT input_hash FROM idempotency_keys').all() as { input_hash: string }[];
    expect(stored.map((s) => s.input_hash)).not.toContain(guess);
    assertInvariants(b.core);
  });
});

describe("review: a till's GL account moves only with the till", () => {
  it('cannot be opened to manual entries or deactivated by the accountant', async () => {
    const b = await branch();
    await openTill(b.manager, b.teller1, '1000');
    const till = b.core.db.prepare("SELECT a.id FROM gl_accounts a JOIN tills t ON t.gl_account_id = a.id").get() as { id: number };
    const before = snapshot(b.core);
    expect((await b.accountant.err('accounting.updateAccount', { id: till.id, manualEntriesAllowed: true })).code).toBe('VALIDATION_FAILED');
    expect((await b.accountant.err('accounting.updateAccount', { id: till.id, active: false })).code).toBe('VALIDATION_FAILED');
    expect(snapshot(b.core)).toBe(before);
    await b.accountant.ok('accounting.updateAccount', { id: till.id, name: 'Till: counter 1' });
    // the cash still moves through it
    await b.teller1.ok('tills.close', { count: [{ denomination: '1000', quantity: 1 }] });
    assertInvariants(b.core);
  });
});

describe('review: the manager approval and failed passwords', () => {
  // A wrong approval password is refused inside the command's transaction, which rolls back: the failed attempt
  // is counted after the rollback (ctx.afterRollback), or a teller could try the manager's password without limit.
  it("counts wrong approval passwords towards the approver's lockout", async () => {
    const b = await branch();
    await openTill(b.manager, b.teller1, '1000');
    await b.manager.ok('tills.setLimit', { username: 'teller1', cashLimit: '1000' });
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: '5000' });
    await b.manager.ok('loans.approve', { loanId });
    await b.manager.ok('loans.disburse', { loanId, paymentTypeCode: 'BANK_TRANSFER' });
    for (let i = 0; i < 5; i++) {
      const e = await b.teller1.err('loans.repay', { loanId, transactionAmount: '10', approval: { username: 'manager', password: `guess-${i}-2026` } });
      // the fifth wrong password locks the manager, and the prompt says so (as sign-in does)
      expect(e.code).toBe(i < 4 ? 'INVALID_CREDENTIALS' : 'ACCOUNT_LOCKED');
      expect(e.fields![0]!.field).toBe(i < 4 ? 'approval.password' : 'approval.username');
    }
    const c = new Caller(b.core);
    expect((await c.err('session.login', { username: 'manager', password: PASSWORD })).code).toBe('ACCOUNT_LOCKED');
  });
});
