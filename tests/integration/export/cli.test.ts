import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { headOfficePairingText, importBundle, openHeadOffice, registerBranch } from '../../../electron/core/hq/import';
import { HeadOfficeStore } from '../../../electron/core/hq/store';
import { Caller, SETUP_INPUT, tempDir } from '../../support/core';

function io(): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => '' };
}

describe('branchbox pair and branchbox export', () => {
  it('writes the pairing file and the pending bundles to a folder; the signing key stays in keys/, readable by its owner only', async () => {
    const dir = tempDir();
    const core = await openCore({ dataDir: dir });
    const admin = new Caller(core);
    await admin.ok('setup.initialize', SETUP_INPUT);
    await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo' });

    // not paired yet: said plainly
    const early = io();
    expect(await runCli(['export', '--out', tempDir(), '--data-dir', dir], early)).toBe(1);
    expect(early.errors.join('\n')).toMatch(/not paired with a head office/);

    const hqDir = tempDir('branchbox-hq-');
    const hq = await openHeadOffice(HeadOfficeStore.open(hqDir), hqDir);
    await admin.ok('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'Umoja Microfinance HQ') });
    core.close();

    const pairFile = join(tempDir(), 'NRB.pair');
    const p = io();
    expect(await runCli(['pair', '--out', pairFile, '--data-dir', dir], p)).toBe(0);
    expect(JSON.parse(readFileSync(pairFile, 'utf8'))).toMatchObject({ format: 'branchbox-pairing', version: 1, role: 'branch', officeCode: 'NRB' });
    expect(registerBranch(hq, readFileSync(pairFile, 'utf8'))).toEqual({ officeCode: 'NRB', name: SETUP_INPUT.office.name });
    expect(statSync(join(dir, 'keys', 'branch-signing.json')).mode & 0o077).toBe(0);

    const usb = tempDir('branchbox-usb-');
    const e = io();
    expect(await runCli(['export', '--out', usb, '--data-dir', dir], e)).toBe(0);
    expect(e.lines[0]).toMatch(/NRB-01-000000001-\d{9}\.bbx {2}sequences 1-\d+ \(full snapshot\)/);
    const again = io();
    expect(await runCli(['export', '--out', usb, '--data-dir', dir], again)).toBe(0);
    expect(again.lines).toEqual(['Nothing to export: head office has been sent every command.']);
    const files = readdirSync(usb);
    expect(files).toHaveLength(1);
    expect(await importBundle(hq, files[0]!, readFileSync(join(usb, files[0]!)))).toMatchObject({ status: 'applied', officeCode: 'NRB' });
    expect(hq.store.rowsOf('NRB', 'clients').size).toBe(1);
    hq.store.close();
  });
});
