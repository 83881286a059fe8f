import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { AKIBA, lendingBranch, openTill, setBusinessDate, tillCash } from '../../support/lending';
import { savingsBranch } from '../../support/savings';

describe('savings: the README calls', () => {
  it('opens an account, takes a deposit and a withdrawal, and keeps the books', async () => {
    const b = await savingsBranch();
    const d = await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3000', paymentTypeCode: 'CASH' });
    expect(d.accountBalance).toBe('3000.00');
    expect(d.receipt!.number).toMatch(/^NRB-R\d{6}$/);
    const w = await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '500', paymentTypeCode: 'CASH' });
    expect(w.receipt!.kind).toBe('SAVINGS_WITHDRAWAL');
    const s = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(s.summary.accountBalance).toBe('2500.00');
    expect(s.status).toBe('ACTIVE');
    expect(s.transactions.map((t) => [t.type, t.runningBalance])).toEqual([['DEPOSIT', '3000.00'], ['WITHDRAWAL', '2500.00']]);
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((r) => r.glCode === '2100')).toMatchObject({ credit: '2500.00' });
    assertInvariants(b.core);
  });

  it('refuses a withdrawal below the enforced minimum balance with INSUFFICIENT_FUNDS, writing nothing', async () => {
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '1000' });
    const before = snapshot(b.core);
    const e = await b.teller.err('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '900.01' });
    expect(e.code).toBe('INSUFFICIENT_FUNDS');
    expect(e.fields![0]!.field).toBe('transactionAmount');
    expect(snapshot(b.core)).toBe(before);
    await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '900' });
    assertInvariants(b.core);
  });

  it('takes a withdrawal fee as its own transaction, and an overdraft below zero on the overdraft portfolio', async () => {
    const b = await savingsBranch({ ...AKIBA, name: 'Overdraft', shortName: 'OD', minRequiredBalance: undefined, enforceMinRequiredBalance: false, withdrawalFee: '20', allowOverdraft: true, overdraftLimit: '500' });
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '300' });
    await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '600' });
    const s = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(s.summary.accountBalance).toBe('-320.00');
    // as Fineract reports it: the available balance is below zero while the overdraft is used; what can still be
    // withdrawn is what is left of the 500.00 limit; the fee is a withdrawal fee, apart from overdraft interest
    expect(s.summary).toMatchObject({ availableBalance: '-320.00', withdrawableBalance: '180.00', totalFees: '20.00', totalWithdrawalFees: '20.00', totalPenalties: '0.00', totalOverdraftInterest: '0.00' });
    expect(s.transactions.map((t) => t.type)).toEqual(['DEPOSIT', 'WITHDRAWAL_FEE', 'WITHDRAWAL']);
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((r) => r.glCode === '1230')).toMatchObject({ debit: '320.00' }); // overdraft portfolio
    expect(tb.rows.find((r) => r.glCode === '4200')).toMatchObject({ credit: '20.00' }); // fee income
    expect((await b.teller.err('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '200' })).code).toBe('INSUFFICIENT_FUNDS');
    assertInvariants(b.core);
  });

  it('posts each finished month the day after it ends, and re-posts when a backdated deposit changes it', async () => {
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '36500' });
    setBusinessDate(b.core, '2026-02-01');
    const run = await b.accountant.ok('savings.postInterest', {});
    expect(run).toEqual({ accounts: 1, created: 1, reversed: 0 });
    // 36,500.00 x 6 % / 365 x 31 days = 186.00
    let s = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(s.transactions.at(-1)).toMatchObject({ type: 'INTEREST_POSTING', date: '2026-02-01', amount: '186.00' });
    expect(s.summary.accountBalance).toBe('36686.00');
    // idempotent: the next run has nothing due before 1 March and does not compute the account
    expect(await b.accountant.ok('savings.postInterest', {})).toEqual({ accounts: 0, created: 0, reversed: 0 });
    // a deposit backdated to 16 January: 3,650.00 x 6 % / 365 x 16 days = 9.60 more for January
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3650', transactionDate: '2026-01-16' });
    expect(await b.accountant.ok('savings.postInterest', {})).toEqual({ accounts: 1, created: 1, reversed: 1 });
    s = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(s.summary.totalInterestPosted).toBe('195.60');
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((r) => r.glCode === '5200')).toMatchObject({ debit: '195.60' }); // interest on savings
    assertInvariants(b.core);
  });

  it('refuses money operations on an account that is not active, naming the status', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-01-01');
    const { id: productId } = await b.manager.ok('savingsProducts.create', AKIBA as never);
    const { savingsId } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId });
    const e = await b.teller.err('savings.deposit', { savingsId, transactionAmount: '10' });
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { status: 'SUBMITTED_AND_PENDING_APPROVAL' } });
    expect((await b.teller.err('savings.approve', { savingsId })).code).toBe('PERMISSION_DENIED');
  });
});

describe('savings: backdated withdrawals', () => {
  it('refuses a backdated withdrawal that would take a later balance below the floor', async () => {
    const b = await savingsBranch();
    setBusinessDate(b.core, '2026-01-20');
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '1000', transactionDate: '2026-01-05' });
    await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '800', transactionDate: '2026-01-15' });
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '500', transactionDate: '2026-01-18' });
    const before = snapshot(b.core);
    // today 600 would be fine (balance 700 -> 100), but on 15-17 January the balance would fall to -400
    const e = await b.teller.err('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '600', transactionDate: '2026-01-10' });
    expect(e.code).toBe('INSUFFICIENT_FUNDS');
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });
});

describe('savings: closing an account', () => {
  it('posts interest to the day before, pays the balance out through the till, and closes', async () => {
    const b = await lendingBranch(undefined, { tills: false });
    setBusinessDate(b.core, '2026-01-01');
    await openTill(b.manager, b.teller, '20000');
    const { id: productId } = await b.manager.ok('savingsProducts.create', AKIBA);
    const { savingsId } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId });
    await b.manager.ok('savings.approve', { savingsId });
    await b.manager.ok('savings.activate', { savingsId });
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    setBusinessDate(b.core, '2026-02-16');
    const before = snapshot(b.core);
    const left = await b.teller.err('savings.close', { savingsId });
    expect(left).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'withdrawBalance', code: 'balance_left' }] });
    expect(snapshot(b.core)).toBe(before);
    const closed = await b.teller.ok('savings.close', { savingsId, withdrawBalance: true });
    // January: 10000 x 6% x 31/365 = 50.958904 -> 50.96, posted 1 February; 1-15 February on 10000 and January's
    // compounded 50.958904: 10050.958904 x 6% x 15/365 = 24.783183 -> 24.78, posted on the closing day
    const s = await b.teller.ok('savings.get', { savingsId });
    expect(s.transactions.map((t) => [t.type, t.date, t.amount])).toEqual([
      ['DEPOSIT', '2026-01-01', '10000.00'],
      ['INTEREST_POSTING', '2026-02-01', '50.96'],
      ['INTEREST_POSTING', '2026-02-16', '24.78'],
      ['WITHDRAWAL', '2026-02-16', '10075.74'],
    ]);
    expect(closed).toMatchObject({ accountBalance: '0.00', closedOn: '2026-02-16', receipt: { amount: '10075.74' } });
    expect(s).toMatchObject({ status: 'CLOSED', timeline: { closedOn: '2026-02-16' } });
    expect((await tillCash(b.manager, 'teller'))).toBe('9924.26');
    expect((await b.teller.err('savings.deposit', { savingsId, transactionAmount: '1' })).code).toBe('INVALID_STATE');
    expect((await b.manager.err('savings.postInterest', { savingsId })).code).toBe('INVALID_STATE');
    assertInvariants(b.core);
  });
});
