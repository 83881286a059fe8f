/**
 * Page objects: what a user does on each screen, in the user's words, through data-testid only.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { screenshot } from './fixtures';
import { expectAccessible } from './axe';

/** Picks a value in one of our Reka UI selects (components/ui/UiSelect.vue). */
export async function choose(page: Page, testid: string, value: string): Promise<void> {
  await page.getByTestId(testid).click();
  await page.getByTestId(`${testid}-option-${value}`).click();
  await expect(page.getByTestId(`${testid}-options`)).toBeHidden();
}

export async function switchLanguage(page: Page, lang: 'en' | 'fr'): Promise<void> {
  await page.getByTestId(`lang-${lang}`).first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Switches language even under an open dialog (a click event straight to the button, no pointer on the overlay). */
export async function switchLanguageNow(page: Page, lang: 'en' | 'fr'): Promise<void> {
  await page.getByTestId(`lang-${lang}`).first().dispatchEvent('click');
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Checks the screen with axe (axe.ts), then screenshots `<name>-en` and `<name>-fr` (test-results/screens), back in English afterwards. */
export async function inBothLanguages(page: Page, name: string, fullPage = false): Promise<void> {
  await expectAccessible(page);
  await screenshot(page, `${name}-en`, fullPage);
  await switchLanguageNow(page, 'fr');
  await screenshot(page, `${name}-fr`, fullPage);
  await switchLanguageNow(page, 'en');
}

/** `iso` moved by `days`, YYYY-MM-DD. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The weekday of `iso` in English, as the screens write it (Monday ...). */
export function weekdayName(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** The weekday of `iso` in capitals, as the calendar API takes it (MONDAY ...). */
export function weekdayOf(iso: string): string {
  return weekdayName(iso).toUpperCase();
}

/**
 * Both languages' pictures (inBothLanguages), the notifications closed first (they would cover the page): a click
 * event straight to each close button, under a dialog too.
 */
export async function pictures(page: Page, name: string, fullPage = false): Promise<void> {
  // the notifications closed first (they would cover the page); one may close by itself under the click
  while ((await page.getByTestId('toast').count()) > 0) {
    await page.getByTestId('toast').first().locator('button').first().dispatchEvent('click', undefined, { timeout: 2_000 }).catch(() => undefined);
  }
  await expect(page.getByTestId('toast')).toHaveCount(0);
  await inBothLanguages(page, name, fullPage);
}

/** Signs the current user out and `username` in, through the screens. */
export async function signInAs(page: Page, username: string, password: string, displayName: string): Promise<Shell> {
  const shell = new Shell(page);
  const signIn = await shell.signOut();
  await signIn.signIn(username, password);
  await shell.expectSignedIn(displayName);
  return shell;
}

export interface BranchSetup {
  organisation: string;
  currency: string;
  office: { code: string; name: string; headOffice?: boolean };
  admin: { username: string; displayName: string; password: string };
}

export const DEFAULT_BRANCH: BranchSetup = {
  organisation: 'Umoja Microfinance',
  currency: 'KES',
  office: { code: 'NRB01', name: 'Nairobi Central' },
  admin: { username: 'admin', displayName: 'Grace Wanjiru', password: 'Admin-pass-2026' },
};

export class WelcomePage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByTestId('welcome-title')).toBeVisible();
  }

  async chooseSetUp(): Promise<SetupWizard> {
    await this.page.getByTestId('choice-setup').click();
    await expect(this.page.getByTestId('setup-wizard')).toBeVisible();
    return new SetupWizard(this.page);
  }

  async openTrainingDemo(): Promise<{ username: string; password: string }[]> {
    await this.page.getByTestId('choice-demo').click();
    return this.demoUsers();
  }

  /** The demo's users, once it is ready (its history built: issue 19 point 1). */
  async demoUsers(): Promise<{ username: string; password: string }[]> {
    await expect(this.page.getByTestId('demo-ready')).toBeVisible({ timeout: 60_000 });
    const rows = this.page.getByTestId('demo-user');
    const users: { username: string; password: string }[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      users.push({
        username: (await row.getByTestId('demo-user-username').innerText()).trim(),
        password: (await row.getByTestId('demo-user-password').innerText()).trim(),
      });
    }
    return users;
  }

  async continueToSignIn(): Promise<SignInPage> {
    await this.page.getByTestId('demo-continue').click();
    return new SignInPage(this.page);
  }
}

export class SetupWizard {
  constructor(readonly page: Page) {}

  async next(): Promise<void> {
    await this.page.getByTestId('setup-next').click();
  }

  async fillOrganisation(name: string): Promise<void> {
    await this.page.getByTestId('setup-org-name').fill(name);
  }

  async fillCurrency(code: string, multiples = '0'): Promise<void> {
    await this.page.getByTestId('setup-currency-code').fill(code);
    await this.page.getByTestId('setup-currency-multiples').fill(multiples);
  }

  async fillOffice(office: BranchSetup['office']): Promise<void> {
    await this.page.getByTestId('setup-office-code').fill(office.code);
    await this.page.getByTestId('setup-office-name').fill(office.name);
    await this.page.getByTestId(office.headOffice ? 'setup-office-head' : 'setup-office-branch').check();
  }

  async fillAdmin(admin: BranchSetup['admin'], confirm = admin.password): Promise<void> {
    await this.page.getByTestId('setup-admin-username').fill(admin.username);
    await this.page.getByTestId('setup-admin-display-name').fill(admin.displayName);
    await this.page.getByTestId('setup-admin-password').fill(admin.password);
    await this.page.getByTestId('setup-admin-password-confirm').fill(confirm);
  }

  /** Goes through all four steps and lands on the signed-in home screen. */
  async complete(branch: BranchSetup = DEFAULT_BRANCH): Promise<Shell> {
    await this.fillOrganisation(branch.organisation);
    await this.next();
    await expect(this.page.getByTestId('setup-step-currency')).toBeVisible();
    await this.fillCurrency(branch.currency);
    await this.next();
    await expect(this.page.getByTestId('setup-step-office')).toBeVisible();
    await this.fillOffice(branch.office);
    await this.next();
    await expect(this.page.getByTestId('setup-step-admin')).toBeVisible();
    await this.fillAdmin(branch.admin);
    await this.page.getByTestId('setup-submit').click();
    const shell = new Shell(this.page);
    await shell.expectSignedIn(branch.admin.displayName);
    return shell;
  }
}

export class SignInPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/#/sign-in');
    await expect(this.page.getByTestId('signin-title')).toBeVisible();
  }

  async signIn(username: string, password: string): Promise<void> {
    await expect(this.page.getByTestId('signin-title')).toBeVisible();
    await this.page.getByTestId('signin-username').fill(username);
    await this.page.getByTestId('signin-password').fill(password);
    // Enter submits, as a teller would do it; wait for the core's answer before going on.
    const answered = this.page.waitForResponse((r) => r.url().endsWith('/api/session.login'));
    await this.page.getByTestId('signin-password').press('Enter');
    await answered;
  }

  get error(): Locator {
    return this.page.getByTestId('signin-error');
  }
}

export class Shell {
  constructor(readonly page: Page) {}

  async expectSignedIn(displayName: string): Promise<void> {
    await expect(this.page.getByTestId('current-user')).toHaveText(displayName);
  }

  nav(name: 'clients' | 'calculator' | 'users' | 'settings'): Locator {
    return this.page.getByTestId(`nav-${name}`);
  }

  async go(name: 'clients' | 'calculator' | 'users' | 'settings'): Promise<void> {
    await this.nav(name).click();
  }

  async signOut(): Promise<SignInPage> {
    await this.page.getByTestId('sign-out').click();
    const signIn = new SignInPage(this.page);
    await expect(this.page.getByTestId('signin-title')).toBeVisible();
    return signIn;
  }

  async lock(): Promise<LockScreen> {
    await this.page.getByTestId('lock-button').click();
    const lock = new LockScreen(this.page);
    await expect(lock.root).toBeVisible();
    return lock;
  }
}

export class LockScreen {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('lock-screen');
  }

  async unlock(password: string): Promise<void> {
    await this.page.getByTestId('lock-password').fill(password);
    await this.page.getByTestId('lock-password').press('Enter');
  }
}

export interface ClientData {
  firstname: string;
  lastname: string;
  mobileNo?: string;
  address?: string;
  identifiers?: { documentType: string; documentKey: string }[];
}

export class ClientsPage {
  constructor(readonly page: Page) {}

  async search(query: string): Promise<void> {
    await this.page.getByTestId('client-search').fill(query);
    // The list answers the latest query (debounced); wait until it has.
    await expect(this.page.getByTestId('clients-count')).toHaveAttribute('data-query', query);
  }

  rows(): Locator {
    return this.page.getByTestId('clients-table-row');
  }

  async newClient(): Promise<ClientForm> {
    await this.page.getByTestId('client-new').click();
    await expect(this.page.getByTestId('client-form')).toBeVisible();
    return new ClientForm(this.page);
  }
}

export class ClientForm {
  constructor(readonly page: Page) {}

  async fill(data: Partial<ClientData>): Promise<void> {
    if (data.firstname !== undefined) await this.page.getByTestId('client-firstname').fill(data.firstname);
    if (data.lastname !== undefined) await this.page.getByTestId('client-lastname').fill(data.lastname);
    if (data.mobileNo !== undefined) await this.page.getByTestId('client-mobile').fill(data.mobileNo);
    if (data.address !== undefined) await this.page.getByTestId('client-address').fill(data.address);
    for (const [i, identifier] of (data.identifiers ?? []).entries()) {
      await this.page.getByTestId('client-identifier-add').click();
      await choose(this.page, `client-identifier-type-${i}`, identifier.documentType);
      await this.page.getByTestId(`client-identifier-key-${i}`).fill(identifier.documentKey);
    }
  }

  async save(): Promise<void> {
    await this.page.getByTestId('client-save').click();
  }
}

export class ClientDetail {
  constructor(readonly page: Page) {}

  async expectLoaded(name: string): Promise<void> {
    await expect(this.page.getByTestId('client-name')).toHaveText(name);
  }

  async edit(): Promise<ClientForm> {
    await this.page.getByTestId('client-edit').click();
    await expect(this.page.getByTestId('client-form')).toBeVisible();
    return new ClientForm(this.page);
  }
}

export class UsersPage {
  constructor(readonly page: Page) {}

  async createUser(user: { username: string; displayName: string; password: string; roles: string[] }): Promise<void> {
    await this.page.getByTestId('user-new').click();
    const dialog = this.page.getByTestId('user-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('user-username').fill(user.username);
    await dialog.getByTestId('user-display-name').fill(user.displayName);
    await dialog.getByTestId('user-password').fill(user.password);
    await dialog.getByTestId('user-password-confirm').fill(user.password);
    for (const role of user.roles) await dialog.getByTestId(`user-role-${role}`).check();
    await dialog.getByTestId('user-save').click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByTestId('users-table-row').filter({ hasText: user.username })).toBeVisible();
  }
}

export class CalculatorPage {
  constructor(readonly page: Page) {}

  async enterTerms(terms: {
    principal: string;
    repayments: string;
    rate: string;
    frequency?: string;
    rateFrequency?: string;
    interestType?: string;
  }): Promise<void> {
    await this.page.getByTestId('calc-principal').fill(terms.principal);
    await this.page.getByTestId('calc-repayments').fill(terms.repayments);
    await this.page.getByTestId('calc-rate').fill(terms.rate);
    if (terms.frequency) await choose(this.page, 'calc-frequency', terms.frequency);
    if (terms.rateFrequency) await choose(this.page, 'calc-rate-frequency', terms.rateFrequency);
    if (terms.interestType) await choose(this.page, 'calc-interest-type', terms.interestType);
  }

  periods(): Locator {
    return this.page.getByTestId('calc-period');
  }
}

/** The PC's date moved by `days`, YYYY-MM-DD, in the local time zone (as the host on this machine reads it). */
export function pcDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Types a business date into one of our date fields (components/ui/UiDateField.vue), in en-US order. */
export async function typeDate(page: Page, testid: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  const first = page.getByTestId(testid).locator('[data-reka-date-field-segment]:not([data-reka-date-field-segment="literal"])').first();
  await first.click();
  await page.keyboard.type(`${m}${d}${y}`);
}

export class TellerPage {
  constructor(readonly page: Page) {}

  /** Keyboard only: search, pick the first client found and the first loan; the payment form is then open. */
  async pickLoan(clientQuery: string): Promise<void> {
    const kb = this.page.keyboard;
    await expect(this.page.getByTestId('teller-search')).toBeFocused();
    await kb.type(clientQuery);
    await expect(this.page.getByTestId('teller-clients')).toHaveAttribute('data-query', clientQuery);
    await kb.press('ArrowDown');
    await kb.press('Enter');
    await expect(this.page.getByTestId('teller-loans')).toBeFocused();
    await kb.press('Enter');
    await expect(this.page.getByTestId('teller-amount')).toBeFocused();
  }

  /** The teller's whole repayment, keyboard only: search, pick the client and the loan, type the amount, Enter. */
  async repay(clientQuery: string, amount: string): Promise<Locator> {
    const kb = this.page.keyboard;
    await this.pickLoan(clientQuery);
    await kb.press('Control+A');
    await kb.type(amount);
    await kb.press('Enter');
    const dialog = this.page.getByTestId('receipt-dialog');
    await expect(dialog).toBeVisible();
    return dialog;
  }
}

export class TellerSavingsPage {
  constructor(readonly page: Page) {}

  /** Search, Enter on the client, D or W on the account, the amount, Enter: keyboard only. */
  async post(clientQuery: string, key: 'd' | 'w', amount: string): Promise<void> {
    const kb = this.page.keyboard;
    await expect(this.page.getByTestId('teller-savings-search')).toBeFocused();
    await kb.type(clientQuery);
    await expect(this.page.getByTestId('teller-savings-clients')).toHaveAttribute('data-query', clientQuery);
    await kb.press('Enter');
    await expect(this.page.getByTestId('teller-savings-accounts')).toBeFocused();
    await kb.press(key);
    await expect(this.page.getByTestId('teller-savings-form')).toHaveAttribute('data-kind', key === 'd' ? 'deposit' : 'withdraw');
    await expect(this.page.getByTestId('teller-savings-amount')).toBeFocused();
    await kb.type(amount);
    await kb.press('Enter');
  }
}

/** Types quantities into a till count form (components/tills/CashCountForm.vue): {denomination: quantity}. */
export async function fillCount(form: Locator, quantities: Record<string, number>): Promise<void> {
  for (const [denomination, quantity] of Object.entries(quantities)) {
    await form.locator(`[data-testid="count-row"][data-denomination="${denomination}"]`).getByTestId('count-quantity').fill(String(quantity));
  }
}

/** The home screen per role (issue 18, DashboardView): a tile's big figure, a tile (a link to its report). */
export class DashboardPage {
  constructor(readonly page: Page) {}

  tile(name: string): Locator {
    return this.page.getByTestId(`tile-${name}`);
  }

  figure(name: string): Locator {
    return this.page.getByTestId(`tile-${name}-value`);
  }
}
