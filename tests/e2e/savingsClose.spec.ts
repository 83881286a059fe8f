/**
 * Closing a savings account through the browser host: a client with 3,000 in savings (paid in by mobile money),
 * the teller's till opened with 10,000. The teller opens "Close account": the business date, the balance and
 * "Pay out the balance" ticked, cash; nothing happens until the final close is confirmed; without the payout the
 * core refuses (balance_left, in the user's language); with it the account closes, the receipt shows the 3,000
 * paid out in cash, the account is CLOSED with a zero balance and the till holds 3,000 less.
 * Screens go to test-results/screens/13x-*.png.
 */
import { callApi, expect, screenshot, test } from './fixtures';
import { inBothLanguages, signInAs, switchLanguageNow } from './pages';
import { apiOk, openTill, branchWithStaff, tillCashOf } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

test('savings: close an account paying the balance out in cash, receipt, CLOSED, till down', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const client = await apiOk<{ id: number }>(page, host, 'clients.create', { firstname: 'Achieng', lastname: 'Odhiambo', mobileNo: '+254700000456', active: true });
  const product = await apiOk<{ id: number }>(page, host, 'savingsProducts.create', { name: 'Akiba savings', shortName: 'AKB', currencyCode: 'KES', nominalAnnualInterestRate: '3' });
  const { savingsId } = await apiOk<{ savingsId: number }>(page, host, 'savings.submit', { clientId: client.id, productId: product.id });
  await apiOk(page, host, 'savings.approve', { savingsId });
  await apiOk(page, host, 'savings.activate', { savingsId });
  await apiOk(page, host, 'savings.deposit', { savingsId, transactionAmount: '3000', paymentTypeCode: 'MOBILE_MONEY' });
  await openTill(page.request, host, { username: 'peter', password: PASSWORD }, '10000');

  // 1. The teller on the account: the action, the dialog with the business date, the balance, the payout ticked, cash.
  await signInAs(page, 'peter', PASSWORD, 'Peter Otieno');
  await page.goto(`/#/savings/${savingsId}`);
  await expect(page.getByTestId('savings-balance')).toContainText('3,000.00');
  // the teller's close is blind: the header has no amount; the manager reads the till's 10,000
  await expect(page.getByTestId('till-badge-amount')).toHaveCount(0);
  expect(await tillCashOf(host, 'peter')).toBe('10000.00');
  await page.getByTestId('savings-close').click();
  const dialog = page.getByTestId('close-savings-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('close-balance')).toContainText('3,000.00');
  await expect(dialog.getByTestId('close-withdraw')).toBeChecked();
  await expect(dialog.getByTestId('close-payment-type')).toContainText('Cash');
  await expect(dialog.getByTestId('close-confirm')).not.toBeChecked();
  await expect(dialog.getByTestId('close-final-warning')).toBeVisible();
  await inBothLanguages(page, '130-savings-close-dialog');

  // 2. Enter without confirming: nothing happens, the confirmation is asked for.
  const note = dialog.getByTestId('close-note');
  await note.fill('Client moving away');
  await note.press('Enter');
  await expect(dialog.getByTestId('error-confirm')).toBeVisible();
  await expect(dialog.getByTestId('close-confirm')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(dialog.getByTestId('close-confirm')).toBeChecked();
  await expect(dialog.getByTestId('error-confirm')).toBeHidden();

  // 3. Without the payout: refused by the core (money left), said in the dialog in English and French.
  await dialog.getByTestId('close-withdraw').uncheck();
  await expect(dialog.getByTestId('close-payment-type')).toBeHidden();
  await note.press('Enter');
  await expect(dialog.getByTestId('error-withdrawBalance')).toContainText('3,000.00');
  await expect(dialog.getByTestId('error-withdrawBalance')).toContainText('Pay out the balance');
  await screenshot(page, '131-savings-close-refused-en');
  await switchLanguageNow(page, 'fr');
  await expect(dialog.getByTestId('error-withdrawBalance')).toContainText('Verser le solde');
  await screenshot(page, '131-savings-close-refused-fr');
  await switchLanguageNow(page, 'en');
  const still = await callApi<{ status: string }>(page.request, host, 'savings.get', { savingsId });
  expect(still.data!.status).toBe('ACTIVE');

  // 4. With the payout in cash, keyboard: tick it back, Enter. The receipt: 3,000 paid out in cash.
  await dialog.getByTestId('close-withdraw').focus();
  await page.keyboard.press('Space');
  await expect(dialog.getByTestId('close-withdraw')).toBeChecked();
  await expect(dialog.getByTestId('error-withdrawBalance')).toBeHidden();
  await note.press('Enter');
  await expect(dialog).toBeHidden();
  const receipt = page.getByTestId('receipt-dialog');
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTestId('receipt-amount')).toContainText('3,000.00');
  await expect(receipt.getByTestId('receipt-payment-type')).toContainText('Cash');
  await expect(receipt.getByTestId('receipt-number')).not.toBeEmpty();
  await inBothLanguages(page, '132-savings-close-receipt');
  await receipt.getByTestId('receipt-done').click();
  await expect(receipt).toBeHidden();

  // 5. The account: CLOSED, nothing left, no more actions; the till holds 3,000 less.
  await expect(page.getByTestId('savings-status')).toHaveAttribute('data-status', 'CLOSED');
  await expect(page.getByTestId('savings-balance')).toContainText('0.00');
  await expect(page.getByTestId('savings-closed-on')).toBeVisible();
  await expect(page.getByTestId('savings-close')).toBeHidden();
  await expect(page.getByTestId('savings-deposit')).toBeHidden();
  await expect(page.getByTestId('savings-transaction').last()).toHaveAttribute('data-type', 'WITHDRAWAL');
  expect(await tillCashOf(host, 'peter')).toBe('7000.00');
  await inBothLanguages(page, '133-savings-closed', true);

  const view = await callApi<{ status: string; summary: { accountBalance: string }; timeline: { closedOn: string | null } }>(page.request, host, 'savings.get', { savingsId });
  expect(view.data!.status).toBe('CLOSED');
  expect(Number(view.data!.summary.accountBalance)).toBe(0);
  expect(view.data!.timeline.closedOn).not.toBeNull();
  // The page's session is the teller's: their till open, its cash (10,000 less the 3,000 paid out) not shown to them.
  const till = await callApi<{ open: boolean; balance: string | null }>(page.request, host, 'tills.current', {});
  expect(till.ok, JSON.stringify(till.error)).toBe(true);
  expect(till.data).toMatchObject({ open: true, balance: null });
});
