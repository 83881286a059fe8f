import { describe, expect, it } from 'vitest';
import { loanChargesFault } from '../../../electron/core/verify/loanCharges';
import { assertInvariants, snapshot } from '../../support/core';
import { activeLoan, BIASHARA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * Charges on loans (issue 15; services/charges/README.md "Loan charges"): the schedule's charges recorded at
 * disbursement, loans.addCharge, per-charge waivers and their undo, the per-charge figures and the schedule figures
 * of loans.get, and the waiver replay (Fineract applies waived amounts before it replays payments).
 *
 * The loan of most scenarios, worked by hand: 12,000.00 flat at 24 % a year (2 % a month) over 4 months from
 * 2026-01-05: interest 12,000 x 2 % = 240.00 a month (960.00 in all), principal 3,000.00 a month; installments due
 * 2026-02-05, 03-05, 04-05, 05-05, each 3,240.00 before fees.
 */
const FLAT4 = {
  ...BIASHARA,
  name: 'Flat four months',
  shortName: 'F4',
  principal: '12000',
  minPrincipal: '1000',
  numberOfRepayments: 4,
  interestType: 'FLAT',
};

let chargeSeq = 0;

/** A loan charge in the catalogue (charges.create), KES. */
async function catalogueCharge(
  b: LendingBranch,
  c: { timeType: string; calc?: string; amount: string; penalty?: boolean; name?: string; minCap?: string; maxCap?: string },
): Promise<number> {
  const { id } = await b.admin.ok('charges.create', {
    name: c.name ?? `Charge ${++chargeSeq}`,
    currencyCode: 'KES',
    chargeAppliesTo: 'LOAN',
    chargeTimeType: c.timeType,
    chargeCalculationType: c.calc ?? 'FLAT',
    amount: c.amount,
    penalty: c.penalty ?? false,
    ...(c.minCap !== undefined ? { minCap: c.minCap } : {}),
    ...(c.maxCap !== undefined ? { maxCap: c.maxCap } : {}),
  } as never);
  return id;
}

const money = (s: string) => Math.round(Number(s) * 100);

describe('schedule charges recorded at disbursement', () => {
  it('records each disbursement fee and installment fee with its own figures, flat and every percentage', async () => {
    // hand-worked (domain charges.ts, Fineract's LoanScheduleParams / Money.percentageOf):
    //   at disbursement: flat 300.00; 1.5 % of 12,000 = 180.00; 1 % of (12,000 + 960) = 129.60; 10 % of 960 = 96.00
    //   = 705.60 collected;
    //   each installment: flat 50.00; 1 % of its 3,000 principal = 30.00; 0.5 % of 3,240 = 16.20; 5 % of its
    //   240 interest = 12.00: fee_due 108.20 on each of the four.
    const b = await lendingBranch({
      ...FLAT4,
      charges: [
        { name: 'Processing', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'FLAT', amount: '300' },
        { name: 'Insurance', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5' },
        { name: 'Stamp', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT_AND_INTEREST', amount: '1' },
        { name: 'Levy', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_INTEREST', amount: '10' },
        { name: 'Ledger', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' },
        { name: 'Cover', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1' },
        { name: 'Service', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT_AND_INTEREST', amount: '0.5' },
        { name: 'Interest levy', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'PERCENT_OF_INTEREST', amount: '5' },
      ],
    });
    // before disbursement, the charges show what they will come to
    setBusinessDate(b.core, '2026-01-05');
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    const pending = await b.manager.ok('loans.get', { loanId });
    expect(pending.charges.map((c) => [c.name, c.loanChargeId, c.amount])).toEqual([
      ['Processing', null, '300.00'],
      ['Insurance', null, '180.00'],
      ['Stamp', null, '129.60'],
      ['Levy', null, '96.00'],
      ['Ledger', null, '200.00'],
      ['Cover', null, '120.00'],
      ['Service', null, '64.80'],
      ['Interest levy', null, '48.00'],
    ]);
    await b.manager.ok('loans.approve', { loanId });
    await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.summary.feeChargesPaid).toBe('705.60');
    expect(loan.periods.map((p) => p.feeChargesDue)).toEqual(['108.20', '108.20', '108.20', '108.20']);
    const byName = new Map(loan.charges.map((c) => [c.name, c]));
    expect(byName.get('Stamp')).toMatchObject({
      chargeTimeType: 'DISBURSEMENT',
      chargeCalculationType: 'PERCENT_OF_AMOUNT_AND_INTEREST',
      percentage: '1',
      amount: '129.60',
      dueDate: '2026-01-05',
      amountPaid: '129.60',
      amountOutstanding: '0.00',
      installments: [],
    });
    expect(byName.get('Service')).toMatchObject({ amount: '64.80', dueDate: null, amountPaid: '0.00', amountOutstanding: '64.80' });
    expect(byName.get('Service')!.installments.map((i) => [i.installmentNumber, i.dueDate, i.amount])).toEqual([
      [1, '2026-02-05', '16.20'],
      [2, '2026-03-05', '16.20'],
      [3, '2026-04-05', '16.20'],
      [4, '2026-05-05', '16.20'],
    ]);
    // a payment of 3,300.00 on time: installment 1's fees (108.20) first, as mifos-standard pays fees before
    // interest and principal; inside the installment the charges take it in due-date order, then by id
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '3300' });
    const after = await b.manager.ok('loans.get', { loanId });
    for (const name of ['Ledger', 'Cover', 'Service', 'Interest levy']) {
      const c = after.charges.find((x) => x.name === name)!;
      expect(c.installments[0]!.amountOutstanding).toBe('0.00');
      expect(c.installments[1]!.amountPaid).toBe('0.00');
    }
    assertInvariants(b.core);

    // undo disbursal: the loan's charges are gone with its schedule
    setBusinessDate(b.core, '2026-02-06');
    const repayment = after.transactions.find((t) => t.type === 'REPAYMENT')!;
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: repayment.id, transactionAmount: '0' });
    await b.manager.ok('loans.undoDisbursal', { loanId });
    const active = b.core.db.prepare('SELECT count(*) AS n FROM loan_charges WHERE loan_id = ? AND active = 1').get(loanId) as { n: number };
    expect(active.n).toBe(0);
    assertInvariants(b.core);
  });
});

describe('loans.addCharge', () => {
  it('adds a flat specified-due-date fee on the installment whose period holds the date (the README call)', async () => {
    const b = await lendingBranch(FLAT4);
    const loanId = await activeLoan(b, '2026-01-05');
    const chargeId = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', amount: '150', name: 'Field visit fee' });
    setBusinessDate(b.core, '2026-02-20');
    // 2026-03-05 is installment 2's due date: its period is (02-05, 03-05]
    const r = await b.manager.ok('loans.addCharge', { loanId, chargeId, amount: '150', dueDate: '2026-03-05' });
    expect(r.status).toBe('ACTIVE');
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.periods.map((p) => p.feeChargesDue)).toEqual(['0.00', '150.00', '0.00', '0.00']);
    expect(loan.charges).toEqual([
      expect.objectContaining({ loanChargeId: r.loanChargeId, chargeId, name: 'Field visit fee', chargeTimeType: 'SPECIFIED_DUE_DATE', penalty: false, percentage: null, amount: '150.00', dueDate: '2026-03-05', amountOutstanding: '150.00' }),
    ]);
    // a due date on the disbursement date lands on installment 1 (the first period includes its from date)
    await b.manager.ok('loans.addCharge', { loanId, chargeId, dueDate: '2026-01-05' });
    const again = await b.manager.ok('loans.get', { loanId });
    expect(again.periods[0]!.feeChargesDue).toBe('150.00');
    assertInvariants(b.core);
  });

  it('computes a percentage as Fineract does for a specified-due-date charge, and a penalty goes to penalties', async () => {
    // 2 % of the principal 12,000 = 240.00; 1 % of principal and interest (12,000 + 960) = 129.60; 2.5 % of the
    // interest 960 = 24.00 (LoanCharge.percentageOf: 8 significant digits, then the currency's 2 places)
    const b = await lendingBranch(FLAT4);
    const loanId = await activeLoan(b, '2026-01-05');
    const ofAmount = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', calc: 'PERCENT_OF_AMOUNT', amount: '2' });
    const ofBoth = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', calc: 'PERCENT_OF_AMOUNT_AND_INTEREST', amount: '1', penalty: true });
    const ofInterest = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', calc: 'PERCENT_OF_INTEREST', amount: '3' });
    setBusinessDate(b.core, '2026-02-20');
    await b.manager.ok('loans.addCharge', { loanId, chargeId: ofAmount, dueDate: '2026-02-20' });
    await b.manager.ok('loans.addCharge', { loanId, chargeId: ofBoth, dueDate: '2026-02-20' });
    // the amount given is the percentage of a percentage charge
    await b.manager.ok('loans.addCharge', { loanId, chargeId: ofInterest, amount: '2.5', dueDate: '2026-04-01' });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.charges.map((c) => [c.chargeCalculationType, c.percentage, c.amount, c.penalty])).toEqual([
      ['PERCENT_OF_AMOUNT', '2', '240.00', false],
      ['PERCENT_OF_AMOUNT_AND_INTEREST', '1', '129.60', true],
      ['PERCENT_OF_INTEREST', '2.5', '24.00', false],
    ]);
    expect(loan.periods[1]).toMatchObject({ feeChargesDue: '240.00', penaltyChargesDue: '129.60' });
    expect(loan.periods[2]).toMatchObject({ feeChargesDue: '24.00', penaltyChargesDue: '0.00' });
    expect(loan.summary.penaltyChargesCharged).toBe('129.60');
    assertInvariants(b.core);
  });

  it('adds installment N+1 for a charge due after the last installment, and moves its due date for a later one', async () => {
    // Fineract (addChargeOnlyRepaymentInstallmentIfRequired): a charge due after the last installment adds one from
    // the last due date (2026-05-05) to the charge's date, with no principal or interest; a second charge after it
    // moves that added installment's due date
    const b = await lendingBranch(FLAT4);
    const loanId = await activeLoan(b, '2026-01-05');
    const chargeId = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', amount: '150' });
    setBusinessDate(b.core, '2026-03-01');
    await b.manager.ok('loans.addCharge', { loanId, chargeId, dueDate: '2026-06-10' });
    let loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.periods).toHaveLength(5);
    expect(loan.periods[4]).toMatchObject({ period: 5, fromDate: '2026-05-05', dueDate: '2026-06-10', principalDue: '0.00', interestDue: '0.00', feeChargesDue: '150.00', totalDueForPeriod: '150.00' });
    expect(loan.summary.totalOutstanding).toBe('13110.00'); // 12,000 + 960 + 150
    await b.manager.ok('loans.addCharge', { loanId, chargeId, amount: '50', dueDate: '2026-07-01' });
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.periods).toHaveLength(5);
    expect(loan.periods[4]).toMatchObject({ fromDate: '2026-05-05', dueDate: '2026-07-01', feeChargesDue: '200.00' });
    // the whole loan paid: the added installment is paid last, and the loan closes
    setBusinessDate(b.core, '2026-07-01');
    const paid = await b.teller.ok('loans.repay', { loanId, transactionAmount: '13160' });
    expect(paid.status).toBe('CLOSED_OBLIGATIONS_MET');
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.charges.map((c) => c.amountPaid)).toEqual(['150.00', '50.00']);
    assertInvariants(b.core);
  });

  it('reopens a closed loan, whose payments re-allocate over the new charge', async () => {
    const b = await lendingBranch(FLAT4);
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-01');
    const closed = await b.teller.ok('loans.repay', { loanId, transactionAmount: '12960' });
    expect(closed.status).toBe('CLOSED_OBLIGATIONS_MET');
    const chargeId = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', amount: '100' });
    const r = await b.manager.ok('loans.addCharge', { loanId, chargeId, dueDate: '2026-02-01' });
    expect(r.status).toBe('ACTIVE');
    const loan = await b.manager.ok('loans.get', { loanId });
    // the early payment now pays installment 1's fee first: 100.00 of the last principal stays owed
    expect(loan.summary.totalOutstanding).toBe('100.00');
    expect(loan.charges[0]).toMatchObject({ amountPaid: '100.00', amountOutstanding: '0.00' });
    expect(loan.periods[3]!.principalOutstanding).toBe('100.00');
    assertInvariants(b.core);
  });

  it('refuses what Fineract refuses, naming the field, and writes nothing', async () => {
    const b = await lendingBranch(FLAT4);
    const loanId = await activeLoan(b, '2026-01-05');
    const overdue = await catalogueCharge(b, { timeType: 'OVERDUE_INSTALLMENT', calc: 'PERCENT_OF_AMOUNT', amount: '2', penalty: true });
    const atDisbursement = await catalogueCharge(b, { timeType: 'DISBURSEMENT', amount: '100' });
    const specified = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', amount: '100' });
    setBusinessDate(b.core, '2026-02-01');
    const before = snapshot(b.core);
    const refused = async (input: Record<string, unknown>, field: string) => {
      const r = await b.manager.raw('loans.addCharge', { loanId, ...input });
      expect(r).toMatchObject({ ok: false });
      expect((r as { error: { fields?: { field: string }[] } }).error.fields?.map((f) => f.field)).toContain(field);
    };
    await refused({ chargeId: overdue, dueDate: '2026-02-01' }, 'chargeId');
    await refused({ chargeId: atDisbursement, dueDate: '2026-02-01' }, 'chargeId');
    await refused({ chargeId: specified }, 'dueDate');
    await refused({ chargeId: specified, dueDate: '2026-01-04' }, 'dueDate');
    await refused({ chargeId: 999 }, 'chargeId');
    await refused({ chargeId: specified, dueDate: '2026-02-01', amount: '-5' }, 'amount');
    expect(snapshot(b.core)).toBe(before);
    // a teller may not add a charge
    const teller = await b.teller.raw('loans.addCharge', { loanId, chargeId: specified, dueDate: '2026-02-01' });
    expect(teller).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });
});

describe('installment fees added to a disbursed loan, and payments around charges', () => {
  it('adds an installment fee on every installment, flat and as a percentage of interest', async () => {
    // flat 20.00 on each of the 4 installments = 80.00; 10 % of each installment's 240.00 interest = 24.00, 96.00 in
    // all (Fineract's LoanCharge.updateInstallmentCharges: the charge's amount is the sum of its installments)
    const b = await lendingBranch(FLAT4);
    const loanId = await activeLoan(b, '2026-01-05');
    const flat = await catalogueCharge(b, { timeType: 'INSTALMENT_FEE', amount: '20' });
    const ofInterest = await catalogueCharge(b, { timeType: 'INSTALMENT_FEE', calc: 'PERCENT_OF_INTEREST', amount: '10' });
    setBusinessDate(b.core, '2026-01-20');
    await b.manager.ok('loans.addCharge', { loanId, chargeId: flat });
    await b.manager.ok('loans.addCharge', { loanId, chargeId: ofInterest });
    const refused = await b.manager.raw('loans.addCharge', { loanId, chargeId: flat, dueDate: '2026-02-01' });
    expect(refused).toMatchObject({ ok: false, error: { fields: [{ field: 'dueDate' }] } });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.charges.map((c) => [c.chargeTimeType, c.amount, c.installments.map((i) => i.amount).join(' ')])).toEqual([
      ['INSTALMENT_FEE', '80.00', '20.00 20.00 20.00 20.00'],
      ['INSTALMENT_FEE', '96.00', '24.00 24.00 24.00 24.00'],
    ]);
    expect(loan.periods.map((p) => p.feeChargesDue)).toEqual(['44.00', '44.00', '44.00', '44.00']);
    assertInvariants(b.core);
  });

  it('pays charges of one installment earliest due first, and re-allocates them when a payment before is undone', async () => {
    // installment 2 (period 02-05 .. 03-05) carries a visit fee of 100.00 dated 02-20 and a ledger fee of 50.00 due
    // on 03-05. mifos-standard pays an installment's fees before its interest and principal.
    const b = await lendingBranch({ ...FLAT4, charges: [{ name: 'Ledger', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' }] });
    const loanId = await activeLoan(b, '2026-01-05');
    const visit = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', amount: '100', name: 'Visit' });
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '3290' }); // installment 1: 50 + 240 + 3,000
    setBusinessDate(b.core, '2026-02-20');
    await b.manager.ok('loans.addCharge', { loanId, chargeId: visit, dueDate: '2026-02-20' });
    // 60.00 on 02-20: all of it to the visit fee (due 02-20, before the ledger fee's 03-05)
    const partial = await b.teller.ok('loans.repay', { loanId, transactionAmount: '60', transactionDate: '2026-02-20' });
    let loan = await b.manager.ok('loans.get', { loanId });
    const named = (name: string) => loan.charges.find((c) => c.name === name)!;
    expect(named('Visit')).toMatchObject({ amountPaid: '60.00', amountOutstanding: '40.00' });
    expect(named('Ledger').installments[1]).toMatchObject({ amountPaid: '0.00', amountOutstanding: '50.00' });

    // 03-05: 3,390.00 pays what installment 2 still owes, 90.00 fees + 240.00 interest + 3,000.00 principal =
    // 3,330.00, and the 60.00 left goes in advance to installment 3: its 50.00 ledger fee, then 10.00 interest
    setBusinessDate(b.core, '2026-03-05');
    const onTime = await b.teller.ok('loans.repay', { loanId, transactionAmount: '3390' });
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.transactions.find((t) => t.id === onTime.transactionId)).toMatchObject({ feeChargesPortion: '140.00', interestPortion: '250.00', principalPortion: '3000.00', outstandingLoanBalance: '6000.00' });
    // the 60.00 of 02-20 was paid on installment 2 before its due date (in advance); the 03-05 payment on it
    expect(loan.periods[1]).toMatchObject({ complete: true, obligationsMetOnDate: '2026-03-05', totalPaidLateForPeriod: '0.00', totalPaidInAdvanceForPeriod: '60.00' });
    expect(loan.periods[2]).toMatchObject({ totalPaidInAdvanceForPeriod: '60.00', obligationsMetOnDate: null });
    expect(named('Ledger').installments.map((i) => i.amountPaid)).toEqual(['50.00', '50.00', '50.00', '0.00']);

    // undo the 60.00: the 03-05 payment now pays all of installment 2 (3,390.00) and nothing ahead: re-created
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: partial.transactionId, transactionAmount: '0' });
    loan = await b.manager.ok('loans.get', { loanId });
    const again = loan.transactions.find((t) => t.replacesId === onTime.transactionId)!;
    expect(again).toMatchObject({ feeChargesPortion: '150.00', interestPortion: '240.00', principalPortion: '3000.00', reversed: false });
    expect(named('Visit')).toMatchObject({ amountPaid: '100.00', amountOutstanding: '0.00' });
    expect(named('Ledger').installments.map((i) => i.amountPaid)).toEqual(['50.00', '50.00', '0.00', '0.00']);
    expect(loan.periods[1]).toMatchObject({ complete: true, obligationsMetOnDate: '2026-03-05', totalPaidInAdvanceForPeriod: '0.00' });
    assertInvariants(b.core);
  });
});

describe('waivers per loan charge', () => {
  it('waives one charge, keeps the old shape working, and undoes a waiver', async () => {
    const b = await lendingBranch({ ...FLAT4, charges: [{ name: 'Ledger', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' }] });
    const loanId = await activeLoan(b, '2026-01-05');
    const visit = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', amount: '150', name: 'Visit' });
    setBusinessDate(b.core, '2026-02-10');
    const added = await b.manager.ok('loans.addCharge', { loanId, chargeId: visit, dueDate: '2026-02-01' });
    let loan = await b.manager.ok('loans.get', { loanId });
    const ledger = loan.charges.find((c) => c.name === 'Ledger')!;
    // installment 1 owes two fees: Ledger 50.00 (due 02-05) and Visit 150.00 (due 02-01)
    expect(loan.periods[0]!.feeChargesDue).toBe('200.00');

    // per loan charge: the visit fee only, dated its due date (past)
    const w = await b.manager.ok('loans.waiveCharge', { loanId, loanChargeId: added.loanChargeId });
    loan = await b.manager.ok('loans.get', { loanId });
    const waiver = loan.transactions.find((t) => t.id === w.transactionId)!;
    expect(waiver).toMatchObject({ type: 'WAIVE_CHARGE', date: '2026-02-01', amount: '150.00', feeChargesPortion: '150.00', loanChargeId: added.loanChargeId, installmentNumber: 1 });
    expect(loan.charges.find((c) => c.name === 'Visit')).toMatchObject({ amountWaived: '150.00', amountOutstanding: '0.00' });
    expect(loan.periods[0]).toMatchObject({ feeChargesWaived: '150.00', totalWaivedForPeriod: '150.00', feeChargesOutstanding: '50.00' });
    expect(loan.summary.totalWaived).toBe('150.00');
    // waived already: refused, naming the charge
    const twice = await b.manager.raw('loans.waiveCharge', { loanId, loanChargeId: added.loanChargeId });
    expect(twice).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'loanChargeId', code: 'already_waived' }] } });

    // an installment fee: its installment 3 (Fineract's installmentNumber)
    await b.manager.ok('loans.waiveCharge', { loanId, loanChargeId: ledger.loanChargeId!, installmentNumber: 3 });
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.charges.find((c) => c.name === 'Ledger')!.installments.map((i) => i.amountWaived)).toEqual(['0.00', '0.00', '50.00', '0.00']);

    // the old shape: every fee of installment 2 (the 50.00 ledger fee), exactly as before
    const old = await b.manager.ok('loans.waiveCharge', { loanId, installmentNumber: 2, chargeType: 'FEE' });
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.transactions.find((t) => t.id === old.transactionId)).toMatchObject({ amount: '50.00', date: '2026-02-10', loanChargeId: null, installmentNumber: 2 });
    expect(b.core.db.prepare('SELECT charge_target FROM loan_transactions WHERE id = ?').get(old.transactionId)).toEqual({ charge_target: '2:fee' });
    // an old waiver without a charge is spread over the installment's charges oldest first: the ledger fee
    expect(loan.charges.find((c) => c.name === 'Ledger')!.amountWaived).toBe('100.00');

    // undo the visit fee's waiver (Fineract's undowaivecharge): owed again, the waiver marked undone
    const undo = await b.manager.ok('loans.undoWaiveCharge', { loanId, transactionId: w.transactionId });
    expect(undo.summary.feeChargesWaived).toBe('100.00');
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.transactions.find((t) => t.id === w.transactionId)!.reversed).toBe(true);
    expect(loan.charges.find((c) => c.name === 'Visit')).toMatchObject({ amountWaived: '0.00', amountOutstanding: '150.00' });
    const again = await b.manager.raw('loans.undoWaiveCharge', { loanId, transactionId: w.transactionId });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const notWaiver = await b.manager.raw('loans.undoWaiveCharge', { loanId, transactionId: loan.transactions[0]!.id });
    expect(notWaiver).toMatchObject({ ok: false, error: { fields: [{ field: 'transactionId' }] } });
    assertInvariants(b.core);
  });
});

describe('the waiver replay (issue 15 "A replay bug to fix on the way")', () => {
  it('a payment dated before a waiver but entered later pays principal, and the waiver is unchanged', async () => {
    // installment 1 owes a 50.00 ledger fee, 240.00 interest and 3,000.00 principal (due 2026-02-05).
    // 2026-02-10: the fee is waived (50.00, dated its due date 02-05).
    // 2026-02-12: a payment of 3,240.00 made on 02-04 is entered. Fineract puts the waived 50.00 back on the
    // installment before it replays the payment: the payment pays interest 240.00 and principal 3,000.00, the fee
    // stays waived. (Before the fix the payment paid the fee first and the waiver was cut to nothing.)
    const b = await lendingBranch({ ...FLAT4, charges: [{ name: 'Ledger', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' }] });
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-10');
    const w = await b.manager.ok('loans.waiveCharge', { loanId, installmentNumber: 1, chargeType: 'FEE' });
    setBusinessDate(b.core, '2026-02-12');
    const p = await b.teller.ok('loans.repay', { loanId, transactionAmount: '3240', transactionDate: '2026-02-04' });
    const loan = await b.manager.ok('loans.get', { loanId });
    const payment = loan.transactions.find((t) => t.id === p.transactionId)!;
    expect(payment).toMatchObject({ principalPortion: '3000.00', interestPortion: '240.00', feeChargesPortion: '0.00', outstandingLoanBalance: '9000.00' });
    const waiver = loan.transactions.find((t) => t.id === w.transactionId)!;
    expect(waiver).toMatchObject({ reversed: false, amount: '50.00', feeChargesPortion: '50.00' });
    expect(loan.transactions.filter((t) => t.reversed)).toEqual([]);
    expect(loan.periods[0]).toMatchObject({ complete: true, feeChargesWaived: '50.00', feeChargesPaid: '0.00', totalPaidInAdvanceForPeriod: '3240.00', obligationsMetOnDate: '2026-02-04' });
    expect(loan.summary).toMatchObject({ feeChargesWaived: '50.00', principalPaid: '3000.00', totalWaived: '50.00' });
    assertInvariants(b.core);
  });

  it('a waiver keeps what it waived when the payment before it is undone', async () => {
    // a late 25.00 pays 25.00 of installment 1's 50.00 ledger fee (fees before interest and principal), then the
    // unpaid 25.00 is waived; undoing the payment leaves the waiver at its 25.00 (Fineract keeps the waived amount),
    // and the fee owes the other 25.00 again
    const b = await lendingBranch({ ...FLAT4, charges: [{ name: 'Ledger', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' }] });
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-10');
    const p = await b.teller.ok('loans.repay', { loanId, transactionAmount: '25' });
    const w = await b.manager.ok('loans.waiveCharge', { loanId, installmentNumber: 1, chargeType: 'FEE' });
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: p.transactionId, transactionAmount: '0' });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.transactions.find((t) => t.id === w.transactionId)).toMatchObject({ reversed: false, amount: '25.00', feeChargesPortion: '25.00' });
    expect(loan.periods[0]).toMatchObject({ feeChargesWaived: '25.00', feeChargesOutstanding: '25.00' });
    assertInvariants(b.core);
  });
});

describe('a waiver re-created by a replay', () => {
  it('shows the amount it really waived', async () => {
    // installment 3's 50.00 ledger fee (due 2026-04-05) is waived on 2026-02-10; the loan is then foreclosed that
    // day, which drops the fees of the installments due after it (loans.foreclose cuts the schedule). Replayed on
    // the cut schedule the waiver finds nothing left to waive: it is re-created showing 0.00 waived (before the
    // fix it kept showing 50.00 beside a fee portion of 0.00)
    const b = await lendingBranch({ ...FLAT4, charges: [{ name: 'Ledger', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' }] });
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-10');
    const w = await b.manager.ok('loans.waiveCharge', { loanId, installmentNumber: 3, chargeType: 'FEE' });
    await b.manager.ok('loans.foreclose', { loanId, paymentTypeCode: 'CASH' });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.transactions.find((t) => t.id === w.transactionId)!.reversed).toBe(true);
    expect(loan.transactions.find((t) => t.replacesId === w.transactionId)).toMatchObject({ type: 'WAIVE_CHARGE', amount: '0.00', feeChargesPortion: '0.00', reversed: false });
    // the ledger fee keeps installment 1's (due before the date, paid by the foreclosure); those of 2 to 4, due
    // after it, come to nothing
    expect(loan.charges[0]!.installments.map((i) => [i.installmentNumber, i.amount])).toEqual([
      [1, '50.00'],
      [2, '0.00'],
      [3, '0.00'],
      [4, '0.00'],
    ]);
    expect(loan.status).toBe('CLOSED_OBLIGATIONS_MET');
    assertInvariants(b.core);
  });
});

describe('figures Fineract shows', () => {
  it('outstanding loan balance after each transaction, paid in advance and late, obligations met on', async () => {
    const b = await lendingBranch(FLAT4);
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-01');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '3240' }); // early: installment 1 in advance
    setBusinessDate(b.core, '2026-03-10');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '2000' }); // late on installment 2 (due 03-05)
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.transactions.map((t) => [t.type, t.outstandingLoanBalance])).toEqual([
      ['DISBURSEMENT', '12000.00'],
      ['REPAYMENT', '9000.00'],
      // 2,000.00 late on installment 2: interest 240.00 first, then 1,760.00 principal
      ['REPAYMENT', '7240.00'],
    ]);
    expect(loan.periods[0]).toMatchObject({ totalPaidInAdvanceForPeriod: '3240.00', totalPaidLateForPeriod: '0.00', obligationsMetOnDate: '2026-02-01' });
    expect(loan.periods[1]).toMatchObject({ totalPaidInAdvanceForPeriod: '0.00', totalPaidLateForPeriod: '2000.00', obligationsMetOnDate: null });
    expect(loan.summary).toMatchObject({ totalWaived: '0.00', totalWrittenOff: '0.00' });
    // a write-off writes off everything outstanding (DOMAIN.md): the 7,240.00 principal left and the interest of
    // installments 3 and 4 (installment 2's was paid)
    setBusinessDate(b.core, '2026-04-01');
    await b.manager.ok('loans.writeOff', { loanId });
    const off = await b.manager.ok('loans.get', { loanId });
    expect(off.summary.totalWrittenOff).toBe('7720.00'); // principal 7,240.00 + interest 240.00 x 2
    expect(money(off.summary.totalWrittenOff)).toBe(money(off.summary.principalWrittenOff) + money(off.summary.interestWrittenOff));
    assertInvariants(b.core);
  });
});

describe('verify: installments against their charges', () => {
  it("finds a fee due that is not its charges' sum, and a charge row edited", async () => {
    const b = await lendingBranch({ ...FLAT4, charges: [{ name: 'Ledger', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' }] });
    const loanId = await activeLoan(b, '2026-01-05');
    const chargeId = await catalogueCharge(b, { timeType: 'SPECIFIED_DUE_DATE', amount: '20', penalty: true });
    await b.manager.ok('loans.addCharge', { loanId, chargeId, dueDate: '2026-02-01' });
    const db = b.core.db;
    expect(loanChargesFault(db, null)).toBeNull();
    const accountNo = (db.prepare('SELECT account_no FROM loans WHERE id = ?').get(loanId) as { account_no: string }).account_no;
    db.prepare('UPDATE loan_installments SET fee_due = fee_due + 1 WHERE loan_id = ? AND installment_number = 2').run(loanId);
    expect(loanChargesFault(db, JSON.stringify([loanId]))).toBe(`charges: loan ${accountNo} installment 2 has fee due 5001, its charges put 5000 on it`);
    expect(loanChargesFault(db, JSON.stringify([loanId + 1]))).toBeNull();
    db.prepare('UPDATE loan_installments SET fee_due = fee_due - 1 WHERE loan_id = ? AND installment_number = 2').run(loanId);
    db.prepare("UPDATE loan_charge_installments SET amount = 1500 WHERE loan_charge_id = (SELECT id FROM loan_charges WHERE loan_id = ? AND time_type = 'SPECIFIED_DUE_DATE')").run(loanId);
    expect(loanChargesFault(db, null)).toBe(`charges: loan ${accountNo} installment 1 has penalty due 2000, its charges put 1500 on it`);
  });
});
