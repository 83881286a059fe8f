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

export type Group = 'BRANCH' | 'OFFICER' | 'PRODUCT';

/** The (officer, product) cells of a range of active loans: what adds up across chunks. */
export interface LoanCell {
  officer: string;
  product: string;
  figures: Partial<Figures>;
}

/**
 * Loan figures as the day closes, for the active loans with ids in (after, upTo], by officer and product: outstanding
 * from what the loans keep (their unpaid installments, read once per loan), overdue and portfolio at risk from the
 * arrears snapshot just rebuilt (PAR1: any day late; PAR30/60/90: more than 30/60/90 days). They add up across
 * ranges and cells into the branch's, each officer's and each product's.
 */
export function loanCells(db: Db, after: number, upTo: number): LoanCell[] {
  const rows = sql<[number, number], Record<string, number | string>>(
    db,
    `SELECT officer, product, count(*) AS activeLoans, sum(po) AS principalOutstanding, sum(io) AS interestOutstanding,
       sum(fo) AS feeOutstanding, sum(pe) AS penaltyOutstanding,
       coalesce(sum(a.principal_overdue), 0) AS principalOverdue, coalesce(sum(a.interest_overdue), 0) AS interestOverdue,
       coalesce(sum(a.fee_overdue), 0) AS feeOverdue, coalesce(sum(a.penalty_overdue), 0) AS penaltyOverdue,
       coalesce(sum(CASE WHEN a.days_in_arrears >= 1 THEN po END), 0) AS par1,
       coalesce(sum(CASE WHEN a.days_in_arrears > 30 THEN po END), 0) AS par30,
       coalesce(sum(CASE WHEN a.days_in_arrears > 60 THEN po END), 0) AS par60,
       coalesce(sum(CASE WHEN a.days_in_arrears > 90 THEN po END), 0) AS par90
     FROM (SELECT l.id, coalesce(l.loan_officer_id, '') AS officer, l.product_id AS product, l.principal_outstanding AS po,
             coalesce(sum(json_extract(u.value, '$[3]')), 0) AS io, coalesce(sum(json_extract(u.value, '$[4]')), 0) AS fo,
             coalesce(sum(json_extract(u.value, '$[5]')), 0) AS pe
           FROM loans l LEFT JOIN json_each(l.unpaid_json) u
           WHERE l.id > ? AND l.id <= ? AND l.status = 300 GROUP BY l.id) x
     LEFT JOIN loan_arrears a ON a.loan_id = x.id
     GROUP BY officer, product`,
  ).all(after, upTo);
  return rows.map(({ officer, product, ...f }) => ({ officer: String(officer), product: String(product), figures: f as Partial<Figures> }));
}

/** Active clients with an active loan, per officer and per product (not additive across ranges: one pass). */
export function clientsWithLoans(db: Db, group: 'OFFICER' | 'PRODUCT'): Map<string, number> {
  const key = group === 'OFFICER' ? "coalesce(loan_officer_id, '')" : 'product_id';
  const rows = sql<[], { k: string | number; n: number }>(db, `SELECT ${key} AS k, count(DISTINCT client_id) AS n FROM loans WHERE status = 300 GROUP BY k`).all();
  return new Map(rows.map((r) => [String(r.k), r.n]));
}

/** Disbursed and collected on `date` (live transactions), per officer and product cell. */
export function dayFlows(db: Db, date: string): { officer: string; product: string; disbursed: number; collected: number }[] {
  return sql<[string, string], { officer: string | number; product: string | number; disbursed: number; collected: number }>(
    db,
    `SELECT coalesce(l.loan_officer_id, '') AS officer, l.product_id AS product,
       coalesce(sum(CASE WHEN t.type = 'DISBURSEMENT' THEN t.amount END), 0) AS disbursed,
       coalesce(sum(CASE WHEN t.type IN ('REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'RECOVERY_REPAYMENT') THEN t.amount END), 0) AS collected
     FROM loan_transactions t JOIN loans l ON l.id = t.loan_id
     WHERE t.transaction_date = ? AND t.type <> 'REVERSAL'
       AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id AND r.transaction_date <= ?)
     GROUP BY officer, product`,
  )
    .all(date, date)
    .map((r) => ({ ...r, officer: String(r.officer), product: String(r.product) }));
}

/** The figures kept so far for D (earlier chunks of the snapshot step), by dimension and key. */
export function snapshotsOf(db: Db, date: string): Map<string, Figures> {
  const rows = sql<[string], { dimension: string; dimension_key: string; figures_json: string }>(db, 'SELECT dimension, dimension_key, figures_json FROM day_end_snapshots WHERE business_date = ?').all(date);
  return new Map(rows.map((r) => [`${r.dimension}:${r.dimension_key}`, JSON.parse(r.figures_json) as Figures]));
}

export function clearSnapshots(db: Db, date: string): void {
  sql(db, 'DELETE FROM day_end_snapshots WHERE business_date = ?').run(date);
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

/** Active loans and savings accounts on periodic accrual: what day-end's accruals step goes through. */
export function periodicAccrualCount(db: Db): number {
  return sql<[], { n: number }>(
    db,
    `SELECT (SELECT count(*) FROM account_accounting a CROSS JOIN loans l ON l.id = a.account_id
               WHERE a.account_type = 'LOAN' AND a.accounting_rule = 'ACCRUAL_PERIODIC' AND l.status = 300)
          + (SELECT count(*) FROM account_accounting a CROSS JOIN savings_accounts s ON s.id = a.account_id
               WHERE a.account_type = 'SAVINGS' AND a.accounting_rule = 'ACCRUAL_PERIODIC' AND s.status = 300) AS n`,
  ).get()!.n;
}
