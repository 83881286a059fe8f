import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/**
 * All the SQL of the reports (issue 18). Each statement reads the books for one report; none writes.
 * A `staffId` of null reads the whole branch.
 */

export interface PendingApprovalRow {
  loan_id: number;
  account_no: string;
  client_account_no: string;
  client_name: string;
  product_name: string;
  currency_code: string;
  principal: number;
  submitted_on: string;
  purpose: string | null;
  officer_name: string | null;
}

/** Loans submitted on or before `asOf` and still pending approval (status 100), oldest first (Fineract's report 8). */
export function pendingApproval(db: Db, asOf: string, staffId: number | null, productId: number | null): PendingApprovalRow[] {
  return sql<[string, number | null, number | null, number | null, number | null], PendingApprovalRow>(
    db,
    `SELECT l.id AS loan_id, l.account_no, c.account_no AS client_account_no, c.display_name AS client_name,
       p.name AS product_name, l.currency_code, l.principal, l.submitted_on, l.purpose,
       trim(s.firstname || ' ' || s.lastname) AS officer_name
     FROM loans l JOIN clients c ON c.id = l.client_id JOIN loan_products p ON p.id = l.product_id
     LEFT JOIN staff s ON s.id = l.loan_officer_id
     WHERE l.status = 100 AND l.submitted_on <= ?
       AND (? IS NULL OR l.loan_officer_id = ?) AND (? IS NULL OR l.product_id = ?)
     ORDER BY l.submitted_on, l.id`,
  ).all(asOf, staffId, staffId, productId, productId);
}

// ---- the loan portfolio's figures on a date (portfolio.ts, arrears.ts, closed.ts; figures.ts computes from them) ----

/** The filters every portfolio report takes; null: all. */
export interface PortfolioFilter {
  staffId: number | null;
  productId: number | null;
  currencyCode: string | null;
}

/**
 * What a portfolio report shows of a loan beside its figures: who, which product, which office (the client's), as a
 * raw row (an array: 100,000 loans of a listing cost half as much to read as objects, and the office's, officer's
 * and product's names, the same for thousands of loans, are read once from descriptionNames, not on every row).
 * The loan's last installment, its due date and number (loan_figures), are null when not asked for.
 */
export type LoanDescriptionRow = [
  id: number,
  accountNo: string,
  clientId: number,
  clientAccountNo: string,
  clientName: string,
  officeId: number,
  officerId: number | null,
  productId: number,
  currencyCode: string,
  principal: number,
  disbursedOn: string,
  maturityDate: string | null,
  lastInstallment: number | null,
];

const LOAN_DESCRIPTION = `l.id, l.account_no, l.client_id, c.account_no AS client_account_no, c.display_name AS client_name,
  c.office_id, l.loan_officer_id AS officer_id, l.product_id, l.currency_code, l.principal, l.disbursed_on,
  lf.maturity_date, lf.last_installment`;

/** The names LoanDescriptionRow's ids stand for: offices, loan officers (as a report shows them), loan products. */
export interface DescriptionNames {
  offices: Map<number, string>;
  officers: Map<number, string>;
  products: Map<number, string>;
}

export function descriptionNames(db: Db): DescriptionNames {
  const map = (text: string) => new Map(sql<[], [number, string]>(db, text).raw(true).all());
  return {
    offices: map('SELECT id, name FROM offices'),
    officers: map("SELECT id, trim(firstname || ' ' || lastname) FROM staff"),
    products: map('SELECT id, name FROM loan_products'),
  };
}

/** The same without the last installment (the summaries do not read it). */
const LOAN_SUMMARY = LOAN_DESCRIPTION.replace('lf.maturity_date, lf.last_installment', 'NULL AS maturity_date, NULL AS last_installment');
const LOAN_JOINS = `JOIN clients c ON c.id = l.client_id JOIN offices o ON o.id = c.office_id
  JOIN loan_products p ON p.id = l.product_id LEFT JOIN staff s ON s.id = l.loan_officer_id`;
/** What the loan keeps of its installments (migration 0024), beside LOAN_JOINS. */
const FIGURES_JOIN = 'LEFT JOIN loan_figures lf ON lf.loan_id = l.id';
const LOAN_FILTER = `(:staffId IS NULL OR l.loan_officer_id = :staffId) AND (:productId IS NULL OR l.product_id = :productId)
  AND (:currencyCode IS NULL OR l.currency_code = :currencyCode)`;

/** A loan's description and what it keeps: [[number, due date, principal, interest, fee, penalty], ...], what each installment not fully paid still owes. */
export type KeptLoanRow = [...LoanDescriptionRow, unpaidJson: string];

/**
 * Which of the loans a report lists (a condition on what they keep on :asOf, exact: the same loans as the report's
 * own test of their figures): all, those in arrears (their oldest unpaid installment fell due before :asOf), those
 * past maturity (their last installment fell due before it), those whose next installment owing on it is the last.
 */
export type KeptSelection = 'all' | 'inArrears' | 'pastMaturity' | 'lastInstallment';
const SELECTION: Record<KeptSelection, string> = {
  all: '',
  inArrears: 'AND l.oldest_unpaid_due < :asOf',
  pastMaturity: 'AND lf.maturity_date < :asOf',
  lastInstallment: 'AND lf.last_unpaid = lf.last_installment AND lf.last_unpaid_due >= :asOf AND (lf.prior_unpaid_due IS NULL OR lf.prior_unpaid_due < :asOf)',
};

/**
 * What a loan keeps of its installments as one value (loans.unpaid_json): a listing of every loan returns fewer
 * values per row this way than with loan_figures' columns, and that is what costs (better-sqlite3 makes each value a
 * JavaScript one); loan_figures chooses the loans (SELECTION) and gives the maturity.
 */
const KEPT_FIGURES = 'l.unpaid_json';

/**
 * The active loans (status 300) with what they keep (loans.unpaid_json and loan_figures, rewritten with their
 * installments): the portfolio on the business date, when every live transaction is dated on or before it.
 */
export function activeLoansKept(db: Db, f: PortfolioFilter, asOf: string, which: KeptSelection = 'all', withMaturity = true): KeptLoanRow[] {
  return sql<[PortfolioFilter & { asOf: string }], KeptLoanRow>(
    db,
    `SELECT ${withMaturity ? LOAN_DESCRIPTION : LOAN_SUMMARY}, ${KEPT_FIGURES} FROM loans l ${LOAN_JOINS} ${FIGURES_JOIN}
     WHERE l.status = 300 AND ${LOAN_FILTER} ${SELECTION[which]} ORDER BY l.id`,
  )
    .raw(true)
    .all({ ...f, asOf });
}

/** The transaction types that pay, waive or write off installments (their split_json says which and how much). */
const SETTLING = `('REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'WAIVE_INTEREST', 'WAIVE_CHARGE', 'WRITE_OFF', 'RECOVERY_REPAYMENT')`;

/**
 * A loan's description and its figures on a date: outstanding and overdue (principal, interest, fee, penalty), the
 * due date of the oldest installment due before the date and still owing on it, the first installment due on or
 * after the date still owing on it.
 */
export type LoanOnDateRow = [
  ...LoanDescriptionRow,
  principalOutstanding: number,
  interestOutstanding: number,
  feeOutstanding: number,
  penaltyOutstanding: number,
  principalOverdue: number,
  interestOverdue: number,
  feeOverdue: number,
  penaltyOverdue: number,
  overdueSince: string | null,
  nextUnpaid: number | null,
];

/** The loans active on :asOf (disbursed by then, not closed or written off by then), as onDateSql's act. */
const ACTIVE_ON = `l.status IN (300, 600, 601, 700) AND l.disbursed_on <= :asOf
  AND (l.closed_on IS NULL OR l.closed_on > :asOf) AND (l.written_off_on IS NULL OR l.written_off_on > :asOf)`;

/**
 * A loan's description and what it keeps, then: 1 when a live transaction dated after :asOf settled some of it or it
 * is no longer active (closed, written off); what it keeps outstanding (loan_figures; null without installments);
 * what the live transactions dated after :asOf settled of its installments (null: none) and of those due before
 * :asOf; among the installments they settled, the oldest due before :asOf still owing on it and the first due on or
 * after it owing then.
 */
export type LoanOnDateKeptRow = [
  ...KeptLoanRow,
  touched: 0 | 1,
  keptPrincipal: number | null,
  keptInterest: number | null,
  keptFee: number | null,
  keptPenalty: number | null,
  afterPrincipal: number | null,
  afterInterest: number | null,
  afterFee: number | null,
  afterPenalty: number | null,
  afterPrincipalOverdue: number | null,
  afterInterestOverdue: number | null,
  afterFeeOverdue: number | null,
  afterPenaltyOverdue: number | null,
  afterSince: string | null,
  afterNext: number | null,
];

/** What an installment settled after :asOf owed on :asOf (in `after`: a, its sums after; d, the installment now). */
const OWED_THEN = `a.p + a.i + a.f + a.x + d.principal_due - d.principal_paid - d.principal_waived - d.principal_written_off
  + d.interest_due - d.interest_paid - d.interest_waived - d.interest_written_off + d.fee_due - d.fee_paid - d.fee_waived - d.fee_written_off
  + d.penalty_due - d.penalty_paid - d.penalty_waived - d.penalty_written_off`;

/**
 * `after`: per loan active on :asOf (LOAN_FILTER) that a live transaction dated after :asOf settled, what those
 * transactions settled of its installments (p, i, f, x), of those due before :asOf (dp, di, df, dx), the oldest due
 * date before :asOf of an installment they settled that owed something on :asOf (since) and the first installment
 * due on or after it that did (next). Only the transactions after :asOf are read (by loan, through
 * loan_transactions_loan), their splits added up per installment first, each installment's due date read once.
 */
const SETTLED_AFTER_CTES = `WITH settled AS (
       SELECT l.id AS loan_id, s.value ->> 0 AS n, sum(s.value ->> 1) AS p, sum(s.value ->> 2) AS i, sum(s.value ->> 3) AS f, sum(s.value ->> 4) AS x
       FROM loans l CROSS JOIN loan_transactions t INDEXED BY loan_transactions_loan ON t.loan_id = l.id AND t.transaction_date > :asOf
         LEFT JOIN json_each(t.split_json) s
       WHERE ${ACTIVE_ON} AND ${LOAN_FILTER} AND t.type IN ${SETTLING}
         AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)
       GROUP BY l.id, n),
     after AS (
       SELECT a.loan_id, sum(CASE WHEN d.loan_id IS NOT NULL THEN a.p END) AS p, sum(CASE WHEN d.loan_id IS NOT NULL THEN a.i END) AS i,
         sum(CASE WHEN d.loan_id IS NOT NULL THEN a.f END) AS f, sum(CASE WHEN d.loan_id IS NOT NULL THEN a.x END) AS x,
         sum(CASE WHEN d.due_date < :asOf THEN a.p END) AS dp, sum(CASE WHEN d.due_date < :asOf THEN a.i END) AS di,
         sum(CASE WHEN d.due_date < :asOf THEN a.f END) AS df, sum(CASE WHEN d.due_date < :asOf THEN a.x END) AS dx,
         min(CASE WHEN d.due_date < :asOf AND ${OWED_THEN} > 0 THEN d.due_date END) AS since,
         min(CASE WHEN d.due_date >= :asOf AND ${OWED_THEN} > 0 THEN a.n END) AS next
       FROM settled a LEFT JOIN loan_installments d ON d.loan_id = a.loan_id AND d.installment_number = a.n
       GROUP BY a.loan_id)`;

/**
 * The loans active on `asOf` with what they keep and what the live transactions dated after `asOf` settled of
 * their installments (SETTLED_AFTER_CTES): an installment owed on `asOf` what it owes now plus what those settled of
 * it (what a loan keeps is its installments' due amounts less all its live transactions' splits, the same sums
 * onDateSql takes up to `asOf`). The loans none touched keep exactly their figures on `asOf` and are chosen by
 * `which` as activeLoansKept's. A split naming no installment of the loan counts for nothing (onDateSql starts from
 * the installments). In loan order.
 */
export function loansOnDateFromKept(db: Db, asOf: string, f: PortfolioFilter, which: KeptSelection = 'all', withMaturity = true): LoanOnDateKeptRow[] {
  return sql<[PortfolioFilter & { asOf: string }], LoanOnDateKeptRow>(
    db,
    `${SETTLED_AFTER_CTES}
     SELECT ${withMaturity ? LOAN_DESCRIPTION : LOAN_SUMMARY}, ${KEPT_FIGURES},
       (l.status <> 300 OR a.loan_id IS NOT NULL) AS touched,
       lf.principal_outstanding AS kept_principal, lf.interest_outstanding AS kept_interest, lf.fee_outstanding AS kept_fee, lf.penalty_outstanding AS kept_penalty,
       a.p AS after_principal, a.i AS after_interest, a.f AS after_fee, a.x AS after_penalty,
       a.dp AS after_principal_overdue, a.di AS after_interest_overdue, a.df AS after_fee_overdue, a.dx AS after_penalty_overdue,
       a.since AS after_since, a.next AS after_next
     FROM loans l ${LOAN_JOINS} ${FIGURES_JOIN} LEFT JOIN after a ON a.loan_id = l.id
     WHERE ${ACTIVE_ON} AND ${LOAN_FILTER} AND (l.status <> 300 OR a.loan_id IS NOT NULL OR (1 ${SELECTION[which]}))
     ORDER BY l.id`,
  )
    .raw(true)
    .all({ ...f, asOf });
}

function onDateSql(which: string): string {
  return `WITH act AS (
       SELECT l.id FROM loans l
       WHERE l.status IN (300, 600, 601, 700) AND l.disbursed_on <= :asOf
         AND (l.closed_on IS NULL OR l.closed_on > :asOf) AND (l.written_off_on IS NULL OR l.written_off_on > :asOf)
         AND ${LOAN_FILTER} AND ${which}),
     settled AS (
       SELECT t.loan_id, json_extract(s.value, '$[0]') AS n, sum(json_extract(s.value, '$[1]')) AS p,
         sum(json_extract(s.value, '$[2]')) AS i, sum(json_extract(s.value, '$[3]')) AS f, sum(json_extract(s.value, '$[4]')) AS x
       FROM act JOIN loan_transactions t ON t.loan_id = act.id JOIN json_each(t.split_json) s
       WHERE t.transaction_date <= :asOf AND t.type IN ${SETTLING}
         AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)
       GROUP BY t.loan_id, n),
     owed AS (
       SELECT i.loan_id, i.installment_number AS n, i.due_date,
         i.principal_due - coalesce(d.p, 0) AS p, i.interest_due - coalesce(d.i, 0) AS i,
         i.fee_due - coalesce(d.f, 0) AS f, i.penalty_due - coalesce(d.x, 0) AS x
       FROM act JOIN loan_installments i ON i.loan_id = act.id
       LEFT JOIN settled d ON d.loan_id = i.loan_id AND d.n = i.installment_number),
     per_loan AS (
       SELECT loan_id, sum(p) AS principal_outstanding, sum(i) AS interest_outstanding, sum(f) AS fee_outstanding,
         sum(x) AS penalty_outstanding,
         coalesce(sum(CASE WHEN due_date < :asOf THEN p END), 0) AS principal_overdue,
         coalesce(sum(CASE WHEN due_date < :asOf THEN i END), 0) AS interest_overdue,
         coalesce(sum(CASE WHEN due_date < :asOf THEN f END), 0) AS fee_overdue,
         coalesce(sum(CASE WHEN due_date < :asOf THEN x END), 0) AS penalty_overdue,
         min(CASE WHEN due_date < :asOf AND p + i + f + x > 0 THEN due_date END) AS overdue_since,
         min(CASE WHEN due_date >= :asOf AND p + i + f + x > 0 THEN n END) AS next_unpaid
       FROM owed GROUP BY loan_id HAVING sum(p + i + f + x) > 0)
     SELECT ${LOAN_DESCRIPTION}, d.principal_outstanding, d.interest_outstanding, d.fee_outstanding, d.penalty_outstanding,
       d.principal_overdue, d.interest_overdue, d.fee_overdue, d.penalty_overdue, d.overdue_since, d.next_unpaid
     FROM per_loan d JOIN loans l ON l.id = d.loan_id ${LOAN_JOINS} ${FIGURES_JOIN} ORDER BY l.id`;
}

/**
 * Every loan active on `asOf` recomputed from its installments and the live transactions dated on or before it
 * (all of them, from all their transactions): the tests' proof that the shortcuts give the same figures.
 */
export function loansOnDateRecomputed(db: Db, asOf: string, f: PortfolioFilter): LoanOnDateRow[] {
  return sql<[PortfolioFilter & { asOf: string }], LoanOnDateRow>(db, onDateSql('1'))
    .raw(true)
    .all({ ...f, asOf });
}

export interface PendingDisbursalRow {
  loan_id: number;
  account_no: string;
  client_account_no: string;
  client_name: string;
  product_name: string;
  currency_code: string;
  principal: number;
  approved_on: string;
  expected_disbursement_date: string;
  purpose: string | null;
  officer_name: string | null;
}

/** Loans approved on or before `asOf` and still awaiting disbursal (status 200), by expected disbursal (Fineract's report 5). */
export function pendingDisbursal(db: Db, asOf: string, f: PortfolioFilter): PendingDisbursalRow[] {
  return sql<[PortfolioFilter & { asOf: string }], PendingDisbursalRow>(
    db,
    `SELECT l.id AS loan_id, l.account_no, c.account_no AS client_account_no, c.display_name AS client_name,
       p.name AS product_name, l.currency_code, l.principal, l.approved_on, l.expected_disbursement_date, l.purpose,
       trim(s.firstname || ' ' || s.lastname) AS officer_name
     FROM loans l ${LOAN_JOINS}
     WHERE l.status = 200 AND l.approved_on <= :asOf AND ${LOAN_FILTER}
     ORDER BY l.expected_disbursement_date, l.id`,
  ).all({ ...f, asOf });
}

export interface ClosedLoanRow {
  loan_id: number;
  account_no: string;
  client_account_no: string;
  client_name: string;
  product_name: string;
  currency_code: string;
  principal: number;
  disbursed_on: string;
  closed_on: string;
  officer_name: string | null;
  principal_paid: number;
  interest_paid: number;
  fee_paid: number;
  penalty_paid: number;
  interest_waived: number;
  fee_waived: number;
}

/**
 * Loans closed with their obligations met (status 600) between the dates, with what their live transactions paid
 * and waived (Fineract's report 13, its obligDateType 1: by closing date).
 */
export function obligationsMetRows(db: Db, fromDate: string, toDate: string, f: PortfolioFilter): ClosedLoanRow[] {
  return sql<[PortfolioFilter & { fromDate: string; toDate: string }], ClosedLoanRow>(
    db,
    `SELECT l.id AS loan_id, l.account_no, c.account_no AS client_account_no, c.display_name AS client_name,
       p.name AS product_name, l.currency_code, l.principal, l.disbursed_on, l.closed_on,
       trim(s.firstname || ' ' || s.lastname) AS officer_name,
       coalesce(sum(CASE WHEN t.type IN ('REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'RECOVERY_REPAYMENT') THEN t.principal_portion END), 0) AS principal_paid,
       coalesce(sum(CASE WHEN t.type IN ('REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'RECOVERY_REPAYMENT') THEN t.interest_portion END), 0) AS interest_paid,
       coalesce(sum(CASE WHEN t.type IN ('REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'RECOVERY_REPAYMENT') THEN t.fee_portion END), 0) AS fee_paid,
       coalesce(sum(CASE WHEN t.type IN ('REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'RECOVERY_REPAYMENT') THEN t.penalty_portion END), 0) AS penalty_paid,
       coalesce(sum(CASE WHEN t.type = 'WAIVE_INTEREST' THEN t.interest_portion END), 0) AS interest_waived,
       coalesce(sum(CASE WHEN t.type = 'WAIVE_CHARGE' THEN t.fee_portion + t.penalty_portion END), 0) AS fee_waived
     FROM loans l ${LOAN_JOINS}
     LEFT JOIN loan_transactions t ON t.loan_id = l.id AND t.type <> 'REVERSAL'
       AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)
     WHERE l.status = 600 AND l.closed_on BETWEEN :fromDate AND :toDate AND ${LOAN_FILTER}
     GROUP BY l.id ORDER BY l.closed_on, l.id`,
  ).all({ ...f, fromDate, toDate });
}

export interface WriteOffRow {
  loan_id: number;
  account_no: string;
  client_account_no: string;
  client_name: string;
  product_name: string;
  currency_code: string;
  principal: number;
  disbursed_on: string;
  written_off_on: string;
  principal_portion: number;
  interest_portion: number;
  fee_portion: number;
  penalty_portion: number;
  note: string | null;
  officer_name: string | null;
}

/**
 * The live write-off transactions dated between the dates on loans still written off (status 601): Fineract's
 * report 51 (a write-off undone is left out; recoveries are not shown).
 */
export function writeOffRows(db: Db, fromDate: string, toDate: string, f: PortfolioFilter): WriteOffRow[] {
  return sql<[PortfolioFilter & { fromDate: string; toDate: string }], WriteOffRow>(
    db,
    `SELECT l.id AS loan_id, l.account_no, c.account_no AS client_account_no, c.display_name AS client_name,
       p.name AS product_name, l.currency_code, l.principal, l.disbursed_on, t.transaction_date AS written_off_on,
       t.principal_portion, t.interest_portion, t.fee_portion, t.penalty_portion, t.note,
       trim(s.firstname || ' ' || s.lastname) AS officer_name
     FROM loan_transactions t JOIN loans l ON l.id = t.loan_id ${LOAN_JOINS}
     WHERE t.type = 'WRITE_OFF' AND t.transaction_date BETWEEN :fromDate AND :toDate AND l.status = 601
       AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id) AND ${LOAN_FILTER}
     ORDER BY t.transaction_date, l.id`,
  ).all({ ...f, fromDate, toDate });
}

/** How portfolioAtRisk groups loans: the group's id and name (a fixed choice, never user text). */
const PAR_GROUPS = {
  branch: { id: 'c.office_id', name: '(SELECT name FROM offices WHERE id = c.office_id)', join: 'JOIN clients c ON c.id = l.client_id', nameOfGid: '(SELECT name FROM offices WHERE id = gid)' },
  loanOfficer: {
    id: 'l.loan_officer_id',
    name: "(SELECT trim(firstname || ' ' || lastname) FROM staff WHERE id = l.loan_officer_id)",
    join: '',
    nameOfGid: "(SELECT trim(firstname || ' ' || lastname) FROM staff WHERE id = gid)",
  },
  product: { id: 'l.product_id', name: '(SELECT name FROM loan_products WHERE id = l.product_id)', join: '', nameOfGid: '(SELECT name FROM loan_products WHERE id = gid)' },
  /** one group: the whole portfolio (its distinct clients for a totals row) */
  all: { id: 'NULL', name: 'NULL', join: '', nameOfGid: 'NULL' },
} as const;
export type ParGroupBy = keyof typeof PAR_GROUPS;

export interface ParGroupRow {
  gid: number | null;
  name: string | null;
  currency_code: string;
  loans: number;
  clients: number | null;
  principal_outstanding: number;
  in_arrears: number;
  /** outstanding principal of the loans whose oldest unpaid installment fell due before each date */
  par1: number;
  par30: number;
  par60: number;
  par90: number;
}

/**
 * The active loans' principal outstanding and principal at risk per group and currency on the business date, from
 * what the loans keep (principal_outstanding, oldest_unpaid_due) through the covering index of migration 0023: a
 * loan is more than N days late when its oldest unpaid installment fell due before `before[N]` (asOf - N days).
 * Without `withClients`, the distinct clients are not counted (null; a temporary b-tree per group when they are).
 */
export function parGroupsKept(db: Db, groupBy: ParGroupBy, asOf: string, before: { d1: string; d30: string; d60: string; d90: string }, f: PortfolioFilter, withClients = true): ParGroupRow[] {
  const g = PAR_GROUPS[groupBy];
  return sql<[PortfolioFilter & { asOf: string; d1: string; d30: string; d60: string; d90: string }], ParGroupRow>(
    db,
    `SELECT ${g.id} AS gid, ${g.name} AS name, l.currency_code, count(*) AS loans, ${withClients ? 'count(DISTINCT l.client_id)' : 'NULL'} AS clients,
       sum(l.principal_outstanding) AS principal_outstanding,
       count(CASE WHEN l.oldest_unpaid_due < :asOf THEN 1 END) AS in_arrears,
       coalesce(sum(CASE WHEN l.oldest_unpaid_due < :d1 THEN l.principal_outstanding END), 0) AS par1,
       coalesce(sum(CASE WHEN l.oldest_unpaid_due < :d30 THEN l.principal_outstanding END), 0) AS par30,
       coalesce(sum(CASE WHEN l.oldest_unpaid_due < :d60 THEN l.principal_outstanding END), 0) AS par60,
       coalesce(sum(CASE WHEN l.oldest_unpaid_due < :d90 THEN l.principal_outstanding END), 0) AS par90
     FROM loans l INDEXED BY loans_report_portfolio ${g.join} WHERE l.status = 300 AND ${LOAN_FILTER} GROUP BY gid, l.currency_code`,
  ).all({ ...f, asOf, ...before });
}

/** The unpaid installments of the active loans in arrears on the business date, with their group (parGroupsKept's); raw rows. */
export function parArrearsKept(db: Db, groupBy: ParGroupBy, asOf: string, f: PortfolioFilter): [gid: number | null, currencyCode: string, unpaidJson: string][] {
  const g = PAR_GROUPS[groupBy];
  return sql<[PortfolioFilter & { asOf: string }], [number | null, string, string]>(
    db,
    `SELECT ${g.id} AS gid, l.currency_code, l.unpaid_json FROM loans l ${g.join}
     WHERE l.oldest_unpaid_due < :asOf AND l.status = 300 AND ${LOAN_FILTER}`,
  )
    .raw(true)
    .all({ ...f, asOf });
}

export interface PortfolioGroupRow {
  gid: number | null;
  name: string | null;
  currency_code: string;
  loans: number;
  clients: number;
  disbursed: number;
  principal_outstanding: number;
  interest_outstanding: number;
  fee_outstanding: number;
  penalty_outstanding: number;
  in_arrears: number;
  /** overdue of the loans owing nothing due on or after :asOf (all they owe); portfolioStraddlersKept adds the others' */
  principal_overdue: number;
  interest_overdue: number;
  fee_overdue: number;
  penalty_overdue: number;
  par1: number;
  par30: number;
  par60: number;
  par90: number;
}

/**
 * The active loans added up per group and currency on the business date from what they keep (loan_figures, migration
 * 0024), every component: outstanding, in arrears on :asOf (oldest installment owing due before it), overdue of the
 * loans whose every installment owing fell due before it, principal at risk (PAR, as parGroupsKept).
 */
export function portfolioGroupsKept(db: Db, groupBy: ParGroupBy, asOf: string, before: { d1: string; d30: string; d60: string; d90: string }, f: PortfolioFilter): PortfolioGroupRow[] {
  const g = PAR_GROUPS[groupBy];
  const all = (c: string) => `coalesce(sum(CASE WHEN lf.last_unpaid_due < :asOf THEN lf.${c}_outstanding END), 0) AS ${c}_overdue`;
  return sql<[PortfolioFilter & { asOf: string; d1: string; d30: string; d60: string; d90: string }], PortfolioGroupRow>(
    db,
    `SELECT ${g.id} AS gid, ${g.name} AS name, l.currency_code, count(*) AS loans, count(DISTINCT l.client_id) AS clients,
       sum(l.principal) AS disbursed, coalesce(sum(lf.principal_outstanding), 0) AS principal_outstanding,
       coalesce(sum(lf.interest_outstanding), 0) AS interest_outstanding, coalesce(sum(lf.fee_outstanding), 0) AS fee_outstanding,
       coalesce(sum(lf.penalty_outstanding), 0) AS penalty_outstanding,
       count(CASE WHEN lf.first_unpaid_due < :asOf THEN 1 END) AS in_arrears,
       ${all('principal')}, ${all('interest')}, ${all('fee')}, ${all('penalty')},
       coalesce(sum(CASE WHEN lf.first_unpaid_due < :d1 THEN lf.principal_outstanding END), 0) AS par1,
       coalesce(sum(CASE WHEN lf.first_unpaid_due < :d30 THEN lf.principal_outstanding END), 0) AS par30,
       coalesce(sum(CASE WHEN lf.first_unpaid_due < :d60 THEN lf.principal_outstanding END), 0) AS par60,
       coalesce(sum(CASE WHEN lf.first_unpaid_due < :d90 THEN lf.principal_outstanding END), 0) AS par90
     FROM loans l ${g.join} ${FIGURES_JOIN} WHERE l.status = 300 AND ${LOAN_FILTER} GROUP BY gid, l.currency_code`,
  ).all({ ...f, asOf, ...before });
}

/**
 * The unpaid installments of the active loans owing installments due both before :asOf and on or after it, with
 * their group (the loans in arrears found by their oldest unpaid due date, indexed): what they owe of those due
 * before it is portfolioGroupsKept's overdue for the rest. Parsed in JavaScript: JSON.parse of 20,000 rows measured
 * several times faster than json_each in SQL on the 100,000-loan bench. `past`: among the loans active on a past
 * :asOf (portfolioGroupsOn's; a loan closed or written off since owes nothing now, so is none of these).
 */
export function portfolioStraddlersKept(db: Db, groupBy: ParGroupBy, asOf: string, f: PortfolioFilter, past = false): { gid: number | null; currency_code: string; unpaid_json: string }[] {
  const g = PAR_GROUPS[groupBy];
  return sql<[PortfolioFilter & { asOf: string }], { gid: number | null; currency_code: string; unpaid_json: string }>(
    db,
    `SELECT ${g.id} AS gid, l.currency_code, l.unpaid_json FROM loans l ${g.join} ${FIGURES_JOIN}
     WHERE l.oldest_unpaid_due < :asOf AND ${past ? ACTIVE_ON : 'l.status = 300'} AND lf.first_unpaid_due < :asOf AND lf.last_unpaid_due >= :asOf AND ${LOAN_FILTER}`,
  ).all({ ...f, asOf });
}

/**
 * portfolioGroupsKept's figures on a past :asOf (loansOnDateFromKept's per loan, added up per group in SQL): each
 * loan what it keeps plus what the live transactions after :asOf settled (SETTLED_AFTER_CTES); overdue from what it
 * keeps as portfolioGroupsKept's (all when its last installment owing fell due before :asOf; the loans owing on both
 * sides of it, portfolioStraddlersKept with `past`, added in JavaScript) plus what was settled after of the installments due before;
 * in arrears since the older of its first installment owing now due before :asOf and `after`'s since. A loan a
 * later transaction touched (or closed or written off since) that owed nothing on :asOf is left out, as onDateSql
 * does. `client_ids`: the distinct clients, comma-separated (a totals row counts each once across groups).
 */
export function portfolioGroupsOn(db: Db, groupBy: ParGroupBy, asOf: string, before: { d1: string; d30: string; d60: string; d90: string }, f: PortfolioFilter): (PortfolioGroupRow & { client_ids: string })[] {
  const g = PAR_GROUPS[groupBy];
  const overdue = (c: string, a: string) => `CASE WHEN lf.last_unpaid_due < :asOf THEN lf.${c}_outstanding ELSE 0 END + coalesce(a.${a}, 0) AS ${c}_overdue`;
  return sql<[PortfolioFilter & { asOf: string; d1: string; d30: string; d60: string; d90: string }], PortfolioGroupRow & { client_ids: string }>(
    db,
    `${SETTLED_AFTER_CTES},
     on_date AS (
       SELECT ${g.id} AS gid, l.currency_code, l.client_id, l.principal,
         coalesce(lf.principal_outstanding, 0) + coalesce(a.p, 0) AS principal_outstanding,
         coalesce(lf.interest_outstanding, 0) + coalesce(a.i, 0) AS interest_outstanding,
         coalesce(lf.fee_outstanding, 0) + coalesce(a.f, 0) AS fee_outstanding,
         coalesce(lf.penalty_outstanding, 0) + coalesce(a.x, 0) AS penalty_outstanding,
         ${overdue('principal', 'dp')}, ${overdue('interest', 'di')}, ${overdue('fee', 'df')}, ${overdue('penalty', 'dx')},
         CASE WHEN lf.first_unpaid_due < :asOf AND (a.since IS NULL OR lf.first_unpaid_due < a.since) THEN lf.first_unpaid_due ELSE a.since END AS since,
         (l.status <> 300 OR a.loan_id IS NOT NULL) AS touched
       FROM loans l ${g.join} ${FIGURES_JOIN} LEFT JOIN after a ON a.loan_id = l.id
       WHERE ${ACTIVE_ON} AND ${LOAN_FILTER})
     SELECT gid, ${g.nameOfGid} AS name, currency_code, count(*) AS loans,
       count(DISTINCT client_id) AS clients, group_concat(DISTINCT client_id) AS client_ids, sum(principal) AS disbursed,
       sum(principal_outstanding) AS principal_outstanding, sum(interest_outstanding) AS interest_outstanding,
       sum(fee_outstanding) AS fee_outstanding, sum(penalty_outstanding) AS penalty_outstanding,
       count(since) AS in_arrears, sum(principal_overdue) AS principal_overdue, sum(interest_overdue) AS interest_overdue,
       sum(fee_overdue) AS fee_overdue, sum(penalty_overdue) AS penalty_overdue,
       coalesce(sum(CASE WHEN since < :d1 THEN principal_outstanding END), 0) AS par1,
       coalesce(sum(CASE WHEN since < :d30 THEN principal_outstanding END), 0) AS par30,
       coalesce(sum(CASE WHEN since < :d60 THEN principal_outstanding END), 0) AS par60,
       coalesce(sum(CASE WHEN since < :d90 THEN principal_outstanding END), 0) AS par90
     FROM on_date WHERE NOT touched OR principal_outstanding + interest_outstanding + fee_outstanding + penalty_outstanding > 0
     GROUP BY gid, currency_code`,
  ).all({ ...f, asOf, ...before });
}

/** How many clients the active loans are lent to (each counted once, whatever its loans' currencies). */
export function activeClientsKept(db: Db, f: PortfolioFilter): number {
  return sql<[PortfolioFilter], { n: number }>(
    db,
    `SELECT count(DISTINCT l.client_id) AS n FROM loans l INDEXED BY loans_report_portfolio WHERE l.status = 300 AND ${LOAN_FILTER}`,
  ).get(f)!.n;
}

/** Active loans per currency and oldest overdue due date on the business date (null: on schedule), from what they keep. */
export function agingKept(db: Db, asOf: string, f: PortfolioFilter): { currency_code: string; since: string | null; loans: number; disbursed: number; outstanding: number }[] {
  return sql<[PortfolioFilter & { asOf: string }], { currency_code: string; since: string | null; loans: number; disbursed: number; outstanding: number }>(
    db,
    `SELECT l.currency_code, CASE WHEN l.oldest_unpaid_due < :asOf THEN l.oldest_unpaid_due END AS since, count(*) AS loans,
       sum(l.principal) AS disbursed, sum(l.principal_outstanding) AS outstanding
     FROM loans l WHERE l.status = 300 AND ${LOAN_FILTER} GROUP BY l.currency_code, since`,
  ).all({ ...f, asOf });
}

/** The unpaid installments of the active loans in arrears on the business date, with their oldest unpaid due date. */
export function arrearsKept(db: Db, asOf: string, f: PortfolioFilter): { currency_code: string; since: string; unpaid_json: string }[] {
  return sql<[PortfolioFilter & { asOf: string }], { currency_code: string; since: string; unpaid_json: string }>(
    db,
    `SELECT l.currency_code, l.oldest_unpaid_due AS since, l.unpaid_json FROM loans l
     WHERE l.oldest_unpaid_due < :asOf AND l.status = 300 AND ${LOAN_FILTER}`,
  ).all({ ...f, asOf });
}
