/**
 * Dormancy, block and block-debit of savings accounts (issue 16; services/savings/dormancy.ts), on the screens: a
 * product tracking dormancy made on the products screen (2, 4 and 6 days, so that a few day-ends show every step,
 * with its no-activity fee and escheat liability account); day-ends make an idle account inactive (the fee taken),
 * then dormant, shown on its page and in the client's list; a branch manager blocks another account (a deposit is
 * then refused), lifts the block and blocks its withdrawals; the day-end screen says how many accounts change state,
 * and the close escheats the dormant account. Screens: test-results/screens/380-388-*.png.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { callApi, expect, screenshot, test } from './fixtures';
import { choose, inBothLanguages, signInAs } from './pages';
import { apiOk as ok, branchWithStaff, signedInApi } from './setupApi';

test.use({ viewport: { width: 1366, height: 900 } });

/** The PC's date moved by `days`, YYYY-MM-DD, in the local time zone (as the host reads it). */
function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function closeToasts(page: Page): Promise<void> {
  for (const close of await page.getByTestId('toast').locator('.toast-close').all()) await close.click();
  await expect(page.getByTestId('toast')).toHaveCount(0);
}

async function dayEnd(manager: APIRequestContext, host: { url: string; dataDir: string }, untilDate: string): Promise<void> {
  const r = await callApi(manager, host, 'dayEnd.run', { untilDate });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
}

test('idle accounts go inactive, dormant and escheated by day-end; a manager blocks and unblocks', async ({ page, host }) => {
  test.setTimeout(240_000);
  // the first day, D0, nine days ago: day-end may close every day up to yesterday
  await branchWithStaff(page, host, { businessDate: localDate(-9), teller: false });
  const parent = (await ok<{ id: number; code: string }[]>(page, host, 'accounting.accounts', {})).find((a) => a.code === '2000')!;
  await ok(page, host, 'accounting.createAccount', { code: '2500', name: 'Unclaimed savings (escheat)', type: 'LIABILITY', parentId: parent.id, manualEntriesAllowed: false });
  const fee = await ok<{ id: number }>(page, host, 'charges.create', {
    name: 'Dormant account fee',
    currencyCode: 'KES',
    chargeAppliesTo: 'SAVINGS',
    chargeTimeType: 'SAVINGS_NOACTIVITY_FEE',
    chargeCalculationType: 'FLAT',
    amount: '25',
    penalty: false,
  });

  // the product, on the products screen: tracking 2, 4 and 6 days, its fee and escheat account
  await page.getByTestId('nav-savings-products').click();
  await page.getByTestId('savings-product-new').click();
  const dialog = page.getByTestId('savings-product-dialog');
  await page.getByTestId('savings-product-name').fill('Lala Salama savings');
  await page.getByTestId('savings-product-short-name').fill('LAL');
  await page.getByTestId('savings-product-rate').fill('0');
  await page.getByTestId('savings-product-track-dormancy').check();
  // Fineract's rule: each step more days than the one before
  await page.getByTestId('savings-product-days-inactive').fill('2');
  await page.getByTestId('savings-product-days-dormancy').fill('2');
  await page.getByTestId('savings-product-days-escheat').fill('6');
  await choose(page, 'savings-product-charges-field-add', String(fee.id));
  await page.getByTestId('savings-product-save').click();
  await expect(dialog.getByTestId('error-daysToDormancy')).toBeVisible();
  await expect(dialog.getByTestId('error-accountingMapping.escheatLiabilityId')).toBeVisible();
  await dialog.getByTestId('savings-product-dormancy').scrollIntoViewIfNeeded();
  await inBothLanguages(page, '380-savings-product-dormancy-refused');
  await page.getByTestId('savings-product-days-dormancy').fill('4');
  const escheat = (await ok<{ id: number; code: string }[]>(page, host, 'accounting.accounts', {})).find((a) => a.code === '2500')!;
  await choose(page, 'savings-product-escheat-account', String(escheat.id));
  await page.getByTestId('savings-product-save').click();
  await expect(page.getByTestId('toast')).toContainText('Savings product saved.');
  await closeToasts(page);
  const product = (await ok<{ id: number; shortName: string; daysToEscheat: number }[]>(page, host, 'savingsProducts.list', {})).find((p) => p.shortName === 'LAL')!;
  expect(product.daysToEscheat).toBe(6);

  // two accounts of one client, 1,000.00 and 500.00 paid in on D0
  const client = await ok<{ id: number }>(page, host, 'clients.create', { firstname: 'Neema', lastname: 'Achieng', mobileNo: '+254700000380', active: true });
  const manager = await signedInApi(host, { username: 'amina', password: 'Strong-pass-2026' });
  const open = async (amount: string) => {
    const { savingsId } = await ok<{ savingsId: number }>(page, host, 'savings.submit', { clientId: client.id, productId: product.id });
    for (const name of ['savings.approve', 'savings.activate']) expect((await callApi(manager, host, name, { savingsId })).ok).toBe(true);
    await ok(page, host, 'savings.deposit', { savingsId, transactionAmount: amount, paymentTypeCode: 'MOBILE_MONEY' });
    return savingsId;
  };
  const idle = await open('1000');
  const other = await open('500');

  // the branch manager blocks the other account on its page, with the reason
  await signInAs(page, 'amina', 'Strong-pass-2026', 'Amina Njeri');
  await page.goto(`/#/savings/${other}`);
  const card = page.getByTestId('savings-dormancy');
  await expect(card.getByTestId('savings-dormancy-state')).toHaveAttribute('data-sub-status', 'NONE');
  await card.getByTestId('savings-block').click();
  const block = page.getByTestId('savings-block-dialog');
  await block.getByTestId('savings-block-confirm').click();
  await expect(block.getByTestId('error-reason')).toBeVisible();
  await block.getByTestId('savings-block-cancel').click();
  await card.getByTestId('savings-block').click();
  await expect(block.getByTestId('error-reason')).toHaveCount(0);
  await block.getByTestId('savings-block-reason').fill('Court order 38/2026');
  await inBothLanguages(page, '381-savings-block-dialog');
  await block.getByTestId('savings-block-confirm').click();
  await expect(page.getByTestId('toast')).toContainText('The account is now: Blocked.');
  await closeToasts(page);
  await expect(page.getByTestId('savings-sub-status').first()).toHaveAttribute('data-sub-status', 'BLOCK');
  await expect(page.getByTestId('savings-deposit')).toHaveCount(0);
  await expect(card.getByTestId('savings-dormancy-reason')).toHaveText('Court order 38/2026');
  await expect(card.getByTestId('savings-dormancy-blocked-hint')).toBeVisible();
  // a deposit is refused, naming the block, and nothing is written
  const refused = await callApi(page.request, host, 'savings.deposit', { savingsId: other, transactionAmount: '100', paymentTypeCode: 'MOBILE_MONEY' });
  expect(refused.error).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'savingsId', code: 'credits_blocked' }] });
  await card.scrollIntoViewIfNeeded();
  await inBothLanguages(page, '382-savings-blocked');

  // the block lifted, then only the withdrawals blocked: a deposit is taken, a withdrawal refused
  await card.getByTestId('savings-unblock').click();
  await block.getByTestId('savings-block-confirm').click();
  await expect(page.getByTestId('toast')).toContainText('The account is now: Normal.');
  await closeToasts(page);
  await card.getByTestId('savings-blockDebit').click();
  await block.getByTestId('savings-block-reason').fill('Disputed withdrawal');
  await block.getByTestId('savings-block-confirm').click();
  await expect(page.getByTestId('toast')).toContainText('The account is now: Withdrawals blocked.');
  await closeToasts(page);
  expect((await callApi(page.request, host, 'savings.deposit', { savingsId: other, transactionAmount: '100', paymentTypeCode: 'MOBILE_MONEY' })).ok).toBe(true);
  const withdrawal = await callApi(page.request, host, 'savings.withdraw', { savingsId: other, transactionAmount: '100', paymentTypeCode: 'MOBILE_MONEY' });
  expect(withdrawal.error).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'savingsId', code: 'debits_blocked' }] });
  await page.reload();
  await expect(page.getByTestId('savings-balance')).toContainText('600.00');
  await expect(card.getByTestId('savings-unblockDebit')).toBeVisible();
  // what the block refuses is not offered: a deposit is, a withdrawal is not
  await expect(page.getByTestId('savings-deposit')).toBeVisible();
  await expect(page.getByTestId('savings-withdraw')).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, '383-savings-withdrawals-blocked-en');

  // two days without a deposit or withdrawal: the close of D0 + 2 makes the idle account inactive and takes its
  // 25.00 fee (the blocked one is not tracked)
  await dayEnd(manager, host, localDate(-7));
  await page.goto(`/#/savings/${idle}`);
  await page.reload();
  await expect(page.getByTestId('savings-sub-status').first()).toHaveAttribute('data-sub-status', 'INACTIVE');
  await expect(card.getByTestId('savings-dormancy-set-by')).toHaveText('Day-end');
  await expect(card.getByTestId('savings-dormancy-reason')).toContainText('No deposit or withdrawal since');
  // no block on it: the money buttons are there
  await expect(page.getByTestId('savings-deposit')).toBeVisible();
  await expect(page.getByTestId('savings-balance')).toContainText('975.00');
  await expect(page.getByTestId('savings-transaction').filter({ hasText: 'Dormant account fee' })).toHaveCount(1);
  await expect(card.getByTestId('savings-days-to-dormant')).toHaveText('in 1 day');
  await inBothLanguages(page, '384-savings-inactive', true);

  // four days: dormant; the client's list shows each account's state
  await dayEnd(manager, host, localDate(-5));
  await page.goto(`/#/clients/${client.id}`);
  await page.reload();
  const rows = page.getByTestId('client-savings-account');
  await expect(rows.filter({ has: page.locator(`[data-sub-status="DORMANT"]`) })).toHaveCount(1);
  await expect(rows.filter({ has: page.locator(`[data-sub-status="BLOCK_DEBIT"]`) })).toHaveCount(1);
  await page.getByTestId('client-savings').scrollIntoViewIfNeeded();
  await inBothLanguages(page, '385-client-savings-states');
  // and so does the branch's list of accounts
  await page.goto('/#/savings?tab=all');
  await expect(page.getByTestId('savings-row').filter({ has: page.locator('[data-sub-status="DORMANT"]') })).toHaveCount(1);
  await expect(page.getByTestId('savings-row').filter({ has: page.locator('[data-sub-status="BLOCK_DEBIT"]') })).toHaveCount(1);
  await screenshot(page, '388-savings-list-states-en');

  // the day-end screen on D0 + 6 says one account changes state; the close escheats it
  await dayEnd(manager, host, localDate(-4));
  await page.reload();
  await page.getByTestId('nav-day-end').click();
  await expect(page.getByTestId('day-end-check-dormancy')).toHaveAttribute('data-count', '1');
  await page.getByTestId('day-end-check-dormancy').scrollIntoViewIfNeeded();
  await inBothLanguages(page, '386-day-end-dormancy');
  await page.getByTestId('day-end-run').click();
  await expect(page.getByTestId('day-end-result')).toBeVisible({ timeout: 60_000 });
  await manager.dispose();

  // escheated: closed on D0 + 6, its 975.00 moved to the escheat liability
  await page.goto(`/#/savings/${idle}`);
  await expect(page.getByTestId('savings-status')).toHaveAttribute('data-status', 'CLOSED');
  await expect(page.getByTestId('savings-sub-status').first()).toHaveAttribute('data-sub-status', 'ESCHEAT');
  await expect(page.getByTestId('savings-balance')).toContainText('0.00');
  await expect(page.getByTestId('savings-transaction').filter({ hasText: 'Escheat' })).toContainText('975.00');
  await expect(page.getByTestId('savings-closed-on')).toBeVisible();
  const gl = (await ok<{ id: number; code: string; balance?: string }[]>(page, host, 'accounting.accounts', {})).find((a) => a.code === '2500');
  expect(gl).toBeTruthy();
  await inBothLanguages(page, '387-savings-escheated', true);
});
