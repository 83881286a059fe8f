/**
 * Day-end, the close of business (issue 12), through the screens. A branch whose books are a day behind the PC: the
 * header says so; the branch manager's close is refused while the teller's till is open (the teller named, the way to
 * the vault offered); the teller closes the till; the manager closes the day and the header moves to the next date.
 * In the training demo a trainer moves the branch months on and watches each day close. Screens go to
 * test-results/screens/15x-*.png.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, screenshot, test } from './fixtures';
import { fillCount, inBothLanguages, signInAs, switchLanguageNow, typeDate, WelcomePage } from './pages';
import { branchWithStaff, openTill } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

// The screens are looked at as on a common branch laptop.
test.use({ viewport: { width: 1366, height: 768 } });

/** The PC's date moved by `days`, YYYY-MM-DD, in the local time zone (as the host on this machine reads it). */
function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A business date as the screens write it in full (en-US: "Tuesday, December 1, 2026"). */
function fullDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

test('the day is not closed while a till is open; once the teller has closed it, the manager closes the day', async ({ page, host }) => {
  test.setTimeout(300_000);
  const yesterday = localDate(-1);
  const today = localDate(0);
  await branchWithStaff(page, host, { businessDate: yesterday });
  await openTill(page.request, host, { username: 'peter', password: PASSWORD }, '10000');

  // The books are on yesterday: the header says so, with the way to day-end for the manager.
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await expect(page.getByTestId('business-date')).toHaveText(fullDate(yesterday));
  const behind = page.getByTestId('books-behind');
  await expect(behind).toHaveText(`The books are still on ${fullDate(yesterday)}: close the day.`);
  await inBothLanguages(page, '150-header-books-behind');
  await page.getByTestId('books-behind-link').click();

  // The checklist: Peter's till is open, with the way to the vault where a manager can count and close it.
  await expect(page.getByTestId('day-end-page')).toBeVisible();
  await expect(page.getByTestId('nav-day-end')).toHaveClass(/router-link-active/);
  const tills = page.getByTestId('day-end-check-tills');
  await expect(tills).toHaveAttribute('data-state', 'blocked');
  await expect(tills.getByTestId('day-end-open-till')).toHaveText(['Peter Otieno (peter)']);
  await expect(tills.getByTestId('day-end-vault-link')).toHaveAttribute('href', '#/vault');
  await expect(page.getByTestId('day-end-check-loans')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('day-end-behind')).toContainText('1 day is waiting to be closed');
  await expect(page.getByTestId('day-end-close-hint')).toContainText(`Closes ${fullDate(yesterday)}; the branch then works on ${fullDate(today)}.`);
  await inBothLanguages(page, '151-day-end-checklist', true);

  // Closing is refused, in plain words naming the teller; nothing moves.
  await page.getByTestId('day-end-run').click();
  const refused = page.getByTestId('day-end-refused');
  await expect(refused).toContainText('The day was not closed');
  await expect(refused).toContainText('Peter Otieno (peter) still has a till open: it must be counted and closed first.');
  await expect(page.getByTestId('business-date')).toHaveText(fullDate(yesterday));
  await inBothLanguages(page, '152-day-end-refused', true);

  // Peter, a teller, has no day-end in his menu; the header tells him who closes the day. He closes his till.
  await signInAs(page, 'peter', PASSWORD, 'Peter Otieno');
  await expect(page.getByTestId('nav-day-end')).toHaveCount(0);
  await expect(page.getByTestId('books-behind')).toContainText('a branch manager must close the day');
  await expect(page.getByTestId('books-behind-link')).toHaveCount(0);
  await inBothLanguages(page, '157-header-books-behind-teller');
  await page.goto('/#/day-end');
  await expect(page.getByTestId('day-end-page')).toHaveCount(0);
  await page.getByTestId('nav-till').click();
  await page.getByTestId('till-close-start').click();
  await fillCount(page.getByTestId('till-close-count'), { '1000': 10 });
  await page.getByTestId('till-close-submit').click();
  await page.getByTestId('till-close-confirm-yes').click();
  await expect(page.getByTestId('till-close-result')).toBeVisible();

  // Amina closes the day: yesterday is closed, the business date is today, a verified backup is named.
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-day-end').click();
  await expect(page.getByTestId('day-end-check-tills')).toHaveAttribute('data-state', 'ok');
  // A second copy of each backup on a USB stick: a folder that is not there is refused beside the field; then the
  // stick's folder is kept.
  const usb = mkdtempSync(join(tmpdir(), 'branchbox-usb-'));
  const card = page.getByTestId('day-end-usb');
  await expect(card.getByTestId('day-end-usb-current')).toContainText('No second copy is made.');
  await card.getByTestId('day-end-usb-folder').fill(join(usb, 'missing'));
  await card.getByTestId('day-end-usb-save').click();
  await expect(card.getByTestId('error-folder')).toContainText('is the USB stick plugged in?');
  await card.getByTestId('day-end-usb-folder').fill(usb);
  await card.getByTestId('day-end-usb-save').click();
  await expect(card.getByTestId('day-end-usb-current')).toHaveText(`Each day-end also copies its backup to ${usb}.`);
  await inBothLanguages(page, '158-day-end-usb', true);
  await page.getByTestId('day-end-run').click();
  const result = page.getByTestId('day-end-result');
  await expect(result).toBeVisible();
  await expect(result.getByRole('heading', { name: 'The day is closed' })).toBeFocused();
  await expect(result.getByTestId('day-end-result-closed')).toHaveAttribute('data-dates', yesterday);
  await expect(result.getByTestId('day-end-result-closed')).toHaveText(fullDate(yesterday));
  await expect(result.getByTestId('day-end-result-business-date')).toHaveText(fullDate(today));
  await expect(result.getByTestId('day-end-result-backup')).toContainText(`branchbox-day-${yesterday}.sqlite`);
  await expect(result.getByTestId('day-end-result-usb')).toHaveText(join(usb, `branchbox-day-${yesterday}.sqlite`));
  await expect(page.getByTestId('business-date')).toHaveText(fullDate(today));
  await expect(page.getByTestId('books-behind')).toHaveCount(0);
  await inBothLanguages(page, '153-day-end-result', true);

  // Done: the checklist of the new business date, closed in its evening.
  await result.getByTestId('day-end-done').click();
  await expect(page.getByTestId('day-end-checklist')).toContainText(`Before closing ${fullDate(today)}`);
  await expect(page.getByTestId('day-end-behind')).toHaveCount(0);
});

test('a trainer moves the training branch months on and watches each day close', async ({ page }) => {
  test.setTimeout(300_000);
  const welcome = new WelcomePage(page);
  await welcome.open();
  const users = await welcome.openTrainingDemo();
  const trainer = users.find((u) => u.username === 'manager')!;
  const signIn = await welcome.continueToSignIn();
  await signIn.signIn(trainer.username, trainer.password);
  await expect(page.getByTestId('current-user')).toHaveText('Joseph Mwangi');
  const today = localDate(0);
  await expect(page.getByTestId('business-date')).toHaveText(fullDate(today));

  await page.getByTestId('nav-day-end').click();
  const move = page.getByTestId('day-end-move');
  await expect(move).toBeVisible();
  await expect(page.getByTestId('day-end-check-tills')).toHaveAttribute('data-state', 'ok');
  await inBothLanguages(page, '154-day-end-training', true);

  // The branch moves forward only.
  await typeDate(page, 'day-end-move-date', today);
  await move.getByTestId('day-end-move-run').click();
  await expect(move.getByTestId('error-untilDate')).toHaveText(/Choose a date after the business date/);

  // Two months on: every day from today to the day before is closed in turn, with the progress shown (in French
  // first: the run may be over before a second screenshot).
  const target = localDate(60);
  await typeDate(page, 'day-end-move-date', target);
  await switchLanguageNow(page, 'fr');
  await move.getByTestId('day-end-move-run').click();
  const progress = page.getByTestId('day-end-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('heading', { name: 'Clôture des journées en cours' })).toBeFocused();
  await expect(progress.getByTestId('day-end-progress-text')).toContainText(/\(journée \d+ sur 60\)/);
  const bar = progress.getByTestId('day-end-progress-bar');
  await expect(bar).toHaveAttribute('role', 'progressbar');
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/);
  await expect(progress.locator('[data-testid="day-end-step"][data-state="current"]')).toHaveCount(1);
  await screenshot(page, '155-day-end-progress-fr');
  await switchLanguageNow(page, 'en');
  await screenshot(page, '155-day-end-progress-en');

  const result = page.getByTestId('day-end-result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(result.getByRole('heading', { name: 'The days are closed' })).toBeFocused();
  await expect(result.getByTestId('day-end-result-business-date')).toHaveAttribute('data-date', target);
  await expect(result.getByTestId('day-end-result-closed')).toContainText('60 days, from');
  await expect(page.getByTestId('business-date')).toHaveText(fullDate(target));
  // The books are ahead of the PC's calendar in a training branch: nothing to warn about.
  await expect(page.getByTestId('books-behind')).toHaveCount(0);
  await inBothLanguages(page, '156-day-end-training-result', true);
});
