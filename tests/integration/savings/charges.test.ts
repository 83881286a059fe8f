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
    // without the 5,000.00 deposit the withdrawals after it would leave the account below its floor (savings/corrections.ts)
    expect(await b.manager.err('savings.undoTransaction', { savingsId, transactionId: deposit.id })).toMatchObject({ code: 'INSUFFICIENT_FUNDS', fields: [{ field: 'transactionId' }] });
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

describe('savings charges: pay, waive, undo', () => {
  it('waives a recurring fee occurrence by occurrence, pays a weekly fee in parts, and undoes a fee and a waiver (ClientSavingsIntegrationTest figures)', async () => {
    const b = await chargesBranch();
    const monthly = await savingsCharge(b, { chargeTimeType: 'MONTHLY_FEE', amount: '100', feeOnMonthDay: '03-04', feeInterval: 2 });
    const weekly = await savingsCharge(b, { chargeTimeType: 'WEEKLY_FEE', amount: '100', feeInterval: 1 });
    const savingsId = await openWithCharges(b);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    // ChargesHelper.getSavingsMonthlyFeeJSON: "04 March" every 2 months; from 1 January 2026 it falls first on 4 March
    const { savingsAccountChargeId: m } = await b.manager.ok('savings.addCharge', { savingsId, chargeId: monthly });
    const { savingsAccountChargeId: w } = await b.manager.ok('savings.addCharge', { savingsId, chargeId: weekly, dueDate: '2026-01-07' });
    setBusinessDate(b.core, '2026-01-10');
    const journalEntries = () => (b.core.db.prepare('SELECT count(*) AS n FROM journal_entries').get() as { n: number }).n;
    const entries = journalEntries();

    // a waiver waives the occurrence the charge is at, even one still to come, and moves it on (SavingsAccountCharge.waive):
    // twice, and amountWaived is twice the amount, as the Fineract test checks
    const w1 = await b.manager.ok('savings.waiveCharge', { savingsId, savingsAccountChargeId: m });
    expect(w1.amountWaived).toBe('100.00');
    await b.manager.ok('savings.waiveCharge', { savingsId, savingsAccountChargeId: m });
    let s = await view(b, savingsId);
    expect(s.charges.find((c) => c.id === m)).toMatchObject({ amountDue: '200.00', amountWaived: '200.00', amountOutstanding: '0.00', nextDueDate: '2026-07-04' });
    expect(s.transactions.filter((t) => t.type === 'WAIVE_CHARGE').map((t) => [t.date, t.amount, t.runningBalance])).toEqual([
      ['2026-01-10', '100.00', '1000.00'],
      ['2026-01-10', '100.00', '1000.00'],
    ]);
    // a waiver moves no money and posts nothing
    expect(s.summary.accountBalance).toBe('1000.00');
    expect(journalEntries()).toBe(entries);

    // the weekly fee is at 7 January: paid in two parts, dated the day given; more than it owes is refused
    expect(await b.manager.err('savings.payCharge', { savingsId, savingsAccountChargeId: w, amount: '100.01', dueDate: '2026-01-10' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'amount', code: 'more_than_due' }],
    });
    await b.manager.ok('savings.payCharge', { savingsId, savingsAccountChargeId: w, amount: '40', dueDate: '2026-01-09' });
    s = await view(b, savingsId);
    expect(s.charges.find((c) => c.id === w)).toMatchObject({ amountPaid: '40.00', amountOutstanding: '60.00', nextDueDate: '2026-01-07' });
    const last = await b.manager.ok('savings.payCharge', { savingsId, savingsAccountChargeId: w, amount: '60', dueDate: '2026-01-10' });
    expect(last.accountBalance).toBe('900.00');
    // paid in full: the next due date is the due date plus feeInterval weeks (the Fineract test's expectedNextDueDate)
    s = await view(b, savingsId);
    expect(s.charges.find((c) => c.id === w)).toMatchObject({ amountDue: '100.00', amountPaid: '100.00', amountOutstanding: '0.00', nextDueDate: '2026-01-14' });
    expect(glBalance(b.core, '4200')).toBe(-10000);

    // undoing the 60.00 part: the occurrence of 7 January owes 60.00 again and the charge is back at it
    const sixty = s.transactions.find((t) => t.type === 'FEE' && t.amount === '60.00')!;
    expect((await b.manager.ok('savings.undoTransaction', { savingsId, transactionId: sixty.id })).accountBalance).toBe('960.00');
    s = await view(b, savingsId);
    expect(s.charges.find((c) => c.id === w)).toMatchObject({ amountPaid: '40.00', amountOutstanding: '60.00', nextDueDate: '2026-01-07' });
    expect(s.transactions.find((t) => t.id === sixty.id)!.reversed).toBe(true);
    expect(glBalance(b.core, '4200')).toBe(-4000);
    // undoing the second waiver: the occurrence of 4 May owes 100.00 again (Fineract's undoWaiver moves the due date back)
    const waiver = s.transactions.filter((t) => t.type === 'WAIVE_CHARGE').at(-1)!;
    await b.manager.ok('savings.undoTransaction', { savingsId, transactionId: waiver.id });
    s = await view(b, savingsId);
    expect(s.charges.find((c) => c.id === m)).toMatchObject({ amountWaived: '100.00', amountOutstanding: '100.00', nextDueDate: '2026-05-04' });
    expect(s.summary.accountBalance).toBe('960.00');
    assertInvariants(b.core);
  });

  it('pays an annual fee only from its due date and once a date (SavingsAccountChargeProcessingServiceImpl.payCharge); refusals name the field and write nothing', async () => {
    const b = await chargesBranch();
    const annual = await savingsCharge(b, { chargeTimeType: 'ANNUAL_FEE', amount: '100', feeOnMonthDay: '01-15' });
    const loanFee = (await b.manager.ok('charges.create', { name: 'Field visit fee', currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: 'SPECIFIED_DUE_DATE', chargeCalculationType: 'FLAT', amount: '150', penalty: false } as never)).id;
    const specified = await savingsCharge(b, { chargeTimeType: 'SPECIFIED_DUE_DATE', amount: '150' });
    const monthly = await savingsCharge(b, { chargeTimeType: 'MONTHLY_FEE', amount: '10', feeOnMonthDay: '15', feeInterval: 1 });
    setBusinessDate(b.core, '2026-01-05');
    const savingsId = await openWithCharges(b);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    const before = snapshot(b.core);
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ chargeId: 999 }, 'VALIDATION_FAILED', 'chargeId'],
      [{ chargeId: loanFee }, 'VALIDATION_FAILED', 'chargeId'],
      [{ chargeId: specified }, 'VALIDATION_FAILED', 'dueDate'],
      // not before activation (5 January)
      [{ chargeId: specified, dueDate: '2026-01-04' }, 'VALIDATION_FAILED', 'dueDate'],
      [{ chargeId: annual, feeOnMonthDay: '13-01' }, 'VALIDATION_FAILED', 'feeOnMonthDay'],
      [{ chargeId: monthly, feeInterval: 13 }, 'VALIDATION_FAILED', 'feeInterval'],
      [{ chargeId: specified, dueDate: '2026-01-20', amount: '-5' }, 'VALIDATION_FAILED', 'amount'],
    ];
    for (const [input, code, field] of refusals) {
      expect(await b.manager.err('savings.addCharge', { savingsId, ...input }), JSON.stringify(input)).toMatchObject({ code, fields: [{ field }] });
    }
    // a teller may neither add, pay nor waive a charge
    expect((await b.teller.err('savings.addCharge', { savingsId, chargeId: annual })).code).toBe('PERMISSION_DENIED');
    expect(snapshot(b.core)).toBe(before);

    const { savingsAccountChargeId: a } = await b.manager.ok('savings.addCharge', { savingsId, chargeId: annual });
    // a second annual fee is refused (one per account)
    expect(await b.manager.err('savings.addCharge', { savingsId, chargeId: annual })).toMatchObject({ fields: [{ field: 'chargeId', code: 'one_annual_fee' }] });
    expect((await view(b, savingsId)).charges[0]).toMatchObject({ nextDueDate: '2026-01-15' });
    setBusinessDate(b.core, '2026-01-20');
    expect(await b.manager.err('savings.payCharge', { savingsId, savingsAccountChargeId: a, amount: '100', dueDate: '2026-01-14' })).toMatchObject({ fields: [{ field: 'dueDate' }] });
    expect(await b.manager.err('savings.payCharge', { savingsId, savingsAccountChargeId: a, amount: '100', dueDate: '2026-01-21' })).toMatchObject({ fields: [{ field: 'dueDate', code: 'after_business_date' }] });
    expect(await b.manager.err('savings.payCharge', { savingsId, savingsAccountChargeId: 999, amount: '100', dueDate: '2026-01-15' })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'savingsAccountChargeId' }] });
    await b.manager.ok('savings.payCharge', { savingsId, savingsAccountChargeId: a, amount: '100', dueDate: '2026-01-15' });
    const s = await view(b, savingsId);
    expect(s.charges[0]).toMatchObject({ amountPaid: '100.00', nextDueDate: '2027-01-15' });
    expect(s.summary.accountBalance).toBe('900.00');
    assertInvariants(b.core);
  });
});

describe('savings charges: a balance that cannot give the fee', () => {
  it('takes a due fee below zero on an account without overdraft, and leaves one past the overdraft limit due until a deposit covers it', async () => {
    const b = await chargesBranch(NO_FLOOR);
    const { id: odProduct } = await b.manager.ok('savingsProducts.create', { ...OVERDRAFT, withdrawalFee: undefined, nominalAnnualInterestRateOverdraft: undefined } as never);
    const fee = await savingsCharge(b, { chargeTimeType: 'SPECIFIED_DUE_DATE', amount: '300' });
    const plain = await openWithCharges(b);
    const od = await openWithCharges(b, [], odProduct);
    await b.teller.ok('savings.deposit', { savingsId: od, transactionAmount: '100', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('savings.addCharge', { savingsId: plain, chargeId: fee, dueDate: '2026-01-02' });
    await b.manager.ok('savings.addCharge', { savingsId: od, chargeId: fee, dueDate: '2026-01-02' });
    await b.manager.ok('savings.addCharge', { savingsId: od, chargeId: fee, dueDate: '2026-01-05' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-09' });
    // Fineract's canOverriteSavingAccountRules: a fee the branch takes by itself goes below zero (-300.00)
    let s = await view(b, plain);
    expect(s.transactions.map((t) => [t.type, t.date, t.runningBalance])).toEqual([['FEE', '2026-01-03', '-300.00']]);
    // the overdraft account (limit 500.00): 100.00 - 300.00 = -200.00 on 3 January, then -500.00, at the limit
    s = await view(b, od);
    expect(s.transactions.map((t) => [t.type, t.date, t.runningBalance])).toEqual([
      ['DEPOSIT', '2026-01-01', '100.00'],
      ['FEE', '2026-01-03', '-200.00'],
      ['FEE', '2026-01-06', '-500.00'],
    ]);
    const third = await b.manager.ok('savings.addCharge', { savingsId: od, chargeId: fee, dueDate: '2026-01-12' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-15' });
    // past the limit: -800.00 would pass -500.00, so each close leaves it due (the newest PayDueSavingsChargesTasklet skips it)
    s = await view(b, od);
    expect(s.transactions.filter((t) => t.type === 'FEE')).toHaveLength(2);
    expect(s.charges.find((c) => c.id === third.savingsAccountChargeId)).toMatchObject({ amountDue: '300.00', amountPaid: '0.00', amountOutstanding: '300.00', nextDueDate: '2026-01-12' });
    await b.teller.ok('savings.deposit', { savingsId: od, transactionAmount: '400', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-16' });
    s = await view(b, od);
    expect(s.transactions.at(-1)).toMatchObject({ type: 'FEE', date: '2026-01-16', amount: '300.00', runningBalance: '-400.00' });
    expect(s.charges.find((c) => c.id === third.savingsAccountChargeId)).toMatchObject({ amountOutstanding: '0.00', nextDueDate: null });
    // the overdraft portfolio takes each fee's part below zero (a deposit credits savings control, as every deposit):
    // 300.00 on the plain account, 200.00 + 300.00 + 300.00 on the overdraft one
    expect(glBalance(b.core, '1230')).toBe(110000);
    assertInvariants(b.core);
  });
});

describe("savings charges: the product's charges", () => {
  it('gives a new account its product\'s catalogue charges at submission, its recurring fees their first due dates at activation', async () => {
    const b = await chargesBranch();
    const annual = await savingsCharge(b, { chargeTimeType: 'ANNUAL_FEE', amount: '200', feeOnMonthDay: '02-10' });
    const monthly = await savingsCharge(b, { chargeTimeType: 'MONTHLY_FEE', amount: '50', feeOnMonthDay: '31', feeInterval: 1 });
    const weekly = await savingsCharge(b, { chargeTimeType: 'WEEKLY_FEE', amount: '10', feeInterval: 1 });
    const withdrawal = await savingsCharge(b, { chargeTimeType: 'WITHDRAWAL_FEE', amount: '15' });
    const specified = await savingsCharge(b, { chargeTimeType: 'SPECIFIED_DUE_DATE', amount: '150' });
    const { id: productId } = await b.manager.ok('savingsProducts.create', {
      ...NO_FLOOR,
      name: 'Akiba Plus',
      shortName: 'AKP',
      charges: [{ id: annual }, { id: monthly }, { id: weekly }, { id: withdrawal }, { id: specified }],
    } as never);
    // submitted on Wednesday 7 January: a weekly fee, which Fineract cannot take without a date, falls on Wednesdays
    setBusinessDate(b.core, '2026-01-07');
    const { savingsId } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId });
    let s = await view(b, savingsId);
    // the specified-due-date charge is left out (SavingsAccountChargeAssembler.fromSavingsProduct): it needs its date
    expect(s.charges.map((c) => [c.chargeTimeType, c.amount, c.nextDueDate])).toEqual([
      ['ANNUAL_FEE', '200.00', null],
      ['MONTHLY_FEE', '50.00', null],
      ['WEEKLY_FEE', '10.00', '2026-01-07'],
      ['WITHDRAWAL_FEE', '15.00', null],
    ]);
    await b.manager.ok('savings.approve', { savingsId });
    setBusinessDate(b.core, '2026-01-31');
    await b.manager.ok('savings.activate', { savingsId });
    s = await view(b, savingsId);
    // from 31 January: the annual fee on 10 February; the monthly one on the 31st or the month's last day (31 January
    // itself); the weekly one on the first Wednesday from then, 4 February
    expect(s.charges.map((c) => [c.chargeTimeType, c.nextDueDate])).toEqual([
      ['ANNUAL_FEE', '2026-02-10'],
      ['MONTHLY_FEE', '2026-01-31'],
      ['WEEKLY_FEE', '2026-02-04'],
      ['WITHDRAWAL_FEE', null],
    ]);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    // closing 31 January to 28 February: monthly 31 Jan (on 1 Feb), weekly 4, 11, 18, 25 Feb (5, 12, 19, 26),
    // annual 10 Feb (11), monthly 28 Feb (31st, February's last day) not before the 28th: next close
    await b.manager.ok('dayEnd.run', { untilDate: '2026-02-28' });
    s = await view(b, savingsId);
    expect(s.transactions.filter((t) => t.type === 'FEE').map((t) => [t.date, t.amount])).toEqual([
      ['2026-02-01', '50.00'],
      ['2026-02-05', '10.00'],
      ['2026-02-11', '200.00'],
      ['2026-02-12', '10.00'],
      ['2026-02-19', '10.00'],
      ['2026-02-26', '10.00'],
    ]);
    expect(s.charges.map((c) => [c.chargeTimeType, c.nextDueDate])).toEqual([
      ['ANNUAL_FEE', '2027-02-10'],
      ['MONTHLY_FEE', '2026-02-28'],
      ['WEEKLY_FEE', '2026-03-04'],
      ['WITHDRAWAL_FEE', null],
    ]);
    assertInvariants(b.core);
  });
});

describe('savings charges: day-end cut short', () => {
  it('takes each fee once when the close is cut inside its savings step and run again', async () => {
    let armed = true;
    const b = await chargesBranch(AKIBA, {
      dayEnd: (p) => {
        if (armed && p === '2026-01-16:savings:0:inside') {
          armed = false;
          throw new Error(`power cut at ${p}`);
        }
      },
    });
    const monthly = await savingsCharge(b, { chargeTimeType: 'MONTHLY_FEE', amount: '50', feeOnMonthDay: '15', feeInterval: 1 });
    const savingsId = await openWithCharges(b, [{ chargeId: monthly }]);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    expect((await b.manager.raw('dayEnd.run', { untilDate: '2026-01-20' })).ok).toBe(false);
    // the chunk that took the fee of 15 January did not commit
    expect(businessDate(b.core)).toBe('2026-01-16');
    expect((await view(b, savingsId)).transactions.filter((t) => t.type === 'FEE')).toEqual([]);
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-20' });
    const s = await view(b, savingsId);
    expect(s.transactions.filter((t) => t.type === 'FEE').map((t) => [t.date, t.amount])).toEqual([['2026-01-16', '50.00']]);
    expect(s.charges[0]).toMatchObject({ amountPaid: '50.00', nextDueDate: '2026-02-15' });
    assertInvariants(b.core);
  });
});
