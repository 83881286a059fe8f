import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Envelope, Output } from '../../../shared/contract';
import { headOfficePairingText, importBundle, openHeadOffice, registerBranch } from '../../../electron/core/hq/import';
import { HeadOfficeStore } from '../../../electron/core/hq/store';
import { branchPairingText } from '../../../electron/core/services/export';
import { tempDir } from '../../support/core';
import { BIASHARA, lendingBranch, setBusinessDate } from '../../support/lending';

/**
 * Each day-end writes what head office has not had into the folder the manager set for it (a USB stick, issue 13);
 * a stick that is missing does not stop the close.
 */
describe('the export at day-end', () => {
  it('writes the closed day\'s bundles into the folder set for them, and closes the day with a warning when the stick is gone', async () => {
    const b = await lendingBranch(BIASHARA, { tills: false });
    const hq = await openHeadOffice(HeadOfficeStore.open(null), null);
    await b.admin.ok('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'Umoja Microfinance HQ') });
    registerBranch(hq, await branchPairingText(b.core.db, null));
    const usb = tempDir('branchbox-usb-');
    // a folder that is not there, or a relative path, is refused naming the field; a teller may not set it
    expect(await b.manager.err('exports.setFolder', { folder: join(usb, 'not-here') })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'folder', code: 'not_writable' }] });
    expect(await b.manager.err('exports.setFolder', { folder: 'Export' })).toMatchObject({ fields: [{ field: 'folder', code: 'not_absolute' }] });
    expect((await b.teller.err('exports.setFolder', { folder: usb })).code).toBe('PERMISSION_DENIED');
    expect(await b.manager.ok('exports.setFolder', { folder: usb })).toEqual({ exportFolder: usb });
    expect((await b.manager.ok('exports.status', {})).exportFolder).toBe(usb);

    setBusinessDate(b.core, '2026-02-02');
    const first = await b.manager.ok('dayEnd.run', {});
    expect(first.exportFiles).toHaveLength(1);
    expect(readdirSync(usb)).toEqual([first.exportFiles[0]!.slice(usb.length + 1)]);
    await b.officer.ok('clients.create', { firstname: 'Juma', lastname: 'Otieno', mobileNo: '+254700000099' });
    const second = await b.manager.ok('dayEnd.run', {});
    expect(second.exportFiles).toHaveLength(1);
    // head office takes them in order, each once: the branch's whole books through the second day's close
    for (const f of [...first.exportFiles, ...second.exportFiles]) expect((await importBundle(hq, f, readFileSync(f))).status).toBe('applied');
    expect(hq.store.branch('NRB')!.last_seq).toBe((await b.manager.ok('exports.status', {})).lastBundle!.toSeq);

    // the stick is pulled out: the day still closes, with a warning naming the folder; the next day-end catches up
    rmSync(usb, { recursive: true, force: true });
    await b.officer.ok('clients.create', { firstname: 'Neema', lastname: 'Wanjiru', mobileNo: '+254700000098' });
    const r = (await b.manager.raw('dayEnd.run', {})) as Envelope<Output<'dayEnd.run'>>;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.closed).toEqual(['2026-02-04']);
    expect(r.data.exportFiles).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'EXPORT_FOLDER_FAILED', details: { folder: usb } })]);

    // the stick is back: the next day-end writes everything head office has not acknowledged, the missed day too
    mkdirSync(usb);
    const back = await b.manager.ok('dayEnd.run', {});
    expect(back.exportFiles.length).toBeGreaterThanOrEqual(1);
    const outcomes = [];
    for (const f of back.exportFiles) outcomes.push((await importBundle(hq, f, readFileSync(f))).status);
    expect(outcomes).toContain('applied');
    expect(outcomes.every((o) => o === 'applied' || o === 'duplicate')).toBe(true);
    expect(hq.store.branch('NRB')!.last_seq).toBe((await b.manager.ok('exports.status', {})).lastBundle!.toSeq);
  });
});
