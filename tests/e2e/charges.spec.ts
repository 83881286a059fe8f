/**
 * The charge catalogue and the products that carry its charges (issue 15), through the browser host: the
 * administrator makes an overdue penalty, a visit fee and a monthly savings fee on the charges screen, is told
 * the name is taken, gives a loan product two catalogue charges and accrual accounting (its receivable accounts
 * shown) and a savings product two fees and accruals (its interest payable), and is told a charge a product carries
 * cannot be switched off. Screens: test-results/screens/300-309-*.png.
 */
import { callApi, expect, screenshot, test } from './fixtures';
import { DEFAULT_BRANCH, Shell, choose, inBothLanguages } from './pages';
import { setUpBranchByApi } from './setupApi';

test('the charge list, and loan and savings products carrying its charges with their accounting rule', async ({ page, host }) => {
  test.setTimeout(240_000);
  await setUpBranchByApi(page, host);
  await page.goto('/');
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);

  // 1. The charges screen, under the products in the menu.
  await page.getByTestId('nav-charges').click();
  await expect(page.getByTestId('charges-page')).toBeVisible();
  await expect(page.getByTestId('charges-empty')).toBeVisible();

  // An overdue penalty: 2 % of what is overdue, again every day while it stays overdue.
  await page.getByTestId('charge-new').click();
  const dialog = page.getByTestId('charge-dialog');
  await dialog.getByTestId('charge-name').fill('Late payment penalty');
  await choose(page, 'charge-time', 'OVERDUE_INSTALLMENT');
  await choose(page, 'charge-calculation', 'PERCENT_OF_AMOUNT');
  await dialog.getByTestId('charge-amount').fill('2');
  // an overdue-installment charge is always a penalty: ticked, and not to be unticked
  await expect(dialog.getByTestId('charge-penalty')).toBeChecked();
  await expect(dialog.getByTestId('charge-penalty')).toBeDisabled();
  await dialog.getByTestId('charge-repeats').check();
  await dialog.getByTestId('charge-fee-interval').fill('1');
  await choose(page, 'charge-fee-frequency', 'DAYS');
  await screenshot(page, '301-charge-penalty-form');
  await dialog.getByTestId('charge-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('charge-row')).toHaveCount(1);

  // A fee on a date given, 150.00.
  await page.getByTestId('charge-new').click();
  await dialog.getByTestId('charge-name').fill('Field visit fee');
  await dialog.getByTestId('charge-amount').fill('150');
  await dialog.getByTestId('charge-save').click();
  await expect(dialog).toBeHidden();

  // A savings fee of 50.00 on the 5th of every month: the form asks for the day and how many months.
  await page.getByTestId('charge-new').click();
  await dialog.getByTestId('charge-name').fill('Ledger fee');
  await choose(page, 'charge-applies-to', 'SAVINGS');
  await choose(page, 'charge-time', 'MONTHLY_FEE');
  await dialog.getByTestId('charge-amount').fill('50');
  await dialog.getByTestId('charge-fee-day').fill('5');
  await dialog.getByTestId('charge-fee-interval').fill('1');
  await screenshot(page, '302-charge-monthly-fee-form');
  await dialog.getByTestId('charge-save').click();
  await expect(dialog).toBeHidden();

  // The name of another charge is refused beside the name, nothing saved.
  await page.getByTestId('charge-new').click();
  await dialog.getByTestId('charge-name').fill('Field visit fee');
  await dialog.getByTestId('charge-amount').fill('100');
  await dialog.getByTestId('charge-save').click();
  await expect(dialog.getByTestId('error-name')).toBeVisible();
  await screenshot(page, '303-charge-refused');
  await dialog.getByTestId('charge-cancel').click();

  // Two more through the API, as a script would: a mobile-money withdrawal fee and a capped processing fee.
  for (const c of [
    { name: 'Mobile withdrawal fee', chargeAppliesTo: 'SAVINGS', chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: '25', paymentTypeCode: 'MOBILE_MONEY' },
    { name: 'Processing fee', chargeAppliesTo: 'LOAN', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5', minCap: '100', maxCap: '2000' },
  ]) {
    const r = await callApi(page.request, host, 'charges.create', { currencyCode: 'KES', ...c });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
  }
  await page.reload();
  await expect(page.getByTestId('charge-row')).toHaveCount(5);
  await expect(page.getByTestId('charge-row').filter({ hasText: 'Late payment penalty' })).toContainText('every day');
  await expect(page.getByTestId('charge-row').filter({ hasText: 'Ledger fee' })).toContainText('Every month · on day 5');
  await expect(page.getByTestId('charge-row').filter({ hasText: 'Mobile withdrawal fee' })).toContainText('Mobile money');
  await inBothLanguages(page, '300-charges', true);
  await page.getByTestId('charges-kind-SAVINGS').click();
  await expect(page.getByTestId('charge-row')).toHaveCount(2);
  await screenshot(page, '308-charges-savings');
  await page.getByTestId('charges-kind-ALL').click();

  const list = await callApi<{ id: number; name: string }[]>(page.request, host, 'charges.list', {});
  const id = (name: string) => String(list.data!.find((c) => c.name === name)!.id);

  // 2. A loan product carrying the penalty and the visit fee, on accrual accounting: the receivables appear.
  await page.getByTestId('nav-loan-products').click();
  await page.getByTestId('product-new').click();
  const product = page.getByTestId('product-dialog');
  await product.getByTestId('product-name').fill('Biashara accrual');
  await product.getByTestId('product-short-name').fill('BAC');
  await product.getByTestId('product-principal').fill('50000');
  await product.getByTestId('product-repayments').fill('12');
  await product.getByTestId('product-rate').fill('24');
  await choose(page, 'product-charges-field-add', id('Late payment penalty'));
  await choose(page, 'product-charges-field-add', id('Field visit fee'));
  await expect(product.getByTestId('product-charges-field-row')).toHaveCount(2);
  await expect(product.getByTestId('product-accounting-receivableFeeAccountId')).toBeHidden();
  await choose(page, 'product-accounting-rule', 'ACCRUAL_PERIODIC');
  await expect(product.getByTestId('product-accounting-receivablePenaltyAccountId')).toContainText('1240');
  await product.getByTestId('product-accounting').scrollIntoViewIfNeeded();
  await screenshot(page, '304-loan-product-charges-accounting');
  await product.getByTestId('product-save').click();
  await expect(product).toBeHidden();
  await expect(page.getByTestId('product-charges')).toContainText('Late payment penalty, Field visit fee');
  await inBothLanguages(page, '305-loan-products');
  const loanProducts = await callApi<{ accountingRule: string; charges: { name: string }[]; accountingMapping: Record<string, number | null> }[]>(page.request, host, 'loanProducts.list', {});
  expect(loanProducts.data![0]).toMatchObject({ accountingRule: 'ACCRUAL_PERIODIC', charges: [{ name: 'Late payment penalty' }, { name: 'Field visit fee' }] });
  expect(loanProducts.data![0]!.accountingMapping.receivablePenaltyAccountId).not.toBeNull();

  // 3. A savings product carrying the monthly fee and the withdrawal fee, on accruals: its interest payable.
  await page.getByTestId('nav-savings-products').click();
  await page.getByTestId('savings-product-new').click();
  const savings = page.getByTestId('savings-product-dialog');
  await savings.getByTestId('savings-product-name').fill('Akiba plus');
  await savings.getByTestId('savings-product-short-name').fill('AKP');
  await savings.getByTestId('savings-product-rate').fill('6');
  await choose(page, 'savings-product-charges-field-add', id('Ledger fee'));
  await choose(page, 'savings-product-charges-field-add', id('Mobile withdrawal fee'));
  await expect(savings.getByTestId('savings-product-charges-field-none-to-add')).toBeVisible();
  await choose(page, 'savings-product-accounting-rule', 'ACCRUAL_PERIODIC');
  await expect(savings.getByTestId('savings-product-accounting-interestPayableAccountId')).toContainText('2400');
  await savings.getByTestId('savings-product-accounting').scrollIntoViewIfNeeded();
  await screenshot(page, '306-savings-product-charges-accounting');
  await savings.getByTestId('savings-product-save').click();
  await expect(savings).toBeHidden();
  await expect(page.getByTestId('savings-product-charges')).toContainText('Ledger fee, Mobile withdrawal fee');
  await inBothLanguages(page, '307-savings-products');

  // 4. A charge a product carries cannot be switched off: the form says so beside the box, nothing saved.
  await page.getByTestId('nav-charges').click();
  await page.getByTestId('charge-row').filter({ hasText: 'Late payment penalty' }).getByTestId('charge-edit').click();
  await expect(dialog.getByTestId('charge-name')).toHaveValue('Late payment penalty');
  await dialog.getByTestId('charge-active').uncheck();
  await dialog.getByTestId('charge-save').click();
  await expect(dialog.getByTestId('error-active')).toBeVisible();
  await dialog.getByTestId('error-active').scrollIntoViewIfNeeded();
  await screenshot(page, '309-charge-in-use');
  await dialog.getByTestId('charge-cancel').click();
  await expect(page.getByTestId('charge-row').filter({ hasText: 'Late payment penalty' })).toContainText('Biashara accrual');
});
