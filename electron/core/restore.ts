import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BackupKind, BackupList, BackupProblemCode, BackupSummary, DroppedWork, RestoreResult } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { writeAnchor } from './anchor';
import { backupDatabase, checkBackup } from './backup';
import { openDatabase, type Db } from './db/connection';
import { GENESIS_HASH, recordAsCommand } from './dispatch/commandLog';
import { CHAIN_START } from './verify/chain';
import { exportEpoch } from './services/export';
import { businessDate, findLocalOffice, getSetting, setSetting } from './services/organisation';
import { verifyDatabase } from './verify';

/**
 * Restoring the branch's books from a backup (issue 14, "Restore"). The order is what makes it safe:
 *  1. the backup is copied beside the live file (`branchbox.sqlite.restoring`) and that copy, the very bytes that
 *     will become the books, is opened read-only and checked (SQLite's quick_check, then every check of
 *     `branchbox verify --full`, and that it is this branch's): a damaged backup is refused with nothing changed;
 *  2. the live connection is closed (a host answers other calls "restore under way" meanwhile);
 *  3. the current books are kept aside through SQLite's backup API as `backups/branchbox-before-restore-<when>.sqlite`
 *     and that copy checked (faults found are reported, not a reason to refuse: damaged books are why one restores);
 *  4. the live file and its -wal are renamed aside as a pair, the checked copy renamed into place, the old pair
 *     removed: the restored file never meets the old file's WAL, and a crash leaves either set whole;
 *  5. the books are opened again (migrated if the backup is older), and the restore is recorded as a command of its
 *     own (who, when, from which backup, which sequences of the live log were dropped) that starts a new export
 *     epoch, which head office accepts (hq.acceptAlarm NEW_EPOCH); then the chain head is anchored.
 * A failure before step 4 reopens the live books as they were; a failure to open the restored books puts the old
 * pair back.
 */

/** The settings key of the export epoch (read by services/export exportEpoch). */
const EPOCH_SETTING = 'export.epoch';
/** The settings key of the second backup folder (services/dayEnd). */
const SECOND_FOLDER_SETTING = 'backup.second_folder';
/**
 * Settings of this installation rather than of the books' history, carried from the live books into the restored
 * ones: the head office it is paired with and its address (a backup older than the pairing would otherwise leave the
 * branch unable to tell head office of its new epoch), the export folder and the second backup folder.
 */
const CARRIED_SETTINGS = ['export.head_office', 'export.url', 'export.folder', SECOND_FOLDER_SETTING];

/** The live books a restore replaces, as their host holds them. */
export interface LiveBooks {
  /** the open connection to the live books, or null when none is open (the command line) */
  readonly db: Db | null;
  /** closes the live connection (a host refuses other calls until `reopen` or `resume`) */
  close(): void;
  /** opens the restored books in the data folder, migrated */
  reopen(): Promise<Db>;
  /** after a failure: the books are as they were, opened again where a host needs them */
  resume(): Promise<void>;
}

export interface RestoreRequest {
  dataDir: string;
  /** the database file the books live in (<dataDir>/branchbox.sqlite) */
  liveFile: string;
  /** the backup's path, and how it is named in the record (its id on screen, its path on the command line) */
  backupFile: string;
  backupName: string;
  /** who restores: the signed-in user on screen; on the command line, the computer's user */
  by: { userId: number | null; username: string | null; via: 'screen' | 'command line'; computerUser?: string };
  now: () => Date;
  /** the database key when the books are encrypted at rest */
  key?: Buffer;
}

/** What a restore did (the operation's answer, less the sessions it ends: the host's matter). */
export type RestoreOutcome = Omit<RestoreResult, 'signedOut'>;

/** Why a backup cannot be restored, by a code a screen translates (BackupProblemCode) and in words. */
class BackupProblem extends Error {
  constructor(
    readonly code: BackupProblemCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a readable branch database says of itself. */
interface Books {
  officeCode: string;
  businessDate: string;
  lastSeq: number;
  epoch: number;
}

function readBooks(db: Db): Books {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]));
  for (const t of ['command_log', 'settings', 'offices']) if (!tables.has(t)) throw new BackupProblem('not_branchbox', 'it is not a Branchbox database');
  const office = findLocalOffice(db);
  if (!office) throw new BackupProblem('not_branchbox', 'it holds no branch (set-up was never finished)');
  const last = db.prepare('SELECT max(seq) FROM command_log').pluck().get() as number | null;
  return { officeCode: office.code, businessDate: businessDate(db), lastSeq: last ?? 0, epoch: exportEpoch(db) };
}

function hashAt(db: Db, seq: number): string | null {
  if (seq === 0) return GENESIS_HASH;
  return (db.prepare('SELECT hash FROM command_log WHERE seq = ?').pluck().get(seq) as string | undefined) ?? null;
}

/**
 * The last sequence two audit logs share: the chain hashes each row over the one before, so one equal hash at a
 * sequence means equal logs up to it, and the largest such sequence is found by halving.
 */
function sharedUpTo(live: Db, backup: Db, liveLast: number, backupLast: number): number {
  let lo = 0;
  let hi = Math.min(liveLast, backupLast);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (hashAt(live, mid) === hashAt(backup, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The live log's commands after `shared`: what a restore drops (null: nothing). */
function droppedAfter(live: Db, shared: number): DroppedWork | null {
  const r = live
    .prepare('SELECT count(*) AS commands, min(seq) AS fromSeq, max(seq) AS toSeq, min(business_date) AS firstDate, max(business_date) AS lastDate FROM command_log WHERE seq > ?')
    .get(shared) as { commands: number; fromSeq: number | null; toSeq: number | null; firstDate: string | null; lastDate: string | null };
  if (r.commands === 0) return null;
  return { commands: r.commands, fromSeq: r.fromSeq!, toSeq: r.toSeq!, firstDate: r.firstDate!, lastDate: r.lastDate! };
}

/**
 * Opens a database read-only: with the key the books are opened with (encrypted backups keep it), else (a plain
 * backup made before the books were encrypted) without. Throws saying why it cannot be read.
 */
function openBackup(file: string, key: Buffer | undefined, readonly = true): Db {
  try {
    return openDatabase(file, { readonly, ...(key ? { key } : {}) });
  } catch (err) {
    if (key) {
      try {
        return openDatabase(file, { readonly });
      } catch {
        // neither with the key nor without: said with the key's answer
      }
    }
    throw new BackupProblem('unreadable', `it cannot be opened (${(err as Error).message})`);
  }
}

/** A read-only connection leaves a -wal and -shm beside the file it read: they are not part of it. */
function removeSidecars(file: string): void {
  for (const s of ['-wal', '-shm', '-journal']) rmSync(`${file}${s}`, { force: true });
}

/**
 * Runs `fn` on a backup opened read-only, then closes it and removes the -wal and -shm the connection made beside it
 * (a backup written in WAL mode gets them when read); files that were there before are left alone.
 */
function withBackup<T>(file: string, key: Buffer | undefined, fn: (db: Db) => T): T {
  const made = ['-wal', '-shm'].filter((s) => !existsSync(`${file}${s}`));
  let db: Db | null = null;
  try {
    db = openBackup(file, key);
    return fn(db);
  } finally {
    db?.close();
    for (const s of made) rmSync(`${file}${s}`, { force: true });
  }
}

// ---- the list

export function kindOf(fileName: string): BackupKind {
  if (/^branchbox-day-\d{4}-\d{2}-\d{2}\.sqlite$/.test(fileName)) return 'day';
  if (/^branchbox-month-\d{4}-\d{2}\.sqlite$/.test(fileName)) return 'month';
  if (fileName.startsWith('branchbox-before-migration-')) return 'beforeMigration';
  if (fileName.startsWith('branchbox-before-restore-')) return 'beforeRestore';
  if (fileName.startsWith('branchbox-manual-')) return 'manual';
  return 'other';
}

/** The folders backups are listed from: backups/ in the data folder, and the second folder when one is set. */
function backupFolders(db: Db, dataDir: string): { backups: string; second: string | null } {
  return { backups: join(dataDir, 'backups'), second: getSetting(db, SECOND_FOLDER_SETTING) || null };
}

/** A backup file's name is plain: no folder, no way out of the folder, a .sqlite file. */
function isBackupName(name: string): boolean {
  return /^[\w.-]+\.sqlite$/.test(name) && !name.startsWith('.');
}

function filesIn(folder: string | null): string[] {
  if (!folder || !existsSync(folder)) return [];
  try {
    return readdirSync(folder).filter((f) => isBackupName(f) && statSync(join(folder, f)).isFile());
  } catch {
    return [];
  }
}

/**
 * Every backup with its date, size and kind, newest first, and for each what it holds (the business date, the last
 * command) and what restoring it would drop of the live books. A backup that cannot be read says why.
 */
export function listBackups(live: Db, dataDir: string, key?: Buffer): BackupList {
  const current = readBooks(live);
  const folders = backupFolders(live, dataDir);
  const backups: BackupSummary[] = [];
  for (const [folder, dir] of [['backups', folders.backups], ['second', folders.second]] as const) {
    for (const fileName of filesIn(dir)) {
      const file = join(dir!, fileName);
      const st = statSync(file);
      const entry: BackupSummary = { id: `${folder}/${fileName}`, fileName, folder, kind: kindOf(fileName), madeAt: st.mtime.toISOString(), bytes: st.size, businessDate: null, lastSeq: null, dropped: null, problem: null, problemCode: null };
      try {
        const copy = inspect(file, key, current.officeCode, false);
        entry.businessDate = copy.books.businessDate;
        entry.lastSeq = copy.books.lastSeq;
        entry.dropped = withBackup(file, key, (db) => droppedAfter(live, sharedUpTo(live, db, current.lastSeq, copy.books.lastSeq)));
      } catch (err) {
        entry.problem = (err as Error).message;
        entry.problemCode = err instanceof BackupProblem ? err.code : 'unreadable';
      }
      backups.push(entry);
    }
  }
  backups.sort((a, b) => b.madeAt.localeCompare(a.madeAt) || b.fileName.localeCompare(a.fileName));
  return { current: { businessDate: current.businessDate, lastSeq: current.lastSeq, epoch: current.epoch }, backups, secondFolder: folders.second };
}

/** The file a backup's id names ("backups/<file>" or "second/<file>"), refused naming the field `file` otherwise. */
export function backupFileOf(live: Db, dataDir: string, id: string): string {
  const folders = backupFolders(live, dataDir);
  const slash = id.indexOf('/');
  const folder = slash > 0 ? id.slice(0, slash) : '';
  const name = id.slice(slash + 1);
  const dir = folder === 'backups' ? folders.backups : folder === 'second' ? folders.second : null;
  if (!dir || !isBackupName(name) || !existsSync(join(dir, name))) {
    throw new AppError('VALIDATION_FAILED', `There is no backup ${id}: choose one from the list`, [{ field: 'file', code: 'not_found', message: 'is not one of the backups listed' }]);
  }
  return join(dir, name);
}

// ---- the checks

/**
 * Opens a backup read-only and reads what it holds; `full`: SQLite's quick_check and every check of a full verify
 * too. Throws saying what is wrong (damaged, not a Branchbox database, another branch's).
 */
function inspect(file: string, key: Buffer | undefined, officeCode: string | null, full: boolean): { books: Books } {
  if (statSync(file).size === 0) throw new BackupProblem('empty', 'the file is empty (0 bytes)');
  return withBackup(file, key, (db) => {
    if (full) {
      const quick = db.prepare('PRAGMA quick_check').pluck().all() as string[];
      if (quick.length !== 1 || quick[0] !== 'ok') throw new BackupProblem('damaged', `it is damaged: ${quick.slice(0, 3).join('; ')}`);
    }
    const books = readBooks(db);
    if (officeCode && books.officeCode !== officeCode) throw new BackupProblem('other_branch', `it holds the books of branch ${books.officeCode}, not of this branch (${officeCode})`);
    if (full) {
      const v = verifyDatabase(db);
      if (!v.ok) throw new BackupProblem('fails_verify', `it does not pass verify: ${v.faults.slice(0, 3).join('; ')}`);
    }
    return { books };
  });
}

function refuseBackup(name: string, problem: BackupProblem): AppError {
  return new AppError('VALIDATION_FAILED', `The backup ${name} cannot be restored: ${problem.message}. Nothing was changed.`, [{ field: 'file', code: problem.code, message: problem.message }]);
}

/** Writes a file's bytes to the disk before it is renamed into place. */
function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The highest epoch the outbox's bundle files name (`<office>-<epoch>-<from>-<to>.bbx`): bundles already cut. */
function outboxEpoch(dataDir: string): number {
  const dir = join(dataDir, 'outbox');
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const f of readdirSync(dir)) {
    const m = /^[^-]+-(\d+)-\d+-\d+\.bbx$/.exec(f);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/**
 * The current books kept aside, before anything replaces them: a copy through SQLite's backup API, left a single
 * file and checked (quick_check, the audit chain). Books that cannot even be opened are copied as their files are.
 */
async function keepAside(req: RestoreRequest): Promise<{ file: string | null; faults: string[] }> {
  if (!existsSync(req.liveFile)) return { file: null, faults: [] };
  const dir = join(req.dataDir, 'backups');
  let db: Db;
  try {
    db = openDatabase(req.liveFile, req.key ? { key: req.key } : {});
  } catch (err) {
    // unreadable books are kept as they are, the file and its WAL side by side under the new name
    const stamp = req.now().toISOString().replace(/[:.]/g, '-');
    const file = join(dir, `branchbox-before-restore-${stamp}-unreadable.sqlite`);
    await copyFile(req.liveFile, file);
    if (existsSync(`${req.liveFile}-wal`)) await copyFile(`${req.liveFile}-wal`, `${file}-wal`);
    return { file, faults: [`the books could not be opened: ${(err as Error).message}`] };
  }
  let file: string;
  try {
    file = await backupDatabase(db, dir, 'before-restore', req.now());
  } finally {
    db.close();
  }
  // a single file (the backup API copies a WAL database's header); an encrypted copy keeps the key
  const single = openBackup(file, req.key, false);
  try {
    single.pragma('journal_mode = DELETE');
  } finally {
    single.close();
  }
  chmodSync(file, 0o600);
  try {
    await checkBackup(file, CHAIN_START, req.key);
    return { file, faults: [] };
  } catch (err) {
    return { file, faults: [(err as Error).message] };
  } finally {
    removeSidecars(file);
  }
}

/** The live file and its journals, in the order they are moved: the database first (see recoverInterruptedRestore). */
const LIVE_SET = ['', '-wal', '-journal'];

/**
 * Renames the live file and its WAL aside as a pair (`.replaced`), then the restored copy into place; a rename that
 * fails puts back what moved. Returns the pair's name.
 */
function putInPlace(liveFile: string, restoring: string): string {
  const replaced = `${liveFile}.replaced`;
  // a pair left by a restore that went through (its books were kept aside in backups/ before it)
  removeSidecars(replaced);
  rmSync(replaced, { force: true });
  const moved: [string, string][] = [];
  try {
    for (const s of LIVE_SET) {
      if (!existsSync(`${liveFile}${s}`)) continue;
      renameSync(`${liveFile}${s}`, `${replaced}${s}`);
      moved.push([`${liveFile}${s}`, `${replaced}${s}`]);
    }
    rmSync(`${liveFile}-shm`, { force: true });
    renameSync(restoring, liveFile);
  } catch (err) {
    for (const [from, to] of moved.reverse()) renameSync(to, from);
    throw err;
  }
  return replaced;
}

/** Undoes putInPlace: the restored file removed, the live pair back where it was. */
function putBack(liveFile: string, replaced: string): void {
  removeSidecars(liveFile);
  rmSync(liveFile, { force: true });
  for (const s of LIVE_SET) if (existsSync(`${replaced}${s}`)) renameSync(`${replaced}${s}`, `${liveFile}${s}`);
  rmSync(`${replaced}-shm`, { force: true });
}

/**
 * A restore cut short between its renames (a power cut) leaves no live file and the books as `.replaced` (with their
 * WAL): they are put back before anything opens the folder, instead of a new empty branch being made. Run when a core
 * starts and when a restore starts.
 */
export function recoverInterruptedRestore(liveFile: string): void {
  const replaced = `${liveFile}.replaced`;
  if (!existsSync(liveFile) && existsSync(replaced)) putBack(liveFile, replaced);
}

/**
 * The restore itself (see the top of this file); once it is recorded, the new chain head is anchored outside the
 * database (electron/core/anchor.ts, reason 'restore': the anchors accept the new epoch).
 */
export async function restoreBooks(req: RestoreRequest, live: LiveBooks): Promise<RestoreOutcome> {
  if (!existsSync(req.backupFile) || !statSync(req.backupFile).isFile()) throw refuseBackup(req.backupName, new BackupProblem('missing', 'there is no such file'));
  recoverInterruptedRestore(req.liveFile);
  // 1. the copy that will become the books, checked before anything changes
  const restoring = `${req.liveFile}.restoring`;
  removeSidecars(restoring);
  try {
    await copyFile(req.backupFile, restoring);
  } catch (err) {
    rmSync(restoring, { force: true });
    throw err;
  }
  let backup: Books;
  let liveBooks: Books | null = null;
  let dropped: DroppedWork | null = null;
  const carried: [string, string][] = [];
  const ownLive = live.db ? null : tryOpen(req.liveFile, req.key);
  try {
    const liveDb = live.db ?? ownLive;
    if (liveDb) {
      liveBooks = readBooks(liveDb);
      for (const k of CARRIED_SETTINGS) {
        const v = getSetting(liveDb, k);
        if (v) carried.push([k, v]);
      }
    }
    try {
      backup = inspect(restoring, req.key, liveBooks?.officeCode ?? null, true).books;
    } catch (err) {
      throw refuseBackup(req.backupName, err instanceof BackupProblem ? err : new BackupProblem('unreadable', (err as Error).message));
    }
    if (liveDb && liveBooks) dropped = withBackup(restoring, req.key, (db) => droppedAfter(liveDb, sharedUpTo(liveDb, db, liveBooks!.lastSeq, backup.lastSeq)));
    removeSidecars(restoring);
    syncFile(restoring);
  } catch (err) {
    removeSidecars(restoring);
    rmSync(restoring, { force: true });
    throw err;
  } finally {
    ownLive?.close();
  }

  // 2-4. the live books closed, kept aside, replaced
  live.close();
  let aside: { file: string | null; faults: string[] };
  let replaced: string;
  try {
    aside = await keepAside(req);
    replaced = putInPlace(req.liveFile, restoring);
    chmodSync(req.liveFile, 0o600);
  } catch (err) {
    rmSync(restoring, { force: true });
    await live.resume();
    throw err;
  }

  // 5. the restored books opened (the old pair put back if they cannot be) and the restore recorded
  let db: Db;
  try {
    db = await live.reopen();
  } catch (err) {
    putBack(req.liveFile, replaced);
    await live.resume();
    throw new AppError('INVALID_STATE', `The restored books could not be opened (${(err as Error).message}): the books are as they were before`, undefined, { reason: 'RESTORE_FAILED' });
  }
  removeSidecars(replaced);
  rmSync(replaced, { force: true });

  const epoch = Math.max(liveBooks?.epoch ?? 0, backup.epoch, outboxEpoch(req.dataDir)) + 1;
  const recordedAt = req.now().toISOString();
  const input = {
    from: req.backupName,
    via: req.by.via,
    ...(req.by.computerUser ? { computerUser: req.by.computerUser } : {}),
    backup: { businessDate: backup.businessDate, lastSeq: backup.lastSeq, bytes: statSync(req.liveFile).size },
    dropped,
    keptAside: aside.file ? basename(aside.file) : null,
    keptAsideFaults: aside.faults,
    previousEpoch: liveBooks?.epoch ?? null,
    epoch,
    carriedSettings: carried.map(([k]) => k),
  };
  recordAsCommand(
    db,
    () => {
      setSetting(db, EPOCH_SETTING, String(epoch));
      for (const [k, v] of carried) setSetting(db, k, v);
    },
    () => ({ officeCode: backup.officeCode, operation: 'backups.restore', userId: req.by.userId, username: req.by.username, businessDate: businessDate(db), recordedAt, input, entityIds: [] }),
  );
  const recordedAs = db.prepare('SELECT max(seq) FROM command_log').pluck().get() as number;
  // the books are restored and the restore recorded whatever happens here: an anchor that cannot be written is told
  let anchorProblem: string | null = null;
  try {
    await writeAnchor(db, req.dataDir, 'restore', req.now());
  } catch (err) {
    anchorProblem = (err as Error).message;
  }
  return { restoredFrom: req.backupName, keptAside: aside.file, keptAsideFaults: aside.faults, businessDate: businessDate(db), lastSeq: recordedAs, dropped, epoch, recordedAs, anchorProblem };
}

function tryOpen(file: string, key: Buffer | undefined): Db | null {
  if (!existsSync(file)) return null;
  try {
    return openBackup(file, key);
  } catch {
    return null;
  }
}
