import type { Db } from '../../../electron/core/db/connection';
import { hashRow, type CommandLogRow } from '../../../electron/core/dispatch/commandLog';
import { openCore, type Core } from '../../../electron/core';
import { Caller, SETUP_INPUT, tempDir } from '../../support/core';
import { activeLoan, setBusinessDate } from '../../support/lending';
import { savingsBranch } from '../../support/savings';

/**
 * Rewrites command_log row `seq` as an attacker who knows the hashing would: the row edited by `edit`, then it and
 * every row after it hashed again so that the chain holds (the guard trigger dropped first).
 */
export function rewriteAndRechain(db: Db, seq: number, edit: (row: CommandLogRow) => Partial<CommandLogRow>): void {
  db.exec('DROP TRIGGER IF EXISTS command_log_no_update');
  let prev = (db.prepare('SELECT hash FROM command_log WHERE seq = ?').get(seq - 1) as { hash: string }).hash;
  const update = db.prepare('UPDATE command_log SET input_json = @input_json, username = @username, prev_hash = @prev_hash, hash = @hash WHERE seq = @seq');
  for (const r of db.prepare('SELECT * FROM command_log WHERE seq >= ? ORDER BY seq').all(seq) as CommandLogRow[]) {
    const row = { ...r, ...(r.seq === seq ? edit(r) : {}), prev_hash: prev };
    prev = hashRow(row);
    update.run({ ...row, hash: prev });
  }
}

/**
 * A branch with two active loans and a savings account with a deposit (their kept figures are written by the loan and
 * savings code, true from the first run), on 2026-02-05.
 */
export async function lendingAndSavings() {
  const b = await savingsBranch();
  const loanA = await activeLoan(b, '2026-01-05');
  const loanB = await activeLoan(b, '2026-01-05');
  setBusinessDate(b.core, '2026-01-20');
  await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '5000' });
  setBusinessDate(b.core, '2026-02-05');
  const accountNo = (table: string, id: number) => (b.core.db.prepare(`SELECT account_no FROM ${table} WHERE id = ?`).get(id) as { account_no: string }).account_no;
  return { b, loanA, loanB, accountNo };
}

/** Runs `sql` with the named guard triggers dropped, then makes them again as they were (an attacker tidying up). */
export function withTriggersDropped(db: Db, triggers: string[], sql: string): void {
  const made = triggers.map((t) => (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(t) as { sql: string }).sql);
  db.exec(triggers.map((t) => `DROP TRIGGER ${t};`).join(' '));
  db.exec(sql);
  for (const m of made) db.exec(m);
}

/** A branch in a data folder of its own (its anchor file beside its backups), set up with a client of each name. */
export async function branchOnDisk(names: string[] = []): Promise<{ dir: string; core: Core; admin: Caller }> {
  const dir = tempDir();
  const core = await openCore({ dataDir: dir });
  const admin = new Caller(core);
  await admin.ok('setup.initialize', SETUP_INPUT);
  for (const name of names) await admin.ok('clients.create', { firstname: name, lastname: 'Test' });
  return { dir, core, admin };
}
