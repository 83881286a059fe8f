/**
 * Encryption at rest on screen (issue 14 point 4): the setup wizard offers it (a recovery passphrase, typed twice,
 * at least 12 characters), and a branch set up without it says so in Settings, where the administrator turns it on.
 * Each time the database file on disk is checked: no SQLite header, no client or organisation name in clear.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, test, type Host } from './fixtures';
import { DEFAULT_BRANCH, Shell, WelcomePage } from './pages';
import { setUpBranchByApi } from './setupApi';

const PASSPHRASE = 'mango tree by the river 42';

function databaseOnDisk(host: Host): Buffer {
  return readFileSync(join(host.dataDir, 'branchbox.sqlite'));
}

function expectEncrypted(host: Host): void {
  const file = databaseOnDisk(host);
  expect(file.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
  expect(file.includes(Buffer.from(DEFAULT_BRANCH.organisation))).toBe(false);
}

test('the setup wizard encrypts the new branch with a recovery passphrase', async ({ page, host }) => {
  const welcome = new WelcomePage(page);
  await welcome.open();
  const wizard = await welcome.chooseSetUp();
  await wizard.fillOrganisation(DEFAULT_BRANCH.organisation);
  await wizard.next();
  await wizard.fillCurrency(DEFAULT_BRANCH.currency);
  await wizard.next();
  await wizard.fillOffice(DEFAULT_BRANCH.office);
  await wizard.next();
  await wizard.fillAdmin(DEFAULT_BRANCH.admin);
  // plain unless chosen, and the wizard says what that means
  await expect(page.getByTestId('setup-plain-note')).toBeVisible();
  await page.getByTestId('setup-encrypt').check();
  await page.getByTestId('setup-passphrase').fill('too short');
  await page.getByTestId('setup-passphrase-confirm').fill('not the same');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('error-encryption.passphrase')).toContainText('At least 12 characters.');
  await expect(page.getByTestId('error-encryption.passphraseConfirm')).toContainText('The two passphrases are not the same.');
  await screenshot(page, '194-setup-encryption-errors', true);
  await page.getByTestId('setup-passphrase').fill(PASSPHRASE);
  await page.getByTestId('setup-passphrase-confirm').fill(PASSPHRASE);
  await screenshot(page, '195-setup-encryption', true);
  await page.getByTestId('setup-submit').click();
  const shell = new Shell(page);
  await shell.expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  expectEncrypted(host);

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-encryption-on')).toContainText("This branch's data is encrypted on this PC");
  await expect(page.getByTestId('settings-passphrase')).toHaveCount(0);
  await screenshot(page, '196-settings-encrypted', true);
});

test('a plain branch says so in Settings, and the administrator turns encryption on there', async ({ page, host }) => {
  await setUpBranchByApi(page, host);
  await page.goto('/');
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  expect(databaseOnDisk(host).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-encryption-off')).toContainText("This branch's data is not encrypted");
  await screenshot(page, '197-settings-not-encrypted', true);

  await page.getByTestId('settings-passphrase').fill(PASSPHRASE);
  await page.getByTestId('settings-passphrase-confirm').fill(`${PASSPHRASE}!`);
  await page.getByTestId('settings-encrypt').click();
  await expect(page.getByTestId('error-passphraseConfirm')).toContainText('The two passphrases are not the same.');
  await page.getByTestId('settings-passphrase-confirm').fill(PASSPHRASE);
  await page.getByTestId('settings-encrypt').click();
  await expect(page.getByTestId('settings-encryption-on')).toBeVisible();
  await expect(page.getByTestId('settings-encryption-usb')).toBeVisible();
  await screenshot(page, '198-settings-encryption-turned-on', true);
  expectEncrypted(host);
  // the branch goes on working on the encrypted file
  await page.reload();
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);
});
