import Database from 'better-sqlite3-multiple-ciphers';

export type Db = Database.Database;

/** The pragmas every Branchbox connection runs with (ARCHITECTURE.md section 4); each is read back. */
const REQUIRED = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a posted repayment survives a power cut
  foreign_keys: 1,
  trusted_schema: 0,
} as const;

export const BUSY_TIMEOUT_MS = 5000;
/** The page cache of a connection, in KiB. */
export const CACHE_KIB = 65_536;

export class DatabaseSetupError extends Error {}

/**
 * Opens (creating if needed) the SQLite file and applies the pragmas. Refuses to run when one of them did not
 * take effect, e.g. WAL on a file system that cannot hold it: better to stop than to lose postings silently.
 */
export interface OpenOptions {
  readonly?: boolean;
  /** The database's 32-byte key when it is encrypted at rest (SQLite3 Multiple Ciphers); absent for a plain file. */
  key?: Buffer;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    // the key must be the first thing the connection is told; a wrong key shows on the first read
    if (options.key) tellKey(db, options.key);
    firstRead(db, file, options.key !== undefined);
    if (options.key) keys.set(db, options.key);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('trusted_schema = OFF');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // 64 MiB of page cache (SQLite's default is 2 MiB): on a big branch the pages the reports, the dashboard and
    // day-end read again and again (the loans, their kept figures, the indexes) stay decrypted in memory
    db.pragma(`cache_size = ${-CACHE_KIB}`);
    checkPragmas(db, file === ':memory:' || options.readonly === true);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function checkPragmas(db: Db, allowNonWal = false): void {
  const read = (name: string): unknown => db.pragma(name, { simple: true });
  const mode = String(read('journal_mode')).toLowerCase();
  if (mode !== REQUIRED.journal_mode && !allowNonWal) {
    throw new DatabaseSetupError(`journal_mode is ${mode}, Branchbox needs wal`);
  }
  for (const name of ['synchronous', 'foreign_keys', 'trusted_schema'] as const) {
    const value = Number(read(name));
    if (value !== REQUIRED[name]) {
      throw new DatabaseSetupError(`${name} is ${value}, Branchbox needs ${REQUIRED[name]}`);
    }
  }
  const busy = Number(read('busy_timeout'));
  if (busy < 1) throw new DatabaseSetupError('busy_timeout is not set');
}

/** The cipher every encrypted Branchbox database uses, named rather than left to the library's default. */
export const CIPHER = 'chacha20';

/** The keys of the encrypted connections this process opened (backups made from a connection use the same). */
const keys = new WeakMap<Db, Buffer>();

/** The key `db` was opened (or encrypted) with; undefined for a plain database. */
export function keyOf(db: Db): Buffer | undefined {
  return keys.get(db);
}

/** Tells a fresh connection its database key (SQLite3 Multiple Ciphers); nothing may be read before. */
export function tellKey(db: Db, key: Buffer): void {
  if (key.length !== 32) throw new DatabaseSetupError('a database key is 32 bytes');
  db.pragma(`cipher = '${CIPHER}'`);
  db.pragma(`hexkey = '${key.toString('hex')}'`);
}

/**
 * The first read, which shows whether the key opens the file. SQLite says only "file is not a database" for a wrong
 * key, a missing one or a damaged file: say which, in words a manager understands.
 */
function firstRead(db: Db, file: string, keyed: boolean): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_NOTADB') throw err;
    throw new DatabaseSetupError(
      keyed
        ? `The key given does not open ${file}: it is not this database's key (or the file is not a Branchbox database)`
        : `${file} cannot be read: it is encrypted (its passphrase or key file is needed) or it is not a Branchbox database`,
    );
  }
}

/**
 * Encrypts a plain database in place with `key` (SQLite3 Multiple Ciphers' rekey, which rewrites every page in one
 * journalled transaction: after a crash the file is whole, plain or encrypted). Rekey does not work in WAL mode: the
 * journal goes to DELETE around it (which also folds the WAL into the file) and back to WAL, and the pragmas are
 * checked again. Needs the only connection to the file.
 */
export function encryptInPlace(db: Db, key: Buffer): void {
  encryptFile(db, key);
  checkPragmas(db, db.memory);
}

/** The same for a copy (a backup), whose pragmas are not a live connection's. */
export function encryptFile(db: Db, key: Buffer): void {
  if (keys.has(db)) throw new DatabaseSetupError('the database is encrypted already');
  if (key.length !== 32) throw new DatabaseSetupError('a database key is 32 bytes');
  const wal = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
  if (wal && String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase() !== 'delete') {
    throw new DatabaseSetupError('the database is in use by another program (it could not leave WAL mode): close it and try again');
  }
  try {
    db.pragma(`cipher = '${CIPHER}'`);
    db.pragma(`hexrekey = '${key.toString('hex')}'`);
    keys.set(db, key);
  } finally {
    if (wal) db.pragma('journal_mode = WAL');
  }
}
