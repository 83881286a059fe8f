/**
 * Overdue-installment penalties (issue 15) through the screens. A loan of about two and a half months, whose product
 * carries two catalogue penalties (150.00 once per late installment; 50.00 every week an installment stays late),
 * is unpaid: the administrator sees the two penalty settings (Fineract's defaults); the branch manager's day-end
 * checklist says how many penalties the close applies and the result how many it applied; the teller, picking the
 * loan, sees what is overdue split into principal, interest, fees and penalties and the penalties applied, and the
 * receipt of the payment shows the penalties paid. Screens: test-results/screens/320-324-*.png.
 */
import { expect, screenshot, test } from './fixtures';
import { inBothLanguages, signInAs, TellerPage } from './pages';
import { apiOk as ok, branchWithStaff, MONTHLY_PRODUCT, openTill, signedInApi } from './setupApi';
import { callApi } from './fixtures';

const PASSWORD = 'Strong-pass-2026';

test.use({ viewport: { width: 1366, height: 900 } });

/** The PC's date moved by `days`, YYYY-MM-DD, in the local time zone (as the host reads it). */
function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('day-end applies the overdue penalties; the teller sees what is overdue, split, and the penalties applied', async ({ page, host }) => {
  test.setTimeout(240_000);
  const yesterday = localDate(-1);
  const disbursed = localDate(-76);
  await branchWithStaff(page, host, { businessDate: yesterday });

  // the catalogue's two penalties, a product carrying them, a loan of it paid out 75 days before the business date
  const flat = await ok<{ id: number }>(page, host, 'charges.create', {
    name: 'Late payment penalty',
    currencyCode: 'KES',
    chargeAppliesTo: 'LOAN',
    chargeTimeType: 'OVERDUE_INSTALLMENT',
    chargeCalculationType: 'FLAT',
    amount: '150',
    penalty: true,
  });
  const weekly = await ok<{ id: number }>(page, host, 'charges.create', {
    name: 'Weekly late fee',
    currencyCode: 'KES',
    chargeAppliesTo: 'LOAN',
    chargeTimeType: 'OVERDUE_INSTALLMENT',
    chargeCalculationType: 'FLAT',
    amount: '50',
    penalty: true,
    feeFrequency: 'WEEKS',
    feeInterval: 1,
  });
  const product = await ok<{ id: number }>(page, host, 'loanProducts.create', { ...MONTHLY_PRODUCT, charges: [{ id: flat.id }, { id: weekly.id }] });
  const client = await ok<{ id: number }>(page, host, 'clients.create', { firstname: 'Wanjiku', lastname: 'Kamau', mobileNo: '+254700000123', active: true });
  const { loanId } = await ok<{ loanId: number }>(page, host, 'loans.submit', {
    clientId: client.id,
    productId: product.id,
    submittedOnDate: disbursed,
    expectedDisbursementDate: disbursed,
  });
  const manager = await signedInApi(host, { username: 'amina', password: PASSWORD });
  const approved = await callApi(manager, host, 'loans.approve', { loanId, approvedOnDate: disbursed });
  expect(approved.ok, JSON.stringify(approved.error)).toBe(true);
  await manager.dispose();
  await ok(page, host, 'loans.disburse', { loanId, actualDisbursementDate: disbursed, paymentTypeCode: 'MOBILE_MONEY' });

  // the administrator's settings: Fineract's defaults, 2 days and backdating on
  await page.getByTestId('nav-settings').click();
  const card = page.getByTestId('settings-penalties');
  await expect(card.getByTestId('settings-penalty-wait')).toHaveValue('2');
  await expect(card.getByTestId('settings-penalty-backdate')).toBeChecked();
  await card.scrollIntoViewIfNeeded();
  await inBothLanguages(page, '321-settings-penalties');

  // the branch manager's day-end: the checklist counts the penalties the close applies, the result those applied
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-day-end').click();
  const check = page.getByTestId('day-end-check-penalties');
  await expect(check).toBeVisible();
  const due = Number(await check.getAttribute('data-count'));
  expect(due).toBeGreaterThan(2);
  await expect(check).toContainText(`${due} overdue penalties are applied.`);
  await inBothLanguages(page, '322-day-end-checklist-penalties', true);
  await page.getByTestId('day-end-run').click();
  const result = page.getByTestId('day-end-result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(result.getByTestId('day-end-result-penalties')).toHaveText(String(due));
  await inBothLanguages(page, '323-day-end-result-penalties', true);

  // the teller picks the loan: what is overdue, split, and the penalties applied, newest first
  await openTill(page.request, host, { username: 'peter', password: PASSWORD }, '20000');
  await signInAs(page, 'peter', PASSWORD, 'Peter Otieno');
  await page.getByTestId('nav-teller').click();
  await new TellerPage(page).pickLoan('Wanjiku');
  const view = await ok<{ totalOverdue: string; penaltyChargesOverdue: string; principalOverdue: string; penaltiesApplied: { amount: string }[] }>(page, host, 'loans.overdue', { loanId });
  expect(view.penaltiesApplied).toHaveLength(due);
  const money = (v: string) => `KES ${Number(v).toLocaleString('en', { minimumFractionDigits: 2 })}`;
  await expect(page.getByTestId('teller-overdue-split')).toBeVisible();
  await expect(page.getByTestId('teller-overdue-principal')).toContainText(money(view.principalOverdue));
  await expect(page.getByTestId('teller-overdue-penalties')).toContainText(money(view.penaltyChargesOverdue));
  await expect(page.getByTestId('teller-penalty')).toHaveCount(Math.min(5, due));
  await expect(page.getByTestId('teller-penalty').first()).toContainText('For installment');
  await inBothLanguages(page, '320-teller-overdue-penalties');

  // paid: the receipt shows the penalties paid first (mifos-standard), beside interest and principal
  await page.keyboard.press('Enter');
  const receipt = page.getByTestId('receipt-dialog');
  await expect(receipt).toBeVisible();
  await expect(receipt).toContainText(/Penalties/i);
  await screenshot(page, '324-teller-receipt-penalties-en');
});
