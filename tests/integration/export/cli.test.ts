import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { headOfficePairingText, importBundle, openHeadOffice, registerBranch } from '../../../electron/core/hq/import';
import { HeadOfficeStore } from '../../../electron/core/hq/store';
import { ADMIN, Caller, SETUP_INPUT, tempDir } from '../../support/core';

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

  it('head office by USB: hq key for the branches, hq import from the stick writing the acknowledgement, read by the next export', async () => {
    const hqDir = tempDir('branchbox-hq-');
    // head office set up (its first screen), then its pairing file by the CLI
    const hq = await openCore({ dataDir: hqDir, headOffice: true });
    const hqAdmin = new Caller(hq);
    await hqAdmin.ok('hq.initialize', { organisation: { name: 'Umoja Microfinance' }, currency: { code: 'KES', decimalPlaces: 2 }, admin: { username: 'hqadmin', password: 'Hq-admin-pass-2026' } });
    hq.close();
    const hqPair = join(tempDir(), 'HQ.pair');
    expect(await runCli(['hq', 'key', '--out', hqPair, '--data-dir', hqDir], io())).toBe(0);
    expect(JSON.parse(readFileSync(hqPair, 'utf8'))).toMatchObject({ role: 'headOffice', organisation: 'Umoja Microfinance', tlsFingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
    expect(statSync(join(hqDir, 'tls', 'head-office.key')).mode & 0o077).toBe(0);

    // the branch: paired with head office's file, its own pairing file registered there
    const dir = tempDir();
    const core = await openCore({ dataDir: dir });
    const admin = new Caller(core);
    await admin.ok('setup.initialize', SETUP_INPUT);
    await admin.ok('exports.setHeadOffice', { pairing: readFileSync(hqPair, 'utf8') });
    await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo' });
    core.close();
    const branchPair = join(tempDir(), 'NRB.pair');
    expect(await runCli(['pair', '--out', branchPair, '--data-dir', dir], io())).toBe(0);
    const hq2 = await openCore({ dataDir: hqDir, headOffice: true });
    const hqAgain = new Caller(hq2);
    await hqAgain.ok('session.login', { username: 'hqadmin', password: 'Hq-admin-pass-2026' });
    await hqAgain.ok('hq.registerBranch', { pairing: readFileSync(branchPair, 'utf8') });
    hq2.close();

    const usb = tempDir('branchbox-usb-');
    expect(await runCli(['export', '--out', usb, '--data-dir', dir], io())).toBe(0);
    const imp = io();
    expect(await runCli(['hq', 'import', '--from', usb, '--data-dir', hqDir], imp)).toBe(0);
    expect(imp.lines[0]).toMatch(/^NRB-01-000000001-\d{9}\.bbx {2}applied$/);
    expect(imp.lines[1]).toMatch(/^NRB\.ack written: head office holds NRB up to sequence \d+$/);
    // again: a duplicate, nothing changes
    const twice = io();
    expect(await runCli(['hq', 'import', '--from', usb, '--data-dir', hqDir], twice)).toBe(0);
    expect(twice.lines[0]).toMatch(/ {2}duplicate$/);

    // back at the branch: the acknowledgement is read, and only what is new goes on the stick
    const e = io();
    expect(await runCli(['export', '--out', usb, '--data-dir', dir], e)).toBe(0);
    expect(e.lines[0]).toMatch(/^Head office holds sequences up to \d+ \(acknowledged /);
    expect(e.lines[1]).toBe('Nothing to export: head office has been sent every command.');
    const branch = await openCore({ dataDir: dir });
    const b = new Caller(branch);
    await b.ok('session.login', ADMIN);
    const st = await b.ok('exports.status', {});
    expect(st.acknowledgedSequence).toBe(st.lastBundle!.toSeq);
    // what head office holds has left the outbox
    expect(readdirSync(join(dir, 'outbox'))).toEqual([]);
    branch.close();

    // the wrong kind of data folder is refused, saying how to start it
    expect(await runCli(['hq', 'import', '--from', usb, '--data-dir', dir], io())).toBe(1);
    await expect(openCore({ dataDir: hqDir })).rejects.toThrow(/head office's: start it with `branchbox hq serve`/);
  });
});
