/**
 * The savings interest settings (issue 16): the administrator sets the financial year's first month and posting on
 * the period's last day on the settings screen; a product posting interest every day (the API example's
 * interestPostingPeriodType DAILY) shows in the products list; once day-end has posted interest on its account, a
 * change that would move the posting dates is refused, the reason beside the setting. Screens:
 * test-results/screens/350-353-*.png.
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { choose, inBothLanguages } from './pages';
import { apiOk as ok, branchWithStaff, signedInApi } from './setupApi';
import { callApi } from './fixtures';

test.use({ viewport: { width: 1366, height: 900 } });

/** Closes the toasts still shown, so that a screenshot shows what they would cover. */
async function closeToasts(page: Page): Promise<void> {
  for (const close of await page.getByTestId('toast').locator('.toast-close').all()) await close.click();
  await expect(page.getByTestId('toast')).toHaveCount(0);
}

/** The PC's date moved by `days`, YYYY-MM-DD, in the local time zone (as the host reads it). */
function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('the administrator sets the financial year and the posting date; a change that would move posted interest is refused', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host, { businessDate: localDate(-3), teller: false });

  // Fineract's defaults: a year from January, interest posted the day after its period
  await page.getByTestId('nav-settings').click();
  const card = page.getByTestId('settings-savings-interest');
  await expect(card.getByTestId('settings-financial-year')).toContainText('January');
  await expect(card.getByTestId('settings-posting-at-period-end')).not.toBeChecked();
  await card.scrollIntoViewIfNeeded();
  await inBothLanguages(page, '350-settings-savings-interest');

  // a year from February, interest posted on the period's last day
  await choose(page, 'settings-financial-year', '2');
  await card.getByTestId('settings-posting-at-period-end').check();
  await card.getByTestId('settings-savings-interest-save').click();
  await expect(page.getByTestId('toast')).toContainText('Savings interest settings saved.');
  await screenshot(page, '351-settings-savings-interest-saved-en');
  await closeToasts(page);

  // a product posting every day, as the API example writes it, and an account whose interest day-end posts
  const product = await ok<{ id: number }>(page, host, 'savingsProducts.create', {
    name: 'Kila Siku savings',
    shortName: 'KSD',
    currencyCode: 'KES',
    nominalAnnualInterestRate: '7.3',
    interestPostingPeriodType: 'DAILY',
    interestCompoundingPeriodType: 'DAILY',
  });
  const client = await ok<{ id: number }>(page, host, 'clients.create', { firstname: 'Wanjiku', lastname: 'Kamau', mobileNo: '+254700000123', active: true });
  const { savingsId } = await ok<{ savingsId: number }>(page, host, 'savings.submit', { clientId: client.id, productId: product.id });
  const manager = await signedInApi(host, { username: 'amina', password: 'Strong-pass-2026' });
  for (const name of ['savings.approve', 'savings.activate']) expect((await callApi(manager, host, name, { savingsId })).ok).toBe(true);
  await ok(page, host, 'savings.deposit', { savingsId, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
  const closed = await callApi<{ days: { interestPostings: number }[] }>(manager, host, 'dayEnd.run', { untilDate: localDate(-1) });
  expect(closed.ok, JSON.stringify(closed.error)).toBe(true);
  // each closed day posts its own interest, on the day (at period end): 10,000.00 x 0.0002 = 2.00
  expect(closed.data!.days.map((d) => d.interestPostings)).toEqual([1, 1, 1]);
  await manager.dispose();

  await page.getByTestId('nav-savings-products').click();
  await expect(page.getByTestId('savings-product-row').filter({ hasText: 'Kila Siku savings' })).toContainText('Every day');
  await inBothLanguages(page, '352-savings-products-daily');

  // posting the day after again would move the dates of interest already posted: refused, the setting named
  await page.getByTestId('nav-settings').click();
  await expect(card.getByTestId('settings-posting-at-period-end')).toBeChecked();
  await card.getByTestId('settings-posting-at-period-end').uncheck();
  await card.getByTestId('settings-savings-interest-save').click();
  await expect(card.getByTestId('error-savingsInterestPostingAtCurrentPeriodEnd')).toContainText('Interest is already posted');
  // the reason stands beside the setting: no vaguer banner above it
  await expect(card.getByTestId('settings-savings-interest-error')).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await inBothLanguages(page, '353-settings-savings-interest-refused');
  // nothing changed
  const settings = await ok<{ savingsInterestPostingAtCurrentPeriodEnd: boolean; financialYearBeginningMonth: number }>(page, host, 'settings.get', {});
  expect(settings).toMatchObject({ savingsInterestPostingAtCurrentPeriodEnd: true, financialYearBeginningMonth: 2 });
});
