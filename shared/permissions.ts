/**
 * Roles and the permissions they grant. Every operation names one permission (or PUBLIC / AUTHENTICATED);
 * the dispatcher denies by default. A user may hold several roles: their permissions add up.
 */
export const ROLES = ['ADMINISTRATOR', 'BRANCH_MANAGER', 'ACCOUNTANT', 'LOAN_OFFICER', 'TELLER'] as const;
export type RoleCode = (typeof ROLES)[number];

export const PERMISSIONS = [
  'organisation.read',
  'settings.manage',
  /** the branch's own settings a branch manager keeps (the blind close of tellers' tills) */
  'settings.branch',
  'users.read',
  'users.manage',
  'staff.read',
  'staff.manage',
  'clients.read',
  'clients.write',
  'clients.close',
  /** centers, groups, their meetings and attendance: reading them */
  'groups.read',
  /** creating, activating and keeping centers and groups, their calendars and attendance: a loan officer only for their own (staffId) */
  'groups.write',
  /** any center or group, closing them, transfers between groups and (un)assigning their loan officer: branch manager */
  'groups.manage',
  /** entering a collection sheet from the paper and saving it as a draft: loan officer, teller, branch manager */
  'collectionSheet.enter',
  /** posting a collection sheet, the cash through the poster's open till: teller, branch manager */
  'collectionSheet.post',
  /** undoing a posted sheet as a whole the day it was posted: branch manager */
  'collectionSheet.undo',
  'audit.read',
  'loanProducts.read',
  'loanProducts.manage',
  /** the charge catalogue: read by whoever reads products, kept by whoever sets products up */
  'charges.read',
  'charges.manage',
  'loans.read',
  'loans.submit',
  'loans.approve',
  'loans.disburse',
  'loans.repay',
  'loans.adjust',
  'loans.waive',
  'loans.writeOff',
  /** running the overdue penalties for a date (loans.applyOverduePenalties): branch manager, administrator */
  'loans.applyPenalties',
  'accounting.read',
  'accounting.manage',
  'accounting.close',
  /** entering the branch's opening balances as of a date (accounting.openingBalances): accountant, branch manager */
  'accounting.openingBalances',
  'savingsProducts.manage',
  'savings.read',
  'savings.open',
  'savings.approve',
  'savings.transact',
  'savings.postInterest',
  /** adding a catalogue charge to a savings account and paying one from its balance: branch manager, administrator */
  'savings.charges',
  /** waiving a savings charge, undoing a fee or a waiver: branch manager, administrator */
  'savings.waive',
  /** blocking a savings account, or its debits, and lifting the block (Fineract's sub-statuses): branch manager, administrator */
  'savings.block',
  'tills.operate',
  'tills.manage',
  'dayEnd.run',
  'calendar.manage',
  'exports.manage',
  /** head office: registering branches, importing their bundles, accepting alarms */
  'hq.manage',
  /** head office: the branches and the consolidated figures */
  'hq.read',
  /** the branch's backups, and restoring the books from one (branch manager, administrator) */
  'backups.restore',
  /** the loan, client and savings reports: a loan officer's own portfolio only, unless they hold reports.branch */
  'reports.portfolio',
  /** the portfolio reports for the whole branch (every loan officer's) */
  'reports.branch',
  /** the accounting reports: balance sheet, income statement, GL account detail, trial balance */
  'reports.accounting',
  /** the branch's cash: every till and the vault for a day (no teller sees another's till) */
  'reports.cash',
] as const;
export type PermissionCode = (typeof PERMISSIONS)[number];

/** PUBLIC: no session needed. AUTHENTICATED: any signed-in, unlocked user. */
export type Access = PermissionCode | 'PUBLIC' | 'AUTHENTICATED';

/**
 * Whether a user holding `permissions` passes `access` (null or undefined: nobody is signed in). The rule the
 * dispatcher applies to every call; the renderer asks it to show only what the user may do.
 */
export function grants(access: Access, permissions: readonly PermissionCode[] | null | undefined): boolean {
  if (access === 'PUBLIC') return true;
  if (!permissions) return false;
  return access === 'AUTHENTICATED' || permissions.includes(access);
}

export const ROLE_PERMISSIONS: Record<RoleCode, readonly PermissionCode[]> = {
  ADMINISTRATOR: PERMISSIONS,
  BRANCH_MANAGER: [
    'organisation.read',
    'settings.branch',
    'users.read',
    'staff.read',
    'staff.manage',
    'clients.read',
    'clients.write',
    'clients.close',
    'groups.read',
    'groups.write',
    'groups.manage',
    'collectionSheet.enter',
    'collectionSheet.post',
    'collectionSheet.undo',
    'audit.read',
    'loanProducts.read',
    'loanProducts.manage',
    'charges.read',
    'charges.manage',
    'loans.read',
    'loans.submit',
    'loans.approve',
    'loans.disburse',
    'loans.repay',
    'loans.adjust',
    'loans.waive',
    'loans.writeOff',
    'loans.applyPenalties',
    'accounting.read',
    'accounting.openingBalances',
    'savingsProducts.manage',
    'savings.read',
    'savings.open',
    'savings.approve',
    'savings.transact',
    'savings.postInterest',
    'savings.charges',
    'savings.waive',
    'savings.block',
    'tills.operate',
    'tills.manage',
    'dayEnd.run',
    'calendar.manage',
    'exports.manage',
    'backups.restore',
    'reports.portfolio',
    'reports.branch',
    'reports.accounting',
    'reports.cash',
  ],
  ACCOUNTANT: [
    'organisation.read',
    'staff.read',
    'clients.read',
    'groups.read',
    'audit.read',
    'loanProducts.read',
    'charges.read',
    'loans.read',
    'accounting.read',
    'accounting.manage',
    'accounting.close',
    'accounting.openingBalances',
    'savings.read',
    'savings.postInterest',
    'reports.portfolio',
    'reports.branch',
    'reports.accounting',
    'reports.cash',
  ],
  LOAN_OFFICER: ['organisation.read', 'staff.read', 'clients.read', 'clients.write', 'groups.read', 'groups.write', 'collectionSheet.enter', 'loanProducts.read', 'charges.read', 'loans.read', 'loans.submit', 'savings.read', 'savings.open', 'reports.portfolio'],
  TELLER: ['organisation.read', 'staff.read', 'clients.read', 'groups.read', 'collectionSheet.enter', 'collectionSheet.post', 'loanProducts.read', 'charges.read', 'loans.read', 'loans.disburse', 'loans.repay', 'savings.read', 'savings.open', 'savings.transact', 'tills.operate'],
};

export function permissionsOf(roles: readonly string[]): PermissionCode[] {
  const granted = new Set<PermissionCode>();
  for (const role of roles) {
    for (const p of ROLE_PERMISSIONS[role as RoleCode] ?? []) granted.add(p);
  }
  return PERMISSIONS.filter((p) => granted.has(p));
}
