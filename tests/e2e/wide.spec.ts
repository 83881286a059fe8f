/**
 * Issue 19, "Tests": the teller's day on a 1920x1080 screen (the other specs run at 1366 wide), keyboard only, in
 * French and in English: a repayment and a deposit with their receipts, each screen's main action in view without
 * scrolling; pictures of both languages looked at (504-507).
 */
import { expect, test } from './fixtures';
import { pictures, signInAs, switchLanguageNow, TellerPage, TellerSavingsPage } from './pages';
import { branchWithStaff, clientWithLoanAndSavings, openTill } from './setupApi';

test.use({ viewport: { width: 1920, height: 1080 } });

test('at 1920x1080 the teller takes a repayment in French and a deposit in English, keyboard only', async ({ page, host }) => {
  await branchWithStaff(page, host);
  await clientWithLoanAndSavings(page, host);
  await openTill(page.request, host, { username: 'peter', password: 'Strong-pass-2026' }, '20000');

  await signInAs(page, 'peter', 'Strong-pass-2026', 'Peter Otieno');
  await pictures(page, '504-wide-teller-home');

  // a repayment, in French
  await switchLanguageNow(page, 'fr');
  await page.getByTestId('nav-teller').click();
  await expect(page.getByTestId('teller-page')).toBeVisible();
  const teller = new TellerPage(page);
  await teller.pickLoan('Wanj');
  await expect(page.getByTestId('teller-amount')).toBeInViewport();
  await expect(page.getByRole('button', { name: /Enregistrer le remboursement/ })).toBeInViewport();
  await pictures(page, '505-wide-teller-form'); // back in English after its two pictures
  await switchLanguageNow(page, 'fr');
  await expect(page.getByTestId('teller-amount')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1000');
  await page.keyboard.press('Enter');
  const receipt = page.getByTestId('receipt-dialog');
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTestId('receipt-words')).toContainText(/mille shillings/i);
  await page.keyboard.press('Enter');
  await expect(receipt).toBeHidden();
  await expect(page.getByTestId('teller-search')).toBeFocused();

  // a deposit, in English
  await switchLanguageNow(page, 'en');
  await page.getByTestId('nav-teller-savings').click();
  await expect(page.getByTestId('teller-savings-page')).toBeVisible();
  await page.getByTestId('teller-savings-search').focus();
  await new TellerSavingsPage(page).post('Wanj', 'd', '2500');
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTestId('receipt-words')).toContainText('Two thousand five hundred shillings');
  await expect(receipt.getByRole('button').last()).toBeInViewport();
  await pictures(page, '506-wide-deposit-receipt');
  await page.keyboard.press('Enter');
  await expect(receipt).toBeHidden();
  await expect(page.getByTestId('teller-savings-search')).toBeFocused();

  // the till at the end: its main action in view
  await page.getByTestId('nav-till').click();
  await expect(page.getByTestId('till-page')).toBeVisible();
  await pictures(page, '507-wide-till');
});
