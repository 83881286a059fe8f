import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { insertSubStatus } from '../../../electron/core/services/savings/repository';
import { verifyDatabase } from '../../../electron/core/verify';
import { asCommand } from '../../support/command';
import { assertInvariants, Caller, snapshot, TestClock } from '../../support/core';
import { setBusinessDate } from '../../support/lending';
import { businessDate, dayEndSavingsBranch, openOn, product, type DayEndSavings } from './dayEndBranch';
import { planOf, statementsOf } from './statements';

/**
 * Dormancy, block and block-debit as Fineract (services/savings/dormancy.ts). Dates worked by hand for a product
 * tracking 30 / 60 / 90 days (Fineract's retrieveSavingsIdsPendingInactive / Dormant / Escheat: the days from the
 * last deposit or withdrawal not reversed, else the activation date, to the date closed, at least daysToX):
 * activity on 1 January 2026 -> 30 days on 31 January (INACTIVE), 60 on 2 March (January 31 days, February 28),
 * 90 on 1 April (escheat). The product pays no interest (0 %), so balances move only by what the test does:
 * a no-activity fee of 50.00 (SAVINGS_NOACTIVITY_FEE, Fineract pays it in full when the account goes inactive).
 */

const MM = { paymentTypeCode: 'MOBILE_MONEY' } as const;

async function escheatAccount(b: DayEndSavings): Promise<number> {
  const parent = (b.core.db.prepare("SELECT id FROM gl_accounts WHERE code = '2000'").get() as { id: number }).id;
  const { id } = await b.admin.ok('accounting.createAccount', { code: '2500', name: 'Escheat liability', type: 'LIABILITY', parentId: parent, manualEntriesAllowed: false });
  return id;
}

async function dormancyProduct(b: DayEndSavings, charges: { id: number }[] = []): Promise<{ productId: number; escheatId: number }> {
  const escheatId = await escheatAccount(b);
  const { id: productId } = await b.manager.ok('savingsProducts.create', product('Lala Salama', 'LAL', {
    nominalAnnualInterestRate: '0',
    isDormancyTrackingActive: true,
    daysToInactive: 30,
    daysToDormancy: 60,
    daysToEscheat: 90,
    charges,
    accountingMapping: { escheatLiabilityId: escheatId },
  }) as never);
  return { productId, escheatId };
}

async function noActivityFee(b: DayEndSavings): Promise<number> {
  const { id } = await b.manager.ok('charges.create', {
    name: 'Dormant account fee',
    currencyCode: 'KES',
    chargeAppliesTo: 'SAVINGS',
    chargeTimeType: 'SAVINGS_NOACTIVITY_FEE',
    chargeCalculationType: 'FLAT',
    amount: '50',
    penalty: false,
  } as never);
  return id;
}

function subStatusRows(core: Core, id: number): [string, string][] {
  return (core.db.prepare('SELECT sub_status, since FROM savings_account_sub_statuses WHERE account_id = ? ORDER BY id').all(id) as { sub_status: string; since: string }[]).map((r) => [r.sub_status, r.since]);
}

function liveOfType(core: Core, id: number, type: string): [string, number][] {
  return (
    core.db
      .prepare(`SELECT transaction_date AS d, amount FROM savings_transactions t WHERE account_id = ? AND type = ? AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) ORDER BY id`)
      .all(id, type) as { d: string; amount: number }[]
  ).map((r) => [r.d, r.amount]);
}

function glBalance(core: Core, glId: number): number {
  return (core.db.prepare('SELECT coalesce(sum(credit) - sum(debit), 0) AS b FROM journal_lines WHERE gl_account_id = ?').get(glId) as { b: number }).b;
}

describe('savings dormancy over day-ends', () => {
  it('validates the product as Fineract: the three days required when tracking, increasing, and the escheat account', async () => {
    const b = await dayEndSavingsBranch();
    const base = product('Lala', 'LAL', { isDormancyTrackingActive: true });
    expect(await b.manager.err('savingsProducts.create', base as never)).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'daysToInactive' }, { field: 'daysToDormancy' }, { field: 'daysToEscheat' }, { field: 'accountingMapping.escheatLiabilityId' }],
    });
    const mapping = { accountingMapping: { escheatLiabilityId: 14 } };
    expect(await b.manager.err('savingsProducts.create', { ...base, ...mapping, daysToInactive: 30, daysToDormancy: 30, daysToEscheat: 20 } as never)).toMatchObject({
      fields: [{ field: 'daysToDormancy' }, { field: 'daysToEscheat' }],
    });
    expect(await b.manager.err('savingsProducts.create', { ...base, ...mapping, daysToInactive: 0, daysToDormancy: 60, daysToEscheat: 90 } as never)).toMatchObject({ fields: [{ field: 'daysToInactive' }] });
    // Fineract requires the escheat liability account when dormancy is tracked
    expect(await b.manager.err('savingsProducts.create', { ...base, daysToInactive: 30, daysToDormancy: 60, daysToEscheat: 90 } as never)).toMatchObject({
      fields: [{ field: 'accountingMapping.escheatLiabilityId' }],
    });
    const { productId, escheatId } = await dormancyProduct(b);
    expect(await b.admin.ok('savingsProducts.get', { id: productId })).toMatchObject({
      isDormancyTrackingActive: true,
      daysToInactive: 30,
      daysToDormancy: 60,
      daysToEscheat: 90,
      accountingMapping: { escheatLiabilityId: escheatId },
    });
    assertInvariants(b.core);
  });

  it('goes inactive on day 30 (the fee once), dormant on day 60, escheats on day 90; a deposit brings it back', async () => {
    const b = await dayEndSavingsBranch();
    const feeId = await noActivityFee(b);
    const { productId, escheatId } = await dormancyProduct(b, [{ id: feeId }]);
    const a = await openOn(b, productId, '2026-01-01');
    const c = await openOn(b, productId, '2026-01-01');
    await b.admin.ok('savings.deposit', { savingsId: a, transactionAmount: '1000', ...MM });
    await b.admin.ok('savings.deposit', { savingsId: c, transactionAmount: '500', ...MM });

    // 29 January closed, the business date is 30 January: nothing yet; the account page counts the days left to the
    // close that moves it (Fineract's daysToInactive ...: 31 January is 1 day away, 2 March 31, 1 April 61)
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-29' });
    let v = await b.admin.ok('savings.get', { savingsId: a });
    expect(v.subStatus).toMatchObject({ subStatus: 'NONE', lastActiveTransactionDate: '2026-01-01', daysLeftToInactive: 1, daysLeftToDormancy: 31, daysLeftToEscheat: 61 });
    expect((await b.admin.ok('dayEnd.preview', {})).steps.find((s) => s.step === 'dormancy')).toEqual({ step: 'dormancy', count: 0 });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-30' });
    expect(subStatusRows(b.core, a)).toEqual([]);
    // closing 31 January (30 days) makes both inactive, each paying its 50.00 fee dated that day
    expect((await b.admin.ok('dayEnd.preview', {})).steps.find((s) => s.step === 'dormancy')).toEqual({ step: 'dormancy', count: 2 });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-31' });
    expect(subStatusRows(b.core, a)).toEqual([['INACTIVE', '2026-01-31']]);
    expect(liveOfType(b.core, a, 'FEE')).toEqual([['2026-01-31', 5000]]);
    v = await b.admin.ok('savings.get', { savingsId: a });
    expect(v.summary.accountBalance).toBe('950.00');
    // the business date is 1 February: 2 March is 29 days away
    expect(v.subStatus).toMatchObject({ subStatus: 'INACTIVE', since: '2026-01-31', setBy: null, reason: null, daysLeftToInactive: null, daysLeftToDormancy: 29 });
    expect(v.charges.find((ch) => ch.chargeTimeType === 'SAVINGS_NOACTIVITY_FEE')).toMatchObject({ amountPaid: '50.00', amountOutstanding: '0.00' });
    const list = await b.admin.ok('savings.list', { clientId: b.clientId });
    expect(list.map((r) => [r.id, r.subStatus])).toEqual([[c, 'INACTIVE'], [a, 'INACTIVE']]);
    assertInvariants(b.core);

    // 10 February: the client deposits 100.00 on account c: back to NONE (SavingsAccount.deposit), counted from today
    await b.manager.ok('dayEnd.run', { untilDate: '2026-02-09' });
    expect(businessDate(b.core)).toBe('2026-02-10');
    await b.admin.ok('savings.deposit', { savingsId: c, transactionAmount: '100', ...MM });
    expect(subStatusRows(b.core, c)).toEqual([['INACTIVE', '2026-01-31'], ['NONE', '2026-02-10']]);
    expect((await b.admin.ok('savings.list', { clientId: b.clientId })).find((r) => r.id === c)!.subStatus).toBe('NONE');
    assertInvariants(b.core);

    // account a: still inactive on 1 March (59 days), no second fee; dormant when 2 March closes (60 days)
    await b.manager.ok('dayEnd.run', { untilDate: '2026-03-01' });
    expect(subStatusRows(b.core, a)).toEqual([['INACTIVE', '2026-01-31']]);
    await b.manager.ok('dayEnd.run', { untilDate: '2026-03-02' });
    expect(subStatusRows(b.core, a)).toEqual([['INACTIVE', '2026-01-31'], ['DORMANT', '2026-03-02']]);
    expect(liveOfType(b.core, a, 'FEE')).toEqual([['2026-01-31', 5000]]);
    assertInvariants(b.core);

    // account c, idle again from 10 February: inactive when 12 March closes (18 days of February + 12), and it pays
    // the no-activity fee again (each time it goes inactive, as Fineract): 550.00 - 50.00
    await b.manager.ok('dayEnd.run', { untilDate: '2026-03-11' });
    expect(subStatusRows(b.core, c).at(-1)).toEqual(['NONE', '2026-02-10']);
    await b.manager.ok('dayEnd.run', { untilDate: '2026-03-12' });
    expect(subStatusRows(b.core, c).at(-1)).toEqual(['INACTIVE', '2026-03-12']);
    expect(liveOfType(b.core, c, 'FEE')).toEqual([['2026-01-31', 5000], ['2026-03-12', 5000]]);
    expect((await b.admin.ok('savings.get', { savingsId: c })).summary.accountBalance).toBe('500.00');
    assertInvariants(b.core);

    // account a: 31 March is day 89; closing 1 April (day 90) escheats it: its 950.00 to the escheat liability,
    // the account closed that day (SavingsAccount.escheat), sub-status ESCHEAT
    await b.manager.ok('dayEnd.run', { untilDate: '2026-03-31' });
    expect((await b.admin.ok('savings.get', { savingsId: a })).status).toBe('ACTIVE');
    await b.manager.ok('dayEnd.run', { untilDate: '2026-04-01' });
    v = await b.admin.ok('savings.get', { savingsId: a });
    expect(v).toMatchObject({ status: 'CLOSED', timeline: { closedOn: '2026-04-01' }, summary: { accountBalance: '0.00' } });
    expect(v.subStatus).toMatchObject({ subStatus: 'ESCHEAT', since: '2026-04-01', daysLeftToEscheat: null });
    expect(liveOfType(b.core, a, 'ESCHEAT')).toEqual([['2026-04-01', 95000]]);
    expect(v.transactions.at(-1)).toMatchObject({ type: 'ESCHEAT', amount: '950.00', runningBalance: '0.00' });
    expect(glBalance(b.core, escheatId)).toBe(95000);
    expect(subStatusRows(b.core, a).map((r) => r[0])).toEqual(['INACTIVE', 'DORMANT', 'ESCHEAT']);
    // an escheated account takes no more money
    expect(await b.admin.err('savings.deposit', { savingsId: a, transactionAmount: '10', ...MM })).toMatchObject({ code: 'INVALID_STATE' });
    assertInvariants(b.core);
  });

  it('takes an account idle past all three steps the whole way in one day-end, as Fineract runs its three queries in turn', async () => {
    const b = await dayEndSavingsBranch();
    const { productId } = await dormancyProduct(b);
    const a = await openOn(b, productId, '2026-01-01');
    await b.admin.ok('savings.deposit', { savingsId: a, transactionAmount: '200', ...MM });
    // the branch's date moves to 1 April by hand (a day-end catching up would close each day): the close of 1 April
    // finds 90 days since 1 January and passes INACTIVE, DORMANT and ESCHEAT at once
    setBusinessDate(b.core, '2026-04-01');
    await b.manager.ok('dayEnd.run', { untilDate: '2026-04-01' });
    expect(subStatusRows(b.core, a)).toEqual([['INACTIVE', '2026-04-01'], ['DORMANT', '2026-04-01'], ['ESCHEAT', '2026-04-01']]);
    expect(liveOfType(b.core, a, 'ESCHEAT')).toEqual([['2026-04-01', 20000]]);
    assertInvariants(b.core);
    // verify: a faulty command bringing the escheated account back to NONE is caught (savingsEscheat.ts)
    asCommand({ core: b.core, clock: new TestClock(new Date('2026-12-31T08:00:00Z').getTime()) }, 'manager', (ctx) =>
      insertSubStatus(ctx.db, { globalId: 'NRB-savingssubstatus-test', accountId: a, subStatus: 'NONE', since: '2026-04-02', reason: null, createdBy: null, now: ctx.clock.now().toISOString() }),
    );
    const account = (b.core.db.prepare('SELECT account_no FROM savings_accounts WHERE id = ?').get(a) as { account_no: string }).account_no;
    expect(verifyDatabase(b.core.db).faults).toContain(`savings escheat: account ${account} has an escheat transaction but its sub-status is NONE`);
  });
});

describe('dormancy reads through indexes', () => {
  it("day-end's candidates, the last activity, the current sub-status and the list walk indexes: no scan of a growing table, no sort", async () => {
    const b = await dayEndSavingsBranch();
    const { productId } = await dormancyProduct(b);
    const id = await openOn(b, productId, '2026-01-01');
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '100', ...MM });
    await b.manager.ok('savings.blockDebit', { savingsId: id, reason: 'Check' });
    const statements = [
      ...(await statementsOf(b.core, () => b.manager.ok('dayEnd.run', { untilDate: '2026-01-01' }))).statements,
      ...(await statementsOf(b.core, () => b.admin.ok('savings.list', {}))).statements,
      ...(await statementsOf(b.core, () => b.admin.ok('savings.get', { savingsId: id }))).statements,
    ].filter((x) => /savings_account_sub_statuses|isDormancyTrackingActive|ORDER BY t.transaction_date DESC LIMIT 1/.test(x.text));
    // the day-end's candidates, savings.list, savings.get's current sub-status and last activity
    expect(statements.length).toBeGreaterThanOrEqual(4);
    for (const st of statements) {
      const plan = planOf(b.core, st);
      expect(plan.filter((step) => /^SCAN (a|s|t|r|savings_accounts|savings_transactions|savings_account_sub_statuses)\b/.test(step) || step.includes('TEMP B-TREE')), st.text).toEqual([]);
    }
  });
});

describe('block and block-debit (a branch manager)', () => {
  async function activeAccount(): Promise<{ b: DayEndSavings; id: number }> {
    const b = await dayEndSavingsBranch();
    const { productId } = await dormancyProduct(b);
    const id = await openOn(b, productId, '2026-01-01');
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '1000', ...MM });
    return { b, id };
  }

  it('block refuses a deposit and a withdrawal and writes nothing; unblock lets them in again', async () => {
    const { b, id } = await activeAccount();
    // a reason is required to block (Fineract's "Reason For Block is Mandatory")
    expect(await b.manager.err('savings.block', { savingsId: id, reason: '' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'reason' }] });
    expect(await b.manager.ok('savings.block', { savingsId: id, reason: 'Court order 12/2026' })).toEqual({ savingsId: id, subStatus: 'BLOCK' });
    const before = snapshot(b.core);
    expect(await b.admin.err('savings.deposit', { savingsId: id, transactionAmount: '100', ...MM })).toMatchObject({
      code: 'INVALID_STATE',
      fields: [{ field: 'savingsId', code: 'credits_blocked' }],
    });
    expect(await b.admin.err('savings.withdraw', { savingsId: id, transactionAmount: '100', ...MM })).toMatchObject({ fields: [{ field: 'savingsId', code: 'debits_blocked' }] });
    expect(snapshot(b.core)).toBe(before);
    const v = await b.admin.ok('savings.get', { savingsId: id });
    expect(v.subStatus).toMatchObject({ subStatus: 'BLOCK', reason: 'Court order 12/2026', setBy: 'manager', since: '2026-01-01' });
    expect((await b.admin.ok('savings.list', {})).find((r) => r.id === id)!.subStatus).toBe('BLOCK');
    // a blocked account is not tracked: days pass, it stays blocked (only NONE goes inactive)
    await b.manager.ok('dayEnd.run', { untilDate: '2026-02-15' });
    expect(subStatusRows(b.core, id).map((r) => r[0])).toEqual(['BLOCK']);
    // blockDebit of a BLOCK is refused (Fineract's "currently.set")
    expect(await b.manager.err('savings.blockDebit', { savingsId: id, reason: 'x' })).toMatchObject({ fields: [{ field: 'savingsId', code: 'already_blocked' }] });
    assertInvariants(b.core);

    expect(await b.manager.ok('savings.unblock', { savingsId: id, reason: 'Order lifted' })).toEqual({ savingsId: id, subStatus: 'NONE' });
    expect(await b.manager.err('savings.unblock', { savingsId: id })).toMatchObject({ fields: [{ field: 'savingsId', code: 'not_blocked' }] });
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '100', ...MM });
    expect((await b.admin.ok('savings.get', { savingsId: id })).summary.accountBalance).toBe('1100.00');
    assertInvariants(b.core);
  });

  it('block-debit refuses a withdrawal but takes a deposit; only a branch manager sets or lifts it', async () => {
    const { b, id } = await activeAccount();
    await b.admin.ok('users.create', { username: 'teller', password: 'Str0ng-pass-2026', roles: ['TELLER'], displayName: 'teller' });
    const teller = new Caller(b.core);
    await teller.ok('session.login', { username: 'teller', password: 'Str0ng-pass-2026' });
    expect(await teller.err('savings.blockDebit', { savingsId: id, reason: 'Disputed' })).toMatchObject({ code: 'PERMISSION_DENIED' });

    expect(await b.manager.ok('savings.blockDebit', { savingsId: id, reason: 'Disputed withdrawal' })).toEqual({ savingsId: id, subStatus: 'BLOCK_DEBIT' });
    const before = snapshot(b.core);
    expect(await teller.err('savings.withdraw', { savingsId: id, transactionAmount: '100', ...MM })).toMatchObject({
      code: 'INVALID_STATE',
      fields: [{ field: 'savingsId', code: 'debits_blocked' }],
    });
    expect(snapshot(b.core)).toBe(before);
    await teller.ok('savings.deposit', { savingsId: id, transactionAmount: '250', ...MM });
    expect((await b.admin.ok('savings.get', { savingsId: id })).summary.accountBalance).toBe('1250.00');
    // the deposit does not lift a block (only INACTIVE and DORMANT go back to NONE)
    expect((await b.admin.ok('savings.get', { savingsId: id })).subStatus.subStatus).toBe('BLOCK_DEBIT');
    assertInvariants(b.core);

    // a transfer (Fineract's account transfer: a withdrawal and a deposit) out of it is refused naming fromSavingsId,
    // nothing written; into it is taken (100.00 from a second account)
    const { productId } = (b.core.db.prepare('SELECT product_id AS productId FROM savings_accounts WHERE id = ?').get(id) as { productId: number });
    const second = await openOn(b, productId, '2026-01-01');
    await b.admin.ok('savings.deposit', { savingsId: second, transactionAmount: '300', ...MM });
    const beforeTransfer = snapshot(b.core);
    expect(await teller.err('savings.transfer', { fromSavingsId: id, toSavingsId: second, transactionAmount: '100' })).toMatchObject({
      code: 'INVALID_STATE',
      fields: [{ field: 'fromSavingsId', code: 'debits_blocked' }],
    });
    expect(snapshot(b.core)).toBe(beforeTransfer);
    await teller.ok('savings.transfer', { fromSavingsId: second, toSavingsId: id, transactionAmount: '100' });
    expect((await b.admin.ok('savings.get', { savingsId: id })).summary.accountBalance).toBe('1350.00');
    assertInvariants(b.core);

    // block over a block-debit makes a full block; unblocking the debits of a BLOCK leaves its credits blocked
    await b.manager.ok('savings.block', { savingsId: id, reason: 'Fraud check' });
    expect(await b.manager.ok('savings.unblockDebit', { savingsId: id })).toEqual({ savingsId: id, subStatus: 'BLOCK_CREDIT' });
    expect(await teller.err('savings.deposit', { savingsId: id, transactionAmount: '1', ...MM })).toMatchObject({ fields: [{ field: 'savingsId', code: 'credits_blocked' }] });
    expect(await teller.err('savings.transfer', { fromSavingsId: second, toSavingsId: id, transactionAmount: '1' })).toMatchObject({ fields: [{ field: 'toSavingsId', code: 'credits_blocked' }] });
    await teller.ok('savings.withdraw', { savingsId: id, transactionAmount: '50', ...MM });
    expect((await b.admin.ok('savings.get', { savingsId: id })).summary.accountBalance).toBe('1300.00');
    // blockDebit of a BLOCK_CREDIT is a BLOCK again; unblockDebit of a NONE account is refused
    expect(await b.manager.ok('savings.blockDebit', { savingsId: id, reason: 'Again' })).toEqual({ savingsId: id, subStatus: 'BLOCK' });
    await b.manager.ok('savings.unblock', { savingsId: id });
    expect(await b.manager.err('savings.unblockDebit', { savingsId: id })).toMatchObject({ fields: [{ field: 'savingsId', code: 'debits_not_blocked' }] });
    assertInvariants(b.core);
  });
});
