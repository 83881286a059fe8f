import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/**
 * The SQL of the flow, client and savings reports (flows.ts, clients.ts, savings.ts). Each statement reads the
 * books; none writes. A `staffId` of null reads the whole branch. A transaction counts when it is live: not a
 * REVERSAL row and not undone by one (a replay's reversed rows and their re-created ones included).
 */

const LIVE_LOAN_TXN = `t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)`;
const OFFICER_NAME = `trim(s.firstname || ' ' || s.lastname)`;

export interface LoanFlowRow {
  loan_id: number;
  account_no: string;
  client_account_no: string;
  client_name: string;
  product_name: string;
  officer_name: string | null;
  currency_code: string;
}

const LOAN_COLUMNS = `l.id AS loan_id, l.account_no, c.account_no AS client_account_no, c.display_name AS client_name,
  p.name AS product_name, ${OFFICER_NAME} AS officer_name, l.currency_code`;
const LOAN_JOINS = `JOIN clients c ON c.id = l.client_id JOIN loan_products p ON p.id = l.product_id
  LEFT JOIN staff s ON s.id = l.loan_officer_id`;
const LOAN_FILTERS = `(@staff IS NULL OR l.loan_officer_id = @staff) AND (@product IS NULL OR l.product_id = @product)`;

export interface PeriodFilter {
  from: string;
  to: string;
  staff: number | null;
  product: number | null;
}

export interface DisbursalRow extends LoanFlowRow {
  disbursed_on: string;
  principal: number;
  fees: number;
  receipt_number: string | null;
}

/**
 * Each live disbursement dated in the period (Fineract's Disbursal Report: the non-reversed disbursement transaction,
 * any status since), with the fees collected at disbursement the same day (its type 5, REPAYMENT_AT_DISBURSEMENT).
 */
export function disbursalsIn(db: Db, f: PeriodFilter): DisbursalRow[] {
  return sql<PeriodFilter, DisbursalRow>(
    db,
    `SELECT ${LOAN_COLUMNS}, t.transaction_date AS disbursed_on, t.amount AS principal, t.receipt_number,
       coalesce((SELECT sum(f.amount) FROM loan_transactions f WHERE f.loan_id = t.loan_id AND f.type = 'REPAYMENT_AT_DISBURSEMENT'
         AND f.transaction_date = t.transaction_date
         AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = f.id)), 0) AS fees
     FROM loan_transactions t JOIN loans l ON l.id = t.loan_id ${LOAN_JOINS}
     WHERE t.type = 'DISBURSEMENT' AND t.transaction_date >= @from AND t.transaction_date <= @to AND ${LIVE_LOAN_TXN}
       AND ${LOAN_FILTERS}
     ORDER BY t.transaction_date, l.account_no, t.id`,
  ).all(f);
}

export interface CollectionRow extends LoanFlowRow {
  payments: number;
  principal: number;
  interest: number;
  fees: number;
  penalties: number;
  overpayment: number;
  recovered: number;
  total: number;
  last_paid_on: string;
}

/**
 * Per loan, its live repayments and recovery repayments (Fineract's Collection Report: types 2 and 8) dated in the
 * period, split as they were allocated.
 */
export function collectionsIn(db: Db, f: PeriodFilter): CollectionRow[] {
  return sql<PeriodFilter, CollectionRow>(
    db,
    `SELECT ${LOAN_COLUMNS}, count(*) AS payments,
       sum(t.principal_portion) AS principal, sum(t.interest_portion) AS interest, sum(t.fee_portion) AS fees,
       sum(t.penalty_portion) AS penalties, sum(t.overpayment_portion) AS overpayment,
       sum(CASE WHEN t.type = 'RECOVERY_REPAYMENT' THEN t.amount ELSE 0 END) AS recovered,
       sum(t.amount) AS total, max(t.transaction_date) AS last_paid_on
     FROM loan_transactions t JOIN loans l ON l.id = t.loan_id ${LOAN_JOINS}
     WHERE t.type IN ('REPAYMENT', 'RECOVERY_REPAYMENT') AND t.transaction_date >= @from AND t.transaction_date <= @to
       AND ${LIVE_LOAN_TXN} AND ${LOAN_FILTERS}
     GROUP BY l.id
     ORDER BY l.account_no`,
  ).all(f);
}

export interface DemandRow {
  loan_id: number;
  installment_number: number;
  due_date: string;
  officer_id: number | null;
  officer_name: string | null;
  principal: number;
  interest: number;
  fee: number;
  penalty: number;
  /** what the kept figures say was paid, waived and written off of it, by component (principal, interest, fee, penalty) */
  paid: number;
  waived_principal: number;
  waived_interest: number;
  waived_fee: number;
  waived_penalty: number;
  written_off_principal: number;
  written_off_interest: number;
  written_off_fee: number;
  written_off_penalty: number;
  /** 1 when the loan has a transaction dated after the period: the kept figures are then not the period's */
  moved_after: number;
}

/**
 * The installments due in the period of loans disbursed by its end (and not since undone: statuses 300, 600, 601,
 * 700), as scheduled; an overdue penalty that fell after the period's end is not part of its demand. With the kept
 * figures of each (what the loan's live transactions paid, waived and wrote off of it), and whether the loan has a
 * transaction dated after the period (then installmentMovesUpTo gives the period's figures instead).
 */
// A period of weeks holds a twelfth of a branch's installments and more: read loan by loan (the loans' status index,
// then each one's installments by its key) rather than through loan_installments_due (migration 0024), which sends
// each installment to its loan at random and measured slower on the 100,000-loan bench; the index serves a few days.
export function installmentsDueIn(db: Db, f: PeriodFilter): DemandRow[] {
  return sql<PeriodFilter, DemandRow>(
    db,
    `SELECT i.loan_id, i.installment_number, i.due_date, l.loan_officer_id AS officer_id, ${OFFICER_NAME} AS officer_name,
       i.principal_due AS principal, i.interest_due AS interest, i.fee_due AS fee,
       i.penalty_due - coalesce((SELECT sum(ch.amount) FROM loan_charges ch WHERE ch.loan_id = i.loan_id
         AND ch.installment_number = i.installment_number AND ch.time_type = 'OVERDUE_INSTALLMENT' AND ch.active = 1
         AND ch.due_date > @to), 0) AS penalty,
       i.principal_paid + i.interest_paid + i.fee_paid + i.penalty_paid AS paid,
       i.principal_waived AS waived_principal, i.interest_waived AS waived_interest, i.fee_waived AS waived_fee,
       i.penalty_waived AS waived_penalty, i.principal_written_off AS written_off_principal,
       i.interest_written_off AS written_off_interest, i.fee_written_off AS written_off_fee,
       i.penalty_written_off AS written_off_penalty,
       EXISTS (SELECT 1 FROM loan_transactions t WHERE t.loan_id = l.id AND t.transaction_date > @to) AS moved_after
     FROM loans l JOIN loan_installments i ON i.loan_id = l.id LEFT JOIN staff s ON s.id = l.loan_officer_id
     WHERE l.status IN (300, 600, 601, 700) AND l.disbursed_on <= @to AND +i.due_date >= @from AND +i.due_date <= @to
       AND ${LOAN_FILTERS}
     ORDER BY i.due_date, l.id, i.installment_number`,
  ).all(f);
}

export interface InstallmentMoveRow {
  loan_id: number;
  installment_number: number;
  kind: 'PAID' | 'WAIVED' | 'WRITTEN_OFF';
  principal: number;
  interest: number;
  fee: number;
  penalty: number;
}

/**
 * What the live transactions dated on or before `to` paid, waived and wrote off of each installment of the loans
 * (their per-installment split).
 */
export function installmentMovesUpTo(db: Db, loanIds: readonly number[], to: string): InstallmentMoveRow[] {
  if (loanIds.length === 0) return [];
  return sql<{ loans: string; to: string }, InstallmentMoveRow>(
    db,
    `SELECT t.loan_id, json_extract(s.value, '$[0]') AS installment_number,
       CASE WHEN t.type IN ('WAIVE_INTEREST', 'WAIVE_CHARGE') THEN 'WAIVED' WHEN t.type = 'WRITE_OFF' THEN 'WRITTEN_OFF' ELSE 'PAID' END AS kind,
       sum(json_extract(s.value, '$[1]')) AS principal, sum(json_extract(s.value, '$[2]')) AS interest,
       sum(json_extract(s.value, '$[3]')) AS fee, sum(json_extract(s.value, '$[4]')) AS penalty
     FROM json_each(@loans) j CROSS JOIN loan_transactions t ON t.loan_id = j.value CROSS JOIN json_each(t.split_json) s
     WHERE t.transaction_date <= @to AND t.type IN ('REPAYMENT', 'REPAYMENT_AT_DISBURSEMENT', 'RECOVERY_REPAYMENT',
         'WAIVE_INTEREST', 'WAIVE_CHARGE', 'WRITE_OFF')
       AND ${LIVE_LOAN_TXN}
     GROUP BY t.loan_id, installment_number, kind`,
  ).all({ loans: JSON.stringify(loanIds), to });
}

export interface CashFlowInstallmentRow {
  due_date: string;
  principal: number;
  interest: number;
  fee: number;
  penalty: number;
}

/**
 * What active loans still owe on each installment due from `from` to `to` (scheduled less paid, waived and written
 * off), by due date.
 */
export function repaymentsDueBetween(db: Db, from: string, to: string, staff: number | null): CashFlowInstallmentRow[] {
  return sql<{ from: string; to: string; staff: number | null; product: null }, CashFlowInstallmentRow>(
    db,
    `SELECT i.due_date,
       sum(i.principal_due - i.principal_paid - i.principal_waived - i.principal_written_off) AS principal,
       sum(i.interest_due - i.interest_paid - i.interest_waived - i.interest_written_off) AS interest,
       sum(i.fee_due - i.fee_paid - i.fee_waived - i.fee_written_off) AS fee,
       sum(i.penalty_due - i.penalty_paid - i.penalty_waived - i.penalty_written_off) AS penalty
     FROM loans l JOIN loan_installments i ON i.loan_id = l.id
     WHERE l.status = 300 AND +i.due_date >= @from AND +i.due_date <= @to AND ${LOAN_FILTERS}
     GROUP BY i.due_date`,
  ).all({ from, to, staff, product: null });
}

/** Loans pending approval or approved, by the date they are expected to be disbursed from `from` to `to`. */
export function disbursalsExpectedBetween(db: Db, from: string, to: string, staff: number | null): { date: string; loans: number; principal: number }[] {
  return sql<{ from: string; to: string; staff: number | null; product: null }, { date: string; loans: number; principal: number }>(
    db,
    `SELECT l.expected_disbursement_date AS date, count(*) AS loans, sum(l.principal) AS principal
     FROM loans l
     WHERE l.status IN (100, 200) AND l.expected_disbursement_date >= @from AND l.expected_disbursement_date <= @to
       AND ${LOAN_FILTERS}
     GROUP BY l.expected_disbursement_date`,
  ).all({ from, to, staff, product: null });
}

// ---- clients

const CLIENT_IN_SCOPE = `(@staff IS NULL OR c.staff_id = @staff
  OR EXISTS (SELECT 1 FROM loans ol WHERE ol.client_id = c.id AND ol.loan_officer_id = @staff))`;

export interface ClientListingRow {
  client_id: number;
  account_no: string;
  display_name: string;
  status: string;
  submitted_on: string;
  activated_on: string | null;
  closed_on: string | null;
  external_id: string | null;
  mobile_no: string | null;
  officer_name: string | null;
  office_name: string;
}

/**
 * Every client of any status (Fineract's Client Listing, report 1), by account number; a loan officer's own: the
 * clients they are the officer of, or whose loan they look after.
 */
export function clientListing(db: Db, staff: number | null): ClientListingRow[] {
  return sql<{ staff: number | null }, ClientListingRow>(
    db,
    `SELECT c.id AS client_id, c.account_no, c.display_name, c.status, c.submitted_on, c.activated_on, c.closed_on,
       c.external_id, c.mobile_no, ${OFFICER_NAME} AS officer_name, o.name AS office_name
     FROM clients c JOIN offices o ON o.id = c.office_id LEFT JOIN staff s ON s.id = c.staff_id
     WHERE ${CLIENT_IN_SCOPE}
     ORDER BY c.account_no`,
  ).all({ staff });
}

/**
 * A client and one of its loans (all null for a client without one) as a raw row (an array: 100,000 rows cost half
 * as much to read as objects); the product and the officer by id, their names read once (repository.descriptionNames).
 */
export type ClientLoanRow = [
  clientAccountNo: string,
  clientName: string,
  clientStatus: string,
  loanId: number | null,
  accountNo: string | null,
  productId: number | null,
  status: number | null,
  officerId: number | null,
  principal: number | null,
  numberOfRepayments: number | null,
  repaymentEvery: number | null,
  repaymentFrequencyType: string | null,
  interestRatePerPeriod: string | null,
  submittedOn: string | null,
  approvedOn: string | null,
  expectedDisbursementDate: string | null,
  disbursedOn: string | null,
  maturityDate: string | null,
  closedOn: string | null,
  rejectedOn: string | null,
  withdrawnOn: string | null,
  writtenOffOn: string | null,
];

/**
 * Clients with their loans of every status (Fineract's Client Loans Listing, report 2: clients LEFT JOIN loans), a
 * client without a loan on a line of its own; filtered by product or officer, only the loans that match (and then no
 * client without one). The maturity is the last installment's due date as loan_figures keeps it (migration 0024).
 */
export function clientLoansListing(db: Db, staff: number | null, product: number | null): ClientLoanRow[] {
  return sql<{ staff: number | null; product: number | null }, ClientLoanRow>(
    db,
    `SELECT c.account_no AS client_account_no, c.display_name AS client_name, c.status AS client_status,
       l.id AS loan_id, l.account_no, l.product_id, l.status, l.loan_officer_id, l.principal,
       json_extract(l.terms_json, '$.numberOfRepayments') AS number_of_repayments,
       json_extract(l.terms_json, '$.repaymentEvery') AS repayment_every,
       json_extract(l.terms_json, '$.repaymentFrequencyType') AS repayment_frequency_type,
       json_extract(l.terms_json, '$.interestRatePerPeriod') AS interest_rate_per_period, l.submitted_on, l.approved_on, l.expected_disbursement_date, l.disbursed_on,
       lf.maturity_date, l.closed_on, l.rejected_on, l.withdrawn_on, l.written_off_on
     FROM clients c
       LEFT JOIN loans l ON l.client_id = c.id AND ${LOAN_FILTERS}
       LEFT JOIN loan_figures lf ON lf.loan_id = l.id
     WHERE (l.id IS NOT NULL OR (@product IS NULL AND (@staff IS NULL OR c.staff_id = @staff)))
     ORDER BY c.account_no, l.account_no`,
  )
    .raw(true)
    .all({ staff, product });
}

// ---- savings

const LIVE_SAVINGS_TXN = `t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)`;

export interface SavingsBalanceRow {
  savings_id: number;
  account_no: string;
  client_account_no: string;
  client_name: string;
  product_name: string;
  currency_code: string;
  officer_name: string | null;
  activated_on: string;
  closed_on: string | null;
  deposits: number;
  withdrawals: number;
  interest: number;
  charges: number;
  balance: number;
  last_transaction_on: string | null;
}

/**
 * Savings accounts activated on or before `asOf`, with what their live transactions dated on or before it add up to
 * (domain/savings/balance.ts: DEPOSIT and INTEREST_POSTING credit; ACCRUAL and WAIVE_CHARGE move nothing; every
 * other type a debit). A loan officer's own: the accounts of
 * their clients (as clientListing).
 */
export function savingsBalancesAsOf(db: Db, asOf: string, staff: number | null, product: number | null): SavingsBalanceRow[] {
  return sql<{ asOf: string; staff: number | null; product: number | null }, SavingsBalanceRow>(
    db,
    `SELECT a.id AS savings_id, a.account_no, c.account_no AS client_account_no, c.display_name AS client_name,
       p.name AS product_name, a.currency_code, ${OFFICER_NAME} AS officer_name, a.activated_on, a.closed_on,
       coalesce(sum(CASE WHEN t.type = 'DEPOSIT' THEN t.amount END), 0) AS deposits,
       coalesce(sum(CASE WHEN t.type = 'WITHDRAWAL' THEN t.amount END), 0) AS withdrawals,
       coalesce(sum(CASE WHEN t.type = 'INTEREST_POSTING' THEN t.amount END), 0) AS interest,
       coalesce(sum(CASE WHEN t.type IN ('FEE', 'WITHDRAWAL_FEE', 'OVERDRAFT_INTEREST') THEN t.amount END), 0) AS charges,
       coalesce(sum(CASE WHEN t.type IN ('DEPOSIT', 'INTEREST_POSTING') THEN t.amount
         WHEN t.type IN ('ACCRUAL', 'WAIVE_CHARGE') THEN 0 ELSE -t.amount END), 0) AS balance,
       max(CASE WHEN t.type NOT IN ('ACCRUAL', 'WAIVE_CHARGE') THEN t.transaction_date END) AS last_transaction_on
     FROM savings_accounts a JOIN clients c ON c.id = a.client_id JOIN savings_products p ON p.id = a.product_id
       LEFT JOIN staff s ON s.id = c.staff_id
       LEFT JOIN savings_transactions t ON t.account_id = a.id AND t.transaction_date <= @asOf AND ${LIVE_SAVINGS_TXN}
     WHERE a.activated_on IS NOT NULL AND a.activated_on <= @asOf
       AND ${CLIENT_IN_SCOPE} AND (@product IS NULL OR a.product_id = @product)
     GROUP BY a.id
     ORDER BY a.account_no`,
  ).all({ asOf, staff, product });
}

export interface DormancyRow {
  savings_id: number;
  account_no: string;
  client_account_no: string;
  client_name: string;
  product_name: string;
  officer_name: string | null;
  terms_json: string;
  sub_status: string;
  sub_status_since: string | null;
  last_active: string;
  balance: number;
}

/**
 * The ACTIVE accounts (or closed after `asOf`) of products tracking dormancy, activated on or before `asOf`, with
 * their sub-status as it stood then (the newest row since on or before it) and their last deposit or withdrawal not
 * reversed dated on or before it, else the activation date (as day-end's dormancy step reads them).
 */
export function dormancyAsOf(db: Db, asOf: string, staff: number | null, product: number | null): DormancyRow[] {
  return sql<{ asOf: string; staff: number | null; product: number | null }, DormancyRow>(
    db,
    `SELECT a.id AS savings_id, a.account_no, c.account_no AS client_account_no, c.display_name AS client_name,
       p.name AS product_name, ${OFFICER_NAME} AS officer_name, a.terms_json,
       coalesce((SELECT ss.sub_status FROM savings_account_sub_statuses ss WHERE ss.account_id = a.id AND ss.since <= @asOf
         ORDER BY ss.id DESC LIMIT 1), 'NONE') AS sub_status,
       (SELECT ss.since FROM savings_account_sub_statuses ss WHERE ss.account_id = a.id AND ss.since <= @asOf
         ORDER BY ss.id DESC LIMIT 1) AS sub_status_since,
       coalesce((SELECT max(t.transaction_date) FROM savings_transactions t WHERE t.account_id = a.id
         AND t.type IN ('DEPOSIT', 'WITHDRAWAL') AND t.transaction_date <= @asOf AND ${LIVE_SAVINGS_TXN}), a.activated_on) AS last_active,
       coalesce((SELECT sum(CASE WHEN t.type IN ('DEPOSIT', 'INTEREST_POSTING') THEN t.amount
         WHEN t.type IN ('ACCRUAL', 'WAIVE_CHARGE') THEN 0 ELSE -t.amount END)
         FROM savings_transactions t WHERE t.account_id = a.id AND t.transaction_date <= @asOf AND ${LIVE_SAVINGS_TXN}), 0) AS balance
     FROM savings_accounts a JOIN clients c ON c.id = a.client_id JOIN savings_products p ON p.id = a.product_id
       LEFT JOIN staff s ON s.id = c.staff_id
     WHERE json_extract(a.terms_json, '$.isDormancyTrackingActive') = 1
       AND a.activated_on IS NOT NULL AND a.activated_on <= @asOf AND (a.status = 300 OR a.closed_on > @asOf)
       AND ${CLIENT_IN_SCOPE} AND (@product IS NULL OR a.product_id = @product)
     ORDER BY a.account_no`,
  ).all({ asOf, staff, product });
}
