import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openCore, DATABASE_FILE } from '../../electron/core';
import { openDatabase } from '../../electron/core/db/connection';
import { runCli, type CliIO } from '../../electron/cli/main';
import { ADMIN, Caller, SETUP_INPUT, tempDir } from '../support/core';
import { rewriteAndRechain } from './verify/tamper';

function io(stdin = ''): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => stdin };
}

/** A branch on disk with a few commands in its log. */
async function branchOnDisk(): Promise<string> {
  const dir = tempDir();
  const core = await openCore({ dataDir: dir });
  const admin = new Caller(core);
  await admin.ok('setup.initialize', SETUP_INPUT);
  for (const name of ['Amina', 'Juma', 'Grace', 'Peter']) await admin.ok('clients.create', { firstname: name, lastname: 'Test' });
  core.close();
  return dir;
}

/** Tampering as an attacker with the SQLite file would: drop the guard triggers, then edit. */
function tamper(dir: string, sql: string): void {
  const db = openDatabase(join(dir, DATABASE_FILE));
  db.exec('DROP TRIGGER command_log_no_update; DROP TRIGGER command_log_no_delete;');
  db.exec(sql);
  db.close();
}

describe('branchbox verify', () => {
  it('passes on an untouched branch', async () => {
    const dir = await branchOnDisk();
    const out = io();
    expect(await runCli(['verify', '--data-dir', dir], out)).toBe(0);
    expect(out.lines.join('\n')).toMatch(/OK: integrity, foreign keys, command log chain, balanced journal/);
  });

  it('the command_log refuses UPDATE and DELETE', async () => {
    const dir = await branchOnDisk();
    const db = openDatabase(join(dir, DATABASE_FILE));
    expect(() => db.exec("UPDATE command_log SET username = 'x' WHERE seq = 2")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM command_log WHERE seq = 2')).toThrow(/append-only/);
    db.close();
  });

  it('catches an edited row', async () => {
    const dir = await branchOnDisk();
    tamper(dir, `UPDATE command_log SET input_json = '{"firstname":"Mallory"}' WHERE seq = 3`);
    const out = io();
    expect(await runCli(['verify', '--data-dir', dir], out)).toBe(1);
    expect(out.errors[0]).toBe('FAULT: command_log: row 3 (clients.create) was altered after it was written');
  });

  it('catches a deleted row', async () => {
    const dir = await branchOnDisk();
    tamper(dir, 'DELETE FROM command_log WHERE seq = 2');
    const out = io();
    expect(await runCli(['verify', '--data-dir', dir], out)).toBe(1);
    expect(out.errors[0]).toMatch(/FAULT: command_log: expected seq 2 but found 3/);
  });

  it('catches a deleted last row only through the chain of later rows, and a deleted middle row renumbered', async () => {
    const dir = await branchOnDisk();
    // delete row 2 and renumber the later rows so the sequence looks gapless
    tamper(dir, 'DELETE FROM command_log WHERE seq = 2; UPDATE command_log SET seq = seq - 1 WHERE seq > 2;');
    const out = io();
    expect(await runCli(['verify', '--data-dir', dir], out)).toBe(1);
    expect(out.errors[0]).toMatch(/FAULT: command_log: row 2 does not follow row 1/);
  });

  it('catches reordered rows', async () => {
    const dir = await branchOnDisk();
    tamper(dir, 'UPDATE command_log SET seq = 100 WHERE seq = 2; UPDATE command_log SET seq = 2 WHERE seq = 3; UPDATE command_log SET seq = 3 WHERE seq = 100;');
    const out = io();
    expect(await runCli(['verify', '--data-dir', dir], out)).toBe(1);
    expect(out.errors[0]).toMatch(/FAULT: command_log: row 2 does not follow row 1/);
  });

  it('catches a broken foreign key', async () => {
    const dir = await branchOnDisk();
    const db = openDatabase(join(dir, DATABASE_FILE));
    db.pragma('foreign_keys = OFF');
    db.exec('UPDATE clients SET office_id = 42 WHERE id = 1');
    db.close();
    const out = io();
    expect(await runCli(['verify', '--data-dir', dir], out)).toBe(1);
    expect(out.errors[0]).toMatch(/FAULT: foreign_key_check: clients row 1 points at a missing offices row/);
  });

  it('checks everything the first time, then from the mark the last clean run left; --full checks everything again', async () => {
    const dir = await branchOnDisk();
    const first = io();
    expect(await runCli(['verify', '--data-dir', dir], first)).toBe(0);
    expect(first.lines[0]).toMatch(/^Checked everything \(no mark from an earlier run\), through sequence 5 in \d+\.\d\d s$/);
    const core = await openCore({ dataDir: dir });
    const admin = new Caller(core);
    await admin.ok('session.login', ADMIN);
    await admin.ok('clients.create', { firstname: 'Wanjiru', lastname: 'Test' });
    core.close();
    const since = io();
    expect(await runCli(['verify', '--data-dir', dir], since)).toBe(0);
    expect(since.lines[0]).toMatch(/^Checked since sequence 5 \(verified \d{4}-\d\d-\d\dT[\d:.]+Z\): 1 command, through sequence 6 in \d+\.\d\d s$/);
    expect(since.lines[1]).toMatch(/^OK: command log chain from the mark, balanced journal since the mark, /);
    const full = io();
    expect(await runCli(['verify', '--full', '--data-dir', dir], full)).toBe(0);
    expect(full.lines[0]).toMatch(/^Checked everything, through sequence 6 in \d+\.\d\d s$/);
    expect(full.lines[1]).toMatch(/^OK: integrity, .*, kept daily GL balances equal the journal lines, kept GL account lines are the journal lines, /);
    expect(await runCli(['verify', '--data-dir', dir, '--full', 'yes'], io())).toBe(2);
  });

  it('refuses a log rewritten and re-chained before the mark, by default and with --full', async () => {
    const dir = await branchOnDisk();
    expect(await runCli(['verify', '--data-dir', dir], io())).toBe(0);
    const db = openDatabase(join(dir, DATABASE_FILE));
    rewriteAndRechain(db, 3, () => ({ input_json: '{"firstname":"Mallory"}' }));
    db.close();
    for (const args of [[], ['--full']]) {
      const out = io();
      expect(await runCli(['verify', '--data-dir', dir, ...args], out)).toBe(1);
      expect(out.errors[0]).toMatch(/^FAULT: command_log: row 5 is not the row verified on .* \(its hash changed\): the log up to the mark was rewritten$/);
      // the guard trigger dropped: the default run does not trust the mark and checks everything too
      expect(out.errors.slice(1)).toEqual(['also: triggers: the protective trigger command_log_no_update is missing (dropped: the database file was edited)']);
    }
  });

  it('says so when there is no database', async () => {
    const out = io();
    expect(await runCli(['verify', '--data-dir', tempDir()], out)).toBe(1);
    expect(out.errors[0]).toMatch(/No database/);
  });
});

describe('other CLI commands', () => {
  it('backup writes a consistent copy through the backup API', async () => {
    const dir = await branchOnDisk();
    const out = io();
    const target = join(tempDir(), 'copy.sqlite');
    expect(await runCli(['backup', '--data-dir', dir, '--out', target], out)).toBe(0);
    expect(existsSync(target)).toBe(true);
    const copy = openDatabase(target, { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n).toBe(4);
    copy.close();
    const auto = io();
    expect(await runCli(['backup', '--data-dir', dir], auto)).toBe(0);
    expect(auto.lines[0]).toMatch(/backups.branchbox-manual-/);
  });

  it('migrate reports an up-to-date database', async () => {
    const dir = await branchOnDisk();
    const out = io();
    expect(await runCli(['migrate', '--data-dir', dir], out)).toBe(0);
    expect(out.lines).toContain('The database is up to date');
  });

  it('seed-demo builds a training branch of the asked size (--no-history: no past weeks), then refuses a second time', async () => {
    const dir = tempDir();
    const out = io();
    expect(await runCli(['seed-demo', '--data-dir', dir, '--clients', '50', '--no-history'], out)).toBe(0);
    expect(out.lines.join('\n')).toMatch(/teller +Demo-teller-2026 +TELLER/);
    expect(out.lines.join('\n')).not.toMatch(/History:/);
    const db = openDatabase(join(dir, DATABASE_FILE), { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n).toBe(50);
    // no history: no loans, and the branch opened on the PC's day
    expect((db.prepare('SELECT count(*) AS n FROM loans').get() as { n: number }).n).toBe(0);
    db.close();
    const again = io();
    expect(await runCli(['seed-demo', '--data-dir', dir], again)).toBe(1);
    expect(again.errors[0]).toMatch(/already set up/);
    expect(await runCli(['verify', '--data-dir', dir], io())).toBe(0);
  });

  it('answers an unknown command with usage and exit code 2', async () => {
    const out = io();
    expect(await runCli(['teleport'], out)).toBe(2);
    expect(await runCli(['seed-demo', '--clients', 'many'], io())).toBe(2);
  });
});
