import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';
import { OVERDRAFT } from './products';
import { businessDate, chargesBranch, glBalance, openWithCharges, savingsCharge } from './chargesSupport';

/**
 * Charges on savings accounts (issue 15), as Fineract has them: each time type and calculation type, collected by
 * day-end across months, their effect on interest, waivers, payments, undo, and a short balance. Figures are worked
 * by hand in the comments; the Fineract sources are named where a figure or a rule comes from one.
 */
const NO_FLOOR = { ...AKIBA, name: 'Akiba Free', shortName: 'AKF', minRequiredBalance: undefined, enforceMinRequiredBalance: false };

const view = (b: { manager: { ok: (n: 'savings.get', i: { savingsId: number }) => Promise<import('../../../shared/contract').SavingsView> } }, savingsId: number) =>
  b.manager.ok('savings.get', { savingsId });

describe('savings charges: activation and withdrawal fees', () => {
  it('takes the activation fee at activation, dated the activation date (ClientSavingsIntegrationTest: 1,600 less a 100 fee leaves 1,500)', async () => {
    const b = await chargesBranch();
    const fee = await savingsCharge(b, { chargeTimeType: 'SAVINGS_ACTIVATION', amount: '100' });
    const savingsId = await openWithCharges(b, [{ chargeId: fee }]);
    let s = await view(b, savingsId);
    // Branchbox opens an account without a deposit: the fee takes it to -100.00, below zero on the overdraft portfolio
    expect(s.transactions.map((t) => [t.type, t.date, t.amount, t.runningBalance])).toEqual([['FEE', '2026-01-01', '100.00', '-100.00']]);
    expect(glBalance(b.core, '4200')).toBe(-10000); // fee income, credited 100.00
    expect(glBalance(b.core, '1230')).toBe(10000); // the overdraft portfolio, the part below zero
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '1600', paymentTypeCode: 'MOBILE_MONEY' });
    s = await view(b, savingsId);
    expect(s.summary.accountBalance).toBe('1500.00');
    expect(s.charges).toEqual([
      expect.objectContaining({ chargeTimeType: 'SAVINGS_ACTIVATION', amount: '100.00', amountDue: '100.00', amountPaid: '100.00', amountWaived: '0.00', amountOutstanding: '0.00', dueDate: '2026-01-01', nextDueDate: null }),
    ]);
    const chargeId = s.charges[0]!.id;
    // SavingsAccountChargeProcessingServiceImpl: an activation fee is not paid by hand, and a paid one is not waived
    expect(await b.manager.err('savings.payCharge', { savingsId, savingsAccountChargeId: chargeId, amount: '100', dueDate: '2026-01-01' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'savingsAccountChargeId' }] });
    expect(await b.manager.err('savings.waiveCharge', { savingsId, savingsAccountChargeId: chargeId })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'savingsAccountChargeId', code: 'already_paid' }] });
    // and is added only before activation
    expect(await b.manager.err('savings.addCharge', { savingsId, chargeId: fee })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'chargeId' }] });
    assertInvariants(b.core);
  });

  it('refuses an activation whose fee would pass the overdraft limit, naming activatedOnDate and writing nothing', async () => {
    const b = await chargesBranch({ ...OVERDRAFT, withdrawalFee: undefined, overdraftLimit: '50' });
    const fee = await savingsCharge(b, { chargeTimeType: 'SAVINGS_ACTIVATION', amount: '100' });
    const { savingsId } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId: b.productId });
    await b.manager.ok('savings.addCharge', { savingsId, chargeId: fee });
    await b.manager.ok('savings.approve', { savingsId });
    const before = snapshot(b.core);
    const e = await b.manager.err('savings.activate', { savingsId });
    expect(e).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'activatedOnDate' }] });
    expect(snapshot(b.core)).toBe(before);
  });

  it('takes each withdrawal fee that applies: flat on every withdrawal, a % only on its payment type; one the balance cannot give refuses the withdrawal', async () => {
    const b = await chargesBranch();
    const flat = await savingsCharge(b, { chargeTimeType: 'WITHDRAWAL_FEE', amount: '20' });
    // Fineract's enablePaymentType: a 1.5 % fee only on withdrawals by bank transfer
    const byBank = await savingsCharge(b, { chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5', enablePaymentType: true, paymentTypeCode: 'BANK_TRANSFER' });
    const savingsId = await openWithCharges(b, [{ chargeId: flat }, { chargeId: byBank }]);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '5000', paymentTypeCode: 'MOBILE_MONEY' });
    // the screen asks first: 1,234.56 x 1.5 % = 18.5184 -> 18.52, with the flat 20.00
    expect(await b.teller.ok('savings.withdrawalFee', { savingsId, transactionAmount: '1234.56', paymentTypeCode: 'BANK_TRANSFER' })).toMatchObject({
      fee: '38.52',
      fees: [expect.objectContaining({ amount: '20.00' }), expect.objectContaining({ amount: '18.52' })],
    });
    expect((await b.teller.ok('savings.withdrawalFee', { savingsId, transactionAmount: '1234.56', paymentTypeCode: 'MOBILE_MONEY' })).fee).toBe('20.00');
    // 5,000.00 - 20.00 - 18.52 - 1,234.56 = 3,726.92
    let w = await b.teller.ok('savings.withdraw', { savingsId, transactionAmount: '1234.56', paymentTypeCode: 'BANK_TRANSFER' });
    expect(w.accountBalance).toBe('3726.92');
    // by mobile money only the flat fee: 3,726.92 - 20.00 - 100.00 = 3,606.92
    w = await b.teller.ok('savings.withdraw', { savingsId, transactionAmount: '100', paymentTypeCode: 'MOBILE_MONEY' });
    expect(w.accountBalance).toBe('3606.92');
    let s = await view(b, savingsId);
    expect(s.transactions.map((t) => [t.type, t.amount, t.runningBalance])).toEqual([
      ['DEPOSIT', '5000.00', '5000.00'],
      ['WITHDRAWAL_FEE', '20.00', '4980.00'],
      ['WITHDRAWAL_FEE', '18.52', '4961.48'],
      ['WITHDRAWAL', '1234.56', '3726.92'],
      ['WITHDRAWAL_FEE', '20.00', '3706.92'],
      ['WITHDRAWAL', '100.00', '3606.92'],
    ]);
    // a withdrawal fee owes nothing between withdrawals (Fineract keeps its outstanding at 0): due is what was paid
    expect(s.charges.map((c) => [c.chargeTimeType, c.amount, c.percentage, c.paymentType, c.amountDue, c.amountPaid, c.amountOutstanding])).toEqual([
      ['WITHDRAWAL_FEE', '20.00', null, null, '40.00', '40.00', '0.00'],
      ['WITHDRAWAL_FEE', null, '1.5', 'BANK_TRANSFER', '18.52', '18.52', '0.00'],
    ]);
    expect(glBalance(b.core, '4200')).toBe(-5852); // 20.00 + 18.52 + 20.00

    // the product's floor is 100.00, enforced: 3,606.92 - 20.00 fee leaves at most 3,486.92 to withdraw
    const before = snapshot(b.core);
    const e = await b.teller.err('savings.withdraw', { savingsId, transactionAmount: '3486.93', paymentTypeCode: 'MOBILE_MONEY' });
    expect(e).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionAmount' }], details: { fee: '20.00', available: '3486.92' } });
    expect(snapshot(b.core)).toBe(before);
    // and a withdrawal fee is never waived (Fineract: waiver of withdrawal fee not supported)
    expect(await b.manager.err('savings.waiveCharge', { savingsId, savingsAccountChargeId: s.charges[0]!.id })).toMatchObject({ fields: [{ field: 'savingsAccountChargeId', code: 'withdrawal_fee' }] });

    // undoing the 18.52 fee gives it back: 3,606.92 + 18.52 = 3,625.44; income less by as much
    const feeTxn = s.transactions.find((t) => t.amount === '18.52')!;
    expect(feeTxn.charge).toEqual({ id: s.charges[1]!.id, name: s.charges[1]!.name });
    expect((await b.manager.ok('savings.undoTransaction', { savingsId, transactionId: feeTxn.id })).accountBalance).toBe('3625.44');
    s = await view(b, savingsId);
    expect(s.charges[1]).toMatchObject({ amountPaid: '0.00', amountOutstanding: '0.00' });
    expect(glBalance(b.core, '4200')).toBe(-4000);
    expect(await b.manager.err('savings.undoTransaction', { savingsId, transactionId: feeTxn.id })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'transactionId' }] });
    const deposit = s.transactions[0]!;
    expect(await b.manager.err('savings.undoTransaction', { savingsId, transactionId: deposit.id })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'transactionId', code: 'not_a_charge' }] });
    assertInvariants(b.core);
  });
});

describe('savings charges: fees falling due, collected by day-end', () => {
  it('collects specified-due-date, annual, monthly and weekly fees the close after they fall due, dated that close, and interest counts each from its date', async () => {
    const b = await chargesBranch();
    const specified = await savingsCharge(b, { chargeTimeType: 'SPECIFIED_DUE_DATE', amount: '150' });
    const monthly = await savingsCharge(b, { chargeTimeType: 'MONTHLY_FEE', amount: '50', feeOnMonthDay: '15', feeInterval: 1 });
    const weekly = await savingsCharge(b, { chargeTimeType: 'WEEKLY_FEE', amount: '10', feeInterval: 2 });
    const annual = await savingsCharge(b, { chargeTimeType: 'ANNUAL_FEE', amount: '200', feeOnMonthDay: '02-10' });
    const savingsId = await openWithCharges(b);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('savings.addCharge', { savingsId, chargeId: specified, dueDate: '2026-01-20' });
    await b.manager.ok('savings.addCharge', { savingsId, chargeId: monthly });
    // a weekly fee falls on the weekday of the date it is given: Monday 5 January, every 2 weeks
    await b.manager.ok('savings.addCharge', { savingsId, chargeId: weekly, dueDate: '2026-01-05' });
    await b.manager.ok('savings.addCharge', { savingsId, chargeId: annual });
    let s = await view(b, savingsId);
    // first due dates from activation on 1 January (SavingsAccountCharge.getNextDueDateFrom)
    expect(s.charges.map((c) => [c.chargeTimeType, c.nextDueDate])).toEqual([
      ['SPECIFIED_DUE_DATE', '2026-01-20'],
      ['MONTHLY_FEE', '2026-01-15'],
      ['WEEKLY_FEE', '2026-01-05'],
      ['ANNUAL_FEE', '2026-02-10'],
    ]);

    // close every day of January and February and 1 March (the day February's interest is posted)
    await b.manager.ok('dayEnd.run', { untilDate: '2026-03-01' });
    expect(businessDate(b.core)).toBe('2026-03-02');
    s = await view(b, savingsId);
    // Fineract's Pay Due Savings Charges pays a charge once the business date is after its due date, dated that date
    expect(s.transactions.filter((t) => t.type === 'FEE').map((t) => [t.date, t.amount, t.charge!.name])).toEqual([
      ['2026-01-06', '10.00', s.charges[2]!.name], // weekly, due 5 January
      ['2026-01-16', '50.00', s.charges[1]!.name], // monthly, due 15 January
      ['2026-01-20', '10.00', s.charges[2]!.name], // weekly, due 19 January
      ['2026-01-21', '150.00', s.charges[0]!.name], // specified, due 20 January
      ['2026-02-03', '10.00', s.charges[2]!.name], // weekly, due 2 February
      ['2026-02-11', '200.00', s.charges[3]!.name], // annual, due 10 February
      ['2026-02-16', '50.00', s.charges[1]!.name], // monthly, due 15 February
      ['2026-02-17', '10.00', s.charges[2]!.name], // weekly, due 16 February
    ]);
    // Interest (6 %, daily balance, monthly compounding and posting, 365 days), every fee from its date:
    // January: 10,000 x 5 days + 9,990 x 10 + 9,940 x 4 + 9,930 x 1 + 9,780 x 11 = 307,170 balance-days;
    //   307,170 x 0.06 / 365 = 50.4936986... -> 50.49 (without the fees: 10,000 x 31 x 0.06 / 365 = 50.96)
    // February: 9,780 x 2 + 9,770 x 8 + 9,570 x 5 + 9,520 x 1 + 9,510 x 12 = 269,210, and January's unrounded
    //   interest compounded from 1 February: (269,210 + 50.4936986 x 28) x 0.06 / 365 = 44.4861080 -> 44.49
    expect(s.transactions.filter((t) => t.type === 'INTEREST_POSTING').map((t) => [t.date, t.amount])).toEqual([
      ['2026-02-01', '50.49'],
      ['2026-03-01', '44.49'],
    ]);
    // 10,000.00 - 490.00 fees + 50.49 + 44.49
    expect(s.summary.accountBalance).toBe('9604.98');
    expect(s.summary.totalFees).toBe('490.00');
    expect(s.charges.map((c) => [c.chargeTimeType, c.amountDue, c.amountPaid, c.amountOutstanding, c.dueDate, c.nextDueDate])).toEqual([
      ['SPECIFIED_DUE_DATE', '150.00', '150.00', '0.00', '2026-01-20', null],
      ['MONTHLY_FEE', '100.00', '100.00', '0.00', '2026-01-15', '2026-03-15'],
      ['WEEKLY_FEE', '40.00', '40.00', '0.00', '2026-01-05', '2026-03-02'],
      ['ANNUAL_FEE', '200.00', '200.00', '0.00', '2026-02-10', '2027-02-10'],
    ]);
    // Dr savings control, Cr fee income
    expect(glBalance(b.core, '4200')).toBe(-49000);
    assertInvariants(b.core);
  });
});
