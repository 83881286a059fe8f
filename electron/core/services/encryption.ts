import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { PASSPHRASE_MIN_LENGTH, type EncryptionStatus } from '../../../shared/contract/settings';
import { AppError } from '../../../shared/errors';
import { backupDatabase, checkBackup } from '../backup';
import { encryptFile, encryptInPlace, keyOf, type Db } from '../db/connection';
import { checkPassphrase, isEncryptedFile, makeDatabaseKey, storedWrappings, type KeyWrapper } from '../keys/database';

/**
 * Encryption at rest of a branch's database (issue 14, point 4): offered at setup, or turned on later by the
 * administrator. The key is made and sealed (keys/database.ts) before a single page is encrypted with it.
 */
export function encryptionStatus(db: Db, dataDir: string | null): EncryptionStatus {
  const inMemory = dataDir === null || db.memory;
  const encrypted = keyOf(db) !== undefined;
  const kept = encrypted && !inMemory ? storedWrappings(dataDir) : { passphrase: false, system: false };
  return { encrypted, inMemory, recoveryPassphrase: kept.passphrase, systemKeeps: kept.system, passphraseMinLength: PASSPHRASE_MIN_LENGTH };
}

export interface TurnedOn {
  /** The checked plain backup made first (encrypted afterwards with the others); null when none was needed. */
  backup: string | null;
  /** Backups of the folder encrypted with the same key; those that could not be (damaged) are named. */
  backupsEncrypted: number;
  backupsLeftPlain: string[];
}

/**
 * Encrypts the plain database of `dataDir` in place: a backup first (checked: quick_check and the audit chain) when
 * `backupFirst`, then a new key sealed by the passphrase (and the system's wrapper, desktop app), then the file
 * encrypted, then every backup kept in backups/ encrypted with the same key (a plain copy of the data must not
 * stay beside it).
 */
export async function turnOnEncryption(
  db: Db,
  dataDir: string | null,
  passphrase: string,
  options: { wrapper?: KeyWrapper; now: Date; backupFirst: boolean },
): Promise<TurnedOn> {
  if (keyOf(db)) throw new AppError('INVALID_STATE', "This branch's data is encrypted already");
  if (dataDir === null || db.memory) throw new AppError('INVALID_STATE', 'This branch is kept in memory: there is no file to encrypt');
  checkPassphrase(passphrase);
  let backup: string | null = null;
  if (options.backupFirst) {
    backup = await backupDatabase(db, join(dataDir, 'backups'), 'before-encryption', options.now);
    try {
      await checkBackup(backup);
    } catch (err) {
      throw new AppError('INVALID_STATE', `The backup made before encrypting is not sound, so nothing was changed: ${(err as Error).message}`);
    }
  }
  const key = await makeDatabaseKey(dataDir, passphrase, options.wrapper);
  try {
    encryptInPlace(db, key);
  } catch (err) {
    throw new AppError('INVALID_STATE', `The database could not be encrypted, and is unchanged: ${(err as Error).message}`);
  }
  return { backup, ...encryptBackups(join(dataDir, 'backups'), key) };
}

/** Encrypts in place, with `key`, every plain backup (*.sqlite) of a folder; damaged ones are left and named. */
export function encryptBackups(dir: string, key: Buffer): { backupsEncrypted: number; backupsLeftPlain: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.sqlite'));
  } catch {
    return { backupsEncrypted: 0, backupsLeftPlain: [] };
  }
  let backupsEncrypted = 0;
  const backupsLeftPlain: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (statSync(file).size === 0 || isEncryptedFile(file)) continue;
    const copy = new Database(file, { fileMustExist: true });
    try {
      encryptFile(copy as unknown as Db, key);
      backupsEncrypted += 1;
    } catch {
      backupsLeftPlain.push(name);
    } finally {
      copy.close();
    }
  }
  return { backupsEncrypted, backupsLeftPlain };
}

