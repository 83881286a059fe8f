import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { BUSY_TIMEOUT_MS } from './connection';

/**
 * The data folder and its database files (issue 14, points 1, 4, 6 and 8): what the hosts and the CLI check before
 * they open a branch, so that a damaged file, a second program on the same folder or a folder that cannot be
 * written is refused at start with a message naming the file, instead of failing later on every call.
 */

/** The file whose operating-system lock a host holds for its lifetime (an empty SQLite file, see holdDataFolder). */
export const LOCK_FILE = 'branchbox.lock';
/** Who holds the lock: written by the holder once it has the lock, read by whoever is refused. */
export const HOLDER_FILE = 'branchbox.lock.json';

/** What holds a data folder: one of the hosts, or a CLI command that must run alone (`branchbox migrate`). */
export type FolderUser = 'desktop app' | 'browser host' | 'head office host' | 'branchbox migrate' | 'branchbox seed-demo' | 'branchbox restore';

export interface FolderHolder {
  pid: number;
  host: FolderUser | string;
  /** ISO-8601 instant the holder took the folder. */
  since: string;
  /** The computer's name: a data folder on a network share may be held from another PC. */
  computer: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Point 1: a database file that is there but is not a database

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** SQLite's smallest page: every database file, plain or encrypted, is a whole number of pages of at least this. */
const MIN_PAGE = 512;

/**
 * Refuses a database file that exists but cannot be a database: empty (0 bytes, a failed copy or restore), shorter
 * than a page or not a whole number of pages (a copy cut short), a first page of zeros, or a plain SQLite header
 * whose page size the file does not match. A missing file is fine (a new branch); a non-empty file that is not plain
 * SQLite but has a whole number of pages may be an encrypted database, which its key opens (or not): left to that.
 */
export function assertDatabaseFile(file: string): void {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw damaged(file, 'it is not a file');
    size = st.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (size === 0) throw damaged(file, 'it is empty (0 bytes)');
  if (size < MIN_PAGE || size % MIN_PAGE !== 0) throw damaged(file, `it is ${size.toLocaleString('en')} bytes, not a whole database (a copy cut short?)`);
  const head = Buffer.alloc(MIN_PAGE);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, MIN_PAGE, 0);
  } finally {
    closeSync(fd);
  }
  if (head.every((b) => b === 0)) throw damaged(file, 'its first bytes are all zeros (a copy that was never written?)');
  if (head.subarray(0, 16).equals(SQLITE_HEADER)) {
    const raw = head.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < MIN_PAGE || (pageSize & (pageSize - 1)) !== 0) throw damaged(file, 'its header is damaged');
    if (size % pageSize !== 0) throw damaged(file, `it is ${size.toLocaleString('en')} bytes, not a whole number of its ${pageSize}-byte pages (a copy cut short?)`);
  }
}

function damaged(file: string, why: string): Error {
  return new Error(
    `The database file ${file} is not a usable Branchbox database: ${why}. Branchbox did not change it and will not ` +
      `start a new branch over it. If it came from a copy or a restore that failed, put back a good copy (the newest ` +
      `backup is in the backups folder beside it). Only if this branch was never set up, delete the file and start again.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Point 8: a database that cannot be written

/**
 * Refuses, naming the file, a database this process cannot write (a read-only file or folder, a file owned by
 * another user): SQLite opens such a file read-only without a word, and every sign-in would then fail. A write in a
 * transaction that is rolled back: nothing is changed, and it works the same for an administrator, whom file modes
 * do not stop.
 */
export function assertWritable(db: Database.Database, file: string): void {
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec('CREATE TABLE branchbox_write_probe (x INTEGER)');
    } finally {
      db.exec('ROLLBACK');
    }
  } catch (err) {
    if (isNotWritable(err)) throw notWritable(file, err);
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new Error(`${file} is busy: another Branchbox program has been writing to it for longer than ${BUSY_TIMEOUT_MS / 1000} seconds. Try again in a moment.`, { cause: err });
    }
    throw err;
  }
}

/**
 * Opens a database with `open` (which knows its key), naming the file when it cannot be opened for writing, then
 * refuses it when it cannot be written (assertWritable) and leaves it and its -wal and -shm to their owner.
 */
export function openWritable<T extends Database.Database>(file: string, open: () => T): T {
  let db: T;
  try {
    db = open();
  } catch (err) {
    throw isNotWritable(err) ? notWritable(file, err) : err;
  }
  try {
    assertWritable(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  privateDatabaseFiles(file);
  return db;
}

const NOT_WRITABLE_CODES = new Set(['SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_RECOVERY', 'SQLITE_READONLY_CANTINIT', 'SQLITE_READONLY_CANTLOCK', 'SQLITE_READONLY_DBMOVED', 'SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'EACCES', 'EPERM', 'EROFS']);

/** Whether an error from opening or writing a file means that it (or its folder) cannot be written. */
export function isNotWritable(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  return NOT_WRITABLE_CODES.has(code) || /readonly|read-only/i.test(code);
}

export function notWritable(file: string, cause: unknown): Error {
  return new Error(
    `Branchbox cannot write to ${file} (${(cause as Error).message}). The file or its folder is read-only, or belongs ` +
      `to another user. Nothing was changed. Make the file and its folder writable for the user who runs Branchbox ` +
      `(or copy the data folder somewhere writable), then start again.`,
    { cause },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Point 8: a full disk

/** Whether an error is a full disk (SQLite's SQLITE_FULL, or a file write's ENOSPC). */
export function isDiskFull(err: unknown): boolean {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || (code === 'SQLITE_IOERR_WRITE' && /disk is full|no space/i.test((err as Error).message));
}

/** What a full disk answers: the call was not saved, everything saved before is safe, and what to do. */
export function diskFullError(): AppError {
  return new AppError(
    'DISK_FULL',
    'The disk is full, so this was not saved. Everything saved before is safe. Free some space on the disk (delete or ' +
      'move files you do not need, or ask whoever looks after this PC), then try again.',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Point 4: the folder's permissions

/**
 * Creates the data folder readable by its owner only (0700) and tightens one made before: every folder in it 0700
 * and every file 0600 (the database, its -wal and -shm, backups, bundles). POSIX only: on Windows the hosts set an
 * ACL (restrictFolderOnWindows). Symbolic links are left alone; a file that cannot be changed (another owner) is
 * left as it is: the folder's own 0700 already keeps other users out of it.
 */
export function prepareDataFolder(dataDir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return;
  tighten(realpathSync(dataDir));
}

/** Takes group's and others' permissions off one file or folder (`keep`: what its owner keeps); not a link. */
function ownerOnly(path: string, keep: number): boolean {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return false;
    if ((st.mode & 0o077) !== 0) chmodSync(path, st.mode & keep);
    return true;
  } catch {
    return false;
  }
}

function tighten(dir: string): void {
  if (!ownerOnly(dir, 0o700)) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isDirectory()) tighten(join(dir, e.name));
    else if (e.isFile()) ownerOnly(join(dir, e.name), 0o600);
  }
}

/** The database file and the -wal and -shm SQLite keeps beside it, owner only (SQLite gives later ones its mode). */
export function privateDatabaseFiles(file: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32' || file === ':memory:') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    } catch {
      // not there (yet): SQLite makes it with the database's mode
    }
  }
}

/**
 * From now on, files and folders this process makes are its user's only (umask 077): backups, bundles and keys made
 * by any module. For the hosts' and the CLI's main thread (a worker thread may not change it); POSIX only.
 */
export function privateFilesFromNowOn(platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'win32') process.umask(0o077);
}

/** The command that leaves a Windows folder to the signed-in user and SYSTEM only (inherited entries removed). */
export function windowsAclCommand(dataDir: string, user: string): { command: string; args: string[] } {
  return {
    command: 'icacls',
    // (OI)(CI)F: full control, passed to the files and folders inside; *S-1-5-18 is SYSTEM in every language
    args: [dataDir, '/inheritance:r', '/grant:r', `${user}:(OI)(CI)F`, '/grant:r', '*S-1-5-18:(OI)(CI)F', '/Q'],
  };
}

/** The signed-in Windows user as icacls names it (DOMAIN\user). */
export function windowsUser(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.USERNAME || userInfo().username;
  return env.USERDOMAIN ? `${env.USERDOMAIN}\\${name}` : name;
}

/** On Windows, restricts the data folder by ACL to the signed-in user and SYSTEM; elsewhere does nothing. */
export function restrictFolderOnWindows(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
  run: (command: string, args: string[]) => void = (c, a) => void execFileSync(c, a, { stdio: 'ignore', windowsHide: true }),
): void {
  if (platform !== 'win32') return;
  const { command, args } = windowsAclCommand(dataDir, windowsUser());
  try {
    run(command, args);
  } catch (err) {
    throw new Error(`Branchbox could not make its data folder ${dataDir} private to you (icacls failed: ${(err as Error).message}). Check that the folder is yours, then start again.`, { cause: err });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Point 6: one host per data folder

/** A data folder held by a process: released when the process is done with it (or by the system when it dies). */
export interface FolderHold {
  readonly holder: FolderHolder;
  release(): void;
}

/**
 * Takes the data folder for `who` (a host for its lifetime, or `branchbox migrate` while it runs), refusing when
 * another process holds it, with who that is (pid, which host, since when). The lock is the operating system's
 * (SQLite's exclusive lock on branchbox.lock: fcntl on POSIX, LockFileEx on Windows), so a process that is killed
 * (kill -9, a power cut) holds nothing afterwards: a stale lock cannot block the next start.
 */
export function holdDataFolder(dataDir: string, who: FolderUser, now: Date = new Date()): FolderHold {
  // the folder itself (the core tightens what is inside when it opens)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') ownerOnly(realpathSync(dataDir), 0o700);
  const lockFile = join(dataDir, LOCK_FILE);
  let lock: Database.Database;
  try {
    lock = new Database(lockFile, { timeout: 0 });
  } catch (err) {
    throw isNotWritable(err) ? notWritable(lockFile, err) : err;
  }
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY');
    // in exclusive locking mode the lock taken here is kept until the connection closes
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw inUse(dataDir, readHolder(dataDir), who);
    throw isNotWritable(err) ? notWritable(lockFile, err) : err;
  }
  privateDatabaseFiles(lockFile);
  const holder: FolderHolder = { pid: process.pid, host: who, since: now.toISOString(), computer: hostname() };
  const holderFile = join(dataDir, HOLDER_FILE);
  try {
    writeFileSync(`${holderFile}.partial`, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
    renameSync(`${holderFile}.partial`, holderFile);
  } catch (err) {
    lock.close();
    throw isNotWritable(err) ? notWritable(holderFile, err) : err;
  }
  let released = false;
  return {
    holder,
    release: () => {
      if (released) return;
      released = true;
      const still = readHolder(dataDir);
      if (still && still.pid === holder.pid && still.since === holder.since) rmSync(holderFile, { force: true });
      lock.close();
    },
  };
}

/**
 * Refuses when a host (the desktop app, `branchbox serve`, `branchbox hq serve`) or a command that must run alone
 * holds the data folder, naming it; for commands that must not run beside a host (`branchbox restore`). Takes the
 * lock for an instant to see whether it is free, and gives it back.
 */
export function assertNoHost(dataDir: string): void {
  const lockFile = join(dataDir, LOCK_FILE);
  if (!existsSync(lockFile)) return;
  const lock = new Database(lockFile, { timeout: 0 });
  try {
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw inUse(dataDir, readHolder(dataDir), null);
    throw err;
  } finally {
    lock.close();
  }
}

/** Who holds the folder, as its holder wrote it; null when there is nothing (readable) to say. */
export function readHolder(dataDir: string): FolderHolder | null {
  try {
    const h = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as Partial<FolderHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.since !== 'string') return null;
    return { pid: h.pid, host: h.host, since: h.since, computer: typeof h.computer === 'string' ? h.computer : '' };
  } catch {
    return null;
  }
}

function inUse(dataDir: string, holder: FolderHolder | null, who: FolderUser | null): AppError {
  // the holder file may still name a process that is gone while the new holder starts (it writes its own just after)
  const named = holder && (holder.computer !== hostname() || processAlive(holder.pid)) ? holder : null;
  const what = named
    ? `the ${named.host} (process ${named.pid}${named.computer && named.computer !== hostname() ? ` on ${named.computer}` : ''}, since ${named.since})`
    : 'another Branchbox program';
  const doing = who === null ? 'This' : who.startsWith('branchbox ') ? `"${who}"` : `This ${who}`;
  return new AppError(
    'INVALID_STATE',
    `The data folder ${dataDir} is in use by ${what}. ${doing} cannot run on the same folder at the same time: ` +
      `close that Branchbox (or stop "branchbox serve") first, then try again.`,
    undefined,
    { reason: 'DATA_FOLDER_IN_USE', dataDir, holder: named },
  );
}

/** Whether a process of this computer is running (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
