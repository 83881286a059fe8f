import type { Caller } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';
import { openSavings } from '../../support/savings';
import { groupsBranch, type GroupsBranch } from '../groups/support';

/**
 * A product whose figures are worked by hand at a glance: 12,000 over 12 monthly installments, FLAT interest 12% for
 * the whole term (1,440, 120 a month), so each installment is 1,000 principal + 120 interest = 1,120. Seven working
 * days a week (the default): due dates are the disbursal day of each following month.
 */
export const FLAT_MONTHLY = {
  name: 'Flat Monthly',
  shortName: 'FM12',
  currencyCode: 'KES',
  principal: '12000',
  minPrincipal: '1000',
  maxPrincipal: '100000',
  numberOfRepayments: 12,
  repaymentEvery: 1,
  repaymentFrequencyType: 'MONTHS',
  interestRatePerPeriod: '12',
  interestRateFrequencyType: 'WHOLE_TERM',
  interestType: 'FLAT',
  amortizationType: 'EQUAL_INSTALLMENTS',
  interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
  daysInYearType: 'ACTUAL',
  daysInMonthType: 'ACTUAL',
  transactionProcessingStrategyCode: 'mifos-standard-strategy',
};

/** The report date: every loan's lateness below is counted to it. */
export const REPORT_DATE = '2026-07-01';

export interface PortfolioBranch extends GroupsBranch {
  /** staff 1 Joseph Mwangi, staff 2 Grace Wanjiru (the officer user's own) */
  joseph: number;
  grace: number;
  loans: { onTime: number; late5: number; late35: number; late65: number; late95: number; writtenOff: number; paidOff: number; awaitingDisbursal: number; pendingApproval: number };
}

async function disbursed(b: GroupsBranch, who: Caller, date: string, clientId: number, loanOfficerId: number): Promise<number> {
  setBusinessDate(b.core, date);
  const { loanId } = await who.ok('loans.submit', { clientId, productId: b.productId, loanOfficerId } as never);
  await b.manager.ok('loans.approve', { loanId });
  await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
  return loanId;
}

async function repay(b: GroupsBranch, date: string, loanId: number, amount: string): Promise<void> {
  setBusinessDate(b.core, date);
  await b.teller.ok('loans.repay', { loanId, transactionAmount: amount, paymentTypeCode: 'CASH' });
}

/**
 * The scenario branch, built through the API in date order, reported on 2026-07-01 (business date):
 *
 * | loan       | client    | officer | disbursed  | installment 1 due | what happened                          |
 * |------------|-----------|---------|------------|-------------------|----------------------------------------|
 * | writtenOff | Muthoni   | Joseph  | 2026-02-02 | 2026-03-02        | nothing paid; written off 2026-06-15   |
 * | late95     | Atieno    | Grace   | 2026-02-28 | 2026-03-28        | nothing paid: 95 days late on 07-01    |
 * | paidOff    | Nafula    | Joseph  | 2026-03-02 | 2026-04-02        | 13,440 paid 2026-04-15: closed         |
 * | late65     | Njeri     | Joseph  | 2026-03-27 | 2026-04-27        | nothing paid: 65 days late             |
 * | late35     | Akinyi    | Grace   | 2026-04-27 | 2026-05-27        | 500 paid 2026-06-10: 35 days late      |
 * | onTime     | Amina     | Grace   | 2026-05-01 | 2026-06-01        | 1,120 paid 2026-06-01: on time         |
 * | late5      | Wanjiku   | Joseph  | 2026-05-26 | 2026-06-26        | nothing paid: 5 days late              |
 * | awaitingDisbursal | Chebet | Joseph | approved 2026-06-30, expected 2026-07-06 (12,000)           |
 * | pendingApproval   | Chebet | Grace  | submitted 2026-06-30 (12,000)                               |
 *
 */
export async function portfolioBranch(): Promise<PortfolioBranch> {
  const b = await groupsBranch(FLAT_MONTHLY);
  const [joseph, grace] = b.staff;
  const [amina, wanjiku, akinyi, njeri, atieno, chebet, muthoni, nafula] = b.clients as [number, number, number, number, number, number, number, number];
  setBusinessDate(b.core, '2026-02-02');
  const { id: savingsProductId } = await b.manager.ok('savingsProducts.create', AKIBA as never);
  for (const clientId of [amina, wanjiku]) {
    const savingsId = await openSavings(b, savingsProductId, clientId);
    await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '5000', paymentTypeCode: 'CASH' });
  }
  const writtenOff = await disbursed(b, b.officer, '2026-02-02', muthoni, joseph);
  const late95 = await disbursed(b, b.officer, '2026-02-28', atieno, grace);
  const paidOff = await disbursed(b, b.officer, '2026-03-02', nafula, joseph);
  const late65 = await disbursed(b, b.officer, '2026-03-27', njeri, joseph);
  await repay(b, '2026-04-15', paidOff, '13440');
  const late35 = await disbursed(b, b.officer, '2026-04-27', akinyi, grace);
  const onTime = await disbursed(b, b.officer, '2026-05-01', amina, grace);
  const late5 = await disbursed(b, b.officer, '2026-05-26', wanjiku, joseph);
  await repay(b, '2026-06-01', onTime, '1120');
  await repay(b, '2026-06-10', late35, '500');
  setBusinessDate(b.core, '2026-06-15');
  await b.manager.ok('loans.writeOff', { loanId: writtenOff, note: 'client left the area' });
  setBusinessDate(b.core, '2026-06-30');
  const { loanId: awaitingDisbursal } = await b.officer.ok('loans.submit', { clientId: chebet, productId: b.productId, loanOfficerId: joseph, expectedDisbursementDate: '2026-07-06' } as never);
  await b.manager.ok('loans.approve', { loanId: awaitingDisbursal });
  const { loanId: pendingApproval } = await b.officer.ok('loans.submit', { clientId: chebet, productId: b.productId, loanOfficerId: grace } as never);
  setBusinessDate(b.core, REPORT_DATE);
  return { ...b, joseph, grace, loans: { onTime, late5, late35, late65, late95, writtenOff, paidOff, awaitingDisbursal, pendingApproval } };
}
