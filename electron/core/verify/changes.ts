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

const differs = (table: string, key: string) => `${table} row ${key} is not the last image recorded for it (it was changed without being recorded)`;

/** The last image recorded for a row (null: deleted), or undefined when it has none. */
function lastImageSql(table: string): string {
  return `SELECT CASE WHEN op = 'D' THEN NULL ELSE image END AS image FROM row_changes WHERE table_name = '${table}' AND row_key = cur.k ORDER BY id DESC LIMIT 1`;
}

/** Full: every row of a table against its last image, and the rows whose last image is live against the table. */
function tableFault(db: Db, shape: TableShape): string | null {
  const t = shape.table;
  const age = shape.ageColumn === 'rowid' ? 't.rowid' : `t."${shape.ageColumn}"`;
  const bad = db
    .prepare(
      `SELECT k FROM (SELECT ${shape.key('t')} AS k, ${shape.image('t')} AS img, ${age} AS age FROM "${t}" t) cur
       WHERE (${lastImageSql(t)}) IS NOT img
         AND NOT (age <= coalesce((SELECT max_age FROM capture_start WHERE table_name = '${t}'), -1)
                  AND NOT EXISTS (SELECT 1 FROM row_changes WHERE table_name = '${t}' AND row_key = cur.k))
       LIMIT 1`,
    )
    .get() as { k: string } | undefined;
  if (bad) return differs(t, bad.k);
  const counts = db
    .prepare(
      `SELECT (SELECT count(*) FROM row_changes r WHERE table_name = '${t}' AND op != 'D'
                 AND NOT EXISTS (SELECT 1 FROM row_changes n WHERE n.table_name = r.table_name AND n.row_key = r.row_key AND n.id > r.id)) AS live,
              (SELECT count(*) FROM (SELECT ${shape.key('t')} AS k FROM "${t}" t) cur WHERE EXISTS (SELECT 1 FROM row_changes WHERE table_name = '${t}' AND row_key = cur.k)) AS present`,
    )
    .get() as { live: number; present: number };
  return counts.live === counts.present ? null : `${t}: ${counts.live - counts.present} row(s) recorded as present are gone (deleted without being recorded)`;
}

export const CHANGE_CHECKS: VerifyCheck[] = [
  { name: 'every captured row image claimed by a command', run: unclaimed },
  {
    name: 'every exportable row is its last captured image',
    run(db) {
      for (const table of Object.keys(EXPORTABLE)) {
        const fault = tableFault(db, tableShape(db, table));
        if (fault) return fault;
      }
      return null;
    },
  },
];

/**
 * Since a mark: the images unclaimed, and each row written by the commands after `seq` against its last image (a
 * row looked up by its key: the rowid, or the primary key columns of a table without rowid).
 */
export function changesSinceFault(db: Db, seq: number): string | null {
  const first = unclaimed(db);
  if (first) return first;
  const shapes = new Map<string, { shape: TableShape; lookup: ReturnType<Db['prepare']>; pkCount: number }>();
  // the rows written since the mark, through the command index (the planner would otherwise walk every image to
  // make them distinct), then each one's last image through the row index
  const written = db.prepare('SELECT DISTINCT table_name AS t, row_key AS k FROM row_changes INDEXED BY row_changes_command WHERE command_seq > ?').all(seq) as { t: string; k: string }[];
  const lastOf = db.prepare("SELECT CASE WHEN op = 'D' THEN NULL ELSE image END AS image FROM row_changes WHERE table_name = ? AND row_key = ? ORDER BY id DESC LIMIT 1");
  for (const w of written) {
    const r = { ...w, last: (lastOf.get(w.t, w.k) as { image: string | null }).image };
    let entry = shapes.get(r.t);
    if (!entry) {
      const shape = tableShape(db, r.t);
      const pk = shape.ageColumn === 'rowid' ? null : (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(r.t) as string[]);
      const where = pk ? pk.map((c) => `t."${c}" = ?`).join(' AND ') : 't.rowid = ?';
      entry = { shape, lookup: db.prepare(`SELECT ${shape.image('t')} AS img FROM "${r.t}" t WHERE ${where}`), pkCount: pk?.length ?? 1 };
      shapes.set(r.t, entry);
    }
    const parts = entry.pkCount === 1 ? [r.k] : r.k.split(':');
    const current = (entry.lookup.get(parts) as { img: string } | undefined)?.img ?? null;
    if (current !== r.last) return differs(r.t, r.k);
  }
  return null;
}
