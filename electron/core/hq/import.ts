import { branchPairing, headOfficeKey, headOfficeSigningKey, parsePairing, type HeadOfficePairing, type KeyPair } from '../services/export/keys';
import { BundleError, bundleHash, openBody, readHeader, verifyHeader, type BundleHeader } from '../services/export/bundle';
import { sodiumReady } from '../security/sodium';
import type { HeadOfficeStore } from './store';
import { AppError } from '../../../shared/errors';
import { signAcknowledgement } from '../services/export/ack';
import { checkAnchoredCommands, takeAnchor } from './anchors';

/**
 * Head office receiving bundles (issue 13): each checked (format, signature by the registered branch, chain,
 * sequence) then applied in one transaction, exactly once and in order. A duplicate changes nothing; a bundle
 * that comes early is held until the missing sequences arrive; two different bundles for the same sequences stop
 * the branch's import with a FORK alarm; a damaged or foreign file is refused saying why; a new epoch (a restore at
 * the branch) is held as an alarm for a head-office user to accept, never applied silently.
 */
export type ImportOutcome =
  | { file: string; status: 'applied'; officeCode: string; fromSeq: number; toSeq: number; lines: number; alsoApplied: string[] }
  | { file: string; status: 'duplicate'; officeCode: string; fromSeq: number; toSeq: number }
  | { file: string; status: 'held'; officeCode: string; fromSeq: number; toSeq: number; reason: 'MISSING_SEQ' | 'NEW_EPOCH'; missing?: { fromSeq: number; toSeq: number } }
  | { file: string; status: 'refused'; reason: string; officeCode?: string };

export interface HeadOffice {
  store: HeadOfficeStore;
  /** the X25519 key pair bundles are sealed to */
  keys: KeyPair;
  /** the Ed25519 key pair its acknowledgements are signed with */
  signing: KeyPair;
  now: () => Date;
  /** the SHA-256 fingerprint of the TLS certificate it serves with (branches pin it), when it serves */
  tlsFingerprint: string | null;
}

export async function openHeadOffice(store: HeadOfficeStore, dataDir: string | null, now: () => Date = () => new Date(), tlsFingerprint: string | null = null): Promise<HeadOffice> {
  return { store, keys: await headOfficeKey(dataDir, store.db), signing: await headOfficeSigningKey(dataDir, store.db), now, tlsFingerprint };
}

/** Head office's pairing file, for the branches: its organisation and the public key bundles are sealed to. */
export function headOfficePairingText(hq: HeadOffice, organisation: string): string {
  const p: HeadOfficePairing = {
    format: 'branchbox-pairing',
    version: 1,
    role: 'headOffice',
    organisation,
    encryptionKey: Buffer.from(hq.keys.publicKey).toString('base64'),
    signingKey: Buffer.from(hq.signing.publicKey).toString('base64'),
    tlsFingerprint: hq.tlsFingerprint,
  };
  return `${JSON.stringify(p, null, 2)}\n`;
}

/** Registers a branch from the text of its pairing file. */
export function registerBranch(hq: HeadOffice, pairingText: string): { officeCode: string; name: string } {
  const p = parsePairing(branchPairing, pairingText);
  hq.store.registerBranch({ officeCode: p.officeCode, name: p.name, signingKey: p.signingKey, at: hq.now().toISOString() });
  return { officeCode: p.officeCode, name: p.name };
}

/** Applies a checked bundle's lines in one transaction; rolled back when the body turns out damaged. */
async function apply(hq: HeadOffice, file: string, bytes: Buffer, header: BundleHeader, bodyEnd: number): Promise<number> {
  await sodiumReady();
  const db = hq.store.db;
  const a = hq.store.applier(header.officeCode);
  db.exec('BEGIN IMMEDIATE');
  try {
    if (header.snapshot) a.clear();
    let lines = 0;
    await openBody(bytes, bodyEnd, header, hq.keys, (line) => {
      lines += 1;
      if (line.t === 'command') a.command(line.row);
      else if (line.t === 'row') a.row(line.table, line.key, line.image);
      else if (line.op === 'D' || line.image === null) a.remove(line.table, line.key);
      else a.row(line.table, line.key, line.image);
    });
    a.done({ epoch: header.epoch, fromSeq: header.fromSeq, toSeq: header.toSeq, hash: bundleHash(header), fileName: file, at: hq.now().toISOString() });
    db.exec('COMMIT');
    return lines;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Why a bundle's body is damaged, or null: checked before a bundle is held, since a damaged copy held would take the
 * place of the good one (a copy of the same bundle is held once) and answer an upload of it as received.
 */
async function bodyFault(hq: HeadOffice, bytes: Buffer, bodyEnd: number, header: BundleHeader): Promise<string | null> {
  try {
    await openBody(bytes, bodyEnd, header, hq.keys, () => undefined);
    return null;
  } catch (err) {
    return err instanceof BundleError ? err.message : `not readable: ${(err as Error).message}`;
  }
}

/** Receives one bundle file (its name and bytes). */
export async function importBundle(hq: HeadOffice, file: string, bytes: Buffer): Promise<ImportOutcome> {
  let header: BundleHeader;
  let bodyEnd: number;
  try {
    ({ header, bodyEnd } = readHeader(bytes));
  } catch (err) {
    return { file, status: 'refused', reason: err instanceof BundleError ? err.message : 'not readable' };
  }
  const officeCode = header.officeCode;
  const branch = hq.store.branch(officeCode);
  if (!branch) return { file, status: 'refused', reason: `branch ${officeCode} is not registered here: import its pairing file first`, officeCode };
  if (!(await verifyHeader(header, Buffer.from(branch.signing_key, 'base64')))) {
    return { file, status: 'refused', reason: `the signature is not ${officeCode}'s (the file was altered, or made by another PC)`, officeCode };
  }
  const at = hq.now().toISOString();
  // the branch's audit anchor, kept whatever becomes of the bundle (issue 14 point 2)
  takeAnchor(hq.store, header, at);
  const hash = bundleHash(header);
  const span = { officeCode, fromSeq: header.fromSeq, toSeq: header.toSeq };
  // a new epoch is held even for a stopped branch: restoring its books is how a branch gets past a fork
  if (branch.stopped && header.epoch <= branch.epoch) return { file, status: 'refused', reason: `the import of ${officeCode} is stopped: ${branch.stopped}`, officeCode };
  if (header.epoch !== branch.epoch) {
    if (header.epoch < branch.epoch) return { file, status: 'duplicate', ...span };
    const fault = await bodyFault(hq, bytes, bodyEnd, header);
    if (fault) return { file, status: 'refused', reason: fault, officeCode };
    hq.store.hold({ ...span, epoch: header.epoch, hash, fileName: file, bytes, at });
    hq.store.alarm(officeCode, 'NEW_EPOCH', `${officeCode} restored its books and started epoch ${header.epoch}: accept it before its bundles are applied`, at);
    return { file, status: 'held', reason: 'NEW_EPOCH', ...span };
  }
  const applied = hq.store.appliedHash(officeCode, header.epoch, header.fromSeq);
  if (applied === hash) return { file, status: 'duplicate', ...span };
  if (applied !== null || header.fromSeq <= branch.last_seq) {
    const why = `two different bundles for sequence ${header.fromSeq} of ${officeCode}`;
    hq.store.alarm(officeCode, 'FORK', why, at);
    hq.store.stop(officeCode, `FORK: ${why}`);
    return { file, status: 'refused', reason: `FORK: ${why}`, officeCode };
  }
  if (header.fromSeq > branch.last_seq + 1) {
    const fault = await bodyFault(hq, bytes, bodyEnd, header);
    if (fault) return { file, status: 'refused', reason: fault, officeCode };
    hq.store.hold({ ...span, epoch: header.epoch, hash, fileName: file, bytes, at });
    return { file, status: 'held', reason: 'MISSING_SEQ', ...span, missing: { fromSeq: branch.last_seq + 1, toSeq: header.fromSeq - 1 } };
  }
  if (header.prevHash !== branch.last_hash || (branch.last_seq === 0 && !header.snapshot)) {
    const why = `the bundle from sequence ${header.fromSeq} of ${officeCode} does not follow the last one applied`;
    hq.store.alarm(officeCode, 'FORK', why, at);
    hq.store.stop(officeCode, `FORK: ${why}`);
    return { file, status: 'refused', reason: `FORK: ${why}`, officeCode };
  }
  let lines: number;
  try {
    lines = await apply(hq, file, bytes, header, bodyEnd);
  } catch (err) {
    return { file, status: 'refused', reason: err instanceof BundleError ? err.message : `not applied: ${(err as Error).message}`, officeCode };
  }
  checkAnchoredCommands(hq.store, officeCode, at);
  // bundles that came early may follow now
  const alsoApplied: string[] = [];
  for (;;) {
    const next = hq.store.heldAt(officeCode, header.epoch, hq.store.branch(officeCode)!.last_seq + 1);
    if (!next) break;
    const r = await importBundle(hq, next.file_name, Buffer.from(next.bytes));
    if (r.status !== 'applied') break;
    alsoApplied.push(next.file_name, ...r.alsoApplied);
  }
  return { file, status: 'applied', ...span, lines, alsoApplied };
}

/** Head office's signed acknowledgement of what it holds of `officeCode` (services/export/ack.ts). */
export async function acknowledgementFor(hq: HeadOffice, officeCode: string): Promise<string> {
  const b = hq.store.branch(officeCode);
  if (!b) throw new AppError('NOT_FOUND', `Branch ${officeCode} is not registered here`);
  return signAcknowledgement({ officeCode, epoch: b.epoch, sequence: b.last_seq, hash: b.last_hash, at: hq.now().toISOString() }, hq.signing.privateKey);
}

/**
 * A head-office user accepts a branch's new epoch (its NEW_EPOCH alarm): the branch starts again from that epoch,
 * whose bundles waiting are applied in order (the first a full snapshot). A FORK alarm is not accepted here: the
 * branch gets past a fork by restoring its books, which starts a new epoch.
 */
export async function acceptNewEpoch(hq: HeadOffice, alarmId: number): Promise<{ officeCode: string; epoch: number; lastSequence: number; applied: string[] }> {
  const alarm = hq.store.alarmById(alarmId);
  if (!alarm || alarm.accepted_at !== null) throw new AppError('NOT_FOUND', `There is no open alarm ${alarmId}`, [{ field: 'alarmId', code: 'not_found', message: 'is not an open alarm' }]);
  if (alarm.kind !== 'NEW_EPOCH') {
    throw new AppError('INVALID_STATE', `A ${alarm.kind} alarm is not accepted at head office: the branch restores its books from a backup, which starts a new epoch`, undefined, { reason: alarm.kind });
  }
  const officeCode = alarm.office_code;
  const epoch = hq.store.nextHeldEpoch(officeCode);
  if (epoch === null) throw new AppError('INVALID_STATE', `${officeCode} has no bundles of a new epoch waiting`);
  hq.store.startEpoch(officeCode, epoch, alarmId, hq.now().toISOString());
  const applied: string[] = [];
  for (;;) {
    const next = hq.store.heldAt(officeCode, epoch, hq.store.branch(officeCode)!.last_seq + 1);
    if (!next) break;
    const r = await importBundle(hq, next.file_name, Buffer.from(next.bytes));
    if (r.status !== 'applied') break;
    applied.push(next.file_name, ...r.alsoApplied);
  }
  return { officeCode, epoch, lastSequence: hq.store.branch(officeCode)!.last_seq, applied };
}

/** What head office holds of each branch. */
export function branchesOf(hq: HeadOffice): { officeCode: string; name: string; lastSequence: number; lastAppliedAt: string | null; missingFrom: number | null; alarms: { id: number; kind: string; detail: string; raisedAt: string }[] }[] {
  return hq.store.branches().map((b) => {
    const held = hq.store.firstHeld(b.office_code, b.epoch);
    return { officeCode: b.office_code, name: b.name, lastSequence: b.last_seq, lastAppliedAt: b.last_applied_at, missingFrom: held === null ? null : b.last_seq + 1, alarms: hq.store.alarms(b.office_code) };
  });
}
