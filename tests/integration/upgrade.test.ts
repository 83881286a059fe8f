import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE, openCore } from '../../electron/core';
import { openDatabase } from '../../electron/core/db/connection';
import type { MigrationFile } from '../../electron/core/db/migrate';
import { newestBackup, openFailureMessage } from '../../electron/main/dataFolder';
import { Caller, SETUP_INPUT, snapshot, tempDir } from '../support/core';

/**
 * Upgrading in place, through openCore as the desktop app starts (migrations.test.ts covers migrate() itself):
 * a "newer version" is the same core with extra migration files. On first start it backs the database up, then
 * migrates; when a migration fails, the database file is left byte for byte as it was, the backup holds the same
 * data, the older version still opens the file, and the message the desktop app shows names that backup.
 */
const newer = vi.hoisted(() => ({ files: [] as Array<{ name: string; sql: string }> }));

vi.mock('../../electron/core/db/migrate', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/core/db/migrate')>();
  const files = (): MigrationFile[] => {
    const base = real.loadMigrations();
    return [
      ...base,
      ...newer.files.map((f, i) => ({ version: base.length + 1 + i, name: f.name, sql: f.sql, checksum: `test-${f.name}` })),
    ];
  };
  return { ...real, migrate: (db: Parameters<typeof real.migrate>[0], options: Parameters<typeof real.migrate>[1] = {}) => real.migrate(db, { ...options, files: files() }) };
});

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A branch made by the "installed" version, closed as the app closes. */
async function installedBranch(): Promise<{ dir: string; before: string; versions: number }> {
  newer.files = [];
  const dir = tempDir('branchbox-upgrade-');
  const core = await openCore({ dataDir: dir });
  const admin = new Caller(core);
  await admin.ok('setup.initialize', SETUP_INPUT);
  const before = snapshot(core);
  const versions = (core.db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n;
  core.close();
  return { dir, before, versions };
}

function backupsOf(dir: string): string[] {
  const b = join(dir, 'backups');
  // the copies (the anchor file of the audit chain lives beside them)
  return existsSync(b) ? readdirSync(b).filter((f) => f.endsWith('.sqlite')).map((f) => join(b, f)) : [];
}

describe('first start of a newer version', () => {
  it('backs the database up, then applies the new migrations, keeping the data', async () => {
    const { dir, before } = await installedBranch();
    newer.files = [{ name: 'add_notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);' }];
    const core = await openCore({ dataDir: dir });
    expect(core.migration.applied).toHaveLength(1);
    expect(core.migration.backupFile).not.toBeNull();
    expect(backupsOf(dir)).toEqual([core.migration.backupFile]);
    expect(JSON.parse(snapshot(core)).organisation).toEqual(JSON.parse(before).organisation);
    core.close();
    const copy = openDatabase(backupsOf(dir)[0]!, { readonly: true });
    expect(copy.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toBeUndefined();
    copy.close();
  });

  it('when a migration fails: the database file is untouched, the backup holds the data, the old version still opens it', async () => {
    const { dir, before, versions } = await installedBranch();
    const file = join(dir, DATABASE_FILE);
    const hash = sha256(file);
    newer.files = [
      { name: 'good', sql: "CREATE TABLE t1 (x); INSERT INTO t1 VALUES (1); UPDATE organisation SET name = 'changed';" },
      { name: 'bad', sql: 'CREATE TABLE t2 (x); SELECT * FROM missing_table;' },
    ];
    const failure = await openCore({ dataDir: dir }).then(
      () => null,
      (err: Error) => err,
    );
    expect(failure?.message).toMatch(new RegExp(`migration ${String(versions + 2).padStart(4, '0')}_bad failed`));

    // The file itself, byte for byte (the core closed it; nothing is left in a -wal beside it).
    expect(sha256(file)).toBe(hash);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);

    // The backup made before migrating holds the same data.
    const backups = backupsOf(dir);
    expect(backups).toHaveLength(1);
    const copy = openDatabase(backups[0]!, { readonly: true });
    expect((copy.prepare('SELECT name FROM organisation').get() as { name: string }).name).toBe('Umoja Microfinance');
    expect((copy.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(versions);
    copy.close();

    // What the desktop app shows (main.ts): the reason, "not changed", and this backup.
    const message = openFailureMessage(failure!.message, dir, newestBackup(dir));
    expect(message).toContain('Your data was not changed');
    expect(message).toContain(backups[0]!);

    // The installed version opens the file as it left it: nothing to apply, the same rows.
    newer.files = [];
    const old = await openCore({ dataDir: dir });
    expect(old.migration.applied).toEqual([]);
    expect(snapshot(old)).toBe(before);
    old.close();
  });
});
