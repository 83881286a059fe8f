import { callApi, expect, screenshot, test } from './fixtures';
import { fillCount, pictures, Shell, signInAs, switchLanguageNow, WelcomePage } from './pages';
import type { LoanListItem, SavingsListItem } from '../../shared/contract';


test('the training demo shows its users, then TRAINING on every screen', async ({ page, host }) => {
  const welcome = new WelcomePage(page);
  await welcome.open();
  // the trainer's path (issue 19 point 1): open the demo, sign in as the teller, a repayment and a deposit in a minute
  const started = Date.now();
  await page.getByTestId('choice-demo').click();
  // the demo's weeks of business are built after it opens, with their progress shown
  await expect(page.getByTestId('demo-history-bar')).toBeVisible();
  await expect(page.getByTestId('demo-history-day')).toBeVisible();
  await screenshot(page, '455-demo-history-en');
  const users = await welcome.demoUsers();
  expect(users.length).toBeGreaterThan(0);
  await expect(page.getByTestId('training-banner')).toBeVisible();
  await screenshot(page, 'demo-users-en');

  const teller = users.find((u) => u.username === 'teller') ?? users[0]!;
  const signIn = await welcome.continueToSignIn();
  await expect(page.getByTestId('training-banner')).toBeVisible();
  await signIn.signIn(teller.username, teller.password);
  const shell = new Shell(page);
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(page.getByTestId('training-banner')).toBeVisible();
  await expect(page.getByTestId('training-banner')).toContainText('TRAINING');

  // The teller counts her float and opens the till, takes the installment due today on a loan, and a deposit.
  const api = async <T,>(name: string, input: unknown): Promise<T> => {
    const r = await callApi<T>(page.request, host, name, input);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return r.data!;
  };
  const business = (await api<{ businessDate: string }>('setup.demoStatus', {})).businessDate;
  const due = (await api<LoanListItem[]>('loans.list', { status: 'ACTIVE', limit: 1000 })).find((l) => l.daysInArrears === 0 && l.nextDueDate === business)!;
  const saving = (await api<SavingsListItem[]>('savings.list', { status: 'ACTIVE' }))[0]!;
  const saver = await api<{ accountNo: string }>('clients.get', { id: saving.clientId });
  await page.getByTestId('nav-till').click();
  await fillCount(page.getByTestId('till-open-count'), { '1000': 20 });
  await page.getByTestId('till-open-submit').click();
  await expect(page.getByTestId('till-open-panel')).toBeVisible();
  await page.getByTestId('nav-teller').click();
  await expect(page.getByTestId('teller-search')).toBeFocused();
  await page.keyboard.type(due.clientAccountNo);
  await expect(page.getByTestId('teller-clients')).toHaveAttribute('data-query', due.clientAccountNo);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('teller-loans')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('teller-amount')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(due.nextDueAmount);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-teller-savings').click();
  await expect(page.getByTestId('teller-savings-search')).toBeFocused();
  await page.keyboard.type(saver.accountNo);
  await expect(page.getByTestId('teller-savings-clients')).toHaveAttribute('data-query', saver.accountNo);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('teller-savings-accounts')).toBeFocused();
  await page.keyboard.press('d');
  await expect(page.getByTestId('teller-savings-amount')).toBeFocused();
  await page.keyboard.type('500');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-dialog')).toBeVisible();
  expect(Date.now() - started).toBeLessThan(60_000);
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-home').click();
  await pictures(page, '456-demo-teller-dashboard');

  // The teller lands on their dashboard. The demo comes with clients: the list holds them all but draws only the
  // rows in view (virtualised).
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await shell.go('clients');
  await expect(page.getByTestId('clients-table-row').first()).toBeVisible();
  await expect(page.getByTestId('clients-count')).toContainText('200 clients');
  expect(await page.getByTestId('clients-table-row').count()).toBeLessThan(60);
  await page.getByTestId('clients-table-row').first().focus();
  await page.keyboard.press('End');
  await expect(page.locator('[data-testid="clients-table-row"][data-index="199"]')).toBeFocused();

  await shell.go('calculator');
  await expect(page.getByTestId('training-banner')).toBeVisible();

  const lock = await shell.lock();
  await expect(page.getByTestId('training-banner')).toBeVisible();
  await lock.unlock(teller.password);
  await expect(lock.root).toBeHidden();

  await page.getByTestId('lang-fr').click();
  await expect(page.getByTestId('training-banner')).toContainText('FORMATION');
  // The language is remembered on this computer.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByTestId('nav-calculator')).toHaveText('Simulateur de prêt');

  // The manager's demo: figures on the dashboard, loans in every state, the opening balances that fund the bank.
  await switchLanguageNow(page, 'en');
  await signInAs(page, 'manager', users.find((u) => u.username === 'manager')!.password, 'Joseph Mwangi');
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await pictures(page, '457-demo-manager-dashboard', true);
  await page.getByTestId('nav-loans').click();
  await expect(page.getByTestId('loans-page')).toBeVisible();
  await pictures(page, '458-demo-loans');
  await page.getByTestId('nav-opening-balances').click();
  await expect(page.getByTestId('opening-equity-row')).toBeVisible();
  await expect(page.getByTestId('opening-debit-1140')).toHaveValue(/3,000,000/);
  await pictures(page, '459-demo-opening-balances', true);
});
