/**
 * Dashboards (issue 18): each role's home screen in a branch with a few loans and 40 closed days. The branch opens
 * 40 days ago; four loans of a weekly product (12 installments, no interest: 1,000 a week on 12,000) are paid out
 * that day by mobile money; day-end closes every day up to yesterday (two days before, a fourth loan is paid out and
 * a client pays). Screens go to test-results/screens/450-454-*.png.
 *
 * Figures by hand on the business date (today): installments fell due 33, 26, 19, 12 and 5 days ago.
 *   Amina 12,000 never paid: 12,000 outstanding, 33 days late (PAR30), 5 x 1,000 principal overdue.
 *   Wanjiku 6,000 (500 a week) paid 2,000 ahead (four weeks), then 250: 3,750 outstanding, 250 of the 5-days-ago one due.
 *   Akinyi 24,000 (2,000 a week) paid 12,000 ahead: 12,000 outstanding, on time.
 *   Njeri 6,000 paid out two days ago: 6,000 outstanding, first due in 5 days.
 * Outstanding 33,750.00; PAR30 12,000 / 33,750 = 35.56 %; arrears rate (5,000 + 250) / 33,750 = 15.56 %.
 * Grace (the loan officer user) has Amina, Wanjiku and Njeri: due in the coming week Amina's 1,000 and Wanjiku's 500
 * in 2 days, Njeri's 500 in 5 days: 3 clients, 2,000.00.
 */
import type { APIRequestContext } from '@playwright/test';
import { callApi, expect, test, type Host } from './fixtures';
import { addDays, DashboardPage, DEFAULT_BRANCH, pcDate, pictures, Shell, signInAs } from './pages';
import { apiOk, createUser, MONTHLY_PRODUCT, openTill, setUpBranchByApi, signedInApi } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

test.use({ viewport: { width: 1366, height: 900 } });

/** A weekly product without interest: 12 installments of a twelfth of the principal. */
const WEEKLY = { ...MONTHLY_PRODUCT, name: 'Jamii weekly', shortName: 'JWK', numberOfRepayments: 12, repaymentFrequencyType: 'WEEKS', interestRatePerPeriod: '0', interestType: 'FLAT' };

async function ok<T>(api: APIRequestContext, host: Host, name: string, input: unknown): Promise<T> {
  const r = await callApi<T>(api, host, name, input);
  expect(r.ok, `${name}: ${JSON.stringify(r.error)}`).toBe(true);
  return r.data!;
}

test('each role lands on its own dashboard: manager, loan officer, teller, accountant', async ({ page, host }) => {
  test.setTimeout(60_000);
  const start = pcDate(-40);
  await setUpBranchByApi(page, host, { businessDate: start });
  await page.goto('/');
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  await createUser(page, host, 'amina', 'Amina Njeri', 'BRANCH_MANAGER');
  await createUser(page, host, 'grace', 'Grace Wanjiru', 'LOAN_OFFICER');
  await createUser(page, host, 'peter', 'Peter Otieno', 'TELLER');
  await createUser(page, host, 'ruth', 'Ruth Achieng', 'ACCOUNTANT');
  const { id: grace } = await apiOk<{ id: number }>(page, host, 'staff.create', { firstname: 'Grace', lastname: 'Wanjiru', isLoanOfficer: true });
  const { id: joseph } = await apiOk<{ id: number }>(page, host, 'staff.create', { firstname: 'Joseph', lastname: 'Mwangi', isLoanOfficer: true });
  const users = await apiOk<{ id: number; username: string }[]>(page, host, 'users.list', {});
  await apiOk(page, host, 'users.update', { id: users.find((u) => u.username === 'grace')!.id, staffId: grace });
  const { id: productId } = await apiOk<{ id: number }>(page, host, 'loanProducts.create', WEEKLY);
  const client: Record<string, number> = {};
  for (const [i, name] of ['Amina Odhiambo', 'Wanjiku Kamau', 'Akinyi Otieno', 'Njeri Mwangi', 'Chebet Rono'].entries()) {
    const [firstname, lastname] = name.split(' ');
    client[firstname!] = (await apiOk<{ id: number }>(page, host, 'clients.create', { firstname, lastname, mobileNo: `+25470000010${i}`, active: true })).id;
  }
  const { id: centerId } = await apiOk<{ id: number }>(page, host, 'centers.create', { name: 'Kibera', staffId: grace, activationDate: start });
  await apiOk(page, host, 'groups.create', { name: 'Tumaini', centerId, clientMembers: [client.Wanjiku, client.Chebet], staffId: grace, activationDate: start });

  const manager = await signedInApi(host, { username: 'amina', password: PASSWORD });
  const loans: Record<string, number> = {};
  const lend = async (who: string, principal: string, officer: number, disburse = true) => {
    const { loanId } = await apiOk<{ loanId: number }>(page, host, 'loans.submit', { clientId: client[who], productId, principal, loanOfficerId: officer });
    loans[who] = loanId;
    if (!disburse) return;
    await ok(manager, host, 'loans.approve', { loanId });
    await ok(manager, host, 'loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
  };
  const repay = (who: string, amount: string) => apiOk(page, host, 'loans.repay', { loanId: loans[who], transactionAmount: amount, paymentTypeCode: 'MOBILE_MONEY' });
  await lend('Amina', '12000', grace);
  await lend('Wanjiku', '6000', grace);
  await lend('Akinyi', '24000', joseph);
  await repay('Wanjiku', '2000');
  await repay('Akinyi', '12000');
  await ok(manager, host, 'dayEnd.run', { untilDate: addDays(pcDate(), -3) });
  await lend('Njeri', '6000', grace);
  await repay('Wanjiku', '250');
  await ok(manager, host, 'dayEnd.run', { untilDate: addDays(pcDate(), -1) });
  // waiting: one application to approve, one approved to pay out
  await lend('Chebet', '8000', grace, false);
  const { loanId: approved } = await apiOk<{ loanId: number }>(page, host, 'loans.submit', { clientId: client.Akinyi, productId, principal: '5000', loanOfficerId: joseph });
  await ok(manager, host, 'loans.approve', { loanId: approved });
  await openTill(manager, host, { username: 'peter', password: PASSWORD }, '20000');
  await ok(manager, host, 'tills.setLimit', { username: 'peter', cashLimit: '50000' });
  await manager.dispose();

  const dash = new DashboardPage(page);
  // The branch manager: PAR30 and arrears rate, the trend of the 40 closed days, the month, the queues, the tills.
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await expect(dash.figure('par30')).toHaveText('35.56%');
  await expect(dash.figure('arrears-rate')).toHaveText('15.56%');
  await expect(dash.figure('outstanding')).toHaveText('33,750.00');
  await expect(dash.figure('awaiting-approval')).toHaveText('1');
  await expect(dash.figure('awaiting-disbursal')).toHaveText('1');
  await expect(page.getByTestId('dash-till-peter')).toContainText('20,000.00');
  await expect(dash.tile('par30')).toHaveAttribute('href', /#\/reports\/portfolioAtRisk\?asOf=/);
  await pictures(page, '450-dashboard-manager', true);
  // beside each chart its figures as a table (for screen readers, and anyone who wants the numbers)
  await page.getByTestId('chart-trend-table').locator('summary').click();
  await expect(page.getByTestId('chart-trend-table').locator('tbody tr')).toHaveCount(40);
  await page.getByTestId('chart-trend').scrollIntoViewIfNeeded();
  await pictures(page, '454-dashboard-trend-table');
  // a figure opens the report behind it
  await dash.tile('awaiting-approval').click();
  await expect(page).toHaveURL(/#\/reports\/awaitingApproval\?asOf=\d{4}-\d\d-\d\d$/);

  // The loan officer: due this week, arrears in visit order (Kibera's group first), PAR.
  await signInAs(page, 'grace', PASSWORD, 'Grace Wanjiru');
  await expect(dash.figure('due-week')).toHaveText('3');
  await expect(page.getByTestId('dash-arrears-row')).toHaveCount(2);
  await expect(page.getByTestId('dash-arrears-row').first()).toContainText('Wanjiku Kamau');
  await expect(dash.tile('my-par30')).toHaveAttribute('href', new RegExp(`loanOfficerId=${grace}`));
  await pictures(page, '451-dashboard-loan-officer', true);

  // The teller: the till open at 40 % of its limit, no amount on the screen; quick links.
  await signInAs(page, 'peter', PASSWORD, 'Peter Otieno');
  await expect(dash.figure('till')).toHaveText('Open');
  await expect(dash.figure('till-share')).toHaveText('40%');
  await expect(dash.figure('transactions')).toHaveText('0');
  await expect(page.getByTestId('dashboard-page')).not.toContainText('20,000');
  await expect(page.getByTestId('quick-repayments')).toBeVisible();
  await pictures(page, '452-dashboard-teller');

  // The accountant: balanced, no closure yet, the cash position (vault 0, tills 20,000).
  await signInAs(page, 'ruth', PASSWORD, 'Ruth Achieng');
  await expect(dash.figure('trial-balance')).toHaveText('Balanced');
  await expect(dash.figure('closures')).toHaveText('40');
  await expect(dash.figure('cash-total')).toHaveText('20,000.00');
  await pictures(page, '453-dashboard-accountant');
});
