import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real renderer through the browser host (tests/e2e/fixtures.ts starts one per test
 * with its own temporary data folder). Chromium comes from the system: Playwright's own download cannot work on
 * locked-down machines. Set BRANCHBOX_CHROMIUM to use another binary.
 */
const systemChromium = process.env.BRANCHBOX_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// the browser hosts the tests start keep their branches' secrets (electron/core/keys) in a folder of the tests'
process.env.BRANCHBOX_KEY_DIR ??= join(tmpdir(), 'branchbox-e2e-keys');

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/globalSetup.ts',
  // two at a time: most of a test's time is the browser and the host waiting on each other, not the CPU (each test has
  // its own host, data folder, port and key folder); BRANCHBOX_E2E_WORKERS=1 runs them one by one
  workers: Number(process.env.BRANCHBOX_E2E_WORKERS ?? 2),
  retries: 0,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1366, height: 860 },
    locale: 'en-US',
    timezoneId: 'Africa/Nairobi',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
