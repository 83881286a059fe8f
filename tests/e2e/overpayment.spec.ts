/**
 * Overpayments beyond the branch's margin (issue 14 point 12), through the browser host: a teller types a repayment
 * far above what the loan owes; the manager-approval prompt opens with what the loan owes, by how much the payment
 * overpays it and what is allowed without approval; a wrong password is refused there; the manager's approval posts
 * it. The branch manager changes the margin on the settings screen. Screens: test-results/screens/245-247-*.png.
 */
import { expect, screenshot, test } from './fixtures';
import { inBothLanguages, signInAs } from './pages';
import { apiOk as ok, branchWithStaff, clientWithLoanAndSavings, openTill } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

test('a repayment that overpays the loan beyond the margin opens the manager prompt with the figures; approved, it posts', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const { loanId } = await clientWithLoanAndSavings(page, host);
  await openTill(page.request, host, { username: 'peter', password: PASSWORD }, '20000');
  const owed = (await ok<{ summary: { totalOutstanding: string } }>(page, host, 'loans.get', { loanId })).summary.totalOutstanding;
  const [whole, cents] = owed.split('.') as [string, string];
  const margin = Math.floor(Number(`${whole}${cents}`) / 10);
  const group = (minor: number) => `${Math.floor(minor / 100).toLocaleString('en')}.${String(minor % 100).padStart(2, '0')}`;

  await signInAs(page, 'peter', PASSWORD, 'Peter Otieno');
  await page.getByTestId('nav-teller').click();
  const kb = page.keyboard;
  await expect(page.getByTestId('teller-search')).toBeFocused();
  await kb.type('Wanjiku');
  await expect(page.getByTestId('teller-clients')).toHaveAttribute('data-query', 'Wanjiku');
  await kb.press('ArrowDown');
  await kb.press('Enter');
  await expect(page.getByTestId('teller-loans')).toBeFocused();
  await kb.press('Enter');
  await expect(page.getByTestId('teller-amount')).toBeFocused();
  await kb.press('Control+A');
  await kb.type('99999999999.99');
  await kb.press('Enter');

  const approval = page.getByTestId('approval-dialog');
  await expect(approval).toBeVisible();
  await expect(approval).toContainText('more than the loan owes');
  await expect(approval.getByTestId('approval-owed')).toHaveText(`KES ${group(Number(`${whole}${cents}`))}`);
  await expect(approval.getByTestId('approval-overpaid-by')).toHaveText(`KES ${group(9_999_999_999_999 - Number(`${whole}${cents}`))}`);
  await expect(approval.getByTestId('approval-margin')).toHaveText(`KES ${group(margin)}`);
  await expect(approval).toContainText('Allowed without approval (10%)');
  await expect(approval.getByTestId('approval-username')).toBeFocused();
  await inBothLanguages(page, '245-overpayment-approval');

  // a wrong password is refused in the prompt; cancelled, nothing posts
  await approval.getByTestId('approval-username').fill('amina');
  await approval.getByTestId('approval-password').fill('not-her-password-1');
  await approval.getByTestId('approval-confirm').click();
  await expect(approval.getByTestId('approval-error')).toBeVisible();
  await screenshot(page, '246-overpayment-approval-refused-en');
  await approval.getByTestId('approval-cancel').click();
  await expect(approval).toBeHidden();
  expect((await ok<{ status: string }>(page, host, 'loans.get', { loanId })).status).toBe('ACTIVE');

  // a sensible overpayment: everything owed and 2,000 more (over the margin), approved by the manager
  await page.getByTestId('teller-amount').focus();
  await kb.press('Control+A');
  await kb.type(String(Number(whole) + 2000) + `.${cents}`);
  await kb.press('Enter');
  await expect(approval).toBeVisible();
  await expect(approval.getByTestId('approval-overpaid-by')).toHaveText('KES 2,000.00');
  await approval.getByTestId('approval-username').fill('amina');
  await approval.getByTestId('approval-password').fill(PASSWORD);
  await kb.press('Enter');
  await expect(approval).toBeHidden();
  const receipt = page.getByTestId('receipt-dialog');
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTestId('receipt-amount')).toContainText(group(Number(`${whole}${cents}`) + 200_000));
  expect((await ok<{ status: string }>(page, host, 'loans.get', { loanId })).status).toBe('OVERPAID');
});

test('the branch manager sets the overpayment margin on the settings screen; a teller has no settings screen', async ({ page, host }) => {
  test.setTimeout(120_000);
  await branchWithStaff(page, host);
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-settings').click();
  const card = page.getByTestId('settings-overpayment');
  await expect(card.getByTestId('settings-overpayment-margin')).toHaveValue('10');
  // the administrator's own settings are not the manager's
  await expect(page.getByTestId('settings-idle-minutes')).toHaveCount(0);
  await card.getByTestId('settings-overpayment-margin').fill('101');
  await card.getByTestId('settings-overpayment-save').click();
  await expect(card.getByTestId('error-overpaymentMarginPercent')).toContainText('at most 100');
  await card.getByTestId('settings-overpayment-margin').fill('12,5');
  await card.getByTestId('settings-overpayment-save').click();
  await expect(page.getByText('up to 12.5% of what it owes').first()).toBeVisible();
  await expect(card.getByTestId('settings-overpayment-margin')).toHaveValue('12.5');
  await inBothLanguages(page, '247-settings-overpayment-margin', true);
  expect((await ok<{ overpaymentMarginPercent: string }>(page, host, 'settings.get', {})).overpaymentMarginPercent).toBe('12.5');

  await signInAs(page, 'peter', PASSWORD, 'Peter Otieno');
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);
});
