import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, snapshot } from '../../support/core';
import { AKIBA, lendingBranch, setBusinessDate, tillCash, type LendingBranch } from '../../support/lending';
import { assertNoOpenTills } from '../../../electron/core/services/tills';


interface TillBranch extends LendingBranch {
  teller1: Caller;
  savingsId: number;
}

/** A branch whose tills are not open yet; teller1 as in the README, a savings account for the client. */
async function tillBranch(): Promise<TillBranch> {
  const b = await lendingBranch(undefined, { tills: false });
  setBusinessDate(b.core, '2026-03-02');
  await b.admin.ok('users.create', { username: 'teller1', password: 'Str0ng-pass-2026', roles: ['TELLER'], displayName: 'Wanjiru Teller' });
  const teller1 = new Caller(b.core);
  await teller1.ok('session.login', { username: 'teller1', password: 'Str0ng-pass-2026' });
  const { id: productId } = await b.manager.ok('savingsProducts.create', AKIBA);
  const { savingsId } = await teller1.ok('savings.submit', { clientId: b.clientId, productId });
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId });
  return { ...b, teller1, savingsId };
}

const tb = async (b: LendingBranch, code: string) => (await b.accountant.ok('accounting.trialBalance', {})).rows.find((r) => r.glCode === code);

describe('tills: the README calls', () => {
  it('allocates, opens with a count, takes a deposit and a withdrawal, and closes 100 short', async () => {
    const b = await tillBranch();
    await b.manager.ok('tills.fundVault', { amount: '50000' });
    const a = await b.manager.ok('tills.allocate', { username: 'teller1', amount: '20000' });
    expect(a).toMatchObject({ tillBalance: '20000.00', vaultBalance: '30000.00' });
    const opened = await b.teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 20 }] });
    expect(opened.openingFloat).toBe('20000.00');
    await b.teller1.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3000', paymentTypeCode: 'CASH' });
    await b.teller1.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '500', paymentTypeCode: 'CASH' });
    expect((await b.teller1.ok('savings.get', { savingsId: b.savingsId })).summary.accountBalance).toBe('2500.00');
    expect((await tillCash(b.manager, 'teller1'))).toBe('22500.00');
    const closed = await b.teller1.ok('tills.close', { count: [{ denomination: '1000', quantity: 22 }, { denomination: '200', quantity: 2 }] });
    expect(closed).toMatchObject({ openingFloat: '20000.00', expected: '22500.00', counted: '22400.00', difference: '-100.00' });
    expect(await tb(b, '5300')).toMatchObject({ debit: '100.00' }); // cash over and short
    expect(await tb(b, '1120.01')).toMatchObject({ debit: '22400.00' }); // the till holds what was counted
    const report = await b.teller1.ok('tills.report', {});
    expect(report).toMatchObject({ status: 'CLOSED', openingFloat: '20000.00', expected: '22500.00', counted: '22400.00', difference: '-100.00', cashIn: '3000.00', cashOut: '500.00', balance: '22400.00' });
    expect(report.movements.map((m) => [m.kind, m.amountIn, m.amountOut, m.balance])).toEqual([
      ['SAVINGS_DEPOSIT', '3000.00', '0.00', '23000.00'],
      ['SAVINGS_WITHDRAWAL', '0.00', '500.00', '22500.00'],
      ['OVER_SHORT', '0.00', '100.00', '22400.00'],
    ]);
    expect(report.closingCount).toEqual([{ denomination: '1000', quantity: 22 }, { denomination: '200', quantity: 2 }]);
    expect(report.till).toMatchObject({ username: 'teller1', displayName: 'Wanjiru Teller', accountCode: '1120.01' });
    assertInvariants(b.core);
  });
});

describe("tills: a teller's day", () => {
  it('moves the till with every kind of cash movement and ends in a shortage posted to over/short', async () => {
    const b = await tillBranch();
    await b.manager.ok('tills.fundVault', { amount: '200000' });
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '60000' });
    await b.teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 50 }, { denomination: '500', quantity: 20 }] });
    // a loan paid out in cash, then its first repayment
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: '50000' });
    await b.manager.ok('loans.approve', { loanId });
    await b.teller1.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    await b.teller1.ok('loans.repay', { loanId, transactionAmount: '4727.98' });
    // the manager tops the till up during the day
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '5000', note: 'top-up' });
    // the teller counts the top-up and acknowledges it (tills.acknowledge; acknowledge.test.ts)
    await b.teller1.ok('tills.acknowledge', { movementId: (await b.teller1.ok('tills.current', {})).pendingAllocations[0]!.movementId });
    await b.teller1.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '2500' });
    await b.teller1.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '1000' });
    // mobile money does not touch the till
    await b.teller1.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '700', paymentTypeCode: 'MOBILE_MONEY' });
    // 60000 - 50000 + 4727.98 + 5000 + 2500 - 1000 = 21227.98; the teller counts 21200
    expect((await tillCash(b.manager, 'teller1'))).toBe('21227.98');
    const closed = await b.teller1.ok('tills.close', { count: [{ denomination: '1000', quantity: 21 }, { denomination: '100', quantity: 2 }] });
    expect(closed).toMatchObject({ expected: '21227.98', counted: '21200.00', difference: '-27.98' });
    expect(await tb(b, '5300')).toMatchObject({ debit: '27.98' });
    const report = await b.manager.ok('tills.report', { username: 'teller1' });
    expect(report.totals.map((t) => [t.kind, t.count, t.amountIn, t.amountOut])).toEqual([
      ['LOAN_DISBURSEMENT', 1, '0.00', '50000.00'],
      ['LOAN_REPAYMENT', 1, '4727.98', '0.00'],
      ['ALLOCATION', 1, '5000.00', '0.00'],
      ['SAVINGS_DEPOSIT', 1, '2500.00', '0.00'],
      ['SAVINGS_WITHDRAWAL', 1, '0.00', '1000.00'],
      ['OVER_SHORT', 1, '0.00', '27.98'],
    ]);
    expect(report.movements.find((m) => m.kind === 'LOAN_REPAYMENT')!.reference).toMatch(/^NRB-L\d+/);
    // the day-end check refuses while a till is open, and passes once every till is closed
    expect(() => assertNoOpenTills(b.core.db)).not.toThrow();
    // the manager takes the cash back to the vault
    const settled = await b.manager.ok('tills.settle', { username: 'teller1' });
    expect(settled).toMatchObject({ tillBalance: '0.00', vaultBalance: '156200.00' }); // 200000 - 65000 + 21200
    const vault = await b.manager.ok('tills.vault', {});
    expect(vault.tills[0]).toMatchObject({ username: 'teller1', balance: '0.00', open: false, session: { difference: '-27.98' } });
    assertInvariants(b.core);
  });

  it('is refused by day-end while a till is open', async () => {
    const b = await tillBranch();
    await b.teller1.ok('tills.open', { count: [] });
    expect(() => assertNoOpenTills(b.core.db)).toThrow(/while a till is open: teller1/);
    await b.teller1.ok('tills.close', { count: [] });
    expect(() => assertNoOpenTills(b.core.db)).not.toThrow();
  });

  it("lets a branch manager count and close a teller's till when the teller cannot", async () => {
    const b = await tillBranch();
    await b.manager.ok('tills.fundVault', { amount: '2000' });
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '2000' });
    await b.teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 2 }] });
    await b.admin.ok('users.update', { id: (b.core.db.prepare("SELECT id FROM users WHERE username = 'teller1'").get() as { id: number }).id, active: false });
    expect((await b.teller.err('tills.close', { username: 'teller1', count: [] })).code).toBe('PERMISSION_DENIED');
    const closed = await b.manager.ok('tills.close', { username: 'teller1', count: [{ denomination: '1000', quantity: 2 }] });
    expect(closed).toMatchObject({ expected: '2000.00', counted: '2000.00', difference: '0.00' });
    expect(await b.manager.ok('tills.report', { username: 'teller1' })).toMatchObject({ status: 'CLOSED', closedBy: 'manager' });
    expect(() => assertNoOpenTills(b.core.db)).not.toThrow();
    expect((await b.manager.err('tills.close', { username: 'teller1', count: [] })).code).toBe('TILL_NOT_OPEN');
    assertInvariants(b.core);
  });

  it('posts an overage to over/short as income', async () => {
    const b = await tillBranch();
    await b.manager.ok('tills.fundVault', { amount: '1000' });
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '1000' });
    await b.teller1.ok('tills.open', { count: [{ denomination: '500', quantity: 2 }] });
    expect(await b.teller1.ok('tills.close', { count: [{ denomination: '500', quantity: 2 }, { denomination: '50', quantity: 1 }] })).toMatchObject({ difference: '50.00' });
    expect(await tb(b, '5300')).toMatchObject({ credit: '50.00' });
    assertInvariants(b.core);
  });
});

describe('tills: refusals write nothing', () => {
  it('refuses cash without an open till with TILL_NOT_OPEN; other payment types need no till', async () => {
    const b = await tillBranch();
    const before = snapshot(b.core);
    const e = await b.teller1.err('savings.deposit', { savingsId: b.savingsId, transactionAmount: '100' });
    expect(e.code).toBe('TILL_NOT_OPEN');
    expect(snapshot(b.core)).toBe(before);
    await b.teller1.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '100', paymentTypeCode: 'MOBILE_MONEY' });
    expect((await b.teller1.err('tills.close', { count: [] })).code).toBe('TILL_NOT_OPEN');
  });

  it('refuses a payout beyond the till, a withdrawal beyond the account, an allocation beyond the vault', async () => {
    const b = await tillBranch();
    await b.manager.ok('tills.fundVault', { amount: '1000' });
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '1000' });
    await b.teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 1 }] });
    await b.teller1.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '5000', paymentTypeCode: 'MOBILE_MONEY' });
    let before = snapshot(b.core);
    const till = await b.teller1.err('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '1500' });
    expect(till).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionAmount', code: 'till_short' }] });
    expect(snapshot(b.core)).toBe(before);
    const account = await b.teller1.err('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '4950' });
    expect(account.code).toBe('INSUFFICIENT_FUNDS');
    expect(snapshot(b.core)).toBe(before);
    const vault = await b.manager.err('tills.allocate', { username: 'teller1', amount: '1' });
    expect(vault).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'amount', code: 'vault_short' }] });
    expect((await b.manager.err('tills.settle', { username: 'teller1', amount: '1000.01' })).code).toBe('INSUFFICIENT_FUNDS');
    before = snapshot(b.core);
    expect((await b.teller1.err('tills.allocate', { username: 'teller1', amount: '1' })).code).toBe('PERMISSION_DENIED');
    expect((await b.teller1.err('tills.report', { username: 'manager' })).code).toBe('PERMISSION_DENIED');
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });

  it('checks the opening count against the till, and each counted denomination', async () => {
    const b = await tillBranch();
    await b.manager.ok('tills.fundVault', { amount: '20000' });
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '20000' });
    const before = snapshot(b.core);
    const short = await b.teller1.err('tills.open', { count: [{ denomination: '1000', quantity: 19 }] });
    expect(short).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'count', code: 'count_mismatch', params: { counted: '19000.00', tillBalance: '20000.00' } }] });
    const odd = await b.teller1.err('tills.open', { count: [{ denomination: '300', quantity: 1 }] });
    expect(odd.fields![0]).toMatchObject({ field: 'count.0.denomination', code: 'not_a_denomination' });
    const twice = await b.teller1.err('tills.open', { count: [{ denomination: '1000', quantity: 10 }, { denomination: '1000.00', quantity: 10 }] });
    expect(twice.fields![0]).toMatchObject({ field: 'count.1.denomination', code: 'duplicate' });
    const negative = await b.teller1.err('tills.open', { count: [{ denomination: '1000', quantity: -1 }] });
    expect(negative.fields![0]!.field).toBe('count.0.quantity');
    expect(snapshot(b.core)).toBe(before);
    await b.teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 20 }] });
    expect((await b.teller1.err('tills.open', { count: [{ denomination: '1000', quantity: 20 }] })).code).toBe('INVALID_STATE');
  });
});

describe('tills: the cash limit and the manager approval', () => {
  it('needs a branch manager to approve going over the limit, and records both users', async () => {
    const b = await tillBranch();
    await b.manager.ok('tills.fundVault', { amount: '20000' });
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '20000' });
    await b.manager.ok('tills.setLimit', { username: 'teller1', cashLimit: '25000' });
    await b.teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 20 }] });
    await b.teller1.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '5000' }); // exactly at the limit
    const over = { savingsId: b.savingsId, transactionAmount: '0.01' };
    // a wrong password writes nothing but the approver's failed-attempt count (five lock the account, as at sign-in)
    expect((await b.teller1.err('savings.deposit', { ...over, approval: { username: 'manager', password: 'wrong-password-1' } })).code).toBe('INVALID_CREDENTIALS');
    const failedAttempts = () => (b.core.db.prepare("SELECT failed_attempts AS n FROM users WHERE username = 'manager'").get() as { n: number }).n;
    expect(failedAttempts()).toBe(1);
    const before = snapshot(b.core);
    const needed = await b.teller1.err('savings.deposit', over);
    // teller1's close is blind: the refusal says a manager must approve, with no figure of the till (blind.test.ts)
    expect(needed.code).toBe('APPROVAL_REQUIRED');
    expect(JSON.stringify(needed)).not.toMatch(/25[,]?000/);
    expect((await b.teller1.err('savings.deposit', { ...over, approval: { username: 'teller1', password: 'Str0ng-pass-2026' } })).fields![0]!.code).toBe('same_user');
    expect((await b.teller1.err('savings.deposit', { ...over, approval: { username: 'teller', password: 'Str0ng-pass-2026' } })).fields![0]!.code).toBe('not_a_manager');
    expect(snapshot(b.core)).toBe(before);
    await b.teller1.ok('savings.deposit', { ...over, approval: { username: 'manager', password: 'Str0ng-pass-2026' } });
    expect(failedAttempts()).toBe(0); // a right password clears the count, as a sign-in does
    const report = await b.manager.ok('tills.report', { username: 'teller1' });
    expect(report.movements.at(-1)).toMatchObject({ kind: 'SAVINGS_DEPOSIT', amountIn: '0.01', by: 'teller1', approvedBy: 'manager' });
    // the command log keeps who approved, never the password
    const logged = b.core.db.prepare("SELECT input_json FROM command_log WHERE operation = 'savings.deposit' ORDER BY seq DESC LIMIT 1").get() as { input_json: string };
    expect(JSON.parse(logged.input_json).approval).toEqual({ username: 'manager', password: '[redacted]' });
    // payouts need no approval; a limit removed lets cash in again
    await b.teller1.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '1000' });
    await b.manager.ok('tills.setLimit', { username: 'teller1', cashLimit: null });
    await b.teller1.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '100000' });
    assertInvariants(b.core);
  });
});

describe('savings: transfer to a loan repayment', () => {
  it('pays a loan from savings with one journal entry and no cash', async () => {
    const b = await tillBranch();
    await b.manager.ok('tills.fundVault', { amount: '60000' });
    await b.manager.ok('tills.allocate', { username: 'teller1', amount: '60000' });
    await b.teller1.ok('tills.open', { count: [{ denomination: '1000', quantity: 60 }] });
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: '50000' });
    await b.manager.ok('loans.approve', { loanId });
    await b.teller1.ok('loans.disburse', { loanId });
    await b.teller1.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '6000' });
    const cashBefore = (await tillCash(b.manager, 'teller1'));
    setBusinessDate(b.core, '2026-04-02');
    const t = await b.teller1.ok('savings.transferToLoan', { savingsId: b.savingsId, loanId, transactionAmount: '4727.98' });
    expect(t.accountBalance).toBe('1272.02');
    expect((await tillCash(b.manager, 'teller1'))).toBe(cashBefore);
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.periods[0]).toMatchObject({ complete: true });
    expect(await tb(b, '2100')).toMatchObject({ credit: '1272.02' });
    // more than the balance allows (the floor is 100), another client's loan, and changing the repayment alone
    expect((await b.teller1.err('savings.transferToLoan', { savingsId: b.savingsId, loanId, transactionAmount: '1172.03' })).code).toBe('INSUFFICIENT_FUNDS');
    const { id: other } = await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Mwangi', mobileNo: '+254700000002' });
    const { loanId: otherLoan } = await b.officer.ok('loans.submit', { clientId: other, productId: b.productId, principal: '5000' });
    await b.manager.ok('loans.approve', { loanId: otherLoan });
    await b.teller1.ok('loans.disburse', { loanId: otherLoan });
    expect((await b.teller1.err('savings.transferToLoan', { savingsId: b.savingsId, loanId: otherLoan, transactionAmount: '10' })).fields![0]!.code).toBe('other_client');
    expect((await b.manager.err('loans.adjustTransaction', { loanId, transactionId: t.loanTransactionId, transactionAmount: '0' })).fields![0]!.code).toBe('transfer_from_savings');
    assertInvariants(b.core);
  });
});
