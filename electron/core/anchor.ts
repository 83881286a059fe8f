import { createPrivateKey, createPublicKey, verify as verifySignature } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from './db/connection';
import { CHAIN_START, markStillHolds, walkChain, type ChainPoint } from './verify/chain';
import { IMAGE_BLOCK, IMAGES_START, lastImageId, walkImages, type ImagesPoint } from './verify/images';
import { secretFor } from './keys';
import { findLocalOffice, getSetting } from './services/organisation';
import { sodiumReady } from './security/sodium';

/**
 * Anchors of the audit chain (issue 14, point 2; verify/README.md). Anyone who can write the database file can
 * rewrite the command_log and hash it again (the hash has no key), or cut its last rows. An anchor says, signed with
 * the branch's anchor key (Ed25519, from a seed kept outside the data folder: keys/), where the chain stood: its
 * head's sequence and hash, and the digest of the captured row images up to then (verify/images.ts). `verify` checks
 * the database against the newest anchor: a history shortened or rewritten under it fails, and so does an anchor
 * whose signature is not the branch's.
 *
 * Written at every backup, day-end, restore (the new epoch's first) and set-up; kept in the anchor file
 * `<dataDir>/backups/anchors.jsonl` (one JSON anchor a line, appended: the last line is the newest) and in the
 * database's `anchors` table (migration 0013), written before a backup's copy so that the copy holds it. Each export
 * bundle carries the newest to head office, which keeps them all.
 */
export type AnchorReason = 'backup' | 'day-end' | 'restore' | 'setup';

export interface Anchor {
  format: 'branchbox-anchor';
  version: 1;
  officeCode: string;
  /** export.epoch: one more after each deliberate restore */
  epoch: number;
  /** the chain head: the last command_log row's sequence and hash (0 and the genesis hash for an empty log) */
  seq: number;
  hash: string;
  /** the last captured row image's id, the digest of the images up to it, and the chain over its full blocks */
  images: number;
  imagesDigest: string;
  imagesBlocks: number;
  imagesChain: string;
  at: string;
  reason: AnchorReason;
  /** the anchor key's public half, base64 (head office keeps the first one it sees of a branch) */
  publicKey: string;
  /** base64 Ed25519 signature over signedBytes */
  signature: string;
}

export const ANCHOR_FILE = 'anchors.jsonl';
export const ANCHOR_VERSION = 1;

export function anchorFile(dataDir: string): string {
  return join(dataDir, 'backups', ANCHOR_FILE);
}

/** The bytes signed: the UTF-8 JSON array of every field but the signature, in the order of the interface. */
export function anchorSignedBytes(a: Omit<Anchor, 'signature'>): Buffer {
  const fields = [a.format, a.version, a.officeCode, a.epoch, a.seq, a.hash, a.images, a.imagesDigest, a.imagesBlocks, a.imagesChain, a.at, a.reason, a.publicKey];
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410), followed by the 32-byte seed. */
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The anchor key's public half (base64), from its seed: the same key libsodium's crypto_sign_seed_keypair makes. */
export function anchorPublicKey(dataDir: string | null, owner: object): string {
  const seed = secretFor(dataDir, owner, 'anchor');
  const key = createPublicKey(createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' }));
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
}

/** Whether `a` is signed by the key whose public half is `publicKey` (base64), and names that key. */
export function anchorSignatureHolds(a: Anchor, publicKey: string): boolean {
  if (a.publicKey !== publicKey) return false;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') }, format: 'jwk' });
    return verifySignature(null, anchorSignedBytes(a), key, Buffer.from(a.signature, 'base64'));
  } catch {
    return false;
  }
}

/** An anchor read back (a line of the file, a row of the table, a bundle's header), or null when it is not one. */
export function parseAnchor(text: string): Anchor | null {
  try {
    const a = JSON.parse(text) as Partial<Anchor>;
    const whole = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
    const str = (s: unknown) => typeof s === 'string';
    if (a.format !== 'branchbox-anchor' || a.version !== ANCHOR_VERSION) return null;
    if (!whole(a.epoch) || !whole(a.seq) || !whole(a.images) || !whole(a.imagesBlocks)) return null;
    if (![a.officeCode, a.hash, a.imagesDigest, a.imagesChain, a.at, a.reason, a.publicKey, a.signature].every(str)) return null;
    return a as Anchor;
  } catch {
    return null;
  }
}

const hasTable = (db: Db, name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** The anchors the database holds (migration 0013), oldest first; those that do not parse are kept as null. */
export function anchorsInDatabase(db: Db): { id: number; anchor: Anchor | null }[] {
  if (!hasTable(db, 'anchors')) return [];
  return (db.prepare('SELECT id, anchor_json FROM anchors ORDER BY id').all() as { id: number; anchor_json: string }[]).map((r) => ({ id: r.id, anchor: parseAnchor(r.anchor_json) }));
}

/**
 * The anchors of the anchor file, oldest first (a line that does not parse is null: an edit). A last line without
 * its line end that does not parse was cut by a crash while it was appended: it is left out (the database and head
 * office hold that anchor too, and it was never the newest anchor of anything that followed).
 */
export function anchorsInFile(dataDir: string | null): (Anchor | null)[] {
  if (!dataDir) return [];
  const file = anchorFile(dataDir);
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const last = lines.pop()!;
  if (last.trim() !== '' && parseAnchor(last)) lines.push(last);
  return lines.filter((l) => l.trim() !== '').map(parseAnchor);
}

/** Which of two anchors is newer: the later epoch, then the later head, then the later instant. */
export function newerAnchor(a: Anchor | null, b: Anchor | null): Anchor | null {
  if (!a) return b;
  if (!b) return a;
  if (a.epoch !== b.epoch) return a.epoch > b.epoch ? a : b;
  if (a.seq !== b.seq) return a.seq > b.seq ? a : b;
  if (a.images !== b.images) return a.images > b.images ? a : b;
  return a.at >= b.at ? a : b;
}

/**
 * The newest anchor: of the anchor file in `dataDir`'s backups (its last line that reads), and, given the database,
 * of its `anchors` table too. Null when there is none.
 */
export function newestAnchor(dataDir: string | null, db?: Db): Anchor | null {
  let newest: Anchor | null = null;
  for (const a of anchorsInFile(dataDir)) newest = newerAnchor(newest, a);
  if (db) for (const r of anchorsInDatabase(db)) newest = newerAnchor(newest, r.anchor);
  return newest;
}

function epochOf(db: Db): number {
  const n = Number(getSetting(db, 'export.epoch') ?? '1');
  return Number.isSafeInteger(n) && n > 0 ? n : 1;
}

/**
 * Where the chain has to be sound for a new anchor to be signed: an anchor of the same epoch before it names rows
 * that must still be there as anchored, and the log from there must hold (signing a rewritten history would make
 * it the one `verify` accepts). Returns the fault, or null.
 */
function continuityFault(db: Db, previous: Anchor, head: ChainPoint): string | null {
  if (head.seq < previous.seq) return `the audit log ends at sequence ${head.seq}, before sequence ${previous.seq} anchored on ${previous.at} (rows removed)`;
  const held = markStillHolds(db, previous, previous.at);
  if (held.fault) return held.fault;
  return walkChain(db, held.from).fault;
}

/** Where the images' digest continues from: the newest anchor of this database that is ours and below its last image. */
function imagesFrom(db: Db, publicKey: string, last: number): ImagesPoint {
  let from: ImagesPoint = IMAGES_START;
  for (const r of anchorsInDatabase(db)) {
    const a = r.anchor;
    if (a && a.imagesBlocks * IMAGE_BLOCK <= last && a.imagesBlocks >= from.blocks && anchorSignatureHolds(a, publicKey)) from = { blocks: a.imagesBlocks, chain: a.imagesChain };
  }
  return from;
}

export class AnchorRefused extends Error {}

/**
 * Signs and keeps an anchor of the chain as it stands: appended to the anchor file (when the branch has a data
 * folder) and to the database's anchors table (when it can be written: a read-only connection or a database not yet
 * migrated leaves it to the file). Async: libsodium is ready only once its module has loaded. Refuses (AnchorRefused)
 * when the chain no longer holds the rows the newest anchor of the same epoch named: a history rewritten is never
 * signed. A restore starts a new epoch: its anchor is not held to the rows of the epoch before. `inDatabase: false`
 * keeps it out of the database (a backup before a migration leaves the file byte for byte as it was).
 */
export async function writeAnchor(db: Db, dataDir: string | null, reason: AnchorReason, now: Date = new Date(), options: { inDatabase?: boolean } = {}): Promise<Anchor> {
  const s = await sodiumReady();
  const seed = secretFor(dataDir, db, 'anchor');
  const keys = s.crypto_sign_seed_keypair(seed);
  const publicKey = Buffer.from(keys.publicKey).toString('base64');
  const head = (db.prepare('SELECT seq, hash FROM command_log ORDER BY seq DESC LIMIT 1').get() as ChainPoint | undefined) ?? CHAIN_START;
  const epoch = epochOf(db);
  const previous = newestAnchor(dataDir, db);
  if (previous && reason !== 'restore' && previous.epoch === epoch) {
    if (!anchorSignatureHolds(previous, publicKey)) throw new AnchorRefused(`the newest anchor (${previous.at}) is not signed by this branch's anchor key`);
    const fault = continuityFault(db, previous, head);
    if (fault) throw new AnchorRefused(fault);
  }
  const images = lastImageId(db);
  const walked = walkImages(db, imagesFrom(db, publicKey, images), images, [images]);
  const unsigned: Omit<Anchor, 'signature'> = {
    format: 'branchbox-anchor',
    version: ANCHOR_VERSION,
    officeCode: findLocalOffice(db)?.code ?? 'LOCAL',
    epoch,
    seq: head.seq,
    hash: head.hash,
    images,
    imagesDigest: walked.digests.get(images)!,
    imagesBlocks: walked.point.blocks,
    imagesChain: walked.point.chain,
    at: now.toISOString(),
    reason,
    publicKey,
  };
  const anchor: Anchor = { ...unsigned, signature: Buffer.from(s.crypto_sign_detached(anchorSignedBytes(unsigned), keys.privateKey)).toString('base64') };
  const text = JSON.stringify(anchor);
  if (options.inDatabase !== false && !db.readonly && hasTable(db, 'anchors')) db.prepare('INSERT INTO anchors (epoch, seq, anchor_json) VALUES (?, ?, ?)').run(epoch, head.seq, text);
  if (dataDir) {
    const file = anchorFile(dataDir);
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${text}\n`, { mode: 0o600 });
  }
  return anchor;
}
