import type {
  AccountantSection,
  ArrearsLoan,
  Dashboard,
  DashboardTill,
  LoanOfficerSection,
  ManagerSection,
  ReportLink,
  TellerSection,
} from '../../../../shared/contract/dashboard';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { Registry } from '../../dispatch/registry';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { addDays, daysBetween } from '../../domain/calendar/isoDate';
import { wholePercent } from '../../domain/tills';
import { percentage } from '../../hq/figures';
import { trialBalance } from '../accounting/views';
import { lastClosedRun } from '../dayEnd/repository';
import { staffIdOfUser } from '../groups/repository';
import { accountBalance, accountByTag } from '../ledger';
import { getOrganisation } from '../organisation';
import { openSessionOf, tillOfUser, tillsWithLastSession } from '../tills/repository';
import {
  arrearsInVisitOrder,
  awaitingCounts,
  branchSnapshotsBetween,
  cashInTills,
  closureState,
  customerMovements,
  dueBetween,
  lastBranchSnapshots,
  portfolioByProduct,
} from './repository';

/** The closed days the manager's trend shows. */
export const TREND_DAYS = 90;
const DUE_LIST_ROWS = 100;
const ARREARS_ROWS = 200;

/** Dashboards (issue 18): `dashboard.get`, the signed-in user's home screen, one section per role. */
export function registerDashboard(registry: Registry): void {
  registry.register('dashboard.get', (ctx) => dashboardOf(ctx));
}

interface Env {
  db: Db;
  date: string;
  money: (minor: number) => string;
}

export function dashboardOf(ctx: HandlerContext): Dashboard {
  const actor = actorOf(ctx);
  const org = getOrganisation(ctx.db);
  const env: Env = { db: ctx.db, date: ctx.businessDate(), money: (m) => formatMoney(m, org.currency.decimalPlaces) };
  const roles = new Set(actor.roles);
  const out: Dashboard = { businessDate: env.date, lastClosedDate: lastClosedRun(ctx.db)?.business_date ?? null, currencyCode: org.currency.code };
  if (roles.has('BRANCH_MANAGER')) out.manager = managerSection(env);
  if (roles.has('LOAN_OFFICER')) out.loanOfficer = loanOfficerSection(env, staffIdOfUser(ctx.db, actor.userId));
  if (roles.has('TELLER')) out.teller = tellerSection(env, actor.userId);
  if (roles.has('ACCOUNTANT')) out.accountant = accountantSection(env);
  return out;
}

/** Outstanding principal, PAR1, PAR30 and the arrears rate of the active loans now (a loan officer's, or the branch's). */
function portfolioNow(env: Env, staffId: number | null) {
  const products = portfolioByProduct(env.db, env.date, addDays(env.date, -30), staffId);
  const sum = (k: 'loans' | 'outstanding' | 'par1' | 'par30' | 'overdue') => products.reduce((s, p) => s + p[k], 0);
  return { products, loans: sum('loans'), outstanding: sum('outstanding'), par1: sum('par1'), par30: sum('par30'), overdue: sum('overdue') };
}

function managerSection(env: Env): ManagerSection {
  const { date, money } = env;
  const now = portfolioNow(env, null);
  const par: ReportLink = { report: 'portfolioAtRisk', asOf: date };
  // the trend reads what each day-end reported then (day_end_snapshots), never today's books
  const points = lastBranchSnapshots(env.db, TREND_DAYS)
    .reverse()
    .map((s) => ({ date: s.date, par30: percentage(s.par30, s.principal_outstanding), arrearsRate: percentage(s.principal_overdue, s.principal_outstanding) }));
  const fromDate = `${date.slice(0, 8)}01`;
  const days = branchSnapshotsBetween(env.db, fromDate, date);
  const total = (k: 'disbursed' | 'collected') => days.reduce((s, d) => s + d[k], 0);
  const counts = new Map(awaitingCounts(env.db).map((c) => [c.status, c]));
  const count = (status: number, report: 'awaitingApproval' | 'awaitingDisbursal') => ({
    count: counts.get(status)?.n ?? 0,
    amount: money(counts.get(status)?.amount ?? 0),
    report: { report, asOf: date },
  });
  const tills: DashboardTill[] = tillsWithLastSession(env.db).map((t) => ({
    username: t.username,
    displayName: t.display_name,
    open: t.session !== null && t.session.closed_at === null,
    balance: money(t.balance),
    cashLimit: t.cash_limit === null ? null : money(t.cash_limit),
    shareOfLimit: t.cash_limit === null ? null : percentage(t.balance, t.cash_limit),
  }));
  return {
    par30: { value: percentage(now.par30, now.outstanding), report: par },
    arrearsRate: { value: percentage(now.overdue, now.outstanding), report: { ...par, parType: 1 } },
    principalOutstanding: { value: money(now.outstanding), report: { report: 'activeLoans', asOf: date } },
    activeLoans: { value: now.loans, report: { report: 'activeLoans', asOf: date } },
    trend: { points, report: { ...par, groupBy: 'loanOfficer' } },
    month: {
      fromDate,
      toDate: date,
      days: days.map((d) => ({ date: d.date, disbursed: money(d.disbursed), collected: money(d.collected) })),
      disbursed: { value: money(total('disbursed')), report: { report: 'disbursals', fromDate, toDate: date } },
      collected: { value: money(total('collected')), report: { report: 'collections', fromDate, toDate: date } },
    },
    awaitingApproval: count(100, 'awaitingApproval'),
    awaitingDisbursal: count(200, 'awaitingDisbursal'),
    tills: { rows: tills, report: { report: 'tellerCashSummary', asOf: date } },
    products: {
      rows: now.products.map((p) => ({
        productId: p.product_id,
        name: p.name,
        activeLoans: p.loans,
        principalOutstanding: money(p.outstanding),
        share: percentage(p.outstanding, now.outstanding),
        par30: percentage(p.par30, p.outstanding),
        report: { report: 'portfolioAtRisk', asOf: date, productId: p.product_id },
      })),
      report: { ...par, groupBy: 'product' },
    },
  };
}

function loanOfficerSection(env: Env, staffId: number | null): LoanOfficerSection {
  const { date, money } = env;
  const weekEnd = addDays(date, 6);
  const mine: Record<string, number> = staffId === null ? {} : { loanOfficerId: staffId };
  const due = staffId === null ? [] : dueBetween(env.db, staffId, date, weekEnd);
  const today = due.filter((d) => d.due_date === date);
  const clients = (rows: typeof due) => new Set(rows.map((r) => r.client_id)).size;
  const amount = (rows: typeof due) => money(rows.reduce((s, r) => s + r.amount, 0));
  const arrears = staffId === null ? [] : arrearsInVisitOrder(env.db, staffId, date);
  const now = staffId === null ? { loans: 0, outstanding: 0, par1: 0, par30: 0, overdue: 0 } : portfolioNow(env, staffId);
  const par: ReportLink = { report: 'portfolioAtRisk', asOf: date, ...mine };
  return {
    staffId,
    dueToday: { count: today.length, clients: clients(today), amount: amount(today), report: { report: 'expectedPayments', fromDate: date, toDate: date, ...mine } },
    dueThisWeek: { count: due.length, clients: clients(due), amount: amount(due), toDate: weekEnd, report: { report: 'expectedPayments', fromDate: date, toDate: weekEnd, ...mine } },
    dueList: due.slice(0, DUE_LIST_ROWS).map((d) => ({ loanId: d.loan_id, accountNo: d.account_no, clientId: d.client_id, clientName: d.client_name, dueDate: d.due_date, amount: money(d.amount) })),
    arrears: {
      count: arrears.length,
      rows: arrears.slice(0, ARREARS_ROWS).map(
        (a): ArrearsLoan => ({
          loanId: a.loan_id,
          accountNo: a.account_no,
          clientId: a.client_id,
          clientName: a.client_name,
          mobileNo: a.mobile_no,
          centerName: a.center_name,
          groupName: a.group_name,
          daysLate: daysBetween(a.oldest_unpaid_due, date),
          overdue: money(a.overdue),
          principalOutstanding: money(a.principal_outstanding),
        }),
      ),
      report: { report: 'agingDetail', asOf: date, ...mine },
    },
    par1: { value: percentage(now.par1, now.outstanding), report: par },
    par30: { value: percentage(now.par30, now.outstanding), report: par },
    arrearsRate: { value: percentage(now.overdue, now.outstanding), report: { ...par, parType: 1 } },
    principalOutstanding: { value: money(now.outstanding), report: { report: 'loanOfficerPortfolio', asOf: date, ...mine } },
    activeLoans: { value: now.loans, report: { report: 'activeLoans', asOf: date, ...mine } },
  };
}

/**
 * The teller's till without an amount: the close is counted blind (DOMAIN.md "Tellers and cash"), so even the share
 * of the limit is given in whole percent (half-even), too coarse to read the cash back from a known limit.
 */
function tellerSection(env: Env, userId: number): TellerSection {
  const till = tillOfUser(env.db, userId);
  if (!till) return { hasTill: false, tillOpen: false, shareOfLimit: null, transactionsToday: 0 };
  const open = openSessionOf(env.db, till.id) !== undefined;
  return {
    hasTill: true,
    tillOpen: open,
    shareOfLimit: open && till.cash_limit !== null ? wholePercent(till.balance, till.cash_limit) : null,
    transactionsToday: customerMovements(env.db, till.id, env.date),
  };
}

function accountantSection(env: Env): AccountantSection {
  const { date, money } = env;
  const tb = trialBalance(env.db, date);
  const closures = closureState(env.db);
  const vault = accountBalance(env.db, accountByTag(env.db, 'CASH_VAULT'));
  const tills = cashInTills(env.db);
  const cash: ReportLink = { report: 'tellerCashSummary', asOf: date };
  return {
    trialBalance: { balanced: tb.totalDebit === tb.totalCredit, totalDebit: tb.totalDebit, totalCredit: tb.totalCredit, report: { report: 'trialBalance', asOf: date } },
    closures: { lastClosingDate: closures.last, daysNotClosed: closures.daysAfter, report: { report: 'incomeStatement', fromDate: closures.last === null ? `${date.slice(0, 4)}-01-01` : addDays(closures.last, 1), toDate: date } },
    cash: {
      vault: { value: money(vault), report: cash },
      tills: { value: money(tills), report: cash },
      total: { value: money(vault + tills), report: cash },
    },
  };
}
