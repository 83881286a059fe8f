import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/**
 * All the SQL of the dashboards (issue 18). Each statement reads what the books keep (a loan's principal
 * outstanding, its unpaid installments and oldest unpaid due date, the day-end snapshots, the tills' balances):
 * no schedule is replayed. A `staffId` of null reads the whole branch.
 */

/** The active portfolio per product, on business date `date`: PAR1 (any day late), PAR30 (more than 30 days), overdue. */
export interface PortfolioRow {
  product_id: number;
  name: string;
  loans: number;
  outstanding: number;
  par1: number;
  par30: number;
  overdue: number;
}

/**
 * A loan is late by `date - oldest unpaid due date` days when that date is before `date` (domain/loans/unpaid.ts
 * positionFromUnpaid, what day-end's arrears step keeps): more than 30 days late is an oldest due date before
 * `minus30`, `date - 30`. Principal overdue is the arrears snapshot's (loan_arrears, rebuilt by the last day-end as of
 * the business date), for the loans still late now: a loan paid up today drops out; a part payment today shows
 * tonight. Read from the reports' covering index (migration 0023, loans_report_portfolio: status, officer, product,
 * outstanding, oldest unpaid due date) without the loans' rows; an officer's loans are a range of it. Named
 * (INDEXED BY): grouping by product, the planner would take the status-product index and read every row.
 */
export function portfolioByProduct(db: Db, date: string, minus30: string, staffId: number | null): PortfolioRow[] {
  const text = (officer: string) => `SELECT x.product_id, p.name, x.loans, x.outstanding, x.par1, x.par30, x.overdue FROM (
       SELECT l.product_id, count(*) AS loans, coalesce(sum(l.principal_outstanding), 0) AS outstanding,
         coalesce(sum(CASE WHEN l.oldest_unpaid_due < ? THEN l.principal_outstanding END), 0) AS par1,
         coalesce(sum(CASE WHEN l.oldest_unpaid_due < ? THEN l.principal_outstanding END), 0) AS par30,
         coalesce(sum(CASE WHEN l.oldest_unpaid_due < ? THEN (SELECT a.principal_overdue FROM loan_arrears a WHERE a.loan_id = l.id) END), 0) AS overdue
       FROM loans l INDEXED BY loans_report_portfolio WHERE l.status = 300${officer}
       GROUP BY l.product_id) x
     JOIN loan_products p ON p.id = x.product_id
     ORDER BY x.outstanding DESC, p.name`;
  if (staffId === null) return sql<[string, string, string], PortfolioRow>(db, text('')).all(date, minus30, date);
  return sql<[string, string, string, number], PortfolioRow>(db, text(' AND l.loan_officer_id = ?')).all(date, minus30, date, staffId);
}

export interface SnapshotPoint {
  date: string;
  principal_outstanding: number;
  principal_overdue: number;
  par30: number;
  disbursed: number;
  collected: number;
}

const POINT = `business_date AS date,
  coalesce(json_extract(figures_json, '$.principalOutstanding'), 0) AS principal_outstanding,
  coalesce(json_extract(figures_json, '$.principalOverdue'), 0) AS principal_overdue,
  coalesce(json_extract(figures_json, '$.par30'), 0) AS par30,
  coalesce(json_extract(figures_json, '$.disbursed'), 0) AS disbursed,
  coalesce(json_extract(figures_json, '$.collected'), 0) AS collected`;

/** The branch's figures of the last `limit` closed days, newest first, as day-end kept them. */
export function lastBranchSnapshots(db: Db, limit: number): SnapshotPoint[] {
  return sql<[number], SnapshotPoint>(db, `SELECT ${POINT} FROM day_end_snapshots WHERE dimension = 'BRANCH' AND dimension_key = '' ORDER BY business_date DESC LIMIT ?`).all(limit);
}

/** The branch's figures of the closed days from `fromDate` to `toDate`, oldest first. */
export function branchSnapshotsBetween(db: Db, fromDate: string, toDate: string): SnapshotPoint[] {
  return sql<[string, string], SnapshotPoint>(
    db,
    `SELECT ${POINT} FROM day_end_snapshots WHERE business_date >= ? AND business_date <= ? AND dimension = 'BRANCH' AND dimension_key = '' ORDER BY business_date`,
  ).all(fromDate, toDate);
}

/** Loans pending approval (100) and approved awaiting disbursal (200): how many and their principal. */
export function awaitingCounts(db: Db): { status: number; n: number; amount: number }[] {
  return sql<[], { status: number; n: number; amount: number }>(db, 'SELECT status, count(*) AS n, coalesce(sum(principal), 0) AS amount FROM loans WHERE status IN (100, 200) GROUP BY status').all();
}

export interface DueRow {
  loan_id: number;
  account_no: string;
  client_id: number;
  client_name: string;
  due_date: string;
  amount: number;
}

/**
 * The unpaid installments of an officer's active loans falling due from `fromDate` to `toDate`, by date then client:
 * only the loans whose oldest unpaid due date is by `toDate` are read (the reports' covering index filters them).
 */
export function dueBetween(db: Db, staffId: number, fromDate: string, toDate: string): DueRow[] {
  return sql<[number, string, string, string], DueRow>(
    db,
    `SELECT l.id AS loan_id, l.account_no, l.client_id, c.display_name AS client_name, json_extract(u.value, '$[1]') AS due_date,
       json_extract(u.value, '$[2]') + json_extract(u.value, '$[3]') + json_extract(u.value, '$[4]') + json_extract(u.value, '$[5]') AS amount
     FROM loans l INDEXED BY loans_report_portfolio CROSS JOIN json_each(l.unpaid_json) u CROSS JOIN clients c ON c.id = l.client_id
     WHERE l.loan_officer_id = ? AND l.status = 300 AND l.oldest_unpaid_due <= ?
       AND json_extract(u.value, '$[1]') BETWEEN ? AND ?
     ORDER BY due_date, c.display_name, l.id`,
  ).all(staffId, toDate, fromDate, toDate);
}

export interface ArrearsRow {
  loan_id: number;
  account_no: string;
  client_id: number;
  client_name: string;
  mobile_no: string | null;
  center_name: string | null;
  group_name: string | null;
  oldest_unpaid_due: string;
  principal_outstanding: number;
  overdue: number;
}

/**
 * An officer's active loans with an installment due before `date` unpaid, in the order of a day's visits: by center,
 * then group (the loan's JLG group, else the client's current group), then the longest late first, then name.
 */
export function arrearsInVisitOrder(db: Db, staffId: number, date: string): ArrearsRow[] {
  return sql<[string, number, string], ArrearsRow>(
    db,
    `SELECT x.*, ce.name AS center_name, g.name AS group_name FROM (
       SELECT l.id AS loan_id, l.account_no, l.client_id, c.display_name AS client_name, c.mobile_no, l.oldest_unpaid_due,
         l.principal_outstanding,
         (SELECT coalesce(sum(json_extract(u.value, '$[2]') + json_extract(u.value, '$[3]') + json_extract(u.value, '$[4]') + json_extract(u.value, '$[5]')), 0)
            FROM json_each(l.unpaid_json) u WHERE json_extract(u.value, '$[1]') < ?) AS overdue,
         coalesce((SELECT lg.group_id FROM loan_groups lg WHERE lg.loan_id = l.id),
                  (SELECT gm.group_id FROM group_members gm WHERE gm.client_id = l.client_id AND gm.left_on IS NULL)) AS group_id
       FROM loans l INDEXED BY loans_report_portfolio CROSS JOIN clients c ON c.id = l.client_id
       WHERE l.loan_officer_id = ? AND l.status = 300 AND l.oldest_unpaid_due < ?) x
     LEFT JOIN groups g ON g.id = x.group_id LEFT JOIN centers ce ON ce.id = g.center_id
     ORDER BY ce.name IS NULL, ce.name, g.name IS NULL, g.name, x.oldest_unpaid_due, x.client_name, x.loan_id`,
  ).all(date, staffId, date);
}

/** Cash movements of customers through a till on a business date (not the vault's allocations and settlements). */
export function customerMovements(db: Db, tillId: number, date: string): number {
  return sql<[number, string], { n: number }>(
    db,
    `SELECT count(*) AS n FROM till_movements WHERE till_id = ? AND business_date = ?
       AND kind IN ('LOAN_DISBURSEMENT', 'LOAN_REPAYMENT', 'LOAN_RECOVERY', 'SAVINGS_DEPOSIT', 'SAVINGS_WITHDRAWAL')`,
  ).get(tillId, date)!.n;
}

/** Cash in every teller's till now (kept on the till, equal to its GL account: verify checks it). */
export function cashInTills(db: Db): number {
  return sql<[], { b: number }>(db, 'SELECT coalesce(sum(balance), 0) AS b FROM tills').get()!.b;
}

/** The last accounting closure's date, and how many closed business days came after it. */
export function closureState(db: Db): { last: string | null; daysAfter: number } {
  const last = sql<[], { d: string | null }>(db, 'SELECT max(closing_date) AS d FROM accounting_closures').get()!.d;
  const daysAfter = sql<[string], { n: number }>(db, 'SELECT count(*) AS n FROM day_end_runs WHERE finished_at IS NOT NULL AND business_date > ?').get(last ?? '')!.n;
  return { last, daysAfter };
}
