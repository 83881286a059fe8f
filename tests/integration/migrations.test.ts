import { existsSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { backupDatabase } from '../../electron/core/backup';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, DATABASE_FILE } from '../../electron/core';
import { openDatabase, checkPragmas, DatabaseSetupError } from '../../electron/core/db/connection';
import { loadMigrations, migrate, migrationsDir, MigrationError } from '../../electron/core/db/migrate';
import { Caller, SETUP_INPUT, tempDir, snapshot } from '../support/core';

function copyMigrations(extra: Record<string, string> = {}): string {
  const dir = tempDir('branchbox-mig-');
  for (const f of readdirSync(migrationsDir())) copyFileSync(join(migrationsDir(), f), join(dir, f));
  for (const [name, sql] of Object.entries(extra)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe('database and migrations', () => {
  it('opens with WAL, synchronous=FULL, foreign keys on, trusted_schema off and a busy timeout', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'x.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    db.pragma('synchronous = NORMAL');
    expect(() => checkPragmas(db)).toThrow(DatabaseSetupError);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = OFF');
    expect(() => checkPragmas(db)).toThrow(/foreign_keys/);
    db.close();
  });

  it('applies every migration to a fresh database and records its checksum', async () => {
    const dir = tempDir();
    const core = await openCore({ dataDir: dir });
    const files = loadMigrations();
    expect(core.migration.applied).toEqual(files.map((f) => f.version));
    expect(core.migration.backupFile).toBeNull(); // nothing to back up on a fresh database
    const rows = core.db.prepare('SELECT version, checksum FROM schema_migrations').all();
    expect(rows).toEqual(files.map((f) => ({ version: f.version, checksum: f.checksum })));
    core.close();
    const again = await openCore({ dataDir: dir });
    expect(again.migration.applied).toEqual([]);
    again.close();
  });

  it('backs the database up before applying a pending migration, and keeps the data', async () => {
    const dir = tempDir();
    const core = await openCore({ dataDir: dir });
    await new Caller(core).ok('setup.initialize', SETUP_INPUT);
    const before = snapshot(core);
    const files = loadMigrations();
    const next = { version: files.length + 1, name: 'add_note', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);', checksum: 'x1' };
    const result = await migrate(core.db, {
      files: [...files, next],
      backup: () => backupDatabase(core.db, join(dir, 'backups'), 'before-migration', new Date()),
    });
    expect(result.applied).toEqual([next.version]);
    expect(result.backupFile).not.toBeNull();
    expect(existsSync(result.backupFile!)).toBe(true);
    const copy = openDatabase(result.backupFile!, { readonly: true });
    expect((copy.prepare('SELECT name FROM organisation').get() as { name: string }).name).toBe('Umoja Microfinance');
    expect(copy.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toBeUndefined();
    copy.close();
    expect(JSON.parse(snapshot(core)).organisation).toEqual(JSON.parse(before).organisation);
    core.close();
  });

  it('refuses a database whose history diverges from the files', async () => {
    const dir = tempDir();
    (await openCore({ dataDir: dir })).close();
    const db = openDatabase(join(dir, DATABASE_FILE));
    const files = loadMigrations();
    const edited = files.map((f, i) => (i === 0 ? { ...f, sql: `${f.sql}\n-- edited`, checksum: 'different' } : f));
    await expect(migrate(db, { files: edited })).rejects.toThrow(MigrationError);
    await expect(migrate(db, { files: edited })).rejects.toThrow(/diverges at 0001_init/);
    db.close();
  });

  it('refuses a database made by a newer Branchbox', async () => {
    const dir = tempDir();
    (await openCore({ dataDir: dir })).close();
    const db = openDatabase(join(dir, DATABASE_FILE));
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x', '2030-01-01')").run();
    await expect(migrate(db)).rejects.toThrow(/newer Branchbox/);
    db.close();
    await expect(openCore({ dataDir: dir })).rejects.toThrow(/newer Branchbox/);
  });

  it('leaves the database untouched when a pending migration fails', async () => {
    const dir = tempDir();
    const core = await openCore({ dataDir: dir });
    await new Caller(core).ok('setup.initialize', SETUP_INPUT);
    const before = snapshot(core);
    const base = loadMigrations();
    const good = { version: base.length + 1, name: 'good', sql: 'CREATE TABLE t1 (x);', checksum: 'a' };
    const bad = { version: base.length + 2, name: 'bad', sql: 'CREATE TABLE t2 (x); SELECT * FROM missing_table;', checksum: 'b' };
    await expect(migrate(core.db, { files: [...base, good, bad] })).rejects.toThrow(new RegExp(`${String(bad.version).padStart(4, '0')}_bad failed`));
    expect(snapshot(core)).toBe(before);
    expect(core.db.prepare("SELECT name FROM sqlite_master WHERE name IN ('t1','t2')").all()).toEqual([]);
    core.close();
  });

  it('needs migration files numbered without gaps', () => {
    const skipped = String(loadMigrations().length + 2).padStart(4, '0');
    const dir = copyMigrations({ [`${skipped}_skipped.sql`]: 'SELECT 1;' });
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });
});
