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
    if (options.key) db.pragma(`hexkey = '${options.key.toString('hex')}'`);
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('trusted_schema = OFF');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
