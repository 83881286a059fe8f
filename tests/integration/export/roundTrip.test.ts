import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { EXPORTABLE, tableShape } from '../../../electron/core/db/capture';
import { branchesOf, headOfficePairingText, importBundle, openHeadOffice, registerBranch, type HeadOffice } from '../../../electron/core/hq/import';
import { HeadOfficeStore } from '../../../electron/core/hq/store';
import { branchPairingText, cutPendingBundles, outboxDir, writePendingBundles } from '../../../electron/core/services/export';
import { Caller, memoryCore, SETUP_INPUT, tempDir } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * A branch's books reach head office exactly once (issue 13): bundles cut from the command log and the row images,
 * signed and sealed, written to a folder (the USB stick), imported in any order, damaged or twice; head office's
 * rows for the branch always equal the branch's own.
 */
async function pair(b: LendingBranch): Promise<HeadOffice> {
  const hq = await openHeadOffice(HeadOfficeStore.open(null), null);
  await b.admin.ok('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'Umoja Microfinance HQ') });
  registerBranch(hq, await branchPairingText(b.core.db, null));
  return hq;
}

/** Every exportable row of the branch, as head office should hold it. */
function branchRows(core: Core, table: string): Map<string, Record<string, unknown>> {
  const shape = tableShape(core.db, table);
  const rows = core.db.prepare(`SELECT ${shape.key('t')} AS k, ${shape.image('t')} AS img FROM "${table}" t`).all() as { k: string; img: string }[];
  return new Map(rows.map((r) => [r.k, JSON.parse(r.img) as Record<string, unknown>]));
}

function expectSame(b: LendingBranch, hq: HeadOffice): void {
  for (const table of Object.keys(EXPORTABLE)) expect(hq.store.rowsOf('NRB', table), table).toEqual(branchRows(b.core, table));
}

/** The bundles cut now (in the branch's outbox): what a stick would carry of this trip. */
const cut = (b: LendingBranch) => cutPendingBundles(b.core.db, null, () => new Date());
const bytesOf = (file: string) => readFileSync(file);

describe('bundles to head office', () => {
  it('applies the first bundle (a snapshot) and each later one once, in order, whatever order they come in', async () => {
    const b = await lendingBranch();
    const hq = await pair(b);
    const [first] = await cut(b);
    expect(first).toMatchObject({ fromSeq: 1, snapshot: true });
    expect(await cut(b)).toEqual([]); // nothing pending
    expect(await importBundle(hq, 'first', bytesOf(first!.file))).toMatchObject({ status: 'applied', fromSeq: 1, toSeq: first!.toSeq });
    expectSame(b, hq);
    expect((await b.admin.ok('exports.status', {})).pendingCommands).toBe(0);

    // a day's work, in two bundles that reach head office the wrong way round
    const loanId = await activeLoan(b, '2026-01-05');
    const [second] = await cut(b);
    setBusinessDate(b.core, '2026-02-05');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '2000', paymentTypeCode: 'CASH' });
    const [third] = await cut(b);
    expect(third!.fromSeq).toBe(second!.toSeq + 1);
    const early = await importBundle(hq, 'third', bytesOf(third!.file));
    expect(early).toMatchObject({ status: 'held', reason: 'MISSING_SEQ', missing: { fromSeq: second!.fromSeq, toSeq: second!.toSeq } });
    expect(branchesOf(hq)[0]).toMatchObject({ officeCode: 'NRB', lastSequence: first!.toSeq, missingFrom: second!.fromSeq });
    expect(await importBundle(hq, 'second', bytesOf(second!.file))).toMatchObject({ status: 'applied', alsoApplied: ['third'] });
    expectSame(b, hq);
    // twice, or an old one again: nothing changes
    for (const f of [first!, second!, third!]) expect((await importBundle(hq, 'again', bytesOf(f.file))).status).toBe('duplicate');
    expectSame(b, hq);
    expect(branchesOf(hq)[0]).toMatchObject({ lastSequence: third!.toSeq, missingFrom: null, alarms: [] });
    expect(readdirSync(outboxDir(b.core.db, null)).every((f) => /^NRB-01-\d{9}-\d{9}\.bbx$/.test(f))).toBe(true);
  });

  it('cuts once when asked twice at the same moment, and takes over a lock left by a process that is gone', async () => {
    const b = await lendingBranch();
    const hq = await pair(b);
    const [one, two] = await Promise.all([cutPendingBundles(b.core.db, null, () => new Date()), cutPendingBundles(b.core.db, null, () => new Date())]);
    expect(one!.length + two!.length).toBe(1);
    const [first] = [...one!, ...two!];
    expect(await importBundle(hq, 'first', bytesOf(first!.file))).toMatchObject({ status: 'applied' });
    // a cutter killed while it held the outbox's lock: the next one takes it
    await b.officer.ok('clients.create', { firstname: 'Juma', lastname: 'Otieno', mobileNo: '+254700000099' });
    writeFileSync(join(outboxDir(b.core.db, null), '.cutting'), '999999999');
    const [next] = await cutPendingBundles(b.core.db, null, () => new Date());
    expect(await importBundle(hq, 'next', bytesOf(next!.file))).toMatchObject({ status: 'applied' });
    expect(readdirSync(outboxDir(b.core.db, null))).not.toContain('.cutting');
    expectSame(b, hq);
  });

  it('refuses a damaged, cut or foreign file saying why, and changes nothing', async () => {
    const b = await lendingBranch();
    const hq = await pair(b);
    const [first] = await cut(b);
    const good = bytesOf(first!.file);
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 3)]! ^= 0x01; // inside the encrypted body
    expect(await importBundle(hq, 'flipped', flipped)).toMatchObject({ status: 'refused', reason: 'the body does not decrypt (the file was altered or damaged)' });
    expect(await importBundle(hq, 'cut', good.subarray(0, good.length - 100))).toMatchObject({ status: 'refused', reason: 'the file is cut short (no BBX1 mark at its end)' });
    expect(await importBundle(hq, 'text', Buffer.from('hello'))).toMatchObject({ status: 'refused' });
    // a header altered (its sequence): the branch's signature no longer holds
    const text = good.toString('latin1').replace(/"toSeq":(\d+)/, (_m, n: string) => `"toSeq":${Number(n) + 1}`);
    expect(await importBundle(hq, 'altered', Buffer.from(text, 'latin1'))).toMatchObject({ status: 'refused', reason: "the signature is not NRB's (the file was altered, or made by another PC)" });
    // a signature's padding damaged into a character base64 decoders skip: it would still verify, but the bundle's
    // hash would not be the branch's (the chain would break at the next bundle)
    const padded = good.toString('latin1').replace(/("signature":"[A-Za-z0-9+/]+)=/, '$1*');
    expect(padded).not.toBe(good.toString('latin1'));
    expect(await importBundle(hq, 'padding', Buffer.from(padded, 'latin1'))).toMatchObject({ status: 'refused', reason: 'the header is damaged (its signature is not as the branch wrote it)' });
    // another PC set up as NRB: its bundle is not signed with the key NRB registered
    const impostor = await lendingBranch();
    await impostor.admin.ok('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'Umoja Microfinance HQ') });
    const [fake] = await writePendingBundles(impostor.core.db, null, tempDir(), () => new Date());
    expect(await importBundle(hq, 'fake', bytesOf(fake!.file))).toMatchObject({ status: 'refused', reason: "the signature is not NRB's (the file was altered, or made by another PC)" });
    // a branch head office does not know
    const { core } = await memoryCore();
    const kisumu = new Caller(core);
    await kisumu.ok('setup.initialize', { ...SETUP_INPUT, office: { code: 'KSM', name: 'Kisumu', headOffice: false } });
    await kisumu.ok('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'Umoja Microfinance HQ') });
    const [foreign] = await writePendingBundles(core.db, null, tempDir(), () => new Date());
    expect(await importBundle(hq, 'foreign', bytesOf(foreign!.file))).toMatchObject({ status: 'refused', reason: 'branch KSM is not registered here: import its pairing file first' });
    expect(hq.store.rowsOf('NRB', 'clients').size).toBe(0);
    expect(await importBundle(hq, 'good', good)).toMatchObject({ status: 'applied' });
    expectSame(b, hq);
  });

  it('stops a branch whose bundles fork (two different bundles for one sequence) with an alarm', async () => {
    const b = await lendingBranch();
    const hq = await pair(b);
    await importBundle(hq, 'first', bytesOf((await cut(b))[0]!.file));
    await b.officer.ok('clients.create', { firstname: 'Juma', lastname: 'Otieno', mobileNo: '+254700000099' });
    const [second] = await cut(b);
    expect((await importBundle(hq, 'second', bytesOf(second!.file))).status).toBe('applied');
    // the branch cuts the same sequences again, differently (its bookkeeping lost: a copy of an old database)
    b.core.db.prepare('DELETE FROM export_bundles WHERE from_seq = ?').run(second!.fromSeq);
    const [again] = await cut(b);
    expect(again!.fromSeq).toBe(second!.fromSeq);
    const r = await importBundle(hq, 'again', bytesOf(again!.file));
    expect(r).toMatchObject({ status: 'refused', reason: `FORK: two different bundles for sequence ${second!.fromSeq} of NRB` });
    expect(branchesOf(hq)[0]!.alarms).toEqual([expect.objectContaining({ kind: 'FORK' })]);
    // stopped: even the right next bundle waits for a head-office user
    await b.officer.ok('clients.create', { firstname: 'Neema', lastname: 'Wanjiru', mobileNo: '+254700000098' });
    const [next] = await cut(b);
    expect((await importBundle(hq, 'next', bytesOf(next!.file))).status).toBe('refused');
  });

  it('refuses a head office pairing file that is not one, naming the field, and an address that is not https', async () => {
    const b = await lendingBranch();
    const hq = await openHeadOffice(HeadOfficeStore.open(null), null);
    expect(await b.admin.err('exports.setHeadOffice', { pairing: await branchPairingText(b.core.db, null) })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'pairing' }] });
    expect(await b.admin.err('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'HQ'), url: 'http://hq.example.org' })).toMatchObject({ fields: [{ field: 'url', code: 'not_https' }] });
    expect((await b.teller.err('exports.status', {})).code).toBe('PERMISSION_DENIED');
  });
});
