import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { loanReceivablesFault } from '../../../electron/core/verify/receivables';
import { assertInvariants } from '../../support/core';
import { accrualBranch, closeDays, glBalance, trialBalanced, type AccrualBranch } from '../../support/accruals';
import { BIASHARA, setBusinessDate } from '../../support/lending';

/**
 * Accrual accounting of loans (issue 15; services/loans/accruals.ts, posting.ts postLoanJournal): ACCRUAL
 * transactions made for each day closed under ACCRUAL_PERIODIC, everything at disbursement under ACCRUAL_UPFRONT,
 * repayments clearing the receivables, waivers and write-offs Dr losses / Cr receivables, the final accrual when a
 * loan closes, adjustments when what is earned falls, and the books balanced with every receivable equal, per loan, to
 * what was accrued less what was paid, waived and written off (branchbox verify).
 */
async function loanOf(b: AccrualBranch, product: Record<string, unknown>, date: string): Promise<number> {
  setBusinessDate(b.core, date);
  const { id: productId } = await b.admin.ok('loanProducts.create', product as never);
  const { loanId } = await b.admin.ok('loans.submit', { clientId: b.clientId, productId });
  await b.manager.ok('loans.approve', { loanId });
  await b.manager.ok('loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
  return loanId;
}

/** The loan's live accrual transactions (adjustments negative), in minor units. */
function accrued(core: Core, loanId: number): { interest: number; fee: number; penalty: number } {
  return core.db
    .prepare(
      `SELECT coalesce(sum(CASE type WHEN 'ACCRUAL' THEN interest_portion ELSE -interest_portion END), 0) AS interest,
         coalesce(sum(CASE type WHEN 'ACCRUAL' THEN fee_portion ELSE -fee_portion END), 0) AS fee,
         coalesce(sum(CASE type WHEN 'ACCRUAL' THEN penalty_portion ELSE -penalty_portion END), 0) AS penalty
       FROM loan_transactions t WHERE loan_id = ? AND type IN ('ACCRUAL', 'ACCRUAL_ADJUSTMENT')
         AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)`,
    )
    .get(loanId) as { interest: number; fee: number; penalty: number };
}

/** A loan's accrual transactions of one type (or both), reversed or not, in the order written. */
function accrualRows(core: Core, loanId: number, type?: 'ACCRUAL' | 'ACCRUAL_ADJUSTMENT'): { id: number; type: string; date: string; amount: number; i: number; f: number; p: number }[] {
  return core.db
    .prepare(
      `SELECT id, type, transaction_date AS date, amount, interest_portion AS i, fee_portion AS f, penalty_portion AS p FROM loan_transactions
       WHERE loan_id = ? AND type IN ('ACCRUAL', 'ACCRUAL_ADJUSTMENT') AND (? IS NULL OR type = ?) ORDER BY id`,
    )
    .all(loanId, type ?? null, type ?? null) as { id: number; type: string; date: string; amount: number; i: number; f: number; p: number }[];
}

/** The lines of the journal entries of one loan transaction, as [account code, debit, credit], in line order. */
function linesOf(core: Core, transactionId: number): [string, number, number][] {
  return (
    core.db
      .prepare(
        `SELECT a.code, l.debit, l.credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id JOIN gl_accounts a ON a.id = l.gl_account_id
         WHERE e.source_type = 'loan_transaction' AND e.source_id = ? AND e.reversal_of IS NULL ORDER BY l.id`,
      )
      .all(transactionId) as { code: string; debit: number; credit: number }[]
  ).map((r) => [r.code, r.debit, r.credit]);
}

/**
 * 10,000.00 at 24 % a year declining balance, 3 monthly installments, from 5 January 2026, a 50.00 installment fee.
 * Schedule (DOMAIN.md rule 3, hand-worked): installment PMT(2 %, 3, 10,000) = 3,467.5467 -> 3,467.55;
 * 1: interest 200.00, principal 3,267.55 (balance 6,732.45); 2: interest 6,732.45 x 2 % = 134.649 -> 134.65,
 * principal 3,332.90 (balance 3,399.55); 3: interest 67.991 -> 67.99, principal 3,399.55. Interest 402.64 in all.
 */
const PERIODIC = {
  ...BIASHARA,
  name: 'Accrual monthly',
  shortName: 'ACM',
  principal: '10000',
  minPrincipal: '1000',
  numberOfRepayments: 3,
  accountingRule: 'ACCRUAL_PERIODIC',
  charges: [{ name: 'Ledger fee', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '50' }],
};

/** Interest earned by the end of a closed day D: Fineract's days between the period's start and D, pro rata, half-even. */
function expectedInterest(date: string): number {
  const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
  const periods: [string, string, number][] = [
    ['2026-01-05', '2026-02-05', 20000],
    ['2026-02-05', '2026-03-05', 13465],
    ['2026-03-05', '2026-04-05', 6799],
  ];
  let total = 0;
  for (const [from, due, interest] of periods) {
    if (date >= due) total += interest;
    else if (date > from) {
      // exact half-even rounding of interest x elapsed / days (no exact halves arise with these figures)
      total += Math.round((interest * days(from, date)) / days(from, due));
    }
  }
  return total;
}

describe('ACCRUAL_PERIODIC', () => {
  it('accrues interest pro rata each day closed and fees when due; repayments, a waiver and a write-off clear the receivables', async () => {
    const b = await accrualBranch();
    const loanId = await loanOf(b, PERIODIC, '2026-01-05');
    expect(accrued(b.core, loanId)).toEqual({ interest: 0, fee: 0, penalty: 0 });
    // the day-end preview counts the loans its accruals step goes through
    expect((await b.manager.ok('dayEnd.preview', {})).steps).toContainEqual({ step: 'accruals', count: 1 });

    // 5 January to 9 February: every closed day accrues the interest earned by its end, dated that day
    await closeDays(b, '2026-02-09', (d) => {
      expect(accrued(b.core, loanId).interest).toBe(expectedInterest(d));
      expect(trialBalanced(b.core)).toBe(true);
    });
    // hand-worked points: 6 January 1/31 of 200.00 = 6.45; 20 January 15/31 = 96.77; 5 February all 200.00 and the
    // installment's 50.00 fee; 9 February 4/28 of 134.65 = 19.2357 -> 19.24
    expect(expectedInterest('2026-01-06')).toBe(645);
    expect(expectedInterest('2026-01-20')).toBe(9677);
    const day = (date: string) => {
      const r = accrualRows(b.core, loanId, 'ACCRUAL').find((t) => t.date === date)!;
      return { i: r.i, f: r.f };
    };
    expect(day('2026-01-06')).toEqual({ i: 645, f: 0 });
    expect(day('2026-01-07')).toEqual({ i: 1290 - 645, f: 0 }); // 2/31 of 200.00 = 12.90
    expect(day('2026-02-05')).toEqual({ i: 20000 - Math.round((20000 * 30) / 31), f: 5000 }); // 30/31 = 193.55 before
    expect(accrued(b.core, loanId)).toEqual({ interest: 20000 + 1924, fee: 5000, penalty: 0 });
    // an accrual posts Dr interest receivable (1210), Cr interest income (4100); the fee Dr 1220, Cr 4200
    const feb5 = accrualRows(b.core, loanId, 'ACCRUAL').find((t) => t.date === '2026-02-05')!.id;
    expect(linesOf(b.core, feb5)).toEqual([
      ['1210', 645, 0],
      ['4100', 0, 645],
      ['1220', 5000, 0],
      ['4200', 0, 5000],
    ]);
    expect(glBalance(b.core, '1210')).toBe(21924);
    expect(glBalance(b.core, '4100')).toBe(-21924);

    // a late payment on 10 February of installment 1 (3,467.55 + 50.00): the receivables are credited, not income
    const pay = await b.manager.ok('loans.repay', { loanId, transactionAmount: '3517.55', paymentTypeCode: 'MOBILE_MONEY' });
    expect(linesOf(b.core, pay.transactionId)).toEqual([
      ['1130', 351755, 0],
      ['1200', 0, 326755],
      ['1210', 0, 20000],
      ['1220', 0, 5000],
    ]);
    expect(glBalance(b.core, '1210')).toBe(1924);
    expect(glBalance(b.core, '1220')).toBe(0);
    expect(glBalance(b.core, '4100')).toBe(-21924); // income untouched by the payment
    assertInvariants(b.core);

    // 12 February: 10.00 of interest waived (taken from installment 2's, not yet all accrued): Dr losses 5100, Cr 1210
    await closeDays(b, '2026-02-11');
    const waiver = await b.manager.ok('loans.waiveInterest', { loanId, transactionAmount: '10' });
    expect(linesOf(b.core, waiver.transactionId)).toEqual([
      ['5100', 1000, 0],
      ['1210', 0, 1000],
    ]);
    assertInvariants(b.core);

    // on to 9 March: installment 2 accrues in full (134.65) and its fee; installment 3 has run 4 days of 31:
    // 67.99 x 4 / 31 = 8.7729 -> 8.77
    await closeDays(b, '2026-03-09', () => expect(trialBalanced(b.core)).toBe(true));
    expect(accrued(b.core, loanId)).toEqual({ interest: 20000 + 13465 + 877, fee: 10000, penalty: 0 });

    // 10 March: written off. With it the final accrual (everything the loan carries), dated the write-off:
    // interest 402.64 - 343.42 = 59.22, fees 150.00 - 100.00 = 50.00; the write-off then takes everything outstanding:
    // principal 6,732.45, interest 124.65 + 67.99 = 192.64, fees 100.00, Dr losses 7,025.09
    const writeOff = await b.manager.ok('loans.writeOff', { loanId, note: 'absconded' });
    const final = accrualRows(b.core, loanId, 'ACCRUAL').at(-1)!;
    expect(final).toMatchObject({ date: '2026-03-10', i: 5922, f: 5000 });
    expect(linesOf(b.core, writeOff.transactionId)).toEqual([
      ['5100', 702509, 0],
      ['1200', 0, 673245],
      ['1210', 0, 19264],
      ['1220', 0, 10000],
    ]);
    // every receivable of the loan is back to zero: accrued 402.64 - paid 200.00 - waived 10.00 - written off 192.64
    expect(glBalance(b.core, '1210')).toBe(0);
    expect(glBalance(b.core, '1220')).toBe(0);
    expect(glBalance(b.core, '4100')).toBe(-40264);
    expect(glBalance(b.core, '5100')).toBe(702509 + 1000);
    assertInvariants(b.core);

    // the write-off undone: the loan is active again and earned only what periodic accrual says on 10 March
    // (interest to 9 March, fees due by 10 March): the final accrual's part is taken back
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: writeOff.transactionId, transactionAmount: '0' });
    expect(accrualRows(b.core, loanId, 'ACCRUAL_ADJUSTMENT')).toMatchObject([{ date: '2026-03-10', i: 5922, f: 5000 }]);
    expect(accrued(b.core, loanId)).toEqual({ interest: 34342, fee: 10000, penalty: 0 });
    expect(glBalance(b.core, '1210')).toBe(34342 - 20000 - 1000);
    // an accrual is not changed on its own
    const err = await b.manager.err('loans.adjustTransaction', { loanId, transactionId: final.id, transactionAmount: '0' });
    expect(err.fields![0]).toMatchObject({ field: 'transactionId', code: 'accrual' });
    assertInvariants(b.core);
  });
});

describe('ACCRUAL_PERIODIC: closing and reopening, backdating', () => {
  it('a loan paid off early accrues everything at once; undoing the payment takes it back; a backdated payment leaves the accruals', async () => {
    const b = await accrualBranch();
    const loanId = await loanOf(b, PERIODIC, '2026-01-05');
    await closeDays(b, '2026-01-19');
    // interest to 19 January: 14/31 of 200.00 = 90.3226 -> 90.32
    expect(accrued(b.core, loanId)).toEqual({ interest: 9032, fee: 0, penalty: 0 });
    const loan = await b.manager.ok('loans.get', { loanId });
    // the whole outstanding (no interest recalculation: all future interest too): 10,000.00 + 402.64 + 150.00
    expect(loan.summary.totalOutstanding).toBe('10552.64');
    const payoff = await b.manager.ok('loans.repay', { loanId, transactionAmount: '10552.64', paymentTypeCode: 'MOBILE_MONEY' });
    expect(payoff.status).toBe('CLOSED_OBLIGATIONS_MET');
    // the final accrual (Fineract's processAccrualsOnLoanClosure), dated the day it closed: 402.64 - 90.32, and the fees
    const last = () => accrualRows(b.core, loanId).at(-1);
    expect(last()).toMatchObject({ type: 'ACCRUAL', date: '2026-01-20', i: 31232, f: 15000 });
    expect(glBalance(b.core, '1210')).toBe(0);
    expect(glBalance(b.core, '1220')).toBe(0);
    assertInvariants(b.core);

    // the payment undone: the loan is active and has earned only what it had; the rest is taken back, dated today
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: payoff.transactionId, transactionAmount: '0' });
    expect(last()).toMatchObject({ type: 'ACCRUAL_ADJUSTMENT', date: '2026-01-20', i: 31232, f: 15000 });
    expect(accrued(b.core, loanId)).toEqual({ interest: 9032, fee: 0, penalty: 0 });
    expect(glBalance(b.core, '1210')).toBe(9032);
    assertInvariants(b.core);

    // two days on, a payment dated 10 January (before four accruals): it is replayed, the accruals are not
    await closeDays(b, '2026-01-21');
    const accruals = accrualRows(b.core, loanId);
    const back = await b.manager.ok('loans.repay', { loanId, transactionAmount: '100', transactionDate: '2026-01-10', paymentTypeCode: 'MOBILE_MONEY' });
    expect(accrualRows(b.core, loanId)).toEqual(accruals);
    // it pays the first installment's fee, then interest (mifos-standard: penalties, fees, interest, principal)
    expect(linesOf(b.core, back.transactionId)).toEqual([
      ['1130', 10000, 0],
      ['1210', 0, 5000],
      ['1220', 0, 5000],
    ]);
    // 16/31 of 200.00 = 103.2258 -> 103.23 accrued to 21 January, 50.00 of it paid; the fee, paid before it falls due
    // (5 February) and so before it accrues, leaves its receivable in credit until then (as Fineract's does)
    expect(glBalance(b.core, '1210')).toBe(10323 - 5000);
    expect(glBalance(b.core, '1220')).toBe(-5000);
    assertInvariants(b.core);
  });
});

/**
 * Fineract's AccountingScenarioIntegrationTest.checkUpfrontAccrualAccountingFlow: 10,000 at 1 % a month flat, equal
 * principal, 5 repayments every 2 months from 4 March 2011. Interest 10,000 x 1 % x 10 months = 1,000.00, 200.00 an
 * installment with 2,000.00 of principal. Its published entries: at disbursement the interest receivable debited
 * 1,000 and income credited 1,000; repayments of 2,200 (principal 2,000 + interest 200), 3,000 (installments 2 and 3:
 * interest 400, principal 2,600), a waiver of 400 on 4 November 2011 crediting the receivable and debiting the expense
 * account (losses written off), then 900 (dated 4 September, before the waiver), 2,000 and 2,500, each crediting
 * what it debits.
 */
const UPFRONT = {
  ...BIASHARA,
  name: 'Fineract upfront',
  shortName: 'UPF',
  principal: '10000',
  minPrincipal: '1000',
  numberOfRepayments: 5,
  repaymentEvery: 2,
  repaymentFrequencyType: 'MONTHS',
  interestRatePerPeriod: '1',
  interestRateFrequencyType: 'PER_MONTH',
  interestType: 'FLAT',
  amortizationType: 'EQUAL_PRINCIPAL',
  accountingRule: 'ACCRUAL_UPFRONT',
};

describe('ACCRUAL_UPFRONT', () => {
  it("books Fineract's checkUpfrontAccrualAccountingFlow", async () => {
    const b = await accrualBranch();
    const loanId = await loanOf(b, UPFRONT, '2011-03-04');
    const [accrual, ...more] = accrualRows(b.core, loanId);
    expect(more).toEqual([]);
    expect(accrual).toMatchObject({ date: '2011-03-04', amount: 100000, i: 100000 });
    expect(linesOf(b.core, accrual!.id)).toEqual([
      ['1210', 100000, 0],
      ['4100', 0, 100000],
    ]);
    const repay = async (date: string, amount: string, transactionDate?: string) => {
      setBusinessDate(b.core, date);
      return (await b.manager.ok('loans.repay', { loanId, transactionAmount: amount, paymentTypeCode: 'MOBILE_MONEY', ...(transactionDate ? { transactionDate } : {}) })).transactionId;
    };
    expect(linesOf(b.core, await repay('2011-05-04', '2200'))).toEqual([
      ['1130', 220000, 0],
      ['1200', 0, 200000],
      ['1210', 0, 20000],
    ]);
    expect(linesOf(b.core, await repay('2011-07-04', '3000'))).toEqual([
      ['1130', 300000, 0],
      ['1200', 0, 260000],
      ['1210', 0, 40000],
    ]);
    setBusinessDate(b.core, '2011-11-04');
    const waiver = await b.manager.ok('loans.waiveInterest', { loanId, transactionAmount: '400' });
    expect(linesOf(b.core, waiver.transactionId)).toEqual([
      ['5100', 40000, 0],
      ['1210', 0, 40000],
    ]);
    expect(linesOf(b.core, await repay('2011-11-04', '900', '2011-09-04'))).toEqual([
      ['1130', 90000, 0],
      ['1200', 0, 90000],
    ]);
    expect(linesOf(b.core, await repay('2011-11-04', '2000'))).toEqual([
      ['1130', 200000, 0],
      ['1200', 0, 200000],
    ]);
    const last = await b.manager.ok('loans.repay', { loanId, transactionAmount: '2500', paymentTypeCode: 'MOBILE_MONEY', transactionDate: '2011-11-04' });
    expect(last.status).toBe('CLOSED_OBLIGATIONS_MET');
    // everything accrued at disbursement: closing adds nothing; the receivable is 1,000 - 200 - 400 - 400 = 0
    expect(accrued(b.core, loanId)).toEqual({ interest: 100000, fee: 0, penalty: 0 });
    expect(glBalance(b.core, '1210')).toBe(0);
    expect(glBalance(b.core, '4100')).toBe(-100000);
    expect(glBalance(b.core, '5100')).toBe(40000);
    assertInvariants(b.core);
  });

  it('undo disbursal reverses the upfront accrual', async () => {
    const b = await accrualBranch();
    const loanId = await loanOf(b, UPFRONT, '2011-03-04');
    expect(glBalance(b.core, '1210')).toBe(100000);
    await b.manager.ok('loans.undoDisbursal', { loanId, note: 'wrong client' });
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.status).toBe('APPROVED');
    expect(loan.transactions.filter((t) => t.type === 'ACCRUAL').map((t) => t.reversed)).toEqual([true]);
    expect(accrued(b.core, loanId)).toEqual({ interest: 0, fee: 0, penalty: 0 });
    expect(glBalance(b.core, '1210')).toBe(0);
    expect(glBalance(b.core, '4100')).toBe(0);
    assertInvariants(b.core);
  });

  it('a foreclosure cuts the interest: what was accrued beyond it is adjusted', async () => {
    const b = await accrualBranch();
    // 3,000 at 1 % a month flat, 3 monthly installments from 5 January 2026: 30.00 interest each, 90.00 accrued at once
    const loanId = await loanOf(b, { ...UPFRONT, name: 'Upfront monthly', shortName: 'UPM', principal: '3000', numberOfRepayments: 3, repaymentEvery: 1, amortizationType: 'EQUAL_INSTALLMENTS' }, '2026-01-05');
    expect(accrued(b.core, loanId).interest).toBe(9000);
    // 15 February: installment 1 due (30.00), installment 2 has run 10 of 28 days: 30 x 10 / 28 = 10.714 -> 10.71
    setBusinessDate(b.core, '2026-02-15');
    const r = await b.manager.ok('loans.foreclose', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
    expect(r.status).toBe('CLOSED_OBLIGATIONS_MET');
    const [adjustment] = accrualRows(b.core, loanId, 'ACCRUAL_ADJUSTMENT');
    expect(adjustment).toMatchObject({ date: '2026-02-15', i: 9000 - 4071 });
    expect(linesOf(b.core, adjustment!.id)).toEqual([
      ['1210', 0, 4929],
      ['4100', 4929, 0],
    ]);
    // the foreclosure collected 3,000.00 and 40.71 of interest, clearing the receivable
    expect(glBalance(b.core, '1210')).toBe(0);
    expect(glBalance(b.core, '4100')).toBe(-4071);
    assertInvariants(b.core);
  });
});

describe('branchbox verify on accruals', () => {
  it('names a loan whose receivable moved without its transactions', async () => {
    const b = await accrualBranch();
    const loanId = await loanOf(b, UPFRONT, '2011-03-04');
    expect(loanReceivablesFault(b.core.db, null)).toBeNull();
    // an accrual written straight into the file, with no journal entry: 1,000.00 posted, 1,001.00 by the transactions
    b.core.db
      .prepare("INSERT INTO loan_transactions (global_id, loan_id, type, transaction_date, amount, interest_portion, created_at) VALUES ('forged', ?, 'ACCRUAL', '2011-03-04', 100, 100, 'x')")
      .run(loanId);
    expect(loanReceivablesFault(b.core.db, JSON.stringify([loanId]))).toMatch(/loan \S+ moved receivable 1210 by 100000, but its transactions accrued less paid, waived and written off 100100/);
    expect(loanReceivablesFault(b.core.db, JSON.stringify([loanId + 1]))).toBeNull();
  });
});

describe('ACCRUAL_PERIODIC: charges and penalties', () => {
  it('a charge applied on or before its due date accrues at once, a later one when its day is closed; an overdue penalty when applied', async () => {
    const b = await accrualBranch();
    setBusinessDate(b.core, '2026-01-05');
    const { id: visit } = await b.admin.ok('charges.create', {
      name: 'Field visit fee',
      currencyCode: 'KES',
      chargeAppliesTo: 'LOAN',
      chargeTimeType: 'SPECIFIED_DUE_DATE',
      chargeCalculationType: 'FLAT',
      amount: '150',
      penalty: false,
    });
    const { id: late } = await b.admin.ok('charges.create', {
      name: 'Late payment penalty',
      currencyCode: 'KES',
      chargeAppliesTo: 'LOAN',
      chargeTimeType: 'OVERDUE_INSTALLMENT',
      chargeCalculationType: 'FLAT',
      amount: '100',
      penalty: true,
    });
    const loanId = await loanOf(b, { ...PERIODIC, name: 'Accrual with penalty', shortName: 'ACP', charges: [{ id: late }] }, '2026-01-05');
    await closeDays(b, '2026-01-19');
    const accruals = () => accrualRows(b.core, loanId, 'ACCRUAL');

    // 20 January: a fee due 15 January (already past) accrues with the command, dated today, fee alone (the interest
    // was accrued to 19 January by day-end); Dr fees receivable 1220, Cr fee income 4200
    await b.manager.ok('loans.addCharge', { loanId, chargeId: visit, dueDate: '2026-01-15' });
    const now = accruals().at(-1)!;
    expect(now).toMatchObject({ date: '2026-01-20', i: 0, f: 15000, p: 0 });
    expect(linesOf(b.core, now.id)).toEqual([
      ['1220', 15000, 0],
      ['4200', 0, 15000],
    ]);
    // a fee due 25 January waits for that day to be closed
    await b.manager.ok('loans.addCharge', { loanId, chargeId: visit, dueDate: '2026-01-25' });
    expect(accruals().at(-1)!.id).toBe(now.id);
    await closeDays(b, '2026-01-25');
    // 25 January: the fee, and the day's interest: 20/31 of 200.00 = 129.0323 -> 129.03 less 19/31 = 122.5806 -> 122.58
    expect(accruals().at(-1)).toMatchObject({ date: '2026-01-25', i: 12903 - 12258, f: 15000, p: 0 });
    expect(accrued(b.core, loanId)).toEqual({ interest: 12903, fee: 30000, penalty: 0 });

    // installment 1 (due 5 February) is left unpaid: after Fineract's penalty-wait-period of 2 days, the day-end of 7
    // February applies the overdue penalty (services/penalties), dated 5 February; it accrues as it is applied, with
    // that day's accrual, Dr penalties receivable 1240, Cr penalty income 4300
    await closeDays(b, '2026-02-10');
    const penalty = b.core.db.prepare("SELECT due_date AS date, amount FROM loan_charges WHERE loan_id = ? AND time_type = 'OVERDUE_INSTALLMENT' AND active = 1").get(loanId);
    expect(penalty).toEqual({ date: '2026-02-05', amount: 10000 });
    const withPenalty = accruals().find((a) => a.p > 0)!;
    expect(withPenalty).toMatchObject({ date: '2026-02-07', p: 10000 });
    expect(linesOf(b.core, withPenalty.id).filter(([code]) => code === '1240' || code === '4300')).toEqual([
      ['1240', 10000, 0],
      ['4300', 0, 10000],
    ]);
    // to 10 February: installment 1's 200.00 and 5/28 of installment 2's 134.65 (24.0446 -> 24.04); the two visit fees
    expect(accrued(b.core, loanId)).toEqual({ interest: 20000 + 2404, fee: 30000, penalty: 10000 });
    // the client pays what is overdue: penalty, fees and interest come off their receivables
    const overdue = (await b.manager.ok('loans.get', { loanId })).summary.totalOverdue;
    await b.manager.ok('loans.repay', { loanId, transactionAmount: overdue, paymentTypeCode: 'MOBILE_MONEY' });
    expect(glBalance(b.core, '1240')).toBe(0);
    expect(glBalance(b.core, '1220')).toBe(0);
    assertInvariants(b.core);
  });
});

/**
 * Fineract's AccountingScenarioIntegrationTest.checkPeriodicAccrualAccountingFlow: the loan of the upfront flow on
 * ACCRUAL_PERIODIC. Its "Add Accrual Transactions" job accrues each installment's 200.00 on its due date (4 May, 4
 * July, 4 September, 4 November 2011); day-end here accrues day by day, so by each due date the accruals add up to
 * 200.00 an installment; the 400.00 waiver of 4 November credits the receivable and debits the expense account.
 */
describe('ACCRUAL_PERIODIC: Fineract checkPeriodicAccrualAccountingFlow', () => {
  it('has accrued 200.00 an installment by each due date, and books the waiver to losses', async () => {
    const b = await accrualBranch();
    const loanId = await loanOf(b, { ...UPFRONT, name: 'Fineract periodic', shortName: 'PER', accountingRule: 'ACCRUAL_PERIODIC' }, '2011-03-04');
    const dues = ['2011-05-04', '2011-07-04', '2011-09-04', '2011-11-04'];
    await closeDays(b, '2011-11-04');
    const rows = accrualRows(b.core, loanId, 'ACCRUAL');
    dues.forEach((due, k) => expect(rows.filter((r) => r.date <= due).reduce((s, r) => s + r.i, 0), due).toBe(20000 * (k + 1)));
    // 61 days from 4 March to 4 May: the first day's accrual is 200.00 / 61 = 3.2787 -> 3.28
    expect(rows[0]).toMatchObject({ date: '2011-03-05', i: 328 });
    // the books moved to 5 November: the waiver is dated 4 November, as Fineract's
    const waiver = await b.manager.ok('loans.waiveInterest', { loanId, transactionAmount: '400', transactionDate: '2011-11-04' });
    expect(linesOf(b.core, waiver.transactionId)).toEqual([
      ['5100', 40000, 0],
      ['1210', 0, 40000],
    ]);
    expect(glBalance(b.core, '1210')).toBe(80000 + 0 - 40000);
    assertInvariants(b.core);
  });
});
