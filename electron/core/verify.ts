import type { Db } from './db/connection';
import { checkChain } from './dispatch/commandLog';
import { CREDIT_TYPES } from './domain/savings';

/** The savings credit types as an SQL list (constants of the domain's one rule, never input). */
const SAVINGS_CREDITS = CREDIT_TYPES.map((t) => `'${t}'`).join(', ');

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
  {
    name: 'balanced journal',
    run(db) {
      const all = db.prepare('SELECT coalesce(sum(debit), 0) AS d, coalesce(sum(credit), 0) AS c FROM journal_lines').get() as { d: number; c: number };
      if (all.d !== all.c) return `journal: total debits ${all.d} differ from total credits ${all.c}`;
      const bad = db
        .prepare('SELECT entry_id, sum(debit) AS d, sum(credit) AS c FROM journal_lines GROUP BY entry_id HAVING sum(debit) <> sum(credit) ORDER BY entry_id LIMIT 1')
        .get() as { entry_id: number; d: number; c: number } | undefined;
      if (bad) return `journal: entry ${bad.entry_id} does not balance (debits ${bad.d}, credits ${bad.c})`;
      const short = db
        .prepare('SELECT e.id FROM journal_entries e WHERE (SELECT count(*) FROM journal_lines l WHERE l.entry_id = e.id) < 2 ORDER BY e.id LIMIT 1')
        .get() as { id: number } | undefined;
      return short ? `journal: entry ${short.id} has fewer than two lines` : null;
    },
  },
  {
    name: 'journal entries belong to commands',
    run(db) {
      const orphan = db
        .prepare('SELECT e.id, e.command_seq FROM journal_entries e LEFT JOIN command_log c ON c.seq = e.command_seq WHERE c.seq IS NULL ORDER BY e.id LIMIT 1')
        .get() as { id: number; command_seq: number } | undefined;
      return orphan ? `journal: entry ${orphan.id} points at command ${orphan.command_seq}, which is not in the command_log` : null;
    },
  },
  {
    name: 'loan portfolio equals loan principal outstanding',
    run(db) {
      // per portfolio account: each loan is relieved from the account it was booked to
      const rows = db
        .prepare(
          `WITH accounts AS (
             SELECT DISTINCT json_extract(gl_mapping_json, '$.portfolio') AS id FROM loans
             UNION SELECT gl_loan_portfolio FROM loan_products UNION SELECT id FROM gl_accounts WHERE tag = 'LOAN_PORTFOLIO'),
           gl AS (SELECT a.id, coalesce((SELECT sum(l.debit) - sum(l.credit) FROM journal_lines l WHERE l.gl_account_id = a.id), 0) AS balance FROM accounts a),
           sub AS (SELECT json_extract(ln.gl_mapping_json, '$.portfolio') AS id,
                     sum(i.principal_due - i.principal_paid - i.principal_waived - i.principal_written_off) AS outstanding
                   FROM loan_installments i JOIN loans ln ON ln.id = i.loan_id GROUP BY 1)
           SELECT gl.id, a.code, gl.balance, coalesce(sub.outstanding, 0) AS outstanding
           FROM gl LEFT JOIN sub ON sub.id = gl.id JOIN gl_accounts a ON a.id = gl.id ORDER BY a.code`,
        )
        .all() as { id: number; code: string; balance: number; outstanding: number }[];
      const bad = rows.find((r) => r.balance !== r.outstanding);
      return bad
        ? `loans: the loan portfolio GL balance ${bad.balance} of account ${bad.code} differs from the principal outstanding in the loan accounts booked to it ${bad.outstanding}`
        : null;
    },
  },
  {
    name: 'overpayment liability equals the loans overpaid',
    run(db) {
      const gl = db
        .prepare(
          `SELECT coalesce(sum(l.credit) - sum(l.debit), 0) AS balance FROM journal_lines l WHERE l.gl_account_id IN
             (SELECT json_extract(gl_mapping_json, '$.overpayment') FROM loans UNION SELECT id FROM gl_accounts WHERE tag = 'OVERPAYMENT')`,
        )
        .get() as { balance: number };
      const loans = db
        .prepare(
          `SELECT coalesce(sum(t.overpayment_portion), 0) AS overpaid FROM loan_transactions t
           WHERE t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)`,
        )
        .get() as { overpaid: number };
      return gl.balance === loans.overpaid
        ? null
        : `loans: the overpayment liability ${gl.balance} differs from what the loans were overpaid ${loans.overpaid}`;
    },
  },
  {
    name: 'savings control equals the savings balances',
    run(db) {
      const gl = db
        .prepare(
          `SELECT
             coalesce((SELECT sum(l.credit) - sum(l.debit) FROM journal_lines l WHERE l.gl_account_id IN
               (SELECT gl_savings_control FROM savings_products UNION SELECT id FROM gl_accounts WHERE tag = 'SAVINGS_CONTROL')), 0)
           - coalesce((SELECT sum(l.debit) - sum(l.credit) FROM journal_lines l WHERE l.gl_account_id IN
               (SELECT gl_overdraft_portfolio FROM savings_products UNION SELECT id FROM gl_accounts WHERE tag = 'OVERDRAFT_PORTFOLIO')), 0) AS net`,
        )
        .get() as { net: number };
      const ledger = db
        .prepare(
          `SELECT coalesce(sum(CASE WHEN t.type IN (${SAVINGS_CREDITS}) THEN t.amount ELSE -t.amount END), 0) AS balance
           FROM savings_transactions t
           WHERE t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)`,
        )
        .get() as { balance: number };
      return gl.net === ledger.balance
        ? null
        : `savings: savings control less overdraft portfolio ${gl.net} differs from the balances of the savings accounts ${ledger.balance}`;
    },
  },
  {
    name: "each till's GL balance equals its own movements",
    run(db) {
      // a till's account, its balance column and the sum of its movements tell the same amount of cash
      const bad = db
        .prepare(
          `SELECT t.id, u.username, t.balance,
             coalesce((SELECT sum(l.debit) - sum(l.credit) FROM journal_lines l WHERE l.gl_account_id = t.gl_account_id), 0) AS gl,
             coalesce((SELECT sum(m.amount) FROM till_movements m WHERE m.till_id = t.id), 0) AS moved
           FROM tills t JOIN users u ON u.id = t.user_id
           WHERE gl <> moved OR t.balance <> moved ORDER BY t.id LIMIT 1`,
        )
        .get() as { id: number; username: string; balance: number; gl: number; moved: number } | undefined;
      if (bad) return `tills: the till of ${bad.username} has GL balance ${bad.gl}, movements ${bad.moved} and balance ${bad.balance}`;
      // a closed session's count is what the till held once the difference was posted
      const session = db
        .prepare(
          `SELECT s.id FROM till_sessions s WHERE s.closed_at IS NOT NULL AND (s.counted - s.expected <> s.difference
             OR s.counted <> (SELECT m.balance_after FROM till_movements m WHERE m.session_id = s.id ORDER BY m.id DESC LIMIT 1)
                AND EXISTS (SELECT 1 FROM till_movements m WHERE m.session_id = s.id))
           ORDER BY s.id LIMIT 1`,
        )
        .get() as { id: number } | undefined;
      return session ? `tills: session ${session.id} does not close on its count` : null;
    },
  },
];

export function verifyDatabase(db: Db): { ok: boolean; faults: string[]; checks: string[] } {
  const faults: string[] = [];
  for (const check of CHECKS) {
    const fault = check.run(db);
    if (fault) faults.push(fault);
  }
  return { ok: faults.length === 0, faults, checks: CHECKS.map((c) => c.name) };
}
