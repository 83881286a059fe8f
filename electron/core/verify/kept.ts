import type { Db } from '../db/connection';
import { SAVINGS_SIGNED, type VerifyCheck } from './checks';
import { loanChargesFault } from './loanCharges';
import { savingsTransfersFault } from './savingsTransfers';
import { savingsEscheatFault } from './savingsEscheat';
import { collectionSheetsFault, groupsFault } from './groups';

/**
 * The figures kept as their sources change (migration 0005) against those sources. Each takes a scope: a JSON array
 * of the days, loans or savings accounts to check (an incremental run: what changed since the mark), or null for
 * all of them (a full run).
 */
export type Scope = string | null;

/**
 * The journal lines of the days in scope with their entry's date, as FROM and WHERE (for some days: their entries
 * through the date index, then the lines of each).
 */
function linesOf(days: Scope): { from: string; where: string } {
  return days === null
    ? { from: 'journal_entries e JOIN journal_lines l ON l.entry_id = e.id', where: '1' }
    : { from: 'journal_entries e CROSS JOIN journal_lines l ON l.entry_id = e.id', where: 'e.entry_date IN (SELECT value FROM json_each(@days))' };
}

/** gl_daily_balances: the debits and credits of each account and day are the sums of its journal lines. */
export function dailyBalanceFault(db: Db, days: Scope): string | null {
  const lines = linesOf(days);
  const kept = days === null ? 'gl_daily_balances' : '(SELECT * FROM gl_daily_balances WHERE entry_date IN (SELECT value FROM json_each(@days)))';
  const bad = db
    .prepare(
      `WITH src AS MATERIALIZED (SELECT l.gl_account_id AS a, e.entry_date AS day, sum(l.debit) AS d, sum(l.credit) AS c
                                 FROM ${lines.from} WHERE ${lines.where} GROUP BY 1, 2),
       diff AS (SELECT coalesce(s.a, k.gl_account_id) AS a, coalesce(s.day, k.entry_date) AS day, k.debits AS kd, k.credits AS kc, s.d AS sd, s.c AS sc
                FROM src s FULL JOIN ${kept} k ON k.gl_account_id = s.a AND k.entry_date = s.day
                WHERE s.d IS NOT k.debits OR s.c IS NOT k.credits)
       SELECT x.code, diff.* FROM diff JOIN gl_accounts x ON x.id = diff.a ORDER BY diff.day, x.code LIMIT 1`,
    )
    .get(days === null ? {} : { days }) as { code: string; day: string; kd: number | null; kc: number | null; sd: number | null; sc: number | null } | undefined;
  return bad
    ? `kept figures: account ${bad.code} on ${bad.day} keeps debits ${bad.kd ?? 0} and credits ${bad.kc ?? 0}, its journal lines say debits ${bad.sd ?? 0} and credits ${bad.sc ?? 0}`
    : null;
}

/** gl_account_lines: one row per journal line, under the line's account and its entry's date. */
export function accountLinesFault(db: Db, days: Scope): string | null {
  const params = days === null ? {} : { days };
  const lines = linesOf(days);
  const missing = db
    .prepare(
      `SELECT l.id, x.code, e.entry_date FROM ${lines.from} JOIN gl_accounts x ON x.id = l.gl_account_id
       WHERE ${lines.where} AND NOT EXISTS
         (SELECT 1 FROM gl_account_lines g WHERE g.gl_account_id = l.gl_account_id AND g.entry_date = e.entry_date AND g.line_id = l.id)
       ORDER BY l.id LIMIT 1`,
    )
    .get(params) as { id: number; code: string; entry_date: string } | undefined;
  if (missing) return `kept figures: journal line ${missing.id} (account ${missing.code}, ${missing.entry_date}) has no row in gl_account_lines`;
  if (days === null) {
    // every line has its row, and there are as many rows as lines: no row names a line that is not there
    const { rows } = db.prepare('SELECT count(*) AS rows FROM gl_account_lines').get() as { rows: number };
    const { lines } = db.prepare('SELECT count(*) AS lines FROM journal_lines').get() as { lines: number };
    return rows === lines ? null : `kept figures: gl_account_lines holds ${rows} rows for ${lines} journal lines`;
  }
  const extra = db
    .prepare(
      `WITH src AS MATERIALIZED (SELECT l.gl_account_id AS a, e.entry_date AS day, count(*) AS n FROM ${lines.from} WHERE ${lines.where} GROUP BY 1, 2)
       SELECT x.code, src.day, src.n, (SELECT count(*) FROM gl_account_lines g WHERE g.gl_account_id = src.a AND g.entry_date = src.day) AS rows
       FROM src JOIN gl_accounts x ON x.id = src.a WHERE rows <> src.n ORDER BY src.day, x.code LIMIT 1`,
    )
    .get(params) as { code: string; day: string; n: number; rows: number } | undefined;
  return extra ? `kept figures: gl_account_lines holds ${extra.rows} rows for account ${extra.code} on ${extra.day}, the journal ${extra.n} lines` : null;
}

/** Each installment's outstanding per component (what its due less paid, waived and written off leaves). */
const OUTSTANDING = `SELECT loan_id, installment_number AS n, due_date AS d,
    principal_due - principal_paid - principal_waived - principal_written_off AS p,
    interest_due - interest_paid - interest_waived - interest_written_off AS i,
    fee_due - fee_paid - fee_waived - fee_written_off AS f,
    penalty_due - penalty_paid - penalty_waived - penalty_written_off AS x
  FROM loan_installments`;

/**
 * A loan's kept figures are what its installments say: principal and total outstanding, the installments that still
 * owe [[number, due date, principal, interest, fee, penalty], ...] in installment order, and the oldest due date among
 * them (as migration 0005 computes them and domain/loans/unpaid.ts keeps them).
 */
export function loanKeptFault(db: Db, loans: Scope): string | null {
  const only = loans === null ? '' : 'WHERE loan_id IN (SELECT value FROM json_each(@loans))';
  const bad = db
    .prepare(
      `WITH src AS (
         SELECT loan_id, sum(p) AS p, sum(p + i + f + x) AS t,
           json_group_array(json_array(n, d, p, i, f, x) ORDER BY n) FILTER (WHERE p + i + f + x > 0) AS u,
           min(d) FILTER (WHERE p + i + f + x > 0) AS o
         FROM (${OUTSTANDING} ${only}) GROUP BY loan_id)
       SELECT l.id, l.account_no, l.principal_outstanding AS kp, l.total_outstanding AS kt,
         CASE WHEN json_valid(l.unpaid_json) THEN json(l.unpaid_json) ELSE l.unpaid_json END AS ku, l.oldest_unpaid_due AS ko,
         coalesce(src.p, 0) AS p, coalesce(src.t, 0) AS t, coalesce(src.u, '[]') AS u, src.o AS o
       FROM loans l LEFT JOIN src ON src.loan_id = l.id
       WHERE (kp <> p OR kt <> t OR ku <> u OR ko IS NOT o) ${loans === null ? '' : 'AND l.id IN (SELECT value FROM json_each(@loans))'}
       ORDER BY l.id LIMIT 1`,
    )
    .get(loans === null ? {} : { loans }) as
    | { id: number; account_no: string; kp: number; kt: number; ku: string; ko: string | null; p: number; t: number; u: string; o: string | null }
    | undefined;
  if (!bad) return null;
  const [what, kept, says] =
    bad.kp !== bad.p
      ? ['principal outstanding', bad.kp, bad.p]
      : bad.kt !== bad.t
        ? ['total outstanding', bad.kt, bad.t]
        : bad.ku !== bad.u
          ? ['unpaid installments', bad.ku, bad.u]
          : ['oldest unpaid due date', bad.ko ?? 'none', bad.o ?? 'none'];
  return `kept figures: loan ${bad.account_no} keeps ${what} ${kept}, its installments say ${says}`;
}

/**
 * A loan's row of loan_figures (migration 0024) is what its installments say: outstanding per component, the first
 * and last installments still owing (number and due date), the latest due date of the others owing, the schedule's
 * last installment and its due date; a loan without installments has no row.
 */
export function loanFiguresFault(db: Db, loans: Scope): string | null {
  const only = loans === null ? '' : 'WHERE loan_id IN (SELECT value FROM json_each(@loans))';
  const bad = db
    .prepare(
      `WITH marked AS (
         SELECT *, p + i + f + x > 0 AS owing, max(n) FILTER (WHERE p + i + f + x > 0) OVER w AS lu, max(n) OVER w AS li
         FROM (${OUTSTANDING} ${only}) WINDOW w AS (PARTITION BY loan_id)),
       src AS (
         SELECT loan_id, sum(p) AS p, sum(i) AS i, sum(f) AS f, sum(x) AS x,
           min(n) FILTER (WHERE owing) AS fu, min(d) FILTER (WHERE owing) AS fd, max(lu) AS lu, max(d) FILTER (WHERE owing) AS ld,
           max(d) FILTER (WHERE owing AND n <> lu) AS pd, max(li) AS li, max(d) FILTER (WHERE n = li) AS md
         FROM marked GROUP BY loan_id),
       both AS (
         SELECT src.loan_id,
           json_array(k.principal_outstanding, k.interest_outstanding, k.fee_outstanding, k.penalty_outstanding, k.first_unpaid,
             k.first_unpaid_due, k.last_unpaid, k.last_unpaid_due, k.prior_unpaid_due, k.last_installment, k.maturity_date) AS kept,
           json_array(src.p, src.i, src.f, src.x, src.fu, src.fd, src.lu, src.ld, src.pd, src.li, src.md) AS says
         FROM src LEFT JOIN loan_figures k ON k.loan_id = src.loan_id
         UNION ALL
         SELECT k.loan_id, json_array(k.principal_outstanding) AS kept, 'no installments' AS says
         FROM loan_figures k ${only.replace('loan_id', 'k.loan_id')} ${only ? 'AND' : 'WHERE'}
           NOT EXISTS (SELECT 1 FROM loan_installments i WHERE i.loan_id = k.loan_id))
       SELECT loan_id, kept, says FROM both
       WHERE kept IS NOT says ORDER BY loan_id LIMIT 1`,
    )
    .get(loans === null ? {} : { loans }) as { loan_id: number; kept: string; says: string } | undefined;
  if (!bad) return null;
  const accountNo = (db.prepare('SELECT account_no FROM loans WHERE id = ?').get(bad.loan_id) as { account_no: string } | undefined)?.account_no ?? String(bad.loan_id);
  return `kept figures: loan ${accountNo} keeps in loan_figures ${bad.kept}, its installments say ${bad.says}`;
}

/** A savings account's kept balance is the sum of its live transactions (credits by the domain's rule, a reversed one no more). */
export function savingsKeptFault(db: Db, accounts: Scope): string | null {
  const bad = db
    .prepare(
      `SELECT s.account_no, s.balance, coalesce((SELECT sum(${SAVINGS_SIGNED})
           FROM savings_transactions t WHERE t.account_id = s.id AND t.type <> 'REVERSAL'
             AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)), 0) AS actual
       FROM savings_accounts s
       WHERE s.balance <> actual ${accounts === null ? '' : 'AND s.id IN (SELECT value FROM json_each(@accounts))'}
       ORDER BY s.id LIMIT 1`,
    )
    .get(accounts === null ? {} : { accounts }) as { account_no: string; balance: number; actual: number } | undefined;
  return bad ? `kept figures: savings account ${bad.account_no} keeps balance ${bad.balance}, its transactions say ${bad.actual}` : null;
}

/** The kept figures of a full run: every one against its source. */
export const KEPT_CHECKS: VerifyCheck[] = [
  { name: 'kept daily GL balances equal the journal lines', run: (db) => dailyBalanceFault(db, null) },
  { name: 'kept GL account lines are the journal lines', run: (db) => accountLinesFault(db, null) },
  { name: "each loan's kept figures equal its installments", run: (db) => loanKeptFault(db, null) },
  { name: "each loan's loan_figures row equals its installments", run: (db) => loanFiguresFault(db, null) },
  { name: "each savings account's kept balance equals its transactions", run: (db) => savingsKeptFault(db, null) },
  { name: "each loan's installments equal its transactions", run: (db) => installmentsFault(db, null) },
  { name: "each installment's fees and penalties equal its loan's charges", run: (db) => loanChargesFault(db, null) },
  { name: 'each savings transfer: legs of its amount and date, live or reversed together', run: (db) => savingsTransfersFault(db, null) },
  { name: 'each escheated savings account: closed, emptied, and only escheated accounts hold an escheat', run: (db) => savingsEscheatFault(db, null) },
  { name: 'groups: a client in one group at a time, members and roles of open groups, groups as their centers', run: (db) => groupsFault(db) },
  { name: 'collection sheets: each total its items, each item the transaction it names as posted', run: (db) => collectionSheetsFault(db) },
];

/**
 * What each kind of loan transaction moves on the installments (by its split): paid, written off. Waived amounts are
 * not all in a transaction's split (heavensfamily-strategy waives interest of an installment paid in advance as the
 * repayment allocates), so they are not recomputed here.
 */
const INSTALLMENT_MOVES: [column: string, types: string][] = [
  ['paid', "'REPAYMENT'"],
  ['written_off', "'WRITE_OFF'"],
];
const COMPONENTS = ['principal', 'interest', 'fee', 'penalty'];

/**
 * A loan's installments against its transactions: what its installments say was paid and written off of each
 * component is what its live transactions (not reversed) of that kind put on them (their split over the
 * installments; fees collected at disbursement are not on the installments). An installment edited directly (paid
 * marked higher, an amount moved) differs from the transactions that explain it.
 */
export function installmentsFault(db: Db, loans: Scope): string | null {
  const only = (col: string) => (loans === null ? '' : `AND ${col} IN (SELECT value FROM json_each(@loans))`);
  const sums = INSTALLMENT_MOVES.flatMap(([what, types]) =>
    COMPONENTS.map((c, k) => ({ name: `${c}_${what}`, tx: `sum(CASE WHEN t.type IN (${types}) THEN s.value ->> ${k + 1} ELSE 0 END)`, inst: `sum(i.${c}_${what})` })),
  );
  const bad = db
    .prepare(
      `WITH tx AS (SELECT t.loan_id, ${sums.map((s) => `${s.tx} AS ${s.name}`).join(', ')} FROM loan_transactions t, json_each(t.split_json) s
                   WHERE t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id) ${only('t.loan_id')}
                   GROUP BY t.loan_id),
            inst AS (SELECT i.loan_id, ${sums.map((s) => `${s.inst} AS ${s.name}`).join(', ')} FROM loan_installments i WHERE 1 ${only('i.loan_id')} GROUP BY i.loan_id)
       SELECT l.account_no, ${sums.map((s) => `coalesce(inst.${s.name}, 0) AS i_${s.name}, coalesce(tx.${s.name}, 0) AS t_${s.name}`).join(', ')}
       FROM loans l LEFT JOIN inst ON inst.loan_id = l.id LEFT JOIN tx ON tx.loan_id = l.id
       WHERE (${sums.map((s) => `coalesce(inst.${s.name}, 0) <> coalesce(tx.${s.name}, 0)`).join(' OR ')}) ${only('l.id')}
       ORDER BY l.id LIMIT 1`,
    )
    .get(loans === null ? {} : { loans }) as Record<string, number | string> | undefined;
  if (!bad) return null;
  const s = sums.find((x) => bad[`i_${x.name}`] !== bad[`t_${x.name}`])!;
  return `installments: loan ${bad.account_no} has ${s.name.replace(/_/g, ' ')} ${bad[`i_${s.name}`]} on its installments, its transactions say ${bad[`t_${s.name}`]}`;
}
