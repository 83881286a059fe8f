import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openCore, type Core } from '../../../electron/core';
import { BUSY_TIMEOUT_MS } from '../../../electron/core/db/connection';
import { assertNoHost, HOLDER_FILE, holdDataFolder, readHolder, type FolderHold } from '../../../electron/core/db/dataFolder';
import { headOfficePairingText, openHeadOffice } from '../../../electron/core/hq/import';
import { HeadOfficeStore } from '../../../electron/core/hq/store';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { AppError } from '../../../shared/errors';
import { Caller, SETUP_INPUT, tempDir } from '../../support/core';
import { compiledDataFolderModule, ROOT } from './compiled';

/** Issue 14, point 6: one host per data folder; the short CLI commands beside it; migrate and seed-demo refused. */

function io(): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => '' };
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

const holds: FolderHold[] = [];
const cores: Core[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
  for (const h of holds.splice(0)) h.release();
  for (const p of children.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

/** A host in this process: the data folder held as `branchbox serve` holds it, and the core open on it. */
async function hostOn(dir: string): Promise<{ core: Core; admin: Caller; hold: FolderHold }> {
  const hold = holdDataFolder(dir, 'browser host');
  holds.push(hold);
  const core = await openCore({ dataDir: dir });
  cores.push(core);
  const admin = new Caller(core);
  return { core, admin, hold };
}

/** Another process holding `dir` as a browser host would; resolves once it holds it. */
async function otherProcessHolding(dir: string): Promise<ChildProcess> {
  const script = `const m = require(${JSON.stringify(compiledDataFolderModule())}); m.holdDataFolder(process.argv[1], 'browser host'); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script, dir], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await new Promise<void>((ok, fail) => {
    let said = '';
    child.stdout!.on('data', (c: Buffer) => {
      said += c.toString();
      if (said.includes('held')) ok();
    });
    child.stderr!.on('data', (c: Buffer) => (said += c.toString()));
    child.once('exit', (code) => fail(new Error(`the holder exited ${code}: ${said}`)));
  });
  return child;
}

/** What a refused hold threw. */
function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('not refused');
}

describe('one host per data folder', () => {
  it('a second host on the same folder is refused, naming the process that holds it (pid, which host, since when)', () => {
    const dir = tempDir();
    const first = holdDataFolder(dir, 'desktop app', new Date('2026-03-02T08:00:00Z'));
    holds.push(first);
    const err = refusal(() => holdDataFolder(dir, 'browser host'));
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toBe(
      `The data folder ${dir} is in use by the desktop app (process ${process.pid}, since 2026-03-02T08:00:00.000Z). This browser host cannot run on the same folder at the same time: close that Branchbox (or stop "branchbox serve") first, then try again.`,
    );
    expect(err.details).toMatchObject({ reason: 'DATA_FOLDER_IN_USE', holder: { pid: process.pid, host: 'desktop app', since: '2026-03-02T08:00:00.000Z' } });
    expect(() => assertNoHost(dir)).toThrow(/in use by the desktop app/);
    // given back: the next host takes it
    first.release();
    expect(readHolder(dir)).toBeNull();
    expect(() => assertNoHost(dir)).not.toThrow();
    holds.push(holdDataFolder(dir, 'browser host'));
    expect(readHolder(dir)).toMatchObject({ pid: process.pid, host: 'browser host' });
  });

  it('held by another process: refused while it runs; once it is killed (kill -9) the lock it left does not block the next start', async () => {
    const dir = tempDir();
    const child = await otherProcessHolding(dir);
    expect(() => holdDataFolder(dir, 'desktop app')).toThrow(`is in use by the browser host (process ${child.pid}, since `);
    expect(() => assertNoHost(dir)).toThrow(`(process ${child.pid}, since `);
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
    // its holder file is still there, naming a process that is gone: the operating system's lock went with it
    expect(readHolder(dir)?.pid).toBe(child.pid);
    expect(() => assertNoHost(dir)).not.toThrow();
    const hold = holdDataFolder(dir, 'desktop app');
    holds.push(hold);
    expect(readHolder(dir)).toMatchObject({ pid: process.pid, host: 'desktop app' });
  });

  it('a holder file naming a process that is gone (a host starting just now) is not repeated as the holder', () => {
    const dir = tempDir();
    holds.push(holdDataFolder(dir, 'browser host'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dir, HOLDER_FILE), JSON.stringify({ pid: gone, host: 'desktop app', since: '2026-03-01T08:00:00.000Z', computer: hostname() }));
    const err = refusal(() => holdDataFolder(dir, 'desktop app'));
    expect(err.message).toContain(`The data folder ${dir} is in use by another Branchbox program.`);
    expect(err.details).toMatchObject({ holder: null });
  });

  it('migrate and seed-demo refuse while a host holds the folder, naming it, and change nothing', async () => {
    const dir = tempDir();
    const { core, admin } = await hostOn(dir);
    await admin.ok('setup.initialize', SETUP_INPUT);
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = sha(join(dir, DATABASE_FILE));
    for (const command of [['migrate'], ['seed-demo', '--clients', '5']]) {
      const out = io();
      expect(await runCli([...command, '--data-dir', dir], out), command[0]).toBe(1);
      expect(out.errors.join('\n')).toContain(`is in use by the browser host (process ${process.pid}, since `);
      expect(out.errors.join('\n')).toContain(`"branchbox ${command[0]}" cannot run on the same folder at the same time`);
    }
    expect(sha(join(dir, DATABASE_FILE))).toBe(before);
    expect(core.db.prepare('SELECT count(*) AS n FROM clients').get()).toEqual({ n: 0 });
  });

  it('while migrate runs, a host cannot start on the folder', async () => {
    const dir = tempDir();
    const hold = holdDataFolder(dir, 'branchbox migrate');
    holds.push(hold);
    expect(() => holdDataFolder(dir, 'browser host')).toThrow(/in use by the branchbox migrate \(process \d+/);
  });
});

/** A write transaction held `ms` milliseconds on `file` by another thread (another program writing beside the host). */
function writerHolding(file: string, ms: number): Promise<void> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.file, { timeout: 5000 });
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO settings (key, value) VALUES ('test.writer', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    parentPort.postMessage('holding');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
    db.exec('COMMIT');
    db.close();`;
  return new Promise((ok, fail) => {
    const w = new Worker(code, { eval: true, workerData: { file, ms, driver: require.resolve('better-sqlite3-multiple-ciphers') } });
    w.once('message', () => ok());
    w.once('error', fail);
  });
}

describe('short CLI commands beside a host', () => {
  it('backup, verify, pair and export run while a host holds the folder, and wait for a write under way instead of failing', async () => {
    expect(BUSY_TIMEOUT_MS).toBeGreaterThanOrEqual(1000);
    const dir = tempDir();
    const { core, admin } = await hostOn(dir);
    await admin.ok('setup.initialize', SETUP_INPUT);
    await admin.ok('session.login', { username: SETUP_INPUT.admin.username, password: SETUP_INPUT.admin.password });
    await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo' });
    const hqDir = tempDir('branchbox-hq-');
    const hq = await openHeadOffice(HeadOfficeStore.open(hqDir), hqDir);
    await admin.ok('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'Umoja Microfinance HQ') });
    hq.store.close();

    const run = async (...args: string[]): Promise<ReturnType<typeof io>> => {
      const out = io();
      const code = await runCli([...args, '--data-dir', dir], out);
      expect(code, `${args[0]}: ${out.errors.join('\n')}`).toBe(0);
      return out;
    };
    expect((await run('backup', '--out', join(tempDir(), 'copy.sqlite'))).lines[0]).toMatch(/^Backup written: /);
    expect((await run('verify')).lines[1]).toMatch(/^OK: /);
    expect((await run('pair', '--out', join(tempDir(), 'NRB.pair'))).lines[0]).toMatch(/^Pairing file written: /);
    expect((await run('export', '--out', tempDir('branchbox-usb-'))).lines[0]).toMatch(/NRB-01-000000001-\d{9}\.bbx {2}sequences 1-\d+ \(full snapshot\)/);

    // another program holds the write lock for 400 ms: verify (which stores its mark) and the host's next command
    // wait for it (busy timeout; the host's commands begin IMMEDIATE) instead of failing with "database is locked"
    await writerHolding(join(dir, DATABASE_FILE), 400);
    const started = Date.now();
    expect((await run('verify', '--full')).lines[1]).toMatch(/^OK: /);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await writerHolding(join(dir, DATABASE_FILE), 400);
    const client = await admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Otieno' });
    expect(client.accountNo).toBeTruthy();
    expect(core.db.prepare("SELECT value FROM settings WHERE key = 'test.writer'").get()).toEqual({ value: '1' });
  });
});

describe('branchbox serve and branchbox hq serve hold their folder', () => {
  /** Starts `branchbox <args>` in this process; resolves once it says it is ready, with a way to stop it as Ctrl+C would. */
  async function serving(args: string[]): Promise<{ out: ReturnType<typeof io>; stop: () => Promise<number> }> {
    const before = new Set(process.listeners('SIGINT'));
    const out = io();
    const done = runCli(args, out);
    for (let i = 0; i < 200 && !out.lines.some((l) => / is ready at /.test(l)); i++) await new Promise((r) => setTimeout(r, 25));
    expect(out.lines.join('\n')).toMatch(/ is ready at /);
    const mine = process.listeners('SIGINT').filter((l) => !before.has(l));
    return {
      out,
      stop: async () => {
        for (const l of mine) {
          process.removeListener('SIGINT', l);
          (l as () => void)();
        }
        return done;
      },
    };
  }

  it('a second serve on the same folder exits 1 naming the first; once the first stops, the folder is free', async () => {
    const dir = tempDir();
    const first = await serving(['serve', '--port', '0', '--data-dir', dir]);
    const second = io();
    expect(await runCli(['serve', '--port', '0', '--data-dir', dir], second)).toBe(1);
    expect(second.errors.join('\n')).toContain(`is in use by the browser host (process ${process.pid}, since `);
    expect(second.lines.join('\n')).not.toMatch(/ready/);
    expect(await first.stop()).toBe(0);
    expect(() => assertNoHost(dir)).not.toThrow();
  });

  it("head office's host too", async () => {
    const dir = tempDir('branchbox-hq-');
    const first = await serving(['hq', 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir]);
    const second = io();
    expect(await runCli(['hq', 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir], second)).toBe(1);
    expect(second.errors.join('\n')).toContain(`is in use by the head office host (process ${process.pid}, since `);
    expect(await first.stop()).toBe(0);
  });
});
