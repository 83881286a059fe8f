import type { Db } from './db/connection';
import { checkChain } from './dispatch/commandLog';

/**
 * `branchbox verify`: the database's own integrity, its foreign keys and the command_log hash chain.
 * Returns the faults found, first fault first (later areas add their accounting invariants here).
 */
export interface VerifyCheck {
  name: string;
  run(db: Db): string | null;
}

export const CHECKS: VerifyCheck[] = [
  {
    name: 'integrity',
    run(db) {
      const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
      const bad = rows.filter((r) => r.integrity_check !== 'ok');
      return bad.length ? `integrity_check: ${bad[0]!.integrity_check}` : null;
    },
  },
  {
    name: 'foreign keys',
    run(db) {
      const rows = db.prepare('PRAGMA foreign_key_check').all() as { table: string; rowid: number; parent: string }[];
      const r = rows[0];
      return r ? `foreign_key_check: ${r.table} row ${r.rowid} points at a missing ${r.parent} row` : null;
    },
  },
  { name: 'command log chain', run: checkChain },
];

export function verifyDatabase(db: Db): { ok: boolean; faults: string[]; checks: string[] } {
  const faults: string[] = [];
  for (const check of CHECKS) {
    const fault = check.run(db);
    if (fault) faults.push(fault);
  }
  return { ok: faults.length === 0, faults, checks: CHECKS.map((c) => c.name) };
}
