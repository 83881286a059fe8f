import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PASSPHRASE_MIN_LENGTH } from '../../../shared/contract/settings';
import { AppError } from '../../../shared/errors';
import { sodiumReady } from '../security/sodium';
import { keyFolderOf, writeSecretFile } from './index';

/**
 * The database key (issue 14, point 4): one random 32-byte key encrypts the branch's SQLite file at rest (SQLite3
 * Multiple Ciphers, chacha20). The key itself is never stored as such; it is kept in the key folder (never the data
 * folder) wrapped twice:
 * - by the recovery passphrase the manager sets (libsodium's crypto_pwhash, argon2id, stretches it into a key that
 *   seals the database key with crypto_secretbox; the parameters are stored beside the sealed key), which the
 *   browser host and the command line use;
 * - by the operating system in the desktop app (Electron's safeStorage: DPAPI, Keychain, libsecret), through a
 *   `KeyWrapper` the desktop host gives the core, so that the core never imports Electron.
 * A key file holding the raw key (64 hex digits) opens the database too (`--key-file`).
 */
export const DATABASE_KEY_FILE = 'database-key.json';
/**
 * Beside the backups (and copied with them to the second backup folder): the key sealed by the recovery passphrase
 * alone, so that a PC lost with its key folder does not take the books with it: the backups, this file and the
 * passphrase open them on another PC (`branchbox restore --from FILE --passphrase-file ...`). Without the passphrase
 * it is of no use (argon2id); the system's wrapping, tied to this PC's account, is never written here.
 */
export const RECOVERY_KEY_FILE = 'branchbox-recovery-key.json';

/** Wraps and unwraps the database key with a secret the operating system keeps for the signed-in user. */
export interface KeyWrapper {
  /** Said in the key folder's file: which wrapping it is ("electron-safeStorage"). */
  readonly name: string;
  wrap(key: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
}

/** The ways a host may open an encrypted branch; the first that is given is used (key file, passphrase, system). */
export interface Unlock {
  passphrase?: string;
  /** A file holding the raw database key as 64 hex digits. */
  keyFile?: string;
  /** The operating system's wrapping (desktop app). */
  system?: KeyWrapper;
}

interface PassphraseWrapping {
  kdf: 'argon2id13';
  opslimit: number;
  memlimit: number;
  salt: string;
  nonce: string;
  sealed: string;
}

interface StoredKey {
  format: 1;
  cipher: 'chacha20';
  passphrase?: PassphraseWrapping;
  system?: { by: string; wrapped: string };
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Whether a database file is encrypted: it has content and does not start with SQLite's header. A missing or empty
 * file is not (it is a new branch, or a damaged one the opener refuses).
 */
export function isEncryptedFile(file: string): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return !head.equals(SQLITE_HEADER);
}

function storedKeyFile(dataDir: string): string {
  return join(keyFolderOf(dataDir), DATABASE_KEY_FILE);
}

function readStoredKey(dataDir: string): StoredKey | null {
  const file = storedKeyFile(dataDir);
  if (!existsSync(file)) return null;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  if (stored.format !== 1) throw new Error(`${file} is of a format this version does not know`);
  return stored;
}

function writeStoredKey(dataDir: string, stored: StoredKey): void {
  writeSecretFile(storedKeyFile(dataDir), `${JSON.stringify(stored, null, 2)}\n`);
  if (stored.passphrase) {
    const recovery: StoredKey = { format: 1, cipher: stored.cipher, passphrase: stored.passphrase };
    writeSecretFile(join(dataDir, 'backups', RECOVERY_KEY_FILE), `${JSON.stringify(recovery, null, 2)}\n`);
  }
}

/** The passphrase's sealing of the key kept beside a backup (or beside this data folder's backups), if any. */
function recoveryWrapping(databaseFile: string, dataDir: string): PassphraseWrapping | null {
  for (const file of [join(dirname(databaseFile), RECOVERY_KEY_FILE), join(dataDir, 'backups', RECOVERY_KEY_FILE)]) {
    if (!existsSync(file)) continue;
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    if (stored.format === 1 && stored.passphrase) return stored.passphrase;
  }
  return null;
}

/** What the key folder holds for a data folder's database: which wrappings of its key. */
export function storedWrappings(dataDir: string): { passphrase: boolean; system: boolean } {
  const stored = readStoredKey(dataDir);
  return { passphrase: stored?.passphrase !== undefined, system: stored?.system !== undefined };
}

/** Refuses a recovery passphrase too short to resist guessing, naming the field. */
export function checkPassphrase(passphrase: string, field = 'passphrase'): void {
  if ([...passphrase].length < PASSPHRASE_MIN_LENGTH) {
    throw new AppError('VALIDATION_FAILED', `The recovery passphrase must be at least ${PASSPHRASE_MIN_LENGTH} characters`, [
      { field, code: 'too_small', message: `must be at least ${PASSPHRASE_MIN_LENGTH} characters`, params: { minimum: PASSPHRASE_MIN_LENGTH } },
    ]);
  }
}

async function sealWithPassphrase(key: Buffer, passphrase: string): Promise<PassphraseWrapping> {
  const s = await sodiumReady();
  const salt = s.randombytes_buf(s.crypto_pwhash_SALTBYTES);
  const opslimit = s.crypto_pwhash_OPSLIMIT_MODERATE;
  const memlimit = s.crypto_pwhash_MEMLIMIT_MODERATE;
  const kek = s.crypto_pwhash(s.crypto_secretbox_KEYBYTES, passphrase.normalize('NFC'), salt, opslimit, memlimit, s.crypto_pwhash_ALG_ARGON2ID13);
  const nonce = s.randombytes_buf(s.crypto_secretbox_NONCEBYTES);
  const sealed = s.crypto_secretbox_easy(key, nonce, kek);
  s.memzero(kek);
  const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
  return { kdf: 'argon2id13', opslimit, memlimit, salt: b64(salt), nonce: b64(nonce), sealed: b64(sealed) };
}

/** The database key from its passphrase wrapping, or null when the passphrase is not the one it was sealed with. */
async function openWithPassphrase(wrapping: PassphraseWrapping, passphrase: string): Promise<Buffer | null> {
  if (wrapping.kdf !== 'argon2id13') throw new Error(`unknown key derivation ${String(wrapping.kdf)}`);
  const s = await sodiumReady();
  const bytes = (t: string): Uint8Array => new Uint8Array(Buffer.from(t, 'base64'));
  const kek = s.crypto_pwhash(s.crypto_secretbox_KEYBYTES, passphrase.normalize('NFC'), bytes(wrapping.salt), wrapping.opslimit, wrapping.memlimit, s.crypto_pwhash_ALG_ARGON2ID13);
  try {
    return Buffer.from(s.crypto_secretbox_open_easy(bytes(wrapping.sealed), bytes(wrapping.nonce), kek));
  } catch {
    return null;
  } finally {
    s.memzero(kek);
  }
}

/**
 * A new random database key for the data folder, sealed by the passphrase (and by the system's wrapper when one is
 * given) into the key folder, before any page is encrypted with it: the key is never lost half-way.
 */
export async function makeDatabaseKey(dataDir: string, passphrase: string, system?: KeyWrapper): Promise<Buffer> {
  checkPassphrase(passphrase);
  const key = randomBytes(32);
  const stored: StoredKey = { format: 1, cipher: 'chacha20', passphrase: await sealWithPassphrase(key, passphrase) };
  if (system) stored.system = { by: system.name, wrapped: system.wrap(key).toString('base64') };
  writeStoredKey(dataDir, stored);
  return key;
}

/** Adds the system's wrapping of a key opened another way (a branch encrypted in the browser host, now on the desktop). */
export function addSystemWrapping(dataDir: string, key: Buffer, system: KeyWrapper): void {
  const stored = readStoredKey(dataDir);
  if (!stored || stored.system) return;
  writeStoredKey(dataDir, { ...stored, system: { by: system.name, wrapped: system.wrap(key).toString('base64') } });
}

/** Reads a key file: the raw database key as 64 hex digits (whitespace around it ignored). */
export function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `The key file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, [
      { field: 'keyFile', code: 'unreadable', message: 'cannot be read' },
    ]);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new AppError('VALIDATION_FAILED', `The key file ${file} does not hold a database key (64 hexadecimal digits)`, [
      { field: 'keyFile', code: 'not_a_key', message: 'does not hold a database key' },
    ]);
  }
  return Buffer.from(text, 'hex');
}

/** The text of a key file for `key` (`--key-file`): keep it offline, like the passphrase. */
export function keyFileText(key: Buffer): string {
  return `${key.toString('hex')}\n`;
}

export const ENCRYPTED_NO_UNLOCK =
  "This branch's database is encrypted: its recovery passphrase (or its key file) is needed to open it.";

/**
 * The key that opens the database of `dataDir` (issue 14, point 4), or null when the database is not encrypted (or
 * not made yet): the one function every host and command asks (serve, verify, backup, restore, migrate, export ...).
 * Throws a clear error naming the field when the database is encrypted and no way to open it was given, when the
 * passphrase is wrong, or when this PC's key folder holds no sealed key for it.
 */
export async function databaseKeyFor(dataDir: string, unlock: Unlock = {}, databaseFile = join(dataDir, 'branchbox.sqlite')): Promise<Buffer | null> {
  if (!isEncryptedFile(databaseFile)) return null;
  if (unlock.keyFile) return readKeyFile(unlock.keyFile);
  const stored = readStoredKey(dataDir);
  if (unlock.passphrase !== undefined) {
    // this PC's key folder, else the recovery file beside the backup (a PC replaced: restore from the USB stick)
    const wrapping = stored?.passphrase ?? recoveryWrapping(databaseFile, dataDir);
    if (!wrapping) {
      throw new AppError(
        'VALIDATION_FAILED',
        `This PC's key folder (${keyFolderOf(dataDir)}) holds no sealed key for this branch's database, and there is no ${RECOVERY_KEY_FILE} beside it: open it with its key file instead`,
        [{ field: 'passphrase', code: 'no_sealed_key', message: 'has no sealed key to open on this PC' }],
      );
    }
    const key = await openWithPassphrase(wrapping, unlock.passphrase);
    if (!key) throw new AppError('VALIDATION_FAILED', 'The recovery passphrase is not the one this branch was encrypted with', [{ field: 'passphrase', code: 'wrong_passphrase', message: 'is not the right passphrase' }]);
    // opened from the recovery file: this PC keeps the sealed key from now on, so the passphrase opens it next time
    if (!stored) writeStoredKey(dataDir, { format: 1, cipher: 'chacha20', passphrase: wrapping });
    return key;
  }
  if (unlock.system && stored?.system) {
    try {
      return unlock.system.unwrap(Buffer.from(stored.system.wrapped, 'base64'));
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', `The operating system could not unwrap this branch's database key (${(err as Error).message}): open it with its recovery passphrase`, [
        { field: 'passphrase', code: 'required', message: 'is needed' },
      ]);
    }
  }
  throw new AppError('VALIDATION_FAILED', ENCRYPTED_NO_UNLOCK, [{ field: 'passphrase', code: 'required', message: 'is needed to open the encrypted database' }]);
}
