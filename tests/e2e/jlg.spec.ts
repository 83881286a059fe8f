/**
 * Joint-liability group (JLG) loans (issue 17), through the screens: a center meeting every week on the business
 * date's weekday and its group Umoja A of four members. The administrator opens the group's page, applies for a
 * group loan for three of the members (the fourth left blank), sees the first member's schedule on the meeting
 * dates, is refused one member's amount beyond the product's maximum, then submits the three. Amina, the branch
 * manager (four eyes: the administrator submitted), approves all three and disburses all three in cash through her
 * till; a member's loan names its group. Screens go to test-results/screens/410-417-*.png.
 *
 * Figures by hand: Wanjiku 20,000.00 over 4 weekly installments at 0 % is 5,000.00 a week, due on the next four
 * meeting days (a week, two, three and four weeks after the business date, the disbursement on the business date);
 * the three loans are 20,000.00 + 15,000.00 + 10,000.00 = 45,000.00 paid out.
 */
import { expect, test } from './fixtures';
import { addDays, pictures, signInAs, weekdayOf } from './pages';
import { apiOk, branchWithStaff, openTill, weeklyProduct } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

test.use({ viewport: { width: 1366, height: 900 } });

test('a group loan: three members apply on one screen, approved and disbursed together from the group page', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const { businessDate } = await apiOk<{ businessDate: string }>(page, host, 'session.current', {});
  const { id: staffId } = await apiOk<{ id: number }>(page, host, 'staff.create', { firstname: 'Joseph', lastname: 'Mwangi', isLoanOfficer: true });
  const clients: number[] = [];
  for (const n of ['Wanjiku Kamau', 'Akinyi Otieno', 'Njeri Mwangi', 'Atieno Ouma']) {
    const [firstname, lastname] = n.split(' ');
    clients.push((await apiOk<{ id: number }>(page, host, 'clients.create', { firstname, lastname, active: true })).id);
  }
  const { id: centerId } = await apiOk<{ id: number }>(page, host, 'centers.create', { name: 'Kibera Center 4', staffId, activationDate: businessDate });
  await apiOk(page, host, 'groups.create', { name: 'Umoja A', centerId, clientMembers: clients, staffId, activationDate: businessDate });
  await apiOk(page, host, 'calendars.create', {
    entityType: 'CENTER',
    entityId: centerId,
    typeId: 'COLLECTION',
    startDate: businessDate,
    frequency: 'WEEKLY',
    interval: 1,
    repeatsOnDay: weekdayOf(businessDate),
    location: 'Kibera market hall',
    meetingtime: '09:00',
  });
  await apiOk(page, host, 'loanProducts.create', weeklyProduct(4));

  // The group's page: no loan yet; apply.
  await page.getByTestId('nav-groups').click();
  await page.getByTestId('group-link').click();
  await expect(page.getByTestId('group-loans-none')).toBeVisible();
  await page.getByTestId('group-loans-apply').click();
  await expect(page.getByTestId('jlg-application')).toBeVisible();
  await expect(page.getByTestId('jlg-member')).toHaveCount(4);
  await expect(page.getByTestId('jlg-tied')).toBeChecked();
  await expect(page.getByTestId('application-period')).toHaveCount(4);
  await pictures(page, '410-jlg-application');

  // Three amounts, the fourth member left blank; the first member's schedule falls on the meeting days.
  const amounts = page.getByTestId('jlg-member-amount');
  await amounts.nth(0).fill('20000');
  await amounts.nth(1).fill('15000');
  await amounts.nth(2).fill('90000');
  await expect(page.getByTestId('jlg-total')).toContainText('125,000.00');
  const dues = [7, 14, 21, 28].map((d) => addDays(businessDate, d));
  await expect(page.getByTestId('application-period').first()).toHaveAttribute('data-due', dues[0]!);
  await expect(page.getByTestId('application-period').first()).toContainText('5,000.00');
  await expect(page.getByTestId('application-preview')).toContainText('Schedule of Wanjiku Kamau');
  expect(await page.getByTestId('application-period').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-due')))).toEqual(dues);
  await pictures(page, '411-jlg-application-filled');

  // Njeri's 90,000.00 is beyond the product's maximum: the refusal sits on her row, nothing is filed.
  await page.getByTestId('jlg-submit').click();
  await expect(page.getByTestId('jlg-member').nth(2).getByTestId(`error-member-${clients[2]}`)).toHaveText(/Must be between 1,000 and 50,000/);
  await pictures(page, '412-jlg-application-refused');
  await amounts.nth(2).fill('10000');
  await expect(page.getByTestId('jlg-total')).toContainText('45,000.00');
  await page.getByTestId('jlg-submit').click();

  // Back on the group's page: the three loans waiting for approval; the administrator who submitted cannot approve.
  await expect(page.getByTestId('group-page')).toBeVisible();
  await expect(page.getByTestId('group-loan')).toHaveCount(3);
  await expect(page.getByTestId('group-loan').first()).toHaveAttribute('data-status', 'SUBMITTED_AND_PENDING_APPROVAL');
  await pictures(page, '413-jlg-group-loans-submitted', true);

  // Amina approves all three, then pays them out in cash from her till.
  await openTill(page.request, host, { username: 'amina', password: PASSWORD }, '100000');
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-groups').click();
  await page.getByTestId('group-link').click();
  await page.getByTestId('group-loans-approve-all').click();
  await expect(page.getByTestId('group-loans-dialog')).toContainText('3 loans');
  await expect(page.getByTestId('group-loans-dialog')).toContainText('45,000.00');
  await pictures(page, '414-jlg-approve-all');
  await page.getByTestId('group-loans-dialog-confirm').click();
  await expect(page.getByTestId('group-loans-dialog')).toBeHidden();
  await expect(page.locator('[data-testid="group-loan"][data-status="APPROVED"]')).toHaveCount(3);
  await expect(page.getByTestId('group-loans-approve-all')).toBeHidden();

  await page.getByTestId('group-loans-disburse-all').click();
  await pictures(page, '415-jlg-disburse-all');
  await page.getByTestId('group-loans-dialog-confirm').click();
  await expect(page.getByTestId('group-loans-dialog')).toBeHidden();
  await expect(page.locator('[data-testid="group-loan"][data-status="ACTIVE"]')).toHaveCount(3);
  await expect(page.getByTestId('group-loans-disburse-all')).toBeHidden();
  await pictures(page, '416-jlg-group-loans-active', true);

  // A member's loan: its installments on the meeting days.
  await page.getByTestId('group-loan-link').last().click();
  await expect(page.getByTestId('loan-detail')).toContainText('Wanjiku Kamau');
  await expect(page.getByTestId('loan-group')).toHaveText('Umoja A');
  const till = await apiOk<{ balance: string }>(page, host, 'tills.current', {});
  expect(till.balance).toBe('55000.00');
  await pictures(page, '417-jlg-member-loan', true);
});
