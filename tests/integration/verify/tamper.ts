import type { Db } from '../../../electron/core/db/connection';
import { hashRow, type CommandLogRow } from '../../../electron/core/dispatch/commandLog';

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
