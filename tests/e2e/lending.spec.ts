/**
 * The lending day through the browser host: the administrator creates a product on its screen, a client applies
 * (with the schedule preview), a branch manager approves and disburses, a teller takes three repayments with the
 * keyboard only (one partial), each with its receipt; then the loan and the trial balance agree.
 * Screens in English and French go to test-results/screens/.
 */
import { readFileSync } from 'node:fs';
import { callApi, expect, screenshot, test } from './fixtures';
import { DEFAULT_BRANCH, Shell, TellerPage, choose, inBothLanguages, pictures, signInAs, switchLanguageNow as switchLanguage, typeDate } from './pages';
import { createUser, openTill, setUpBranchByApi } from './setupApi';

function isoDaysBefore(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

test('a loan from product to three keyboard repayments, with receipts and a balanced trial balance', async ({ page, host }) => {
  test.setTimeout(240_000);
  await setUpBranchByApi(page, host);
  await page.goto('/');
  const shell = new Shell(page);
  await shell.expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  const today = (await callApi<{ businessDate: string }>(page.request, host, 'session.current')).data!.businessDate;
  const past = isoDaysBefore(today, 122);

  // 1. The product, on its screen, carrying a fee of the charge list (issue 15): 200.00 at disbursement.
  const fee = await callApi<{ id: number }>(page.request, host, 'charges.create', {
    name: 'Processing fee',
    currencyCode: 'KES',
    chargeAppliesTo: 'LOAN',
    chargeTimeType: 'DISBURSEMENT',
    chargeCalculationType: 'FLAT',
    amount: '200',
  });
  expect(fee.ok, JSON.stringify(fee.error)).toBe(true);
  await page.getByTestId('nav-loan-products').click();
  await expect(page.getByTestId('products-page')).toBeVisible();
  await page.getByTestId('product-new').click();
  const dialog = page.getByTestId('product-dialog');
  await dialog.getByTestId('product-name').fill('Biashara monthly');
  await dialog.getByTestId('product-short-name').fill('BIA');
  await dialog.getByTestId('product-principal').fill('12000');
  await dialog.getByTestId('product-min-principal').fill('1000');
  await dialog.getByTestId('product-max-principal').fill('50000');
  await dialog.getByTestId('product-repayments').fill('6');
  await dialog.getByTestId('product-min-repayments').fill('1');
  await dialog.getByTestId('product-max-repayments').fill('12');
  await dialog.getByTestId('product-rate').fill('24');
  await choose(page, 'product-charges-field-add', String(fee.data!.id));
  await expect(dialog.getByTestId('product-charges-field-row')).toContainText('Processing fee');
  await screenshot(page, '70-product-dialog-en', true);
  await dialog.getByTestId('product-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('product-row')).toHaveCount(1);
  await inBothLanguages(page, '71-products');

  // 2. A client, and the application on its screen with the live preview.
  const client = await callApi<{ id: number }>(page.request, host, 'clients.create', {
    firstname: 'Wanjiku',
    lastname: 'Kamau',
    mobileNo: '+254700000123',
    active: true,
  });
  expect(client.ok, JSON.stringify(client.error)).toBe(true);
  await page.goto(`/#/clients/${client.data!.id}`);
  await page.getByTestId('client-new-loan').click();
  await expect(page.getByTestId('loan-application')).toBeVisible();
  await expect(page.getByTestId('application-principal')).toHaveValue(/12,000/);
  await typeDate(page, 'application-submitted-date', past);
  await typeDate(page, 'application-disbursement-date', past);
  await expect(page.getByTestId('application-period')).toHaveCount(6);
  // outside the product's range: the preview and the field say the range (issue 19 point 5)
  await page.getByTestId('application-principal').fill('60000');
  await expect(page.getByTestId('application-preview-error')).toContainText('Amount requested: Must be between 1,000 and 50,000.');
  await expect(page.getByTestId('loan-application').locator('[aria-invalid="true"]')).toHaveCount(1);
  await pictures(page, '485-application-out-of-range', true);
  await page.getByTestId('application-principal').fill('12000');
  await expect(page.getByTestId('application-period')).toHaveCount(6);
  await expect(page.getByTestId('application-period').first()).toContainText(new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(new Date(`${isoDaysBefore(past, -30)}T00:00:00Z`)));
  await inBothLanguages(page, '72-loan-application', true);
  await page.getByTestId('application-submit').click();
  await expect(page.getByTestId('loan-status')).toHaveAttribute('data-status', 'SUBMITTED_AND_PENDING_APPROVAL');
  const loanId = Number(/loans\/(\d+)/.exec(page.url())![1]);
  // not yet disbursed: the figures and the schedule its terms give, said to be proposed (issue 19 point 4)
  await expect(page.getByTestId('loan-summary')).toHaveAttribute('data-proposed', 'true');
  await expect(page.getByTestId('loan-proposed-schedule').getByTestId('application-period')).toHaveCount(6);
  await pictures(page, '486-loan-pending-proposed', true);
  // two more clients, for the teller's search below: the older one matches "Neema W" better
  for (const lastname of ['Wekesa', 'Nwosu']) {
    const made = await callApi(page.request, host, 'clients.create', { firstname: 'Neema', lastname, active: true });
    expect(made.ok, JSON.stringify(made.error)).toBe(true);
  }

  // 3. The branch manager approves in the queue and disburses.
  await createUser(page, host, 'amina', 'Amina Njeri', 'BRANCH_MANAGER');
  await createUser(page, host, 'peter', 'Peter Otieno', 'TELLER');
  // Cash moves through open tills: the manager pays the loan out of hers, the teller takes repayments into his.
  await openTill(page.request, host, { username: 'amina', password: 'Strong-pass-2026' }, '20000');
  await openTill(page.request, host, { username: 'peter', password: 'Strong-pass-2026' }, '5000');
  await signInAs(page, 'amina', 'Strong-pass-2026', 'Amina Njeri');
  await page.getByTestId('nav-loans').click();
  await expect(page.getByTestId('loans-row')).toHaveCount(1);
  await inBothLanguages(page, '73-approval-queue');
  await page.getByTestId('loans-approve').click();
  // the approver sees the terms, the proposed schedule and the client's other accounts (issue 19 point 4)
  const facts = page.getByTestId('loans-dialog').getByTestId('approval-facts');
  await expect(facts.getByTestId('approval-schedule').getByTestId('application-period')).toHaveCount(6);
  await expect(facts.getByTestId('approval-principal')).toContainText('12,000.00');
  await expect(facts.getByTestId('approval-no-other-loans')).toBeVisible();
  await pictures(page, '487-approval-dialog');
  await page.getByTestId('loans-dialog-note').fill('Good repayment history');
  await page.getByTestId('loans-dialog-confirm').click();
  await expect(page.getByTestId('loans-dialog')).toBeHidden();
  await page.getByTestId('loans-tab-approved').click();
  await expect(page.getByTestId('loans-approved-on')).toHaveCount(1);
  await page.getByTestId('loans-disburse').click();
  await expect(page.getByTestId('loans-dialog')).toBeVisible();
  // The date defaults to the application's expected disbursement date (from the list, no extra call).
  const [py, pm, pd] = past.split('-').map(Number);
  await expect(page.getByTestId('loans-dialog-date-year')).toHaveText(String(py));
  await expect(page.getByTestId('loans-dialog-date-month')).toHaveText(new RegExp(`^0?${pm}$`));
  await expect(page.getByTestId('loans-dialog-date-day')).toHaveText(new RegExp(`^0?${pd}$`));
  await screenshot(page, '74-disburse-dialog-en');
  await page.getByTestId('loans-dialog-confirm').click();
  const voucher = page.getByTestId('receipt-dialog');
  await expect(voucher).toBeVisible();
  await expect(voucher.getByTestId('receipt-number')).toHaveText(/^[A-Z0-9]+-R\d{6}$/);
  // issue 19 (12): the cash is handed to the client, who signs for it; the amount in words names the currency
  await expect(voucher.getByTestId('receipt-client-signature')).toBeVisible();
  await expect(voucher.getByTestId('receipt-words')).toContainText('shillings only');
  await inBothLanguages(page, '75-disbursement-voucher');
  await page.keyboard.press('Escape');
  await expect(voucher).toBeHidden();

  const loan = await callApi<{ periods: { totalDueForPeriod: string }[]; summary: { totalOverdue: string } }>(page.request, host, 'loans.get', { loanId });
  expect(loan.ok, JSON.stringify(loan.error)).toBe(true);
  const installment = loan.data!.periods[0]!.totalDueForPeriod;
  expect(Number(loan.data!.summary.totalOverdue)).toBeGreaterThan(Number(installment));

  // 4. The teller, keyboard only: two full installments and a partial one.
  await signInAs(page, 'peter', 'Strong-pass-2026', 'Peter Otieno');
  // the teller's menu: their dashboard first, then the repayments screen
  await expect(page.getByTestId('main-nav').locator('a').nth(0)).toHaveAttribute('data-testid', 'nav-home');
  await expect(page.getByTestId('main-nav').locator('a').nth(1)).toHaveAttribute('data-testid', 'nav-teller');
  await page.getByTestId('nav-teller').click();
  await expect(page.getByTestId('teller-page')).toBeVisible();
  // "Neema W": Neema Wekesa first (every word starts a name part), above the newer Neema Nwosu; Enter picks her,
  // and as she has no loan the search takes the focus back (issue 19 point 8)
  await expect(page.getByTestId('teller-search')).toBeFocused();
  await page.keyboard.type('Neema W');
  await expect(page.getByTestId('teller-clients')).toHaveAttribute('data-query', 'Neema W');
  await expect(page.getByTestId('teller-client-option').first()).toContainText('Neema Wekesa');
  await expect(page.getByTestId('teller-client-option').nth(1)).toContainText('Neema Nwosu');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('teller-no-loan')).toContainText('Neema Wekesa');
  await expect(page.getByTestId('teller-search')).toBeFocused();
  await pictures(page, '488-teller-no-loan');
  await page.getByTestId('teller-search').fill('');
  const teller = new TellerPage(page);
  const amounts = [installment, installment, '1000'];
  let lastReceipt = '';
  for (const [i, amount] of amounts.entries()) {
    if (i === 0) {
      await page.keyboard.type('Wanj');
      await expect(page.getByTestId('teller-client-option')).toHaveCount(1);
      await inBothLanguages(page, '76-teller-search');
      await page.getByTestId('teller-search').fill('');
      await page.getByTestId('teller-search').focus();
    }
    if (i === 2) {
      // Show the loan list and the form once, as the teller sees them.
      await page.keyboard.type('Kamau');
      await expect(page.getByTestId('teller-clients')).toHaveAttribute('data-query', 'Kamau');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('teller-loans')).toBeFocused();
      await expect(page.getByTestId('teller-loan-overdue')).toBeVisible();
      await inBothLanguages(page, '77-teller-loans');
      await page.getByTestId('teller-loans').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('teller-amount')).toBeFocused();
      await inBothLanguages(page, '78-teller-form');
      // The prefilled amount follows the language, even in the focused box: no "2,142.31" on a French screen.
      const prefilled = page.getByTestId('teller-amount');
      await switchLanguage(page, 'fr');
      await expect(prefilled).toHaveValue(/^\d{1,3}([\s\u00a0\u202f]\d{3})*,\d{2}$/);
      await switchLanguage(page, 'en');
      await expect(prefilled).toHaveValue(/^\d{1,3}(,\d{3})*\.\d{2}$/);
      await expect(prefilled).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('teller-search')).toBeFocused();
    }
    const receipt = await teller.repay(i === 1 ? '+254700000123' : 'Wanjiku', amount);
    await expect(receipt.getByTestId('receipt-number')).toHaveText(/^[A-Z0-9]+-R\d{6}$/);
    lastReceipt = await receipt.getByTestId('receipt-number').innerText();
    await expect(receipt.getByTestId('receipt-words')).toContainText(i === 2 ? 'One thousand shillings only' : 'shillings');
    if (i === 2) {
      await inBothLanguages(page, '79-receipt');
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, '80-receipt-print-a4-en', true);
      await page.emulateMedia({ media: 'screen' });
      await receipt.getByTestId('receipt-layout-thermal').check();
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, '81-receipt-print-80mm-en', true);
      await switchLanguage(page, 'fr');
      await screenshot(page, '81-receipt-print-80mm-fr', true);
      await switchLanguage(page, 'en');
      await page.emulateMedia({ media: 'screen' });
      await receipt.getByTestId('receipt-done').focus();
    }
    await page.keyboard.press('Enter');
    await expect(receipt).toBeHidden();
    await expect(page.getByTestId('teller-search')).toBeFocused();
    await expect(page.getByTestId('teller-search')).toHaveValue('');
  }

  // 5. The manager opens the loan and the trial balance.
  await signInAs(page, 'amina', 'Strong-pass-2026', 'Amina Njeri');
  await page.goto(`/#/loans/${loanId}`);
  await expect(page.getByTestId('loan-status')).toHaveAttribute('data-status', 'ACTIVE');
  await expect(page.getByTestId('loan-transaction').and(page.locator('[data-type="REPAYMENT"]'))).toHaveCount(3);
  await expect(page.getByTestId('loan-period').first()).toHaveAttribute('data-complete', 'true');
  await expect(page.getByTestId('loan-period').nth(2)).toHaveAttribute('data-complete', 'false');
  await expect(page.getByTestId('loan-days-in-arrears')).toBeVisible();
  // Repayments were taken: the disbursement can no longer be undone; the manager (waiver permission) may foreclose.
  await expect(page.getByTestId('loan-action-undoDisbursal')).toHaveCount(0);
  await expect(page.getByTestId('loan-action-foreclose')).toBeVisible();
  // The transactions table fits its card on a 1366 px window (nothing scrolled or clipped at the right).
  const transactions = page.getByTestId('loan-transactions');
  await expect(transactions.getByTestId('loan-undo-transaction')).toHaveCount(3);
  const widths = await transactions.evaluate((table) => {
    const wrap = table.parentElement!;
    return { table: Math.ceil(table.getBoundingClientRect().width), scroll: wrap.scrollWidth, visible: wrap.clientWidth };
  });
  expect(widths.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(widths.visible);
  expect(widths.table, JSON.stringify(widths)).toBeLessThanOrEqual(widths.visible);
  await inBothLanguages(page, '82-loan-detail', true);
  // Each transaction shows the receipt Branchbox issued for it, with its own reprint (a COPY).
  const lastRepayment = page.getByTestId('loan-transaction').and(page.locator('[data-type="REPAYMENT"]')).last();
  await expect(lastRepayment.getByTestId('loan-transaction-receipt')).toHaveText(lastReceipt);
  await lastRepayment.getByTestId('loan-reprint').click();
  await expect(page.getByTestId('receipt-number')).toHaveText(lastReceipt);
  await expect(page.getByTestId('receipt-copy')).toHaveText('COPY');
  await screenshot(page, '83-receipt-reprint-copy-en');
  await page.keyboard.press('Escape');

  // The client's page lists the loan, with a link to it.
  await page.getByTestId('loan-back-to-client').click();
  await expect(page.getByTestId('client-detail')).toBeVisible();
  const clientLoan = page.getByTestId('client-loan');
  await expect(clientLoan).toHaveCount(1);
  await expect(clientLoan).toHaveAttribute('data-status', 'ACTIVE');
  await expect(clientLoan).toContainText('Biashara monthly');
  await expect(clientLoan.getByTestId('client-loan-overdue')).toContainText('KES');
  await expect(page.getByTestId('client-new-loan')).toBeVisible();
  await inBothLanguages(page, '88-client-loans', true);
  await clientLoan.getByTestId('client-loan-link').click();
  await expect(page).toHaveURL(new RegExp(`#/loans/${loanId}$`));
  await expect(page.getByTestId('loan-status')).toHaveAttribute('data-status', 'ACTIVE');

  await page.getByTestId('nav-trial-balance').click();
  await expect(page.getByTestId('tb-row').first()).toBeVisible();
  const debit = await page.getByTestId('tb-total-debit').innerText();
  expect(debit).not.toBe('0.00');
  await expect(page.getByTestId('tb-total-credit')).toHaveText(debit);
  await expect(page.getByTestId('tb-balanced')).toHaveText('Debits equal credits.');
  await inBothLanguages(page, '84-trial-balance', true);
  await page.getByTestId('nav-chart').click();
  await expect(page.getByTestId('chart-row').first()).toBeVisible();
  await inBothLanguages(page, '85-chart-of-accounts', true);
  await page.getByTestId('nav-journal').click();
  await expect(page.getByTestId('journal-entry').first()).toBeVisible();
  await inBothLanguages(page, '86-journal');
  await page.getByTestId('nav-chart').click();
  await page.getByTestId('chart-statement').first().click();
  await expect(page.getByTestId('statement-page')).toBeVisible();
  await inBothLanguages(page, '87-statement', true);

  // Issue 19 point 9: what the books wrote in English said in the user's language at 1366x768: a template account's
  // name and the core's journal descriptions in French (the till's account by its teller), the stored English in
  // English; the balance sheet's sections, names and its CSV file in French too (pictures 515-519)
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByTestId('nav-journal').click();
  await expect(page.getByTestId('journal-description').filter({ hasText: /^Loan repayment \S+$/ }).first()).toBeVisible();
  await switchLanguage(page, 'fr');
  const repaid = page.getByTestId('journal-entry').filter({ has: page.getByTestId('journal-description').filter({ hasText: /^Remboursement du prêt \S+$/ }) }).first();
  await expect(repaid.getByTestId('journal-line-account')).toContainText([/^Caisse : /, 'Portefeuille de prêts']);
  await expect(page.getByTestId('journal-description').filter({ hasText: /^Décaissement du prêt \S+$/ })).toHaveCount(1);
  await screenshot(page, '515-journal-books-fr');
  await page.getByTestId('nav-chart').click();
  await expect(page.locator('[data-testid="chart-row"][data-code="1110"]')).toContainText('Coffre de l’agence');
  await expect(page.locator('[data-testid="chart-row"][data-code="4100"]')).toContainText('Intérêts sur prêts');
  await screenshot(page, '516-chart-books-fr');
  await page.getByTestId('nav-trial-balance').click();
  await expect(page.locator('[data-testid="tb-row"][data-code="1200"]')).toContainText('Portefeuille de prêts');
  await screenshot(page, '517-trial-balance-books-fr');
  await page.goto('/#/reports/balanceSheet?run');
  const sheetRows = page.getByTestId('report-table-row');
  await expect(sheetRows.filter({ hasText: 'Portefeuille de prêts' }).getByTestId('cell-section')).toHaveText('Actif');
  await expect(sheetRows.filter({ hasText: 'Résultat de la période (produits moins charges)' })).toHaveCount(1);
  const [sheetCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-csv').click()]);
  const sheetLines = readFileSync((await sheetCsv.path())!, 'utf8').split('\r\n');
  expect(sheetLines.find((l) => l.includes(',1200,'))).toMatch(/^Actif,1200,Portefeuille de prêts,/);
  await screenshot(page, '518-balance-sheet-books-fr');
  await page.goto('/#/accounting/statement?account=7');
  await expect(page.getByTestId('statement-line').filter({ hasText: /Décaissement du prêt \S+/ })).toHaveCount(1);
  await screenshot(page, '519-statement-books-fr');
  await switchLanguage(page, 'en');
  await expect(page.getByTestId('statement-line').filter({ hasText: /Loan disbursement \S+/ })).toHaveCount(1);
  await screenshot(page, '519-statement-books-en');
  await page.goto('/#/reports/balanceSheet?run');
  await expect(sheetRows.filter({ hasText: 'Loan portfolio' }).getByTestId('cell-section')).toHaveText('Assets');
  await screenshot(page, '518-balance-sheet-books-en');
  await page.getByTestId('nav-trial-balance').click();
  await expect(page.locator('[data-testid="tb-row"][data-code="1200"]')).toContainText('Loan portfolio');
  await screenshot(page, '517-trial-balance-books-en');
  await page.getByTestId('nav-chart').click();
  await expect(page.locator('[data-testid="chart-row"][data-code="1110"]')).toContainText('Branch vault');
  await screenshot(page, '516-chart-books-en');
  await page.getByTestId('nav-journal').click();
  await expect(page.getByTestId('journal-description').filter({ hasText: /^Loan disbursement \S+$/ })).toHaveCount(1);
  await screenshot(page, '515-journal-books-en');
});
