import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core';
import { anchorSignedBytes, writeAnchor, type Anchor } from '../../../electron/core/anchor';
import { takeAnchor } from '../../../electron/core/hq/anchors';
import { secretFor } from '../../../electron/core/keys';
import { cutPendingBundles } from '../../../electron/core/services/export';
import { readHeader, type BundleHeader } from '../../../electron/core/services/export/bundle';
import { Caller, TestClock } from '../../support/core';
import { lendingBranch, type LendingBranch } from '../../support/lending';

/**
 * Each export bundle carries the branch's newest audit anchor (issue 14, point 2); head office keeps every one and
 * raises an ANCHOR alarm when one contradicts what it holds.
 */
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0).reverse()) c();
});

async function pairedBranch(): Promise<{ hq: Core; admin: Caller; b: LendingBranch }> {
  const hq = await openCore({ dataDir: null, headOffice: true, clock: new TestClock() });
  closers.push(() => hq.close());
  const admin = new Caller(hq);
  await admin.ok('hq.initialize', { organisation: { name: 'Umoja Microfinance' }, currency: { code: 'KES', decimalPlaces: 2 }, admin: { username: 'hqadmin', password: 'Hq-admin-pass-2026' } });
  const b = await lendingBranch();
  closers.push(() => b.core.close());
  await b.admin.ok('exports.setHeadOffice', { pairing: (await admin.ok('hq.pairing', {})).text });
  await admin.ok('hq.registerBranch', { pairing: (await b.admin.ok('exports.pairing', {})).text });
  return { hq, admin, b };
}

const asFiles = (files: { file: string }[]) => files.map((f) => ({ name: basename(f.file), base64: readFileSync(f.file).toString('base64') }));
const headerOf = (file: string): BundleHeader => readHeader(readFileSync(file)).header;

/** An anchor signed with the branch's own anchor key over a head of the test's choosing (a key taken, a tool misused). */
async function signedWithBranchKey(b: LendingBranch, a: Omit<Anchor, 'signature' | 'publicKey'>): Promise<Anchor> {
  await sodium.ready;
  const keys = sodium.crypto_sign_seed_keypair(secretFor(null, b.core.db, 'anchor'));
  const unsigned = { ...a, publicKey: Buffer.from(keys.publicKey).toString('base64') };
  return { ...unsigned, signature: Buffer.from(sodium.crypto_sign_detached(anchorSignedBytes(unsigned), keys.privateKey)).toString('base64') };
}

describe('anchors at head office', () => {
  it('a bundle carries the newest anchor in its signed header; head office keeps it and raises nothing', async () => {
    const { hq, admin, b } = await pairedBranch();
    const anchor = await writeAnchor(b.core.db, null, 'day-end');
    const files = await cutPendingBundles(b.core.db, null, () => new Date());
    expect(JSON.parse(headerOf(files[0]!.file).anchor!)).toEqual(anchor);
    const r = await admin.ok('hq.importBundles', { files: asFiles(files) });
    expect(r.files).toEqual([expect.objectContaining({ status: 'applied' })]);
    expect(hq.headOffice!.store.anchorsOf('NRB', 1)).toEqual([{ seq: anchor.seq, hash: anchor.hash, anchoredAt: anchor.at }]);
    expect(hq.headOffice!.store.anchorKey('NRB')).toBe(anchor.publicKey);
    expect((await admin.ok('hq.branches', {}))[0]!.alarms).toEqual([]);
  });

  it('a bundle cut before anchors existed (anchor null) is imported as before', async () => {
    const { hq, admin, b } = await pairedBranch();
    const files = await cutPendingBundles(b.core.db, null, () => new Date());
    expect(headerOf(files[0]!.file).anchor).toBeNull();
    expect((await admin.ok('hq.importBundles', { files: asFiles(files) })).files).toEqual([expect.objectContaining({ status: 'applied' })]);
    expect(hq.headOffice!.store.anchorsOf('NRB', 1)).toEqual([]);
  });

  it('alarms when a sequence is anchored with another hash than before, and than the command head office holds', async () => {
    const { hq, admin, b } = await pairedBranch();
    const first = await writeAnchor(b.core.db, null, 'day-end', new Date('2026-01-15T18:00:00Z'));
    await admin.ok('hq.importBundles', { files: asFiles(await cutPendingBundles(b.core.db, null, () => new Date())) });
    // the branch's key signs another history at the same sequence (kept in the branch's anchors: the newest)
    const other = await signedWithBranchKey(b, { ...first, hash: 'f'.repeat(64), at: '2026-01-16T18:00:00.000Z' });
    b.core.db.prepare('INSERT INTO anchors (epoch, seq, anchor_json) VALUES (?, ?, ?)').run(other.epoch, other.seq, JSON.stringify(other));
    await b.officer.ok('clients.create', { firstname: 'Juma', lastname: 'Otieno', mobileNo: '+254700000077' });
    const next = await cutPendingBundles(b.core.db, null, () => new Date());
    expect(JSON.parse(headerOf(next[0]!.file).anchor!)).toEqual(other);
    expect((await admin.ok('hq.importBundles', { files: asFiles(next) })).files).toEqual([expect.objectContaining({ status: 'applied' })]);
    expect((await admin.ok('hq.branches', {}))[0]!.alarms.map((a: { kind: string; detail: string }) => [a.kind, a.detail])).toEqual([
      ['ANCHOR', `NRB anchored sequence ${first.seq} of epoch 1 with two different hashes (on ${first.at} and ${other.at}): its audit history was rewritten`],
      ['ANCHOR', `NRB anchored sequence ${first.seq} on ${other.at} with a hash other than the command head office holds: its audit history was rewritten`],
    ]);
    expect(hq.headOffice!.store.anchorsOf('NRB', 1)).toHaveLength(2);
  });

  it('alarms on a head gone back without a new epoch, an anchor signed by another key, and one altered', async () => {
    const { hq, admin, b } = await pairedBranch();
    const store = hq.headOffice!.store;
    const first = await writeAnchor(b.core.db, null, 'day-end', new Date('2026-01-15T18:00:00Z'));
    const files = await cutPendingBundles(b.core.db, null, () => new Date());
    await admin.ok('hq.importBundles', { files: asFiles(files) });
    const header = headerOf(files[0]!.file);
    const at = '2026-01-20T08:00:00.000Z';

    // the head two commands back, as a silent restore of an older backup would leave it (its row as head office holds it)
    const { hash } = b.core.db.prepare('SELECT hash FROM command_log WHERE seq = ?').get(first.seq - 2) as { hash: string };
    const back = await signedWithBranchKey(b, { ...first, seq: first.seq - 2, hash, at: '2026-01-16T18:00:00.000Z' });
    takeAnchor(store, { ...header, anchor: JSON.stringify(back) }, at);
    const other = await lendingBranch();
    closers.push(() => other.core.close());
    const foreign = await writeAnchor(other.core.db, null, 'backup');
    takeAnchor(store, { ...header, anchor: JSON.stringify(foreign) }, at);
    takeAnchor(store, { ...header, anchor: JSON.stringify({ ...first, seq: first.seq + 5 }) }, at);
    expect(store.alarms('NRB').map((a) => a.detail)).toEqual([
      `NRB's audit history went back from sequence ${first.seq} (anchored ${first.at}) to ${first.seq - 2} (anchored ${back.at}) without a new epoch: commands were removed`,
      `the audit anchor of ${foreign.at} from NRB is signed with another key than its earlier anchors: the branch's anchor key was replaced`,
      `the audit anchor of ${first.at} from NRB is not signed by its key: it was altered`,
    ]);
    // a new epoch (a restore) accepted at head office leaves these alarms open
    expect(store.alarms('NRB').every((a) => a.kind === 'ANCHOR')).toBe(true);
  });
});
