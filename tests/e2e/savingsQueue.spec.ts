/**
 * The savings approval queue and the printable statement (issue 16) through the browser host. Two accounts are
 * submitted for a client on a product that opens with 500.00 (the API example: daily posting and
 * compounding, minRequiredOpeningBalance 500), one of them with its own opening balance of 0. The branch manager,
 * her till opened with 10,000.00, approves both from the queue, then activates them from the approved tab: the one
 * with the opening balance asks how the 500.00 is paid (refused without), takes it in cash (receipt, the till at
 * 10,500.00); the other activates with nothing asked. On the account a deposit is undone (a reversed row); the
 * statement for the period shows the opening and closing balances, the rows with the balance after each (the
 * reversed one marked), prints on A4 (the print media shows the statement alone; a PDF is made), and a period
 * that ends before it starts is refused beside its end. Screens go to test-results/screens/37x-*.png.
 */
import { join } from 'node:path';
import { callApi, expect, test } from './fixtures';
import { choose, inBothLanguages, pcDate, signInAs, typeDate } from './pages';
import { apiOk, branchWithStaff, openTill } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

test('savings: approval queue, activation with the opening deposit, statement printed on A4', async ({ page, host }) => {
  test.setTimeout(240_000);
  await branchWithStaff(page, host, { teller: false });
  const client = await apiOk<{ id: number }>(page, host, 'clients.create', { firstname: 'Wanjiru', lastname: 'Kamau', mobileNo: '+254700000370', active: true });
  const product = await apiOk<{ id: number }>(page, host, 'savingsProducts.create', {
    name: 'Akiba Daily',
    shortName: 'AKD',
    currencyCode: 'KES',
    nominalAnnualInterestRate: '4',
    interestPostingPeriodType: 'DAILY',
    interestCompoundingPeriodType: 'DAILY',
    minRequiredOpeningBalance: '500',
  });
  const { savingsId: withOpening, accountNo: openingNo } = await apiOk<{ savingsId: number; accountNo: string }>(page, host, 'savings.submit', { clientId: client.id, productId: product.id });
  const { savingsId: noOpening, accountNo: plainNo } = await apiOk<{ savingsId: number; accountNo: string }>(page, host, 'savings.submit', { clientId: client.id, productId: product.id, minRequiredOpeningBalance: '0' });
  await openTill(page.request, host, { username: 'amina', password: PASSWORD }, '10000');

  // 1. The branch manager's queue: both accounts waiting for approval, newest first.
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-savings-accounts').click();
  await expect(page.getByTestId('savings-tab-queue')).toHaveAttribute('aria-selected', 'true');
  const rows = page.getByTestId('savings-table-queue').getByTestId('savings-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-account', plainNo);
  await expect(rows.nth(1)).toHaveAttribute('data-account', openingNo);
  await expect(rows.nth(1).getByTestId('savings-row-opening')).toContainText('500.00');
  await expect(rows.nth(0).getByTestId('savings-row-opening')).toContainText('—');
  await inBothLanguages(page, '370-savings-queue');

  // 2. Approve both: the dialog with the business date, Enter approves.
  await rows.nth(1).getByTestId('savings-row-approve').click();
  const approve = page.getByTestId('approve-savings-dialog');
  await expect(approve).toBeVisible();
  await expect(approve).toContainText(openingNo);
  await inBothLanguages(page, '371-savings-approve-dialog');
  await approve.getByTestId('approve-submit').click();
  await expect(approve).toBeHidden();
  await expect(rows).toHaveCount(1);
  await rows.first().getByTestId('savings-row-approve').click();
  await approve.getByTestId('approve-submit').click();
  await expect(page.getByTestId('savings-list-empty')).toBeVisible();

  // 3. The approved tab: both waiting for activation, the opening deposit shown.
  await page.getByTestId('savings-tab-approved').click();
  const approved = page.getByTestId('savings-table-approved').getByTestId('savings-row');
  await expect(approved).toHaveCount(2);
  await inBothLanguages(page, '372-savings-approved');

  // 4. Activate the one with the opening balance: the amount said, the payment type asked; refused without it.
  await page.locator(`[data-testid="savings-row"][data-account="${openingNo}"]`).getByTestId('savings-row-activate').click();
  const activate = page.getByTestId('activate-savings-dialog');
  await expect(activate).toBeVisible();
  await expect(activate.getByTestId('activate-opening')).toContainText('500.00');
  await activate.getByTestId('activate-submit').click();
  await expect(activate.getByTestId('error-paymentTypeCode')).toBeVisible();
  await inBothLanguages(page, '373-savings-activate-payment-type-required');
  const before = await callApi<{ status: string }>(page.request, host, 'savings.get', { savingsId: withOpening });
  expect(before.data!.status).toBe('APPROVED');

  // 5. Cash: the receipt for 500.00, the manager's till up by 500.00.
  await choose(page, 'activate-payment-type', 'CASH');
  await activate.getByTestId('activate-submit').click();
  await expect(activate).toBeHidden();
  const receipt = page.getByTestId('receipt-dialog');
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTestId('receipt-amount')).toContainText('500.00');
  await expect(receipt.getByTestId('receipt-payment-type')).toContainText('Cash');
  await inBothLanguages(page, '374-savings-opening-receipt');
  await receipt.getByTestId('receipt-done').click();
  await expect(page.getByTestId('till-badge-amount')).toContainText('10,500.00');
  await expect(approved).toHaveCount(1);

  // 6. The other opens with nothing: no payment type asked.
  await approved.first().getByTestId('savings-row-activate').click();
  await expect(activate.getByTestId('activate-no-opening')).toBeVisible();
  await expect(activate.getByTestId('activate-payment-type')).toHaveCount(0);
  await inBothLanguages(page, '375-savings-activate-no-opening');
  await activate.getByTestId('activate-submit').click();
  await expect(activate).toBeHidden();
  await expect(page.getByTestId('savings-list-empty')).toBeVisible();
  await page.getByTestId('savings-tab-all').click();
  await expect(page.getByTestId('savings-table-all').getByTestId('savings-row')).toHaveCount(2);

  const opened = await callApi<{ status: string; summary: { accountBalance: string }; transactions: { type: string; amount: string }[] }>(page.request, host, 'savings.get', { savingsId: withOpening });
  expect(opened.data!.status).toBe('ACTIVE');
  expect(opened.data!.summary.accountBalance).toBe('500.00');
  expect(opened.data!.transactions.map((t) => [t.type, t.amount])).toEqual([['DEPOSIT', '500.00']]);
  expect((await callApi<{ status: string }>(page.request, host, 'savings.get', { savingsId: noOpening })).data!.status).toBe('ACTIVE');

  // 7. A deposit of 1,200.00 by mobile money, one of 300.00 undone (by the manager): the statement of the day.
  await apiOk(page, host, 'savings.deposit', { savingsId: withOpening, transactionAmount: '1200', paymentTypeCode: 'MOBILE_MONEY' });
  const wrong = await apiOk<{ transactionId: number }>(page, host, 'savings.deposit', { savingsId: withOpening, transactionAmount: '300', paymentTypeCode: 'MOBILE_MONEY' });
  await apiOk(page, host, 'savings.undoTransaction', { savingsId: withOpening, transactionId: wrong.transactionId, note: 'Posted twice' });
  await page.goto(`/#/savings/${withOpening}`);
  await page.getByTestId('savings-print-statement').click();
  const statement = page.getByTestId('savings-statement');
  await expect(statement).toBeVisible();
  const today = pcDate();
  // opening: nothing before the submission date; 500.00 + 1,200.00 (the 300.00 undone) = 1,700.00
  await expect(page.getByTestId('savings-statement-opening')).toContainText('0.00');
  await expect(page.getByTestId('savings-statement-credits')).toContainText('1,700.00');
  await expect(page.getByTestId('savings-statement-debits')).toContainText('0.00');
  await expect(page.getByTestId('savings-statement-closing')).toContainText('1,700.00');
  const lines = page.getByTestId('savings-statement-line');
  await expect(lines).toHaveCount(3);
  await expect(lines.nth(0).getByTestId('savings-statement-running')).toContainText('500.00');
  await expect(lines.nth(1).getByTestId('savings-statement-running')).toContainText('1,700.00');
  await expect(lines.nth(2)).toHaveAttribute('data-reversed', 'true');
  await expect(lines.nth(2).getByTestId('savings-statement-reversed')).toBeVisible();
  await expect(lines.nth(2).getByTestId('savings-statement-undo-note')).toContainText('Posted twice');
  await expect(lines.nth(2).getByTestId('savings-statement-running')).toContainText('1,700.00');
  await inBothLanguages(page, '376-savings-statement', true);

  // 8. Printed: the statement alone on A4 (the menu, the period form and the buttons stay off the paper).
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('savings-statement-period')).toBeHidden();
  await expect(page.getByTestId('savings-statement-print')).toBeHidden();
  await expect(statement).toBeVisible();
  await inBothLanguages(page, '377-savings-statement-print', true);
  const pdf = await page.pdf({ path: join('test-results', 'screens', '377-savings-statement.pdf'), preferCSSPageSize: true });
  expect(pdf.length).toBeGreaterThan(1000);
  await page.emulateMedia({ media: 'screen' });

  // 9. A period that ends before it starts: refused by the core beside its end.
  await typeDate(page, 'savings-statement-from', today);
  const [y, m, d] = today.split('-').map(Number);
  const dayBefore = new Date(y!, m! - 1, d! - 1);
  await typeDate(page, 'savings-statement-to', `${dayBefore.getFullYear()}-${String(dayBefore.getMonth() + 1).padStart(2, '0')}-${String(dayBefore.getDate()).padStart(2, '0')}`);
  await page.getByTestId('savings-statement-show').click();
  await expect(page.getByTestId('error-toDate')).toContainText('ends before it starts');
  await inBothLanguages(page, '378-savings-statement-refused');

  // 10. A third account opened from the client's page: the product's 500 offered, changed to 200 for this account.
  await page.goto(`/#/clients/${client.id}`);
  await page.getByTestId('client-open-savings').click();
  const openDialog = page.getByTestId('open-savings-dialog');
  await expect(openDialog.getByTestId('open-savings-opening')).toHaveValue(/500/);
  await openDialog.getByTestId('open-savings-opening').fill('200');
  await openDialog.getByTestId('open-savings-confirm').click();
  await expect(page.getByTestId('savings-page')).toBeVisible();
  const third = Number(/savings\/(\d+)/.exec(page.url())![1]);
  expect((await callApi<{ minRequiredOpeningBalance: string }>(page.request, host, 'savings.get', { savingsId: third })).data!.minRequiredOpeningBalance).toBe('200.00');

  // 11. The product says what its accounts open with, and the product form asks for it.
  await page.goto('/#/savings-products');
  await expect(page.locator('[data-testid="savings-product-row"][data-short-name="AKD"]').getByTestId('savings-product-opening')).toContainText('500.00');
  await page.getByTestId('savings-product-new').click();
  const form = page.getByTestId('savings-product-dialog');
  await expect(form.getByTestId('savings-product-opening-balance')).toBeVisible();
  await form.getByTestId('savings-product-opening-balance').fill('250');
  await form.getByTestId('savings-product-opening-balance').scrollIntoViewIfNeeded();
  await inBothLanguages(page, '379-savings-product-opening-balance');
});
