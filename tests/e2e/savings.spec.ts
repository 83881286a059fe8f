/**
 * The savings day through the browser host: the administrator creates a savings product on its screen, a client
 * gets a savings account from the client page, a branch manager approves and activates it, a teller takes a
 * deposit and a withdrawal with the keyboard only (receipts, balance in English and French) and is refused a
 * withdrawal below the minimum balance in the user's language. Screens go to test-results/screens/9x-*.png.
 */
import type { Page } from '@playwright/test';
import { callApi, expect, screenshot, test } from './fixtures';
import { DEFAULT_BRANCH, Shell, TellerSavingsPage, inBothLanguages, signInAs, switchLanguageNow as switchLanguage } from './pages';
import { createUser, openTill, setUpBranchByApi } from './setupApi';

/** Search, Enter on the client, D or W on the account, the amount, Enter: keyboard only. */
async function tellerMoney(page: Page, clientQuery: string, key: 'd' | 'w', amount: string): Promise<void> {
  await new TellerSavingsPage(page).post(clientQuery, key, amount);
}

const FRENCH_2500 = /2[\s\u00a0\u202f]500,00/;

test('savings: product, account, approval, keyboard deposit and withdrawal with receipts, refused withdrawal', async ({ page, host }) => {
  test.setTimeout(240_000);
  await setUpBranchByApi(page, host);
  await page.goto('/');
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);

  // 1. The product, on its screen: 3 % a year, a 1,000 minimum balance that withdrawals must respect.
  await page.getByTestId('nav-savings-products').click();
  await expect(page.getByTestId('savings-products-page')).toBeVisible();
  await page.getByTestId('savings-product-new').click();
  const dialog = page.getByTestId('savings-product-dialog');
  await dialog.getByTestId('savings-product-name').fill('Akiba savings');
  await dialog.getByTestId('savings-product-short-name').fill('AKB');
  await dialog.getByTestId('savings-product-rate').fill('3');
  await dialog.getByTestId('savings-product-min-balance').fill('1000');
  await dialog.getByTestId('savings-product-enforce-min').check();
  await screenshot(page, '90-savings-product-dialog-en', true);
  await switchLanguage(page, 'fr');
  await screenshot(page, '90-savings-product-dialog-fr', true);
  await switchLanguage(page, 'en');
  await dialog.getByTestId('savings-product-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('savings-product-row')).toHaveCount(1);
  await inBothLanguages(page, '91-savings-products');

  // 2. The client page: open an account.
  const client = await callApi<{ id: number }>(page.request, host, 'clients.create', { firstname: 'Wanjiku', lastname: 'Kamau', mobileNo: '+254700000123', active: true });
  expect(client.ok, JSON.stringify(client.error)).toBe(true);
  await page.goto(`/#/clients/${client.data!.id}`);
  await expect(page.getByTestId('client-no-savings')).toBeVisible();
  await page.getByTestId('client-open-savings').click();
  await expect(page.getByTestId('open-savings-dialog')).toBeVisible();
  await page.getByTestId('open-savings-confirm').click();
  await expect(page.getByTestId('savings-status')).toHaveAttribute('data-status', 'SUBMITTED_AND_PENDING_APPROVAL');
  const savingsId = Number(/savings\/(\d+)/.exec(page.url())![1]);
  await page.goto(`/#/clients/${client.data!.id}`);
  await expect(page.getByTestId('client-savings-account')).toHaveCount(1);
  await inBothLanguages(page, '92-client-savings', true);

  // 3. The branch manager approves and activates.
  await createUser(page, host, 'amina', 'Amina Njeri', 'BRANCH_MANAGER');
  await createUser(page, host, 'peter', 'Peter Otieno', 'TELLER');
  // Cash moves through the teller's open till.
  await openTill(page.request, host, { username: 'peter', password: 'Strong-pass-2026' }, '5000');
  await signInAs(page, 'amina', 'Strong-pass-2026', 'Amina Njeri');
  await page.goto(`/#/savings/${savingsId}`);
  await page.getByTestId('savings-approve').click();
  await expect(page.getByTestId('savings-status')).toHaveAttribute('data-status', 'APPROVED');
  // the activation dialog (the business date; nothing to pay in: the product has no opening deposit)
  await page.getByTestId('savings-activate').click();
  await expect(page.getByTestId('activate-no-opening')).toBeVisible();
  await page.getByTestId('activate-submit').click();
  await expect(page.getByTestId('savings-status')).toHaveAttribute('data-status', 'ACTIVE');

  // 4. The teller, keyboard only.
  await signInAs(page, 'peter', 'Strong-pass-2026', 'Peter Otieno');
  await page.getByTestId('nav-teller-savings').click();
  await expect(page.getByTestId('teller-savings-page')).toBeVisible();
  await page.getByTestId('teller-savings-search').focus();

  await tellerMoney(page, 'Wanj', 'd', '3000');
  const receipt = page.getByTestId('receipt-dialog');
  await expect(receipt).toBeVisible();
  await expect(receipt.locator('[data-testid="receipt-line"][data-label="deposit"]')).toContainText('Deposit');
  await expect(receipt.getByTestId('receipt-amount')).toContainText('3,000.00');
  await expect(receipt.getByTestId('receipt-balance')).toContainText('3,000.00');
  await expect(receipt.getByTestId('receipt-words')).toContainText('Three thousand shillings');
  await inBothLanguages(page, '93-savings-deposit-receipt');
  await page.keyboard.press('Enter');
  await expect(receipt).toBeHidden();
  await expect(page.getByTestId('teller-savings-search')).toBeFocused();

  // The form as the teller sees it before a withdrawal; D and W (or R) switch inside the amount box too.
  await page.keyboard.type('Kamau');
  await expect(page.getByTestId('teller-savings-clients')).toHaveAttribute('data-query', 'Kamau');
  await page.keyboard.press('Enter');
  // the client's accounts come from the core: Enter opens the highlighted one once the list has the focus
  await expect(page.getByTestId('teller-savings-accounts')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('teller-savings-amount')).toBeFocused();
  await page.keyboard.press('w');
  await expect(page.getByTestId('teller-savings-form')).toHaveAttribute('data-kind', 'withdraw');
  // R ("Retrait") withdraws too, for French-speaking tellers.
  await page.keyboard.press('d');
  await expect(page.getByTestId('teller-savings-form')).toHaveAttribute('data-kind', 'deposit');
  await page.keyboard.press('r');
  await expect(page.getByTestId('teller-savings-form')).toHaveAttribute('data-kind', 'withdraw');
  await expect(page.getByTestId('teller-savings-amount')).toHaveValue('');
  await expect(page.getByTestId('teller-savings-available')).toContainText('2,000.00');
  await inBothLanguages(page, '94-teller-savings-form');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('teller-savings-search')).toBeFocused();

  await tellerMoney(page, 'Wanjiku', 'w', '500');
  await expect(receipt).toBeVisible();
  await expect(receipt.locator('[data-testid="receipt-line"][data-label="withdrawal"]')).toContainText('Withdrawal');
  await expect(receipt.getByTestId('receipt-balance')).toContainText('2,500.00');
  await switchLanguage(page, 'fr');
  await expect(receipt.locator('[data-testid="receipt-line"][data-label="withdrawal"]')).toContainText('Retrait');
  await expect(receipt.getByTestId('receipt-balance')).toContainText(FRENCH_2500);
  await screenshot(page, '95-savings-withdrawal-receipt-fr');
  await switchLanguage(page, 'en');
  await screenshot(page, '95-savings-withdrawal-receipt-en');
  await page.keyboard.press('Enter');
  await expect(receipt).toBeHidden();

  // 5. 2,000 would leave 500, below the 1,000 minimum: refused beside the amount, in the user's language.
  await tellerMoney(page, 'Wanjiku', 'w', '2000');
  const amountError = page.getByTestId('teller-savings-form').getByText(/There is not enough money in the account for this/);
  await expect(amountError).toBeVisible();
  await expect(receipt).toBeHidden();
  await screenshot(page, '96-savings-refused-en');
  await switchLanguage(page, 'fr');
  await expect(page.getByTestId('teller-savings-form').getByText(/Le solde du compte est insuffisant pour cette opération/)).toBeVisible();
  await screenshot(page, '96-savings-refused-fr');
  await switchLanguage(page, 'en');

  // 6. The account page: balance, statement with the running balance.
  await page.goto(`/#/savings/${savingsId}`);
  await expect(page.getByTestId('savings-balance')).toContainText('2,500.00');
  await expect(page.getByTestId('savings-transaction')).toHaveCount(2);
  await expect(page.getByTestId('savings-running-balance').last()).toContainText('2,500.00');
  await screenshot(page, '97-savings-account-en', true);
  await switchLanguage(page, 'fr');
  await expect(page.getByTestId('savings-balance')).toContainText(FRENCH_2500);
  await screenshot(page, '97-savings-account-fr', true);
  await switchLanguage(page, 'en');
  const view = await callApi<{ summary: { accountBalance: string } }>(page.request, host, 'savings.get', { savingsId });
  expect(view.data?.summary.accountBalance).toMatch(/^2500(\.0+)?$/);
});
