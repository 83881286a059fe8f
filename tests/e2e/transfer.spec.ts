/**
 * Paying a loan from savings through the browser host: a client with an active loan and 3,000 in savings (paid in
 * by mobile money: no till). The teller opens "Pay a loan from savings" on the savings account: the client's one
 * active loan is chosen and the amount due is already in the box; 5,000 is refused in the dialog in the user's
 * language; Enter transfers the installment; the balance, the statement and the loan's repayment follow, and the
 * link leads to the loan. Screens go to test-results/screens/12x-*.png.
 */
import { callApi, expect, screenshot, test } from './fixtures';
import { inBothLanguages, signInAs, switchLanguageNow } from './pages';
import { apiOk, clientWithLoanAndSavings, branchWithStaff } from './setupApi';

/** An amount as the English screen shows it: 2242.31 → "2,242.31". */
const en = (amount: string) => Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const minor = (amount: string) => Math.round(Number(amount) * 100);

test('savings: pay a loan from savings, refused above the balance, balance, statement and loan repayment', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const { clientId, loanId, savingsId } = await clientWithLoanAndSavings(page, host);
  await apiOk(page, host, 'savings.deposit', { savingsId, transactionAmount: '3000', paymentTypeCode: 'MOBILE_MONEY' });
  const [loan] = await apiOk<{ id: number; accountNo: string; nextDueAmount: string; totalOverdue: string }[]>(page, host, 'loans.list', { clientId });
  expect(loan!.id).toBe(loanId);
  const due = loan!.nextDueAmount;
  expect(minor(due)).toBeGreaterThan(0);
  expect(minor(due)).toBeLessThan(300_000);

  // 1. The teller on the savings account: the action, the dialog with the loan chosen and the installment in the box.
  await signInAs(page, 'peter', 'Strong-pass-2026', 'Peter Otieno');
  await page.goto(`/#/savings/${savingsId}`);
  await expect(page.getByTestId('savings-balance')).toContainText('3,000.00');
  await page.getByTestId('savings-pay-loan').click();
  const dialog = page.getByTestId('transfer-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('transfer-loan-figures')).toHaveAttribute('data-loan-id', String(loanId));
  await expect(dialog.getByTestId('transfer-loan')).toContainText(loan!.accountNo);
  await expect(dialog.getByTestId('transfer-loan-due')).toContainText(en(due));
  await expect(dialog.getByTestId('transfer-can-give')).toContainText('3,000.00');
  const amount = dialog.getByTestId('transfer-amount');
  await expect(amount).toBeFocused();
  await expect(amount).toHaveValue(en(due));
  await inBothLanguages(page, '120-transfer-dialog');

  // 2. More than the account holds: refused in the dialog, in English and in French; nothing moved.
  await amount.fill('5000');
  await amount.press('Enter');
  await expect(dialog.getByTestId('transfer-error')).toContainText('There is not enough money in the account for this');
  await expect(dialog.getByTestId('error-transactionAmount')).toContainText('3,000.00');
  await screenshot(page, '121-transfer-refused-en');
  await switchLanguageNow(page, 'fr');
  await expect(dialog.getByTestId('transfer-error')).toContainText('Le solde du compte est insuffisant');
  await expect(dialog.getByTestId('error-transactionAmount')).toContainText('au plus');
  await screenshot(page, '121-transfer-refused-fr');
  await switchLanguageNow(page, 'en');

  // 3. The installment, keyboard only: type it, Enter.
  await amount.fill(due);
  await amount.press('Enter');
  await expect(dialog).toBeHidden();
  const left = ((300_000 - minor(due)) / 100).toFixed(2);
  await expect(page.getByTestId('savings-balance')).toContainText(en(left));
  await expect(page.getByTestId('savings-transaction')).toHaveCount(2);
  await expect(page.getByTestId('savings-transaction').last()).toHaveAttribute('data-type', 'WITHDRAWAL');
  await expect(page.getByTestId('savings-running-balance').last()).toContainText(en(left));
  await expect(page.getByTestId('savings-transfer-done')).toContainText(loan!.accountNo);
  await inBothLanguages(page, '122-savings-after-transfer', true);

  // 4. The loan received it as a repayment; the link leads there.
  const view = await apiOk<{ summary: { totalRepayment: string }; transactions: { type: string; amount: string; reversed: boolean }[] }>(page, host, 'loans.get', { loanId });
  expect(minor(view.summary.totalRepayment)).toBe(minor(due));
  expect(view.transactions.filter((x) => x.type === 'REPAYMENT' && !x.reversed).map((x) => minor(x.amount))).toEqual([minor(due)]);
  const savings = await callApi<{ summary: { accountBalance: string } }>(page.request, host, 'savings.get', { savingsId });
  expect(minor(savings.data!.summary.accountBalance)).toBe(300_000 - minor(due));
  await page.getByTestId('savings-transfer-loan-link').click();
  await expect(page.getByTestId('loan-detail')).toBeVisible();
  await expect(page.locator('[data-testid="loan-transaction"][data-type="REPAYMENT"]')).toHaveCount(1);
  await expect(page.getByTestId('loan-total-repaid')).toContainText(en(due));
  await screenshot(page, '123-loan-after-transfer-en', true);
});
