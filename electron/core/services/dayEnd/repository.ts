import type { DayEndStep } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/** Day-end's own tables (runs and their progress, the arrears snapshot, the day's figures) and what it counts. */
export interface RunRow {
  business_date: string;
  started_at: string;
  started_by: number | null;
  step: DayEndStep;
  cursor: number;
  done: number;
  total: number;
  export_seq: number | null;
  finished_at: string | null;
  backup_file: string | null;
}

export function runOf(db: Db, date: string): RunRow | undefined {
  return sql<[string], RunRow>(db, 'SELECT * FROM day_end_runs WHERE business_date = ?').get(date);
}

export function lastRun(db: Db): RunRow | undefined {
  return sql<[], RunRow>(db, 'SELECT * FROM day_end_runs ORDER BY business_date DESC LIMIT 1').get();
}

export function lastClosedRun(db: Db): RunRow | undefined {
  return sql<[], RunRow>(db, 'SELECT * FROM day_end_runs WHERE finished_at IS NOT NULL ORDER BY business_date DESC LIMIT 1').get();
}

export function lastBackupFile(db: Db): string | null {
  return sql<[], { f: string | null }>(db, 'SELECT backup_file AS f FROM day_end_runs WHERE backup_file IS NOT NULL ORDER BY business_date DESC LIMIT 1').get()?.f ?? null;
}

export function insertRun(db: Db, r: { date: string; startedAt: string; startedBy: number | null; step: DayEndStep }): void {
  sql(db, 'INSERT INTO day_end_runs (business_date, started_at, started_by, step) VALUES (?, ?, ?, ?)').run(r.date, r.startedAt, r.startedBy, r.step);
}

/** Where the run of `date` stands: written in the same transaction as the chunk that got it there. */
export function setProgress(db: Db, date: string, p: { step: DayEndStep; cursor: number; done: number; total: number }): void {
  sql(db, 'UPDATE day_end_runs SET step = ?, cursor = ?, done = ?, total = ? WHERE business_date = ?').run(p.step, p.cursor, p.done, p.total, date);
}

export function setExportSeq(db: Db, date: string, seq: number): void {
  sql(db, 'UPDATE day_end_runs SET export_seq = ? WHERE business_date = ?').run(seq, date);
}

export function finishRun(db: Db, date: string, at: string): void {
  sql(db, 'UPDATE day_end_runs SET finished_at = ? WHERE business_date = ?').run(at, date);
}

export function setBackupFile(db: Db, date: string, file: string): void {
  sql(db, 'UPDATE day_end_runs SET backup_file = ? WHERE business_date = ?').run(file, date);
}

export function setBusinessDate(db: Db, date: string): void {
  sql(db, "UPDATE settings SET value = ? WHERE key = 'business_date'").run(date);
}

// ---- the arrears snapshot (Fineract's m_loan_arrears_aging)

export interface ArrearsRow {
  loanId: number;
  overdueSince: string;
  principal: number;
  interest: number;
  fee: number;
  penalty: number;
  days: number;
}

/** Drops the rows of the loans a chunk is about to write (ids in (after, upTo]), and those of loans no longer active. */
export function clearArrears(db: Db, after: number, upTo: number): void {
  sql(db, 'DELETE FROM loan_arrears WHERE loan_id > ? AND loan_id <= ?').run(after, upTo);
}

export function insertArrears(db: Db, asOf: string, rows: readonly ArrearsRow[]): void {
  const insert = sql(
    db,
    `INSERT INTO loan_arrears (loan_id, as_of, overdue_since, principal_overdue, interest_overdue, fee_overdue, penalty_overdue, total_overdue, days_in_arrears)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) insert.run(r.loanId, asOf, r.overdueSince, r.principal, r.interest, r.fee, r.penalty, r.principal + r.interest + r.fee + r.penalty, r.days);
}

export function arrearsCount(db: Db, asOf: string): number {
  return sql<[string], { n: number }>(db, 'SELECT count(*) AS n FROM loan_arrears WHERE as_of = ?').get(asOf)!.n;
}

export function maxLoanId(db: Db): number {
  return sql<[], { m: number | null }>(db, 'SELECT max(id) AS m FROM loans').get()!.m ?? 0;
}

// ---- what the preview counts

/** Active loans with an installment due on `date` still unpaid (they fall overdue when the day closes). */
export function loansFallingDue(db: Db, date: string): number {
  return sql<[string, string], { n: number }>(
    db,
    `SELECT count(*) AS n FROM loans l WHERE l.status = 300 AND l.oldest_unpaid_due <= ?
       AND EXISTS (SELECT 1 FROM json_each(l.unpaid_json) u WHERE json_extract(u.value, '$[1]') = ?)`,
  ).get(date, date)!.n;
}

export function savingsDue(db: Db, date: string): number {
  return sql<[string], { n: number }>(db, 'SELECT count(*) AS n FROM savings_accounts WHERE status = 300 AND interest_due_on <= ?').get(date)!.n;
}

// ---- the day's figures (the dashboard's trends)

export interface Figures {
  activeLoans: number;
  activeClients: number;
  principalOutstanding: number;
  interestOutstanding: number;
  feeOutstanding: number;
  penaltyOutstanding: number;
  principalOverdue: number;
  interestOverdue: number;
  feeOverdue: number;
  penaltyOverdue: number;
  par1: number;
  par30: number;
  par60: number;
  par90: number;
  disbursed: number;
  collected: number;
  savingsBalance: number;
  vaultCash: number;
}

type Group = 'BRANCH' | 'OFFICER' | 'PRODUCT';

const KEY: Record<Group, string> = { BRANCH: "''", OFFICER: "coalesce(l.loan_officer_id, '')", PRODUCT: 'l.product_id' };

/**
 * Loan figures as the day closes, grouped: outstanding from what the loans keep (their unpaid installments),
 * overdue and portfolio at risk from the arrears snapshot just rebuilt (PAR1: any day late; PAR30/60/90: more than
 * 30/60/90 days), disbursed and collected from the day's live transactions.
 */
export function loanFigures(db: Db, date: string, group: Group): Map<string, Partial<Figures>> {
  const key = KEY[group];
  const out = new Map<string, Partial<Figures>>();
  const rows = sql<[], Record<string, number | string>>(
    db,
    `SELECT ${key} AS k, count(*) AS activeLoans, count(DISTINCT l.client_id) AS activeClients,
       sum(l.principal_outstanding) AS principalOutstanding,
       sum((SELECT coalesce(sum(json_extract(u.value, '$[3]')), 0) FROM json_each(l.unpaid_json) u)) AS interestOutstanding,
       sum((SELECT coalesce(sum(json_extract(u.value, '$[4]')), 0) FROM json_each(l.unpaid_json) u)) AS feeOutstanding,
       sum((SELECT coalesce(sum(json_extract(u.value, '$[5]')), 0) FROM json_each(l.unpaid_json) u)) AS penaltyOutstanding,
       coalesce(sum(a.principal_overdue), 0) AS principalOverdue, coalesce(sum(a.interest_overdue), 0) AS interestOverdue,
       coalesce(sum(a.fee_overdue), 0) AS feeOverdue, coalesce(sum(a.penalty_overdue), 0) AS penaltyOverdue,
       coalesce(sum(CASE WHEN a.days_in_arrears >= 1 THEN l.principal_outstanding END), 0) AS par1,
       coalesce(sum(CASE WHEN a.days_in_arrears > 30 THEN l.principal_outstanding END), 0) AS par30,
       coalesce(sum(CASE WHEN a.days_in_arrears > 60 THEN l.principal_outstanding END), 0) AS par60,
       coalesce(sum(CASE WHEN a.days_in_arrears > 90 THEN l.principal_outstanding END), 0) AS par90
     FROM loans l LEFT JOIN loan_arrears a ON a.loan_id = l.id
     WHERE l.status = 300 GROUP BY k`,
  ).all();
  for (const r of rows) {
    const { k, ...f } = r;
    out.set(String(k), f as Partial<Figures>);
  }
  const flows = sql<[string, string], { k: string | number; disbursed: number; collected: number }>(
    db,
    `SELECT ${key} AS k,
       coalesce(sum(CASE WHEN t.type = 'DISBURSEMENT' THEN t.amount END), 0) AS disbursed,
       coalesce(sum(CASE WHEN t.type IN ('REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'RECOVERY_REPAYMENT') THEN t.amount END), 0) AS collected
     FROM loan_transactions t JOIN loans l ON l.id = t.loan_id
     WHERE t.transaction_date = ? AND t.type <> 'REVERSAL'
       AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id AND r.transaction_date <= ?)
     GROUP BY k`,
  ).all(date, date);
  for (const f of flows) out.set(String(f.k), { ...(out.get(String(f.k)) ?? {}), disbursed: f.disbursed, collected: f.collected });
  return out;
}

export function savingsBalanceTotal(db: Db): number {
  return sql<[], { b: number | null }>(db, 'SELECT sum(balance) AS b FROM savings_accounts WHERE status = 300').get()!.b ?? 0;
}

export function activeClientCount(db: Db): number {
  return sql<[], { n: number }>(db, "SELECT count(*) AS n FROM clients WHERE status = 'ACTIVE'").get()!.n;
}

export function writeSnapshot(db: Db, date: string, group: Group, key: string, figures: Figures): void {
  sql(db, 'INSERT OR REPLACE INTO day_end_snapshots (business_date, dimension, dimension_key, figures_json) VALUES (?, ?, ?, ?)').run(date, group, key, JSON.stringify(figures));
}

/** The active loans with ids in (after, upTo] owing something due before `before`, with their unpaid installments. */
export function loansOwingBefore(db: Db, before: string, after: number, upTo: number): { id: number; unpaid_json: string }[] {
  return sql<[number, number, string], { id: number; unpaid_json: string }>(
    db,
    'SELECT id, unpaid_json FROM loans WHERE id > ? AND id <= ? AND status = 300 AND oldest_unpaid_due < ? ORDER BY id',
  ).all(after, upTo, before);
}
