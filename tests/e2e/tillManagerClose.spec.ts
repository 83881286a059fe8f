/**
 * A teller went home sick with the till open: the branch manager counts and closes it from the vault screen
 * (tills.close {username}), 50 short, sees the difference, and the teller's day report says who closed it.
 * The manager's own open till has no such action; a till its teller closed meanwhile is refused in the dialog. Screens go to test-results/screens/14x-*.png.
 */
import type { Page } from '@playwright/test';
import { callApi, expect, screenshot, test, type Host } from './fixtures';
import { fillCount, inBothLanguages, signInAs, switchLanguageNow } from './pages';
import { openTill, signedInApi, branchWithStaff } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

/** A branch with Amina (branch manager) and Peter (teller), whose till is open with `float` in it. */
async function branchWithPeterAtWork(page: Page, host: Host, float: string): Promise<void> {
  await branchWithStaff(page, host);
  await openTill(page.request, host, { username: 'peter', password: PASSWORD }, float);
}

test("a branch manager counts and closes an absent teller's open till from the vault, 50 short", async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithPeterAtWork(page, host, '10000');
  await openTill(page.request, host, { username: 'amina', password: PASSWORD }, '1000');

  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-vault').click();
  const peterRow = page.locator('[data-testid="vault-till"][data-username="peter"]');
  const aminaRow = page.locator('[data-testid="vault-till"][data-username="amina"]');
  await expect(peterRow.getByTestId('vault-till-state')).toHaveAttribute('data-state', 'open');
  await expect(aminaRow.getByTestId('vault-till-state')).toHaveAttribute('data-state', 'open');
  // Her own till she closes on the till screen, like any teller.
  await expect(aminaRow.getByTestId('vault-close-till')).toHaveCount(0);
  await expect(peterRow.getByTestId('vault-close-till')).toHaveText('Count and close');

  await peterRow.getByTestId('vault-close-till').click();
  const dialog = page.getByTestId('vault-close-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Peter Otieno');
  // Blind: nothing in the dialog says what the till should hold.
  await expect(dialog).not.toContainText('10,000');
  const count = dialog.getByTestId('vault-close-count');
  await expect(count.getByTestId('count-quantity').first()).toBeFocused();
  await fillCount(count, { '1000': 9, '100': 9, '50': 1 });
  await expect(count.getByTestId('count-total')).toHaveText('KES 9,950.00');
  await inBothLanguages(page, '140-vault-close-count');
  await dialog.getByTestId('vault-close-next').click();

  const confirm = dialog.getByTestId('vault-close-confirm');
  await expect(confirm).toBeVisible();
  await expect(confirm.getByTestId('vault-close-warning')).toContainText('peter');
  await expect(confirm.getByTestId('vault-close-counted')).toContainText('9,950.00');
  await inBothLanguages(page, '141-vault-close-confirm');
  await confirm.getByTestId('vault-close-confirm-yes').click();

  const result = dialog.getByTestId('vault-close-result');
  await expect(result).toBeVisible();
  await expect(result.getByTestId('vault-close-result-expected')).toHaveText('KES 10,000.00');
  await expect(result.getByTestId('vault-close-result-counted')).toHaveText('KES 9,950.00');
  const difference = result.getByTestId('vault-close-result-difference');
  await expect(difference).toHaveAttribute('data-kind', 'short');
  await expect(difference).toContainText(/-KES\s?50\.00/);
  await expect(difference).toHaveClass(/diff--short/);
  // The vault behind the dialog is reloaded: the till is closed, with today's difference.
  await expect(peterRow.getByTestId('vault-till-state')).toHaveAttribute('data-state', 'closed');
  await expect(peterRow.getByTestId('vault-till-difference')).toContainText('-50.00');
  await expect(peterRow.getByTestId('vault-close-till')).toHaveCount(0);
  await inBothLanguages(page, '142-vault-close-result');

  await result.getByTestId('vault-close-report').click();
  const report = page.getByTestId('till-report');
  await expect(report).toBeVisible();
  await expect(report).toHaveAttribute('data-status', 'CLOSED');
  await expect(report.getByTestId('till-report-teller')).toContainText('peter');
  await expect(report.getByTestId('till-report-closed-by')).toHaveText('amina');
  await expect(report.getByTestId('till-report-difference')).toContainText(/-KES\s?50\.00/);
  await inBothLanguages(page, '143-till-report-closed-by-manager', true);
  await switchLanguageNow(page, 'fr');
  await expect(report).toContainText('Fermée par');
  await switchLanguageNow(page, 'en');

  // Her own report, closed by herself, names no one else.
  await page.goto('/#/till/report?username=amina');
  await expect(page.getByTestId('till-report-teller')).toContainText('amina');
  await expect(page.getByTestId('till-report-closed-by')).toHaveCount(0);
  await screenshot(page, '144-own-till-report-en');
});

test('the teller closes the till while the manager counts it: the dialog says the till is no longer open', async ({ page, host }) => {
  test.setTimeout(120_000);
  await branchWithPeterAtWork(page, host, '1000');

  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-vault').click();
  const peterRow = page.locator('[data-testid="vault-till"][data-username="peter"]');
  await peterRow.getByTestId('vault-close-till').click();
  const dialog = page.getByTestId('vault-close-dialog');
  await fillCount(dialog.getByTestId('vault-close-count'), { '1000': 1 });
  await dialog.getByTestId('vault-close-next').click();

  const peter = await signedInApi(host, { username: 'peter', password: PASSWORD });
  try {
    const closed = await callApi(peter, host, 'tills.close', { count: [{ denomination: '1000', quantity: 1 }] });
    expect(closed.ok, JSON.stringify(closed.error)).toBe(true);
  } finally {
    await peter.dispose();
  }

  await dialog.getByTestId('vault-close-confirm-yes').click();
  await expect(dialog.getByTestId('vault-close-error')).toContainText('This till is no longer open: its teller or another manager may have closed it already.');
  await expect(dialog.getByTestId('vault-close-result')).toHaveCount(0);
  await expect(dialog.getByTestId('vault-close-confirm-yes')).toHaveCount(0);
  await expect(peterRow.getByTestId('vault-till-state')).toHaveAttribute('data-state', 'closed');
  await switchLanguageNow(page, 'fr');
  await expect(dialog.getByTestId('vault-close-error')).toContainText('n’est plus ouverte');
  await screenshot(page, '145-vault-close-not-open-fr');
});
