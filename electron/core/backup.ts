import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { AnchorRefused, writeAnchor } from './anchor';
import { RECOVERY_KEY_FILE } from './keys/database';
import { AppError } from '../../shared/errors';
import { Worker } from 'node:worker_threads';
import { CIPHER, keyOf, tellKey, type Db } from './db/connection';
import { addDays } from './domain/calendar';
import { CHAIN_START, markStillHolds, walkChain, type ChainPoint } from './verify/chain';

/**
 * A consistent copy of the live database through SQLite's online backup API (never a file copy, which can
 * catch a half-written WAL). Returns the file written.
 */
export async function backupDatabase(db: Db, dir: string, label: string, now: Date): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `branchbox-${label}-${stamp}.sqlite`);
  await anchorBackup(db, dir, now, label !== 'before-migration');
  await copyDatabase(db, file);
  return file;
}

/**
 * A backup's anchor of the audit chain (anchor.ts; issue 14 point 2), for the live books of a data folder (`dir` its
 * backups/): written before the copy, so that the copy holds it in its anchors table (a read-only connection, the
 * command line's, leaves it to the anchor file beside the backups). An anchor refused (a history rewritten under the
 * newest anchor) is not signed; the copy is made all the same and `branchbox verify` names the fault. The backup
 * before a migration keeps it out of the database (a failed migration leaves the file byte for byte as it was).
 */
async function anchorBackup(db: Db, dir: string, now: Date, inDatabase: boolean): Promise<void> {
  if (db.memory || !db.name || basename(dir) !== 'backups' || resolve(dirname(db.name)) !== resolve(dirname(dir))) return;
  try {
    await writeAnchor(db, dirname(dir), 'backup', now, { inDatabase });
  } catch (err) {
    if (!(err instanceof AnchorRefused)) throw err;
  }
}

/**
 * A consistent copy of `db` into `file`. An encrypted database cannot go through the backup API into a plain file
 * (SQLite3 Multiple Ciphers refuses): it is copied by VACUUM INTO, which writes the copy encrypted with the same
 * key, so a backup never holds the branch's data in clear.
 */
export async function copyDatabase(db: Db, file: string): Promise<void> {
  if (keyOf(db)) db.prepare('VACUUM INTO ?').run(file);
  else await db.backup(file);
}

/** Opens a backup file, with the database's key when it is encrypted. */
function openCopy(file: string, key: Buffer | undefined, readonly: boolean): InstanceType<typeof Database> {
  const copy = new Database(file, { readonly, fileMustExist: true });
  try {
    if (key) tellKey(copy as unknown as Db, key);
  } catch (err) {
    copy.close();
    throw err;
  }
  return copy;
}

/**
 * The backup of a closed day (DOMAIN.md "Day-end"): SQLite's online backup API into the data folder's backups/,
 * then the copy opened read-only and checked (quick_check and the whole audit chain) before it counts; kept with
 * rotation: the last 7 daily copies and 12 month-end copies.
 */
export const DAILY_KEPT = 7;
export const MONTHLY_KEPT = 12;

const DAILY = /^branchbox-day-(\d{4}-\d{2}-\d{2})\.sqlite$/;
const MONTHLY = /^branchbox-month-(\d{4}-\d{2})\.sqlite$/;

/** Audit chain rows a backup's check walks between two answers of the host. */
const CHAIN_SLICE = 2_000;

/**
 * Work on a backup file in a worker thread: on a large branch it reads and writes gigabytes for seconds, and the
 * host must go on answering (dayEnd.status, the tellers) meanwhile. With `source`, the worker first makes the copy
 * through SQLite's online backup API on its own connection to the live file (in one step, so the copy is one
 * consistent read of it: the live connection's writers are not held up in WAL mode), and leaves the copy a single
 * self-contained file (journal_mode DELETE). Then SQLite's quick_check of the copy. Resolves to its findings ('ok'
 * alone when sound); rejects with NO_WORKER when the worker cannot run (a packaged app's archive), so the caller
 * does the same work on its own thread.
 */
const NO_WORKER = 'NO_WORKER';
function inWorker(target: string, key: Buffer | undefined, source?: string): Promise<string[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const open = (file, readonly) => {
      const db = new Database(file, { readonly, fileMustExist: true });
      if (workerData.key) { db.pragma("cipher = '" + workerData.cipher + "'"); db.pragma("hexkey = '" + workerData.key + "'"); }
      return db;
    };
    (async () => {
      if (workerData.source) {
        const live = open(workerData.source, false);
        try {
          if (workerData.key) live.prepare('VACUUM INTO ?').run(workerData.target);
          else await live.backup(workerData.target, { progress: () => 0x7fffffff });
        } finally { live.close(); }
        const made = open(workerData.target, false);
        try { made.pragma('journal_mode = DELETE'); } finally { made.close(); }
      }
      const copy = open(workerData.target, true);
      try { return copy.prepare('PRAGMA quick_check').pluck().all(); } finally { copy.close(); }
    })().then((found) => parentPort.postMessage({ found }), (e) => parentPort.postMessage({ failed: String(e && e.message || e) }));`;
  return new Promise((resolve, reject) => {
    let answered = false;
    const worker = new Worker(code, { eval: true, workerData: { target, source, key: key?.toString('hex'), cipher: CIPHER, driver: require.resolve('better-sqlite3-multiple-ciphers') } });
    worker.once('message', (m: { found?: string[]; failed?: string }) => {
      answered = true;
      if (m.found) resolve(m.found);
      else reject(new Error(m.failed));
    });
    worker.once('error', () => reject(new Error(NO_WORKER)));
    worker.once('exit', () => {
      if (!answered) reject(new Error(NO_WORKER));
    });
  });
}

/** The quick_check of a copy, in a worker thread when one can run, else on this thread. */
async function quickCheck(file: string, key: Buffer | undefined): Promise<string[]> {
  try {
    return await inWorker(file, key);
  } catch (e) {
    if ((e as Error).message !== NO_WORKER) throw e;
    const db = openCopy(file, key, true);
    try {
      return db.prepare('PRAGMA quick_check').pluck().all() as string[];
    } finally {
      db.close();
    }
  }
}

/** Leaves a copy made through the backup API a single self-contained file (the live file is in WAL mode). */
function selfContained(file: string, key: Buffer | undefined): void {
  const copy = openCopy(file, key, false);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * Checks a copy: SQLite's quick_check (in a worker thread), and the audit chain from `from` (a point an earlier
 * check of the same chain reached, whose row must still hash as then; the start by default). Throws naming what is
 * wrong; returns the chain's last point, where the next check may start.
 */
export async function checkBackup(file: string, from: ChainPoint = CHAIN_START, key?: Buffer): Promise<ChainPoint> {
  const quick = await quickCheck(file, key);
  return checkChainOf(file, quick, from, key);
}

/** The findings of a copy's quick_check, then its audit chain from `from` (see checkBackup). */
async function checkChainOf(file: string, quick: string[], from: ChainPoint, key: Buffer | undefined): Promise<ChainPoint> {
  if (quick.length !== 1 || quick[0] !== 'ok') throw new Error(`the backup ${file} is damaged: ${quick.slice(0, 3).join('; ')}`);
  const copy = openCopy(file, key, true);
  try {
    const held = markStillHolds(copy as unknown as Db, from, 'the last day-end');
    if (held.fault) throw new Error(`the backup ${file} does not hold a sound audit chain: ${held.fault}`);
    // in slices of rows, the host answering between them (the first check of a large branch walks the whole log; 2,000 rows take some 20 ms)
    let at = held.from;
    for (;;) {
      const slice = walkChain(copy as unknown as Db, at, undefined, CHAIN_SLICE);
      if (slice.fault) throw new Error(`the backup ${file} does not hold a sound audit chain: ${slice.fault}`);
      at = slice.last;
      if (slice.rows < CHAIN_SLICE) return at;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    copy.close();
  }
}

/** Removing a file of gigabytes takes its time: it goes through the thread pool too. */
async function rotate(dir: string, pattern: RegExp, keep: number): Promise<void> {
  const files = readdirSync(dir).filter((f) => pattern.test(f)).sort();
  for (const f of files.slice(0, Math.max(0, files.length - keep))) await rm(join(dir, f), { force: true });
}

async function rotateBackups(dir: string): Promise<void> {
  await rotate(dir, DAILY, DAILY_KEPT);
  await rotate(dir, MONTHLY, MONTHLY_KEPT);
}

/** The month's copy that goes with a day's backup, when the day is the month's last; else null. */
function monthCopyName(date: string): string | null {
  return addDays(date, 1).slice(0, 7) !== date.slice(0, 7) ? `branchbox-month-${date.slice(0, 7)}.sqlite` : null;
}

/**
 * Backs up the database as the day `date` closed, checks the copy (its audit chain from `from`, the point the
 * previous day-end's check reached), and rotates. A month's last day is also kept as the month's copy. Returns the
 * daily file's path and the chain's last point in it.
 */
export async function backUpClosedDay(db: Db, dataDir: string, date: string, from: ChainPoint = CHAIN_START): Promise<{ file: string; checked: ChainPoint }> {
  const dir = join(dataDir, 'backups');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `branchbox-day-${date}.sqlite`);
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  // the copy and its quick_check in a worker thread, reading the live file on its own connection; on this thread
  // (the backup API in steps, then the same checks) where no worker can run or the database is not a file
  let quick: string[] | null = null;
  const key = keyOf(db);
  if (db.name && !db.memory) {
    try {
      quick = await inWorker(partial, key, db.name);
    } catch (e) {
      if ((e as Error).message !== NO_WORKER) throw e;
    }
  }
  if (!quick) {
    await copyDatabase(db, partial);
    selfContained(partial, key);
    quick = await quickCheck(partial, key);
  }
  const checked = await checkChainOf(partial, quick, from, key);
  renameSync(partial, file);
  const monthName = monthCopyName(date);
  // copies of gigabytes go through the thread pool: the host keeps answering
  if (monthName && !existsSync(join(dir, monthName))) await copyFile(file, join(dir, monthName));
  await rotateBackups(dir);
  return { file, checked };
}

/** Whether a folder exists and a file can be written in it (a USB stick plugged in); throws saying why not. */
export function assertWritableFolder(folder: string): void {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder on this PC (is the USB stick plugged in?)`);
  const probe = join(folder, `.branchbox-probe-${process.pid}`);
  writeFileSync(probe, 'branchbox');
  rmSync(probe, { force: true });
}

/**
 * A folder typed by a manager for copies to land in (a USB stick): a full path to a folder that can be written, or
 * refused naming the field `folder`.
 */
export function checkFolderInput(folder: string): void {
  if (!isAbsolute(folder)) throw new AppError('VALIDATION_FAILED', `${folder} is not a full folder path`, [{ field: 'folder', code: 'not_absolute', message: 'must be a full path, such as E:\\Backups' }]);
  try {
    assertWritableFolder(folder);
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', (err as Error).message, [{ field: 'folder', code: 'not_writable', message: 'cannot be written: is the USB stick plugged in?' }]);
  }
}

/**
 * Copies a verified day's backup (and its month's copy) into the second folder, whole or not at all (written
 * beside then renamed; the copy's size checked), with the same rotation. Returns the copy's path; throws when the
 * folder cannot be written.
 */
export async function copyToSecondFolder(file: string, date: string, folder: string): Promise<string> {
  assertWritableFolder(folder);
  const target = join(folder, basename(file));
  const partial = `${target}.partial`;
  await copyFile(file, partial);
  if (statSync(partial).size !== statSync(file).size) throw new Error(`the copy in ${folder} is incomplete (is the USB stick full?)`);
  renameSync(partial, target);
  // an encrypted branch's recovery file travels with its backups (keys/database.ts RECOVERY_KEY_FILE)
  const recovery = join(dirname(file), RECOVERY_KEY_FILE);
  if (existsSync(recovery)) await copyFile(recovery, join(folder, RECOVERY_KEY_FILE));
  const monthName = monthCopyName(date);
  if (monthName && !existsSync(join(folder, monthName))) await copyFile(target, join(folder, monthName));
  rotateBackups(folder);
  return target;
}
