import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

/**
 * The built program under test: this checkout, or another build named by BRANCHBOX_E2E_ROOT (a folder holding
 * out/node and out/renderer), e.g. a clean export of a commit while the working tree is half-edited.
 */
export const ROOT = process.env.BRANCHBOX_E2E_ROOT ?? join(__dirname, '..', '..');
const SCREENS = join(__dirname, '..', '..', 'test-results', 'screens');
const CLI = join(ROOT, 'out', 'node', 'electron', 'cli', 'main.js');
const READY = /ready at (http:\/\/127\.0\.0\.1:\d+\/)/;

export interface Host {
  url: string;
  dataDir: string;
}

/** Starts `branchbox serve` on a free port with a fresh data folder and waits for its "ready at" line. */
async function startHost(dataDir: string): Promise<{ url: string; proc: ChildProcess; output: () => string }> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BRANCHBOX_DATA_DIR: dataDir },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The browser host was not ready within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = READY.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The browser host exited (code ${code}) before it was ready:\n${output}`));
    });
  });
  return { url, proc, output: () => output };
}

async function stopHost(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    proc.kill('SIGKILL');
    await exited;
  }
}

export interface Envelope<T = unknown> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string; fields?: { field: string; code: string; message: string }[] };
  warnings?: { code: string; message: string }[];
}

/** Calls an operation over HTTP with the page's own cookies (page.request shares the browser context's cookies). */
export async function callApi<T = unknown>(request: APIRequestContext, host: Host, name: string, input: unknown = {}): Promise<Envelope<T>> {
  const response = await request.post(`${host.url}api/${name}`, { data: input });
  return (await response.json()) as Envelope<T>;
}

/** Saves a screenshot under test-results/screens (not committed). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENS, { recursive: true });
  const path = join(SCREENS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

export const test = base.extend<{ host: Host }>({
  host: async ({}, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'branchbox-e2e-'));
    const { url, proc, output } = await startHost(dataDir);
    try {
      await use({ url, dataDir });
    } finally {
      await stopHost(proc);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('host-output', { body: output(), contentType: 'text/plain' });
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  baseURL: async ({ host }, use) => {
    await use(host.url);
  },
});

export { expect };
