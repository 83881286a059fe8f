import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db/connection';

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
