import { EXPORTABLE, tableShape, type TableShape } from '../db/capture';
import type { Db } from '../db/connection';
import type { VerifyCheck } from './checks';

/**
 * The captured row images (db/capture.ts) against the tables: every image was claimed by a command (one left
 * unclaimed was written outside any command: a direct edit of the file), every row is still its last image (a row
 * changed with the capture switched off differs), and every row with a live last image still exists.
 */
const unclaimed = (db: Db): string | null => {
  const r = db.prepare('SELECT table_name, row_key FROM row_changes WHERE command_seq IS NULL ORDER BY id LIMIT 1').get() as { table_name: string; row_key: string } | undefined;
  return r ? `row_changes: ${r.table_name} row ${r.row_key} was written outside any command (the database file was edited directly)` : null;
};

/** A kept money figure written outside any command (migration 0015): a direct edit of a balance or an outstanding. */
const keptOutside = (db: Db): string | null => {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kept_writes'").get()) return null;
  const r = db
    .prepare(
      `SELECT CASE k.table_name
         WHEN 'loans' THEN 'the outstanding amounts of loan ' || coalesce((SELECT account_no FROM loans WHERE id = k.row_key), k.row_key) || ' were'
         WHEN 'savings_accounts' THEN 'the balance of savings account ' || coalesce((SELECT account_no FROM savings_accounts WHERE id = k.row_key), k.row_key) || ' was'
         WHEN 'tills' THEN 'the balance of the till of ' || coalesce((SELECT u.username FROM tills t JOIN users u ON u.id = t.user_id WHERE t.id = k.row_key), k.row_key) || ' was'
         ELSE k.table_name || ' row ' || k.row_key || ' was' END AS what
       FROM kept_writes k ORDER BY k.id LIMIT 1`,
    )
    .get() as { what: string } | undefined;
  return r ? `kept figures: ${r.what} written outside any command (the database file was edited directly)` : null;
};

const differs = (table: string, key: string) => `${table} row ${key} is not the last image recorded for it (it was changed without being recorded)`;

/**
 * Full: the last image of every row, once for all tables (row_changes has no index by row: it would cost every write
 * an insertion at a random place; a full run sorts instead, in SQLite's temporary store), then each table's rows
 * against it, and the rows whose last image is live against the table.
 */
function lastImages(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS temp.last_images;
    CREATE TEMP TABLE last_images (table_name TEXT NOT NULL, row_key TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (table_name, row_key)) WITHOUT ROWID;
    INSERT INTO temp.last_images SELECT table_name, row_key, max(id) FROM row_changes GROUP BY table_name, row_key;`);
}

/** The table's rows drive every join (CROSS JOIN keeps SQLite from looping over the images and scanning the table in each). */
function tableFault(db: Db, shape: TableShape): string | null {
  const t = shape.table;
  const age = shape.ageColumn === 'rowid' ? 't.rowid' : `t."${shape.ageColumn}"`;
  const bad = db
    .prepare(
      `SELECT cur.k FROM (SELECT ${shape.key('t')} AS k, ${shape.image('t')} AS img, ${age} AS age FROM "${t}" t) cur
       LEFT JOIN temp.last_images l ON l.table_name = '${t}' AND l.row_key = cur.k
       LEFT JOIN row_changes r ON r.id = l.id
       WHERE CASE WHEN l.id IS NULL THEN age > coalesce((SELECT max_age FROM capture_start WHERE table_name = '${t}'), -1)
                  ELSE (CASE WHEN r.op = 'D' THEN NULL ELSE r.image END) IS NOT cur.img END
       LIMIT 1`,
    )
    .get() as { k: string } | undefined;
  if (bad) return differs(t, bad.k);
  const counts = db
    .prepare(
      `SELECT (SELECT count(*) FROM temp.last_images l JOIN row_changes r ON r.id = l.id WHERE l.table_name = '${t}' AND r.op != 'D') AS live,
              (SELECT count(*) FROM (SELECT ${shape.key('t')} AS k FROM "${t}" t) cur CROSS JOIN temp.last_images l ON l.table_name = '${t}' AND l.row_key = cur.k) AS present`,
    )
    .get() as { live: number; present: number };
  return counts.live === counts.present ? null : `${t}: ${counts.live - counts.present} row(s) recorded as present are gone (deleted without being recorded)`;
}

export const CHANGE_CHECKS: VerifyCheck[] = [
  { name: 'every captured row image claimed by a command', run: unclaimed },
  { name: 'no kept figure written outside a command', run: keptOutside },
  {
    name: 'every exportable row is its last captured image',
    run(db) {
      lastImages(db);
      try {
        for (const table of Object.keys(EXPORTABLE)) {
          const fault = tableFault(db, tableShape(db, table));
          if (fault) return fault;
        }
        return null;
      } finally {
        db.exec('DROP TABLE IF EXISTS temp.last_images');
      }
    },
  },
];

/**
 * Since a mark: the images unclaimed, and each row written by the commands after `seq` against its last image (a
 * row looked up by its key: the rowid, or the primary key columns of a table without rowid).
 */
export function changesSinceFault(db: Db, seq: number): string | null {
  const first = unclaimed(db) ?? keptOutside(db);
  if (first) return first;
  const lookups = new Map<string, { shape: TableShape; lookup: ReturnType<Db['prepare']> }>();
  // the rows written since the mark, with their last image: among the images since the mark, the newest (through
  // the command index; bounded by what changed since)
  const last = new Map<string, { t: string; k: string; last: string | null }>();
  const since = db.prepare("SELECT table_name AS t, row_key AS k, CASE WHEN op = 'D' THEN NULL ELSE image END AS image FROM row_changes INDEXED BY row_changes_command WHERE command_seq > ? ORDER BY id").iterate(seq) as IterableIterator<{ t: string; k: string; image: string | null }>;
  for (const c of since) last.set(`${c.t}\u0000${c.k}`, { t: c.t, k: c.k, last: c.image });
  for (const r of last.values()) {
    let entry = lookups.get(r.t);
    if (!entry) {
      const shape = tableShape(db, r.t);
      entry = { shape, lookup: db.prepare(`SELECT ${shape.image('t')} AS img FROM "${r.t}" t WHERE ${shape.byKey}`) };
      lookups.set(r.t, entry);
    }
    const current = (entry.lookup.get(entry.shape.keyParts(r.k)) as { img: string } | undefined)?.img ?? null;
    if (current !== r.last) return differs(r.t, r.k);
  }
  return null;
}
