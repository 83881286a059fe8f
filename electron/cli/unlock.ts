import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { databaseKeyFor, type Unlock } from '../core/keys/database';
import { stringFlag, UsageError, type ParsedArgs } from './args';

/**
 * How a command opens an encrypted branch (issue 14, point 4): `--key-file FILE` (the raw key), else
 * `--passphrase-file FILE` or the BRANCHBOX_PASSPHRASE variable (the recovery passphrase). A plain branch needs none.
 */
export function unlockOf(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Unlock {
  const keyFile = stringFlag(args, 'key-file');
  const passphraseFile = stringFlag(args, 'passphrase-file');
  if (keyFile && passphraseFile) throw new UsageError('Give --key-file or --passphrase-file, not both');
  if (keyFile) return { keyFile: resolve(keyFile) };
  if (passphraseFile) return { passphrase: readPassphraseFile(resolve(passphraseFile)) };
  if (env.BRANCHBOX_PASSPHRASE) return { passphrase: env.BRANCHBOX_PASSPHRASE };
  return {};
}

/** The passphrase file's text without the line ending an editor adds (spaces inside and around are kept). */
function readPassphraseFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`The passphrase file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new UsageError(`The passphrase file ${file} is empty`);
  return passphrase;
}

/**
 * The database key of a data folder for this command's flags; undefined for a plain branch. `databaseFile`: the file
 * to open when it is not the data folder's own (a backup restored onto a PC whose books are plain or not made yet).
 */
export async function keyForCommand(dataDir: string, args: ParsedArgs, databaseFile?: string): Promise<Buffer | undefined> {
  return (await databaseKeyFor(dataDir, unlockOf(args), databaseFile)) ?? undefined;
}

/** What to add under an error about opening an encrypted database: how to give its passphrase or key. */
export function unlockHint(err: unknown): string | null {
  if (!(err instanceof AppError) || !err.fields?.some((f) => f.field === 'passphrase' || f.field === 'keyFile')) return null;
  return 'Give its recovery passphrase with --passphrase-file FILE (or the BRANCHBOX_PASSPHRASE variable), or its key file with --key-file FILE.';
}
