/**
 * Moving money between savings accounts (savings.transfer) through the browser host, as a teller: Wanjiku has two
 * accounts (3,000.00 in the first, 100.00 minimum enforced), Baraka one. On Wanjiku's first account the teller
 * opens "Transfer to another account": her other account is chosen already; the teller changes it, types
 * "Baraka", Enter picks his account; 2,950.00 is refused beside the amount (at most 2,900.00), in English
 * and French; 250.00, Enter, the confirmation, Enter: 2,750.00 left, the statement says where it went, and
 * Baraka's account shows where it came from. Then, keyboard only, 100.00 to her own second account, undone from its
 * row (both legs), and 50.00 from the teller's savings screen. Screens go to
 * test-results/screens/36x-*.png.
 */
import { expect, screenshot, test } from './fixtures';
import { inBothLanguages, signInAs, switchLanguageNow } from './pages';
import { apiOk, branchWithStaff } from './setupApi';

test('savings: a teller transfers to another client and to the client\'s own account, a refusal beside the amount', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const product = await apiOk<{ id: number }>(page, host, 'savingsProducts.create', {
    name: 'Akiba savings', shortName: 'AKB', currencyCode: 'KES', nominalAnnualInterestRate: '3', minRequiredBalance: '100', enforceMinRequiredBalance: true,
  });
  const open = async (clientId: number): Promise<{ savingsId: number; accountNo: string }> => {
    const r = await apiOk<{ savingsId: number; accountNo: string }>(page, host, 'savings.submit', { clientId, productId: product.id });
    await apiOk(page, host, 'savings.approve', { savingsId: r.savingsId });
    await apiOk(page, host, 'savings.activate', { savingsId: r.savingsId });
    return r;
  };
  const wanjiku = await apiOk<{ id: number }>(page, host, 'clients.create', { firstname: 'Wanjiku', lastname: 'Kamau', mobileNo: '+254700000123', active: true });
  const baraka = await apiOk<{ id: number }>(page, host, 'clients.create', { firstname: 'Baraka', lastname: 'Mwangi', mobileNo: '+254700000456', active: true });
  const first = await open(wanjiku.id);
  const second = await open(wanjiku.id);
  const his = await open(baraka.id);
  await apiOk(page, host, 'savings.deposit', { savingsId: first.savingsId, transactionAmount: '3000', paymentTypeCode: 'MOBILE_MONEY' });

  // 1. The teller on Wanjiku's first account: the action; her other account is proposed.
  await signInAs(page, 'peter', 'Strong-pass-2026', 'Peter Otieno');
  await page.goto(`/#/savings/${first.savingsId}`);
  await expect(page.getByTestId('savings-balance')).toContainText('3,000.00');
  await page.getByTestId('savings-move').click();
  const dialog = page.getByTestId('xfer-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('xfer-available')).toContainText('2,900.00');
  await expect(dialog.getByTestId('xfer-to-chosen')).toHaveAttribute('data-id', String(second.savingsId));
  await expect(dialog.getByTestId('xfer-amount')).toBeFocused();
  await screenshot(page, '360-transfer-own-account-en');

  // 2. Another client: change, type his name, Enter picks his account (the first found).
  await dialog.getByTestId('xfer-to-change').click();
  const search = dialog.getByTestId('xfer-to-search');
  await expect(search).toBeFocused();
  await search.fill('Baraka');
  await expect(dialog.getByTestId('xfer-to-option')).toHaveCount(1);
  await expect(dialog.getByTestId('xfer-to-option').first()).toContainText(his.accountNo);
  await inBothLanguages(page, '361-transfer-search');
  await search.press('Enter');
  await expect(dialog.getByTestId('xfer-to-chosen')).toHaveAttribute('data-id', String(his.savingsId));
  await expect(dialog.getByTestId('xfer-to-chosen')).toContainText('Baraka Mwangi');

  // 3. More than the account can give: the confirmation, then the refusal beside the amount; nothing moved.
  const amount = dialog.getByTestId('xfer-amount');
  await amount.fill('2950');
  await amount.press('Enter');
  await expect(dialog.getByTestId('xfer-summary')).toContainText('2,950.00');
  await dialog.getByTestId('xfer-confirm').press('Enter');
  await expect(dialog.getByTestId('xfer-error')).toContainText('not enough money');
  await expect(dialog.getByTestId('error-transactionAmount')).toContainText('at most KES 2,900.00');
  await expect(amount).toBeFocused();
  await screenshot(page, '362-transfer-refused-en');
  await switchLanguageNow(page, 'fr');
  await expect(dialog.getByTestId('error-transactionAmount')).toContainText('au plus 2\u202f900,00');
  await screenshot(page, '362-transfer-refused-fr');
  await switchLanguageNow(page, 'en');
  await expect(page.getByTestId('savings-balance')).toContainText('3,000.00');

  // 4. 250.00, Enter, the confirmation names both accounts and his name, Enter.
  await amount.fill('250');
  await amount.press('Enter');
  const summary = dialog.getByTestId('xfer-summary');
  await expect(summary).toContainText('250.00');
  await expect(summary).toContainText(first.accountNo);
  await expect(summary).toContainText(his.accountNo);
  await expect(summary).toContainText('Baraka Mwangi');
  await expect(dialog.getByTestId('xfer-confirm')).toBeFocused();
  await inBothLanguages(page, '363-transfer-confirm');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('savings-balance')).toContainText('2,750.00');
  const out = page.getByTestId('savings-transaction').filter({ has: page.getByTestId('savings-transaction-transfer') });
  await expect(out).toHaveCount(1);
  await expect(out.getByTestId('savings-transaction-transfer')).toHaveAttribute('data-direction', 'TO');
  await expect(out.getByTestId('savings-transaction-transfer')).toContainText(`to ${his.accountNo} (Baraka Mwangi)`);
  await expect(out.getByTestId('savings-running-balance')).toContainText('2,750.00');
  await inBothLanguages(page, '364-transfer-statement-from', true);

  // 5. His account: the deposit says where it came from.
  await page.goto(`/#/savings/${his.savingsId}`);
  await expect(page.getByTestId('savings-balance')).toContainText('250.00');
  const into = page.getByTestId('savings-transaction').filter({ has: page.getByTestId('savings-transaction-transfer') });
  await expect(into.getByTestId('savings-transaction-transfer')).toContainText(`from ${first.accountNo} (Wanjiku Kamau)`);
  await inBothLanguages(page, '365-transfer-statement-to', true);
  // the statement of a period, which prints, says it too
  await page.goto(`/#/savings/${his.savingsId}/statement`);
  await expect(page.getByTestId('statement-transfer')).toContainText(`from ${first.accountNo} (Wanjiku Kamau)`);
  await screenshot(page, '368-transfer-printed-statement-en', true);

  // 6. Keyboard only, to her own second account: the action, the amount (her account is chosen), Enter, Enter.
  await page.goto(`/#/savings/${first.savingsId}`);
  await expect(page.getByTestId('savings-balance')).toContainText('2,750.00');
  await page.getByTestId('savings-move').focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('xfer-amount')).toBeFocused();
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('xfer-summary')).toContainText(second.accountNo);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('savings-balance')).toContainText('2,650.00');
  await screenshot(page, '366-transfer-own-done-en', true);
  const own = await apiOk<{ summary: { accountBalance: string } }>(page, host, 'savings.get', { savingsId: second.savingsId });
  expect(own.summary.accountBalance).toBe('100.00');

  // 7. The 100.00 was meant for nobody: undone from its row (a transfer's leg cannot be changed, only undone whole).
  const last = page.getByTestId('savings-transaction').filter({ hasText: second.accountNo });
  await expect(last.getByTestId('savings-transaction-adjust')).toHaveCount(0);
  await last.getByTestId('savings-transaction-undo').click();
  await page.getByTestId('correct-reason').fill('client changed her mind');
  await page.getByTestId('correct-confirm').click();
  await expect(page.getByTestId('correct-dialog')).toBeHidden();
  await expect(page.getByTestId('savings-balance')).toContainText('2,750.00');
  await expect(last).toHaveClass(/reversed/);
  await screenshot(page, '367-transfer-undone-en', true);
  const back = await apiOk<{ summary: { accountBalance: string } }>(page, host, 'savings.get', { savingsId: second.savingsId });
  expect(back.summary.accountBalance).toBe('0.00');

  // 8. From the teller's savings screen, her first account chosen: the same dialog; 50.00 to her second account.
  await page.goto(`/#/teller/savings?savingsId=${first.savingsId}&kind=deposit`);
  await expect(page.getByTestId('teller-savings-form')).toBeVisible();
  await page.getByTestId('teller-savings-move').click();
  await expect(dialog.getByTestId('xfer-to-chosen')).toHaveAttribute('data-id', String(second.savingsId));
  await expect(dialog.getByTestId('xfer-amount')).toBeFocused();
  await page.keyboard.type('50');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('xfer-summary')).toContainText('50.00');
  await screenshot(page, '369-transfer-from-teller-screen-en');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const after = await apiOk<{ summary: { accountBalance: string } }>(page, host, 'savings.get', { savingsId: first.savingsId });
  expect(after.summary.accountBalance).toBe('2700.00');
});
