import { BIASHARA, setBusinessDate } from '../../support/lending';
import { groupsBranch, type GroupsBranch } from '../groups/support';

/**
 * The flow reports' branch (groupsBranch: Joseph is staff 1, Grace staff 2 and the loan officer user's own) with a
 * flat-interest product so that every figure is worked by hand: 12 monthly repayments at 12 % a year flat, so a
 * loan of P repays P/12 principal and P x 1 % interest each month (12,000.00 -> 1,000.00 + 120.00 = 1,120.00).
 *
 * - loan A: client 1, Joseph, 12,000.00 disbursed 2026-01-05 (due the 5th: 1,120.00 each)
 * - loan B: client 2, Grace, 6,000.00 disbursed 2026-01-12 (due the 12th: 500.00 + 60.00 = 560.00)
 * - loan C: client 3, Grace, 24,000.00 disbursed 2026-02-20 (due the 20th from March: 2,000.00 + 240.00 = 2,240.00)
 * - 2026-02-05 A pays 1,120.00 (installment 1); 2026-02-12 B pays 300.00 (interest 60.00, principal 240.00);
 *   2026-02-25 A pays 500.00 in advance (installment 2: interest 120.00, principal 380.00)
 * - 2026-03-02 (the business date): B pays 100.00, undone the same day (it counts nowhere); loan D, client 4,
 *   Grace, 5,000.00, approved, expected to be disbursed 2026-03-10
 */
export const FLAT = {
  ...BIASHARA,
  name: 'Flat Monthly',
  shortName: 'FM12',
  principal: '12000',
  interestRatePerPeriod: '12',
  interestType: 'FLAT',
};

export interface FlowsBranch extends GroupsBranch {
  loans: { a: number; b: number; c: number; d: number };
}

async function disburse(b: GroupsBranch, date: string, clientId: number, staffId: number, principal: string): Promise<number> {
  setBusinessDate(b.core, date);
  const { loanId } = await b.admin.ok('loans.submit', { clientId, productId: b.productId, principal, loanOfficerId: staffId } as never);
  await b.manager.ok('loans.approve', { loanId });
  await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
  return loanId;
}

export async function flowsBranch(): Promise<FlowsBranch> {
  const b = await groupsBranch(FLAT);
  const [joseph, grace] = b.staff;
  const a = await disburse(b, '2026-01-05', b.clients[0]!, joseph, '12000');
  const bb = await disburse(b, '2026-01-12', b.clients[1]!, grace, '6000');
  setBusinessDate(b.core, '2026-02-05');
  await b.teller.ok('loans.repay', { loanId: a, transactionAmount: '1120' });
  setBusinessDate(b.core, '2026-02-12');
  await b.teller.ok('loans.repay', { loanId: bb, transactionAmount: '300' });
  const c = await disburse(b, '2026-02-20', b.clients[2]!, grace, '24000');
  setBusinessDate(b.core, '2026-02-25');
  await b.teller.ok('loans.repay', { loanId: a, transactionAmount: '500' });
  setBusinessDate(b.core, '2026-03-02');
  const undone = await b.teller.ok('loans.repay', { loanId: bb, transactionAmount: '100' });
  await b.manager.ok('loans.adjustTransaction', { loanId: bb, transactionId: undone.transactionId, transactionAmount: '0' });
  const { loanId: d } = await b.admin.ok('loans.submit', { clientId: b.clients[3]!, productId: b.productId, principal: '5000', loanOfficerId: grace, expectedDisbursementDate: '2026-03-10' } as never);
  await b.manager.ok('loans.approve', { loanId: d });
  return { ...b, loans: { a, b: bb, c, d } };
}
