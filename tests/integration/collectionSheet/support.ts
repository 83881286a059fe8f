import { ADMIN } from '../../support/core';
import { setBusinessDate, tillCash } from '../../support/lending';
import { groupsBranch, type GroupsBranch } from '../groups/support';
export { WEEKLY_TUESDAY } from '../groups/support';

/**
 * A weekly JLG product for the collection sheet's tests, its figures easy to work by hand: 8,000 over 8 weekly
 * installments, FLAT interest 8% for the whole term (640, 80 a week), so each installment is 1,000 principal + 80
 * interest = 1,080.
 */
export const UMOJA_WEEKLY = {
  name: 'Umoja Weekly',
  shortName: 'UW8',
  currencyCode: 'KES',
  principal: '8000',
  minPrincipal: '1000',
  maxPrincipal: '100000',
  numberOfRepayments: 8,
  repaymentEvery: 1,
  repaymentFrequencyType: 'WEEKS',
  interestRatePerPeriod: '8',
  interestRateFrequencyType: 'WHOLE_TERM',
  interestType: 'FLAT',
  amortizationType: 'EQUAL_INSTALLMENTS',
  interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
  daysInYearType: 'ACTUAL',
  daysInMonthType: 'ACTUAL',
  transactionProcessingStrategyCode: 'mifos-standard-strategy',
};

export const AKIBA_GROUP = {
  name: 'Akiba Group',
  shortName: 'AKG',
  currencyCode: 'KES',
  nominalAnnualInterestRate: '0',
  interestCompoundingPeriodType: 'MONTHLY',
  interestPostingPeriodType: 'MONTHLY',
  interestCalculationType: 'DAILY_BALANCE',
  interestCalculationDaysInYearType: 365,
} as const;

export interface SheetBranch extends GroupsBranch {
  weeklyProductId: number;
  savingsProductId: number;
}

/** The groups branch (2026-03-02) with the weekly JLG product and a voluntary savings product (no interest). */
export async function sheetBranch(): Promise<SheetBranch> {
  const b = await groupsBranch();
  const { id: weeklyProductId } = await b.admin.ok('loanProducts.create', UMOJA_WEEKLY as never);
  const { id: savingsProductId } = await b.manager.ok('savingsProducts.create', AKIBA_GROUP as never);
  return { ...b, weeklyProductId, savingsProductId };
}

/**
 * The JLG loans of `clientIds` in `groupId` (loans.submitJlg, tied to the meeting calendar 1), approved and disbursed
 * in cash on `date` (a meeting): their installments fall on the next 8 meetings. Returns the loan ids.
 */
export async function jlgLoans(b: SheetBranch, groupId: number, clientIds: number[], date: string, principal = '8000'): Promise<number[]> {
  setBusinessDate(b.core, date);
  const { loanIds } = await b.officer.ok('loans.submitJlg', { groupId, productId: b.weeklyProductId, calendarId: 1, expectedDisbursementDate: date, members: clientIds.map((clientId) => ({ clientId, principal })) } as never);
  await b.manager.ok('loans.approveJlg', { groupId, loanIds });
  await b.teller.ok('loans.disburseJlg', { groupId, loanIds, paymentTypeCode: 'CASH' });
  return loanIds;
}

/** An active voluntary savings account (no opening deposit). */
export async function groupSavings(b: SheetBranch, clientId: number): Promise<number> {
  const { savingsId } = await b.teller.ok('savings.submit', { clientId, productId: b.savingsProductId });
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId });
  return savingsId;
}

/** Signs every user of the branch in again (a clock moved days ahead locks idle sessions). */
export async function signInAgain(b: SheetBranch): Promise<void> {
  await b.admin.ok('session.login', { username: ADMIN.username, password: ADMIN.password });
  for (const [who, caller] of [['manager', b.manager], ['officer', b.officer], ['teller', b.teller], ['accountant', b.accountant]] as const) {
    await caller.ok('session.login', { username: who, password: 'Str0ng-pass-2026' });
  }
}

/** A till's exact count: its thousands in notes, the rest in 1-shilling coins (the tests move whole shillings). */
function countOf(balance: string): { denomination: string; quantity: number }[] {
  const shillings = Number(balance.split('.')[0]);
  return [{ denomination: '1000', quantity: Math.floor(shillings / 1000) }, { denomination: '1', quantity: shillings % 1000 }].filter((c) => c.quantity > 0);
}

/**
 * Closes the business days up to `lastDay` by day-end (the PC's clock moved to the day after it): the open tills of
 * the teller, the manager and the admin are closed with their exact count first (day-end refuses while a till is
 * open) and opened again after.
 */
export async function dayEndThrough(b: SheetBranch, lastDay: string): Promise<void> {
  const target = new Date(`${lastDay}T08:00:00Z`).getTime() + 86_400_000;
  const now = b.clock.now().getTime();
  if (target > now) {
    b.clock.advanceMinutes((target - now) / 60_000);
    await signInAgain(b);
  }
  const counts = new Map<typeof b.teller, { denomination: string; quantity: number }[]>();
  for (const who of [b.teller, b.manager, b.admin]) {
    const till = await who.ok('tills.current', {});
    if (!till.open) continue;
    const count = countOf((await tillCash(b.manager, who))!);
    await who.ok('tills.close', { count });
    counts.set(who, count);
  }
  await b.manager.ok('dayEnd.run', { untilDate: lastDay });
  for (const [who, count] of counts) await who.ok('tills.open', { count });
}
