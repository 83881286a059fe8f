import { asCommand } from '../../support/command';
import { setBusinessDate } from '../../support/lending';
import { groupsBranch, type GroupsBranch } from '../groups/support';

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

export const WEEKLY_TUESDAY = {
  entityType: 'CENTER',
  entityId: 1,
  typeId: 'COLLECTION',
  startDate: '2026-03-03',
  frequency: 'WEEKLY',
  interval: 1,
  repeatsOnDay: 'TUESDAY',
  location: 'Kibera market hall',
  meetingtime: '09:00',
};

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
 * A JLG loan of `clientId` in `groupId`, disbursed on `date` (a meeting) with its first installment a week later
 * (the next meeting), tied to the group and its calendar: made with loans.submit and the loan_groups row written in
 * a command-shaped transaction until loans.submitJlg lands (another engineer's part of issue 17).
 */
export async function jlgLoan(b: SheetBranch, clientId: number, groupId: number, date: string, firstRepayment: string, principal = '8000', calendarId: number | null = 1): Promise<number> {
  setBusinessDate(b.core, date);
  const { loanId } = await b.officer.ok('loans.submit', { clientId, productId: b.weeklyProductId, principal, expectedDisbursementDate: date, repaymentsStartingFromDate: firstRepayment } as never);
  asCommand(b, 'officer', () => b.core.db.prepare('INSERT INTO loan_groups (loan_id, group_id, calendar_id, sync_disbursement_with_meeting) VALUES (?, ?, ?, 0)').run(loanId, groupId, calendarId));
  await b.manager.ok('loans.approve', { loanId });
  await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
  return loanId;
}

/** An active voluntary savings account (no opening deposit). */
export async function groupSavings(b: SheetBranch, clientId: number): Promise<number> {
  const { savingsId } = await b.teller.ok('savings.submit', { clientId, productId: b.savingsProductId });
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId });
  return savingsId;
}
