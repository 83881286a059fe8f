/**
 * Centers and groups made and kept through the screens (issue 17): the administrator creates a center (the form's
 * error beside the empty name first), sets up its weekly meeting calendar (a holiday on the third meeting moves it),
 * creates a pending group in it with five members picked by the client search, activates it, makes a member its
 * leader, sees the group's and the center's figures (members' savings), is refused the group's closure while members
 * remain, and sets up a monthly calendar (last Friday) for a standalone group. 1366x768; screens 420-429 in both
 * languages (test-results/screens).
 */
import { expect, test } from './fixtures';
import { addDays, choose, pictures, weekdayName, weekdayOf } from './pages';
import { apiOk, branchWithStaff } from './setupApi';

test.use({ viewport: { width: 1366, height: 768 } });

test('centers and groups: create, calendar, members, activate, roles, figures, closure refused', async ({ page, host }) => {
  test.setTimeout(240_000);
  await branchWithStaff(page, host);
  const { businessDate } = await apiOk<{ businessDate: string }>(page, host, 'session.current', {});
  const { id: staffId } = await apiOk<{ id: number }>(page, host, 'staff.create', { firstname: 'Joseph', lastname: 'Mwangi', isLoanOfficer: true });
  const names = ['Amina Odhiambo', 'Wanjiku Kamau', 'Akinyi Otieno', 'Njeri Mwangi', 'Atieno Ouma', 'Chebet Kiprono'];
  const clients: number[] = [];
  for (const n of names) {
    const [firstname, lastname] = n.split(' ');
    clients.push((await apiOk<{ id: number }>(page, host, 'clients.create', { firstname, lastname })).id);
  }
  // savings of two members-to-be (3,000 and 1,500, by mobile money: no till)
  const { id: savingsProductId } = await apiOk<{ id: number }>(page, host, 'savingsProducts.create', { name: 'Akiba savings', shortName: 'AKB', currencyCode: 'KES', nominalAnnualInterestRate: '3' });
  for (const [clientId, amount] of [[clients[0], '3000'], [clients[1], '1500']] as const) {
    const { savingsId } = await apiOk<{ savingsId: number }>(page, host, 'savings.submit', { clientId, productId: savingsProductId });
    await apiOk(page, host, 'savings.approve', { savingsId });
    await apiOk(page, host, 'savings.activate', { savingsId });
    await apiOk(page, host, 'savings.deposit', { savingsId, transactionAmount: amount, paymentTypeCode: 'MOBILE_MONEY' });
  }
  // a holiday on the third weekly meeting, moved to the next day (or Monday after a Saturday)
  const holiday = addDays(businessDate, 14);
  const movedTo = addDays(businessDate, weekdayName(businessDate) === 'Saturday' ? 16 : 15);
  const { id: holidayId } = await apiOk<{ id: number }>(page, host, 'holidays.create', { name: 'Market closed', fromDate: holiday, toDate: holiday, reschedulingType: 2, repaymentsRescheduledTo: movedTo });
  await apiOk(page, host, 'holidays.activate', { holidayId });

  // ---- a center: the empty name refused beside the field, focused; then created active today
  await page.getByTestId('nav-groups').click();
  await page.getByTestId('groups-new-center').click();
  await expect(page.getByTestId('unit-name')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('error-name')).toBeVisible();
  await expect(page.getByTestId('unit-name')).toBeFocused();
  await pictures(page, '420-center-form-error');
  await page.keyboard.type('Kibera Center 4');
  await choose(page, 'unit-officer', String(staffId));
  await page.getByTestId('unit-external-id').fill('KC4');
  await page.getByTestId('unit-save').click();
  await expect(page.getByTestId('center-name')).toHaveText('Kibera Center 4');
  await expect(page.getByTestId('center-status')).toHaveAttribute('data-status', 'ACTIVE');
  await expect(page.getByTestId('center-officer')).toHaveText('Joseph Mwangi');
  await expect(page.getByTestId('center-meeting-none')).toBeVisible();

  // ---- its weekly calendar: the business date's weekday, from today, 09:00, the market hall
  await page.getByTestId('center-meeting-set-up').click();
  await expect(page.getByTestId('calendar-dialog')).toBeVisible();
  await expect(page.getByTestId('calendar-weekday')).toContainText(weekdayName(businessDate));
  await page.getByTestId('calendar-interval').fill('');
  await page.getByTestId('calendar-place').fill('Kibera market hall');
  await page.getByTestId('calendar-save').click();
  await expect(page.getByTestId('error-interval')).toBeVisible();
  await expect(page.getByTestId('calendar-interval')).toBeFocused();
  await page.keyboard.type('1');
  await pictures(page, '421-center-calendar-dialog');
  await page.getByTestId('calendar-interval').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('calendar-dialog')).toBeHidden();
  await expect(page.getByTestId('center-meeting-rule')).toHaveText(`Every week on ${weekdayName(businessDate)}`);
  await expect(page.getByTestId('center-meeting-place')).toHaveText('Kibera market hall');
  await expect(page.getByTestId('center-meeting-date')).toHaveCount(9);
  await expect(page.getByTestId('center-meeting-moved')).toHaveCount(1);
  await expect(page.getByTestId('center-meeting-date').nth(2)).toHaveAttribute('data-date', movedTo);
  await pictures(page, '422-center-with-calendar', true);

  // ---- a group in the center: five members picked by the search (keyboard), left pending
  await page.getByTestId('center-new-group').click();
  await expect(page.getByTestId('unit-name')).toBeFocused();
  await page.keyboard.type('Umoja A');
  await expect(page.getByTestId('unit-center')).toContainText('Kibera Center 4');
  await choose(page, 'unit-officer', String(staffId));
  const search = page.getByTestId('unit-members-picker-search');
  for (const n of names.slice(0, 5)) {
    await search.fill(n.split(' ')[0]!);
    await expect(page.getByTestId('unit-members-picker-client-option').first()).toContainText(n);
    await search.press('Enter');
    await expect(search).toHaveValue('');
  }
  await expect(page.getByTestId('unit-members-chosen-client')).toHaveCount(5);
  await page.getByTestId('unit-active').click();
  await pictures(page, '423-group-form-members', true);
  await page.getByTestId('unit-save').click();
  await expect(page.getByTestId('group-name')).toHaveText('Umoja A');
  await expect(page.getByTestId('group-status')).toHaveAttribute('data-status', 'PENDING');
  await expect(page.getByTestId('group-member')).toHaveCount(5);

  // ---- activated on the business date
  await page.getByTestId('unit-activate').click();
  await expect(page.getByTestId('unit-activate-dialog')).toBeVisible();
  await pictures(page, '424-group-activate');
  await page.getByTestId('unit-activate-confirm').click();
  await expect(page.getByTestId('group-status')).toHaveAttribute('data-status', 'ACTIVE');

  // ---- Amina Odhiambo made leader
  const first = page.getByTestId('group-member').first();
  await choose(page, `group-member-role-${clients[0]}`, 'LEADER');
  await expect(first.getByTestId('group-member-roles')).toContainText('Leader');

  // ---- the figures: 5 members, no group loan yet, savings 3,000 + 1,500 = 4,500
  await expect(page.getByTestId('group-figures-members')).toHaveText('5');
  await expect(page.getByTestId('group-figures-loans')).toHaveText('0');
  await expect(page.getByTestId('group-figures-savings')).toContainText('4,500.00');
  await expect(page.getByTestId('group-meeting-rule')).toHaveText(`Every week on ${weekdayName(businessDate)}`);
  await pictures(page, '425-group-active-leader', true);

  // ---- closing is refused while members remain: how many, and what to do
  await page.getByTestId('unit-close').click();
  await page.getByTestId('unit-close-confirm').click();
  await expect(page.getByTestId('error-closureReason')).toBeVisible();
  await expect(page.getByTestId('unit-close-reason')).toBeFocused();
  await page.keyboard.type('Members moved away');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('unit-close-refusal')).toContainText('This group still has 5 members: remove them or transfer them to another group first.');
  await pictures(page, '426-group-close-refused');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('group-status')).toHaveAttribute('data-status', 'ACTIVE');

  // ---- the center's page: its group and figures
  await page.getByTestId('group-center').getByRole('link').click();
  await expect(page.getByTestId('group-row')).toHaveCount(1);
  await expect(page.getByTestId('center-figures-members')).toHaveText('5');
  await expect(page.getByTestId('center-figures-savings')).toContainText('4,500.00');
  await pictures(page, '427-center-figures', true);

  // ---- the list: the center and its group
  await page.getByTestId('nav-groups').click();
  await expect(page.getByTestId('center-row')).toContainText('Kibera Center 4');
  await expect(page.getByTestId('group-row')).toHaveCount(1);

  // ---- a standalone group of one, meeting monthly on the last Friday
  await page.getByTestId('groups-new-group').click();
  await expect(page.getByTestId('unit-name')).toBeFocused();
  await page.keyboard.type('Tumaini');
  await expect(page.getByTestId('unit-name')).toHaveValue('Tumaini');
  await choose(page, 'unit-center', 'NONE');
  await search.fill('Chebet');
  await expect(page.getByTestId('unit-members-picker-client-option').first()).toContainText('Chebet Kiprono');
  await search.press('Enter');
  await page.getByTestId('unit-save').click();
  await expect(page.getByTestId('group-name')).toHaveText('Tumaini');
  await expect(page.getByTestId('group-status')).toHaveAttribute('data-status', 'ACTIVE');
  await expect(page.getByTestId('group-center')).toContainText('None');
  await page.getByTestId('group-meeting-set-up').click();
  await choose(page, 'calendar-frequency', 'MONTHLY');
  await page.getByTestId('calendar-by-nth').check();
  await choose(page, 'calendar-nth', 'LAST');
  await choose(page, 'calendar-weekday', 'FRIDAY');
  await page.getByTestId('calendar-place').fill('Church hall');
  await pictures(page, '428-group-monthly-calendar');
  await page.getByTestId('calendar-save').click();
  await expect(page.getByTestId('group-meeting-rule')).toHaveText('Every month on the last Friday');
  await expect(page.getByTestId('group-meeting-date').first()).toBeVisible();
  const tumainiId = /groups\/(\d+)/.exec(page.url())![1]!;
  await page.getByTestId('nav-groups').click();
  await expect(page.getByTestId('group-row')).toHaveCount(2);
  await pictures(page, '429-groups-list', true);

  // ---- Umoja A's members: Atieno transferred to Tumaini, Njeri removed, then added back by the search
  await page.getByTestId('group-row').filter({ hasText: 'Umoja A' }).getByTestId('group-link').click();
  await expect(page.getByTestId('group-member')).toHaveCount(5);
  await page.locator(`[data-testid="group-member"][data-client-id="${clients[4]}"]`).getByTestId('group-member-choose').check();
  await page.getByTestId('group-transfer').click();
  await choose(page, 'group-transfer-destination', tumainiId);
  await page.getByTestId('group-transfer-confirm').click();
  await expect(page.getByTestId('group-member')).toHaveCount(4);
  await page.locator(`[data-testid="group-member"][data-client-id="${clients[3]}"]`).getByTestId('group-member-remove').click();
  await page.getByTestId('group-remove-confirm').click();
  await expect(page.getByTestId('group-member')).toHaveCount(3);
  await page.getByTestId('group-add-members').click();
  await expect(page.getByTestId('group-add-picker-search')).toBeFocused();
  await page.keyboard.type('Njeri');
  await expect(page.getByTestId('group-add-picker-client-option').first()).toContainText('Njeri Mwangi');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('group-add-chosen-client')).toHaveCount(1);
  // Chebet, in Tumaini, is refused by name (one group at a time)
  await page.keyboard.type('Chebet');
  await expect(page.getByTestId('group-add-picker-client-option').first()).toContainText('Chebet Kiprono');
  await page.keyboard.press('Enter');
  await page.getByTestId('group-add-confirm').click();
  await expect(page.getByTestId('error-group-add')).toContainText('Chebet Kiprono');
  await page.getByTestId('group-add-chosen-client').filter({ hasText: 'Chebet' }).getByRole('button').click();
  await page.getByTestId('group-add-confirm').click();
  await expect(page.getByTestId('group-add-dialog')).toBeHidden();
  await expect(page.getByTestId('group-member')).toHaveCount(4);
  await page.goto(`/#/groups/${tumainiId}`);
  await expect(page.getByTestId('group-member')).toHaveCount(2);

  // ---- the center's meeting changed: the next day's weekday from tomorrow, in the social hall (calendars.update)
  const tomorrow = addDays(businessDate, 1);
  await page.goto('/#/centers/1');
  await page.getByTestId('center-meeting-change').click();
  await expect(page.getByTestId('calendar-dialog')).toContainText('Change the meeting');
  await expect(page.getByTestId('calendar-place')).toHaveValue('Kibera market hall');
  await choose(page, 'calendar-weekday', weekdayOf(tomorrow));
  await page.getByTestId('calendar-place').fill('Kibera social hall');
  await pictures(page, '429b-center-calendar-change');
  await page.getByTestId('calendar-save').click();
  await expect(page.getByTestId('calendar-dialog')).toBeHidden();
  await expect(page.getByTestId('center-meeting-rule')).toHaveText(`Every week on ${weekdayName(tomorrow)}`);
  await expect(page.getByTestId('center-meeting-place')).toHaveText('Kibera social hall');
});
