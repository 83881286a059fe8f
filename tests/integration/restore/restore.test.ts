import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openCore, type Core } from '../../../electron/core';
import { writeAnchor } from '../../../electron/core/anchor';
import { backupDatabase } from '../../../electron/core/backup';
import { holdDataFolder } from '../../../electron/core/db/dataFolder';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { cutPendingBundles } from '../../../electron/core/services/export';
import { acceptNewEpoch, headOfficePairingText, importBundle, openHeadOffice, registerBranch } from '../../../electron/core/hq/import';
import { HeadOfficeStore } from '../../../electron/core/hq/store';
import { runVerify, verifyDatabase } from '../../../electron/core/verify';
import type { BackupList } from '../../../shared/contract';
import { isEncryptedFile, keyFileText } from '../../../electron/core/keys/database';
import { keyOf } from '../../../electron/core/db/connection';
import { encryptedBranch, PASSPHRASE } from '../encryption/branch';
import { Caller, SETUP_INPUT, snapshot, TestClock, tempDir } from '../../support/core';

/**
 * Restore (issue 14, "Restore"): from a screen's operation inside a running core and from `branchbox restore`. The
 * backup is checked before anything changes; the current books are kept aside; the restore is recorded with the
 * commands it dropped and starts a new epoch that head office accepts; `verify` is clean afterwards.
 */
const PASSWORD = 'Str0ng-pass-2026';

interface Branch {
  core: Core;
  dir: string;
  clock: TestClock;
  admin: Caller;
  manager: Caller;
  teller: Caller;
}

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0).reverse()) c();
});

function io(): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => '' };
}

async function branch(): Promise<Branch> {
  const dir = tempDir('branchbox-restore-');
  const clock = new TestClock(new Date('2026-03-02T08:00:00Z').getTime());
  const core = await openCore({ dataDir: dir, clock });
  closers.push(() => core.close());
  const admin = new Caller(core);
  await admin.ok('setup.initialize', SETUP_INPUT);
  await admin.ok('settings.update', { idleLockMinutes: 240 });
  const callers: Caller[] = [];
  for (const [username, role, displayName] of [['manager', 'BRANCH_MANAGER', 'Grace Wanjiru'], ['teller', 'TELLER', 'Peter Otieno']] as const) {
    await admin.ok('users.create', { username, password: PASSWORD, roles: [role], displayName });
    const c = new Caller(core);
    await c.ok('session.login', { username, password: PASSWORD });
    callers.push(c);
  }
  await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo', mobileNo: '+254700000001' });
  return { core, dir, clock, admin, manager: callers[0]!, teller: callers[1]! };
}

/** A manual backup of the books as they stand (what `branchbox backup` writes). */
async function backUp(b: Branch): Promise<string> {
  const file = await backupDatabase(b.core.db, join(b.dir, 'backups'), 'manual', b.clock.now());
  b.clock.advanceMinutes(5);
  return file;
}

const clientNames = (core: Core) => (core.db.prepare('SELECT firstname FROM clients ORDER BY id').pluck().all() as string[]);
const lastLog = (core: Core) => core.db.prepare('SELECT * FROM command_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; operation: string; username: string | null; input_json: string };
const lastSeq = (core: Core) => core.db.prepare('SELECT max(seq) FROM command_log').pluck().get() as number;
const backupFiles = (dir: string) => readdirSync(join(dir, 'backups')).sort();

describe('restore from a backup', () => {
  it('through the operation: refused while others are signed in; then the books are the backup, the old ones kept aside, the restore recorded with what it dropped, verify clean', async () => {
    const b = await branch();
    const backup = await backUp(b);
    const atBackup = lastSeq(b.core);
    await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Kamau' });
    await b.admin.ok('clients.create', { firstname: 'Chausiku', lastname: 'Mwangi' });
    // a day-end since anchored the chain head beyond the backup
    await writeAnchor(b.core.db, b.dir, 'day-end', b.clock.now());
    const liveLast = lastSeq(b.core);

    // the list: the backup with its date, size and kind, and what restoring it would drop
    const list: BackupList = await b.manager.ok('backups.list', {});
    expect(list.current).toMatchObject({ lastSeq: liveLast, epoch: 1 });
    const entry = list.backups.find((x) => x.fileName === backup.split('/').pop());
    expect(entry).toMatchObject({ id: `backups/${entry!.fileName}`, folder: 'backups', kind: 'manual', lastSeq: atBackup, problem: null, bytes: statSync(backup).size });
    expect(entry!.dropped).toMatchObject({ commands: liveLast - atBackup, fromSeq: atBackup + 1, toSeq: liveLast });
    // a teller may neither list nor restore
    expect((await b.teller.err('backups.list', {})).code).toBe('PERMISSION_DENIED');

    // others signed in (the teller, the administrator): refused naming them, nothing changed
    const before = snapshot(b.core);
    const refused = await b.manager.err('backups.restore', { file: entry!.id });
    expect(refused.code).toBe('INVALID_STATE');
    expect(refused.message).toContain('Peter Otieno (teller)');
    expect(refused.message).toContain('admin');
    expect(refused.details).toMatchObject({ reason: 'USERS_SIGNED_IN' });
    expect(snapshot(b.core)).toBe(before);
    // a file that is not one of the list: refused naming the field
    const unknown = await b.manager.err('backups.restore', { file: 'backups/../branchbox.sqlite' });
    expect(unknown.fields?.[0]).toMatchObject({ field: 'file' });

    await b.teller.ok('session.logout', {});
    await b.admin.ok('session.logout', {});
    const r = await b.manager.ok('backups.restore', { file: entry!.id });
    expect(r).toMatchObject({ restoredFrom: entry!.id, businessDate: list.current.businessDate, epoch: 2, recordedAs: atBackup + 1, lastSeq: atBackup + 1, signedOut: true, keptAsideFaults: [], anchorProblem: null });
    expect(r.dropped).toEqual(entry!.dropped);

    // the books are the backup's, and the core answers on them
    expect(clientNames(b.core)).toEqual(['Amina']);
    const log = lastLog(b.core);
    expect(log).toMatchObject({ seq: atBackup + 1, operation: 'backups.restore', username: 'manager' });
    expect(JSON.parse(log.input_json)).toMatchObject({ from: entry!.id, via: 'screen', dropped: { fromSeq: atBackup + 1, toSeq: liveLast }, epoch: 2, previousEpoch: 1, keptAside: r.keptAside!.split('/').pop() });
    expect(b.core.db.prepare("SELECT value FROM settings WHERE key = 'export.epoch'").pluck().get()).toBe('2');
    // the old books kept aside, whole and checked: they still hold the clients the restore dropped
    expect(r.keptAside).toMatch(/branchbox-before-restore-.+\.sqlite$/);
    const aside = new Database(r.keptAside!, { readonly: true });
    expect(aside.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(3);
    expect(aside.prepare('SELECT max(seq) FROM command_log').pluck().get()).toBe(liveLast);
    aside.close();
    // no WAL of the old file beside the restored one; nothing half-done left
    expect(readdirSync(b.dir).filter((f) => /\.(restoring|replaced)/.test(f))).toEqual([]);

    // everyone signs in again (the manager too), with the passwords of the backup
    expect((await b.manager.err('clients.search', { query: '' })).code).toBe('UNAUTHENTICATED');
    await b.manager.ok('session.login', { username: 'manager', password: PASSWORD });
    await b.manager.ok('clients.create', { firstname: 'Dalila', lastname: 'Were' });
    expect(clientNames(b.core)).toEqual(['Amina', 'Dalila']);

    expect(verifyDatabase(b.core.db).faults).toEqual([]);
    const run = runVerify(b.core.db, { full: true });
    expect(run.faults).toEqual([]);
    // the same books opened afresh (a restart) verify clean from the command line too
    b.core.close();
    closers.pop();
    const v = io();
    expect(await runCli(['verify', '--full', '--data-dir', b.dir], v), v.errors.join('\n')).toBe(0);
  });

  it('calls that come while the books are replaced are refused (restore under way); a restore cut short between its renames is undone at the next start', async () => {
    const b = await branch();
    const backup = await backUp(b);
    await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Kamau' });
    await b.teller.ok('session.logout', {});
    await b.admin.ok('session.logout', {});
    const restoring = b.manager.ok('backups.restore', { file: `backups/${backup.split('/').pop()}` });
    const meanwhile = await new Caller(b.core).err('session.login', { username: 'teller', password: PASSWORD });
    expect(meanwhile).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'RESTORING' } });
    await restoring;
    expect(clientNames(b.core)).toEqual(['Amina']);

    // a power cut after the live file was renamed aside, before the restored copy took its place
    await b.manager.ok('session.login', { username: 'manager', password: PASSWORD });
    await b.manager.ok('clients.create', { firstname: 'Chausiku', lastname: 'Mwangi' });
    b.core.close();
    closers.pop();
    const liveFile = join(b.dir, DATABASE_FILE);
    for (const s of ['', '-wal']) if (existsSync(liveFile + s)) renameSync(liveFile + s, `${liveFile}.replaced${s}`);
    writeFileSync(`${liveFile}.restoring`, 'half a copy');
    const again = await openCore({ dataDir: b.dir });
    closers.push(() => again.close());
    expect(clientNames(again)).toEqual(['Amina', 'Chausiku']);
    expect(readdirSync(b.dir).filter((f) => f.includes('.replaced'))).toEqual([]);
  });

  it('lists and restores a backup from the second backup folder (a USB stick) too, by its id, never by a path', async () => {
    const b = await branch();
    const backup = await backUp(b);
    const stick = tempDir('branchbox-usb-');
    await b.manager.ok('dayEnd.setBackupFolder', { folder: stick });
    copyFileSync(backup, join(stick, 'branchbox-day-2026-03-01.sqlite'));
    writeFileSync(join(stick, 'notes.txt'), 'not a backup');
    await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Kamau' });
    const list = await b.manager.ok('backups.list', {});
    expect(list.secondFolder).toBe(stick);
    expect(list.backups.map((x) => `${x.folder}:${x.kind}`).sort()).toEqual(['backups:manual', 'second:day']);
    // a path, or a name outside the listed folders, is not a backup id
    for (const file of [join(stick, 'branchbox-day-2026-03-01.sqlite'), 'second/../branchbox.sqlite', 'second/notes.txt', 'elsewhere/branchbox-day-2026-03-01.sqlite']) {
      expect((await b.manager.err('backups.restore', { file })).fields?.[0]).toMatchObject({ field: 'file', code: 'not_found' });
    }
    await b.teller.ok('session.logout', {});
    await b.admin.ok('session.logout', {});
    const r = await b.manager.ok('backups.restore', { file: 'second/branchbox-day-2026-03-01.sqlite' });
    // dropped: the folder set, then the client
    expect(r).toMatchObject({ restoredFrom: 'second/branchbox-day-2026-03-01.sqlite', dropped: { commands: 2 } });
    expect(clientNames(b.core)).toEqual(['Amina']);
    // the folder set after the backup is this PC's, not the books' history: it is carried over
    await b.manager.ok('session.login', { username: 'manager', password: PASSWORD });
    expect((await b.manager.ok('dayEnd.status', {})).secondBackupFolder).toBe(stick);
  });

  it('a damaged backup is refused with nothing changed: bytes overwritten, an empty file, an audit log edited, another branch', async () => {
    const b = await branch();
    const good = await backUp(b);
    await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Kamau' });
    await b.teller.ok('session.logout', {});
    await b.admin.ok('session.logout', {});
    const dir = join(b.dir, 'backups');

    // a copy with a page in its middle overwritten
    const torn = join(dir, 'branchbox-manual-torn.sqlite');
    copyFileSync(good, torn);
    const single = new Database(torn);
    single.pragma('journal_mode = DELETE');
    single.close();
    const size = statSync(torn).size;
    const fd = openSync(torn, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    // an empty file (a copy that failed)
    writeFileSync(join(dir, 'branchbox-manual-empty.sqlite'), '');
    // an audit log row edited with its trigger dropped
    const edited = join(dir, 'branchbox-manual-edited.sqlite');
    copyFileSync(good, edited);
    const e = new Database(edited);
    e.exec("DROP TRIGGER command_log_no_update; UPDATE command_log SET input_json = '{}' WHERE seq = 2");
    e.pragma('journal_mode = DELETE');
    e.close();
    // another branch's backup
    const other = await openCore({ dataDir: null });
    await new Caller(other).ok('setup.initialize', { ...SETUP_INPUT, office: { code: 'MSA', name: 'Mombasa', headOffice: false } });
    await other.db.backup(join(dir, 'branchbox-manual-other.sqlite'));
    other.close();

    const list = await b.manager.ok('backups.list', {});
    expect(list.backups.find((x) => x.fileName === 'branchbox-manual-empty.sqlite')).toMatchObject({ problemCode: 'empty', problem: expect.stringMatching(/empty/) });
    expect(list.backups.find((x) => x.fileName === 'branchbox-manual-other.sqlite')).toMatchObject({ problemCode: 'other_branch', problem: expect.stringMatching(/branch MSA/) });
    expect(list.backups.find((x) => x.fileName === 'branchbox-manual-edited.sqlite')?.problemCode).toBeNull();

    const files = backupFiles(b.dir);
    const live = readdirSync(b.dir).sort();
    const before = snapshot(b.core);
    for (const [name, code, why] of [
      ['branchbox-manual-torn.sqlite', /damaged|unreadable|fails_verify/, /damaged|malformed|not a database|verify/],
      ['branchbox-manual-empty.sqlite', /empty/, /empty/],
      ['branchbox-manual-edited.sqlite', /fails_verify/, /verify: command_log: row 2/],
      ['branchbox-manual-other.sqlite', /other_branch/, /branch MSA, not of this branch \(NRB\)/],
    ] as const) {
      const err = await b.manager.err('backups.restore', { file: `backups/${name}` });
      expect(err.code, name).toBe('VALIDATION_FAILED');
      expect(err.fields?.[0]?.field).toBe('file');
      expect(err.fields?.[0]?.code).toMatch(code);
      expect(err.message, name).toMatch(why);
      expect(err.message).toContain('Nothing was changed');
      expect(snapshot(b.core)).toBe(before);
      expect(backupFiles(b.dir)).toEqual(files);
      expect(readdirSync(b.dir).sort()).toEqual(live);
    }
    // the manager is still signed in and the books answer
    expect(clientNames(b.core)).toEqual(['Amina', 'Baraka']);
    await b.manager.ok('clients.search', { query: '' });
  });

  it('branchbox restore --from FILE: refused while a host holds the folder; then restores, and verify is clean', async () => {
    const b = await branch();
    const backup = await backUp(b);
    const atBackup = lastSeq(b.core);
    await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Kamau' });
    // a copy outside the data folder (a USB stick)
    const stick = join(tempDir('branchbox-stick-'), 'nairobi.sqlite');
    copyFileSync(backup, stick);

    // the browser host holds the folder: refused, naming it, nothing changed
    b.core.close();
    closers.pop();
    const hold = holdDataFolder(b.dir, 'browser host');
    const refused = io();
    expect(await runCli(['restore', '--from', stick, '--data-dir', b.dir], refused)).toBe(1);
    expect(refused.errors.join('\n')).toMatch(/in use by the browser host/);
    hold.release();
    const missing = io();
    expect(await runCli(['restore', '--data-dir', b.dir], missing)).toBe(2);
    expect(missing.errors.join('\n')).toMatch(/--from FILE/);

    const done = io();
    expect(await runCli(['restore', '--from', stick, '--data-dir', b.dir], done), done.errors.join('\n')).toBe(0);
    expect(done.lines.join('\n')).toMatch(/Restored from .*nairobi\.sqlite/);
    expect(done.lines.join('\n')).toMatch(/Dropped: 1 commands/);
    const v = io();
    expect(await runCli(['verify', '--full', '--data-dir', b.dir], v), v.errors.join('\n')).toBe(0);

    const core = await openCore({ dataDir: b.dir });
    closers.push(() => core.close());
    expect(clientNames(core)).toEqual(['Amina']);
    const log = lastLog(core);
    expect(log).toMatchObject({ seq: atBackup + 1, operation: 'backups.restore', username: null });
    expect(JSON.parse(log.input_json)).toMatchObject({ from: stick, via: 'command line', epoch: 2 });
    expect(existsSync(join(b.dir, `${DATABASE_FILE}-wal`)) ? statSync(join(b.dir, `${DATABASE_FILE}-wal`)).size : 0).toBeGreaterThanOrEqual(0);
  });

  it('verify passes after a deliberate restore and fails after a silent truncation (the file copied back by hand)', async () => {
    const b = await branch();
    const backup = await backUp(b);
    await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Kamau' });
    // the chain head anchored outside the database (as every backup and day-end does), after the client
    await writeAnchor(b.core.db, b.dir, 'backup', b.clock.now());
    b.core.close();
    closers.pop();
    // the books silently replaced by the older backup: verify fails
    const liveFile = join(b.dir, DATABASE_FILE);
    for (const s of ['-wal', '-shm']) if (existsSync(liveFile + s)) writeFileSync(liveFile + s, '');
    copyFileSync(backup, liveFile);
    const silent = io();
    expect(await runCli(['verify', '--full', '--data-dir', b.dir], silent)).toBe(1);
    expect(silent.errors.join('\n')).toMatch(/anchor|sequence/i);
    // a deliberate restore of the same backup: verify passes
    const r = io();
    expect(await runCli(['restore', '--from', backup, '--data-dir', b.dir], r), r.errors.join('\n')).toBe(0);
    const v = io();
    expect(await runCli(['verify', '--full', '--data-dir', b.dir], v), v.errors.join('\n')).toBe(0);
  });

  it('the next bundle carries the new epoch: head office holds it until accepted, then applies its snapshot (the pairing made after the backup is kept)', async () => {
    const b = await branch();
    // a backup from before the branch was paired with head office
    const backup = await backUp(b);
    const hqDir = tempDir('branchbox-hq-');
    const hq = await openHeadOffice(HeadOfficeStore.open(hqDir), hqDir);
    closers.push(() => hq.store.close());
    await b.admin.ok('exports.setHeadOffice', { pairing: headOfficePairingText(hq, 'Umoja Microfinance HQ') });
    registerBranch(hq, (await b.admin.ok('exports.pairing', {})).text);
    const first = await cutPendingBundles(b.core.db, b.dir, () => b.clock.now());
    for (const w of first) expect(await importBundle(hq, w.file.split('/').pop()!, readFileSync(w.file))).toMatchObject({ status: 'applied' });
    await b.admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Kamau' });
    for (const w of await cutPendingBundles(b.core.db, b.dir, () => b.clock.now())) expect(await importBundle(hq, w.file.split('/').pop()!, readFileSync(w.file))).toMatchObject({ status: 'applied' });

    await b.teller.ok('session.logout', {});
    await b.admin.ok('session.logout', {});
    await b.manager.ok('backups.restore', { file: `backups/${backup.split('/').pop()}` });
    const next = await cutPendingBundles(b.core.db, b.dir, () => b.clock.now());
    expect(next).toHaveLength(1);
    expect(next[0]!.file).toMatch(/NRB-02-000000001-\d{9}\.bbx$/);
    expect(next[0]!.snapshot).toBe(true);
    const held = await importBundle(hq, next[0]!.file.split('/').pop()!, readFileSync(next[0]!.file));
    expect(held).toMatchObject({ status: 'held', reason: 'NEW_EPOCH' });
    const alarm = hq.store.alarms('NRB').find((a) => a.kind === 'NEW_EPOCH')!;
    const accepted = await acceptNewEpoch(hq, alarm.id);
    expect(accepted).toMatchObject({ officeCode: 'NRB', epoch: 2, lastSequence: next[0]!.toSeq });
    expect(hq.store.rowsOf('NRB', 'clients').size).toBe(1);
  });

  it('an encrypted branch: its backups open with its key, the books kept aside and the restored books stay encrypted (screen and command line)', async () => {
    const dir = await encryptedBranch();
    const clock = new TestClock(new Date('2026-03-02T08:00:00Z').getTime());
    const core = await openCore({ dataDir: dir, clock, unlock: { passphrase: PASSPHRASE } });
    closers.push(() => core.close());
    const admin = new Caller(core);
    await admin.ok('session.login', { username: SETUP_INPUT.admin.username, password: SETUP_INPUT.admin.password });
    const backup = await backupDatabase(core.db, join(dir, 'backups'), 'manual', clock.now());
    clock.advanceMinutes(5);
    expect(isEncryptedFile(backup)).toBe(true);
    await admin.ok('clients.create', { firstname: 'Baraka', lastname: 'Kamau' });

    const list = await admin.ok('backups.list', {});
    const entry = list.backups.find((x) => x.fileName === backup.split('/').pop())!;
    expect(entry).toMatchObject({ problemCode: null, dropped: { commands: 1 } });
    const r = await admin.ok('backups.restore', { file: entry.id });
    expect(r.keptAsideFaults).toEqual([]);
    for (const f of [join(dir, DATABASE_FILE), r.keptAside!]) {
      expect(isEncryptedFile(f), f).toBe(true);
      expect(readFileSync(f).includes(Buffer.from('Nyambura'))).toBe(false);
    }
    expect(clientNames(core)).toEqual(['Wanjiku']);
    expect(runVerify(core.db, { full: true }).faults).toEqual([]);
    const keyFile = join(tempDir(), 'branch.key');
    writeFileSync(keyFile, keyFileText(keyOf(core.db)!));
    core.close();
    closers.pop();

    // the command line opens the backup with the key it is given (here the books kept aside: back as they were)
    const cliRun = io();
    expect(await runCli(['restore', '--from', r.keptAside!, '--key-file', keyFile, '--data-dir', dir], cliRun), cliRun.errors.join('\n')).toBe(0);
    expect(isEncryptedFile(join(dir, DATABASE_FILE))).toBe(true);
    const v = io();
    expect(await runCli(['verify', '--full', '--key-file', keyFile, '--data-dir', dir], v), v.errors.join('\n')).toBe(0);
    const back = await openCore({ dataDir: dir, unlock: { keyFile } });
    closers.push(() => back.close());
    expect(clientNames(back)).toEqual(['Wanjiku', 'Baraka']);
  });
});
