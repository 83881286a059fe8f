import { createHash } from 'node:crypto';
import { sodiumReady } from '../../security/sodium';

/**
 * The bundle file, version 1 (FORMAT.md in this folder): the body (the command rows and row images, one JSON
 * object a line) encrypted with libsodium's secretstream (XChaCha20-Poly1305) under a fresh key sealed to head
 * office's X25519 public key (crypto_box_seal), then a plain header, signed by the branch (Ed25519), that says
 * whose sequences the bundle holds. Nothing here is a composition of our own: libsodium does every primitive.
 */
export const MAGIC = 'BBX1';
export const FORMAT_VERSION = 1;
/** Plaintext bytes per secretstream message: a large snapshot streams in pieces this size. */
const CHUNK = 64 * 1024;

export interface BundleHeader {
  format: 'branchbox-bundle';
  version: number;
  officeCode: string;
  /** a deliberate restore at the branch starts a new epoch (head office shows it as an alarm) */
  epoch: number;
  fromSeq: number;
  toSeq: number;
  /** the first bundle of a branch (or of an epoch): every exportable row as it stands at toSeq */
  snapshot: boolean;
  /** the previous bundle's hash ('' for the first): a chain */
  prevHash: string;
  /** the branch's newest audit anchor (electron/core/anchor.ts) as JSON text, or null (none yet; bundles cut before anchors) */
  anchor: string | null;
  createdAt: string;
  /** SHA-256 of the plaintext body, hex */
  bodySha256: string;
  /** crypto_box_seal of the secretstream key to head office's public key, base64 */
  sealedKey: string;
  /** the secretstream header, base64 */
  streamHeader: string;
  /** Ed25519 signature by the branch over the signed fields (signedBytes), base64 */
  signature: string;
}

/**
 * One line of the body. A row image travels as the JSON text the branch recorded (head office keeps it as it came,
 * without reading it again).
 */
export type BodyLine =
  | { t: 'command'; seq: number; row: Record<string, unknown> }
  | { t: 'change'; seq: number; table: string; key: string; op: 'I' | 'U' | 'D'; image: string | null }
  | { t: 'row'; table: string; key: string; image: string };

export class BundleError extends Error {
  constructor(
    readonly reason: 'damaged' | 'signature' | 'not_for_us' | 'format',
    message: string,
  ) {
    super(message);
  }
}


/** The fields the signature covers, in a fixed order: everything but the signature itself. */
function signedBytes(h: Omit<BundleHeader, 'signature'>): Uint8Array {
  const fields = [h.format, h.version, h.officeCode, h.epoch, h.fromSeq, h.toSeq, h.snapshot, h.prevHash, h.anchor, h.createdAt, h.bodySha256, h.sealedKey, h.streamHeader];
  return new TextEncoder().encode(JSON.stringify(fields));
}

/** A bundle's hash, what the next bundle names as prevHash: SHA-256 of its signed fields and signature. */
export function bundleHash(h: BundleHeader): string {
  return createHash('sha256').update(signedBytes(h)).update(h.signature).digest('hex');
}

export interface SealInput {
  officeCode: string;
  epoch: number;
  fromSeq: number;
  toSeq: number;
  snapshot: boolean;
  prevHash: string;
  createdAt: string;
  lines: Iterable<BodyLine>;
  /** the branch's Ed25519 secret key (64 bytes) */
  signingKey: Uint8Array;
  /** head office's X25519 public key (32 bytes) */
  headOfficeKey: Uint8Array;
  /** the branch's newest audit anchor as JSON text, or null */
  anchor?: string | null;
}

/**
 * Writes a bundle through `write`, piece by piece (a large snapshot is never held whole): the mark, the body's
 * secretstream messages, then the signed header (it names the body's SHA-256, known only at the end), its length
 * and the mark again. Returns the header.
 */
export async function sealBundle(input: SealInput, write: (bytes: Buffer) => void): Promise<BundleHeader> {
  const s = await sodiumReady();
  const key = s.crypto_secretstream_xchacha20poly1305_keygen();
  const { state, header: streamHeader } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
  const sha = createHash('sha256');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const push = (final: boolean) => {
    const plain = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    const tag = final ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const cipher = s.crypto_secretstream_xchacha20poly1305_push(state, plain, null, tag);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(cipher.length);
    write(Buffer.concat([len, Buffer.from(cipher)]));
  };
  write(Buffer.from(MAGIC, 'ascii'));
  for (const line of input.lines) {
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
    sha.update(bytes);
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= CHUNK) push(false);
  }
  push(true);
  const unsigned: Omit<BundleHeader, 'signature'> = {
    format: 'branchbox-bundle',
    version: FORMAT_VERSION,
    officeCode: input.officeCode,
    epoch: input.epoch,
    fromSeq: input.fromSeq,
    toSeq: input.toSeq,
    snapshot: input.snapshot,
    prevHash: input.prevHash,
    anchor: input.anchor ?? null,
    createdAt: input.createdAt,
    bodySha256: sha.digest('hex'),
    sealedKey: Buffer.from(s.crypto_box_seal(key, input.headOfficeKey)).toString('base64'),
    streamHeader: Buffer.from(streamHeader).toString('base64'),
  };
  const header: BundleHeader = { ...unsigned, signature: Buffer.from(s.crypto_sign_detached(signedBytes(unsigned), input.signingKey)).toString('base64') };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32BE(headerBytes.length, 0);
  trailer.write(MAGIC, 4, 'ascii');
  write(Buffer.concat([headerBytes, trailer]));
  return header;
}

/** Reads a bundle's header (not yet trusted: check its signature with verifyHeader) and where its body ends. */
export function readHeader(bytes: Buffer): { header: BundleHeader; bodyEnd: number } {
  if (bytes.length < 12 || bytes.subarray(0, 4).toString('ascii') !== MAGIC) throw new BundleError('format', 'not a Branchbox bundle (no BBX1 mark at its start)');
  if (bytes.subarray(bytes.length - 4).toString('ascii') !== MAGIC) throw new BundleError('damaged', 'the file is cut short (no BBX1 mark at its end)');
  const len = bytes.readUInt32BE(bytes.length - 8);
  if (len > 1_000_000 || 12 + len > bytes.length) throw new BundleError('damaged', 'the header is cut short');
  const bodyEnd = bytes.length - 8 - len;
  let header: BundleHeader;
  try {
    header = JSON.parse(bytes.subarray(bodyEnd, bodyEnd + len).toString('utf8')) as BundleHeader;
  } catch {
    throw new BundleError('damaged', 'the header is not readable');
  }
  if (header.format !== 'branchbox-bundle') throw new BundleError('format', 'not a Branchbox bundle');
  if (header.version !== FORMAT_VERSION) throw new BundleError('format', `bundle format version ${String(header.version)} is not known to this program (it reads version ${FORMAT_VERSION})`);
  // base64 decoders skip characters that are not base64: a signature damaged that way would still verify, yet the
  // bundle's hash (which covers the signature as written) would differ from the branch's, and the chain would break
  if (typeof header.signature !== 'string' || Buffer.from(header.signature, 'base64').toString('base64') !== header.signature) {
    throw new BundleError('damaged', 'the header is damaged (its signature is not as the branch wrote it)');
  }
  return { header, bodyEnd };
}

/** Whether the header was signed by the branch's key (Ed25519 public key, 32 bytes). */
export async function verifyHeader(header: BundleHeader, branchKey: Uint8Array): Promise<boolean> {
  const s = await sodiumReady();
  const { signature, ...unsigned } = header;
  try {
    return s.crypto_sign_verify_detached(Buffer.from(signature, 'base64'), signedBytes(unsigned), branchKey);
  } catch {
    return false;
  }
}

/**
 * Opens the body with head office's key pair, handing each line to `onLine` as its message is decrypted (a large
 * snapshot is never held whole), checking every message's authentication, the final tag, and the body's SHA-256
 * against the signed header. The caller applies the lines in a transaction it rolls back when this throws.
 */
export async function openBody(
  bytes: Buffer,
  bodyEnd: number,
  header: BundleHeader,
  hq: { publicKey: Uint8Array; privateKey: Uint8Array },
  onLine: (line: BodyLine) => void,
): Promise<void> {
  const s = await sodiumReady();
  let key: Uint8Array;
  try {
    key = s.crypto_box_seal_open(Buffer.from(header.sealedKey, 'base64'), hq.publicKey, hq.privateKey);
  } catch {
    throw new BundleError('not_for_us', 'this bundle was not sealed to this head office');
  }
  const state = s.crypto_secretstream_xchacha20poly1305_init_pull(Buffer.from(header.streamHeader, 'base64'), key);
  const sha = createHash('sha256');
  let rest = '';
  let at = 4;
  let finished = false;
  while (at < bodyEnd) {
    if (finished) throw new BundleError('damaged', 'bytes follow the end of the body');
    if (at + 4 > bodyEnd) throw new BundleError('damaged', 'the body is cut short');
    const len = bytes.readUInt32BE(at);
    if (at + 4 + len > bodyEnd) throw new BundleError('damaged', 'the body is cut short');
    let r: { message: Uint8Array; tag: number } | false;
    try {
      r = s.crypto_secretstream_xchacha20poly1305_pull(state, bytes.subarray(at + 4, at + 4 + len), null);
    } catch {
      r = false;
    }
    if (!r) throw new BundleError('damaged', 'the body does not decrypt (the file was altered or damaged)');
    sha.update(r.message);
    const lines = (rest + Buffer.from(r.message).toString('utf8')).split('\n');
    rest = lines.pop()!;
    for (const l of lines) onLine(JSON.parse(l) as BodyLine);
    finished = r.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    at += 4 + len;
  }
  if (!finished) throw new BundleError('damaged', 'the body is cut short (no final message)');
  if (rest !== '') throw new BundleError('damaged', 'the body ends inside a line');
  if (sha.digest('hex') !== header.bodySha256) throw new BundleError('damaged', 'the body is not the one the branch signed');
}
