/**
 * A picture of every screen in English and in French (test-results/screens/*.png), to look at: a teller must
 * understand each screen at a glance, in either language. Also a right-to-left pass over the main layouts.
 */
import type { Page } from '@playwright/test';
import { callApi, expect, screenshot, test } from './fixtures';
import { ClientsPage, DEFAULT_BRANCH, LockScreen, Shell, SignInPage, WelcomePage, choose, switchLanguage } from './pages';
import { setUpBranchByApi } from './setupApi';
import { expectAccessible } from './axe';

async function inBothLanguages(page: Page, name: string, fullPage = false): Promise<void> {
  await expectAccessible(page);
  await screenshot(page, `${name}-en`, fullPage);
  await switchLanguage(page, 'fr');
  await screenshot(page, `${name}-fr`, fullPage);
  await switchLanguage(page, 'en');
}

test('screens before sign-in, in English and French', async ({ page }) => {
  test.setTimeout(180_000); // every screen pictured twice and checked with axe
  const welcome = new WelcomePage(page);
  await welcome.open();
  await inBothLanguages(page, '01-welcome');

  const wizard = await welcome.chooseSetUp();
  await inBothLanguages(page, '02-setup-organisation');
  // Next with nothing typed: the error appears beside the field.
  await wizard.next();
  await expect(page.getByTestId('error-organisation.name')).toBeVisible();
  await inBothLanguages(page, '03-setup-organisation-error');
  await wizard.fillOrganisation(DEFAULT_BRANCH.organisation);
  await wizard.next();
  await wizard.fillCurrency('K1');
  await wizard.next();
  await expect(page.getByTestId('error-currency.code')).toBeVisible();
  await inBothLanguages(page, '04-setup-currency-error');
  await wizard.fillCurrency('UGX');
  await wizard.next();
  await wizard.fillOffice({ code: 'KLA01', name: 'Kampala Road' });
  await inBothLanguages(page, '05-setup-office');
  await wizard.next();
  await wizard.fillAdmin({ username: 'a', displayName: 'Sarah Nakato', password: 'short' }, 'other');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('error-admin.password')).toBeVisible();
  await expect(page.getByTestId('error-admin.passwordConfirm')).toBeVisible();
  await inBothLanguages(page, '06-setup-admin-errors', true);
  await wizard.fillAdmin({ username: 'sarah', displayName: 'Sarah Nakato', password: 'Kampala-2026x' });
  await page.getByTestId('setup-submit').click();
  const shell = new Shell(page);
  await shell.expectSignedIn('Sarah Nakato');

  await shell.signOut();
  const signIn = new SignInPage(page);
  await signIn.signIn('sarah', 'not-the-password');
  await expect(signIn.error).toBeVisible();
  await inBothLanguages(page, '07-sign-in-error');
});

test('screens of a working branch, in English and French', async ({ page, host }) => {
  test.setTimeout(180_000); // every screen pictured twice and checked with axe
  await setUpBranchByApi(page, host);
  // A few clients and a loan officer to make the lists real.
  const officer = await callApi<{ id: number }>(page.request, host, 'staff.create', {
    firstname: 'Joseph',
    lastname: 'Mwangi',
    isLoanOfficer: true,
    mobileNo: '+254722000111',
  });
  expect(officer.ok).toBe(true);
  const names = [
    ['Wanjiku', 'Kamau'],
    ['Otieno', 'Odhiambo'],
    ['Fatuma', 'Hassan'],
    ['Achieng', 'Atieno'],
    ['Mutua', 'Musyoka'],
  ] as const;
  for (const [i, [firstname, lastname]] of names.entries()) {
    const r = await callApi(page.request, host, 'clients.create', {
      firstname,
      lastname,
      mobileNo: `+2547000000${10 + i}`,
      dateOfBirth: `19${80 + i}-0${i + 1}-15`,
      loanOfficerId: officer.data!.id,
      active: i !== 2,
    });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
  }

  await page.goto('/');
  const shell = new Shell(page);
  await shell.expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  await expect(page.getByTestId('clients-table-row')).toHaveCount(5);
  await inBothLanguages(page, '10-clients');
  // Headers sort from the keyboard: Tab to the header button, Enter.
  const nameHeader = page.getByTestId('clients-table-sort-displayName');
  await nameHeader.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Name');
  await expect(page.getByTestId('clients-table-row').first()).toContainText('Achieng Atieno');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('clients-table-row').first()).toContainText('Wanjiku Kamau');

  // New client: errors beside their fields.
  const clients = new ClientsPage(page);
  const form = await clients.newClient();
  await form.fill({ firstname: 'Wanjiku', lastname: '', mobileNo: '12', identifiers: [{ documentType: 'PASSPORT', documentKey: '' }] });
  await form.save();
  await expect(page.getByTestId('error-lastname')).toBeVisible();
  await expect(page.getByTestId('error-mobileNo')).toBeVisible();
  await expect(page.getByTestId('error-identifiers.0.documentKey')).toBeVisible();
  await inBothLanguages(page, '11-client-form-errors', true);

  // Same name and date of birth as an existing client: saved, with a warning.
  await form.fill({ lastname: 'Kamau', mobileNo: '+254700000099' });
  await page.getByTestId('client-identifier-key-0').fill('P1234567');
  await page.getByTestId('client-dob-month').click();
  await page.keyboard.type('01151980');
  await choose(page, 'client-loan-officer', String(officer.data!.id));
  await form.save();
  await expect(page.getByTestId('client-warning')).toBeVisible();
  await expect(page.getByTestId('client-warning')).toHaveAttribute('data-code', 'POSSIBLE_DUPLICATE');
  await expect(page.getByTestId('duplicate-link')).toBeVisible();
  await inBothLanguages(page, '12-client-detail-duplicate', true);

  // Close with a reason, in French.
  await switchLanguage(page, 'fr');
  await page.getByTestId('client-close').click();
  await page.getByTestId('client-close-confirm').click();
  await expect(page.getByTestId('error-closureReason')).toBeVisible();
  await screenshot(page, '13-client-close-dialog-fr');
  await page.getByTestId('client-close-reason').fill('Doublon enregistré par erreur');
  await page.getByTestId('client-close-reason').press('Enter');
  await expect(page.getByTestId('client-status')).toHaveAttribute('data-status', 'CLOSED');
  await expect(page.getByTestId('client-reopen')).toBeVisible();
  await switchLanguage(page, 'en');
  await inBothLanguages(page, '14-client-closed');
  await page.getByTestId('client-reopen').click();
  await expect(page.getByTestId('client-status')).not.toHaveAttribute('data-status', 'CLOSED');

  // A pending client is activated from its page.
  await shell.go('clients');
  await clients.search('Fatuma');
  await clients.rows().first().click();
  await expect(page.getByTestId('client-status')).toHaveAttribute('data-status', 'PENDING');
  await page.getByTestId('client-activate').click();
  await expect(page.getByTestId('client-status')).toHaveAttribute('data-status', 'ACTIVE');

  // Users and staff.
  await shell.go('users');
  await expect(page.getByTestId('users-table-row')).toHaveCount(1);
  await inBothLanguages(page, '20-users');
  await page.getByTestId('user-new').click();
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId('error-username')).toBeVisible();
  await screenshot(page, '21-user-dialog-errors-en', true);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('user-dialog')).toBeHidden();
  await switchLanguage(page, 'fr');
  await page.getByTestId('user-new').click();
  await screenshot(page, '21-user-dialog-fr', true);
  await page.keyboard.press('Escape');
  await switchLanguage(page, 'en');
  await page.getByTestId('tab-staff').click();
  await expect(page.getByTestId('staff-table-row')).toHaveCount(1);
  // A second loan officer, through the staff dialog (Enter submits).
  await page.getByTestId('staff-new').click();
  await page.getByTestId('staff-firstname').fill('Aisha');
  await page.getByTestId('staff-lastname').fill('Njeri');
  await page.getByTestId('staff-mobile').fill('+254733000222');
  await page.getByTestId('staff-mobile').press('Enter');
  await expect(page.getByTestId('staff-dialog')).toBeHidden();
  await expect(page.getByTestId('staff-table-row')).toHaveCount(2);
  await inBothLanguages(page, '22-staff');

  await shell.go('settings');
  await expect(page.getByTestId('settings-idle-minutes')).not.toHaveValue('');
  await page.getByTestId('settings-idle-minutes').fill('15');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Settings saved' })).toBeVisible();
  await inBothLanguages(page, '30-settings');

  await shell.go('calculator');
  await inBothLanguages(page, '40-calculator-empty');

  // Lock screen (the Lock button), then the same user unlocks.
  await shell.go('clients');
  const lock = await shell.lock();
  await screenshot(page, '50-lock-en');
  await lock.root.getByTestId('lang-fr').click();
  await lock.unlock('wrong-password-x');
  await expect(page.getByTestId('error-lock-password')).toBeVisible();
  await screenshot(page, '50-lock-error-fr');
  await lock.root.getByTestId('lang-en').click();
  await lock.unlock(DEFAULT_BRANCH.admin.password);
  await expect(lock.root).toBeHidden();

  // Right-to-left: the layout mirrors (logical CSS properties), nothing overlaps.
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
  await screenshot(page, '60-clients-rtl');
  await clients.newClient();
  await screenshot(page, '61-client-form-rtl', true);
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'ltr'));
});

test('a locked session anywhere brings up the lock screen', async ({ page, host }) => {
  await setUpBranchByApi(page, host);
  await page.goto('/');
  const shell = new Shell(page);
  await shell.expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  // The core locks the session (idle time elapsed, or another tab): the next call meets SESSION_LOCKED.
  const locked = await callApi(page.request, host, 'session.lock', {});
  expect(locked.ok).toBe(true);
  const clients = new ClientsPage(page);
  await page.getByTestId('client-search').fill('anything');
  const lock = new LockScreen(page);
  await expect(lock.root).toBeVisible();
  await expect(page.getByTestId('lock-user')).toContainText(DEFAULT_BRANCH.admin.displayName);
  await lock.unlock(DEFAULT_BRANCH.admin.password);
  await expect(lock.root).toBeHidden();
  await clients.search('nobody-like-this');
  await expect(page.getByTestId('clients-table-empty')).toBeVisible();
  // Reloading a locked window shows the lock screen, not the sign-in.
  await callApi(page.request, host, 'session.lock', {});
  await page.reload();
  await expect(lock.root).toBeVisible();
  await lock.root.getByTestId('lock-sign-out').click();
  await expect(page.getByTestId('signin-title')).toBeVisible();
});

test('a session that ended elsewhere sends the user back to sign-in', async ({ page, host }) => {
  await setUpBranchByApi(page, host);
  await page.goto('/');
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  // Signed out behind the screen's back (another tab, an administrator, a restart of the host).
  expect((await callApi(page.request, host, 'session.logout', {})).ok).toBe(true);
  await page.getByTestId('client-search').fill('anyone');
  await expect(page.getByTestId('signin-title')).toBeVisible();
  await expect(page.getByTestId('toast').filter({ hasText: 'Your session has ended' })).toBeVisible();
});

test('the screen locks itself after the idle time, and the core agrees', async ({ page, host }) => {
  await setUpBranchByApi(page, host);
  const saved = await callApi(page.request, host, 'settings.update', { idleLockMinutes: 2 });
  expect(saved.ok).toBe(true);
  await page.clock.install();
  await page.goto('/');
  const shell = new Shell(page);
  await shell.expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  await page.clock.fastForward('01:00');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await page.clock.fastForward('01:30');
  const lock = new LockScreen(page);
  await expect(lock.root).toBeVisible();
  // The renderer told the core: the session is locked there too.
  const current = await callApi(page.request, host, 'session.current', {});
  expect(current.error?.code).toBe('SESSION_LOCKED');
  await lock.unlock(DEFAULT_BRANCH.admin.password);
  await expect(lock.root).toBeHidden();
});
