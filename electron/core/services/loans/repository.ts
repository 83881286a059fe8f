import type { CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import { LOAN_STATUSES, type LoanStatus, type LoanTransactionType } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Minor } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import type { InstallmentSplit, InstallmentState } from '../../domain/loans';
import type { RepaymentStrategyCode } from '../../domain/loans';

/** Rows of the loan tables and the mapping to domain objects (the engine's installment state). */
export interface LoanRow {
  id: number;
  global_id: string;
  account_no: string;
  client_id: number;
  product_id: number;
  office_id: number;
  loan_officer_id: number | null;
  status: number;
  currency_code: string;
  principal: number;
  terms_json: string;
  strategy_code: RepaymentStrategyCode;
  in_arrears_tolerance: number;
  gl_mapping_json: string;
  purpose: string | null;
  submitted_on: string;
  submitted_by: number;
  approved_on: string | null;
  approved_by: number | null;
  rejected_on: string | null;
  withdrawn_on: string | null;
  expected_disbursement_date: string;
  disbursed_on: string | null;
  disbursed_by: number | null;
  closed_on: string | null;
  written_off_on: string | null;
  version: number;
}

export interface TransactionRow {
  id: number;
  loan_id: number;
  type: LoanTransactionType | 'REVERSAL';
  transaction_date: string;
  amount: number;
  principal_portion: number;
  interest_portion: number;
  fee_portion: number;
  penalty_portion: number;
  overpayment_portion: number;
  split_json: string;
  payment_type_id: number | null;
  receipt_number: string | null;
  reverses_id: number | null;
  replaces_id: number | null;
  charge_target: string | null;
  note: string | null;
  created_by: number | null;
  created_at: string;
  /** the GL account the money came from or went to (a teller's till for cash); null before tills existed */
  fund_account_id: number | null;
  /** computed: a REVERSAL row points at it */
  reversed: number;
}

export const STATUS_NAME: Record<number, LoanStatus> = Object.fromEntries(
  Object.entries(LOAN_STATUSES).map(([name, code]) => [code, name as LoanStatus]),
);

export function getLoanRow(db: Db, id: number, field = 'loanId'): LoanRow {
  const r = sql<[number], LoanRow>(db, 'SELECT * FROM loans WHERE id = ?').get(id);
  if (!r) throw new AppError('NOT_FOUND', `There is no loan ${id}`, [{ field, code: 'not_found', message: 'no such loan' }]);
  return r;
}

/** The client a loan application is made for: it must exist and be ACTIVE; its officer and office are the loan's defaults. */
export function applicantOf(db: Db, clientId: number): { id: number; status: string; staff_id: number | null; office_id: number } | undefined {
  return sql<[number], { id: number; status: string; staff_id: number | null; office_id: number }>(db, 'SELECT id, status, staff_id, office_id FROM clients WHERE id = ?').get(clientId);
}

export interface NewLoan {
  globalId: string;
  accountNo: string;
  clientId: number;
  productId: number;
  officeId: number;
  loanOfficerId: number | null;
  currencyCode: string;
  principal: number;
  termsJson: string;
  strategyCode: string;
  inArrearsTolerance: number;
  glMappingJson: string;
  purpose: string | null;
  submittedOn: string;
  submittedBy: number;
  expectedDisbursementDate: string;
  createdAt: string;
}

/** Inserts a loan application (status 100, SUBMITTED_AND_PENDING_APPROVAL); returns its id. */
export function insertLoan(db: Db, l: NewLoan): number {
  return Number(
    sql(
      db,
      `INSERT INTO loans (global_id, account_no, client_id, product_id, office_id, loan_officer_id, status, currency_code, principal,
         terms_json, strategy_code, in_arrears_tolerance, gl_mapping_json, purpose, submitted_on, submitted_by,
         expected_disbursement_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 100, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      l.globalId,
      l.accountNo,
      l.clientId,
      l.productId,
      l.officeId,
      l.loanOfficerId,
      l.currencyCode,
      l.principal,
      l.termsJson,
      l.strategyCode,
      l.inArrearsTolerance,
      l.glMappingJson,
      l.purpose,
      l.submittedOn,
      l.submittedBy,
      l.expectedDisbursementDate,
      l.createdAt,
      l.createdAt,
    ).lastInsertRowid,
  );
}

/** The GL accounts a loan posts to (kept on the loan as gl_mapping_json). */
export interface Mapping {
  portfolio: number;
  interest: number;
  fee: number;
  penalty: number;
  losses: number;
  recovery: number;
  overpayment: number;
}

/** The product's current mapping, as a new loan records it. */
export function productMapping(db: Db, productId: number): Mapping {
  const p = sql<[number], Record<string, number>>(db, 'SELECT * FROM loan_products WHERE id = ?').get(productId)!;
  return {
    portfolio: p.gl_loan_portfolio!,
    interest: p.gl_interest_income!,
    fee: p.gl_fee_income!,
    penalty: p.gl_penalty_income!,
    losses: p.gl_losses_written_off!,
    recovery: p.gl_recovery_income!,
    overpayment: p.gl_overpayment!,
  };
}

export function termsOf(loan: LoanRow): CompleteScheduleInput {
  return JSON.parse(loan.terms_json) as CompleteScheduleInput;
}

/** Refuses an operation on a loan in the wrong status, naming the status. */
export function requireStatus(loan: LoanRow, allowed: LoanStatus[], action: string): void {
  const name = STATUS_NAME[loan.status]!;
  if (!allowed.includes(name)) {
    throw new AppError('INVALID_STATE', `A loan that is ${name} cannot be ${action}`, undefined, { status: name, statusCode: loan.status });
  }
}

export function setStatus(db: Db, loanId: number, status: LoanStatus, changes: Record<string, string | number | null>, now: string): void {
  const cols = Object.keys(changes).map((k) => `${k} = @${k}`);
  sql(
    db,
    `UPDATE loans SET status = @status, ${cols.join(', ')}${cols.length ? ',' : ''} version = version + 1, updated_at = @now WHERE id = @id`,
  ).run({ ...changes, status: LOAN_STATUSES[status], now, id: loanId });
}


const part = (due: number, paid: number, waived: number, writtenOff: number) => ({
  due: due as Minor,
  paid: paid as Minor,
  waived: waived as Minor,
  writtenOff: writtenOff as Minor,
});

const INSTALLMENT_COLUMNS = `installment_number, from_date, due_date,
  principal_due, principal_paid, principal_waived, principal_written_off,
  interest_due, interest_paid, interest_waived, interest_written_off,
  fee_due, fee_paid, fee_waived, fee_written_off,
  penalty_due, penalty_paid, penalty_waived, penalty_written_off`;

/**
 * Reads a loan's installments. The rows come back as arrays (better-sqlite3's raw mode): building twenty-key
 * objects in the driver costs three times as much, and this runs on every repayment.
 */
export function readInstallments(db: Db, loanId: number): InstallmentState[] {
  const stmt = sql<[number], unknown[]>(db, `SELECT ${INSTALLMENT_COLUMNS} FROM loan_installments WHERE loan_id = ? ORDER BY installment_number`);
  return (stmt.raw(true).all(loanId) as unknown as number[][]).map(installmentOf);
}

function installmentOf(r: number[]): InstallmentState {
  return {
    installmentNumber: r[0]!,
    fromDate: r[1] as unknown as string,
    dueDate: r[2] as unknown as string,
    principal: part(r[3]!, r[4]!, r[5]!, r[6]!),
    interest: part(r[7]!, r[8]!, r[9]!, r[10]!),
    fee: part(r[11]!, r[12]!, r[13]!, r[14]!),
    penalty: part(r[15]!, r[16]!, r[17]!, r[18]!),
  };
}

/** The installments of many loans in one query (a list's page), by loan id. */
export function readInstallmentsOf(db: Db, loanIds: readonly number[]): Map<number, InstallmentState[]> {
  const out = new Map<number, InstallmentState[]>(loanIds.map((id) => [id, []]));
  if (loanIds.length === 0) return out;
  const stmt = sql<[string], unknown[]>(
    db,
    `SELECT ${INSTALLMENT_COLUMNS}, loan_id FROM loan_installments WHERE loan_id IN (SELECT value FROM json_each(?)) ORDER BY loan_id, installment_number`,
  );
  for (const r of stmt.raw(true).all(JSON.stringify(loanIds)) as unknown as number[][]) out.get(r[19]!)!.push(installmentOf(r));
  return out;
}

const COMPONENTS = ['principal', 'interest', 'fee', 'penalty'] as const;

function sameInstallment(a: InstallmentState, b: InstallmentState): boolean {
  return (
    a.dueDate === b.dueDate &&
    a.fromDate === b.fromDate &&
    COMPONENTS.every((c) => a[c].due === b[c].due && a[c].paid === b[c].paid && a[c].waived === b[c].waived && a[c].writtenOff === b[c].writtenOff)
  );
}

/**
 * Writes the engine's installment state. With the previous state given, only installments that changed are
 * rewritten (a repayment usually touches one or two of them).
 */
export function writeInstallments(db: Db, loanId: number, state: readonly InstallmentState[], previous?: readonly InstallmentState[]): void {
  const values = (i: InstallmentState) => [
    i.fromDate,
    i.dueDate,
    ...COMPONENTS.flatMap((c) => [i[c].due, i[c].paid, i[c].waived, i[c].writtenOff]),
  ];
  if (previous && previous.length === state.length) {
    const update = sql(
      db,
      `UPDATE loan_installments SET from_date = ?, due_date = ?,
         principal_due = ?, principal_paid = ?, principal_waived = ?, principal_written_off = ?,
         interest_due = ?, interest_paid = ?, interest_waived = ?, interest_written_off = ?,
         fee_due = ?, fee_paid = ?, fee_waived = ?, fee_written_off = ?,
         penalty_due = ?, penalty_paid = ?, penalty_waived = ?, penalty_written_off = ?
       WHERE loan_id = ? AND installment_number = ?`,
    );
    state.forEach((inst, k) => {
      if (!sameInstallment(inst, previous[k]!)) update.run(...values(inst), loanId, inst.installmentNumber);
    });
    return;
  }
  sql(db, 'DELETE FROM loan_installments WHERE loan_id = ?').run(loanId);
  const insert = sql(
    db,
    `INSERT INTO loan_installments (loan_id, installment_number, from_date, due_date,
       principal_due, principal_paid, principal_waived, principal_written_off,
       interest_due, interest_paid, interest_waived, interest_written_off,
       fee_due, fee_paid, fee_waived, fee_written_off,
       penalty_due, penalty_paid, penalty_waived, penalty_written_off)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const i of state) insert.run(loanId, i.installmentNumber, ...values(i));
}

export function deleteInstallments(db: Db, loanId: number): void {
  sql(db, 'DELETE FROM loan_installments WHERE loan_id = ?').run(loanId);
}

const TXN_COLUMNS = `t.id, t.loan_id, t.type, t.transaction_date, t.amount, t.principal_portion, t.interest_portion,
  t.fee_portion, t.penalty_portion, t.overpayment_portion, t.split_json, t.payment_type_id, t.receipt_number, t.reverses_id,
  t.replaces_id, t.charge_target, t.note, t.created_by, t.created_at, t.fund_account_id,
  EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id) AS reversed`;

/** Raw rows (arrays) mapped to objects here: see readInstallments for why. */
function toTransaction(r: unknown[]): TransactionRow {
  return {
    id: r[0] as number,
    loan_id: r[1] as number,
    type: r[2] as TransactionRow['type'],
    transaction_date: r[3] as string,
    amount: r[4] as number,
    principal_portion: r[5] as number,
    interest_portion: r[6] as number,
    fee_portion: r[7] as number,
    penalty_portion: r[8] as number,
    overpayment_portion: r[9] as number,
    split_json: r[10] as string,
    payment_type_id: r[11] as number | null,
    receipt_number: r[12] as string | null,
    reverses_id: r[13] as number | null,
    replaces_id: r[14] as number | null,
    charge_target: r[15] as string | null,
    note: r[16] as string | null,
    created_by: r[17] as number | null,
    created_at: r[18] as string,
    fund_account_id: r[19] as number | null,
    reversed: r[20] as number,
  };
}

/** Every transaction of a loan except reversal rows, oldest first (by date, then entry order). */
export function readTransactions(db: Db, loanId: number): TransactionRow[] {
  const stmt = sql<[number], unknown[]>(db, `SELECT ${TXN_COLUMNS} FROM loan_transactions t WHERE t.loan_id = ? AND t.type <> 'REVERSAL' ORDER BY t.transaction_date, t.id`);
  return (stmt.raw(true).all(loanId) as unknown as unknown[][]).map(toTransaction);
}

export function getTransaction(db: Db, id: number): TransactionRow | undefined {
  const stmt = sql<[number], unknown[]>(db, `SELECT ${TXN_COLUMNS} FROM loan_transactions t WHERE t.id = ?`);
  const r = stmt.raw(true).get(id) as unknown as unknown[] | undefined;
  return r ? toTransaction(r) : undefined;
}

export interface NewTransaction {
  loanId: number;
  globalId: string;
  type: LoanTransactionType | 'REVERSAL';
  date: string;
  amount: number;
  portions?: { principal: number; interest: number; fee: number; penalty: number; overpayment: number };
  split?: InstallmentSplit[];
  paymentTypeId?: number | null;
  fundAccountId?: number | null;
  receiptNumber?: string | null;
  reversesId?: number | null;
  replacesId?: number | null;
  chargeTarget?: string | null;
  note?: string | null;
  createdBy: number | null;
  createdAt: string;
}

export function insertTransaction(db: Db, t: NewTransaction): number {
  const p = t.portions ?? { principal: 0, interest: 0, fee: 0, penalty: 0, overpayment: 0 };
  return Number(
    sql(
      db,
      `INSERT INTO loan_transactions (global_id, loan_id, type, transaction_date, amount, principal_portion, interest_portion,
         fee_portion, penalty_portion, overpayment_portion, split_json, payment_type_id, receipt_number, reverses_id, replaces_id,
         charge_target, note, created_by, created_at, fund_account_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      t.globalId,
      t.loanId,
      t.type,
      t.date,
      t.amount,
      p.principal,
      p.interest,
      p.fee,
      p.penalty,
      p.overpayment,
      JSON.stringify((t.split ?? []).map((s) => [s.installmentNumber, s.principal, s.interest, s.fee, s.penalty])),
      t.paymentTypeId ?? null,
      t.receiptNumber ?? null,
      t.reversesId ?? null,
      t.replacesId ?? null,
      t.chargeTarget ?? null,
      t.note ?? null,
      t.createdBy,
      t.createdAt,
      t.fundAccountId ?? null,
    ).lastInsertRowid,
  );
}

export function splitOf(row: TransactionRow): InstallmentSplit[] {
  return (JSON.parse(row.split_json) as number[][]).map(([n, p, i, f, pen]) => ({
    installmentNumber: n!,
    principal: p as Minor,
    interest: i as Minor,
    fee: f as Minor,
    penalty: pen as Minor,
    total: (p! + i! + f! + pen!) as Minor,
  }));
}

// ---- read models (views.ts)

/** What a loan's live (not reversed) transactions add up to beside its installments. */
export interface LoanTotals {
  overpaid: number;
  recovered: number;
  /** fees collected at disbursement (REPAYMENT_AT_DISBURSEMENT) */
  fees: number;
  disbursed: number;
}

export function loanTotals(db: Db, loanId: number): LoanTotals {
  return sql<[number], LoanTotals>(
    db,
    `SELECT coalesce(sum(t.overpayment_portion), 0) AS overpaid,
       coalesce(sum(CASE WHEN t.type = 'RECOVERY_REPAYMENT' THEN t.amount END), 0) AS recovered,
       coalesce(sum(CASE WHEN t.type = 'REPAYMENT_AT_DISBURSEMENT' THEN t.amount END), 0) AS fees,
       coalesce(sum(CASE WHEN t.type = 'DISBURSEMENT' THEN t.amount END), 0) AS disbursed
     FROM loan_transactions t
     WHERE t.loan_id = ? AND t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)`,
  ).get(loanId)!;
}

export function clientOf(db: Db, clientId: number): { id: number; account_no: string; display_name: string } {
  return sql<[number], { id: number; account_no: string; display_name: string }>(db, 'SELECT id, account_no, display_name FROM clients WHERE id = ?').get(clientId)!;
}

export function productNamesOf(db: Db, productId: number): { id: number; name: string; short_name: string } {
  return sql<[number], { id: number; name: string; short_name: string }>(db, 'SELECT id, name, short_name FROM loan_products WHERE id = ?').get(productId)!;
}

/** A staff member's full name (a loan officer); undefined when there is no such staff member. */
export function staffNameOf(db: Db, staffId: number): { id: number; name: string } | undefined {
  return sql<[number], { id: number; name: string }>(db, "SELECT id, firstname || ' ' || lastname AS name FROM staff WHERE id = ?").get(staffId);
}

/** A user's display name; null when there is no such user. */
export function userDisplayName(db: Db, userId: number): string | null {
  return sql<[number], { display_name: string }>(db, 'SELECT display_name FROM users WHERE id = ?').get(userId)?.display_name ?? null;
}

/** Payment type codes by id (the detail names each transaction's). */
export function paymentTypeCodes(db: Db): Map<number, string> {
  return new Map(sql<[], { id: number; code: string }>(db, 'SELECT id, code FROM payment_types').all().map((p) => [p.id, p.code]));
}

/** The numbers of the receipts issued for a loan's transactions, by transaction id. */
export function receiptNumbersOf(db: Db, loanId: number): Map<number, string> {
  return new Map(
    sql<[number], { source_id: number; number: string }>(
      db,
      "SELECT r.source_id, r.number FROM receipts r JOIN loan_transactions t ON t.id = r.source_id WHERE r.source_type = 'loan_transaction' AND t.loan_id = ?",
    )
      .all(loanId)
      .map((r) => [r.source_id, r.number]),
  );
}

export interface LoanListRow extends LoanRow {
  client_name: string;
  client_account_no: string;
  product_name: string;
  officer_name: string | null;
}

export interface LoanListFilter {
  clientId?: number | undefined;
  loanOfficerId?: number | undefined;
  status?: LoanStatus | undefined;
  /** matched, lower-cased and with % and _ taken as spaces, inside the client's name or account number or the loan's */
  query?: string | undefined;
  limit: number;
}

/** The newest loans matching the filter, with their client, product and officer names, in one statement. */
export function listLoanRows(db: Db, q: LoanListFilter): LoanListRow[] {
  const like = q.query ? `%${q.query.toLowerCase().replace(/[%_]/g, ' ').trim()}%` : null;
  const status = q.status ? LOAN_STATUSES[q.status] : null;
  return sql<(string | number | null)[], LoanListRow>(
    db,
    `SELECT l.*, c.display_name AS client_name, c.account_no AS client_account_no, p.name AS product_name,
       CASE WHEN s.id IS NULL THEN NULL ELSE s.firstname || ' ' || s.lastname END AS officer_name
     FROM loans l JOIN clients c ON c.id = l.client_id JOIN loan_products p ON p.id = l.product_id LEFT JOIN staff s ON s.id = l.loan_officer_id
     WHERE (? IS NULL OR l.client_id = ?) AND (? IS NULL OR l.loan_officer_id = ?) AND (? IS NULL OR l.status = ?)
       AND (? IS NULL OR lower(c.display_name) LIKE ? OR lower(l.account_no) LIKE ? OR lower(c.account_no) LIKE ?)
     ORDER BY l.id DESC LIMIT ?`,
  ).all(
    q.clientId ?? null, q.clientId ?? null,
    q.loanOfficerId ?? null, q.loanOfficerId ?? null,
    status, status,
    like, like, like, like,
    q.limit,
  );
}
