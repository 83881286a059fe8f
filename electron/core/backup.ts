import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db/connection';
import { addDays } from './domain/calendar';
import { CHAIN_START, walkChain } from './verify/chain';

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

/** Opens a copy read-only and checks it; throws naming what is wrong. */
export function checkBackup(file: string): void {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const quick = copy.prepare('PRAGMA quick_check').pluck().all() as string[];
    if (quick.length !== 1 || quick[0] !== 'ok') throw new Error(`the backup ${file} is damaged: ${quick.slice(0, 3).join('; ')}`);
    const chain = walkChain(copy as unknown as Db, CHAIN_START);
    if (chain.fault) throw new Error(`the backup ${file} does not hold a sound audit chain: ${chain.fault}`);
  } finally {
    copy.close();
  }
}

function rotate(dir: string, pattern: RegExp, keep: number): void {
  const files = readdirSync(dir).filter((f) => pattern.test(f)).sort();
  for (const f of files.slice(0, Math.max(0, files.length - keep))) rmSync(join(dir, f), { force: true });
}

/**
 * Backs up the database as the day `date` closed, checks the copy, and rotates. A month's last day is also kept as
 * the month's copy. Returns the daily file's path.
 */
export async function backUpClosedDay(db: Db, dataDir: string, date: string): Promise<string> {
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
  checkBackup(partial);
  renameSync(partial, file);
  if (addDays(date, 1).slice(0, 7) !== date.slice(0, 7)) {
    const month = join(dir, `branchbox-month-${date.slice(0, 7)}.sqlite`);
    if (!existsSync(month)) copyFileSync(file, month);
  }
  rotate(dir, DAILY, DAILY_KEPT);
  rotate(dir, MONTHLY, MONTHLY_KEPT);
  return file;
}
