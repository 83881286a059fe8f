import { describe, expect, it } from 'vitest';
import { REPAYMENT_STRATEGY_CODES } from '../../../electron/core/domain/loans';
import { assertInvariants } from '../../support/core';
import { activeLoan, BIASHARA, lendingBranch, setBusinessDate } from '../../support/lending';

const FLAT_WITH_FEES = {
  ...BIASHARA,
  name: 'Flat with fees',
  shortName: 'FF',
  principal: '12000',
  minPrincipal: '1000',
  numberOfRepayments: 4,
  interestType: 'FLAT',
  charges: [
    { name: 'Processing fee', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'FLAT', amount: '300' },
    { name: 'Ledger fee', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' },
  ],
};

describe.each(REPAYMENT_STRATEGY_CODES)('repayments under %s', (strategy) => {
  it('handles partial, late, early and over-payments, and keeps the books balanced', async () => {
    const b = await lendingBranch({ ...FLAT_WITH_FEES, transactionProcessingStrategyCode: strategy });
    const loanId = await activeLoan(b, '2026-01-05');
    let loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.summary.feeChargesPaid).toBe('300.00'); // processing fee collected at disbursement
    const due1 = loan.periods[0]!.totalDueForPeriod;

    // partial payment on time
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '1000' });
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.periods[0]!.complete).toBe(false);

    // late: installment 1 is overdue ten days later
    setBusinessDate(b.core, '2026-02-15');
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.summary.daysInArrears).toBe(10);
    expect(loan.summary.agingBucket).toBe('DAYS_1_30');
    expect(loan.periods[0]!.overdue).toBe(true);
    const late = await b.teller.ok('loans.repay', { loanId, transactionAmount: loan.summary.totalOverdue });
    expect(late.summary.totalOverdue).toBe('0.00');
    expect(late.summary.daysInArrears).toBe(0);

    // early: pay installment 2 before its due date
    setBusinessDate(b.core, '2026-02-20');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: loan.periods[1]!.totalDueForPeriod });
    loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.status).toBe('ACTIVE');

    // over-payment: everything left plus 250
    const left = loan.summary.totalOutstanding;
    const [w, f = '00'] = left.split('.');
    const plus250 = `${Number(w) + 250}.${f}`;
    // (heavensfamily waives the prepaid interest: the excess passes the 10% margin, and the manager approves it)
    const over = await b.teller.ok('loans.repay', { loanId, transactionAmount: plus250, approval: { username: 'manager', password: 'Str0ng-pass-2026' } });
    expect(over.status).toBe('OVERPAID');
    if (strategy === 'heavensfamily-strategy') {
      // principal first; prepaid principal waives that installment's interest, so more of the money is excess
      expect(Number(over.summary.overpaidAmount)).toBeGreaterThan(250);
      expect(Number(over.summary.interestWaived)).toBeGreaterThan(0);
    } else {
      expect(over.summary.overpaidAmount).toBe('250.00');
    }
    void due1;
    assertInvariants(b.core);
  });
});

describe('reverse-replay', () => {
  it('undoing a middle repayment replays the later ones and re-creates those whose split changed', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    const pay = async (date: string, amount: string) => {
      setBusinessDate(b.core, date);
      return (await b.teller.ok('loans.repay', { loanId, transactionAmount: amount })).transactionId;
    };
    await pay('2026-02-05', '4727.98');
    const middle = await pay('2026-03-05', '4727.98');
    const last = await pay('2026-04-05', '4727.98');
    setBusinessDate(b.core, '2026-04-10');
    const r = await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: middle, transactionAmount: '0' });
    const loan = await b.manager.ok('loans.get', { loanId });
    const byId = new Map(loan.transactions.map((t) => [t.id, t]));
    expect(byId.get(middle)!.reversed).toBe(true);
    // the April payment now pays installment 2 (overdue) instead of 3: its split changed, so it was re-created
    expect(byId.get(last)!.reversed).toBe(true);
    const recreated = loan.transactions.find((t) => t.replacesId === last)!;
    expect(recreated).toMatchObject({ type: 'REPAYMENT', date: '2026-04-05', amount: '4727.98', reversed: false });
    expect(loan.periods[1]!.complete).toBe(true);
    expect(loan.periods[2]!.complete).toBe(false);
    expect(loan.summary.daysInArrears).toBe(5);
    expect(r.status).toBe('ACTIVE');
    // journal: the undone and the re-created transactions each have their entry and its reversal
    const entries = b.core.db.prepare("SELECT count(*) AS n FROM journal_entries WHERE source_type = 'loan_transaction' AND reversal_of IS NOT NULL").get() as { n: number };
    expect(entries.n).toBe(2);
    assertInvariants(b.core);
  });

  it('a backdated repayment re-allocates the later ones', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-03-10');
    const lateId = (await b.teller.ok('loans.repay', { loanId, transactionAmount: '4727.98' })).transactionId;
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '4727.98', transactionDate: '2026-02-05' });
    const loan = await b.manager.ok('loans.get', { loanId });
    // the March payment had paid installment 1; now the February one does, so March's moves to installment 2
    expect(loan.transactions.find((t) => t.id === lateId)!.reversed).toBe(true);
    expect(loan.transactions.find((t) => t.replacesId === lateId)).toMatchObject({ date: '2026-03-10', reversed: false });
    expect(loan.periods[0]!.complete && loan.periods[1]!.complete).toBe(true);
    assertInvariants(b.core);
  });

  it('changes the amount of a repayment', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const id = (await b.teller.ok('loans.repay', { loanId, transactionAmount: '5000' })).transactionId;
    const r = await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: id, transactionAmount: '4727.98' });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.transactions.find((t) => t.id === r.transactionId)).toMatchObject({ amount: '4727.98', replacesId: id });
    expect(loan.summary.totalRepayment).toBe('4727.98');
    assertInvariants(b.core);
  });
});

describe('waivers, write-off, recovery and foreclosure', () => {
  it('waives interest oldest first and a charge, posting no journal entry', async () => {
    const b = await lendingBranch(FLAT_WITH_FEES);
    const loanId = await activeLoan(b, '2026-01-05');
    const journal = () => (b.core.db.prepare('SELECT count(*) AS n FROM journal_entries').get() as { n: number }).n;
    const n = journal();
    setBusinessDate(b.core, '2026-01-10');
    const before = await b.manager.ok('loans.get', { loanId });
    await b.manager.ok('loans.waiveInterest', { loanId, transactionAmount: '100' });
    const after = await b.manager.ok('loans.get', { loanId });
    expect(after.periods[0]!.interestWaived).toBe('100.00');
    expect(after.summary.interestWaived).toBe('100.00');
    expect(journal()).toBe(n);
    const tooMuch = await b.manager.err('loans.waiveInterest', { loanId, transactionAmount: '999999' });
    expect(tooMuch.fields![0]!.field).toBe('transactionAmount');
    await b.manager.ok('loans.waiveCharge', { loanId, installmentNumber: 2, chargeType: 'FEE' });
    const waived = await b.manager.ok('loans.get', { loanId });
    expect(waived.periods[1]!.feeChargesOutstanding).toBe('0.00');
    expect((await b.manager.err('loans.waiveCharge', { loanId, installmentNumber: 2 })).fields![0]!.code).toBe('nothing_to_waive');
    void before;
    assertInvariants(b.core);
  });

  it('writes off everything outstanding, then takes recoveries up to that and allows an undo of the write-off', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '4727.98' });
    setBusinessDate(b.core, '2026-09-01');
    const w = await b.manager.ok('loans.writeOff', { loanId });
    expect(w.status).toBe('CLOSED_WRITTEN_OFF');
    expect(w.summary.totalOutstanding).toBe('0.00');
    expect(w.summary.principalWrittenOff).toBe('46272.02');
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((r) => r.glCode === '5100')).toMatchObject({ debit: '46272.02' }); // principal only, cash accounting
    expect(tb.rows.find((r) => r.glCode === '1200')).toBeUndefined();
    expect((await b.teller.err('loans.repay', { loanId, transactionAmount: '10' })).code).toBe('INVALID_STATE');
    const rec = await b.teller.ok('loans.recoverWrittenOff', { loanId, transactionAmount: '1000' });
    expect(rec.status).toBe('CLOSED_WRITTEN_OFF');
    expect(rec.summary.recoveredAmount).toBe('1000.00');
    expect(rec.receipt!.kind).toBe('LOAN_RECOVERY');
    const tooMuch = await b.teller.err('loans.recoverWrittenOff', { loanId, transactionAmount: '999999' });
    expect(tooMuch.fields![0]!.field).toBe('transactionAmount');
    // undo the recovery, then the write-off: the loan is active again with its arrears
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: rec.transactionId, transactionAmount: '0' });
    const back = await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: w.transactionId, transactionAmount: '0' });
    expect(back.status).toBe('ACTIVE');
    expect(back.summary.principalOutstanding).toBe('46272.02');
    assertInvariants(b.core);
  });

  it('forecloses: interest up to the date, future interest dropped, loan closed', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '4727.98' });
    setBusinessDate(b.core, '2026-02-19'); // 14 of February's 28 days
    const quote = await b.manager.ok('loans.get', { loanId });
    const r = await b.manager.ok('loans.foreclose', { loanId });
    expect(r.status).toBe('CLOSED_OBLIGATIONS_MET');
    expect(r.receipt!.amount).toBe(quote.summary.foreclosureAmount);
    // principal 46272.02 plus half of February's interest 925.44 -> 462.72
    expect(quote.summary.foreclosureAmount).toBe('46734.74');
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.summary.interestPaid).toBe('1462.72');
    // the schedule was cut at the date: the interest charged is now only what accrued
    expect(loan.summary.interestCharged).toBe('1462.72');
    expect(loan.summary.totalOutstanding).toBe('0.00');
    assertInvariants(b.core);
  });
});
