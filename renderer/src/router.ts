import { createRouter, createWebHashHistory, type RouteLocationRaw, type RouteMeta, type RouteRecordRaw } from 'vue-router';
import type { Component } from 'vue';
import type { OperationName } from '../../shared/contract';
import { loadAccessRules, useSessionStore } from './stores/useSessionStore';
const AppShell = (): Promise<Component> => import('./components/AppShell.vue');
const WelcomeView = (): Promise<Component> => import('./views/WelcomeView.vue');
const SetupWizardView = (): Promise<Component> => import('./views/SetupWizardView.vue');
const SignInView = (): Promise<Component> => import('./views/SignInView.vue');
const ClientsListView = (): Promise<Component> => import('./views/ClientsListView.vue');
const ClientFormView = (): Promise<Component> => import('./views/ClientFormView.vue');
const ClientDetailView = (): Promise<Component> => import('./views/ClientDetailView.vue');
const UsersView = (): Promise<Component> => import('./views/UsersView.vue');
const SettingsView = (): Promise<Component> => import('./views/SettingsView.vue');
const LoanCalculatorView = (): Promise<Component> => import('./views/LoanCalculatorView.vue');
const TellerRepaymentView = (): Promise<Component> => import('./views/TellerRepaymentView.vue');
const LoansView = (): Promise<Component> => import('./views/LoansView.vue');
const LoanDetailView = (): Promise<Component> => import('./views/LoanDetailView.vue');
const LoanApplicationView = (): Promise<Component> => import('./views/LoanApplicationView.vue');
const LoanProductsView = (): Promise<Component> => import('./views/LoanProductsView.vue');
const ChartOfAccountsView = (): Promise<Component> => import('./views/ChartOfAccountsView.vue');
const JournalEntriesView = (): Promise<Component> => import('./views/JournalEntriesView.vue');
const TrialBalanceView = (): Promise<Component> => import('./views/TrialBalanceView.vue');
const OpeningBalancesView = (): Promise<Component> => import('./views/OpeningBalancesView.vue');
const AccountStatementView = (): Promise<Component> => import('./views/AccountStatementView.vue');
const SavingsProductsView = (): Promise<Component> => import('./views/SavingsProductsView.vue');
const ChargesView = (): Promise<Component> => import('./views/ChargesView.vue');
const GroupsView = (): Promise<Component> => import('./views/GroupsView.vue');
const GroupDetailView = (): Promise<Component> => import('./views/GroupDetailView.vue');
const JlgApplicationView = (): Promise<Component> => import('./views/JlgApplicationView.vue');
const CollectionSheetsView = (): Promise<Component> => import('./views/CollectionSheetsView.vue');
const CollectionSheetView = (): Promise<Component> => import('./views/CollectionSheetView.vue');
const CollectionSheetPrintView = (): Promise<Component> => import('./views/CollectionSheetPrintView.vue');
const CenterDetailView = (): Promise<Component> => import('./views/CenterDetailView.vue');
const UnitFormView = (): Promise<Component> => import('./views/UnitFormView.vue');
const SavingsAccountView = (): Promise<Component> => import('./views/SavingsAccountView.vue');
const SavingsAccountsView = (): Promise<Component> => import('./views/SavingsAccountsView.vue');
const SavingsStatementView = (): Promise<Component> => import('./views/SavingsStatementView.vue');
const TellerSavingsView = (): Promise<Component> => import('./views/TellerSavingsView.vue');
const TillView = (): Promise<Component> => import('./views/TillView.vue');
const TillReportView = (): Promise<Component> => import('./views/TillReportView.vue');
const VaultView = (): Promise<Component> => import('./views/VaultView.vue');
const DayEndView = (): Promise<Component> => import('./views/DayEndView.vue');
const CalendarView = (): Promise<Component> => import('./views/CalendarView.vue');
const ExportsView = (): Promise<Component> => import('./views/ExportsView.vue');
const HqSetupView = (): Promise<Component> => import('./views/HqSetupView.vue');
const HqBranchesView = (): Promise<Component> => import('./views/HqBranchesView.vue');
const HqFiguresView = (): Promise<Component> => import('./views/HqFiguresView.vue');
const RestoreView = (): Promise<Component> => import('./views/RestoreView.vue');
const ReportsView = (): Promise<Component> => import('./views/ReportsView.vue');
const ReportView = (): Promise<Component> => import('./views/ReportView.vue');
const DashboardView = (): Promise<Component> => import('./views/DashboardView.vue');

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
      { path: 'accounting/opening-balances', name: 'opening-balances', component: OpeningBalancesView, meta: { op: 'accounting.openingBalancesView' } },
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
async function homeRoute(): Promise<RouteLocationRaw | true> {
  const session = useSessionStore();
  const { hasDashboard } = await import('../../shared/contract/dashboard');
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
  await loadAccessRules();
  if (!mayOpen(to.meta)) {
    // a screen the user may not open sends them home: their dashboard, or the first home screen they may open
    return to.path === '/' ? false : { path: '/' };
  }
  return true;
});
