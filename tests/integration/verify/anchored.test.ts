import { appendFileSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core';
import { anchorFile, newestAnchor, writeAnchor, type Anchor } from '../../../electron/core/anchor';
import { openDatabase, type Db } from '../../../electron/core/db/connection';
import { recordAsCommand } from '../../../electron/core/dispatch/commandLog';
import { runVerify } from '../../../electron/core/verify';
import { schemaFingerprint } from '../../../electron/core/verify/mark';
import { branchOnDisk, lendingAndSavings, rewriteAndRechain, withTriggersDropped } from './tamper';

/**
 * Tampering made detectable (issue 14, point 2): each edit an attacker with the SQLite file (but not the anchor key,
 * kept outside the data folder) could make fails `branchbox verify`, by default (since the mark) and with --full,
 * naming what is wrong. Each branch is anchored and verified clean first; the attacker tidies up where it helps him
 * (guard triggers made again, the verify mark removed so that no run trusts it).
 */
const at = (a: Anchor) => `the anchor of ${a.at} (${a.reason}, sequence ${a.seq})`;

async function anchoredBranch() {
  const t = await lendingAndSavings();
  const db = t.b.core.db;
  expect(runVerify(db).faults).toEqual([]);
  const anchor = await writeAnchor(db, null, 'day-end');
  // a command after the anchor, then a clean run since the mark
  await t.b.teller.ok('loans.repay', { loanId: t.loanA, transactionAmount: '100' });
  expect(runVerify(db)).toMatchObject({ ok: true, mode: 'since' });
  return { ...t, db, anchor };
}

/**
 * The faults of the default run (since the mark; full when the triggers changed since it, `sinceWent`) and of a
 * full run, after a tamper.
 */
function bothRuns(db: Db): { since: string[]; full: string[]; sinceWent: string | null } {
  const since = runVerify(db);
  return { since: since.faults, full: runVerify(db, { full: true }).faults, sinceWent: since.mode === 'full' ? since.fullBecause : 'since' };
}

const lastSeq = (db: Db) => (db.prepare('SELECT max(seq) AS s FROM command_log').get() as { s: number }).s;

describe('tampering found by verify', () => {
  it('a clean anchored branch passes both ways, and its anchor is checked', async () => {
    const { db } = await anchoredBranch();
    const full = runVerify(db, { full: true });
    expect(full).toMatchObject({ ok: true, faults: [] });
    expect(full.checks).toContain('the newest anchor: signed by the branch, its row and images still there');
    expect(full.checks).toContain('protective triggers present as made');
    expect(full.checks).toContain("each loan's installments equal its transactions");
  });

  it('the whole log rewritten and hashed again, the guard trigger made again and the mark removed: the anchored row differs', async () => {
    const { db, anchor } = await anchoredBranch();
    rewriteAndRechain(db, 3, () => ({ username: 'mallory' }));
    db.exec(readFileSync(join(__dirname, '../../../electron/core/db/migrations/0001_init.sql'), 'utf8').match(/CREATE TRIGGER command_log_no_update[\s\S]*?END;/)![0]);
    db.exec("DELETE FROM settings WHERE key = 'verify.mark'");
    const fault = `anchors: command_log row ${anchor.seq} is not the row of ${at(anchor)} (its hash differs): the history was rewritten`;
    expect(runVerify(db).faults).toEqual([fault]);
    expect(runVerify(db, { full: true }).faults).toEqual([fault]);
  });

  it('the last rows deleted (the chain still holds): the log ends before the anchored sequence', async () => {
    const { db, anchor } = await anchoredBranch();
    db.pragma('foreign_keys = OFF');
    withTriggersDropped(db, ['command_log_no_delete'], `DELETE FROM command_log WHERE seq >= ${anchor.seq - 1}`);
    db.exec("DELETE FROM settings WHERE key = 'verify.mark'");
    const fault = `anchors: the audit log ends at sequence ${anchor.seq - 2}, before sequence ${anchor.seq} of ${at(anchor)} (rows removed)`;
    expect(runVerify(db).faults).toContain(fault);
    expect(runVerify(db, { full: true }).faults).toContain(fault);
  });

  it("a balanced edit of a journal entry's lines (an amount moved to another account)", async () => {
    const { db } = await anchoredBranch();
    const line = db.prepare("SELECT l.id, l.entry_id FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id WHERE l.debit > 0 AND a.code = '1200' ORDER BY l.id LIMIT 1").get() as { id: number; entry_id: number };
    withTriggersDropped(db, ['journal_lines_no_update'], `UPDATE journal_lines SET gl_account_id = (SELECT id FROM gl_accounts WHERE code = '5400') WHERE id = ${line.id}`);
    const outside = `row_changes: journal_lines row ${line.id} was written outside any command (the database file was edited directly)`;
    const { since, full } = bothRuns(db);
    expect(since).toContain(outside);
    expect(full).toContain(outside);
    expect(full.some((f) => /^kept figures: account 1200 on \d{4}-\d\d-\d\d keeps debits/.test(f))).toBe(true);
    expect(full.some((f) => f.startsWith('loans: the loan portfolio GL balance'))).toBe(true);
  });

  it('the same balanced edit with the capture switched off and made again: the lines are not their images, the daily balances differ', async () => {
    const { db } = await anchoredBranch();
    const line = db.prepare("SELECT l.id FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id WHERE l.debit > 0 AND a.code = '1200' ORDER BY l.id LIMIT 1").get() as { id: number };
    withTriggersDropped(db, ['journal_lines_no_update', 'capture_journal_lines_update'], `UPDATE journal_lines SET gl_account_id = (SELECT id FROM gl_accounts WHERE code = '5400') WHERE id = ${line.id}`);
    const { since, full, sinceWent } = bothRuns(db);
    // the triggers made again have new places in the schema: the default run does not trust the mark and checks everything
    expect(sinceWent).toBe('triggers changed');
    for (const faults of [since, full]) {
      expect(faults).toContain(`journal_lines row ${line.id} is not the last image recorded for it (it was changed without being recorded)`);
      expect(faults.some((f) => /^kept figures: account 1200 on /.test(f))).toBe(true);
    }
  });

  it('a loan row edited directly: a captured column, and a kept figure', async () => {
    const { db, loanB, accountNo } = await anchoredBranch();
    db.prepare('UPDATE loans SET principal = principal + 100000 WHERE id = ?').run(loanB);
    const outside = `row_changes: loans row ${loanB} was written outside any command (the database file was edited directly)`;
    let r = bothRuns(db);
    expect(r.since).toContain(outside);
    expect(r.full).toContain(outside);

    const c = await anchoredBranch();
    const kept = (c.db.prepare('SELECT principal_outstanding AS p FROM loans WHERE id = ?').get(c.loanB) as { p: number }).p;
    c.db.prepare('UPDATE loans SET principal_outstanding = principal_outstanding - 500 WHERE id = ?').run(c.loanB);
    r = bothRuns(c.db);
    expect(r.since.some((f) => /^loans: the loan portfolio GL balance \d+ of account 1200 differs from the principal outstanding kept/.test(f))).toBe(true);
    expect(r.full).toContain(`kept figures: loan ${c.accountNo('loans', c.loanB)} keeps principal outstanding ${kept - 500}, its installments say ${kept}`);
    expect(accountNo('loans', loanB)).toMatch(/L/);
  });

  it('an installment edited directly: recorded as outside any command, and (capture off) not what the transactions paid', async () => {
    const { db, loanA, accountNo } = await anchoredBranch();
    db.prepare('UPDATE loan_installments SET principal_paid = principal_paid + 1000 WHERE loan_id = ? AND installment_number = 2').run(loanA);
    const outside = `row_changes: loan_installments row ${loanA}:2 was written outside any command (the database file was edited directly)`;
    let r = bothRuns(db);
    expect(r.since).toContain(outside);
    expect(r.full).toContain(outside);

    const c = await anchoredBranch();
    withTriggersDropped(c.db, ['capture_loan_installments_update'], `UPDATE loan_installments SET principal_paid = principal_paid + 1000 WHERE loan_id = ${c.loanB} AND installment_number = 2`);
    r = bothRuns(c.db);
    expect(r.sinceWent).toBe('triggers changed');
    for (const faults of [r.since, r.full]) {
      expect(faults).toContain(`installments: loan ${c.accountNo('loans', c.loanB)} has principal paid 1000 on its installments, its transactions say 0`);
      expect(faults).toContain(`loan_installments row ${c.loanB}:2 is not the last image recorded for it (it was changed without being recorded)`);
    }
    expect(accountNo('loans', loanA)).toMatch(/L/);
  });

  it('a client edited directly, then its image forged to match (capture and guards off, made again): the anchored images differ', async () => {
    const { db, b, anchor } = await anchoredBranch();
    db.prepare("UPDATE clients SET firstname = 'Mallory' WHERE id = ?").run(b.clientId);
    const outside = `row_changes: clients row ${b.clientId} was written outside any command (the database file was edited directly)`;
    let r = bothRuns(db);
    expect(r.since).toContain(outside);
    expect(r.full).toContain(outside);

    const c = await anchoredBranch();
    withTriggersDropped(
      c.db,
      ['capture_clients_update', 'row_changes_no_update'],
      `UPDATE clients SET firstname = 'Mallory' WHERE id = ${c.b.clientId};
       UPDATE row_changes SET image = json_set(image, '$.firstname', 'Mallory') WHERE id = (SELECT max(id) FROM row_changes WHERE table_name = 'clients' AND row_key = '${c.b.clientId}')`,
    );
    r = bothRuns(c.db);
    const forged = `anchors: the row images up to ${c.anchor.images} are not those of ${at(c.anchor)}: images were altered, removed or added`;
    expect(r.since).toEqual([forged]);
    expect(r.full).toEqual([forged]);
    expect(anchor.images).toBeGreaterThan(0);
  });

  it('the verify mark edited in the file (to the triggers made again after an edit): not signed by the branch, so the default run checks everything', async () => {
    const { db, b } = await anchoredBranch();
    withTriggersDropped(db, ['capture_clients_update'], `UPDATE clients SET firstname = 'Mallory' WHERE id = ${b.clientId}`);
    // the attacker writes the schema as it is now into the mark, so that a run since it would trust what it does not read
    const mark = JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'verify.mark'").get() as { value: string }).value) as Record<string, unknown>;
    db.prepare("UPDATE settings SET value = ? WHERE key = 'verify.mark'").run(JSON.stringify({ ...mark, schema: schemaFingerprint(db) }));
    const run = runVerify(db);
    expect(run).toMatchObject({ mode: 'full', fullBecause: 'mark not signed' });
    expect(run.faults).toEqual([`clients row ${b.clientId} is not the last image recorded for it (it was changed without being recorded)`]);
  });

  it("a user given a role directly (user_roles)", async () => {
    const { db } = await anchoredBranch();
    const teller = (db.prepare("SELECT id FROM users WHERE username = 'teller'").get() as { id: number }).id;
    db.prepare("INSERT INTO user_roles (user_id, role_code) VALUES (?, 'ADMINISTRATOR')").run(teller);
    const outside = `row_changes: user_roles row ${teller}:ADMINISTRATOR was written outside any command (the database file was edited directly)`;
    const r = bothRuns(db);
    expect(r.since).toContain(outside);
    expect(r.full).toContain(outside);
  });

  it('a savings balance edited directly', async () => {
    const { db, b, accountNo } = await anchoredBranch();
    db.prepare('UPDATE savings_accounts SET balance = balance + 50000 WHERE id = ?').run(b.savingsId);
    const r = bothRuns(db);
    const outside = `kept figures: the balance of savings account ${accountNo('savings_accounts', b.savingsId)} was written outside any command (the database file was edited directly)`;
    expect(r.since).toEqual(['savings: savings control less overdraft portfolio 500000 differs from the kept balances of the savings accounts 550000', outside]);
    expect(r.full).toEqual([`kept figures: savings account ${accountNo('savings_accounts', b.savingsId)} keeps balance 550000, its transactions say 500000`, outside]);
  });

  it('a capture trigger dropped, or changed to miss a column', async () => {
    const { db } = await anchoredBranch();
    db.exec('DROP TRIGGER capture_user_roles_insert');
    let r = bothRuns(db);
    const dropped = 'triggers: the protective trigger capture_user_roles_insert is missing (dropped: the database file was edited)';
    expect(r.since).toEqual([dropped]);
    expect(r.full).toEqual([dropped]);

    const c = await anchoredBranch();
    const { sql } = c.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'capture_clients_update'").get() as { sql: string };
    c.db.exec(`DROP TRIGGER capture_clients_update; ${sql.replace('"firstname", ', '')}`);
    r = bothRuns(c.db);
    const changed = 'triggers: the protective trigger capture_clients_update is not the one the migrations made (changed: the database file was edited)';
    expect(r.since).toEqual([changed]);
    expect(r.full).toEqual([changed]);
  });

  it('an anchor whose signature is not the branch key\'s: altered, or signed by another key', async () => {
    const { db, anchor } = await anchoredBranch();
    const altered = { ...anchor, seq: anchor.seq + 1 };
    db.prepare('INSERT INTO anchors (epoch, seq, anchor_json) VALUES (?, ?, ?)').run(altered.epoch, altered.seq, JSON.stringify(altered));
    const fault = `anchors: the anchor of ${anchor.at} (day-end, sequence ${anchor.seq + 1}) in the database is not signed by this branch's anchor key (forged or altered)`;
    const r = bothRuns(db);
    expect(r.since).toEqual([fault]);
    expect(r.full).toEqual([fault]);

    // an anchor signed with a key of the attacker's own (another branch's)
    const c = await anchoredBranch();
    const other = await lendingAndSavings();
    const foreign = await writeAnchor(other.b.core.db, null, 'backup');
    c.db.prepare('INSERT INTO anchors (epoch, seq, anchor_json) VALUES (?, ?, ?)').run(foreign.epoch, foreign.seq, JSON.stringify(foreign));
    expect(runVerify(c.db, { full: true }).faults).toEqual([`anchors: ${at(foreign)} in the database is not signed by this branch's anchor key (forged or altered)`]);
  });
});

describe('the anchor file beside the backups', () => {
  it('catches the last rows deleted even when the anchors in the database are removed too', async () => {
    const { dir, core } = await branchOnDisk(['Amina', 'Juma', 'Grace']);
    const anchor = await writeAnchor(core.db, dir, 'backup');
    core.close();
    const lines = readFileSync(anchorFile(dir), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toEqual(anchor);

    const db = openDatabase(join(dir, DATABASE_FILE));
    try {
      expect(runVerify(db, { full: true }).faults).toEqual([]);
      db.pragma('foreign_keys = OFF');
      withTriggersDropped(db, ['command_log_no_delete', 'anchors_no_delete'], `DELETE FROM command_log WHERE seq = ${anchor.seq}; DELETE FROM anchors`);
      expect(runVerify(db, { full: true }).faults).toContain(`anchors: the audit log ends at sequence ${anchor.seq - 1}, before sequence ${anchor.seq} of ${at(anchor)} (rows removed)`);
      // a line cut by a crash while it was appended (no line end) is left out
      const whole = readFileSync(anchorFile(dir), 'utf8');
      appendFileSync(anchorFile(dir), JSON.stringify(anchor).slice(0, 40));
      expect(runVerify(db, { full: true }).faults.filter((f) => f.includes('anchors.jsonl'))).toEqual([]);
      writeFileSync(anchorFile(dir), whole);
      // a line forged into the file
      appendFileSync(anchorFile(dir), `${JSON.stringify({ ...anchor, seq: anchor.seq - 1 })}\n`);
      expect(runVerify(db, { full: true }).faults).toContain(`anchors: the anchor of ${anchor.at} (backup, sequence ${anchor.seq - 1}) in anchors.jsonl is not signed by this branch's anchor key (forged or altered)`);
    } finally {
      db.close();
    }
  });

  it('a backup put back silently fails against the newest anchor; put back as a restore (a new epoch recorded, then a fresh anchor) it passes', async () => {
    const { dir, core, admin } = await branchOnDisk(['Amina']);
    await writeAnchor(core.db, dir, 'backup');
    const backup = join(dir, 'backups', 'copy.sqlite');
    await core.db.backup(backup);
    for (const name of ['Juma', 'Grace']) await admin.ok('clients.create', { firstname: name, lastname: 'Test' });
    const later = await writeAnchor(core.db, dir, 'day-end');
    core.close();
    const live = join(dir, DATABASE_FILE);
    rmSync(`${live}-wal`, { force: true });
    rmSync(`${live}-shm`, { force: true });
    copyFileSync(backup, live);

    const db = openDatabase(live);
    try {
      const head = lastSeq(db);
      const cut = `anchors: the audit log ends at sequence ${head}, before sequence ${later.seq} of ${at(later)} (rows removed)`;
      expect(runVerify(db).faults).toEqual([cut]);
      expect(runVerify(db, { full: true }).faults).toEqual([cut]);
      // nothing signs over it in the same epoch
      await expect(writeAnchor(db, dir, 'backup')).rejects.toThrow(`the audit log ends at sequence ${head}, before sequence ${later.seq} anchored on ${later.at} (rows removed)`);

      // the restore as Branchbox records it: a new epoch and a command of its own, then the new epoch's anchor
      db.prepare("INSERT INTO settings (key, value) VALUES ('export.epoch', '2') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
      const now = new Date().toISOString();
      recordAsCommand(db, () => null, () => ({ officeCode: 'NRB', operation: 'backups.restore', userId: null, username: null, businessDate: '2026-01-15', recordedAt: now, input: { from: 'copy.sqlite' }, entityIds: [] }));
      const fresh = await writeAnchor(db, dir, 'restore');
      expect(fresh).toMatchObject({ epoch: 2, reason: 'restore', seq: head + 1 });
      expect(newestAnchor(dir)).toEqual(fresh);
      expect(runVerify(db, { full: true }).faults).toEqual([]);
      expect(runVerify(db)).toMatchObject({ ok: true, mode: 'since' });
    } finally {
      db.close();
    }
  });

  it('a key folder that cannot be read: the anchors are not taken as checked, and no mark is trusted', async () => {
    const { dir, core } = await branchOnDisk();
    await writeAnchor(core.db, dir, 'backup');
    expect(runVerify(core.db).faults).toEqual([]);
    const keys = process.env.BRANCHBOX_KEY_DIR;
    // the key folder's place taken by a file: nothing can be read or made there
    process.env.BRANCHBOX_KEY_DIR = anchorFile(dir);
    try {
      const run = runVerify(core.db);
      expect(run).toMatchObject({ ok: false, mode: 'full', fullBecause: 'mark not signed' });
      expect(run.faults).toEqual([expect.stringMatching(/^anchors: the branch's anchor key cannot be read \(.*\), so the anchors cannot be checked$/)]);
    } finally {
      process.env.BRANCHBOX_KEY_DIR = keys;
      core.close();
    }
  });
});
