/**
 * Correcting savings transactions (issue 16): a teller types 5,000 for a deposit of 500 and puts it right at once
 * with the keyboard only (Alt+C, the right amount, the reason, Enter), the till moving by the difference; on the
 * account page the statement keeps the first amount marked undone; a teller's undo of someone else's deposit opens
 * the branch manager's approval prompt. Screens 390-397.
 */
import { expect, screenshot, test } from './fixtures';
import { TellerSavingsPage, inBothLanguages, signInAs } from './pages';
import { apiOk, branchWithStaff, openTill, tillCashOf } from './setupApi';

test('a teller corrects a mistyped deposit by keyboard; an undo of another user\'s deposit needs the manager', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const client = await apiOk<{ id: number }>(page, host, 'clients.create', { firstname: 'Wanjiku', lastname: 'Kamau', mobileNo: '+254700000123', active: true });
  const product = await apiOk<{ id: number }>(page, host, 'savingsProducts.create', { name: 'Akiba savings', shortName: 'AKB', currencyCode: 'KES', nominalAnnualInterestRate: '3' });
  const { savingsId } = await apiOk<{ savingsId: number }>(page, host, 'savings.submit', { clientId: client.id, productId: product.id });
  await apiOk(page, host, 'savings.approve', { savingsId });
  await apiOk(page, host, 'savings.activate', { savingsId });
  // the administrator's own deposit, by mobile money: not the teller's to undo alone
  const theirs = await apiOk<{ transactionId: number }>(page, host, 'savings.deposit', { savingsId, transactionAmount: '1200', paymentTypeCode: 'MOBILE_MONEY' });
  await openTill(page.request, host, { username: 'peter', password: 'Strong-pass-2026' }, '20000');

  // 1. The teller types 5,000 for 500: the receipt, then the strip of what was just posted.
  await signInAs(page, 'peter', 'Strong-pass-2026', 'Peter Otieno');
  await page.getByTestId('nav-teller-savings').click();
  await page.getByTestId('teller-savings-search').focus();
  await new TellerSavingsPage(page).post('Wanj', 'd', '5000');
  const receipt = page.getByTestId('receipt-dialog');
  await expect(receipt.getByTestId('receipt-amount')).toContainText('5,000.00');
  await page.keyboard.press('Escape');
  await expect(receipt).toBeHidden();
  const last = page.getByTestId('teller-savings-last');
  await expect(last).toContainText('5,000.00');
  await expect(page.getByTestId('teller-savings-search')).toBeFocused();
  await inBothLanguages(page, '390-teller-savings-just-posted');

  // 2. Alt+C: the right amount and the reason, Enter; the new receipt says 500.00.
  await page.keyboard.press('Alt+KeyC');
  const dialog = page.getByTestId('correct-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('correct-amount')).toBeFocused();
  await expect(page.getByTestId('correct-was')).toContainText('5,000.00');
  await page.keyboard.type('500');
  await page.keyboard.press('Enter');
  // the reason is required: said beside its field, nothing done
  await expect(dialog.getByTestId('error-note')).toBeVisible();
  await inBothLanguages(page, '391-correct-deposit-reason-missing');
  await expect(page.getByTestId('correct-reason')).toBeFocused();
  await page.keyboard.type('typed 5,000 for 500');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(receipt.getByTestId('receipt-amount')).toContainText('500.00');
  await screenshot(page, '392-correct-deposit-new-receipt');
  await page.keyboard.press('Escape');
  await expect(last).toBeHidden();
  // the till moved by 500.00 in all: 20,000 + 500
  expect(await tillCashOf(host, 'peter')).toBe('20500.00'); // read by the manager: the teller's close is blind

  // 3. The account page: the first amount stays, marked undone, with the new one.
  await page.goto(`/#/savings/${savingsId}`);
  const rows = page.getByTestId('savings-transaction');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: '5,000.00' })).toHaveClass(/reversed/);
  await expect(rows.filter({ hasText: '5,000.00' }).getByTestId('savings-transaction-undo-note')).toHaveText('Changed to 500.00: typed 5,000 for 500');
  await expect(page.getByTestId('savings-balance')).toContainText('1,700.00');
  await inBothLanguages(page, '393-savings-statement-corrected', true);

  // 4. Undo of the administrator's deposit from the statement: the manager's prompt, then done.
  const theirsRow = page.locator(`[data-testid="savings-transaction"][data-id="${theirs.transactionId}"]`);
  await theirsRow.getByTestId('savings-transaction-undo').click();
  await page.getByTestId('correct-reason').fill('deposited on the wrong account');
  await inBothLanguages(page, '394-correct-undo-dialog');
  await page.getByTestId('correct-confirm').click();
  const approval = page.getByTestId('approval-dialog');
  await expect(approval).toBeVisible();
  await expect(approval).toContainText('not your own of today');
  await screenshot(page, '395-correct-undo-approval');
  await approval.getByTestId('approval-username').fill('amina');
  await approval.getByTestId('approval-password').fill('Strong-pass-2026');
  await approval.getByTestId('approval-confirm').click();
  await expect(approval).toBeHidden();
  await expect(page.getByTestId('savings-balance')).toContainText('500.00');
  await expect(theirsRow).toHaveClass(/reversed/);
  await expect(theirsRow.getByTestId('savings-transaction-undo-note')).toHaveText('Undone (approved by amina): deposited on the wrong account');
  await inBothLanguages(page, '396-savings-statement-undone', true);
});
