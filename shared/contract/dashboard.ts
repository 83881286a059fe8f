import { z } from 'zod';
import { op } from './operation';
import type { ReportName } from './reports';
import type { RoleCode } from '../permissions';

/** The roles with a section on the home screen, in the order the screen shows them. */
export const DASHBOARD_ROLES = ['BRANCH_MANAGER', 'LOAN_OFFICER', 'TELLER', 'ACCOUNTANT'] as const satisfies readonly RoleCode[];

/** Whether a user with these roles has a home screen of figures (an administrator alone has none). */
export function hasDashboard(roles: readonly string[]): boolean {
  return DASHBOARD_ROLES.some((r) => roles.includes(r));
}

/**
 * The home screen per role (issue 18, "Dashboards"): the signed-in user's figures, one section per role they hold
 * (a user with several roles gets each role's section). Money is decimal text in the branch's currency, percentages
 * decimal text with two places ("12.35", null when there is nothing to divide by), dates ISO text. Every figure
 * names the report behind it, so the screen opens it: `/reports/<report>?<parameter>=<value>`.
 * Read from what the books keep (outstanding, oldest unpaid due date, the arrears snapshot, the day-end snapshots):
 * never a schedule replayed, so it stays fast on a large branch.
 */

/** A report and its parameters (shared/contract/reports.ts): {"report":"portfolioAtRisk","groupBy":"loanOfficer"}. */
export interface ReportLink {
  report: ReportName;
  [parameter: string]: string | number;
}

/** One figure: its value and the report behind it (null: the user may run no report for it, a teller). */
export interface DashboardFigure<T = string | null> {
  value: T;
  report: ReportLink | null;
}

/** A count of loans and their amount (awaiting approval, awaiting disbursal, due). */
export interface DashboardCount {
  count: number;
  amount: string;
  report: ReportLink;
}

export interface TrendPoint {
  /** the closed business date */
  date: string;
  par30: string | null;
  arrearsRate: string | null;
}

export interface FlowDay {
  date: string;
  disbursed: string;
  collected: string;
}

export interface DashboardTill {
  username: string;
  displayName: string;
  open: boolean;
  /** cash in the till now (a branch manager sees every till's, as on the vault screen) */
  balance: string;
  cashLimit: string | null;
  /** balance over the cash limit, a percentage; null without a limit */
  shareOfLimit: string | null;
}

export interface ProductSlice {
  productId: number;
  name: string;
  activeLoans: number;
  principalOutstanding: string;
  /** the product's share of the branch's outstanding principal */
  share: string | null;
  par30: string | null;
  report: ReportLink;
}

export interface ManagerSection {
  /** PAR30 now: outstanding principal of the loans more than 30 days late over all outstanding principal */
  par30: DashboardFigure;
  /** Fineract's arrears rate now (its parType 1): principal overdue over principal outstanding */
  arrearsRate: DashboardFigure;
  principalOutstanding: DashboardFigure<string>;
  activeLoans: DashboardFigure<number>;
  /** the last 90 closed days, oldest first, as each day-end reported them */
  trend: { points: TrendPoint[]; report: ReportLink };
  /** the closed days of the business date's month (day-end's figures), with their totals */
  month: { fromDate: string; toDate: string; days: FlowDay[]; disbursed: DashboardFigure<string>; collected: DashboardFigure<string> };
  awaitingApproval: DashboardCount;
  awaitingDisbursal: DashboardCount;
  tills: { rows: DashboardTill[]; report: ReportLink };
  products: { rows: ProductSlice[]; report: ReportLink };
}

export interface DueLoan {
  loanId: number;
  accountNo: string;
  clientId: number;
  clientName: string;
  dueDate: string;
  amount: string;
}

export interface ArrearsLoan {
  loanId: number;
  accountNo: string;
  clientId: number;
  clientName: string;
  mobileNo: string | null;
  centerName: string | null;
  groupName: string | null;
  daysLate: number;
  overdue: string;
  principalOutstanding: string;
}

export interface LoanOfficerSection {
  /** the staff member the user is (null: the user is not linked to a loan officer, and every figure is empty) */
  staffId: number | null;
  /** installments due on the business date and still unpaid, of my active loans */
  dueToday: DashboardCount & { clients: number };
  /** due from the business date to six days after it */
  dueThisWeek: DashboardCount & { clients: number; toDate: string };
  /** the first of those installments, by due date then client (at most 100) */
  dueList: DueLoan[];
  /** my loans in arrears in visit order: by center, group, then most days late first (at most 200 rows) */
  arrears: { count: number; rows: ArrearsLoan[]; report: ReportLink };
  par1: DashboardFigure;
  par30: DashboardFigure;
  arrearsRate: DashboardFigure;
  principalOutstanding: DashboardFigure<string>;
  activeLoans: DashboardFigure<number>;
}

/** A teller's section: never an amount (the till's close stays blind). */
export interface TellerSection {
  hasTill: boolean;
  tillOpen: boolean;
  /** how full the till is against its cash limit, in whole percent written with two places; null when closed or without a limit */
  shareOfLimit: string | null;
  /** cash transactions through my till on the business date (disbursals, repayments, deposits, withdrawals) */
  transactionsToday: number;
}

export interface AccountantSection {
  trialBalance: { balanced: boolean; totalDebit: string; totalCredit: string; report: ReportLink };
  /** the last accounting closure, and the closed business days after it not yet covered by a closure */
  closures: { lastClosingDate: string | null; daysNotClosed: number; report: ReportLink };
  /** cash in the vault and in the tellers' tills */
  cash: { vault: DashboardFigure<string>; tills: DashboardFigure<string>; total: DashboardFigure<string> };
}

export interface Dashboard {
  businessDate: string;
  /** the last date day-end closed (null before the first) */
  lastClosedDate: string | null;
  currencyCode: string;
  manager?: ManagerSection;
  loanOfficer?: LoanOfficerSection;
  teller?: TellerSection;
  accountant?: AccountantSection;
}

export const dashboardOperations = {
  /** The signed-in user's home screen: one section per role they hold. */
  'dashboard.get': op<Dashboard>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
} as const;
