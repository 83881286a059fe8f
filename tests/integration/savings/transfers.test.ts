import { describe, expect, it } from 'vitest';
import { recordTransaction } from '../../../electron/core/services/savings/transactions';
import { transferOfTransaction, undoTransfer } from '../../../electron/core/services/savings/transfers';
import { verifyDatabase } from '../../../electron/core/verify';
import { asCommand } from '../../support/command';
import { assertInvariants, snapshot } from '../../support/core';
import { AKIBA, setBusinessDate, type LendingBranch } from '../../support/lending';
import { openSavings, savingsBranch } from '../../support/savings';
import { allPostings, businessDate, dayEndSavingsBranch, livePostings, openOn, product } from './dayEndBranch';

/**
 * Transfers between savings accounts (savings.transfer; services/savings/transfers.ts), as Fineract's account
 * transfer: a WITHDRAWAL of the source and a DEPOSIT of the destination dated the same, one journal entry (Dr the
 * source's savings control, Cr the destination's), no cash; the withdrawal fee only on a product with
 * withdrawalFeeForTransfers, as Fineract's AccountTransferWithdrawalFeeTest. Every figure is worked by hand beside
 * it; verify's invariants after each scenario.
 */

/** A product without a floor whose withdrawal fee of 100.00 also applies to transfers (Fineract's test product). */
const FEE_ON_TRANSFERS = { ...AKIBA, name: 'Transfer fee', shortName: 'TRF', minRequiredBalance: undefined, enforceMinRequiredBalance: false, withdrawalFee: '100', withdrawalFeeForTransfers: true };

/** The lines of the journal entries posted for a savings transaction: [GL code, debit, credit] in minor units. */
function entryLines(b: { core: LendingBranch['core'] }, transactionId: number): [string, number, number][][] {
  const entries = b.core.db.prepare("SELECT id FROM journal_entries WHERE source_type = 'savings_transaction' AND source_id = ? ORDER BY id").all(transactionId) as { id: number }[];
  return entries.map((e) =>
    (b.core.db.prepare('SELECT a.code, l.debit, l.credit FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id WHERE l.entry_id = ? ORDER BY l.id').all(e.id) as { code: string; debit: number; credit: number }[]).map(
      (l): [string, number, number] => [l.code, l.debit, l.credit],
    ),
  );
}

function count(b: LendingBranch, table: string): number {
  return (b.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

async function balances(b: LendingBranch, ...ids: number[]): Promise<string[]> {
  return Promise.all(ids.map(async (savingsId) => (await b.teller.ok('savings.get', { savingsId })).summary.accountBalance));
}

describe('savings.transfer', () => {
  it('moves money between two accounts of a client exactly as the API example writes it: two legs, one entry, no cash', async () => {
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: 1, transactionAmount: '3000', paymentTypeCode: 'CASH' });
    const second = await openSavings(b, b.savingsProductId);
    expect(second).toBe(2);
    const tillBefore = count(b, 'till_movements');
    const entriesBefore = count(b, 'journal_entries');
    const r = await b.teller.ok('savings.transfer', { fromSavingsId: 1, toSavingsId: 2, transactionAmount: '250' });
    // 3,000.00 - 250.00 = 2,750.00 and 0 + 250.00 = 250.00
    expect(r).toMatchObject({ fromSavingsId: 1, toSavingsId: 2, transactionAmount: '250.00', withdrawalFee: '0.00', fromAccountBalance: '2750.00', toAccountBalance: '250.00' });
    expect(await balances(b, 1, 2)).toEqual(['2750.00', '250.00']);
    // one entry: Dr savings control 250.00, Cr savings control 250.00 (both accounts of Akiba: the same 2100); no till
    expect(count(b, 'journal_entries')).toBe(entriesBefore + 1);
    expect(entryLines(b, r.fromTransactionId)).toEqual([[['2100', 25000, 0], ['2100', 0, 25000]]]);
    expect(entryLines(b, r.toTransactionId)).toEqual([]);
    expect(count(b, 'till_movements')).toBe(tillBefore);
    expect(count(b, 'receipts')).toBe(1); // the deposit's only
    // the statements say where the money went and came from; the legs stay a WITHDRAWAL and a DEPOSIT
    const from = await b.teller.ok('savings.get', { savingsId: 1 });
    const to = await b.teller.ok('savings.get', { savingsId: 2 });
    expect(from.transactions.at(-1)).toMatchObject({ type: 'WITHDRAWAL', amount: '250.00', runningBalance: '2750.00', transfer: { transferId: r.transferId, direction: 'TO', savingsId: 2, accountNo: to.accountNo } });
    expect(from.transactions.at(-1)!.note).toBe(`Transfer to savings ${to.accountNo}`);
    expect(to.transactions).toMatchObject([{ type: 'DEPOSIT', amount: '250.00', runningBalance: '250.00', transfer: { direction: 'FROM', savingsId: 1, accountNo: from.accountNo } }]);
    expect(from.transactions[0]!.transfer).toBeNull();
    expect(transferOfTransaction(b.core.db, r.toTransactionId)).toEqual({ id: r.transferId, fromTransactionId: r.fromTransactionId, toTransactionId: r.toTransactionId });
    expect(transferOfTransaction(b.core.db, from.transactions[0]!.id)).toBeNull();
    // the trial balance: savings deposits still 3,000.00 in all
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((x) => x.glCode === '2100')).toMatchObject({ credit: '3000.00' });
    assertInvariants(b.core);
  });

  it('moves money to another client, from one product\'s savings control to the other\'s', async () => {
    const b = await savingsBranch();
    const { id: control } = await b.admin.ok('accounting.createAccount', { code: '2110', name: 'Group savings deposits', type: 'LIABILITY', parentId: 11, manualEntriesAllowed: false });
    const { id: groupProduct } = await b.manager.ok('savingsProducts.create', { ...AKIBA, name: 'Group savings', shortName: 'GRP', accountingMapping: { savingsControlAccountId: control } } as never);
    const { id: otherClient } = await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Mwangi', mobileNo: '+254700000009' });
    const to = await openSavings(b, groupProduct, otherClient);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '1200', paymentTypeCode: 'CASH' });
    setBusinessDate(b.core, '2026-01-15');
    const r = await b.teller.ok('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '1100', note: 'school fees' });
    // 1,200.00 - 1,100.00 = 100.00: the floor of 100.00 exactly
    expect(r).toMatchObject({ fromAccountBalance: '100.00', toAccountBalance: '1100.00' });
    // Dr 2100 (Akiba's control) 1,100.00, Cr 2110 (the group product's) 1,100.00
    expect(entryLines(b, r.fromTransactionId)).toEqual([[['2100', 110000, 0], ['2110', 0, 110000]]]);
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((x) => x.glCode === '2100')).toMatchObject({ credit: '100.00' });
    expect(tb.rows.find((x) => x.glCode === '2110')).toMatchObject({ credit: '1100.00' });
    const view = await b.teller.ok('savings.get', { savingsId: to });
    expect(view.transactions[0]).toMatchObject({ date: '2026-01-15', transfer: { direction: 'FROM', clientName: 'Amina Odhiambo' } });
    expect(view.transactions[0]!.note).toMatch(/^Transfer from savings \S+: school fees$/);
    const source = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(source.transactions.at(-1)).toMatchObject({ date: '2026-01-15', transfer: { direction: 'TO', clientName: 'Baraka Mwangi' } });
    assertInvariants(b.core);
  });

  it('takes the withdrawal fee as Fineract does: only with withdrawalFeeForTransfers, never a fee tied to a payment type', async () => {
    // Fineract's AccountTransferWithdrawalFeeTest: 30,000 deposited, 15,000 transferred with a 100 withdrawal fee
    const b = await savingsBranch(FEE_ON_TRANSFERS);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '30000', paymentTypeCode: 'CASH' });
    const to = await openSavings(b, b.savingsProductId);
    const r = await b.teller.ok('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '15000' });
    // from = 30,000 - 15,000 - 100 = 14,900; to = 15,000 (Fineract's figures)
    expect(r).toMatchObject({ withdrawalFee: '100.00', fromAccountBalance: '14900.00', toAccountBalance: '15000.00' });
    const from = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(from.transactions.map((t) => [t.type, t.amount, t.runningBalance])).toEqual([
      ['DEPOSIT', '30000.00', '30000.00'],
      ['WITHDRAWAL_FEE', '100.00', '29900.00'],
      ['WITHDRAWAL', '15000.00', '14900.00'],
    ]);
    // the fee is its own transaction and entry (Dr 2100 100.00, Cr fee income 4200 100.00), the transfer its one entry
    const fee = from.transactions[1]!;
    expect(entryLines(b, fee.id)).toEqual([[['2100', 10000, 0], ['4200', 0, 10000]]]);
    expect(entryLines(b, r.fromTransactionId)).toEqual([[['2100', 1500000, 0], ['2100', 0, 1500000]]]);
    expect(from.charges[0]).toMatchObject({ chargeTimeType: 'WITHDRAWAL_FEE', amountPaid: '100.00' });

    // the same product without withdrawalFeeForTransfers: the withdrawal fee stays off transfers (Fineract's default)
    const { id: plain } = await b.manager.ok('savingsProducts.create', { ...FEE_ON_TRANSFERS, name: 'No transfer fee', shortName: 'NTF', withdrawalFeeForTransfers: undefined } as never);
    const p = await openSavings(b, plain);
    await b.teller.ok('savings.deposit', { savingsId: p, transactionAmount: '1000', paymentTypeCode: 'CASH' });
    expect(await b.teller.ok('savings.transfer', { fromSavingsId: p, toSavingsId: to, transactionAmount: '400' })).toMatchObject({ withdrawalFee: '0.00', fromAccountBalance: '600.00', toAccountBalance: '15400.00' });
    // ... while a withdrawal from it pays the fee: 600.00 - 100.00 - 100.00 = 400.00
    expect((await b.teller.ok('savings.withdraw', { savingsId: p, transactionAmount: '100', paymentTypeCode: 'CASH' })).accountBalance).toBe('400.00');

    // a withdrawal fee tied to mobile money is not taken by a transfer (no payment type): 14,900 - 900 = 14,000
    const { id: mobileFee } = await b.manager.ok('charges.create', {
      name: 'Mobile money withdrawal fee', currencyCode: 'KES', chargeAppliesTo: 'SAVINGS', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: '30', paymentTypeCode: 'MOBILE_MONEY',
    } as never);
    await b.manager.ok('savings.addCharge', { savingsId: b.savingsId, chargeId: mobileFee });
    // only the 100.00 fee for every withdrawal: 14,900 - 900 - 100 = 13,900
    expect(await b.teller.ok('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '900' })).toMatchObject({ withdrawalFee: '100.00', fromAccountBalance: '13900.00' });
    assertInvariants(b.core);
  });

  it('is refused whole when the source cannot pay, writing nothing, the error naming transactionAmount', async () => {
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3000', paymentTypeCode: 'CASH' });
    const to = await openSavings(b, b.savingsProductId);
    const before = snapshot(b.core);
    // the floor: 3,000.00 - 100.00 enforced = 2,900.00 at most
    const floor = await b.teller.err('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '2900.01' });
    expect(floor).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionAmount' }], details: { available: '2900.00' } });
    expect(snapshot(b.core)).toBe(before);
    // a backdated transfer that a later withdrawal would leave below the floor, though the balance today could give
    // it: 2,000.00 out on the 20th and back on the 25th (3,000.00 today); 1,000.00 moved on the 10th leaves 2,000.00,
    // and the withdrawal of the 20th then 0.00 < 100.00
    setBusinessDate(b.core, '2026-01-20');
    await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '2000', paymentTypeCode: 'CASH' });
    setBusinessDate(b.core, '2026-01-25');
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '2000', paymentTypeCode: 'CASH' });
    const later = snapshot(b.core);
    const history = await b.teller.err('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '1000', transactionDate: '2026-01-10' });
    expect(history).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionAmount' }], details: { date: '2026-01-20', balance: '0.00' } });
    expect(snapshot(b.core)).toBe(later);
    // the fee counts: 30,000.00 cannot give 29,950.00 and its 100.00 fee
    const f = await savingsBranch(FEE_ON_TRANSFERS);
    await f.teller.ok('savings.deposit', { savingsId: f.savingsId, transactionAmount: '30000', paymentTypeCode: 'CASH' });
    const t2 = await openSavings(f, f.savingsProductId);
    const fBefore = snapshot(f.core);
    expect(await f.teller.err('savings.transfer', { fromSavingsId: f.savingsId, toSavingsId: t2, transactionAmount: '29950' })).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionAmount' }] });
    expect(snapshot(f.core)).toBe(fBefore);
    expect((await f.teller.ok('savings.transfer', { fromSavingsId: f.savingsId, toSavingsId: t2, transactionAmount: '29900' })).fromAccountBalance).toBe('0.00');
    assertInvariants(b.core);
    assertInvariants(f.core);
  });

  it('uses the overdraft as a withdrawal does, the part below zero on the overdraft portfolio; posts once per idempotency key', async () => {
    const b = await savingsBranch({ ...AKIBA, name: 'Overdraft', shortName: 'OD', minRequiredBalance: undefined, enforceMinRequiredBalance: false, allowOverdraft: true, overdraftLimit: '500' });
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '300', paymentTypeCode: 'CASH' });
    const to = await openSavings(b, b.savingsProductId);
    const input = { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '600', idempotencyKey: 'transfer-2026-01-01-a' };
    const r = await b.teller.ok('savings.transfer', input);
    // 300.00 - 600.00 = -300.00: Dr 2100 300.00 (what the balance held), Dr 1230 overdraft portfolio 300.00, Cr 2100 600.00
    expect(r).toMatchObject({ fromAccountBalance: '-300.00', toAccountBalance: '600.00' });
    expect(entryLines(b, r.fromTransactionId)).toEqual([[['2100', 30000, 0], ['1230', 30000, 0], ['2100', 0, 60000]]]);
    // sent again with the same key (a double Enter, a retry): the same answer, nothing more written
    const before = snapshot(b.core);
    expect(await b.teller.ok('savings.transfer', input)).toEqual(r);
    expect(snapshot(b.core)).toBe(before);
    // past the limit: -300.00 - 200.01 < -500.00
    expect(await b.teller.err('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '200.01' })).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionAmount' }] });
    assertInvariants(b.core);
  });

  it('refuses a transfer to itself, from or to an account not active, before the destination opened, naming the field', async () => {
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3000', paymentTypeCode: 'CASH' });
    const { savingsId: pending } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId: b.savingsProductId });
    const before = snapshot(b.core);
    expect(await b.teller.err('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: b.savingsId, transactionAmount: '10' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'toSavingsId', code: 'same_account' }] });
    expect(await b.teller.err('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: pending, transactionAmount: '10' })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'toSavingsId', code: 'not_active' }] });
    expect(await b.teller.err('savings.transfer', { fromSavingsId: pending, toSavingsId: b.savingsId, transactionAmount: '10' })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'fromSavingsId' }] });
    expect(await b.teller.err('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: 99, transactionAmount: '10' })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'toSavingsId' }] });
    expect(await b.teller.err('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: pending, transactionAmount: '0' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'transactionAmount' }] });
    setBusinessDate(b.core, '2026-01-10');
    const late = await openSavings(b, b.savingsProductId);
    const mid = snapshot(b.core);
    expect(await b.teller.err('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: late, transactionAmount: '10', transactionDate: '2026-01-05' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'transactionDate', code: 'too_early' }] });
    expect(snapshot(b.core)).not.toBe(before);
    expect(snapshot(b.core)).toBe(mid);
    assertInvariants(b.core);
  });
});

describe('undoTransfer', () => {
  it('undoes both legs and the fee as a whole: REVERSAL rows, each entry reversed once, the balances as before', async () => {
    const b = await savingsBranch(FEE_ON_TRANSFERS);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '30000', paymentTypeCode: 'CASH' });
    const to = await openSavings(b, b.savingsProductId);
    const r = await b.teller.ok('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '15000' });
    const entries = count(b, 'journal_entries');
    const undone = asCommand(b, 'manager', (ctx) => undoTransfer(ctx, r.transferId, 'typed the wrong account'));
    // 14,900 + 15,000 + 100 = 30,000 back on the source; 15,000 - 15,000 = 0 on the destination
    expect(undone).toEqual({ transferId: r.transferId, fromSavingsId: b.savingsId, toSavingsId: to, fromAccountBalance: '30000.00', toAccountBalance: '0.00' });
    // two entries reversed: the transfer's and the fee's
    expect(count(b, 'journal_entries')).toBe(entries + 2);
    const from = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(from.transactions.map((t) => [t.type, t.amount, t.reversed, t.runningBalance])).toEqual([
      ['DEPOSIT', '30000.00', false, '30000.00'],
      ['WITHDRAWAL_FEE', '100.00', true, '30000.00'],
      ['WITHDRAWAL', '15000.00', true, '30000.00'],
    ]);
    expect(from.charges[0]).toMatchObject({ amountPaid: '0.00' });
    const dest = await b.teller.ok('savings.get', { savingsId: to });
    expect(dest.transactions).toMatchObject([{ type: 'DEPOSIT', reversed: true, transfer: { direction: 'FROM' } }]);
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((x) => x.glCode === '2100')).toMatchObject({ credit: '30000.00' });
    expect(tb.rows.find((x) => x.glCode === '4200') ?? { debit: '0.00', credit: '0.00' }).toMatchObject({ debit: '0.00', credit: '0.00' });
    // a second undo is refused
    const again = snapshot(b.core);
    expect(() => asCommand(b, 'manager', (ctx) => undoTransfer(ctx, r.transferId, null))).toThrow(/already undone/);
    expect(snapshot(b.core)).toBe(again);
    assertInvariants(b.core);
  });

  it('is refused when the destination spent the money: its later running balance would break its floor', async () => {
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3000', paymentTypeCode: 'CASH' });
    const to = await openSavings(b, b.savingsProductId);
    const r = await b.teller.ok('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '1000' });
    // the destination keeps 150.00 of the 1,000.00 (above its floor of 100.00); without the deposit the withdrawal
    // of 850.00 on the 5th would leave -850.00
    setBusinessDate(b.core, '2026-01-05');
    await b.teller.ok('savings.withdraw', { savingsId: to, transactionAmount: '850', paymentTypeCode: 'CASH' });
    const before = snapshot(b.core);
    let error: unknown;
    try {
      asCommand(b, 'manager', (ctx) => undoTransfer(ctx, r.transferId, null));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionId' }], details: { date: '2026-01-05', balance: '-850.00' } });
    expect(snapshot(b.core)).toBe(before);
    // with 1,000.00 deposited (backdated to the 2nd) the history holds without the transfer: 1,000 - 850 = 150.00
    // >= 100.00, and the undo goes through
    await b.teller.ok('savings.deposit', { savingsId: to, transactionAmount: '1000', paymentTypeCode: 'CASH', transactionDate: '2026-01-02' });
    const undone = asCommand(b, 'manager', (ctx) => undoTransfer(ctx, r.transferId, null));
    // 2,000 + 1,000 = 3,000 back; the destination 1,000 + 1,000 - 850 - 1,000 = 150.00
    expect(undone).toMatchObject({ fromAccountBalance: '3000.00', toAccountBalance: '150.00' });
    assertInvariants(b.core);
  });
});

describe('verify', () => {
  it('finds a transfer with one leg reversed and the other live', async () => {
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3000', paymentTypeCode: 'CASH' });
    const to = await openSavings(b, b.savingsProductId);
    const r = await b.teller.ok('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '250' });
    assertInvariants(b.core);
    // a faulty correction reversing the deposit alone (what undoTransfer never does)
    asCommand(b, 'manager', (ctx) => recordTransaction(ctx, to, { type: 'REVERSAL', date: '2026-01-01', amount: 25000, reversesId: r.toTransactionId }));
    expect(verifyDatabase(b.core.db).faults).toContain(`savings transfers: transfer ${r.transferId} has its deposit reversed and its withdrawal live`);
  });
});

describe('transfers and interest', () => {
  it('a transfer backdated over two closed days: both accounts re-posted by the next day-ends from the moved balances', async () => {
    // daily posting and compounding at 7.3 % on 365 days: 0.0002 a day; a day's interest is (end-of-day balance +
    // the unrounded interest of the days before) x 0.0002, rounded to the cent, posted the next day
    const b = await dayEndSavingsBranch();
    const { id: productId } = await b.manager.ok('savingsProducts.create', product('Kila Siku', 'KSD', { interestPostingPeriodType: 'DAILY', interestCompoundingPeriodType: 'DAILY' }) as never);
    const a = await openOn(b, productId, '2026-01-05');
    const { id: other } = await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Mwangi', mobileNo: '+254700000009' });
    const { savingsId: c } = await b.admin.ok('savings.submit', { clientId: other, productId });
    await b.manager.ok('savings.approve', { savingsId: c });
    await b.manager.ok('savings.activate', { savingsId: c });
    await b.admin.ok('savings.deposit', { savingsId: a, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    // closing the 5th to the 7th: A earns 200 (day 5), 200.04 (day 6) -> 2.00 each, posted the 6th and 7th
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-07' });
    expect(livePostings(b.core, a)).toEqual([['2026-01-06', 200], ['2026-01-07', 200]]);
    expect(businessDate(b.core)).toBe('2026-01-08');

    // on the 8th, 4,000.00 moved to the other client's account, dated the 6th
    await b.admin.ok('savings.transfer', { fromSavingsId: a, toSavingsId: c, transactionAmount: '4000', transactionDate: '2026-01-06' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-08' });
    // A: day 5 200 (unchanged); day 6 (600,000 + 200) x 0.0002 = 120.04 -> 1.20 replaces the 2.00 of the 7th;
    // day 7 (600,000 + 320.04) x 0.0002 = 120.064008 -> 1.20 posted the 8th
    expect(livePostings(b.core, a)).toEqual([['2026-01-06', 200], ['2026-01-07', 120], ['2026-01-08', 120]]);
    expect(allPostings(b.core, a)).toEqual([['2026-01-06', 200, false], ['2026-01-07', 200, true], ['2026-01-07', 120, false], ['2026-01-08', 120, false]]);
    // C: day 6 400,000 x 0.0002 = 80 -> 0.80 posted the 7th; day 7 (400,000 + 80) x 0.0002 = 80.016 -> 0.80 the 8th
    expect(livePostings(b.core, c)).toEqual([['2026-01-07', 80], ['2026-01-08', 80]]);
    assertInvariants(b.core);

    // one more day-end: A day 8 (600,000 + 440.104008) x 0.0002 = 120.0880208 -> 1.20; C (400,000 + 160.016) x 0.0002 = 80.0320032 -> 0.80
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-09' });
    expect(livePostings(b.core, a).at(-1)).toEqual(['2026-01-09', 120]);
    expect(livePostings(b.core, c).at(-1)).toEqual(['2026-01-09', 80]);
    // A 10,000 - 4,000 + 2.00 + 1.20 + 1.20 + 1.20 = 6,005.60; C 4,000 + 0.80 x 3 = 4,002.40
    expect((await b.admin.ok('savings.get', { savingsId: a })).summary.accountBalance).toBe('6005.60');
    expect((await b.admin.ok('savings.get', { savingsId: c })).summary.accountBalance).toBe('4002.40');
    assertInvariants(b.core);

    // on the 10th the transfer is undone through savings.undoTransaction, from C's deposit: both legs reversed and
    // both accounts' interest posted again at once from the balances without it. A: day 6 (1,000,000 + 200) x 0.0002
    // = 200.04, day 7 200.080008, day 8 (1,000,000 + 600.120008) x 0.0002 = 200.1200240016 -> 2.00 each, posted the
    // 7th, 8th and 9th; C: nothing (its three 0.80 reversed)
    const deposit = (await b.admin.ok('savings.get', { savingsId: c })).transactions.find((t) => t.type === 'DEPOSIT')!;
    const u = await b.manager.ok('savings.undoTransaction', { savingsId: c, transactionId: deposit.id, note: 'wrong client' });
    expect(u.accountBalance).toBe('0.00');
    expect(livePostings(b.core, a)).toEqual([['2026-01-06', 200], ['2026-01-07', 200], ['2026-01-08', 200], ['2026-01-09', 200]]);
    expect(livePostings(b.core, c)).toEqual([]);
    // A 10,000.00 + 2.00 x 4 = 10,008.00
    expect((await b.admin.ok('savings.get', { savingsId: a })).summary.accountBalance).toBe('10008.00');
    const statement = (await b.admin.ok('savings.get', { savingsId: a })).transactions;
    expect(statement.find((t) => t.type === 'WITHDRAWAL')).toMatchObject({ reversed: true, transfer: { direction: 'TO', savingsId: c } });
    assertInvariants(b.core);
  });

  it('savings.undoTransaction of a leg is refused whole while the destination has spent the money', async () => {
    const b = await savingsBranch(FEE_ON_TRANSFERS);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '30000', paymentTypeCode: 'CASH' });
    const to = await openSavings(b, b.savingsProductId);
    const r = await b.teller.ok('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: to, transactionAmount: '15000' });
    // 15,000.00 - 14,000.00 - 100.00 fee = 900.00 left on the destination; without the transfer -14,100.00
    await b.teller.ok('savings.withdraw', { savingsId: to, transactionAmount: '14000', paymentTypeCode: 'CASH' });
    const before = snapshot(b.core);
    const e = await b.manager.err('savings.undoTransaction', { savingsId: b.savingsId, transactionId: r.fromTransactionId });
    expect(e).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionId' }] });
    expect(snapshot(b.core)).toBe(before);
    // the destination's withdrawal undone first (its fee with it), then the transfer from the source's leg
    await b.manager.ok('savings.undoTransaction', { savingsId: to, transactionId: (await b.teller.ok('savings.get', { savingsId: to })).transactions.find((t) => t.type === 'WITHDRAWAL')!.id });
    const u = await b.manager.ok('savings.undoTransaction', { savingsId: b.savingsId, transactionId: r.fromTransactionId });
    expect(u.undone).toEqual([r.fromTransactionId, r.toTransactionId]);
    // 14,900 + 15,000 + the 100.00 fee back = 30,000.00
    expect(u.accountBalance).toBe('30000.00');
    expect(await balances(b, to)).toEqual(['0.00']);
    assertInvariants(b.core);
  });
});
