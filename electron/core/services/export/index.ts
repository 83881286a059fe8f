import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportStatus } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { Registry } from '../../dispatch/registry';
import { findLocalOffice, getSetting, setSetting } from '../organisation';
import { bundleHash, readHeader, sealBundle, verifyHeader, type BundleHeader } from './bundle';
import { branchSigningKey, headOfficePairing, parsePairing, type BranchPairing, type HeadOfficePairing } from './keys';
import { acknowledgedSeq, changeLines, insertBundle, lastBundle, lastSeq, snapshotLines } from './repository';

/**
 * The branch's side of the export to head office (issue 13; FORMAT.md for the file): pairing, and the bundles cut
 * from the command log and the row images its commands wrote (db/capture.ts), written atomically to a folder.
 */
const HEAD_OFFICE = 'export.head_office';
const URL_KEY = 'export.url';
const EPOCH = 'export.epoch';
/** Commands per bundle: a day of a busy branch fits one. */
export const COMMANDS_PER_BUNDLE = 10_000;

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

/**
 * Cuts every pending bundle (the commands after the last bundle; the first a full snapshot) and writes each to
 * `outDir` as `<office>-<epoch>-<from>-<to>.bbx`, signed by the branch and sealed to head office. Returns what it
 * wrote (nothing when nothing is pending).
 */
export async function writePendingBundles(db: Db, dataDir: string | null, outDir: string, now: () => Date): Promise<WrittenBundle[]> {
  const hq = pairedHeadOffice(db);
  if (!hq) throw new AppError('INVALID_STATE', 'This branch is not paired with a head office: import its pairing file first', undefined, { reason: 'NOT_PAIRED' });
  const officeCode = officeCodeOf(db);
  const epoch = exportEpoch(db);
  const key = await branchSigningKey(dataDir, db);
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
        },
        put,
      ),
    );
    if (!(await verifyHeader(header, key.publicKey))) throw new Error(`${name}: the signature does not verify`);
    insertBundle(db, { epoch, from_seq: fromSeq, to_seq: toSeq, snapshot: snapshot ? 1 : 0, hash: bundleHash(header), prev_hash: header.prevHash, file_name: name, bytes, created_at: createdAt });
    written.push({ file: join(outDir, name), fromSeq, toSeq, snapshot, bytes });
  }
}

export function exportStatus(db: Db): ExportStatus {
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
    linkState: 'none',
  };
}

export function registerExports(registry: Registry): void {
  registry.register('exports.setHeadOffice', (ctx, input) => {
    const hq = parsePairing(headOfficePairing, input.pairing);
    const url = input.url ?? null;
    if (url !== null && !/^https:\/\//.test(url) && !/^http:\/\/127\.0\.0\.1(:\d+)?(\/|$)/.test(url)) {
      throw new AppError('VALIDATION_FAILED', 'The head office address must be https (plain http only on 127.0.0.1)', [{ field: 'url', code: 'not_https', message: 'must start with https://' }]);
    }
    setSetting(ctx.db, HEAD_OFFICE, JSON.stringify(hq));
    setSetting(ctx.db, URL_KEY, url ?? '');
    ctx.touched('setting', HEAD_OFFICE);
    return { headOffice: hq.organisation, url };
  });
  registry.register('exports.status', (ctx) => exportStatus(ctx.db));
}
