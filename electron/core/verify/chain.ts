import type { Db } from '../db/connection';
import { GENESIS_HASH, hashRow, type CommandLogRow } from '../dispatch/commandLog';

/** A point of the command_log: a row's seq and hash (seq 0 with the genesis hash is the start). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/**
 * Walks the command_log chain from `from` (a point already trusted) in seq order: each row must take the next seq,
 * name the previous row's hash and hash to its own. `visit` sees every row that holds. Returns the first fault (or
 * null) and the last row that held, from which a later walk may start. `maxRows`: stop after that many (a walk in
 * slices continues from `last`).
 */
export function walkChain(db: Db, from: ChainPoint, visit?: (row: CommandLogRow) => void, maxRows = Number.POSITIVE_INFINITY): { fault: string | null; last: ChainPoint; rows: number } {
  let expectedSeq = from.seq + 1;
  let prev = from.hash;
  let rows = 0;
  // from the start every row counts, whatever its seq (a row numbered 0 or below is out of order)
  const after = from.seq === 0 ? Number.MIN_SAFE_INTEGER : from.seq;
  const rowsAfter = db.prepare('SELECT * FROM command_log WHERE seq > ? ORDER BY seq').iterate(after) as IterableIterator<CommandLogRow>;
  const fail = (fault: string) => ({ fault, last: { seq: expectedSeq - 1, hash: prev }, rows });
  for (const row of rowsAfter) {
    if (rows >= maxRows) break;
    if (row.seq !== expectedSeq) return fail(`command_log: expected seq ${expectedSeq} but found ${row.seq} (a row is missing or out of order)`);
    if (row.prev_hash !== prev) return fail(`command_log: row ${row.seq} does not follow row ${row.seq - 1} (rows deleted or reordered)`);
    if (hashRow(row) !== row.hash) return fail(`command_log: row ${row.seq} (${row.operation}) was altered after it was written`);
    visit?.(row);
    prev = row.hash;
    expectedSeq += 1;
    rows += 1;
  }
  return { fault: null, last: { seq: expectedSeq - 1, hash: prev }, rows };
}

/**
 * The row a mark names is still the row verified then: it hashes to the hash recorded in the mark (a past rewritten
 * and re-chained changes it). Rows before it are not re-hashed: `verify --full` does that. `from`: where a walk of
 * the rows after the mark starts (the mark's row as it is now, so that a rewritten past is one fault and not also a
 * break after it).
 */
export function markStillHolds(db: Db, mark: ChainPoint, verifiedAt: string): { fault: string | null; from: ChainPoint } {
  if (mark.seq === 0) return { fault: null, from: mark };
  const row = db.prepare('SELECT * FROM command_log WHERE seq = ?').get(mark.seq) as CommandLogRow | undefined;
  if (!row) return { fault: `command_log: row ${mark.seq}, verified on ${verifiedAt}, is gone (rows deleted before the mark)`, from: mark };
  const from = { seq: row.seq, hash: row.hash };
  const same = row.hash === mark.hash && hashRow(row) === row.hash;
  return { fault: same ? null : `command_log: row ${mark.seq} is not the row verified on ${verifiedAt} (its hash changed): the log up to the mark was rewritten`, from };
}
