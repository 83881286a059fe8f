import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../shared/money';
import { loanPosition, outstandingOf } from '../../../electron/core/domain/loans';
import { arrearsSweep } from '../../../electron/core/services/loans';
import { readInstallments } from '../../../electron/core/services/loans/repository';
import { assertInvariants } from '../../support/core';
import { activeLoan, BIASHARA, lendingBranch, setBusinessDate } from '../../support/lending';

/**
 * The arrears sweep (issue 11: over all loans from what the loans keep, no installment read, no replay) gives, for
 * every active loan in arrears, Fineract's figures (DOMAIN.md "Repayments, arrears, closure"): what installments due
 * before the date still owe per component, the oldest such due date and the days since; the same as loanPosition of
 * the loan's installments and as loans.get's schedule.
 */
describe('arrearsSweep', () => {
  it('equals loanPosition of each active loan on any date, leaves out loans owing nothing overdue or not active, and totals the portfolio', async () => {
    const b = await lendingBranch({ ...BIASHARA, charges: [{ chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '25' }] });
    const { id: other } = await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Mwangi', mobileNo: '+254700000002' });
    // behind: one payment in February, nothing after
    const behind = await activeLoan(b, '2026-01-05', { principal: '12000', numberOfRepayments: 6 });
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId: behind, transactionAmount: '1000', paymentTypeCode: 'CASH' });
    // ahead: paid three installments' worth at once
    const ahead = await activeLoan({ ...b, clientId: other }, '2026-01-10', { principal: '6000', numberOfRepayments: 6 });
    setBusinessDate(b.core, '2026-01-20');
    await b.teller.ok('loans.repay', { loanId: ahead, transactionAmount: '3300', paymentTypeCode: 'CASH' });
    // written off, closed, and one only submitted
    const writtenOff = await activeLoan(b, '2026-01-15', { principal: '5000', numberOfRepayments: 3 });
    setBusinessDate(b.core, '2026-04-20');
    await b.manager.ok('loans.writeOff', { loanId: writtenOff });
    const closed = await activeLoan(b, '2026-01-20', { principal: '5000', numberOfRepayments: 2 });
    setBusinessDate(b.core, '2026-02-01');
    const quote = await b.manager.ok('loans.get', { loanId: closed });
    await b.teller.ok('loans.repay', { loanId: closed, transactionAmount: quote.summary.totalOutstanding, paymentTypeCode: 'CASH' });
    setBusinessDate(b.core, '2026-02-01');
    await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: '8000', numberOfRepayments: 4 });
    // closed within the product's arrears tolerance: 50.00 still unpaid, overdue later, but the loan is not active
    const { id: tolerant } = await b.admin.ok('loanProducts.create', { ...BIASHARA, name: 'Tolerant', shortName: 'TOL', inArrearsTolerance: '100' } as never);
    const withinTolerance = await activeLoan({ ...b, productId: tolerant }, '2026-01-25', { principal: '5000', numberOfRepayments: 2 });
    setBusinessDate(b.core, '2026-02-10');
    const owed = parseMoney((await b.manager.ok('loans.get', { loanId: withinTolerance })).summary.totalOutstanding, 2);
    const paid = await b.teller.ok('loans.repay', { loanId: withinTolerance, transactionAmount: String((owed - 5000) / 100), paymentTypeCode: 'CASH' });
    expect(paid.status).toBe('CLOSED_OBLIGATIONS_MET');
    // late: a fee waived on its second installment, the first paid late
    const late = await activeLoan(b, '2026-02-01', { principal: '9000', numberOfRepayments: 3 });
    setBusinessDate(b.core, '2026-03-20');
    await b.manager.ok('loans.waiveCharge', { loanId: late, installmentNumber: 2, chargeType: 'FEE' });
    await b.teller.ok('loans.repay', { loanId: late, transactionAmount: '3000', paymentTypeCode: 'CASH' });

    const active = [behind, ahead, late];
    for (const asOf of ['2026-01-05', '2026-02-05', '2026-02-06', '2026-03-10', '2026-04-02', '2026-05-11', '2026-09-30', '2027-06-01']) {
      const sweep = arrearsSweep(b.core.db, asOf);
      const expected = active
        .map((loanId) => ({ loanId, state: readInstallments(b.core.db, loanId) }))
        .map(({ loanId, state }) => ({ loanId, state, pos: loanPosition(state, asOf) }))
        .filter(({ pos }) => pos.daysInArrears > 0)
        .sort((x, y) => x.pos.oldestOverdueDueDate!.localeCompare(y.pos.oldestOverdueDueDate!) || x.loanId - y.loanId)
        .map(({ loanId, state, pos }) => ({
          loanId,
          principalOutstanding: pos.outstanding.principal,
          totalOutstanding: pos.outstanding.total,
          overdue: pos.overdue,
          overdueSince: pos.oldestOverdueDueDate,
          daysInArrears: pos.daysInArrears,
          agingBucket: pos.agingBucket,
          principalByState: state.reduce((s, i) => s + outstandingOf(i.principal), 0),
        }));
      expect(sweep.loans.map(({ loanId, principalOutstanding, totalOutstanding, overdue, overdueSince, daysInArrears, agingBucket }) => ({ loanId, principalOutstanding, totalOutstanding, overdue, overdueSince, daysInArrears, agingBucket })), asOf).toEqual(
        expected.map(({ principalByState: _p, ...e }) => e),
      );
      const states = active.map((id) => readInstallments(b.core.db, id));
      expect(sweep.portfolio).toEqual({
        activeLoans: 3,
        principalOutstanding: states.flat().reduce((s, i) => s + outstandingOf(i.principal), 0),
        totalOutstanding: states.map((s) => loanPosition(s, asOf).outstanding.total).reduce((x, y) => x + y, 0),
      });
      expect(sweep.loans.every((l) => active.includes(l.loanId)), asOf).toBe(true);
    }
    // the closed loan still owes on an installment past due, and is left out all the same
    expect(loanPosition(readInstallments(b.core.db, withinTolerance), '2027-06-01').overdue.total).toBe(5000);

    // by hand, on 10 March 2026: the behind loan's first installment (due 5 February) is part-paid, the second (5 March)
    // unpaid; 33 days in arrears; its overdue is the schedule's overdue rows, as loans.get shows them
    setBusinessDate(b.core, '2026-03-10');
    const swept = arrearsSweep(b.core.db, '2026-03-10').loans.find((l) => l.loanId === behind)!;
    expect(swept).toMatchObject({ accountNo: 'NRB-L000001', clientId: b.clientId, loanOfficerId: null, overdueSince: '2026-02-05', daysInArrears: 33, agingBucket: 'DAYS_31_60' });
    const view = await b.manager.ok('loans.get', { loanId: behind });
    const overdueRows = view.periods.filter((p) => p.overdue);
    expect(overdueRows.map((p) => p.dueDate)).toEqual(['2026-02-05', '2026-03-05']);
    const sum = (pick: (p: (typeof overdueRows)[number]) => string) => overdueRows.reduce((s, p) => s + parseMoney(pick(p), 2), 0);
    expect(swept.overdue).toEqual({
      principal: sum((p) => p.principalOutstanding),
      interest: sum((p) => p.interestOutstanding),
      fee: sum((p) => p.feeChargesOutstanding),
      penalty: sum((p) => p.penaltyChargesOutstanding),
      total: parseMoney(view.summary.totalOverdue, 2),
    });
    expect(swept.overdue.fee).toBe(2500); // the February payment paid the first installment's 25.00 fee first: the second's is owed
    expect(swept.totalOutstanding).toBe(parseMoney(view.summary.totalOutstanding, 2));
    expect(() => arrearsSweep(b.core.db, '2026-02-30')).toThrow(/asOf/);
    assertInvariants(b.core);
  });
});
