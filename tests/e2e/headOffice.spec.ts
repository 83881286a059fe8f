/**
 * Head office (issue 13) through the screens, both ends. Head office runs in this process on its own data folder
 * (the built core opened as a head office, served over plain http on 127.0.0.1) and is set up on its first screen;
 * the branch is a browser host set up through the API, with a loan. The branch pairs with head office's pairing file
 * and saves its bundles; head office registers the branch from its pairing file, imports the bundles and gives back
 * its confirmation, which the branch reads; the consolidated figures show the branch's loan. Then the branch is
 * given head office's address and sends by itself. Screens go to test-results/screens/17x-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { ROOT, expect, test } from './fixtures';
import { pcDate, pictures, typeDate } from './pages';
import { apiOk, branchWithStaff, clientWithLoanAndSavings } from './setupApi';

const load = createRequire(__filename);
const HQ_ADMIN = { username: 'hqadmin', password: 'Hq-admin-pass-2026' };

/** Head office in this process, as `branchbox hq serve` opens it but without TLS (the address is 127.0.0.1). */
async function startHeadOffice(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { openCore } = load(join(ROOT, 'out/node/electron/core/index.js')) as typeof import('../../electron/core');
  const { startBrowserHost } = load(join(ROOT, 'out/node/electron/server/server.js')) as typeof import('../../electron/server/server');
  const dataDir = mkdtempSync(join(tmpdir(), 'branchbox-e2e-hq-'));
  const core = await openCore({ dataDir, headOffice: true });
  const host = await startBrowserHost(core, { port: 0 });
  return {
    url: host.url,
    stop: async () => {
      await host.close();
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A page of its own (own cookies: both hosts are on 127.0.0.1), seen as the branch's screens are. */
async function pageFor(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'en-US', timezoneId: 'Africa/Nairobi' });
  return context.newPage();
}

/** Clicks and saves the `count` files the click downloads into `dir`; returns their paths. */
async function downloads(page: Page, dir: string, click: () => Promise<void>, count = 1): Promise<string[]> {
  const saved: Promise<string>[] = [];
  const all = new Promise<void>((resolve) => {
    const onDownload = (d: import('@playwright/test').Download) => {
      const path = join(dir, d.suggestedFilename());
      saved.push(d.saveAs(path).then(() => path));
      if (saved.length === count) {
        page.off('download', onDownload);
        resolve();
      }
    };
    page.on('download', onDownload);
  });
  await click();
  await all;
  return Promise.all(saved);
}

/** The branch's pairing file, written with `branchbox pair` beside its running host (the way a branch makes it). */
/** A port on 127.0.0.1 where nothing listens (just opened and closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Pairs the branch again (head office's pairing file chosen once more) with head office at `url`. */
async function setAddress(page: Page, pairing: string, url: string): Promise<void> {
  await page.getByTestId('exports-pairing-change').click();
  await page.getByTestId('exports-pairing-choose-file').setInputFiles(pairing);
  await page.getByTestId('exports-pairing-url').fill(url);
  await page.getByTestId('exports-pairing-save').click();
  await expect(page.getByTestId('exports-address')).toHaveText(url);
}

test('head office is set up on its screen, takes a branch\'s bundles by USB stick and then over the network, and adds up its figures', async ({ page, host, browser }) => {
  test.setTimeout(120_000);
  const hq = await startHeadOffice();
  const office = await pageFor(browser, hq.url);
  const usb = mkdtempSync(join(tmpdir(), 'branchbox-e2e-usb-'));
  try {
    // Head office's first screen: the organisation, the reporting currency and the first user, on one form.
    await office.goto('/');
    await expect(office.getByTestId('hq-setup')).toBeVisible();
    await office.getByTestId('hq-setup-submit').click();
    await expect(office.getByTestId('error-organisation.name')).toBeVisible();
    await expect(office.getByTestId('error-currency.code')).toBeVisible();
    await pictures(office, '170-hq-setup-errors', true);
    await office.getByTestId('hq-setup-org-name').fill('Umoja Microfinance');
    await office.getByTestId('hq-setup-currency-code').fill('KES');
    await office.getByTestId('hq-setup-username').fill(HQ_ADMIN.username);
    await office.getByTestId('hq-setup-password').fill(HQ_ADMIN.password);
    await office.getByTestId('hq-setup-submit').click();

    // Signed in at head office: its own menu only, no business date, no branch yet.
    await expect(office.getByTestId('current-user')).toHaveText(HQ_ADMIN.username);
    await expect(office.getByTestId('topbar-office')).toHaveText('Head office');
    await expect(office.getByTestId('business-date')).toHaveCount(0);
    await expect(office.getByTestId('main-nav').getByRole('link')).toHaveText(['Branches', 'Consolidated figures', 'Users and staff']);
    await expect(office.getByTestId('hq-branches-empty')).toBeVisible();
    await pictures(office, '170-hq-no-branches', true);
    // A branch's screen is not head office's: its address lands on the branches.
    await office.goto('/#/clients');
    await expect(office.getByTestId('hq-branches-page')).toBeVisible();
    const [hqPairing] = await downloads(office, usb, () => office.getByTestId('hq-pairing-download').click());
    expect(basename(hqPairing!)).toBe('HQ.pair');

    // The branch: a loan on its books; its send screen before pairing.
    await branchWithStaff(page, host, { teller: false });
    await clientWithLoanAndSavings(page, host);
    await page.getByTestId('nav-exports').click();
    await expect(page.getByTestId('exports-not-paired')).toBeVisible();
    await expect(page.getByTestId('exports-download')).toBeDisabled();
    await pictures(page, '171-exports-not-paired', true);

    // Its own pairing file chosen by mistake is refused in words; head office's pairs it (no address: by USB).
    // (the branch's own pairing file, saved from its screen for head office)
    const [branchPairing] = await downloads(page, usb, () => page.getByTestId('exports-own-pairing').click());
    expect(basename(branchPairing!)).toBe('NRB01.pair');
    await page.getByTestId('exports-pairing-choose-file').setInputFiles(branchPairing!);
    await page.getByTestId('exports-pairing-save').click();
    await expect(page.getByTestId('error-pairing')).toContainText('not the one needed here');
    await page.getByTestId('exports-pairing-choose-file').setInputFiles(hqPairing!);
    await expect(page.getByTestId('exports-pairing-file')).toContainText('HQ.pair');
    await page.getByTestId('exports-pairing-save').click();
    await expect(page.getByTestId('exports-head-office')).toHaveText('Umoja Microfinance');
    await expect(page.getByTestId('exports-address')).toContainText('None: the bundles go on a USB stick.');
    await expect(page.getByTestId('exports-link')).toHaveAttribute('data-state', 'none');
    await expect(page.getByTestId('exports-late')).toHaveAttribute('data-days', 'never');
    await expect(page.getByTestId('exports-send-now')).toHaveCount(0);

    // Saved twice, with a new client between: the bundle head office lacks comes again, with the new one.
    await downloads(page, usb, () => page.getByTestId('exports-download').click());
    await expect(page.getByTestId('exports-downloaded')).toHaveAttribute('data-count', '1');
    await apiOk(page, host, 'clients.create', { firstname: 'Achieng', lastname: 'Atieno', mobileNo: '+254700000456' });
    const bundles = (await downloads(page, usb, () => page.getByTestId('exports-download').click(), 2)).sort();
    await expect(page.getByTestId('exports-downloaded-file')).toHaveText(bundles.map((b) => basename(b)).sort());
    await expect(page.getByTestId('exports-waiting')).toHaveAttribute('data-pending', '0');
    await expect(page.getByTestId('exports-acknowledged')).toHaveText('Nothing yet');
    await pictures(page, '172-exports-saved', true);

    // Head office registers the branch from its pairing file, then imports the two bundles.
    await office.getByTestId('hq-register-choose-file').setInputFiles(branchPairing!);
    const row = office.locator('[data-testid="hq-branch"][data-office="NRB01"]');
    await expect(row).toHaveAttribute('data-state', 'empty');
    // The later bundle first: held, and the branch waits for the first sequence; then both, and both are applied.
    const results = office.getByTestId('hq-import-file');
    await office.getByTestId('hq-import-choose-file').setInputFiles(bundles[1]!);
    await expect(results).toHaveAttribute('data-status', 'held');
    await expect(results.getByTestId('hq-import-detail')).toHaveText(/^Waiting for operations 1 to \d+: bring that bundle too\.$/);
    await expect(row.getByTestId('hq-branch-missing')).toContainText('Waiting for sequence 1');
    await pictures(office, '173-hq-branches-held', true);
    await office.getByTestId('hq-import-choose-file').setInputFiles(bundles);
    await expect(results).toHaveCount(2);
    await expect(office.getByTestId('hq-import-progress')).toHaveAttribute('data-done', '2');
    for (const r of await results.all()) await expect(r).toHaveAttribute('data-status', 'applied');
    await expect(row).toHaveAttribute('data-state', 'ok');
    await expect(row.getByTestId('hq-branch-lag')).toHaveText('Today');
    await pictures(office, '174-hq-branches-imported', true);
    const [ack] = await downloads(office, usb, () => office.getByTestId('hq-import-ack-NRB01').click());
    expect(basename(ack!)).toBe('NRB01.ack');
    // The same file again changes nothing.
    await office.getByTestId('hq-import-choose-file').setInputFiles(bundles[0]!);
    await expect(results).toHaveCount(1);
    await expect(results).toHaveAttribute('data-status', 'duplicate');

    // The branch reads head office's confirmation (a wrong file first): head office has everything.
    await page.getByTestId('exports-ack-file').setInputFiles(hqPairing!);
    await expect(page.getByTestId('exports-ack-error')).toContainText('This is not a confirmation file from head office.');
    await page.getByTestId('exports-ack-file').setInputFiles(ack!);
    await expect(page.getByTestId('exports-acknowledged')).toContainText('Everything up to');
    await expect(page.getByTestId('exports-waiting')).toHaveAttribute('data-count', '0');
    await expect(page.getByTestId('exports-late')).toHaveCount(0);
    await pictures(page, '175-exports-confirmed', true);

    // The consolidated figures: the branch's loan, and the institution's the same.
    await office.getByTestId('nav-hq-figures').click();
    // On the branch's business date (the host's date): head office's screen opens on its browser's date, which near
    // midnight is another day in Nairobi than on the host.
    await typeDate(office, 'hq-figures-as-of', pcDate());
    const branch = office.locator('[data-testid="hq-portfolio-branch"][data-office="NRB01"]');
    await expect(branch.getByTestId('hq-portfolio-loans')).toHaveText('1');
    await expect(branch.getByTestId('hq-portfolio-principalOutstanding')).toHaveText('12,000.00');
    await expect(branch.getByTestId('hq-portfolio-disbursed')).toHaveText('12,000.00');
    await expect(branch.getByTestId('hq-portfolio-as-of')).toContainText('as of');
    await expect(office.getByTestId('hq-portfolio-institution').getByTestId('hq-portfolio-principalOutstanding')).toHaveText('12,000.00');
    const debit = await office.getByTestId('hq-tb-total-debit').innerText();
    await expect(office.getByTestId('hq-tb-total-credit')).toHaveText(debit);
    await pictures(office, '176-hq-figures', true);

    // An address where nothing answers: "Send now" waits to try again, saying when and what went wrong.
    await apiOk(page, host, 'clients.create', { firstname: 'Otieno', lastname: 'Odhiambo', mobileNo: '+254700000789' });
    const nowhere = `http://127.0.0.1:${await closedPort()}/`;
    await setAddress(page, hqPairing!, nowhere);
    await page.getByTestId('exports-send-now').click();
    await expect(page.getByTestId('exports-link')).toHaveAttribute('data-state', 'waiting');
    await expect(page.getByTestId('exports-next-try')).toContainText('Next try at');
    await expect(page.getByTestId('exports-last-error')).toContainText('What went wrong:');
    await expect(page.getByTestId('exports-waiting')).not.toHaveAttribute('data-count', '0');
    await pictures(page, '177-exports-link-waiting', true);

    // Head office's address: the branch sends by itself on "Send now", and head office has the new client.
    await setAddress(page, hqPairing!, hq.url);
    await page.getByTestId('exports-send-now').click();
    await expect(page.getByTestId('exports-waiting')).toHaveAttribute('data-count', '0');
    await expect(page.getByTestId('exports-link')).toHaveAttribute('data-state', 'idle');
    await expect(page.getByTestId('exports-last-success')).toBeVisible();
    await pictures(page, '178-exports-network', true);
    const sequence = await page.getByTestId('exports-acknowledged').getAttribute('data-sequence');
    await office.getByTestId('nav-hq-branches').click();
    await expect(row.getByTestId('hq-branch-sequence')).toHaveText(Number(sequence).toLocaleString('en-US'));

    // A client looked up across the branches, read only, with the loan.
    await office.getByTestId('hq-lookup-text').fill('Odhiambo');
    await office.getByTestId('hq-lookup-search').click();
    await expect(office.getByTestId('hq-lookup-client').first()).toContainText('NRB01');
    await expect(office.getByTestId('hq-lookup-results')).toContainText('ACTIVE');
    await pictures(office, '180-hq-lookup', true);

    // The folder each day-end writes the bundles to (a USB stick).
    await page.getByTestId('nav-exports').click();
    await page.getByTestId('exports-folder-folder').fill(usb);
    await page.getByTestId('exports-folder-save').click();
    await expect(page.getByTestId('exports-folder-current')).toContainText(usb);
    await pictures(page, '181-exports-folder', true);

    // The branch restores its books (the hardening issue's restore starts a new epoch): head office holds what comes
    // of the new epoch with an alarm until a head-office user accepts it.
    const Database = load(join(ROOT, 'node_modules', 'better-sqlite3-multiple-ciphers')) as new (file: string) => { prepare: (sql: string) => { run: (...a: unknown[]) => unknown }; close: () => void };
    const db = new Database(join(host.dataDir, 'branchbox.sqlite'));
    db.prepare("INSERT INTO settings (key, value) VALUES ('export.epoch', '2') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    db.close();
    await page.getByTestId('exports-send-now').click();
    await office.getByTestId('nav-hq-figures').click();
    await office.getByTestId('nav-hq-branches').click();
    await expect(row.getByTestId('hq-branch-alarm')).toContainText('NEW_EPOCH', { timeout: 20_000 });
    await pictures(office, '182-hq-new-epoch', true);
    await row.getByTestId('hq-branch-accept').click();
    await expect(row).toHaveAttribute('data-state', 'ok');
    await expect(row.getByTestId('hq-branch-alarm')).toHaveCount(0);

    // The branch's own trial balance (its table is the one head office's figures use).
    await page.getByTestId('nav-trial-balance').click();
    const branchDebit = await page.getByTestId('tb-total-debit').innerText();
    await expect(page.getByTestId('tb-total-credit')).toHaveText(branchDebit);
    expect(branchDebit).toBe(debit);
    await pictures(page, '179-branch-trial-balance', true);
  } finally {
    await office.context().close();
    await hq.stop();
    rmSync(usb, { recursive: true, force: true });
  }
});
