import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from './db/connection';
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
  await db.backup(file);
  return file;
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
const CHAIN_SLICE = 5_000;

/**
 * SQLite's quick_check of a file, run in a worker thread: on a large branch it reads the whole file for seconds,
 * and the host must go on answering (dayEnd.status, the tellers) meanwhile. Resolves to its findings ('ok' alone
 * when sound).
 */
function quickCheck(file: string): Promise<string[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
    try { parentPort.postMessage(db.prepare('PRAGMA quick_check').pluck().all()); } finally { db.close(); }`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3') } });
    worker.once('message', (found: string[]) => resolve(found));
    worker.once('error', reject);
    worker.once('exit', (exitCode) => {
      if (exitCode !== 0) reject(new Error(`the check of ${file} stopped (exit ${exitCode})`));
    });
  });
}

/**
 * Checks a copy: SQLite's quick_check (in a worker thread), and the audit chain from `from` (a point an earlier
 * check of the same chain reached, whose row must still hash as then; the start by default). Throws naming what is
 * wrong; returns the chain's last point, where the next check may start.
 */
export async function checkBackup(file: string, from: ChainPoint = CHAIN_START): Promise<ChainPoint> {
  // a host whose workers cannot load the driver (a packaged app's archive) checks on its own thread
  const quick = await quickCheck(file).catch(() => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('PRAGMA quick_check').pluck().all() as string[];
    } finally {
      db.close();
    }
  });
  if (quick.length !== 1 || quick[0] !== 'ok') throw new Error(`the backup ${file} is damaged: ${quick.slice(0, 3).join('; ')}`);
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const held = markStillHolds(copy as unknown as Db, from, 'the last day-end');
    if (held.fault) throw new Error(`the backup ${file} does not hold a sound audit chain: ${held.fault}`);
    // in slices of rows, the host answering between them (the first check of a large branch walks the whole log)
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

function rotate(dir: string, pattern: RegExp, keep: number): void {
  const files = readdirSync(dir).filter((f) => pattern.test(f)).sort();
  for (const f of files.slice(0, Math.max(0, files.length - keep))) rmSync(join(dir, f), { force: true });
}

function rotateBackups(dir: string): void {
  rotate(dir, DAILY, DAILY_KEPT);
  rotate(dir, MONTHLY, MONTHLY_KEPT);
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
  rmSync(partial, { force: true });
  await db.backup(partial);
  // the copy keeps the live file's WAL mode: a single self-contained file is what a backup should be
  const copy = new Database(partial);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  const checked = await checkBackup(partial, from);
  renameSync(partial, file);
  const monthName = monthCopyName(date);
  // copies of gigabytes go through the thread pool: the host keeps answering
  if (monthName && !existsSync(join(dir, monthName))) await copyFile(file, join(dir, monthName));
  rotateBackups(dir);
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
  const monthName = monthCopyName(date);
  if (monthName && !existsSync(join(folder, monthName))) await copyFile(target, join(folder, monthName));
  rotateBackups(folder);
  return target;
}
