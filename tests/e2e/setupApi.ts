import { request, type APIRequestContext, type Page } from '@playwright/test';
import { callApi, expect, type Host } from './fixtures';
import { DEFAULT_BRANCH, Shell } from './pages';

/**
 * Sets a branch up through the API (for tests that are about a later screen); the page is then signed in.
 * `businessDate`: the branch's first day of records (today by default), for a branch whose books are behind.
 */
export async function setUpBranchByApi(page: Page, host: Host, options: { businessDate?: string } = {}): Promise<void> {
  const result = await callApi(page.request, host, 'setup.initialize', {
    organisation: { name: DEFAULT_BRANCH.organisation },
    currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
    office: { code: DEFAULT_BRANCH.office.code, name: DEFAULT_BRANCH.office.name, headOffice: false },
    admin: { ...DEFAULT_BRANCH.admin },
    ...(options.businessDate ? { businessDate: options.businessDate } : {}),
  });
  expect(result.ok, JSON.stringify(result.error)).toBe(true);
}

/**
 * The branch of the till and savings specs: set up through the API, the administrator signed in on the page, a
 * branch manager (amina, Amina Njeri) and, unless `teller` is false, a teller (peter, Peter Otieno); `businessDate` as
 * for setUpBranchByApi.
 */
export async function branchWithStaff(page: Page, host: Host, options: { teller?: boolean; businessDate?: string } = {}): Promise<void> {
  await setUpBranchByApi(page, host, options.businessDate ? { businessDate: options.businessDate } : {});
  await page.goto('/');
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  await createUser(page, host, 'amina', 'Amina Njeri', 'BRANCH_MANAGER');
  if (options.teller !== false) await createUser(page, host, 'peter', 'Peter Otieno', 'TELLER');
}

/** A user made through the API by whoever the page is signed in as (password Strong-pass-2026). */
export async function createUser(page: Page, host: Host, username: string, displayName: string, role: string): Promise<void> {
  const r = await callApi(page.request, host, 'users.create', { username, displayName, password: 'Strong-pass-2026', roles: [role] });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
}

export interface Credentials {
  username: string;
  password: string;
}

/** An API client of its own (own cookies), signed in as `who`: the page's session is left alone. */
export async function signedInApi(host: Host, who: Credentials): Promise<APIRequestContext> {
  const api = await request.newContext();
  const r = await callApi(api, host, 'session.login', who);
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return api;
}

/** `amount` in notes and coins, the largest first, as a till count (exact: minor units in BigInt). */
function countOf(amount: string, denominations: { value: string }[]): { denomination: string; quantity: number }[] {
  const cents = (v: string) => {
    const [whole = '0', frac = ''] = v.split('.');
    return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  };
  let rest = cents(amount);
  const lines: { denomination: string; quantity: number }[] = [];
  for (const d of denominations) {
    const value = cents(d.value);
    const quantity = value > 0n ? rest / value : 0n;
    if (quantity > 0n) {
      lines.push({ denomination: d.value, quantity: Number(quantity) });
      rest -= quantity * value;
    }
  }
  expect(rest, `${amount} cannot be counted in these notes and coins`).toBe(0n);
  return lines;
}

/**
 * Cash for a test that posts cash (every cash transaction goes through the acting user's open till): `manager`, an
 * API client signed in as a branch manager or the administrator (e.g. `page.request`), brings `amount` into the
 * vault and allocates it to `teller`, who then opens the till counting it, on an API client of their own.
 */
export async function openTill(manager: APIRequestContext, host: Host, teller: Credentials, amount: string): Promise<void> {
  const funded = await callApi(manager, host, 'tills.fundVault', { amount, note: 'Cash for the test' });
  expect(funded.ok, JSON.stringify(funded.error)).toBe(true);
  const allocated = await callApi(manager, host, 'tills.allocate', { username: teller.username, amount });
  expect(allocated.ok, JSON.stringify(allocated.error)).toBe(true);
  const api = await signedInApi(host, teller);
  try {
    const position = await callApi<{ denominations: { value: string }[] }>(api, host, 'tills.current');
    expect(position.ok, JSON.stringify(position.error)).toBe(true);
    const opened = await callApi(api, host, 'tills.open', { count: countOf(amount, position.data!.denominations) });
    expect(opened.ok, JSON.stringify(opened.error)).toBe(true);
  } finally {
    await api.dispose();
  }
}

const PASSWORD = 'Strong-pass-2026';

/**
 * What a teller's till holds, read by the branch manager amina (tills.vault) on an API client of her own: the
 * teller's own tills.current hides it while the till is open and the close is blind (issue 19 point 3).
 */
export async function tillCashOf(host: Host, username: string): Promise<string | undefined> {
  const api = await signedInApi(host, { username: 'amina', password: PASSWORD });
  try {
    const vault = await callApi<{ tills: { username: string; balance: string }[] }>(api, host, 'tills.vault', {});
    expect(vault.ok, JSON.stringify(vault.error)).toBe(true);
    return vault.data!.tills.find((t) => t.username === username)?.balance;
  } finally {
    await api.dispose();
  }
}

/** Calls `name` as the page's user and expects it to succeed; returns its data. */
export async function apiOk<T>(page: Page, host: Host, name: string, input: unknown): Promise<T> {
  const r = await callApi<T>(page.request, host, name, input);
  expect(r.ok, `${name}: ${JSON.stringify(r.error)}`).toBe(true);
  return r.data!;
}

/** The loan product of the e2e specs: 12,000 over 6 months at 24 % a year, declining balance, mifos-standard. */
/** A weekly product at 0 % (JLG loans on a weekly meeting): installments of principal / numberOfRepayments. */
export function weeklyProduct(numberOfRepayments: number) {
  return {
    name: 'Umoja weekly',
    shortName: 'UWK',
    currencyCode: 'KES',
    principal: '10000',
    minPrincipal: '1000',
    maxPrincipal: '50000',
    numberOfRepayments,
    repaymentEvery: 1,
    repaymentFrequencyType: 'WEEKS',
    interestRatePerPeriod: '0',
    interestRateFrequencyType: 'PER_YEAR',
    interestType: 'FLAT',
    amortizationType: 'EQUAL_INSTALLMENTS',
    interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
    daysInYearType: 'ACTUAL',
    daysInMonthType: 'ACTUAL',
    transactionProcessingStrategyCode: 'mifos-standard-strategy',
  } as const;
}

export const MONTHLY_PRODUCT = {
  name: 'Biashara monthly',
  shortName: 'BIA',
  currencyCode: 'KES',
  principal: '12000',
  minPrincipal: '1000',
  maxPrincipal: '50000',
  numberOfRepayments: 6,
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
} as const;

/**
 * A client with an active loan (12,000 over 6 months, paid out by mobile money: no till) and an active savings
 * account without a minimum balance. The page's user submits and pays out; `amina` (a branch manager, to be
 * created first) approves.
 */
export async function clientWithLoanAndSavings(page: Page, host: Host): Promise<{ clientId: number; loanId: number; savingsId: number }> {
  const client = await apiOk<{ id: number }>(page, host, 'clients.create', { firstname: 'Wanjiku', lastname: 'Kamau', mobileNo: '+254700000123', active: true });
  const product = await apiOk<{ id: number }>(page, host, 'loanProducts.create', MONTHLY_PRODUCT);
  const { loanId } = await apiOk<{ loanId: number }>(page, host, 'loans.submit', { clientId: client.id, productId: product.id });
  // Maker-checker: someone other than the administrator who submitted it approves.
  const manager = await signedInApi(host, { username: 'amina', password: PASSWORD });
  const approved = await callApi(manager, host, 'loans.approve', { loanId });
  expect(approved.ok, JSON.stringify(approved.error)).toBe(true);
  await manager.dispose();
  await apiOk(page, host, 'loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
  const savingsProduct = await apiOk<{ id: number }>(page, host, 'savingsProducts.create', { name: 'Akiba savings', shortName: 'AKB', currencyCode: 'KES', nominalAnnualInterestRate: '3' });
  const { savingsId } = await apiOk<{ savingsId: number }>(page, host, 'savings.submit', { clientId: client.id, productId: savingsProduct.id });
  await apiOk(page, host, 'savings.approve', { savingsId });
  await apiOk(page, host, 'savings.activate', { savingsId });
  return { clientId: client.id, loanId, savingsId };
}
