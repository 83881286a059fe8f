/**
 * Restore (issue 14), through the screens: the branch manager opens "Restore a backup" from the menu and finds the
 * backups with their date, kind, books' date, size and what each would drop (an empty file is shown as unusable and
 * cannot be chosen); the confirmation says what will happen and asks to acknowledge the work dropped; refused while
 * the teller is signed in (named); once he has signed out, the restore runs (its progress), the result says where the
 * books are and what was kept aside, and everyone signs in again: the client entered after the backup is gone, and
 * `branchbox verify` is clean. Screens go to test-results/screens/19x-*.png.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, expect, screenshot, test } from './fixtures';
import { inBothLanguages, signInAs, SignInPage } from './pages';
import { cli } from './processes';
import { apiOk, branchWithStaff, signedInApi } from './setupApi';

const PASSWORD = 'Strong-pass-2026';

test.use({ viewport: { width: 1366, height: 768 } });

test('the manager restores a backup: refused while the teller is signed in, then the books are the backup and everyone signs in again', async ({ page, host }) => {
  test.setTimeout(180_000);
  await branchWithStaff(page, host);
  await apiOk(page, host, 'clients.create', { firstname: 'Amina', lastname: 'Odhiambo' });
  // a backup beside the running host (branchbox backup), then a client entered after it, and a failed copy
  const backup = cli('backup', '--data-dir', host.dataDir);
  expect(backup.code, backup.out).toBe(0);
  const backupName = /branchbox-manual-[^/\\\s]+\.sqlite/.exec(backup.out)![0];
  await apiOk(page, host, 'clients.create', { firstname: 'Baraka', lastname: 'Kamau' });
  writeFileSync(join(host.dataDir, 'backups', 'branchbox-manual-failed-copy.sqlite'), '');
  const peter = await signedInApi(host, { username: 'peter', password: PASSWORD });

  // the manager finds the screen in her menu (the day-end screen points to it too)
  await signInAs(page, 'amina', PASSWORD, 'Amina Njeri');
  await page.getByTestId('nav-day-end').click();
  await expect(page.getByTestId('day-end-restore-link')).toHaveAttribute('href', '#/backups/restore');
  await page.getByTestId('nav-restore').click();
  await expect(page.getByTestId('restore-page')).toBeVisible();
  const good = page.locator(`[data-testid="restore-backup"][data-id="backups/${backupName}"]`);
  await expect(good).toContainText('Manual');
  await expect(good).toContainText('1 operation recorded on');
  const failed = page.locator('[data-testid="restore-backup"][data-id="backups/branchbox-manual-failed-copy.sqlite"]');
  await expect(failed.getByTestId('restore-backup-problem')).toHaveText('The file is empty (a copy that failed).');
  await expect(failed.getByTestId('restore-choose')).toBeDisabled();
  await inBothLanguages(page, '190-restore-list', true);

  // the confirmation: what will happen; "Restore now" waits for the dropped work to be acknowledged
  await good.getByTestId('restore-choose').click();
  const confirm = page.getByTestId('restore-confirm');
  await expect(confirm.getByTestId('restore-confirm-kept')).toContainText('kept aside first');
  await expect(confirm.getByTestId('restore-confirm-dropped')).toContainText('1 operation recorded on');
  await expect(confirm.getByTestId('restore-confirm-yes')).toBeDisabled();
  await inBothLanguages(page, '191-restore-confirm');
  await confirm.getByTestId('restore-confirm-understood').check();
  await confirm.getByTestId('restore-confirm-yes').click();

  // refused: Peter is signed in; nothing changed
  await expect(page.getByTestId('restore-refused')).toContainText('Peter Otieno (peter) is still signed in');
  await inBothLanguages(page, '192-restore-refused', true);
  expect((await callApi(peter, host, 'session.logout', {})).ok).toBe(true);

  // again: the progress while it runs (the answer held back a moment to see it), then the result
  await page.route('**/api/backups.restore', async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  await good.getByTestId('restore-choose').click();
  await confirm.getByTestId('restore-confirm-understood').check();
  await confirm.getByTestId('restore-confirm-yes').click();
  await expect(page.getByTestId('restore-progress')).toBeVisible();
  await screenshot(page, '193-restore-progress-en');
  const result = page.getByTestId('restore-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByTestId('restore-result-from')).toHaveText(backupName);
  await expect(result.getByTestId('restore-result-dropped')).toContainText('1 operation recorded on');
  await expect(result.getByTestId('restore-result-kept')).toContainText(/branchbox-before-restore-.+\.sqlite/);
  await expect(result.getByTestId('restore-result-epoch')).toContainText('Epoch 2');
  await inBothLanguages(page, '194-restore-result', true);

  // everyone signs in again; the client entered after the backup is not in the books
  await result.getByTestId('restore-sign-in').click();
  await new SignInPage(page).signIn('amina', PASSWORD);
  await page.getByTestId('nav-clients').click();
  await expect(page.getByText('Odhiambo').first()).toBeVisible();
  await expect(page.getByText('Kamau')).toHaveCount(0);
  const verify = cli('verify', '--full', '--data-dir', host.dataDir);
  expect(verify.code, verify.out).toBe(0);
});
