import { closeSync, createReadStream, existsSync, statSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ExportStatus } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { Registry } from '../../dispatch/registry';
import type { HandlerContext } from '../../dispatch/context';
import { assertWritableFolder, checkFolderInput } from '../../backup';
import { processAlive } from '../../db/dataFolder';
import type { ServiceDeps } from '../deps';
import { senderOf, type Sender } from './sender';
import { findLocalOffice, getSetting, setSetting } from '../organisation';
import { readAcknowledgement, type Acknowledgement } from './ack';
import type { Link } from './upload';
import { bundleHash, readHeader, sealBundle, verifyHeader, type BundleHeader } from './bundle';
import { newestAnchor } from '../../anchor';
import { branchSigningKey, headOfficePairing, parsePairing, type BranchPairing, type HeadOfficePairing } from './keys';
import { acknowledge, acknowledgedFiles, acknowledgedSeq, lastAcknowledgedAt, bundleEndingAt, changeLines, unacknowledged, insertBundle, lastBundle, lastSeq, snapshotLines } from './repository';

/**
 * The branch's side of the export to head office (issue 13; FORMAT.md for the file): pairing, and the bundles cut
 * from the command log and the row images its commands wrote (db/capture.ts), written atomically to a folder.
 */
const HEAD_OFFICE = 'export.head_office';
const URL_KEY = 'export.url';
const EPOCH = 'export.epoch';
/** The folder each day-end writes the pending bundles to. */
const FOLDER = 'export.folder';
/** Commands per bundle: a day of a busy branch fits one. */
export const COMMANDS_PER_BUNDLE = 10_000;

/** Head office's address and the certificate fingerprint to pin, when an address is set. */
export function headOfficeLink(db: Db): Link | null {
  const url = getSetting(db, URL_KEY);
  const hq = pairedHeadOffice(db);
  return url && hq ? { url, fingerprint: hq.tlsFingerprint } : null;
}

function pairedHeadOffice(db: Db): HeadOfficePairing | null {
  const text = getSetting(db, HEAD_OFFICE);
  return text ? (JSON.parse(text) as HeadOfficePairing) : null;
}

export function exportEpoch(db: Db): number {
  return Number(getSetting(db, EPOCH) ?? '1');
}

function officeCodeOf(db: Db): string {
  const office = findLocalOffice(db);
  if (!office) throw new AppError('NOT_INITIALIZED', 'This branch is not set up yet');
  return office.code;
}

/** The branch's pairing file: its office, its name and the public half of its signing key. */
export async function branchPairingText(db: Db, dataDir: string | null): Promise<string> {
  const office = findLocalOffice(db);
  if (!office) throw new AppError('NOT_INITIALIZED', 'This branch is not set up yet');
  const key = await branchSigningKey(dataDir, db);
  const pairing: BranchPairing = { format: 'branchbox-pairing', version: 1, role: 'branch', officeCode: office.code, name: office.name, signingKey: Buffer.from(key.publicKey).toString('base64') };
  return `${JSON.stringify(pairing, null, 2)}\n`;
}

/** Writes a file whole or not at all: a temporary file, fsync, rename, then read back and its header checked. */
function writeAtomically(dir: string, name: string, write: (put: (b: Buffer) => void) => Promise<BundleHeader>): Promise<{ header: BundleHeader; bytes: number }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  let bytes = 0;
  return write((b) => {
    writeSync(fd, b);
    bytes += b.length;
  })
    .then(async (header) => {
      fsyncSync(fd);
      closeSync(fd);
      renameSync(partial, file);
      const back = readHeader(readFileSync(file));
      if (bundleHash(back.header) !== bundleHash(header)) throw new Error(`${file} does not read back as written`);
      return { header, bytes };
    })
    .catch((err: unknown) => {
      try {
        closeSync(fd);
      } catch {
        /* closed already */
      }
      rmSync(partial, { force: true });
      throw err;
    });
}

export interface WrittenBundle {
  file: string;
  fromSeq: number;
  toSeq: number;
  snapshot: boolean;
  bytes: number;
}

/** Where the branch keeps every bundle head office has not acknowledged: sent again until it is. */
const memoryOutboxes = new WeakMap<object, string>();
export function outboxDir(db: Db, dataDir: string | null): string {
  if (dataDir) return join(dataDir, 'outbox');
  let dir = memoryOutboxes.get(db);
  if (!dir) memoryOutboxes.set(db, (dir = mkdtempSync(join(tmpdir(), 'branchbox-outbox-'))));
  return dir;
}

/**
 * Cuts every pending bundle (the commands after the last bundle; the first a full snapshot) into the outbox as
 * `<office>-<epoch>-<from>-<to>.bbx`, signed by the branch and sealed to head office. Returns what it cut (nothing
 * when nothing is pending).
 */
export function cutPendingBundles(db: Db, dataDir: string | null, now: () => Date): Promise<WrittenBundle[]> {
  // one cutter at a time: in this process (the sender, a screen's download, a day-end) by a queue, and across
  // processes (`branchbox export` beside a running host) by a lock file in the outbox; two cutters at once would
  // write the same file name with different bytes
  const before = cutting.get(db) ?? Promise.resolve();
  const mine = before.then(() => withOutboxLock(outboxDir(db, dataDir), () => cutNow(db, dataDir, now)));
  cutting.set(db, mine.catch(() => undefined));
  return mine;
}

const cutting = new WeakMap<object, Promise<unknown>>();
/** How long a cutter waits for another process's cut to end before it gives up saying so. */
const LOCK_WAIT_MS = 60_000;

/** Runs `fn` holding the outbox's lock file (`.cutting`, naming the process); a lock left by a process gone is taken. */
async function withOutboxLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.cutting');
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lock, 'utf8') || '0');
      if (!holder || !processAlive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > until) throw new AppError('INVALID_STATE', 'Another Branchbox process is cutting bundles for head office: try again when it is done', undefined, { reason: 'EXPORT_BUSY' });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** The branch's newest audit anchor as it is kept (anchor.ts), for a bundle's header; null when there is none yet. */
function anchorText(db: Db, dataDir: string | null): string | null {
  const a = newestAnchor(dataDir, db);
  return a ? JSON.stringify(a) : null;
}

async function cutNow(db: Db, dataDir: string | null, now: () => Date): Promise<WrittenBundle[]> {
  const hq = pairedHeadOffice(db);
  if (!hq) throw new AppError('INVALID_STATE', 'This branch is not paired with a head office: import its pairing file first', undefined, { reason: 'NOT_PAIRED' });
  const officeCode = officeCodeOf(db);
  const epoch = exportEpoch(db);
  const key = await branchSigningKey(dataDir, db);
  const outDir = outboxDir(db, dataDir);
  const written: WrittenBundle[] = [];
  for (;;) {
    const last = lastBundle(db, epoch);
    const end = lastSeq(db);
    const fromSeq = (last?.to_seq ?? 0) + 1;
    if (fromSeq > end) return written;
    const snapshot = !last;
    // a snapshot holds the whole log so far with the rows as they stand; then COMMANDS_PER_BUNDLE at a time
    const toSeq = snapshot ? end : Math.min(end, fromSeq + COMMANDS_PER_BUNDLE - 1);
    const name = `${officeCode}-${String(epoch).padStart(2, '0')}-${String(fromSeq).padStart(9, '0')}-${String(toSeq).padStart(9, '0')}.bbx`;
    const createdAt = now().toISOString();
    const { header, bytes } = await writeAtomically(outDir, name, (put) =>
      sealBundle(
        {
          officeCode,
          epoch,
          fromSeq,
          toSeq,
          snapshot,
          prevHash: last?.hash ?? '',
          createdAt,
          lines: snapshot ? snapshotLines(db, toSeq) : changeLines(db, fromSeq, toSeq),
          signingKey: key.privateKey,
          headOfficeKey: Buffer.from(hq.encryptionKey, 'base64'),
          anchor: anchorText(db, dataDir),
        },
        put,
      ),
    );
    if (!(await verifyHeader(header, key.publicKey))) throw new Error(`${name}: the signature does not verify`);
    insertBundle(db, { epoch, from_seq: fromSeq, to_seq: toSeq, snapshot: snapshot ? 1 : 0, hash: bundleHash(header), prev_hash: header.prevHash, file_name: name, bytes, created_at: createdAt });
    written.push({ file: join(outDir, name), fromSeq, toSeq, snapshot, bytes });
  }
}

/** Copies a bundle whole or not at all (temporary file, fsync, rename), then reads it back and checks its header. */
async function copyAtomically(from: string, dir: string, name: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  const partial = `${target}.partial`;
  try {
    await copyFile(from, partial);
    const fd = openSync(partial, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  if (bundleHash(readHeader(readFileSync(target)).header) !== bundleHash(readHeader(readFileSync(from)).header)) throw new Error(`${target} does not read back as written`);
  return target;
}

/**
 * Cuts the pending bundles, then writes to `outDir` (a USB stick) every bundle head office has not acknowledged that
 * the folder does not hold as it should: a copy damaged or lost on an earlier trip, or one a day-end could not write
 * (the stick was out), is written again. Returns what it wrote (nothing when the folder holds it all).
 */
export async function writePendingBundles(db: Db, dataDir: string | null, outDir: string, now: () => Date): Promise<WrittenBundle[]> {
  await cutPendingBundles(db, dataDir, now);
  const outbox = outboxDir(db, dataDir);
  const written: WrittenBundle[] = [];
  for (const b of unacknowledged(db, exportEpoch(db))) {
    const source = join(outbox, b.file_name);
    if (await sameFile(source, join(outDir, b.file_name))) continue;
    written.push({ file: await copyAtomically(source, outDir, b.file_name), fromSeq: b.from_seq, toSeq: b.to_seq, snapshot: b.snapshot === 1, bytes: b.bytes });
  }
  return written;
}

/** Whether `copy` holds the same bytes as `file` (SHA-256 of each, read as streams: a snapshot may be large). */
async function sameFile(file: string, copy: string): Promise<boolean> {
  if (!existsSync(copy) || statSync(copy).size !== statSync(file).size) return false;
  const digest = async (f: string) => {
    const h = createHash('sha256');
    for await (const chunk of createReadStream(f)) h.update(chunk as Buffer);
    return h.digest('hex');
  };
  return (await digest(file)) === (await digest(copy));
}

/** The bundles head office has not acknowledged, in order, with their files in the outbox. */
export function unacknowledgedBundles(db: Db, dataDir: string | null): { file: string; name: string; toSeq: number }[] {
  const dir = outboxDir(db, dataDir);
  return unacknowledged(db, exportEpoch(db)).map((b) => ({ file: join(dir, b.file_name), name: b.file_name, toSeq: b.to_seq }));
}

/**
 * Reads head office's acknowledgement and checks it is for this branch, signed by the head office it is paired with,
 * and names a bundle this branch cut (same sequence, same hash): anything else is refused naming the field.
 */
export async function checkedAcknowledgement(db: Db, text: string): Promise<Acknowledgement> {
  const hq = pairedHeadOffice(db);
  if (!hq) throw new AppError('INVALID_STATE', 'This branch is not paired with a head office: import its pairing file first', undefined, { reason: 'NOT_PAIRED' });
  const ack = await readAcknowledgement(text, Buffer.from(hq.signingKey, 'base64'));
  const refuse = (why: string) => new AppError('VALIDATION_FAILED', `The acknowledgement ${why}`, [{ field: 'ack', code: 'invalid', message: why }]);
  if (ack.officeCode !== officeCodeOf(db)) throw refuse(`is for branch ${ack.officeCode}, not this one`);
  if (ack.epoch !== exportEpoch(db)) throw refuse(`is for epoch ${ack.epoch}; this branch is in epoch ${exportEpoch(db)}`);
  if (ack.sequence > 0) {
    const b = bundleEndingAt(db, ack.epoch, ack.sequence);
    if (!b || b.hash !== ack.hash) throw refuse(`names sequence ${ack.sequence}, which this branch never sent as such`);
  }
  return ack;
}

/** Records what head office holds: those bundles are not sent again. */
export function recordAcknowledgement(db: Db, dataDir: string | null, ack: Acknowledgement, at: string): { acknowledgedSequence: number; bundles: number } {
  const bundles = acknowledge(db, ack.epoch, ack.sequence, at);
  // what head office holds leaves the outbox
  for (const name of acknowledgedFiles(db, ack.epoch)) rmSync(join(outboxDir(db, dataDir), name), { force: true });
  return { acknowledgedSequence: acknowledgedSeq(db, ack.epoch), bundles };
}

/**
 * At a day-end: the pending bundles written to the folder set for them. The day is closed whatever happens here: a
 * folder that cannot be written (the stick unplugged or full) is a warning naming it, and the next day-end writes
 * what is pending then. Returns the files written.
 */
export async function exportToFolder(ctx: HandlerContext, db: Db, dataDir: string | null): Promise<string[]> {
  const folder = getSetting(db, FOLDER);
  if (!folder || !pairedHeadOffice(db)) return [];
  try {
    assertWritableFolder(folder);
    return (await writePendingBundles(db, dataDir, folder, () => ctx.clock.now())).map((w) => w.file);
  } catch (err) {
    ctx.warn({ code: 'EXPORT_FOLDER_FAILED', message: `The day is closed, but the bundles for head office could not be written to ${folder}: ${(err as Error).message}`, details: { folder } });
    return [];
  }
}

export function exportStatus(db: Db, sender?: Sender): ExportStatus {
  const epoch = exportEpoch(db);
  const last = lastBundle(db, epoch);
  const hq = pairedHeadOffice(db);
  return {
    officeCode: officeCodeOf(db),
    headOffice: hq?.organisation ?? null,
    url: getSetting(db, URL_KEY) || null,
    epoch,
    lastBundle: last ? { fromSeq: last.from_seq, toSeq: last.to_seq, createdAt: last.created_at, fileName: last.file_name } : null,
    acknowledgedSequence: acknowledgedSeq(db, epoch),
    pendingCommands: lastSeq(db) - (last?.to_seq ?? 0),
    linkState: headOfficeLink(db) ? (sender?.state.state ?? 'idle') : 'none',
    link: sender ? { ...sender.state, sending: sender.state.sending ? { ...sender.state.sending } : null } : { sending: null, lastAttemptAt: null, lastSuccessAt: null, lastError: null, nextTryAt: null },
    acknowledgedAt: lastAcknowledgedAt(db, epoch),
    exportFolder: getSetting(db, FOLDER) || null,
  };
}

export function registerExports(registry: Registry, deps: ServiceDeps): void {
  const sender = (db: Db) => senderOf(db, deps.dataDir, deps.clock);
  registry.register('exports.setHeadOffice', (ctx, input) => {
    const hq = parsePairing(headOfficePairing, input.pairing);
    const url = input.url ?? null;
    if (url !== null && !/^https:\/\//.test(url) && !/^http:\/\/127\.0\.0\.1(:\d+)?(\/|$)/.test(url)) {
      throw new AppError('VALIDATION_FAILED', 'The head office address must be https (plain http only on 127.0.0.1)', [{ field: 'url', code: 'not_https', message: 'must start with https://' }]);
    }
    if (url !== null && url.startsWith('https://') && !hq.tlsFingerprint) {
      throw new AppError('VALIDATION_FAILED', "Head office's pairing file has no certificate fingerprint: write it again with branchbox hq key", [{ field: 'pairing', code: 'no_fingerprint', message: 'carries no certificate fingerprint to pin' }]);
    }
    setSetting(ctx.db, HEAD_OFFICE, JSON.stringify(hq));
    setSetting(ctx.db, URL_KEY, url ?? '');
    ctx.touched('setting', HEAD_OFFICE);
    return { headOffice: hq.organisation, url };
  });
  registry.register('exports.setFolder', (ctx, input) => {
    if (input.folder !== null) checkFolderInput(input.folder);
    setSetting(ctx.db, FOLDER, input.folder ?? '');
    ctx.touched('setting', FOLDER);
    return { exportFolder: input.folder };
  });
  // a job only because the key is read asynchronously (made at set-up): it writes nothing
  registry.register('exports.pairing', async (ctx) => ({ fileName: `${officeCodeOf(ctx.db)}.pair`, text: await branchPairingText(ctx.db, deps.dataDir) }));
  registry.register('exports.status', (ctx) => exportStatus(ctx.db, sender(ctx.db)));
  registry.register('exports.sendNow', (ctx) => {
    if (!headOfficeLink(ctx.db)) {
      // a branch without a link sends by USB: nothing to do here, said plainly (a script run everywhere does not fail)
      ctx.warn({ code: 'NO_ADDRESS', message: "No head office address is set: nothing is sent over the network (set it with head office's pairing file, or take the bundles by USB)" });
      return { linkState: 'none' as const };
    }
    const s = sender(ctx.db);
    void s.kick();
    return { linkState: s.state.state === 'none' ? 'idle' : s.state.state };
  });
  registry.register('exports.download', async (ctx) => {
    // the bundles cut here are recorded by the export itself, like exports.acknowledge's: no command
    await cutPendingBundles(ctx.db, deps.dataDir, () => ctx.clock.now());
    const files: { name: string; base64: string }[] = [];
    for (const b of unacknowledgedBundles(ctx.db, deps.dataDir)) files.push({ name: b.name, base64: (await readFile(b.file)).toString('base64') });
    return { files };
  });
  registry.register('exports.acknowledge', async (ctx, input) => {
    // kept by the export itself, like the bundles cut: not a change of the branch's books, so no command (else each
    // acknowledgement would be a command to send, and acknowledge, again)
    const ack = await checkedAcknowledgement(ctx.db, input.ack);
    return recordAcknowledgement(ctx.db, deps.dataDir, ack, ctx.clock.now().toISOString());
  });
}
