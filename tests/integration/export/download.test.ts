import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core';
import { branchPairingText } from '../../../electron/core/services/export';
import { Caller, TestClock } from '../../support/core';
import { activeLoan, lendingBranch, type LendingBranch } from '../../support/lending';

/**
 * exports.download (issue 13): where no folder can be chosen (the browser host), the branch hands its bundles to the
 * screen as file contents, to be saved and carried to head office on a USB stick; what is pending is cut first, and
 * every bundle head office has not acknowledged comes again until it has.
 */
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0).reverse()) c();
});

async function headOffice(): Promise<Caller> {
  const core = await openCore({ dataDir: null, headOffice: true, clock: new TestClock() });
  closers.push(() => core.close());
  const admin = new Caller(core);
  await admin.ok('hq.initialize', {
    organisation: { name: 'Umoja Microfinance' },
    currency: { code: 'KES', decimalPlaces: 2 },
    admin: { username: 'hqadmin', password: 'Hq-admin-pass-2026' },
  });
  return admin;
}

async function pairedBranch(hq: Caller): Promise<LendingBranch> {
  const b = await lendingBranch();
  closers.push(() => b.core.close());
  await b.admin.ok('exports.setHeadOffice', { pairing: (await hq.ok('hq.pairing', {})).text });
  await hq.ok('hq.registerBranch', { pairing: await branchPairingText(b.core.db, null) });
  return b;
}

const BUNDLE_NAME = /^NRB-01-\d{9}-\d{9}\.bbx$/;

describe('exports.download', () => {
  it('is refused, saying so, before the branch is paired with a head office', async () => {
    const b = await lendingBranch();
    closers.push(() => b.core.close());
    const e = await b.admin.err('exports.download', {});
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'NOT_PAIRED' } });
  });

  it('cuts what is pending and gives every bundle head office lacks, in order, until head office acknowledges them', async () => {
    const hq = await headOffice();
    const b = await pairedBranch(hq);

    // the first download: one full snapshot of everything so far; nothing is left pending, and no command was written
    const first = await b.manager.ok('exports.download', {});
    expect(first.files).toHaveLength(1);
    expect(first.files[0]!.name).toMatch(BUNDLE_NAME);
    const before = await b.admin.ok('exports.status', {});
    expect(before).toMatchObject({ pendingCommands: 0, acknowledgedSequence: 0, lastBundle: { fromSeq: 1, fileName: first.files[0]!.name } });

    // asked again before head office answered: the same file, byte for byte, and nothing new cut
    expect(await b.manager.ok('exports.download', {})).toEqual(first);

    // a day's work: the snapshot again (not acknowledged yet) and the new bundle after it
    await activeLoan(b, '2026-01-05');
    const second = await b.manager.ok('exports.download', {});
    expect(second.files.map((f) => f.name)).toEqual([first.files[0]!.name, expect.stringMatching(BUNDLE_NAME)]);
    expect(second.files[1]!.name > second.files[0]!.name).toBe(true);

    // head office takes them as they came: applied, then the snapshot again is a duplicate
    const imported = await hq.ok('hq.importBundles', { files: second.files });
    expect(imported.files.map((f) => f.status)).toEqual(['applied', 'applied']);
    expect((await hq.ok('hq.importBundles', { files: first.files })).files.map((f) => f.status)).toEqual(['duplicate']);

    // the branch reads head office's acknowledgement: nothing is left to carry
    const ack = await b.manager.ok('exports.acknowledge', { ack: imported.acknowledgements.NRB! });
    expect(ack.acknowledgedSequence).toBe((await b.admin.ok('exports.status', {})).lastBundle!.toSeq);
    expect(await b.manager.ok('exports.download', {})).toEqual({ files: [] });
  });

  it('is not a teller\'s to call', async () => {
    const hq = await headOffice();
    const b = await pairedBranch(hq);
    expect((await b.teller.err('exports.download', {})).code).toBe('PERMISSION_DENIED');
  });
});
