import { expect, screenshot, test } from './fixtures';
import { Shell, WelcomePage } from './pages';

test('the training demo shows its users, then TRAINING on every screen', async ({ page }) => {
  const welcome = new WelcomePage(page);
  await welcome.open();
  const users = await welcome.openTrainingDemo();
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
});
