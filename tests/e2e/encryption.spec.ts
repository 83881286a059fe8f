/**
 * Encryption at rest on screen (issue 14 point 4): the setup wizard offers it (a recovery passphrase, typed twice,
 * at least 12 characters), and a branch set up without it says so in Settings, where the administrator turns it on.
 * Each time the database file on disk is checked: no SQLite header, no client or organisation name in clear.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, screenshot, test, type Host } from './fixtures';
import { DEFAULT_BRANCH, Shell, WelcomePage } from './pages';
import { Script, serve } from './processes';
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
  await screenshot(page, '270-setup-encryption-errors', true);
  await page.getByTestId('setup-passphrase').fill(PASSPHRASE);
  await page.getByTestId('setup-passphrase-confirm').fill(PASSPHRASE);
  await screenshot(page, '271-setup-encryption', true);
  await page.getByTestId('setup-submit').click();
  // the keys are derived from the passphrase and the password on purpose slowly (scrypt): on a busy 2-core machine
  // that takes longer than the usual 10 s (the button spins meanwhile)
  await expect(page.getByTestId('current-user')).toHaveText(DEFAULT_BRANCH.admin.displayName, { timeout: 45_000 });
  expectEncrypted(host);

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-encryption-on')).toContainText("This branch's data is encrypted on this PC");
  await expect(page.getByTestId('settings-passphrase')).toHaveCount(0);
  await screenshot(page, '272-settings-encrypted', true);
});

test('a plain branch says so in Settings, and the administrator turns encryption on there', async ({ page, host }) => {
  await setUpBranchByApi(page, host);
  await page.goto('/');
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);
  expect(databaseOnDisk(host).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-encryption-off')).toContainText("This branch's data is not encrypted");
  await screenshot(page, '273-settings-not-encrypted', true);

  await page.getByTestId('settings-passphrase').fill(PASSPHRASE);
  await page.getByTestId('settings-passphrase-confirm').fill(`${PASSPHRASE}!`);
  await page.getByTestId('settings-encrypt').click();
  await expect(page.getByTestId('error-passphraseConfirm')).toContainText('The two passphrases are not the same.');
  await page.getByTestId('settings-passphrase-confirm').fill(PASSPHRASE);
  await page.getByTestId('settings-encrypt').click();
  await expect(page.getByTestId('settings-encryption-on')).toBeVisible();
  await expect(page.getByTestId('settings-encryption-usb')).toBeVisible();
  await screenshot(page, '274-settings-encryption-turned-on', true);
  expectEncrypted(host);
  // the branch goes on working on the encrypted file
  await page.reload();
  await new Shell(page).expectSignedIn(DEFAULT_BRANCH.admin.displayName);
});

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  await gone;
}

test('the browser host of an encrypted branch started without its passphrase asks for it on its own page', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'branchbox-e2e-locked-'));
  const procs: ChildProcess[] = [];
  try {
    const first = await serve(['serve', '--data-dir', dataDir]);
    procs.push(first.proc);
    const set = await new Script(`${first.url}/`).call('setup.initialize', {
      organisation: { name: DEFAULT_BRANCH.organisation },
      currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
      office: { code: DEFAULT_BRANCH.office.code, name: DEFAULT_BRANCH.office.name, headOffice: false },
      admin: { ...DEFAULT_BRANCH.admin },
      encryption: { passphrase: PASSPHRASE },
    });
    expect(set.ok, JSON.stringify(set.error)).toBe(true);
    await stop(first.proc);

    // started again with no passphrase: its address shows the unlock page, the screens' calls are refused clearly
    const locked = await serve(['serve', '--data-dir', dataDir]);
    procs.push(locked.proc);
    const call = await new Script(`${locked.url}/`).call('setup.status', {});
    expect(call).toMatchObject({ ok: false, error: { message: expect.stringContaining('type its recovery passphrase') } });
    await page.goto(`${locked.url}/`);
    await expect(page.getByTestId('unlock-page')).toContainText("This branch's data is encrypted");
    await screenshot(page, '275-unlock-page');
    await page.getByTestId('unlock-passphrase').fill('not the passphrase at all');
    await page.getByTestId('unlock-submit').click();
    await expect(page.getByTestId('unlock-message')).toContainText('This is not the recovery passphrase of this branch');
    await screenshot(page, '276-unlock-wrong-passphrase');
    await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
    await page.getByTestId('unlock-submit').click();
    await expect(page.getByTestId('unlock-message')).toContainText('Unlocked');
    // the page reloads into the branch's own screens, on the same address
    await expect(page.getByTestId('signin-title')).toBeVisible({ timeout: 20_000 });
    await screenshot(page, '277-unlocked-sign-in');
  } finally {
    for (const p of procs) await stop(p);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
