import { createRouter, createWebHashHistory, type RouteLocationRaw, type RouteMeta, type RouteRecordRaw } from 'vue-router';
import type { OperationName } from '../../shared/contract';
import { useSessionStore } from './stores/useSessionStore';
import AppShell from './components/AppShell.vue';
import WelcomeView from './views/WelcomeView.vue';
import SetupWizardView from './views/SetupWizardView.vue';
import SignInView from './views/SignInView.vue';
import ClientsListView from './views/ClientsListView.vue';
import ClientFormView from './views/ClientFormView.vue';
import ClientDetailView from './views/ClientDetailView.vue';
import UsersView from './views/UsersView.vue';
import SettingsView from './views/SettingsView.vue';
import LoanCalculatorView from './views/LoanCalculatorView.vue';
import TellerRepaymentView from './views/TellerRepaymentView.vue';
import LoansView from './views/LoansView.vue';
import LoanDetailView from './views/LoanDetailView.vue';
import LoanApplicationView from './views/LoanApplicationView.vue';
import LoanProductsView from './views/LoanProductsView.vue';
import ChartOfAccountsView from './views/ChartOfAccountsView.vue';
import JournalEntriesView from './views/JournalEntriesView.vue';
import TrialBalanceView from './views/TrialBalanceView.vue';
import AccountStatementView from './views/AccountStatementView.vue';
import SavingsProductsView from './views/SavingsProductsView.vue';
import ChargesView from './views/ChargesView.vue';
import GroupsView from './views/GroupsView.vue';
import GroupDetailView from './views/GroupDetailView.vue';
import JlgApplicationView from './views/JlgApplicationView.vue';
import CollectionSheetsView from './views/CollectionSheetsView.vue';
import CollectionSheetView from './views/CollectionSheetView.vue';
import CollectionSheetPrintView from './views/CollectionSheetPrintView.vue';
import CenterDetailView from './views/CenterDetailView.vue';
import UnitFormView from './views/UnitFormView.vue';
import SavingsAccountView from './views/SavingsAccountView.vue';
import SavingsAccountsView from './views/SavingsAccountsView.vue';
import SavingsStatementView from './views/SavingsStatementView.vue';
import TellerSavingsView from './views/TellerSavingsView.vue';
import TillView from './views/TillView.vue';
import TillReportView from './views/TillReportView.vue';
import VaultView from './views/VaultView.vue';
import DayEndView from './views/DayEndView.vue';
import CalendarView from './views/CalendarView.vue';
import ExportsView from './views/ExportsView.vue';
import HqSetupView from './views/HqSetupView.vue';
import HqBranchesView from './views/HqBranchesView.vue';
import HqFiguresView from './views/HqFiguresView.vue';
import RestoreView from './views/RestoreView.vue';
import ReportsView from './views/ReportsView.vue';
import ReportView from './views/ReportView.vue';
import DashboardView from './views/DashboardView.vue';
import { hasDashboard } from '../../shared/contract/dashboard';

declare module 'vue-router' {
  interface RouteMeta {
    /** 'setup': only before the branch exists; 'public': signed-out screens; default: needs a session. */
    area?: 'setup' | 'public' | 'app';
    /** A set-up screen of a head office (`branchbox hq serve`) rather than of a branch. */
    headOffice?: boolean;
    /** The operation the screen is for: only a user who may call it may open the screen (and sees it in the menu). */
    op?: OperationName;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/welcome', name: 'welcome', component: WelcomeView, meta: { area: 'setup' } },
  { path: '/setup', name: 'setup', component: SetupWizardView, meta: { area: 'setup' } },
  { path: '/head-office-setup', name: 'hq-setup', component: HqSetupView, meta: { area: 'setup', headOffice: true } },
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { area: 'public' } },
  {
    path: '/',
    component: AppShell,
    children: [
      // Resolved in beforeEnter, i.e. after the global guard has restored the session (a `redirect` would run
      // before it, with no session yet).
      { path: '', name: 'home', component: DashboardView, beforeEnter: () => homeRoute() },
      { path: 'clients', name: 'clients', component: ClientsListView, meta: { op: 'clients.search' } },
      { path: 'clients/new', name: 'client-new', component: ClientFormView, meta: { op: 'clients.create' } },
      { path: 'clients/:id(\\d+)', name: 'client', component: ClientDetailView, props: true, meta: { op: 'clients.get' } },
      {
        path: 'clients/:id(\\d+)/edit',
        name: 'client-edit',
        component: ClientFormView,
        props: true,
        meta: { op: 'clients.update' },
      },
      {
        path: 'clients/:id(\\d+)/loans/new',
        name: 'loan-new',
        component: LoanApplicationView,
        props: true,
        meta: { op: 'loans.submit' },
      },
      { path: 'teller', name: 'teller', component: TellerRepaymentView, meta: { op: 'loans.repay' } },
      { path: 'teller/savings', name: 'teller-savings', component: TellerSavingsView, meta: { op: 'savings.deposit' } },
      { path: 'till', name: 'till', component: TillView, meta: { op: 'tills.current' } },
      { path: 'till/report', name: 'till-report', component: TillReportView, meta: { op: 'tills.report' } },
      { path: 'vault', name: 'vault', component: VaultView, meta: { op: 'tills.vault' } },
      { path: 'day-end', name: 'day-end', component: DayEndView, meta: { op: 'dayEnd.run' } },
      { path: 'exports', name: 'exports', component: ExportsView, meta: { op: 'exports.status' } },
      { path: 'backups/restore', name: 'restore', component: RestoreView, meta: { op: 'backups.restore' } },
      { path: 'hq/branches', name: 'hq-branches', component: HqBranchesView, meta: { op: 'hq.branches' } },
      { path: 'hq/figures', name: 'hq-figures', component: HqFiguresView, meta: { op: 'hq.portfolio' } },
      { path: 'savings', name: 'savings-accounts', component: SavingsAccountsView, meta: { op: 'savings.list' } },
      { path: 'savings/:id(\\d+)', name: 'savings', component: SavingsAccountView, props: true, meta: { op: 'savings.get' } },
      { path: 'savings/:id(\\d+)/statement', name: 'savings-statement', component: SavingsStatementView, props: true, meta: { op: 'savings.statement' } },
      { path: 'savings-products', name: 'savings-products', component: SavingsProductsView, meta: { op: 'savingsProducts.list' } },
      { path: 'loans', name: 'loans', component: LoansView, meta: { op: 'loans.list' } },
      { path: 'loans/:id(\\d+)', name: 'loan', component: LoanDetailView, props: true, meta: { op: 'loans.get' } },
      { path: 'loan-products', name: 'loan-products', component: LoanProductsView, meta: { op: 'loanProducts.list' } },
      { path: 'charges', name: 'charges', component: ChargesView, meta: { op: 'charges.list' } },
      { path: 'groups', name: 'groups', component: GroupsView, meta: { op: 'groups.list' } },
      { path: 'groups/:id(\\d+)', name: 'group', component: GroupDetailView, props: true, meta: { op: 'groups.get' } },
      { path: 'groups/:id(\\d+)/loans/new', name: 'group-loan-application', component: JlgApplicationView, props: true, meta: { op: 'loans.submitJlg' } },
      { path: 'collection-sheets', name: 'collection-sheets', component: CollectionSheetsView, meta: { op: 'collectionSheet.meetings' } },
      { path: 'collection-sheets/sheet', name: 'collection-sheet', component: CollectionSheetView, meta: { op: 'collectionSheet.get' } },
      { path: 'collection-sheets/print', name: 'collection-sheet-print', component: CollectionSheetPrintView, meta: { op: 'collectionSheet.get' } },
      { path: 'groups/new', name: 'group-new', component: UnitFormView, props: (r) => ({ kind: 'group', centerId: r.query['centerId'] ?? undefined }), meta: { op: 'groups.create' } },
      { path: 'groups/:id(\\d+)/edit', name: 'group-edit', component: UnitFormView, props: (r) => ({ kind: 'group', id: r.params['id'] }), meta: { op: 'groups.update' } },
      { path: 'centers/new', name: 'center-new', component: UnitFormView, props: { kind: 'center' }, meta: { op: 'centers.create' } },
      { path: 'centers/:id(\\d+)', name: 'center', component: CenterDetailView, props: true, meta: { op: 'centers.get' } },
      { path: 'centers/:id(\\d+)/edit', name: 'center-edit', component: UnitFormView, props: (r) => ({ kind: 'center', id: r.params['id'] }), meta: { op: 'centers.update' } },
      { path: 'accounting/chart', name: 'chart', component: ChartOfAccountsView, meta: { op: 'accounting.accounts' } },
      { path: 'accounting/journal', name: 'journal', component: JournalEntriesView, meta: { op: 'accounting.journalEntries' } },
      { path: 'accounting/trial-balance', name: 'trial-balance', component: TrialBalanceView, meta: { op: 'accounting.trialBalance' } },
      { path: 'accounting/statement', name: 'statement', component: AccountStatementView, meta: { op: 'accounting.accountStatement' } },
      { path: 'reports', name: 'reports', component: ReportsView, meta: { op: 'reports.list' } },
      { path: 'reports/:name([a-zA-Z]+)', name: 'report', component: ReportView, props: true, meta: { op: 'reports.run' } },
      { path: 'calculator', name: 'calculator', component: LoanCalculatorView, meta: { op: 'loans.calculateSchedule' } },
      { path: 'users', name: 'users', component: UsersView, meta: { op: 'users.list' } },
      // the branch manager sets the overpayment margin there; the administrator (who may do everything) the rest
      { path: 'settings', name: 'settings', component: SettingsView, meta: { op: 'settings.setOverpaymentMargin' } },
      { path: 'settings/calendar', name: 'calendar', component: CalendarView, meta: { op: 'workingDays.update' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

/** Whether the signed-in user may open a screen: it names the operation it is for (no operation: anyone signed in). */
function mayOpen(meta: RouteMeta): boolean {
  return !meta.op || useSessionStore().canCall(meta.op);
}

/**
 * Where a signed-in user lands: at a branch, their dashboard when a role of theirs has one (issue 18: manager, loan
 * officer, teller, accountant); else the client list for everyone who may open it; at a head office, the branches;
 * else the calculator (any branch user may open it), or at a head office the users.
 */
const HOMES = ['clients', 'hq-branches', 'calculator', 'users'] as const;
function homeRoute(): RouteLocationRaw | true {
  const session = useSessionStore();
  if (!session.headOffice && hasDashboard(session.session?.user.roles ?? [])) return true;
  return { name: HOMES.find((name) => mayOpen(router.resolve({ name }).meta)) ?? 'calculator' };
}

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.setupStatus) {
    try {
      await session.loadStatus();
    } catch {
      // App.vue shows "cannot reach Branchbox" with a retry button.
      session.hostUnreachable = true;
      return true;
    }
  }
  const area = to.meta.area ?? 'app';

  if (!session.initialized) {
    // a head office is set up on its own screen; a branch's are the welcome and the wizard
    const ownSetup = session.headOffice ? 'hq-setup' : 'welcome';
    return area === 'setup' && (to.meta.headOffice ?? false) === session.headOffice ? true : { name: ownSetup };
  }
  if (area === 'setup') {
    // Right after opening the training demo the welcome screen shows the demo passwords once.
    if (to.name === 'welcome' && session.demoUsers.length > 0) return true;
    return session.signedIn ? { path: '/' } : { name: 'sign-in' };
  }
  if (!session.restored) {
    try {
      await session.restore();
    } catch {
      session.hostUnreachable = true;
      return true;
    }
  }
  if (area === 'public') {
    return session.signedIn ? { path: '/' } : true;
  }
  if (!session.signedIn) {
    // A locked session keeps its place: the lock screen covers it (App.vue).
    if (session.locked) return true;
    return to.fullPath === '/' ? { name: 'sign-in' } : { name: 'sign-in', query: { next: to.fullPath } };
  }
  if (!mayOpen(to.meta)) {
    // a screen the user may not open sends them home: their dashboard, or the first home screen they may open
    return to.path === '/' ? false : { path: '/' };
  }
  return true;
});
