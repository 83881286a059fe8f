/**
 * Charges on a loan (issue 15), through the browser host: a branch manager adds a catalogue charge on a date and an
 * installment fee, waives one installment of the fee, and undoes the waiver from the transactions; the schedule
 * shows the waived amounts and the day each installment was paid. Screens: test-results/screens/310-316-*.png.
 */
import { expect, screenshot, test } from './fixtures';
import { choose, inBothLanguages, signInAs } from './pages';
import { apiOk, branchWithStaff, clientWithLoanAndSavings } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

test('a manager adds, waives and un-waives charges on a loan; the schedule shows waivers and paid-on dates', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const { loanId } = await clientWithLoanAndSavings(page, host);
  const charge = (name: string, timeType: string, calc: string, amount: string, penalty = false) =>
    apiOk<{ id: number }>(page, host, 'charges.create', { name, currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: timeType, chargeCalculationType: calc, amount, penalty });
  const visit = await charge('Field visit fee', 'SPECIFIED_DUE_DATE', 'FLAT', '150');
  const ledger = await charge('Ledger fee', 'INSTALMENT_FEE', 'FLAT', '50');
  await charge('Late document penalty', 'SPECIFIED_DUE_DATE', 'PERCENT_OF_AMOUNT', '1', true);

  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.goto(`/#/loans/${loanId}`);
  const card = page.getByTestId('loan-charges');
  await expect(card.getByTestId('loan-charges-none')).toBeVisible();

  // a fee on a date: the catalogue's amount offered, the business date as the due date
  await card.getByTestId('loan-charge-add').click();
  const add = page.getByTestId('loan-charge-add-dialog');
  await expect(add).toBeVisible();
  await choose(page, 'loan-charge-select', String(visit.id));
  await expect(add.getByTestId('loan-charge-amount-input')).toHaveValue('150.00');
  await inBothLanguages(page, '310-loan-charge-add');
  await add.getByTestId('loan-charge-add-confirm').click();
  await expect(add).toBeHidden();
  const visitRow = card.getByTestId('loan-charge').filter({ hasText: 'Field visit fee' });
  await expect(visitRow.getByTestId('loan-charge-outstanding')).toHaveText('150.00');

  // a fee with every installment (6 x 50.00)
  await card.getByTestId('loan-charge-add').click();
  await choose(page, 'loan-charge-select', String(ledger.id));
  await expect(add.getByTestId('loan-charge-every-installment')).toBeVisible();
  await add.getByTestId('loan-charge-add-confirm').click();
  await expect(add).toBeHidden();
  const ledgerRow = card.getByTestId('loan-charge').filter({ hasText: 'Ledger fee' });
  await expect(ledgerRow.getByTestId('loan-charge-amount')).toHaveText('300.00');
  await inBothLanguages(page, '311-loan-charges');

  // waive the ledger fee of installment 2
  await ledgerRow.getByTestId('loan-charge-waive').click();
  const waive = page.getByTestId('loan-charge-waive-dialog');
  await expect(waive).toBeVisible();
  await choose(page, 'loan-charge-waive-installment', '2');
  await expect(waive.getByTestId('loan-charge-waive-amount')).toContainText('50.00');
  await inBothLanguages(page, '312-loan-charge-waive');
  await waive.getByTestId('loan-charge-waive-confirm').click();
  await expect(waive).toBeHidden();
  await expect(ledgerRow.getByTestId('loan-charge-waived')).toHaveText('50.00');
  await expect(page.getByTestId('loan-period').nth(1).getByTestId('loan-period-waived')).toHaveText('50.00');

  // a repayment of installment 1 (by mobile money: no till): the schedule says the day it was paid
  const due1 = await apiOk<{ periods: { totalOutstandingForPeriod: string }[] }>(page, host, 'loans.get', { loanId });
  await apiOk(page, host, 'loans.repay', { loanId, transactionAmount: due1.periods[0]!.totalOutstandingForPeriod, paymentTypeCode: 'MOBILE_MONEY' });
  await page.reload();
  await expect(page.getByTestId('loan-period').first().getByTestId('loan-period-paid-on')).toBeVisible();
  await page.getByTestId('loan-schedule').scrollIntoViewIfNeeded();
  await inBothLanguages(page, '313-loan-schedule-waived-paid-on', true);

  // undo the waiver from its transaction row: the fee is owed again
  const waiverRow = page.getByTestId('loan-transaction').filter({ has: page.getByTestId('loan-undo-waiver') });
  await expect(waiverRow.getByTestId('loan-transaction-waived-what')).toHaveText('Ledger fee · installment 2');
  await waiverRow.getByTestId('loan-undo-waiver').click();
  const dialog = page.getByTestId('loan-action-dialog');
  await expect(dialog).toBeVisible();
  await screenshot(page, '314-loan-undo-waiver-en');
  await dialog.getByTestId('loan-action-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(ledgerRow.getByTestId('loan-charge-waived')).toHaveText('0.00');
  await expect(page.getByTestId('loan-transaction').filter({ hasText: 'Charge waived' })).toHaveAttribute('data-reversed', 'true');
  await screenshot(page, '315-loan-charges-after-undo-en', true);
});
