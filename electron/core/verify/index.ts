import type { Db } from '../db/connection';
import { SOURCE_CHECKS, type VerifyCheck } from './checks';
import { KEPT_CHECKS } from './kept';
import { CHANGE_CHECKS } from './changes';
import { lastPoints, markKey, markSigned, readMark, schemaFingerprint, signMark, writeMark, type VerifyMark } from './mark';
import { verifySince } from './since';
import { anchorCheck, anchorPlace } from './anchors';
import { IMAGES_START, type ImagesPoint } from './images';
import { triggerFault } from './triggers';

export type { VerifyCheck } from './checks';
export { MARK_KEY, readMark, type VerifyMark } from './mark';

/**
 * `branchbox verify`. A full run checks the database's own integrity, its foreign keys, the whole command_log hash
 * chain, the accounting invariants from their sources, every kept figure against its source, and the captured row
 * images against the rows (changes.ts). An incremental
 * run (the default once a clean run has left its mark) checks the chain from the mark and the invariants for what
 * changed since (since.ts). Faults come first fault first.
 */
export const CHECKS: VerifyCheck[] = [
  ...SOURCE_CHECKS,
  { name: 'protective triggers present as made', run: triggerFault },
  ...KEPT_CHECKS,
  ...CHANGE_CHECKS,
];

export const ANCHOR_CHECK = 'the newest anchor: signed by the branch, its row and images still there';

export interface VerifyOptions {
  /**
   * The data folder of the live books: its key checks the anchors, and its anchor file counts. Left out: the folder
   * of the database file when it holds a branchbox.id (a backup is checked against the anchors it holds).
   */
  dataDir?: string | null;
}

/** Every check of a full run; reads only (no mark is written). `images`: the row images' chain point at the last image. */
export function verifyDatabase(db: Db, options: VerifyOptions = {}): { ok: boolean; faults: string[]; checks: string[]; images: ImagesPoint } {
  const faults: string[] = [];
  for (const check of CHECKS) {
    const fault = check.run(db);
    if (fault) faults.push(fault);
  }
  const anchored = anchorCheck(db, anchorPlace(db, options.dataDir), IMAGES_START);
  if (anchored.fault) faults.push(anchored.fault);
  return { ok: faults.length === 0, faults, checks: [...CHECKS.map((c) => c.name), ANCHOR_CHECK], images: anchored.images };
}

export interface VerifyRun {
  ok: boolean;
  faults: string[];
  checks: string[];
  /** full: everything; since: from the mark */
  mode: 'full' | 'since';
  /**
   * why a run is full: asked for, no usable mark yet, a mark not signed by this branch (edited in the file, or left by
   * an older version), or the triggers changed since the mark (one dropped and made again, or a migration)
   */
  fullBecause: 'asked' | 'no mark' | 'mark not signed' | 'triggers changed' | null;
  /** the mark a run since started from */
  mark: VerifyMark | null;
  /** the last command_log row the run read, and how many rows it walked */
  through: number;
  commands: number;
  /** milliseconds the checks took */
  ms: number;
  /** the mark left for the next run (a clean run only), or why it could not be stored */
  newMark: VerifyMark | null;
  markError: string | null;
}

/**
 * A run of `branchbox verify`: full when asked or when there is no mark, otherwise since the mark. Reads one snapshot
 * (one read transaction), then, when clean, stores the mark at the last row it verified.
 */
export function runVerify(db: Db, options: VerifyOptions & { full?: boolean; now?: () => Date } = {}): VerifyRun {
  const started = performance.now();
  const place = anchorPlace(db, options.dataDir);
  // no key to be had (a key folder that cannot be read or written): no mark is trusted, every run is full
  let key: Buffer | null = null;
  try {
    key = markKey(db, place.keyDir, place.keyFound);
  } catch {
    key = null;
  }
  let mark = options.full ? null : readMark(db);
  let fullBecause: VerifyRun['fullBecause'] = options.full ? 'asked' : mark ? null : 'no mark';
  const read = db.transaction(() => {
    // a run since the mark trusts the mark and what it does not read: only a mark this branch signed, over the same triggers
    if (mark && !markSigned(mark, key)) [mark, fullBecause] = [null, 'mark not signed'];
    else if (mark && mark.schema !== schemaFingerprint(db)) [mark, fullBecause] = [null, 'triggers changed'];
    const end = { ...lastPoints(db), schema: schemaFingerprint(db) };
    if (mark) return { ...verifySince(db, mark, place), end };
    const full = verifyDatabase(db, options);
    return { faults: full.faults, checks: full.checks, last: end.last, commands: end.last.seq, images: full.images, end };
  });
  const r = read();
  const ms = performance.now() - started;
  const ok = r.faults.length === 0;
  let newMark: VerifyMark | null = null;
  let markError: string | null = null;
  if (ok) {
    const { journalEntryId, tillMovementId } = r.end;
    const verifiedAt = (options.now?.() ?? new Date()).toISOString();
    newMark = signMark(
      { seq: r.last.seq, hash: r.last.hash, journalEntryId, tillMovementId, verifiedAt, full: mark === null, imagesBlocks: r.images.blocks, imagesChain: r.images.chain, schema: r.end.schema },
      key,
    );
    try {
      writeMark(db, newMark);
    } catch (err) {
      markError = (err as Error).message;
      newMark = null;
    }
  }
  return {
    ok,
    faults: r.faults,
    checks: r.checks,
    mode: mark ? 'since' : 'full',
    fullBecause,
    mark,
    through: r.last.seq,
    commands: r.commands,
    ms,
    newMark,
    markError,
  };
}
