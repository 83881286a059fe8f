import { expect, screenshot, test } from './fixtures';
import { CalculatorPage, Shell } from './pages';
import { setUpBranchByApi } from './setupApi';

test('the loan calculator shows the schedule and its totals as the terms are typed', async ({ page, host }) => {
  await setUpBranchByApi(page, host);
  await page.goto('/');
  await new Shell(page).go('calculator');
  const calc = new CalculatorPage(page);
  await expect(page.getByTestId('calc-empty')).toBeVisible();
  await calc.enterTerms({
    principal: '120000',
    repayments: '12',
    rate: '2',
    frequency: 'MONTHS',
    rateFrequency: 'PER_MONTH',
    interestType: 'FLAT',
  });
  await expect(calc.periods()).toHaveCount(12);
  // Flat 2 % a month on 120,000 over 12 months: 2,400 interest a month, 28,800 in all.
  await expect(page.getByTestId('calc-total-interest')).toContainText('28,800.00');
  await expect(page.getByTestId('calc-total-repayment')).toContainText('148,800.00');
  await expect(calc.periods().first().getByTestId('calc-period-total')).toHaveText('12,400.00');
  await screenshot(page, 'calculator-en', true);

  // Change a term: the schedule follows without pressing anything.
  await page.getByTestId('calc-repayments').fill('6');
  await expect(calc.periods()).toHaveCount(6);

  // Printing hides the shell (print CSS).
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('topbar')).toBeHidden();
  await expect(page.getByTestId('main-nav')).toBeHidden();
  await expect(page.getByTestId('calc-schedule')).toBeVisible();
  await screenshot(page, 'calculator-print', true);
  await page.emulateMedia({ media: 'screen' });

  await page.getByTestId('lang-fr').click();
  await expect(page.getByTestId('calc-total-interest')).toContainText('14');
  await screenshot(page, 'calculator-fr', true);
});
