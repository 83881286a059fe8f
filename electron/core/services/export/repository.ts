import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { EXPORTABLE, tableShape } from '../../db/capture';
import type { BodyLine } from './bundle';

/** All the SQL of the export (services/export). */
export interface BundleRow {
  id: number;
  epoch: number;
  from_seq: number;
  to_seq: number;
  snapshot: number;
  hash: string;
  prev_hash: string;
  file_name: string;
  bytes: number;
  created_at: string;
  acknowledged_at: string | null;
}

export function lastBundle(db: Db, epoch: number): BundleRow | undefined {
  return sql<[number], BundleRow>(db, 'SELECT * FROM export_bundles WHERE epoch = ? ORDER BY to_seq DESC LIMIT 1').get(epoch);
}

export function insertBundle(db: Db, b: Omit<BundleRow, 'id' | 'acknowledged_at'>): void {
  sql(
    db,
    `INSERT INTO export_bundles (epoch, from_seq, to_seq, snapshot, hash, prev_hash, file_name, bytes, created_at)
     VALUES (@epoch, @from_seq, @to_seq, @snapshot, @hash, @prev_hash, @file_name, @bytes, @created_at)`,
  ).run(b);
}

/** The bundle of `epoch` that ends at `toSeq`, if the branch cut one. */
export function bundleEndingAt(db: Db, epoch: number, toSeq: number): BundleRow | undefined {
  return sql<[number, number], BundleRow>(db, 'SELECT * FROM export_bundles WHERE epoch = ? AND to_seq = ?').get(epoch, toSeq);
}

/** Head office says it holds everything up to `seq` of `epoch`. */
export function acknowledge(db: Db, epoch: number, seq: number, at: string): number {
  return sql(db, 'UPDATE export_bundles SET acknowledged_at = ? WHERE epoch = ? AND to_seq <= ? AND acknowledged_at IS NULL').run(at, epoch, seq).changes;
}

/** The bundles of `epoch` head office has not acknowledged, in order. */
export function unacknowledged(db: Db, epoch: number): BundleRow[] {
  return sql<[number], BundleRow>(db, 'SELECT * FROM export_bundles WHERE epoch = ? AND acknowledged_at IS NULL ORDER BY from_seq').all(epoch);
}

/** The file names of the bundles of `epoch` head office holds. */
export function acknowledgedFiles(db: Db, epoch: number): string[] {
  return sql<[number], { file_name: string }>(db, 'SELECT file_name FROM export_bundles WHERE epoch = ? AND acknowledged_at IS NOT NULL').all(epoch).map((r) => r.file_name);
}

export function lastAcknowledgedAt(db: Db, epoch: number): string | null {
  return sql<[number], { at: string | null }>(db, 'SELECT max(acknowledged_at) AS at FROM export_bundles WHERE epoch = ?').get(epoch)?.at ?? null;
}

export function acknowledgedSeq(db: Db, epoch: number): number {
  const r = sql<[number], { s: number | null }>(db, 'SELECT max(to_seq) AS s FROM export_bundles WHERE epoch = ? AND acknowledged_at IS NOT NULL').get(epoch);
  return r?.s ?? 0;
}

export function lastSeq(db: Db): number {
  return sql<[], { s: number | null }>(db, 'SELECT max(seq) AS s FROM command_log').get()?.s ?? 0;
}

/** The command rows from..to, then the row images they wrote, in the order written. */
export function* changeLines(db: Db, from: number, to: number): Generator<BodyLine> {
  for (const row of sql<[number, number], Record<string, unknown> & { seq: number }>(db, 'SELECT * FROM command_log WHERE seq BETWEEN ? AND ? ORDER BY seq').iterate(from, to)) {
    yield { t: 'command', seq: row.seq, row };
  }
  const changes = sql<[number, number], { command_seq: number; table_name: string; row_key: string; op: 'I' | 'U' | 'D'; image: string | null }>(
    db,
    'SELECT command_seq, table_name, row_key, op, image FROM row_changes WHERE command_seq BETWEEN ? AND ? ORDER BY id',
  );
  for (const c of changes.iterate(from, to)) {
    yield { t: 'change', seq: c.command_seq, table: c.table_name, key: c.row_key, op: c.op, image: c.image };
  }
}

/** A full snapshot: every exportable row as it stands now (the images the capture would write), then the commands. */
export function* snapshotLines(db: Db, to: number): Generator<BodyLine> {
  for (const table of Object.keys(EXPORTABLE)) {
    const shape = tableShape(db, table);
    const rows = db.prepare(`SELECT ${shape.key('t')} AS k, ${shape.image('t')} AS img FROM "${table}" t`).iterate() as IterableIterator<{ k: string; img: string }>;
    for (const r of rows) yield { t: 'row', table, key: r.k, image: r.img };
  }
  for (const row of sql<[number], Record<string, unknown> & { seq: number }>(db, 'SELECT * FROM command_log WHERE seq <= ? ORDER BY seq').iterate(to)) {
    yield { t: 'command', seq: row.seq, row };
  }
}
