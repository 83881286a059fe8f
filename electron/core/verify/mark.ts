import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import { secretFor } from '../keys';
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
  /** the triggers as they stood (schemaFingerprint): a trigger dropped and made again since sends the run back to full */
  schema?: string;
  /** HMAC-SHA256 of the mark with a key derived from the branch's anchor key: a mark edited in the file is not trusted */
  mac?: string;
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
    if (typeof m.schema === 'string') mark.schema = m.schema;
    if (typeof m.mac === 'string') mark.mac = m.mac;
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

/**
 * The triggers as they stand: each one's name, text and place in the schema (a trigger dropped and made again takes a
 * new place), and the migrations applied. A run since the mark trusts what it does not read only while this holds.
 */
export function schemaFingerprint(db: Db): string {
  const rows = db.prepare("SELECT name, rowid AS at, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").raw().all();
  const migrated = db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get();
  return createHash('sha256').update(JSON.stringify([migrated, rows])).digest('hex');
}

/** The key marks are signed with: derived from the branch's anchor key (kept outside the data folder), or null. */
export function markKey(db: Db, keyDir: string | null, keyFound: boolean): Buffer | null {
  return keyFound ? createHmac('sha256', secretFor(keyDir, db, 'anchor')).update('branchbox verify mark').digest() : null;
}

function macOf(mark: VerifyMark, key: Buffer): string {
  const { mac: _mac, ...fields } = mark;
  return createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

export function signMark(mark: VerifyMark, key: Buffer | null): VerifyMark {
  return key ? { ...mark, mac: macOf(mark, key) } : mark;
}

/** Whether the mark is the one a clean run signed. */
export function markSigned(mark: VerifyMark, key: Buffer | null): boolean {
  if (!key || !mark.mac || !/^[0-9a-f]{64}$/.test(mark.mac)) return false;
  return timingSafeEqual(Buffer.from(mark.mac, 'hex'), Buffer.from(macOf(mark, key), 'hex'));
}
