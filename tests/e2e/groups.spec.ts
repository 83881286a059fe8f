/**
 * Centers and groups (issue 17), through the screens: a center of one active group of five (a leader and a
 * treasurer) and a standalone pending group, the center meeting weekly on the business date's weekday, a holiday on
 * the third meeting moving it to the next day. The administrator opens Centers and groups from the menu, narrows the
 * groups to the center's, opens the group: its members with their roles, its meeting in words, the next meetings with
 * the moved one marked. A teller reads the same pages. Screens go to test-results/screens/40x-*.png.
 */
import { expect, test } from './fixtures';
import { inBothLanguages, signInAs } from './pages';
import { apiOk, branchWithStaff } from './setupApi';

test.use({ viewport: { width: 1366, height: 768 } });

/** `iso` moved by `days`, YYYY-MM-DD. */
function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The weekday of `iso` in capitals, as the calendar API takes it (MONDAY ...). */
function weekdayOf(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)).toUpperCase();
}

test('centers and groups: the list, a center’s groups, a group with its members, roles and meetings', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  const { businessDate } = await apiOk<{ businessDate: string }>(page, host, 'session.current', {});
  const day = weekdayOf(businessDate);
  // a working day for the holiday to move to: the branch's default week may close on Sundays
  const { id: staffId } = await apiOk<{ id: number }>(page, host, 'staff.create', { firstname: 'Joseph', lastname: 'Mwangi', isLoanOfficer: true });
  const names = ['Amina Odhiambo', 'Wanjiku Kamau', 'Akinyi Otieno', 'Njeri Mwangi', 'Atieno Ouma', 'Chebet Kiprono'];
  const clients: number[] = [];
  for (const n of names) {
    const [firstname, lastname] = n.split(' ');
    clients.push((await apiOk<{ id: number }>(page, host, 'clients.create', { firstname, lastname })).id);
  }
  await apiOk(page, host, 'centers.create', { name: 'Kibera Center 4', staffId, activationDate: businessDate });
  const { id: groupId } = await apiOk<{ id: number }>(page, host, 'groups.create', { name: 'Umoja A', centerId: 1, clientMembers: clients.slice(0, 5), staffId, activationDate: businessDate });
  await apiOk(page, host, 'groups.create', { name: 'Tumaini', clientMembers: [clients[5]] });
  await apiOk(page, host, 'groups.assignRole', { groupId, clientId: clients[0], role: 'LEADER' });
  await apiOk(page, host, 'groups.assignRole', { groupId, clientId: clients[1], role: 'TREASURER' });
  await apiOk(page, host, 'calendars.create', {
    entityType: 'CENTER',
    entityId: 1,
    typeId: 'COLLECTION',
    startDate: businessDate,
    frequency: 'WEEKLY',
    interval: 1,
    repeatsOnDay: day,
    location: 'Kibera market hall',
    meetingtime: '09:00',
  });
  const holiday = addDays(businessDate, 14);
  const movedTo = addDays(businessDate, day === 'SATURDAY' ? 16 : 15);
  const { id: holidayId } = await apiOk<{ id: number }>(page, host, 'holidays.create', { name: 'Market closed', fromDate: holiday, toDate: holiday, reschedulingType: 2, repaymentsRescheduledTo: movedTo });
  await apiOk(page, host, 'holidays.activate', { holidayId });

  await page.getByTestId('nav-groups').click();
  await expect(page.getByTestId('groups-page')).toBeVisible();
  await expect(page.getByTestId('center-row')).toHaveCount(1);
  await expect(page.getByTestId('center-row')).toContainText('Kibera Center 4');
  await expect(page.getByTestId('center-row')).toContainText('Joseph Mwangi');
  await expect(page.getByTestId('group-row')).toHaveCount(2);
  await inBothLanguages(page, '400-groups', true);

  // the center's groups only
  await page.getByTestId('center-show-groups').click();
  await expect(page.getByTestId('group-row')).toHaveCount(1);
  await expect(page.getByTestId('groups-card')).toContainText('Groups of Kibera Center 4');
  await inBothLanguages(page, '401-groups-of-center', true);

  // the group: members with roles, the meeting in words, the next meetings with the holiday's marked
  await page.getByTestId('group-link').click();
  await expect(page.getByTestId('group-name')).toHaveText('Umoja A');
  await expect(page.getByTestId('group-status')).toHaveAttribute('data-status', 'ACTIVE');
  await expect(page.getByTestId('group-member')).toHaveCount(5);
  await expect(page.getByTestId('group-member').first().getByTestId('group-member-roles')).toContainText('Leader');
  await expect(page.getByTestId('group-member').nth(1).getByTestId('group-member-roles')).toContainText('Treasurer');
  const dayName = day.charAt(0) + day.slice(1).toLowerCase();
  await expect(page.getByTestId('group-meeting-rule')).toHaveText(`Every week on ${dayName}`);
  await expect(page.getByTestId('group-meeting-place')).toHaveText('Kibera market hall');
  await expect(page.getByTestId('group-meeting-date')).toHaveCount(9);
  await expect(page.getByTestId('group-meeting-moved')).toHaveCount(1);
  await expect(page.getByTestId('group-meeting-date').nth(2)).toHaveAttribute('data-date', movedTo);
  await inBothLanguages(page, '402-group-detail', true);

  // a teller reads the same pages
  await signInAs(page, 'peter', 'Strong-pass-2026', 'Peter Otieno');
  await page.getByTestId('nav-groups').click();
  await expect(page.getByTestId('group-row')).toHaveCount(2);
  await page.goto(`/#/groups/${groupId}`);
  await expect(page.getByTestId('group-member')).toHaveCount(5);
  await inBothLanguages(page, '403-group-detail-teller');
});
