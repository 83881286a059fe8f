import { captureTriggers } from '../db/capture';
import type { Db } from '../db/connection';
import { loadMigrations } from '../db/migrate';

/**
 * The triggers that protect the books, as the migrations and db/capture.ts made them: the append-only guards (the
 * command_log, journal, transactions, receipts, till movements, row images, anchors), the kept figures' triggers,
 * and the capture triggers that record every row written. Dropped or changed, a later edit could go unrecorded: each
 * must be there with the text it was made with.
 */
const norm = (sql: string) => sql.replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();

let fromMigrations: Map<number, { name: string; sql: string }[]> | null = null;

/** The CREATE TRIGGER statements of each migration, by its version (read once). */
function migrationTriggers(): Map<number, { name: string; sql: string }[]> {
  if (!fromMigrations) {
    fromMigrations = new Map();
    for (const m of loadMigrations()) {
      const found = [...m.sql.replace(/--[^\n]*/g, '').matchAll(/CREATE TRIGGER\s+(\w+)[\s\S]*?\bEND\b/gi)].map((x) => ({ name: x[1]!, sql: norm(x[0]) }));
      fromMigrations.set(m.version, found);
    }
  }
  return fromMigrations;
}

/** The protective triggers the database should hold: those of the migrations it had applied, and the capture triggers. */
function expectedTriggers(db: Db): { name: string; sql: string }[] {
  const applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
  const byVersion = migrationTriggers();
  const hasCapture = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'row_changes'").get() !== undefined;
  return [...applied.flatMap((v) => byVersion.get(v) ?? []), ...(hasCapture ? captureTriggers(db).map((t) => ({ name: t.name, sql: norm(t.sql) })) : [])];
}

/** The first protective trigger missing or changed, or null. */
export function triggerFault(db: Db): string | null {
  const present = new Map((db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[]).map((t) => [t.name, norm(t.sql)]));
  for (const t of expectedTriggers(db)) {
    const sql = present.get(t.name);
    if (sql === undefined) return `triggers: the protective trigger ${t.name} is missing (dropped: the database file was edited)`;
    if (sql !== t.sql) return `triggers: the protective trigger ${t.name} is not the one the migrations made (changed: the database file was edited)`;
  }
  return null;
}
