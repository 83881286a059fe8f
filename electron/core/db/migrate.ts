import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from './connection';

/**
 * Migrations are numbered SQL files (NNNN_name.sql), frozen once landed. Each is recorded with its checksum in
 * schema_migrations. The runner refuses a database whose recorded history is not a prefix of the files (a
 * database from a newer or diverged build), backs the file up before applying pending migrations, and applies
 * all pending ones in one transaction, so a failure leaves the database exactly as it was.
 */
export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Finds the migrations folder both when running from TypeScript sources and from the compiled out/ tree. */
export function migrationsDir(): string {
  const beside = join(__dirname, 'migrations');
  if (existsSync(beside) && readdirSync(beside).some((f) => f.endsWith('.sql'))) return beside;
  // compiled: out/node/electron/core/db -> <root>/electron/core/db/migrations
  return resolve(__dirname, '../../../../../electron/core/db/migrations');
}

export function loadMigrations(dir: string = migrationsDir()): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort();
  return files.map((f, i) => {
    const m = FILE.exec(f)!;
    const version = Number(m[1]);
    if (version !== i + 1) throw new MigrationError(`migration numbers must run 0001, 0002 ... without gaps: ${f}`);
    const sql = readFileSync(join(dir, f), 'utf8');
    return { version, name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

interface Recorded {
  version: number;
  name: string;
  checksum: string;
}

export interface MigrationPlan {
  applied: Recorded[];
  pending: MigrationFile[];
}

export function planMigrations(db: Db, files: MigrationFile[]): MigrationPlan {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as Recorded[];
  if (applied.length > files.length) {
    throw new MigrationError(
      `this database was migrated by a newer Branchbox (migration ${applied[applied.length - 1]!.version}); ` +
        `this program knows ${files.length}. Install the newer version.`,
    );
  }
  applied.forEach((rec, i) => {
    const file = files[i]!;
    if (rec.version !== file.version || rec.name !== file.name || rec.checksum !== file.checksum) {
      throw new MigrationError(
        `migration history diverges at ${String(rec.version).padStart(4, '0')}_${rec.name}: ` +
          'the database was not made by this build of Branchbox',
      );
    }
  });
  return { applied, pending: files.slice(applied.length) };
}

export interface MigrateResult {
  applied: number[];
  backupFile: string | null;
}

/**
 * Applies pending migrations. `backup` is called first when the database already holds data (some migration
 * already applied); it must produce a consistent copy (SQLite's backup API).
 */
export async function migrate(
  db: Db,
  options: { files?: MigrationFile[]; backup?: () => Promise<string> } = {},
): Promise<MigrateResult> {
  const files = options.files ?? loadMigrations();
  const plan = planMigrations(db, files);
  if (plan.pending.length === 0) return { applied: [], backupFile: null };
  let backupFile: string | null = null;
  if (plan.applied.length > 0 && options.backup) backupFile = await options.backup();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const applyAll = db.transaction(() => {
    for (const m of plan.pending) {
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new MigrationError(`migration ${String(m.version).padStart(4, '0')}_${m.name} failed: ${(err as Error).message}`);
      }
      record.run(m.version, m.name, m.checksum, new Date().toISOString());
    }
  });
  applyAll();
  return { applied: plan.pending.map((m) => m.version), backupFile };
}
