/**
 * Charges on a savings account (issue 15), through the browser host: a branch manager adds a monthly fee, a fee on a
 * date and a weekly fee from the charge list, pays the monthly fee from the balance, waives the fee on a date, undoes
 * the payment from the statement; at the counter, the withdrawal screen shows the fees a withdrawal will take before
 * it is posted (a flat fee, and a % fee by bank transfer only), and the receipt lists them.
 * Screens: test-results/screens/340-346-*.png.
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { choose, inBothLanguages, signInAs } from './pages';
import { apiOk, branchWithStaff } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

/** Closes the toasts still shown, so that a screenshot shows what they would cover. */
async function dismissToasts(page: Page): Promise<void> {
  const toasts = page.getByTestId('toast');
  // one at a time: a toast may also close by itself meanwhile
  for (let i = 0; i < 10 && (await toasts.count()) > 0; i++) {
    await toasts.first().locator('.toast-close').click({ timeout: 2_000 }).catch(() => undefined);
  }
  await expect(toasts).toHaveCount(0);
}

test('a manager adds, pays, waives and undoes savings charges; the withdrawal screen shows the fee before posting', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const client = await apiOk<{ id: number }>(page, host, 'clients.create', { firstname: 'Achieng', lastname: 'Odhiambo', mobileNo: '+254700000456', active: true });
  const charge = (fields: Record<string, unknown>) =>
    apiOk<{ id: number }>(page, host, 'charges.create', { currencyCode: 'KES', chargeAppliesTo: 'SAVINGS', chargeCalculationType: 'FLAT', penalty: false, ...fields });
  const flatWithdrawal = await charge({ name: 'Withdrawal fee', chargeTimeType: 'WITHDRAWAL_FEE', amount: '20' });
  const bankWithdrawal = await charge({ name: 'Bank transfer fee', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5', enablePaymentType: true, paymentTypeCode: 'BANK_TRANSFER' });
  const monthly = await charge({ name: 'Ledger fee', chargeTimeType: 'MONTHLY_FEE', amount: '50', feeOnMonthDay: '15', feeInterval: 1 });
  const visit = await charge({ name: 'Passbook replacement', chargeTimeType: 'SPECIFIED_DUE_DATE', amount: '150' });
  const weekly = await charge({ name: 'Group meeting fee', chargeTimeType: 'WEEKLY_FEE', amount: '10', feeInterval: 2 });
  const product = await apiOk<{ id: number }>(page, host, 'savingsProducts.create', {
    name: 'Akiba savings',
    shortName: 'AKB',
    currencyCode: 'KES',
    nominalAnnualInterestRate: '3',
    charges: [{ id: flatWithdrawal.id }, { id: bankWithdrawal.id }],
  });
  const { savingsId } = await apiOk<{ savingsId: number }>(page, host, 'savings.submit', { clientId: client.id, productId: product.id });
  await apiOk(page, host, 'savings.approve', { savingsId });
  await apiOk(page, host, 'savings.activate', { savingsId });
  await apiOk(page, host, 'savings.deposit', { savingsId, transactionAmount: '5000', paymentTypeCode: 'MOBILE_MONEY' });

  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.goto(`/#/savings/${savingsId}`);
  const card = page.getByTestId('savings-charges');
  // the product's two withdrawal fees came with the account
  await expect(card.getByTestId('savings-charge')).toHaveCount(2);
  await expect(card.getByTestId('savings-charge').nth(1).getByTestId('savings-charge-amount')).toContainText('1.5 %');

  // 1. a monthly fee: the catalogue's amount, day and interval offered
  await card.getByTestId('savings-charge-add').click();
  const add = page.getByTestId('savings-charge-add-dialog');
  await expect(add).toBeVisible();
  await choose(page, 'savings-charge-select', String(monthly.id));
  await expect(add.getByTestId('savings-charge-amount-input')).toHaveValue('50.00');
  await expect(add.getByTestId('savings-charge-month-day')).toHaveValue('15');
  await expect(add.getByTestId('savings-charge-interval')).toHaveValue('1');
  await inBothLanguages(page, '340-savings-charge-add');
  await add.getByTestId('savings-charge-add-confirm').click();
  await expect(add).toBeHidden();

  // 2. a fee on a date (the business date offered) and a weekly fee (its first date)
  for (const id of [visit.id, weekly.id]) {
    await card.getByTestId('savings-charge-add').click();
    await choose(page, 'savings-charge-select', String(id));
    await expect(add.getByTestId('savings-charge-due-date')).toBeVisible();
    await add.getByTestId('savings-charge-add-confirm').click();
    await expect(add).toBeHidden();
  }
  await expect(card.getByTestId('savings-charge')).toHaveCount(5);
  const ledgerRow = card.getByTestId('savings-charge').filter({ hasText: 'Ledger fee' });
  const visitRow = card.getByTestId('savings-charge').filter({ hasText: 'Passbook replacement' });
  await expect(ledgerRow).toContainText('Every month on');
  await dismissToasts(page);
  await card.scrollIntoViewIfNeeded();
  await inBothLanguages(page, '341-savings-charges');

  // 3. pay the ledger fee's coming 50.00 from the balance
  await ledgerRow.getByTestId('savings-charge-pay').click();
  const pay = page.getByTestId('savings-charge-pay-dialog');
  await expect(pay).toBeVisible();
  await expect(pay.getByTestId('savings-charge-pay-owes')).toContainText('50.00');
  await expect(pay.getByTestId('savings-charge-pay-amount')).toHaveValue('50.00');
  await inBothLanguages(page, '342-savings-charge-pay');
  await pay.getByTestId('savings-charge-pay-confirm').click();
  await expect(pay).toBeHidden();
  await expect(ledgerRow.getByTestId('savings-charge-paid')).toHaveText('50.00');
  await expect(page.getByTestId('savings-balance')).toContainText('4,950.00');

  // 4. waive the fee on a date
  await visitRow.getByTestId('savings-charge-waive').click();
  const waive = page.getByTestId('savings-charge-waive-dialog');
  await expect(waive).toBeVisible();
  await expect(waive.getByTestId('savings-charge-waive-amount')).toContainText('150.00');
  await inBothLanguages(page, '343-savings-charge-waive');
  await waive.getByTestId('savings-charge-waive-confirm').click();
  await expect(waive).toBeHidden();
  await expect(visitRow.getByTestId('savings-charge-waived')).toHaveText('150.00');
  await expect(visitRow.getByTestId('savings-charge-outstanding')).toHaveText('0.00');
  await expect(page.getByTestId('savings-balance')).toContainText('4,950.00');

  // 5. the statement names each fee's charge; undo the ledger fee: the balance is back, the fee owed again
  const feeRow = page.getByTestId('savings-transaction').filter({ hasText: 'Ledger fee' });
  await expect(feeRow).toHaveAttribute('data-type', 'FEE');
  await feeRow.getByTestId('savings-transaction-undo').click();
  await page.getByTestId('correct-reason').fill('charged by mistake');
  await page.getByTestId('correct-confirm').click();
  await expect(page.getByTestId('savings-balance')).toContainText('5,000.00');
  await expect(ledgerRow.getByTestId('savings-charge-outstanding')).toHaveText('50.00');
  await dismissToasts(page);
  await inBothLanguages(page, '344-savings-charges-statement', true);

  // 6. at the counter: a withdrawal of 1,000.00 by bank transfer takes 20.00 and 1.5 % (15.00): 1,035.00 leave the account
  await page.goto(`/#/teller/savings?savingsId=${savingsId}&kind=withdraw`);
  const form = page.getByTestId('teller-savings-form');
  await expect(form).toHaveAttribute('data-kind', 'withdraw');
  await page.getByTestId('teller-savings-amount').fill('1000');
  await expect(page.getByTestId('teller-savings-fee')).toContainText('20.00');
  await choose(page, 'teller-savings-payment-type', 'BANK_TRANSFER');
  await expect(page.getByTestId('teller-savings-fee')).toContainText('35.00');
  await expect(page.getByTestId('teller-savings-total-debited')).toContainText('1,035.00');
  await inBothLanguages(page, '345-teller-withdrawal-fee');
  await page.getByTestId('teller-savings-post').click();
  const receipt = page.getByTestId('receipt-dialog');
  await expect(receipt).toBeVisible();
  await expect(receipt).toContainText('35.00');
  await screenshot(page, '346-withdrawal-receipt-fee-en');
  const after = await apiOk<{ summary: { accountBalance: string } }>(page, host, 'savings.get', { savingsId });
  // 5,000.00 - 20.00 - 15.00 - 1,000.00
  expect(after.summary.accountBalance).toBe('3965.00');
});
