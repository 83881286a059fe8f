import type { Db } from '../db/connection';
import { CREDIT_TYPES, NEUTRAL_TYPES } from '../domain/savings';
import { CHAIN_START, markStillHolds, walkChain } from './chain';
import { readMark } from './mark';
import { loanReceivablesFault, savingsPayableFault } from './receivables';

/** One check of `branchbox verify`: its name, and its first fault or null. */
export interface VerifyCheck {
  name: string;
  run(db: Db): string | null;
}

/** The savings credit types as an SQL list (constants of the domain's one rule, never input). */
export const SAVINGS_CREDITS = CREDIT_TYPES.map((t) => `'${t}'`).join(', ');

/** A savings transaction `t`'s signed amount in SQL, by the domain's rule: credits +, neutral types (accruals, waivers) 0, debits -. */
export const SAVINGS_SIGNED = `CASE WHEN t.type IN (${SAVINGS_CREDITS}) THEN t.amount WHEN t.type IN (${NEUTRAL_TYPES.map((t) => `'${t}'`).join(', ')}) THEN 0 ELSE -t.amount END`;

/** The loan portfolio accounts: each loan's own (it is relieved from the account it was booked to), the products', the template's. */
export const PORTFOLIO_ACCOUNTS = `SELECT DISTINCT json_extract(gl_mapping_json, '$.portfolio') AS id FROM loans
  UNION SELECT gl_loan_portfolio FROM loan_products UNION SELECT id FROM gl_accounts WHERE tag = 'LOAN_PORTFOLIO'`;

export function portfolioMessage(r: { code: string; balance: number; outstanding: number }, kept = false): string {
  const loans = kept ? 'kept on the loan accounts booked to it' : 'in the loan accounts booked to it';
  return `loans: the loan portfolio GL balance ${r.balance} of account ${r.code} differs from the principal outstanding ${loans} ${r.outstanding}`;
}

export function savingsMessage(net: number, balance: number, kept = false): string {
  return `savings: savings control less overdraft portfolio ${net} differs from the ${kept ? 'kept ' : ''}balances of the savings accounts ${balance}`;
}

/** Savings control less the overdraft portfolio, summed from `source` (journal lines, or the kept daily balances). */
export function savingsControlNet(db: Db, source: 'lines' | 'kept'): number {
  const [table, d, c] = source === 'lines' ? ['journal_lines', 'debit', 'credit'] : ['gl_daily_balances', 'debits', 'credits'];
  return (
    db
      .prepare(
        `SELECT
           coalesce((SELECT sum(${c}) - sum(${d}) FROM ${table} WHERE gl_account_id IN
             (SELECT gl_savings_control FROM savings_products UNION SELECT id FROM gl_accounts WHERE tag = 'SAVINGS_CONTROL')), 0)
         - coalesce((SELECT sum(${d}) - sum(${c}) FROM ${table} WHERE gl_account_id IN
             (SELECT gl_overdraft_portfolio FROM savings_products UNION SELECT id FROM gl_accounts WHERE tag = 'OVERDRAFT_PORTFOLIO')), 0) AS net`,
      )
      .get() as { net: number }
  ).net;
}

export function tillMessage(r: { username: string; gl: number; moved: number; balance: number }): string {
  return `tills: the till of ${r.username} has GL balance ${r.gl}, movements ${r.moved} and balance ${r.balance}`;
}

/** A closed session's count is what the till held once the difference was posted. `tills`: a JSON array of till ids, or null for all. */
export function sessionFault(db: Db, tills: string | null): string | null {
  const session = db
    .prepare(
      `SELECT s.id FROM till_sessions s WHERE s.closed_at IS NOT NULL AND (s.counted - s.expected <> s.difference
         OR s.counted <> (SELECT m.balance_after FROM till_movements m WHERE m.session_id = s.id ORDER BY m.id DESC LIMIT 1)
            AND EXISTS (SELECT 1 FROM till_movements m WHERE m.session_id = s.id))
         AND (@tills IS NULL OR s.till_id IN (SELECT value FROM json_each(@tills)))
       ORDER BY s.id LIMIT 1`,
    )
    .get({ tills }) as { id: number } | undefined;
  return session ? `tills: session ${session.id} does not close on its count` : null;
}

/**
 * The checks of a full run that read the database, the audit chain and the accounting invariants from their
 * sources (journal lines, installments, transactions, movements), whatever was verified before.
 */
export const SOURCE_CHECKS: VerifyCheck[] = [
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
  {
    name: 'command log chain',
    run(db) {
      // the whole chain, and the row a clean run marked still the one it verified (a past re-chained holds as a chain)
      const mark = readMark(db);
      return walkChain(db, CHAIN_START).fault ?? (mark ? markStillHolds(db, mark, mark.verifiedAt).fault : null);
    },
  },
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
      const rows = db
        .prepare(
          `WITH accounts AS (${PORTFOLIO_ACCOUNTS}),
           gl AS (SELECT a.id, coalesce((SELECT sum(l.debit) - sum(l.credit) FROM journal_lines l WHERE l.gl_account_id = a.id), 0) AS balance FROM accounts a),
           sub AS (SELECT json_extract(ln.gl_mapping_json, '$.portfolio') AS id,
                     sum(i.principal_due - i.principal_paid - i.principal_waived - i.principal_written_off) AS outstanding
                   FROM loan_installments i JOIN loans ln ON ln.id = i.loan_id GROUP BY 1)
           SELECT gl.id, a.code, gl.balance, coalesce(sub.outstanding, 0) AS outstanding
           FROM gl LEFT JOIN sub ON sub.id = gl.id JOIN gl_accounts a ON a.id = gl.id ORDER BY a.code`,
        )
        .all() as { id: number; code: string; balance: number; outstanding: number }[];
      const bad = rows.find((r) => r.balance !== r.outstanding);
      return bad ? portfolioMessage(bad) : null;
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
      const net = savingsControlNet(db, 'lines');
      const ledger = db
        .prepare(
          `SELECT coalesce(sum(${SAVINGS_SIGNED}), 0) AS balance
           FROM savings_transactions t
           WHERE t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)`,
        )
        .get() as { balance: number };
      return net === ledger.balance ? null : savingsMessage(net, ledger.balance);
    },
  },
  {
    name: 'on accruals: receivables (payable) equal accrued less paid, waived and written off (posted)',
    run: (db) => loanReceivablesFault(db, null) ?? savingsPayableFault(db, null),
  },
  {
    name: "each till's GL balance equals its own movements",
    run(db) {
      // a till's account, its balance column and the sum of its movements tell the same amount of cash, and its last
      // movement leaves that amount (a run since the mark follows the movements from there)
      const bad = db
        .prepare(
          `SELECT u.username, t.balance,
             coalesce((SELECT sum(l.debit) - sum(l.credit) FROM journal_lines l WHERE l.gl_account_id = t.gl_account_id), 0) AS gl,
             coalesce((SELECT sum(m.amount) FROM till_movements m WHERE m.till_id = t.id), 0) AS moved,
             coalesce((SELECT m.balance_after FROM till_movements m WHERE m.till_id = t.id ORDER BY m.id DESC LIMIT 1), 0) AS last
           FROM tills t JOIN users u ON u.id = t.user_id
           WHERE gl <> moved OR t.balance <> moved OR last <> moved ORDER BY t.id LIMIT 1`,
        )
        .get() as { username: string; balance: number; gl: number; moved: number; last: number } | undefined;
      if (bad && (bad.gl !== bad.moved || bad.balance !== bad.moved)) return tillMessage(bad);
      if (bad) return `tills: the last movement of the till of ${bad.username} leaves ${bad.last}, its movements sum to ${bad.moved}`;
      return sessionFault(db, null);
    },
  },
];
