/**
 * Accrual accounting on the loan page (issue 15), through the browser host: a loan on ACCRUAL_PERIODIC whose branch
 * has closed three weeks of days. The transactions list leaves the daily accruals out until asked ("Show accruals"),
 * then lists them, in the muted style of what moves no money; the trial balance carries the interest receivable.
 * Screens: test-results/screens/330-332-*.png.
 */
import { callApi, expect, screenshot, test } from './fixtures';
import { inBothLanguages, pcDate, signInAs } from './pages';
import { apiOk, branchWithStaff, MONTHLY_PRODUCT, signedInApi } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

test.use({ viewport: { width: 1366, height: 768 } });

test('a loan on periodic accrual lists its accruals on request', async ({ page, host }) => {
  test.setTimeout(240_000);
  const start = pcDate(-22);
  await branchWithStaff(page, host, { businessDate: start, teller: false });
  const client = await apiOk<{ id: number }>(page, host, 'clients.create', { firstname: 'Wanjiku', lastname: 'Kamau', mobileNo: '+254700000123', active: true });
  const product = await apiOk<{ id: number }>(page, host, 'loanProducts.create', { ...MONTHLY_PRODUCT, name: 'Biashara accrual', shortName: 'BAC', accountingRule: 'ACCRUAL_PERIODIC' });
  const { loanId } = await apiOk<{ loanId: number }>(page, host, 'loans.submit', { clientId: client.id, productId: product.id });
  const manager = await signedInApi(host, { username: 'amina', password: PASSWORD });
  expect((await callApi(manager, host, 'loans.approve', { loanId })).ok).toBe(true);
  await manager.dispose();
  await apiOk(page, host, 'loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
  // three weeks of day-ends: an accrual of the day's interest for each day closed after the first
  await apiOk(page, host, 'dayEnd.run', { untilDate: pcDate(-2) });
  // a payment today, so that the list has money beside the accruals: 100.00 of the first installment's interest
  await apiOk(page, host, 'loans.repay', { loanId, transactionAmount: '100', paymentTypeCode: 'MOBILE_MONEY' });

  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.goto(`/#/loans/${loanId}`);
  const rows = page.getByTestId('loan-transaction');
  await expect(rows.filter({ hasText: 'Repayment' })).toHaveCount(1);
  // hidden until asked: the disbursement and the payment only
  await expect(rows).toHaveCount(2);
  const toggle = page.getByTestId('loan-show-accruals');
  await expect(page.getByText('Show accruals (20)')).toBeVisible();
  await toggle.scrollIntoViewIfNeeded();
  await inBothLanguages(page, '330-loan-accruals-hidden');

  await toggle.check();
  await expect(rows).toHaveCount(22);
  const accruals = page.locator('[data-testid="loan-transaction"][data-type="ACCRUAL"]');
  await expect(accruals).toHaveCount(20);
  // 12,000 at 2 % a month: each accrual is a day's share of the first installment's 240.00 interest (8.00 a day
  // over a 30-day period, 31 when the month has 31 days: 240 / 31 = 7.74 or 7.75 by the rounding of the running total)
  await expect(accruals.first()).toContainText('Income accrued');
  await page.getByTestId('loan-transactions').scrollIntoViewIfNeeded();
  await inBothLanguages(page, '331-loan-accruals-shown', true);

  // the trial balance carries what was accrued and not yet paid on 1210 interest receivable: 20 days' interest less
  // the 100.00 paid, and the interest income accrued
  const loan = await apiOk<{ transactions: { type: string; interestPortion: string }[] }>(page, host, 'loans.get', { loanId });
  const accruedCents = loan.transactions.filter((x) => x.type === 'ACCRUAL').reduce((s, x) => s + Number(x.interestPortion.replace('.', '')), 0);
  await page.goto('/#/accounting/trial-balance');
  const receivable = page.getByRole('row').filter({ hasText: 'Interest receivable' });
  await expect(receivable).toContainText(((accruedCents - 10000) / 100).toFixed(2));
  await screenshot(page, '332-trial-balance-receivable-en', true);
});
