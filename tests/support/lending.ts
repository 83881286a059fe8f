import { Caller, SETUP_INPUT, setUpBranch, TestClock } from './core';
import type { Core, CoreOptions } from '../../electron/core';

/** The product of the README example (issue 4). */
export const BIASHARA = {
  name: 'Biashara Monthly',
  shortName: 'BM12',
  currencyCode: 'KES',
  principal: '50000',
  minPrincipal: '5000',
  maxPrincipal: '200000',
  numberOfRepayments: 12,
  repaymentEvery: 1,
  repaymentFrequencyType: 'MONTHS',
  interestRatePerPeriod: '24',
  interestRateFrequencyType: 'PER_YEAR',
  interestType: 'DECLINING_BALANCE',
  amortizationType: 'EQUAL_INSTALLMENTS',
  interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
  daysInYearType: 'ACTUAL',
  daysInMonthType: 'ACTUAL',
  transactionProcessingStrategyCode: 'mifos-standard-strategy',
};

/** The savings product of the README example (issue 5). */
export const AKIBA = {
  name: 'Akiba Voluntary',
  shortName: 'AKV',
  currencyCode: 'KES',
  nominalAnnualInterestRate: '6',
  interestCompoundingPeriodType: 'MONTHLY',
  interestPostingPeriodType: 'MONTHLY',
  interestCalculationType: 'DAILY_BALANCE',
  interestCalculationDaysInYearType: 365,
  minRequiredBalance: '100',
  enforceMinRequiredBalance: true,
} as const;

export interface LendingBranch {
  core: Core;
  clock: TestClock;
  admin: Caller;
  manager: Caller;
  officer: Caller;
  teller: Caller;
  accountant: Caller;
  productId: number;
  clientId: number;
}

/**
 * A branch with a product, a client and one signed-in user per role; the teller, manager and admin have open tills
 * holding 10,000,000 (unless `tills: false`). The office is Nairobi West (NRB) unless `office` names another.
 */
export async function lendingBranch(
  product: Record<string, unknown> = BIASHARA,
  options: { tills?: boolean; office?: { code: string; name: string }; core?: Pick<CoreOptions, 'faults' | 'log'>; clock?: TestClock } = {},
): Promise<LendingBranch> {
  const setup = options.office ? { ...SETUP_INPUT, office: { ...options.office, headOffice: false } } : SETUP_INPUT;
  const { core, clock, admin } = await setUpBranch(options.clock, setup, options.core);
  await admin.ok('settings.update', { idleLockMinutes: 240 });
  const users: Record<string, Caller> = {};
  for (const [username, role] of [['manager', 'BRANCH_MANAGER'], ['officer', 'LOAN_OFFICER'], ['teller', 'TELLER'], ['accountant', 'ACCOUNTANT']] as const) {
    await admin.ok('users.create', { username, password: 'Str0ng-pass-2026', roles: [role], displayName: username });
    const c = new Caller(core);
    await c.ok('session.login', { username, password: 'Str0ng-pass-2026' });
    users[username] = c;
  }
  // the tills open before the dates the tests post on (they move the business date around 2026)
  const today = (core.db.prepare("SELECT value FROM settings WHERE key = 'business_date'").get() as { value: string }).value;
  setBusinessDate(core, '2025-12-01');
  if (options.tills !== false) for (const c of [users.teller!, users.manager!, admin]) await openTill(users.manager!, c, '10000000');
  setBusinessDate(core, today);
  const { id: productId } = await admin.ok('loanProducts.create', product as never);
  const { id: clientId } = await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo', mobileNo: '+254700000001' });
  return { core, clock, admin, manager: users.manager!, officer: users.officer!, teller: users.teller!, accountant: users.accountant!, productId, clientId };
}

/** Sets the business date (day-end will do this later; tests move it directly). */
export function setBusinessDate(core: Core, date: string): void {
  core.db.prepare("UPDATE settings SET value = ? WHERE key = 'business_date'").run(date);
}

/** Submits, approves and disburses a loan dated `date`; returns its id. */
export async function activeLoan(b: LendingBranch, date: string, terms: Record<string, unknown> = {}): Promise<number> {
  setBusinessDate(b.core, date);
  const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, ...terms } as never);
  await b.manager.ok('loans.approve', { loanId });
  await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
  return loanId;
}

/**
 * Gives `who` an open till holding `amount` (in 1000 notes): the manager brings the cash into the vault from the
 * bank and allocates it, `who` counts it and opens. Cash transactions need an open till.
 */
/**
 * The cash a user's till holds, as the branch manager reads it (tills.vault): a teller's own tills.current hides it
 * while the till is open and the close is blind (issue 19 point 3).
 */
export async function tillCash(manager: Caller, who: Caller | string): Promise<string | undefined> {
  const username = typeof who === 'string' ? who : (await who.ok('session.current', {})).user.username;
  return (await manager.ok('tills.vault', {})).tills.find((t) => t.username === username)?.balance;
}

export async function openTill(manager: Caller, who: Caller, amount: string): Promise<void> {
  const { user } = await who.ok('session.current', {});
  await manager.ok('tills.fundVault', { amount });
  await manager.ok('tills.allocate', { username: user.username, amount });
  await who.ok('tills.open', { count: [{ denomination: '1000', quantity: Number(amount) / 1000 }] });
}
