import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  anchorPublicKey,
  anchorSignatureHolds,
  anchorsInDatabase,
  anchorsInFile,
  newerAnchor,
  ANCHOR_FILE,
  type Anchor,
} from '../anchor';
import type { Db } from '../db/connection';
import { IMAGE_BLOCK, IMAGES_START, lastImageId, walkImages, type ImagesPoint } from './images';

/**
 * The database against its anchors (anchor.ts): every anchor signed by the branch's anchor key, and the newest
 * anchor of the database's epoch still true of it: the row it names at its sequence with its hash (a history
 * rewritten and hashed again, or cut short, fails) and the row images up to its id with its digest.
 */

/** Where a database's anchor key and anchor file are, for `verify`. */
export interface AnchorPlace {
  /** the data folder whose key signs the anchors (null: a core kept in memory, the key kept with the connection) */
  keyDir: string | null;
  /** false when the key cannot be found (a copy away from its data folder) */
  keyFound: boolean;
  /** the data folder whose anchor file applies: the live books' only (a backup is checked against its own anchors) */
  fileDir: string | null;
}

const LIVE_FILE = 'branchbox.sqlite';

/**
 * Where the key and the anchor file of `db` are: `dataDir` when the caller names it (the live books' folder); the
 * folder of the live books (branchbox.sqlite); else, for a copy, the folder of the file (or the folder above it: a
 * backup in backups/) that holds a branchbox.id. The anchor file is read for the live books only.
 */
export function anchorPlace(db: Db, dataDir?: string | null): AnchorPlace {
  if (dataDir !== undefined) return { keyDir: dataDir, keyFound: true, fileDir: dataDir };
  if (db.memory || !db.name) return { keyDir: null, keyFound: true, fileDir: null };
  const here = dirname(db.name);
  // the live books' folder is their data folder: its id (and key) are made on first use, as keys/ does
  if (basename(db.name) === LIVE_FILE) return { keyDir: here, keyFound: true, fileDir: here };
  for (const dir of [here, dirname(here)]) {
    if (existsSync(join(dir, 'branchbox.id'))) return { keyDir: dir, keyFound: true, fileDir: null };
  }
  return { keyDir: null, keyFound: false, fileDir: null };
}

const describe = (a: Anchor) => `the anchor of ${a.at} (${a.reason}, sequence ${a.seq})`;

function epochOf(db: Db): number {
  const r = db.prepare("SELECT value FROM settings WHERE key = 'export.epoch'").get() as { value: string } | undefined;
  const n = Number(r?.value ?? '1');
  return Number.isSafeInteger(n) && n > 0 ? n : 1;
}

/**
 * The anchors checked: their signatures, then the newest against the chain and the images. `from`: where the images'
 * digest is taken from (the mark's point; the start in a full run). Returns the first fault, the newest anchor, and
 * the images' chain point at the last image (for the next mark).
 */
export function anchorCheck(db: Db, place: AnchorPlace, from: ImagesPoint = IMAGES_START): { fault: string | null; newest: Anchor | null; images: ImagesPoint } {
  const lastImage = lastImageId(db);
  const walk = (at: number[]) => walkImages(db, from.blocks * IMAGE_BLOCK <= lastImage ? from : IMAGES_START, lastImage, at);
  const inDb = anchorsInDatabase(db);
  const inFile = place.fileDir !== null ? anchorsInFile(place.fileDir) : [];
  if (inDb.length === 0 && inFile.length === 0) return { fault: null, newest: null, images: walk([]).point };
  const done = (fault: string | null, newest: Anchor | null = null) => ({ fault, newest, images: walk([]).point });
  if (!place.keyFound) return done(`anchors: the branch's anchor key is not on this PC, so the ${inDb.length + inFile.length} anchor(s) cannot be checked`);
  let publicKey: string;
  try {
    publicKey = anchorPublicKey(place.keyDir, db);
  } catch (err) {
    return done(`anchors: the branch's anchor key cannot be read (${(err as Error).message}), so the anchors cannot be checked`);
  }
  let newest: Anchor | null = null;
  for (const [i, a] of inFile.entries()) {
    if (!a) return done(`anchors: line ${i + 1} of ${ANCHOR_FILE} is not an anchor (the file was edited)`);
    if (!anchorSignatureHolds(a, publicKey)) return done(`anchors: ${describe(a)} in ${ANCHOR_FILE} is not signed by this branch's anchor key (forged or altered)`);
    newest = newerAnchor(newest, a);
  }
  for (const r of inDb) {
    if (!r.anchor) return done(`anchors: row ${r.id} of the anchors table is not an anchor (the database was edited)`);
    if (!anchorSignatureHolds(r.anchor, publicKey)) return done(`anchors: ${describe(r.anchor)} in the database is not signed by this branch's anchor key (forged or altered)`);
    newest = newerAnchor(newest, r.anchor);
  }
  const a = newest!;
  const epoch = epochOf(db);
  if (a.epoch > epoch) return done(`anchors: ${describe(a)} is of epoch ${a.epoch}, the database of epoch ${epoch}: these books are older than the history anchored (put back without a restore?)`, a);
  // a new epoch (a restore) starts from a backup: its anchors of the epoch before name rows the restore dropped
  if (a.epoch < epoch) return done(null, a);
  if (a.seq > 0) {
    const row = db.prepare('SELECT hash FROM command_log WHERE seq = ?').get(a.seq) as { hash: string } | undefined;
    if (!row) {
      const last = (db.prepare('SELECT coalesce(max(seq), 0) AS s FROM command_log').get() as { s: number }).s;
      return done(`anchors: the audit log ends at sequence ${last}, before sequence ${a.seq} of ${describe(a)} (rows removed)`, a);
    }
    if (row.hash !== a.hash) return done(`anchors: command_log row ${a.seq} is not the row of ${describe(a)} (its hash differs): the history was rewritten`, a);
  }
  if (lastImage < a.images) return done(`anchors: the row images end at ${lastImage}, before image ${a.images} of ${describe(a)} (images removed)`, a);
  const walked = walk([a.images]);
  const digest = walked.digests.get(a.images);
  // an anchor older than the mark's point was checked by the run that left the mark
  if (digest !== undefined && digest !== a.imagesDigest) {
    return { fault: `anchors: the row images up to ${a.images} are not those of ${describe(a)}: images were altered, removed or added`, newest: a, images: walked.point };
  }
  return { fault: null, newest: a, images: walked.point };
}
