import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { assertInvariants, snapshot } from '../../support/core';
import { AKIBA, lendingBranch, setBusinessDate } from '../../support/lending';
import { chargesBranch, openWithCharges, savingsCharge } from './chargesSupport';
import { allPostings, dayEndSavingsBranch, livePostings, openOn, product } from './dayEndBranch';

/**
 * Undo and adjust of savings transactions (issue 16; Fineract's SavingsAccountWritePlatformServiceJpaRepositoryImpl
 * undoTransaction and adjustSavingsTransaction). Figures worked by hand: 7.3 % a year on 365 days is 0.0002 a day;
 * monthly posting and compounding, so a month's interest is the sum of its days' balances x 0.0002, rounded once.
 */
const MWEZI = product('Mwezi', 'MWZ', {});

const tillBalance = (core: Core, username: string): number =>
  (core.db.prepare('SELECT t.balance FROM tills t JOIN users u ON u.id = t.user_id WHERE u.username = ?').get(username) as { balance: number }).balance;

const rows = (core: Core, id: number) =>
  core.db
    .prepare(
      `SELECT t.id, t.type, t.amount, t.note, EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) AS reversed
       FROM savings_transactions t WHERE t.account_id = ? AND t.type <> 'REVERSAL' ORDER BY t.id`,
    )
    .all(id) as { id: number; type: string; amount: number; note: string | null; reversed: number }[];

/** A branch with tills open (lendingBranch) and an active Akiba account of its client, opened by the teller. */
async function tellerWithAccount() {
  const b = await lendingBranch();
  const { id: productId } = await b.manager.ok('savingsProducts.create', AKIBA as never);
  const { savingsId } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId });
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId });
  return { b, savingsId };
}

describe('a teller corrects a mistyped deposit', () => {
  it('undoes their own deposit of the day: the row stays, marked; the cash leaves their till; the entry is reversed', async () => {
    const { b, savingsId } = await tellerWithAccount();
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '500', paymentTypeCode: 'CASH' });
    const till = tillBalance(b.core, 'teller');
    // 5,000 typed instead of 500
    const wrong = await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '5000', paymentTypeCode: 'CASH' });
    expect(tillBalance(b.core, 'teller')).toBe(till + 500000);

    const u = await b.teller.ok('savings.undoTransaction', { savingsId, transactionId: wrong.transactionId, note: 'typed 5,000 for 500' });
    expect(u).toEqual({ savingsId, transactionId: wrong.transactionId, undone: [wrong.transactionId], accountBalance: '500.00' });
    expect(tillBalance(b.core, 'teller')).toBe(till);
    const s = await b.teller.ok('savings.get', { savingsId });
    expect(s.transactions.map((t) => [t.type, t.amount, t.reversed, t.runningBalance])).toEqual([
      ['DEPOSIT', '500.00', false, '500.00'],
      ['DEPOSIT', '5000.00', true, '500.00'],
    ]);
    expect(s.transactions[1]!.undoNote).toBe('Undone: typed 5,000 for 500');
    // the reversal entry: Dr savings control, Cr the teller's till, 5,000.00
    const reversal = b.core.db
      .prepare(
        `SELECT a.code, l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id JOIN gl_accounts a ON a.id = l.gl_account_id
         WHERE e.reversal_of IS NOT NULL AND e.source_type = 'savings_transaction' AND e.source_id = ? ORDER BY l.id`,
      )
      .all(wrong.transactionId) as { code: string; debit: number; credit: number }[];
    expect(reversal.map((l) => l.debit + l.credit)).toEqual([500000, 500000]);
    expect(reversal.reduce((t, l) => t + l.debit - l.credit, 0)).toBe(0);
    // a second undo is refused, naming the transaction
    expect(await b.teller.err('savings.undoTransaction', { savingsId, transactionId: wrong.transactionId })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'transactionId', code: 'already_undone' }] });
    assertInvariants(b.core);
  });

  it('changes the amount: 5,000.00 becomes 500.00, a new deposit with its receipt, the till up by 500.00 in all', async () => {
    const { b, savingsId } = await tellerWithAccount();
    const till = tillBalance(b.core, 'teller');
    const wrong = await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '5000', paymentTypeCode: 'CASH' });
    const a = await b.teller.ok('savings.adjustTransaction', { savingsId, transactionId: wrong.transactionId, transactionAmount: '500' });
    expect(a.accountBalance).toBe('500.00');
    expect(a.undone).toEqual([wrong.transactionId]);
    expect(a.transactionId).toBeGreaterThan(wrong.transactionId);
    expect(a.receipt?.amount).toBe('500.00');
    expect(tillBalance(b.core, 'teller')).toBe(till + 50000);
    expect(rows(b.core, savingsId).map((r) => [r.type, r.amount, r.reversed])).toEqual([
      ['DEPOSIT', 500000, 1],
      ['DEPOSIT', 50000, 0],
    ]);
    const reversal = b.core.db.prepare("SELECT note FROM savings_transactions WHERE type = 'REVERSAL' AND reverses_id = ?").get(wrong.transactionId) as { note: string };
    expect(reversal.note).toBe('Changed to 500.00');
    expect(rows(b.core, savingsId)[1]!.note).toBe(`In place of #${wrong.transactionId}`);
    // only a deposit or a withdrawal can be changed
    assertInvariants(b.core);
  });

  it("needs a branch manager's approval for anything not the teller's own of today, and records who approved", async () => {
    const { b, savingsId } = await tellerWithAccount();
    // the manager's deposit, at the manager's till
    const d = await b.manager.ok('savings.deposit', { savingsId, transactionAmount: '800', paymentTypeCode: 'CASH' });
    let before = snapshot(b.core);
    expect(await b.teller.err('savings.undoTransaction', { savingsId, transactionId: d.transactionId })).toMatchObject({ code: 'APPROVAL_REQUIRED', fields: [{ field: 'approval' }] });
    expect(snapshot(b.core)).toBe(before);
    // a wrong password counts towards the manager's lockout (written after the rollback), nothing else
    expect(await b.teller.err('savings.undoTransaction', { savingsId, transactionId: d.transactionId, approval: { username: 'manager', password: 'wrong-pass-2026' } })).toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    before = snapshot(b.core);
    // a teller cannot approve their own correction
    expect(await b.teller.err('savings.undoTransaction', { savingsId, transactionId: d.transactionId, approval: { username: 'teller', password: 'Str0ng-pass-2026' } })).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(snapshot(b.core)).toBe(before);
    const managerTill = tillBalance(b.core, 'manager');
    const tellerTill = tillBalance(b.core, 'teller');
    await b.teller.ok('savings.undoTransaction', { savingsId, transactionId: d.transactionId, note: 'client changed her mind', approval: { username: 'manager', password: 'Str0ng-pass-2026' } });
    // the cash goes back through the till of whoever corrects: the teller's, not the manager's
    expect(tillBalance(b.core, 'teller')).toBe(tellerTill - 80000);
    expect(tillBalance(b.core, 'manager')).toBe(managerTill);
    const reversal = b.core.db.prepare("SELECT note FROM savings_transactions WHERE type = 'REVERSAL' AND reverses_id = ?").get(d.transactionId) as { note: string };
    expect(reversal.note).toBe('Undone (approved by manager): client changed her mind');
    assertInvariants(b.core);
  });
});

/**
 * A Mwezi account opened on 1 January with 10,000.00, 5,000.00 more on 11 January (`late`), and day-ends through
 * 1 February, which posts January's interest.
 */
async function januaryPosted() {
  const b = await dayEndSavingsBranch();
  const { id: productId } = await b.manager.ok('savingsProducts.create', MWEZI as never);
  const id = await openOn(b, productId, '2026-01-01');
  await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
  setBusinessDate(b.core, '2026-01-11');
  const late = await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '5000', paymentTypeCode: 'MOBILE_MONEY' });
  await b.manager.ok('dayEnd.run', { untilDate: '2026-02-01' });
  return { b, id, late };
}

describe('corrections that change interest already posted', () => {
  it('an undone deposit before January posting re-posts January: 83.00 becomes 62.00', async () => {
    const { b, id, late } = await januaryPosted();
    // January: 10 days at 10,000.00 and 21 at 15,000.00: (1,000,000 x 10 + 1,500,000 x 21) x 0.0002 = 8,300 -> 83.00
    expect(livePostings(b.core, id)).toEqual([['2026-02-01', 8300]]);

    const u = await b.manager.ok('savings.undoTransaction', { savingsId: id, transactionId: late.transactionId });
    // January again: 1,000,000 x 31 x 0.0002 = 6,200 -> 62.00; the 83.00 reversed and kept
    expect(allPostings(b.core, id)).toEqual([
      ['2026-02-01', 8300, true],
      ['2026-02-01', 6200, false],
    ]);
    expect(u.accountBalance).toBe('10062.00');
    assertInvariants(b.core);
    // day-ends carry on from the corrected balance: February (28 days) on 10,062.00 = 2,817,360 x 0.0002 ... posted 1 March
    await b.manager.ok('dayEnd.run', { untilDate: '2026-03-01' });
    // 1,006,200 x 28 x 0.0002 = 5,634.72 -> 56.35
    expect(livePostings(b.core, id)).toEqual([
      ['2026-02-01', 6200],
      ['2026-03-01', 5635],
    ]);
    assertInvariants(b.core);
  });

  it('an adjusted deposit re-posts January: 5,000.00 changed to 500.00 on 11 January makes 64.10', async () => {
    const { b, id, late } = await januaryPosted();
    const a = await b.manager.ok('savings.adjustTransaction', { savingsId: id, transactionId: late.transactionId, transactionAmount: '500' });
    // (1,000,000 x 10 + 1,050,000 x 21) x 0.0002 = 2,000 + 4,410 = 6,410 -> 64.10; the new deposit keeps 11 January
    expect(livePostings(b.core, id)).toEqual([['2026-02-01', 6410]]);
    expect(a.accountBalance).toBe('10564.10');
    const s = await b.manager.ok('savings.get', { savingsId: id });
    expect(s.transactions.filter((t) => t.type === 'DEPOSIT').map((t) => [t.date, t.amount, t.reversed])).toEqual([
      ['2026-01-01', '10000.00', false],
      ['2026-01-11', '5000.00', true],
      ['2026-01-11', '500.00', false],
    ]);
    assertInvariants(b.core);
  });

  it('an undone interest posting is posted again by the next day-end, as Fineract posts it at its next run', async () => {
    const b = await dayEndSavingsBranch();
    const { id: productId } = await b.manager.ok('savingsProducts.create', MWEZI as never);
    const id = await openOn(b, productId, '2026-01-01');
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-02-01' });
    const [posting] = (b.core.db.prepare("SELECT id FROM savings_transactions WHERE account_id = ? AND type = 'INTEREST_POSTING'").all(id) as { id: number }[]);
    const u = await b.manager.ok('savings.undoTransaction', { savingsId: id, transactionId: posting!.id });
    expect(u.accountBalance).toBe('10000.00');
    expect(livePostings(b.core, id)).toEqual([]);
    assertInvariants(b.core);
    await b.manager.ok('dayEnd.run', { untilDate: '2026-02-02' });
    expect(livePostings(b.core, id)).toEqual([['2026-02-01', 6200]]);
    assertInvariants(b.core);
  });
});

describe('corrections that are refused write nothing', () => {
  it('an undo or a change that would take a later balance below the floor; a transaction that is not there', async () => {
    const b = await chargesBranch();
    const savingsId = await openWithCharges(b);
    const d = await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    setBusinessDate(b.core, '2026-01-02');
    await b.teller.ok('savings.withdraw', { savingsId, transactionAmount: '800', paymentTypeCode: 'MOBILE_MONEY' });
    const before = snapshot(b.core);
    // without the deposit the withdrawal of the 2nd leaves -800.00, below the product's 100.00
    const e = await b.manager.err('savings.undoTransaction', { savingsId, transactionId: d.transactionId });
    expect(e).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionId' }] });
    expect(e.message).toContain('-800.00');
    // changed to 850.00 it still leaves 50.00 after the withdrawal
    expect(await b.manager.err('savings.adjustTransaction', { savingsId, transactionId: d.transactionId, transactionAmount: '850' })).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      fields: [{ field: 'transactionAmount' }],
    });
    expect(await b.manager.err('savings.undoTransaction', { savingsId, transactionId: 9999 })).toMatchObject({ fields: [{ field: 'transactionId', code: 'not_found' }] });
    expect(snapshot(b.core)).toBe(before);
    // changed to 900.00 it leaves exactly 100.00: taken
    const ok = await b.manager.ok('savings.adjustTransaction', { savingsId, transactionId: d.transactionId, transactionAmount: '900' });
    expect(ok.accountBalance).toBe('100.00');
    assertInvariants(b.core);
  });

  it('a withdrawal is undone with its fee; a fee cannot be changed, only undone', async () => {
    const b = await chargesBranch();
    const fee = await savingsCharge(b, { chargeTimeType: 'WITHDRAWAL_FEE', amount: '20' });
    const savingsId = await openWithCharges(b, [{ chargeId: fee }]);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '5000', paymentTypeCode: 'MOBILE_MONEY' });
    const w = await b.teller.ok('savings.withdraw', { savingsId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    expect(w.accountBalance).toBe('3980.00');
    const feeRow = rows(b.core, savingsId).find((r) => r.type === 'WITHDRAWAL_FEE')!;
    expect(await b.teller.err('savings.adjustTransaction', { savingsId, transactionId: feeRow.id, transactionAmount: '10' })).toMatchObject({
      fields: [{ field: 'transactionId', code: 'not_adjustable' }],
    });
    const u = await b.teller.ok('savings.undoTransaction', { savingsId, transactionId: w.transactionId });
    expect(u.undone).toEqual([w.transactionId, feeRow.id]);
    expect(u.accountBalance).toBe('5000.00');
    // the fee's income is taken back too
    const s = await b.teller.ok('savings.get', { savingsId });
    expect(s.transactions.map((t) => [t.type, t.reversed])).toEqual([
      ['DEPOSIT', false],
      ['WITHDRAWAL_FEE', true],
      ['WITHDRAWAL', true],
    ]);
    // changed instead of undone: a withdrawal of 600.00 takes its fee again (5,000.00 - 20.00 - 600.00)
    const w2 = await b.teller.ok('savings.withdraw', { savingsId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    const a = await b.teller.ok('savings.adjustTransaction', { savingsId, transactionId: w2.transactionId, transactionAmount: '600' });
    expect(a.accountBalance).toBe('4380.00');
    expect(a.undone).toHaveLength(2);
    assertInvariants(b.core);
  });
});

describe("the issue's calls, exactly as written", () => {
  it('undoes transaction 7 of account 1, and in another branch changes it to 500', async () => {
    for (const call of ['savings.undoTransaction', 'savings.adjustTransaction'] as const) {
      const b = await chargesBranch();
      const savingsId = await openWithCharges(b);
      expect(savingsId).toBe(1);
      // seven deposits of 1,000.00: transactions 1 to 7
      for (let i = 0; i < 7; i += 1) await b.manager.ok('savings.deposit', { savingsId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
      const r =
        call === 'savings.undoTransaction'
          ? await b.manager.raw(call, JSON.parse('{"savingsId":1,"transactionId":7}'))
          : await b.manager.raw(call, JSON.parse('{"savingsId":1,"transactionId":7,"transactionAmount":"500"}'));
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect((r.data as { accountBalance: string }).accountBalance).toBe(call === 'savings.undoTransaction' ? '6000.00' : '6500.00');
      assertInvariants(b.core);
    }
  });
});

describe('a transfer between savings accounts is corrected as a whole', () => {
  it('undoes both legs from either one; refuses to change its amount', async () => {
    const b = await chargesBranch();
    const from = await openWithCharges(b);
    const to = await openWithCharges(b);
    await b.manager.ok('savings.deposit', { savingsId: from, transactionAmount: '3000', paymentTypeCode: 'MOBILE_MONEY' });
    const x = await b.manager.ok('savings.transfer', { fromSavingsId: from, toSavingsId: to, transactionAmount: '250' });
    const legs = rows(b.core, to).filter((r) => r.type === 'DEPOSIT');
    expect(legs).toHaveLength(1);
    expect(await b.manager.err('savings.adjustTransaction', { savingsId: to, transactionId: legs[0]!.id, transactionAmount: '100' })).toMatchObject({
      fields: [{ field: 'transactionId', code: 'transfer_not_adjustable' }],
    });
    // undone from the receiving account's deposit: the sending account's withdrawal goes too
    const u = await b.manager.ok('savings.undoTransaction', { savingsId: to, transactionId: legs[0]!.id, note: 'wrong account' });
    expect(u.accountBalance).toBe('0.00');
    expect(u.undone).toHaveLength(2);
    expect((await b.manager.ok('savings.get', { savingsId: from })).summary.accountBalance).toBe('3000.00');
    expect(x.transferId).toBeGreaterThan(0);
    expect(await b.manager.err('savings.undoTransaction', { savingsId: from, transactionId: rows(b.core, from).find((r) => r.type === 'WITHDRAWAL')!.id })).toMatchObject({
      fields: [{ field: 'transactionId', code: 'already_undone' }],
    });
    assertInvariants(b.core);
  });
});
