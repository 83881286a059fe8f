import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openCore, type Core } from '../../../electron/core';
import { assertDatabaseFile, assertWritable, isDiskFull } from '../../../electron/core/db/dataFolder';
import { HQ_DATABASE_FILE } from '../../../electron/core/hq/store';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { startBrowserHost, type BrowserHost } from '../../../electron/server/server';
import { httpStatusFor } from '../../../shared/errors';
import { Caller, SETUP_INPUT, snapshot, tempDir } from '../../support/core';

/** Issue 14, points 1 and 8: files that are there but are no database, and databases that cannot be written. */

function io(): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => '' };
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A branch set up and closed in its own data folder; returns the folder. */
async function closedBranch(): Promise<string> {
  const dir = tempDir();
  const core = await openCore({ dataDir: dir });
  await new Caller(core).ok('setup.initialize', SETUP_INPUT);
  core.close();
  return dir;
}

const opened: Core[] = [];
const hosts: BrowserHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const c of opened.splice(0)) c.close();
});

describe('a database file that is there but is no database (point 1)', () => {
  it('an empty branchbox.sqlite is refused at start, naming the file, and left as it was: never a new branch', async () => {
    const dir = tempDir();
    const file = join(dir, DATABASE_FILE);
    writeFileSync(file, '');
    await expect(openCore({ dataDir: dir })).rejects.toThrow(`The database file ${file} is not a usable Branchbox database: it is empty (0 bytes)`);
    expect(statSync(file).size).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    // the CLI says the same, for every command that opens it
    for (const command of [['migrate'], ['verify'], ['backup'], ['seed-demo', '--clients', '1'], ['pair', '--out', join(tempDir(), 'x.pair')]]) {
      const out = io();
      expect(await runCli([...command, '--data-dir', dir], out), command[0]).toBe(1);
      expect(out.errors.join('\n'), command[0]).toContain(`${file} is not a usable Branchbox database: it is empty (0 bytes)`);
    }
    expect(statSync(file).size).toBe(0);
  });

  it('a copy cut short, a file of zeros and a damaged header are refused; a missing file is a new branch', async () => {
    const dir = await closedBranch();
    const file = join(dir, DATABASE_FILE);
    const size = statSync(file).size;
    truncateSync(file, size - 1000);
    await expect(openCore({ dataDir: dir })).rejects.toThrow(/not a whole database \(a copy cut short\?\)/);

    writeFileSync(file, Buffer.alloc(8192));
    await expect(openCore({ dataDir: dir })).rejects.toThrow(/first bytes are all zeros/);

    const header = Buffer.alloc(4096, 7);
    Buffer.from('SQLite format 3\0', 'latin1').copy(header);
    header.writeUInt16BE(1000, 16); // no page size SQLite knows
    writeFileSync(file, header);
    await expect(openCore({ dataDir: dir })).rejects.toThrow(/its header is damaged/);

    // a plain database's header says 4096-byte pages: 4096 * 2 + 512 bytes is a copy cut short too
    const plain = readFileSync(join(await closedBranch(), DATABASE_FILE));
    writeFileSync(file, plain.subarray(0, 2 * 4096 + 512));
    expect(() => assertDatabaseFile(file)).toThrow(/not a whole number of its 4096-byte pages/);

    // only a missing file means "new"
    const fresh = tempDir();
    expect(() => assertDatabaseFile(join(fresh, DATABASE_FILE))).not.toThrow();
  });

  it('a whole number of pages that is not plain SQLite is left to the key (an encrypted branch), not refused here', () => {
    const file = join(tempDir(), DATABASE_FILE);
    writeFileSync(file, randomBytes(3 * 4096));
    expect(() => assertDatabaseFile(file)).not.toThrow();
  });

  it("head office's store: an empty headoffice.sqlite is refused the same way", async () => {
    const dir = tempDir('branchbox-hq-');
    writeFileSync(join(dir, HQ_DATABASE_FILE), '');
    await expect(openCore({ dataDir: dir, headOffice: true })).rejects.toThrow(`${join(dir, HQ_DATABASE_FILE)} is not a usable Branchbox database: it is empty (0 bytes)`);
    expect(statSync(join(dir, HQ_DATABASE_FILE)).size).toBe(0);
  });
});

/**
 * Runs `fn` as a user whom the file modes bind: the test's own user, or when the tests run as root (CI), the
 * unprivileged "nobody" (uid 65534) through seteuid, the files handed to it first. Root ignores file modes.
 */
async function asOrdinaryUser<T>(paths: string[], fn: () => Promise<T>): Promise<T> {
  const root = process.geteuid?.() === 0;
  if (!root) return fn();
  for (const p of paths) chownSync(p, 65534, 65534);
  process.seteuid!(65534);
  try {
    return await fn();
  } finally {
    process.seteuid!(0);
  }
}

describe('a database that cannot be written (point 8)', () => {
  it('a read-only database file is refused at start, naming the file, instead of starting and failing every sign-in', async () => {
    const dir = await closedBranch();
    const file = join(dir, DATABASE_FILE);
    const before = sha(file);
    chmodSync(file, 0o400);
    await asOrdinaryUser([dir, file], async () => {
      await expect(openCore({ dataDir: dir })).rejects.toThrow(`Branchbox cannot write to ${file}`);
    });
    expect(sha(file)).toBe(before);
  });

  it('a read-only data folder is refused at start, naming it; a host cannot take it either', async () => {
    const dir = await closedBranch();
    const file = join(dir, DATABASE_FILE);
    const before = sha(file);
    chmodSync(dir, 0o500);
    try {
      await asOrdinaryUser([dir, file], async () => {
        await expect(openCore({ dataDir: dir })).rejects.toThrow(/Branchbox cannot write to .*read-only, or belongs to another user/);
        const out = io();
        expect(await runCli(['migrate', '--data-dir', dir], out)).toBe(1);
        expect(out.errors.join('\n')).toContain(`Branchbox cannot write to ${join(dir, 'branchbox.lock')}`);
      });
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(sha(file)).toBe(before);
  });

  it('the check is a write rolled back: it refuses a connection SQLite opened read-only, for root too, and changes nothing', async () => {
    const dir = await closedBranch();
    const file = join(dir, DATABASE_FILE);
    const before = sha(file);
    const ro = new Database(file, { readonly: true });
    try {
      expect(() => assertWritable(ro, file)).toThrow(`Branchbox cannot write to ${file} (attempt to write a readonly database)`);
    } finally {
      ro.close();
    }
    // another program writing (here a second connection holding the write lock; no wait): busy, not read-only
    const writer = new Database(file);
    const impatient = new Database(file, { timeout: 0 });
    try {
      writer.exec('BEGIN IMMEDIATE');
      expect(() => assertWritable(impatient, file)).toThrow(`${file} is busy: another Branchbox program has been writing to it`);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
      impatient.close();
    }
    const rw = new Database(file);
    try {
      expect(() => assertWritable(rw, file)).not.toThrow();
      expect(rw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'branchbox_write_probe'").get()).toEqual({ n: 0 });
    } finally {
      rw.close();
    }
    expect(sha(file)).toBe(before);
  });
});

describe('a full disk (point 8)', () => {
  it('answers DISK_FULL (HTTP 507) saying what was saved is safe and what to do; the refused call wrote nothing; writes go on once there is space', async () => {
    const dir = tempDir();
    const core = await openCore({ dataDir: dir, log: () => undefined });
    opened.push(core);
    const admin = new Caller(core);
    await admin.ok('setup.initialize', SETUP_INPUT);
    await admin.ok('session.login', { username: SETUP_INPUT.admin.username, password: SETUP_INPUT.admin.password });
    // the database may not grow past the pages it has: SQLite answers SQLITE_FULL, "database or disk is full"
    core.db.pragma(`max_page_count = ${core.db.pragma('page_count', { simple: true }) as number}`);
    const host = await startBrowserHost(core, { port: 0, staticDir: tempDir() });
    hosts.push(host);
    let refused = false;
    for (let i = 0; i < 300 && !refused; i++) {
      const before = snapshot(core);
      const seq = core.db.prepare('SELECT max(seq) AS seq FROM command_log').get();
      const env = await admin.raw('clients.create', { firstname: `Client${i}`, lastname: 'Wanjiru' });
      if (env.ok) continue;
      refused = true;
      expect(env.error.code).toBe('DISK_FULL');
      expect(env.error.message).toMatch(/^The disk is full, so this was not saved\. Everything saved before is safe\. Free some space on the disk .*then try again\.$/);
      expect(snapshot(core)).toBe(before);
      expect(core.db.prepare('SELECT max(seq) AS seq FROM command_log').get()).toEqual(seq);
    }
    expect(refused).toBe(true);
    expect(httpStatusFor('DISK_FULL')).toBe(507);

    // the browser host answers it as such, with the usual error body
    const res = await fetch(new URL('/api/session.login', host.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: SETUP_INPUT.admin.username, password: SETUP_INPUT.admin.password }),
    });
    const login = (await res.json()) as { ok: boolean; error?: { code: string } };
    // a sign-in writes only when it must (failed attempts): it goes on working on a full disk
    expect(login.ok).toBe(true);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const write = await fetch(new URL('/api/clients.create', host.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ firstname: 'Baraka', lastname: 'Otieno' }),
    });
    expect(write.status).toBe(507);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('DISK_FULL');

    // space again: the next write goes through, and the books are whole
    core.db.pragma('max_page_count = 1073741823');
    await admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Otieno' });
    const quick = core.db.pragma('quick_check', { simple: true });
    expect(quick).toBe('ok');
  });

  /** A real small disk: a tmpfs mounted on a folder of the test's, where the system lets the tests mount one (root). */
  function smallDisk(megabytes: number): { dir: string; unmount: () => void } | null {
    const dir = tempDir('branchbox-disk-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      return null;
    }
    return { dir, unmount: () => execFileSync('umount', [dir], { stdio: 'ignore' }) };
  }

  it('on a disk that is really full (a small tmpfs filled up, where the tests may mount one), the same answer, nothing written', async (ctx) => {
    const disk = smallDisk(24);
    if (!disk) return ctx.skip();
    try {
      const core = await openCore({ dataDir: join(disk.dir, 'branch'), log: () => undefined });
      try {
        const admin = new Caller(core);
        await admin.ok('setup.initialize', SETUP_INPUT);
        await admin.ok('session.login', { username: SETUP_INPUT.admin.username, password: SETUP_INPUT.admin.password });
        await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo' });
        // every byte left taken by another file
        const fd = openSync(join(disk.dir, 'filler'), 'w');
        for (const size of [1 << 20, 4096, 1]) {
          try {
            for (;;) writeSync(fd, Buffer.alloc(size));
          } catch (err) {
            expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
          }
        }
        closeSync(fd);
        const before = snapshot(core);
        const env = await admin.raw('clients.create', { firstname: 'Baraka', lastname: 'Otieno' });
        expect(env.ok ? null : env.error.code).toBe('DISK_FULL');
        expect(snapshot(core)).toBe(before);
        // space again: the same call goes through
        rmSync(join(disk.dir, 'filler'));
        await admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Otieno' });
        expect(core.db.pragma('quick_check', { simple: true })).toBe('ok');
      } finally {
        core.close();
      }
    } finally {
      disk.unmount();
    }
  });

  it('a file written on a full disk (ENOSPC: a backup, a bundle) is a full disk too; other errors are not', () => {
    expect(isDiskFull(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isDiskFull(new Error('something else'))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
  });
});
