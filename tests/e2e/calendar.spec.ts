/**
 * Holidays and working days (issue 12), through the screens. A branch open Monday to Friday with one active loan:
 * the branch manager opens Saturdays (a week with no day open is refused beside the days), adds a holiday on the
 * loan's first due date whose repayments move to the day after (a "moved to" date inside the holiday is refused
 * beside its field), activates it after the confirmation and reads that one repayment moved; the loan's schedule
 * says so. A teller has no such menu entry, cannot open the screen and is refused by the core. Screens go to
 * test-results/screens/16x-*.png.
 */
import { callApi, expect, screenshot, test } from './fixtures';
import { choose, inBothLanguages, signInAs, typeDate } from './pages';
import { apiOk, branchWithStaff, clientWithLoanAndSavings } from './setupApi';

const PASSWORD = 'Strong-pass-2026';
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

// The screens are looked at as on a common branch laptop.
test.use({ viewport: { width: 1366, height: 768 } });

/** `iso` moved by `days`, YYYY-MM-DD. */
function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** A date as the screens write it in a list (en-US: "Jan 5, 2027"). */
function mediumDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

interface LoanDates {
  periods: { period: number; dueDate: string }[];
}

test('the branch manager opens Saturdays, adds a holiday on a due date and activates it; a teller cannot', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  // A branch closed at weekends, then a loan whose first repayment falls on a working day.
  await apiOk(page, host, 'workingDays.update', { recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR', repaymentRescheduleType: 'MOVE_TO_NEXT_WORKING_DAY' });
  const { loanId } = await clientWithLoanAndSavings(page, host);
  const dueDate = (await apiOk<LoanDates>(page, host, 'loans.get', { loanId })).periods.find((p) => p.period === 1)!.dueDate;
  const movedTo = addDays(dueDate, 1);

  // The administrator reaches the screen from the settings.
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-calendar')).toBeVisible();
  await screenshot(page, '166-settings-calendar-link', true);
  await page.getByTestId('settings-calendar-link').click();
  await expect(page.getByTestId('calendar-page')).toBeVisible();

  // Amina, the branch manager, from her menu: the branch is open Monday to Friday.
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-calendar').click();
  await expect(page.getByTestId('nav-calendar')).toHaveClass(/router-link-active/);
  const week = page.getByTestId('working-days-form');
  for (const day of WEEKDAYS) {
    await expect(week.getByTestId(`working-day-${day}`)).toBeChecked({ checked: !['SATURDAY', 'SUNDAY'].includes(day) });
  }
  await expect(week.getByTestId('working-days-rule')).toHaveText(/Moves to the next open day/);
  await expect(week.getByTestId('working-days-on-holidays')).toBeChecked();
  await inBothLanguages(page, '160-calendar', true);

  // A week with no day open is refused, said beside the days.
  for (const day of WEEKDAYS.slice(0, 5)) await week.getByTestId(`working-day-${day}`).uncheck();
  await week.getByTestId('working-days-save').click();
  await expect(week.getByTestId('error-recurrence')).toHaveText(/Tick at least one day the branch is open/);
  await expect(week.getByTestId('working-days-error')).toContainText('Some fields need your attention');

  // Monday to Saturday.
  for (const day of WEEKDAYS.slice(0, 6)) await week.getByTestId(`working-day-${day}`).check();
  await week.getByTestId('working-days-save').click();
  await expect(week.getByTestId('working-days-saved')).toContainText('Saved. The branch is open: Monday, Tuesday, Wednesday, Thursday, Friday, and Saturday.');
  await expect(week.getByTestId('error-recurrence')).toHaveCount(0);
  const saved = await apiOk<{ recurrence: string }>(page, host, 'workingDays.get', {});
  expect(saved.recurrence).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA');
  await inBothLanguages(page, '161-calendar-working-days-saved');

  // A holiday on the loan's first due date. The "moved to" date is asked only when the repayments go to a date.
  const form = page.getByTestId('holiday-form');
  await expect(page.getByTestId('holidays-empty')).toBeVisible();
  await form.getByTestId('holiday-name').fill('Madaraka Day');
  await typeDate(page, 'holiday-from', dueDate);
  await typeDate(page, 'holiday-to', dueDate);
  await choose(page, 'holiday-moves', 'RESCHEDULE_TO_NEXT_REPAYMENT_DATE');
  await expect(form.getByTestId('holiday-moved-to')).toHaveCount(0);
  await choose(page, 'holiday-moves', 'RESCHEDULE_TO_SPECIFIC_DATE');
  // A date inside the holiday is refused by the core, beside its field.
  await typeDate(page, 'holiday-moved-to', dueDate);
  await form.getByTestId('holiday-save').click();
  await expect(form.getByTestId('error-repaymentsRescheduledTo')).toHaveText(/Choose a day outside the holiday/);
  await inBothLanguages(page, '162-calendar-holiday-error', true);
  await typeDate(page, 'holiday-moved-to', movedTo);
  await form.getByTestId('holiday-save').click();

  const row = page.getByTestId('holiday-row').filter({ hasText: 'Madaraka Day' });
  await expect(row).toHaveAttribute('data-status', 'PENDING');
  await expect(row.getByTestId('holiday-status')).toHaveText('Pending');
  await expect(row.getByTestId('holiday-dates')).toHaveText(mediumDate(dueDate));
  await expect(row.getByTestId('holiday-moves')).toHaveText(`To ${mediumDate(movedTo)}`);
  await expect(form.getByTestId('holiday-name')).toHaveValue('');

  // Activating asks first, saying what moves and that it cannot be undone; cancelling changes nothing.
  await row.getByTestId('holiday-activate').click();
  const dialog = page.getByTestId('holiday-activate-dialog');
  await expect(dialog).toContainText('Activate Madaraka Day?');
  await expect(dialog.getByTestId('holiday-activate-what')).toHaveText(
    `Repayments of current loans due on ${mediumDate(dueDate)} move to ${mediumDate(movedTo)}. New loans avoid this day.`,
  );
  await expect(dialog).toContainText('This cannot be undone.');
  await inBothLanguages(page, '163-calendar-activate-confirm');
  await dialog.getByTestId('holiday-activate-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveAttribute('data-status', 'PENDING');

  await row.getByTestId('holiday-activate').click();
  await dialog.getByTestId('holiday-activate-confirm').click();
  await expect(dialog).toBeHidden();
  const activated = page.getByTestId('holiday-activated');
  await expect(activated).toContainText('Madaraka Day is active.');
  await expect(activated.getByTestId('holiday-activated-moved')).toHaveText('1 repayment was moved (1 loan).');
  await expect(row).toHaveAttribute('data-status', 'ACTIVE');
  await expect(row.getByTestId('holiday-status')).toHaveText('Active');
  await expect(row.getByTestId('holiday-activate')).toHaveCount(0);
  await inBothLanguages(page, '164-calendar-activated', true);

  // The loan's first repayment is now due the day after the holiday.
  const after = await apiOk<LoanDates>(page, host, 'loans.get', { loanId });
  expect(after.periods.find((p) => p.period === 1)!.dueDate).toBe(movedTo);

  // Peter, a teller: no menu entry, no screen, and the core refuses him.
  await signInAs(page, 'peter', PASSWORD, 'Peter Otieno');
  await expect(page.getByTestId('main-nav')).toBeVisible();
  await expect(page.getByTestId('nav-calendar')).toHaveCount(0);
  await page.goto('/#/settings/calendar');
  await expect(page.getByTestId('main-nav')).toBeVisible();
  await expect(page).not.toHaveURL(/settings\/calendar/);
  await expect(page.getByTestId('calendar-page')).toHaveCount(0);
  const refused = await callApi(page.request, host, 'workingDays.update', { recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO', repaymentRescheduleType: 'SAME_DAY' });
  expect(refused.error?.code).toBe('PERMISSION_DENIED');
  await screenshot(page, '165-calendar-teller-menu');
});
