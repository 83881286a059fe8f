import { readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core';
import { startBrowserHost, type BrowserHost } from '../../../electron/server/server';
import { cutPendingBundles } from '../../../electron/core/services/export';
import { senderOf } from '../../../electron/core/services/export/sender';
import { Caller, TestClock, tempDir } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * Head office (issue 13), through its operations as a script or its screens call them: set up, branches registered
 * from their pairing files, bundles imported as file contents, each branch acknowledged; and a branch sending over
 * https to head office's pinned certificate, through a link that drops.
 */
const HQ_INIT = {
  organisation: { name: 'Umoja Microfinance' },
  currency: { code: 'KES', decimalPlaces: 2 },
  admin: { username: 'hqadmin', password: 'Hq-admin-pass-2026' },
};

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function headOffice(dataDir: string | null = null): Promise<{ core: Core; admin: Caller }> {
  const core = await openCore({ dataDir, headOffice: true, clock: new TestClock() });
  closers.push(() => core.close());
  const admin = new Caller(core);
  expect(await admin.ok('setup.status', {})).toMatchObject({ initialized: false, headOffice: true });
  await admin.ok('hq.initialize', HQ_INIT);
  return { core, admin };
}

async function branchPairing(b: LendingBranch): Promise<string> {
  const { fileName, text } = await b.admin.ok('exports.pairing', {});
  expect(fileName).toBe('NRB.pair');
  return text;
}

async function paired(hq: Caller, url?: string): Promise<LendingBranch> {
  const b = await lendingBranch();
  closers.push(() => b.core.close());
  const { text } = await hq.ok('hq.pairing', {});
  await b.admin.ok('exports.setHeadOffice', url ? { pairing: text, url } : { pairing: text });
  expect(await hq.ok('hq.registerBranch', { pairing: await branchPairing(b) })).toEqual({ officeCode: 'NRB', name: 'Nairobi West' });
  return b;
}

const asFiles = (files: { file: string }[]) => files.map((f) => ({ name: basename(f.file), base64: readFileSync(f.file).toString('base64') }));

describe('head office', () => {
  it('is set up, signs in, registers a branch and imports its bundles as file contents; the branch records the acknowledgement', async () => {
    const { core, admin } = await headOffice();
    // signing in as anywhere else
    const again = new Caller(core);
    expect((await again.ok('session.login', { username: 'hqadmin', password: 'Hq-admin-pass-2026' })).office).toMatchObject({ code: 'HQ', headOffice: true });
    const pairing = await admin.ok('hq.pairing', {});
    expect(pairing.fileName).toBe('HQ.pair');
    expect(JSON.parse(pairing.text)).toMatchObject({ role: 'headOffice', organisation: 'Umoja Microfinance', tlsFingerprint: core.tls!.fingerprint });

    const b = await paired(admin);
    const first = await cutPendingBundles(b.core.db, null, () => new Date());
    await activeLoan(b, '2026-01-05');
    const second = await cutPendingBundles(b.core.db, null, () => new Date());

    // the later one first: held, named; then the missing one, and both are applied
    const held = await admin.ok('hq.importBundles', { files: asFiles(second) });
    expect(held.files).toEqual([expect.objectContaining({ status: 'held', reason: 'MISSING_SEQ', missing: { fromSeq: 1, toSeq: second[0]!.fromSeq - 1 } })]);
    const r = await admin.ok('hq.importBundles', { files: asFiles(first) });
    expect(r.files).toEqual([expect.objectContaining({ status: 'applied', alsoApplied: [basename(second[0]!.file)] })]);
    expect(await admin.ok('hq.branches', {})).toEqual([
      { officeCode: 'NRB', name: 'Nairobi West', lastSequence: second[0]!.toSeq, lastAppliedAt: expect.any(String), missingFrom: null, alarms: [] },
    ]);
    // the consolidated figures: the branch's own trial balance, and the institution's equal to it (one branch)
    const own = await b.accountant.ok('accounting.trialBalance', {});
    const tb = await admin.ok('hq.trialBalance', {});
    const strip = (rows: { glCode: string; debit: string; credit: string }[]) => rows.map((r) => ({ glCode: r.glCode, debit: r.debit, credit: r.credit }));
    expect(strip(tb.branches[0]!.rows)).toEqual(strip(own.rows));
    // each account's name said in the reader's language as the branch's own (issue 19 point 9): the same key
    expect(tb.branches[0]!.rows.map((r) => r.nameText)).toEqual(own.rows.map((r) => r.nameText));
    expect(own.rows.some((r) => r.nameText !== null)).toBe(true);
    expect(tb.institution).toMatchObject({ totalDebit: own.totalDebit, totalCredit: own.totalCredit });
    const portfolio = await admin.ok('hq.portfolio', { asOf: '2026-01-05' });
    expect(portfolio.branches[0]).toMatchObject({ officeCode: 'NRB', activeLoans: 1, disbursed: expect.stringMatching(/^[1-9]/) });
    expect(portfolio.institution.principalOutstanding).toBe(portfolio.branches[0]!.principalOutstanding);
    // a client looked up across the branches, by part of the name or the loan's account number, read only
    const found = await admin.ok('hq.lookup', { text: 'odhiam' });
    expect(found).toEqual([
      expect.objectContaining({ officeCode: 'NRB', branchName: 'Nairobi West', displayName: 'Amina Odhiambo', loans: [expect.objectContaining({ status: 'ACTIVE', disbursedOn: '2026-01-05' })] }),
    ]);
    expect(await admin.ok('hq.lookup', { text: found[0]!.loans[0]!.accountNo })).toEqual(found);
    expect(await admin.ok('hq.lookup', { text: '100%' })).toEqual([]);
    expect(await admin.err('hq.lookup', { text: '' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'text' }] });
    // twice: a duplicate, nothing changes
    expect((await admin.ok('hq.importBundles', { files: asFiles(first) })).files[0]!.status).toBe('duplicate');

    // the acknowledgement, back at the branch: recorded, and those bundles leave the outbox
    expect((await b.admin.ok('exports.status', {})).acknowledgedSequence).toBe(0);
    expect(await b.admin.ok('exports.acknowledge', { ack: r.acknowledgements.NRB! })).toEqual({ acknowledgedSequence: second[0]!.toSeq, bundles: 2 });
    const status = await b.admin.ok('exports.status', {});
    expect(status).toMatchObject({ acknowledgedSequence: second[0]!.toSeq, linkState: 'none', acknowledgedAt: expect.any(String) });
    // an acknowledgement altered, or for another branch's sequences, is refused naming the field
    const altered = r.acknowledgements.NRB!.replace(/"sequence": \d+/, '"sequence": 1');
    expect(await b.admin.err('exports.acknowledge', { ack: altered })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'ack' }] });
  });

  it('holds a new epoch (a restore at the branch) as an alarm until a head-office user accepts it, then starts the branch again from its snapshot', async () => {
    const { admin } = await headOffice();
    const b = await paired(admin);
    const cutNow = () => cutPendingBundles(b.core.db, null, () => new Date());
    expect((await admin.ok('hq.importBundles', { files: asFiles(await cutNow()) })).files[0]!.status).toBe('applied');
    await b.officer.ok('clients.create', { firstname: 'Juma', lastname: 'Otieno', mobileNo: '+254700000099' });
    expect((await admin.ok('hq.importBundles', { files: asFiles(await cutNow()) })).files[0]!.status).toBe('applied');
    const before = (await admin.ok('hq.branches', {}))[0]!.lastSequence;

    // the branch restores its books (the hardening issue's restore): a new epoch, whose first bundle is a snapshot
    b.core.db.prepare("INSERT INTO settings (key, value) VALUES ('export.epoch', '2') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    const [snap] = await cutNow();
    expect(snap).toMatchObject({ fromSeq: 1, snapshot: true });
    expect((await admin.ok('hq.importBundles', { files: asFiles([snap!]) })).files[0]).toMatchObject({ status: 'held', reason: 'NEW_EPOCH' });
    const [waiting] = await admin.ok('hq.branches', {});
    expect(waiting).toMatchObject({ lastSequence: before, alarms: [expect.objectContaining({ kind: 'NEW_EPOCH', id: expect.any(Number) })] });
    // a later bundle of the new epoch waits too; nothing is applied until a head-office user accepts
    await b.officer.ok('clients.create', { firstname: 'Neema', lastname: 'Wanjiru', mobileNo: '+254700000098' });
    const [later] = await cutNow();
    expect((await admin.ok('hq.importBundles', { files: asFiles([later!]) })).files[0]).toMatchObject({ status: 'held', reason: 'NEW_EPOCH' });
    expect(await admin.err('hq.acceptAlarm', { alarmId: 999 })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'alarmId' }] });
    const accepted = await admin.ok('hq.acceptAlarm', { alarmId: waiting!.alarms[0]!.id });
    expect(accepted).toMatchObject({ officeCode: 'NRB', epoch: 2, lastSequence: later!.toSeq });
    expect(accepted.applied).toHaveLength(2);
    expect((await admin.ok('hq.branches', {}))[0]).toMatchObject({ lastSequence: later!.toSeq, alarms: [], missingFrom: null });
    expect((await admin.ok('hq.lookup', { text: 'Wanjiru' })).map((c) => c.displayName)).toEqual(['Neema Wanjiru']);
  });

  it('does no branch work, and a branch does none of head office\'s; a damaged file is refused saying why', async () => {
    const { admin } = await headOffice();
    expect(await admin.err('clients.create', { firstname: 'A', lastname: 'B' })).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/head office/) });
    const b = await paired(admin);
    expect(await b.admin.err('hq.branches', {})).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/This is a branch/) });
    expect(await b.teller.err('exports.acknowledge', { ack: '{}' })).toMatchObject({ code: 'PERMISSION_DENIED' });
    const r = await admin.ok('hq.importBundles', { files: [{ name: 'NRB-01-000000001-000000009.bbx', base64: Buffer.from('not a bundle').toString('base64') }] });
    expect(r.files).toEqual([expect.objectContaining({ status: 'refused', reason: expect.any(String) })]);
    expect(await admin.err('hq.importBundles', { files: [{ name: '../etc/passwd', base64: 'AA==' }] })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'files.0.name' })] });
    expect(await admin.err('hq.registerBranch', { pairing: 'hello' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'pairing' }] });
  });

  it('receives a branch\'s bundles over https, pinned, through a link that drops every few kilobytes, each applied once', async () => {
    const hqDir = tempDir('branchbox-hq-');
    const { core, admin } = await headOffice(hqDir);
    const host = await startBrowserHost(core, { port: 0, host: '127.0.0.1', tls: core.tls! });
    closers.push(() => host.close());
    const proxy = await droppingProxy(host, 6_000);
    closers.push(() => proxy.close());
    const url = `https://127.0.0.1:${proxy.port}`;
    const b = await paired(admin, url);
    await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const sender = senderOf(b.core.db, null, b.clock, { retryBaseMs: 5, retryMaxMs: 20 });
    await sender.kick();
    expect(sender.state).toMatchObject({ state: 'idle', lastError: null });
    expect(proxy.dropped()).toBeGreaterThan(2);
    const status = await b.admin.ok('exports.status', {});
    expect(status.acknowledgedSequence).toBe(status.lastBundle!.toSeq);
    expect((await admin.ok('hq.branches', {}))[0]).toMatchObject({ lastSequence: status.lastBundle!.toSeq, alarms: [] });

    // more work, sent again: only what is new goes
    await b.teller.ok('loans.repay', { loanId: 1, transactionAmount: '2000', paymentTypeCode: 'CASH' });
    const before = proxy.bytes();
    expect((await b.admin.ok('exports.sendNow', {})).linkState).toMatch(/sending|idle/);
    await sender.kick();
    expect(proxy.bytes() - before).toBeLessThan(40_000);
    expect((await admin.ok('hq.branches', {}))[0]!.lastSequence).toBe((await b.admin.ok('exports.status', {})).lastBundle!.toSeq);

    // a server that is not head office (another certificate) is refused, and nothing is sent to it
    const other = await openCore({ dataDir: null, headOffice: true });
    closers.push(() => other.close());
    const impostor = await startBrowserHost(other, { port: 0, host: '127.0.0.1', tls: other.tls! });
    closers.push(() => impostor.close());
    b.core.db.prepare("UPDATE settings SET value = ? WHERE key = 'export.url'").run(`https://127.0.0.1:${impostor.port}`);
    await b.teller.ok('loans.repay', { loanId: 1, transactionAmount: '1000', paymentTypeCode: 'CASH' });
    await sender.kick();
    expect(sender.state).toMatchObject({ state: 'refused', lastError: expect.stringMatching(/not this branch's head office/) });
  });
});

/**
 * A TCP proxy in front of head office that cuts every connection after `dropEvery` bytes towards it: the link of a
 * branch whose modem drops every few seconds.
 */
async function droppingProxy(target: BrowserHost, dropEvery: number): Promise<{ port: number; dropped: () => number; bytes: () => number; close: () => Promise<void> }> {
  let dropped = 0;
  let total = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let moved = 0;
    client.on('data', (d: Buffer) => {
      moved += d.length;
      total += d.length;
      if (moved > dropEvery) {
        dropped += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as { port: number }).port,
    dropped: () => dropped,
    bytes: () => total,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
