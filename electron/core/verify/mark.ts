import type { Db } from '../db/connection';
import { CHAIN_START, type ChainPoint } from './chain';

/**
 * The point a clean run of `branchbox verify` reached, kept in `settings` under `verify.mark` as JSON: the last
 * command_log row it verified (seq and hash), the last journal entry and till movement then, when, and whether
 * the run was full.
 * The next run checks from here.
 */
export const MARK_KEY = 'verify.mark';

export interface VerifyMark extends ChainPoint {
  journalEntryId: number;
  tillMovementId: number;
  verifiedAt: string;
  full: boolean;
  /** the row images' chain point (verify/images.ts) then: a later run takes the images' digest on from there */
  imagesBlocks?: number;
  imagesChain?: string;
}

/** The stored mark, or null when there is none or it cannot be read (the run is then full). */
export function readMark(db: Db): VerifyMark | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(MARK_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    const m = JSON.parse(row.value) as Partial<VerifyMark>;
    const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
    if (!whole(m.seq) || !whole(m.journalEntryId) || !whole(m.tillMovementId) || typeof m.hash !== 'string' || typeof m.verifiedAt !== 'string') return null;
    const mark: VerifyMark = { seq: m.seq, hash: m.hash, journalEntryId: m.journalEntryId, tillMovementId: m.tillMovementId, verifiedAt: m.verifiedAt, full: m.full === true };
    if (whole(m.imagesBlocks) && typeof m.imagesChain === 'string') Object.assign(mark, { imagesBlocks: m.imagesBlocks, imagesChain: m.imagesChain });
    return mark;
  } catch {
    return null;
  }
}

export function writeMark(db: Db, mark: VerifyMark): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(MARK_KEY, JSON.stringify(mark));
}

/** Where a run stops: the last command_log row, journal entry and till movement of the snapshot it read. */
export function lastPoints(db: Db): { last: ChainPoint; journalEntryId: number; tillMovementId: number } {
  const last = db.prepare('SELECT seq, hash FROM command_log ORDER BY seq DESC LIMIT 1').get() as ChainPoint | undefined;
  const ids = db.prepare('SELECT (SELECT coalesce(max(id), 0) FROM journal_entries) AS entry, (SELECT coalesce(max(id), 0) FROM till_movements) AS movement').get() as {
    entry: number;
    movement: number;
  };
  return { last: last ?? CHAIN_START, journalEntryId: ids.entry, tillMovementId: ids.movement };
}
