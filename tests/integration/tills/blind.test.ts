import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, snapshot } from '../../support/core';
import { AKIBA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * The blind close (issue 19 point 3, services/tills/blind.ts): while a teller's till is open, nothing the teller is
 * answered gives the till's cash or expected figure, unless the branch manager turned the rule off; the branch
 * manager always sees them, and after the close the day report shows everything.
 */
const PASSWORD = 'Str0ng-pass-2026';

interface Branch extends LendingBranch {
  teller1: Caller;
  savingsId: number;
}

/**
 * teller1 with a float of 20,000 and a cash limit of 50,000, the till open, and a deposit of 3,000 taken: the till
 * holds 20,000 + 3,000 = 23,000, 46% of the limit (23,000 / 50,000).
 */
async function tellerDay(): Promise<Branch> {
  const b = await lendingBranch(undefined, { tills: false });
  setBusinessDate(b.core, '2026-03-02');
  await b.admin.ok('users.create', { username: 'teller1', password: PASSWORD, roles: ['TELLER'], displayName: 'Wanjiru Teller' });
  const teller1 = new Caller(b.core);
  await teller1.ok('session.login', { username: 'teller1', password: PASSWORD });
  const { id: productId } = await b.manager.ok('savingsProducts.create', AKIBA);
  const { savingsId } = await teller1.ok('savings.submit', { clientId: b.clientId, productId });
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId });
  await b.manager.ok('tills.fundVault', { amount: '100000' });
  await b.manager.ok('tills.allocate', { username: 'teller1', amount: '20000' });
  await b.manager.ok('tills.setLimit', { username: 'teller1', cashLimit: '50000' });
  await teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 20 }] });
  await teller1.ok('savings.deposit', { savingsId, transactionAmount: '3000', paymentTypeCode: 'CASH' });
  return { ...b, teller1, savingsId };
}

/** Neither 23,000 (the till's cash) nor 53,000 (after a 30,000 deposit) nor 50,000 (the limit, in a refusal) in any writing. */
const TILL_FIGURES = /23[,.]?000|53[,.]?000|50[,.]?000\.00/;

async function approvedLoan(b: Branch, principal: string): Promise<number> {
  const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal });
  await b.manager.ok('loans.approve', { loanId });
  return loanId;
}

describe('the blind close: a teller with an open till', () => {
  it('is told whether the till is open and how full it is, never what it holds or should hold', async () => {
    const b = await tellerDay();
    expect((await b.teller1.ok('settings.get', {})).blindClose).toBe(true);
    const current = await b.teller1.ok('tills.current', {});
    expect(current).toMatchObject({ open: true, balance: null, figuresHidden: true, cashLimit: '50000.00', shareOfLimit: '46.00' });

    const report = await b.teller1.ok('tills.report', {});
    expect(report).toMatchObject({ status: 'OPEN', figuresHidden: true, openingFloat: '20000.00', expected: null, balance: null, cashIn: null, cashOut: null });
    expect(report.movements.map((m) => [m.kind, m.amountIn, m.amountOut, m.balance])).toEqual([['SAVINGS_DEPOSIT', null, null, null]]);
    expect(report.totals).toEqual([{ kind: 'SAVINGS_DEPOSIT', count: 1, amountIn: null, amountOut: null }]);
    expect(JSON.stringify(report)).not.toMatch(TILL_FIGURES);

    const [open] = await b.teller1.ok('tills.sessions', {});
    expect(open).toMatchObject({ status: 'OPEN', expected: null, openingFloat: '20000.00' });
    assertInvariants(b.core);
  });

  it('is refused a payout the till cannot cover, and cash over the limit, without a figure of the till', async () => {
    const b = await tellerDay();
    const loanId = await approvedLoan(b, '50000');
    const before = snapshot(b.core);
    // 50,000 out of 23,000: the till cannot cover it; the way out is the branch manager's cash
    const short = await b.teller1.err('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    expect(short).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { reason: 'TILL_SHORT' } });
    expect(short.message).toMatch(/till cannot cover.*branch manager for cash/);
    expect(short.fields).toEqual([{ field: 'paymentTypeCode', code: 'till_short', message: 'the till cannot cover this: ask the branch manager for cash' }].map((f) => expect.objectContaining({ code: f.code, message: f.message })));
    expect(JSON.stringify(short)).not.toMatch(TILL_FIGURES);
    expect(JSON.stringify(short)).not.toMatch(/account/i);
    // 23,000 + 30,000 = 53,000, over the limit of 50,000: a manager must approve, no amount said
    const over = await b.teller1.err('savings.deposit', { savingsId: b.savingsId, transactionAmount: '30000' });
    expect(over.code).toBe('APPROVAL_REQUIRED');
    expect(over.message).toMatch(/over its cash limit: a branch manager must approve/);
    expect(JSON.stringify(over)).not.toMatch(TILL_FIGURES);
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });

  it('shows everything in the day report once the till is closed', async () => {
    const b = await tellerDay();
    // counted 22,900 against 23,000 expected: 100 short
    await b.teller1.ok('tills.close', { count: [{ denomination: '1000', quantity: 22 }, { denomination: '100', quantity: 9 }] });
    const report = await b.teller1.ok('tills.report', {});
    expect(report).toMatchObject({ status: 'CLOSED', figuresHidden: false, openingFloat: '20000.00', expected: '23000.00', counted: '22900.00', difference: '-100.00', cashIn: '3000.00', balance: '22900.00' });
    expect(report.movements.map((m) => [m.kind, m.amountIn, m.amountOut, m.balance])).toEqual([
      ['SAVINGS_DEPOSIT', '3000.00', '0.00', '23000.00'],
      ['OVER_SHORT', '0.00', '100.00', '22900.00'],
    ]);
    expect((await b.teller1.ok('tills.sessions', {}))[0]).toMatchObject({ status: 'CLOSED', expected: '23000.00' });
    // closed, the till shows what it holds again: the next opening count is checked against it (not blind)
    expect(await b.teller1.ok('tills.current', {})).toMatchObject({ open: false, balance: '22900.00', figuresHidden: false });
    assertInvariants(b.core);
  });
});

describe('the blind close: who sees the figures', () => {
  it("shows the branch manager the teller's figures, and the manager's own till", async () => {
    const b = await tellerDay();
    const report = await b.manager.ok('tills.report', { username: 'teller1' });
    expect(report).toMatchObject({ figuresHidden: false, expected: '23000.00', balance: '23000.00', cashIn: '3000.00' });
    expect((await b.manager.ok('tills.sessions', { username: 'teller1' }))[0]).toMatchObject({ status: 'OPEN', expected: '23000.00' });
    expect((await b.manager.ok('tills.vault', {})).tills.find((t) => t.username === 'teller1')).toMatchObject({ balance: '23000.00' });
    // the manager's own till: figures as ever (20,000 allocated and counted)
    await b.manager.ok('tills.allocate', { username: 'manager', amount: '20000' });
    await b.manager.ok('tills.open', { count: [{ denomination: '1000', quantity: 20 }] });
    expect(await b.manager.ok('tills.current', {})).toMatchObject({ balance: '20000.00', figuresHidden: false });
    assertInvariants(b.core);
  });

  it('lets only the branch manager turn it off, and then the teller sees the figures and the refusals say them', async () => {
    const b = await tellerDay();
    expect((await b.teller1.err('settings.setBlindClose', { blindClose: false })).code).toBe('PERMISSION_DENIED');
    expect((await b.officer.err('settings.setBlindClose', { blindClose: false })).code).toBe('PERMISSION_DENIED');
    expect(await b.manager.ok('settings.setBlindClose', { blindClose: false })).toMatchObject({ blindClose: false });
    expect((await b.teller1.ok('settings.get', {})).blindClose).toBe(false);
    expect(await b.teller1.ok('tills.current', {})).toMatchObject({ balance: '23000.00', figuresHidden: false, shareOfLimit: '46.00' });
    expect(await b.teller1.ok('tills.report', {})).toMatchObject({ expected: '23000.00', cashIn: '3000.00', figuresHidden: false });
    const loanId = await approvedLoan(b, '50000');
    const short = await b.teller1.err('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    expect(short).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { reason: 'TILL_SHORT', tillBalance: '23000.00', amount: '50000.00' } });
    expect(short.message).toMatch(/ask the branch manager for cash/);
    const over = await b.teller1.err('savings.deposit', { savingsId: b.savingsId, transactionAmount: '30000' });
    expect(over).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { cashLimit: '50000.00', balanceAfter: '53000.00' } });
    // on again: blind again; the change is in the audit trail
    await b.manager.ok('settings.setBlindClose', { blindClose: true });
    expect((await b.teller1.ok('tills.current', {})).balance).toBeNull();
    const logged = b.core.db.prepare("SELECT count(*) AS n FROM command_log WHERE operation = 'settings.setBlindClose'").get() as { n: number };
    expect(logged.n).toBe(2);
    assertInvariants(b.core);
  });
});
