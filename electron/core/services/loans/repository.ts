import type { CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import { LOAN_STATUSES, type LoanStatus, type LoanTransactionType } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Minor } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { keptFigures, outstandingOf, type InstallmentSplit, type InstallmentState, type UnpaidInstallment } from '../../domain/loans';
import type { RepaymentStrategyCode } from '../../domain/loans';
import type { LoanChargeDue } from '../../domain/loans/strategies';

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
  /** kept by writeInstallments from the installments (migration 0005): see keptFigures in the domain */
  principal_outstanding: number;
  total_outstanding: number;
  unpaid_json: string;
  oldest_unpaid_due: string | null;
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

const COMPONENTS = ['principal', 'interest', 'fee', 'penalty'] as const;

function sameInstallment(a: InstallmentState, b: InstallmentState): boolean {
  return (
    a.dueDate === b.dueDate &&
    a.fromDate === b.fromDate &&
    COMPONENTS.every((c) => a[c].due === b[c].due && a[c].paid === b[c].paid && a[c].waived === b[c].waived && a[c].writtenOff === b[c].writtenOff)
  );
}

/**
 * Writes the engine's installment state, and the figures the loan keeps of it (keepFigures). With the previous
 * state given, only installments that changed are rewritten (a repayment usually touches one or two of them).
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
    keepFigures(db, loanId, state);
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
  keepFigures(db, loanId, state);
}

export function deleteInstallments(db: Db, loanId: number): void {
  sql(db, 'DELETE FROM loan_installments WHERE loan_id = ?').run(loanId);
  keepFigures(db, loanId, []);
}

/**
 * The figures a loan keeps of its installments (migration 0005: outstanding, the unpaid installments, the oldest
 * unpaid due date), written with them in the same transaction so that lists and the arrears sweep can trust them
 * and never read installments. Only writeInstallments and deleteInstallments call it: they are the one place
 * installments are written.
 */
function keepFigures(db: Db, loanId: number, state: readonly InstallmentState[]): void {
  const k = keptFigures(state);
  sql(db, 'UPDATE loans SET principal_outstanding = ?, total_outstanding = ?, unpaid_json = ?, oldest_unpaid_due = ? WHERE id = ?').run(
    k.principalOutstanding,
    k.totalOutstanding,
    unpaidJson(k.unpaid),
    k.oldestUnpaidDue,
    loanId,
  );
  keepLoanFigures(db, loanId, state, k.unpaid);
}

/**
 * loan_figures (migration 0024): the outstanding per component, where the installments still owing fall (the
 * first, the last and the one before it) and the schedule's last installment; no row for a loan without
 * installments. As the migration computes them; verify checks them against the installments.
 */
function keepLoanFigures(db: Db, loanId: number, state: readonly InstallmentState[], unpaid: readonly UnpaidInstallment[]): void {
  if (state.length === 0) {
    sql(db, 'DELETE FROM loan_figures WHERE loan_id = ?').run(loanId);
    return;
  }
  const out = { p: 0, i: 0, f: 0, x: 0 };
  let last = state[0]!;
  for (const s of state) {
    out.p += outstandingOf(s.principal);
    out.i += outstandingOf(s.interest);
    out.f += outstandingOf(s.fee);
    out.x += outstandingOf(s.penalty);
    if (s.installmentNumber > last.installmentNumber) last = s;
  }
  let first: UnpaidInstallment | null = null;
  let lastUnpaid: UnpaidInstallment | null = null;
  let firstDue: string | null = null;
  let lastDue: string | null = null;
  for (const u of unpaid) {
    if (first === null || u.installmentNumber < first.installmentNumber) first = u;
    if (lastUnpaid === null || u.installmentNumber > lastUnpaid.installmentNumber) lastUnpaid = u;
    if (firstDue === null || u.dueDate < firstDue) firstDue = u.dueDate;
    if (lastDue === null || u.dueDate > lastDue) lastDue = u.dueDate;
  }
  let priorDue: string | null = null;
  for (const u of unpaid) if (u !== lastUnpaid && (priorDue === null || u.dueDate > priorDue)) priorDue = u.dueDate;
  sql(
    db,
    `INSERT INTO loan_figures (loan_id, principal_outstanding, interest_outstanding, fee_outstanding, penalty_outstanding,
       first_unpaid, first_unpaid_due, last_unpaid, last_unpaid_due, prior_unpaid_due, last_installment, maturity_date)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (loan_id) DO UPDATE SET principal_outstanding = excluded.principal_outstanding,
       interest_outstanding = excluded.interest_outstanding, fee_outstanding = excluded.fee_outstanding,
       penalty_outstanding = excluded.penalty_outstanding, first_unpaid = excluded.first_unpaid,
       first_unpaid_due = excluded.first_unpaid_due, last_unpaid = excluded.last_unpaid,
       last_unpaid_due = excluded.last_unpaid_due, prior_unpaid_due = excluded.prior_unpaid_due,
       last_installment = excluded.last_installment, maturity_date = excluded.maturity_date`,
  ).run(loanId, out.p, out.i, out.f, out.x, first?.installmentNumber ?? null, firstDue, lastUnpaid?.installmentNumber ?? null, lastDue, priorDue, last.installmentNumber, last.dueDate);
}

/** `unpaid_json`: [[number, due date, principal, interest, fee, penalty], ...], what each installment still owes. */
function unpaidJson(unpaid: readonly UnpaidInstallment[]): string {
  return JSON.stringify(unpaid.map((u) => [u.installmentNumber, u.dueDate, u.principal, u.interest, u.fee, u.penalty]));
}

export function unpaidOf(json: string): UnpaidInstallment[] {
  return (JSON.parse(json) as [number, string, number, number, number, number][]).map(([n, d, p, i, f, x]) => ({
    installmentNumber: n,
    dueDate: d,
    principal: p as Minor,
    interest: i as Minor,
    fee: f as Minor,
    penalty: x as Minor,
  }));
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
      // the loan's transactions first (by loan), then each one's receipt by source (receipts_source); CROSS JOIN
      // keeps that order: left to choose, the planner reads every loan receipt by source_type alone
      "SELECT r.source_id, r.number FROM loan_transactions t CROSS JOIN receipts r ON r.source_type = 'loan_transaction' AND r.source_id = t.id WHERE t.loan_id = ?",
    )
      .all(loanId)
      .map((r) => [r.source_id, r.number]),
  );
}

export interface LoanListRow {
  id: number;
  account_no: string;
  status: number;
  client_id: number;
  principal: number;
  submitted_on: string;
  submitted_by: number;
  approved_on: string | null;
  expected_disbursement_date: string;
  total_outstanding: number;
  unpaid_json: string;
  client_name: string;
  client_account_no: string;
  product_name: string;
  officer_name: string | null;
}

export interface LoanListFilter {
  clientId?: number | undefined;
  loanOfficerId?: number | undefined;
  /** a group's JLG loans (loan_groups) */
  groupId?: number | undefined;
  status?: LoanStatus | undefined;
  /**
   * matched, lower-cased and with % and _ taken as spaces, inside the client's search text (name, account number,
   * phone, identity documents: the clients_search trigram index), or as the start of the loan's account number
   */
  query?: string | undefined;
  /** keyset paging: only loans with a smaller id (the last id of the previous page) */
  afterId?: number | undefined;
  limit: number;
}

/**
 * The newest loans matching the filter (id descending, below `afterId`), with their client, product and officer
 * names and the figures the loan keeps, in one statement. Each filter is served by an index, and the most
 * selective one drives: the client (loans_client), else the text (the clients_search trigram index and the
 * account number's unique index, then a sort of the matches), else the officer (loans_officer_id, or
 * loans_officer with a status), else the status (loans_status), else the primary key. The other conditions are
 * written with a unary + so that the planner does not pick their index instead. The text is chosen among these
 * fixed fragments; every value is bound.
 */
export function listLoanRows(db: Db, q: LoanListFilter): LoanListRow[] {
  const text = q.query?.toLowerCase().replace(/[%_]/g, ' ').trim() || null;
  const where: string[] = ['l.id < ?'];
  const params: (string | number)[] = [q.afterId ?? Number.MAX_SAFE_INTEGER];
  const add = (condition: string, ...values: (string | number)[]) => {
    where.push(condition);
    params.push(...values);
  };
  const driven = (column: string, drives: boolean) => (drives ? column : `+${column}`);
  if (q.clientId !== undefined) add('l.client_id = ?', q.clientId);
  if (text !== null) {
    const d = q.clientId === undefined;
    const account = text.toUpperCase();
    add(
      `(${driven('l.client_id', d)} IN (SELECT rowid FROM clients_search WHERE text LIKE ?) OR (${driven('l.account_no', d)} >= ? AND ${driven('l.account_no', d)} < ?))`,
      `%${text}%`,
      account,
      `${account}\uffff`,
    );
  }
  const byOfficer = q.clientId === undefined && text === null;
  if (q.loanOfficerId !== undefined) add(`${driven('l.loan_officer_id', byOfficer)} = ?`, q.loanOfficerId);
  if (q.status !== undefined) add(`${driven('l.status', byOfficer)} = ?`, LOAN_STATUSES[q.status]);
  if (q.groupId !== undefined) add('l.id IN (SELECT loan_id FROM loan_groups WHERE group_id = ?)', q.groupId);
  params.push(q.limit);
  return sql<(string | number)[], LoanListRow>(
    db,
    `SELECT l.id, l.account_no, l.status, l.client_id, l.principal, l.submitted_on, l.submitted_by, l.approved_on, l.expected_disbursement_date,
       l.total_outstanding, l.unpaid_json, c.display_name AS client_name, c.account_no AS client_account_no, p.name AS product_name,
       CASE WHEN s.id IS NULL THEN NULL ELSE s.firstname || ' ' || s.lastname END AS officer_name
     FROM loans l JOIN clients c ON c.id = l.client_id JOIN loan_products p ON p.id = l.product_id LEFT JOIN staff s ON s.id = l.loan_officer_id
     WHERE ${where.join(' AND ')}
     ORDER BY l.id DESC LIMIT ?`,
  ).all(...params);
}

// ---- the arrears sweep (arrears.ts)

export interface ArrearsRow {
  id: number;
  account_no: string;
  client_id: number;
  loan_officer_id: number | null;
  principal_outstanding: number;
  total_outstanding: number;
  unpaid_json: string;
}

/**
 * Active loans with an installment unpaid after its due date on `asOf` (oldest_unpaid_due before it), from the
 * partial index loans_oldest_unpaid, oldest arrears first: the installments are not read.
 */
export function loansInArrearsRows(db: Db, asOf: string): ArrearsRow[] {
  return sql<[string, number], ArrearsRow>(
    db,
    `SELECT id, account_no, client_id, loan_officer_id, principal_outstanding, total_outstanding, unpaid_json
     FROM loans WHERE oldest_unpaid_due < ? AND +status = ? ORDER BY oldest_unpaid_due, id`,
  ).all(asOf, LOAN_STATUSES.ACTIVE);
}

/** The active portfolio: how many loans and what they owe, from the kept figures (loans_status). */
export function activePortfolio(db: Db): { loans: number; principal_outstanding: number; total_outstanding: number } {
  return sql<[number], { loans: number; principal_outstanding: number; total_outstanding: number }>(
    db,
    `SELECT count(*) AS loans, coalesce(sum(principal_outstanding), 0) AS principal_outstanding,
       coalesce(sum(total_outstanding), 0) AS total_outstanding FROM loans WHERE status = ?`,
  ).get(LOAN_STATUSES.ACTIVE)!;
}

/** Active loans with an installment due from `from` to `to` inclusive (a holiday being activated), in id order. */
export function activeLoansDueBetween(db: Db, from: string, to: string): number[] {
  return sql<[number, string, string], { id: number }>(
    db,
    `SELECT l.id FROM loans l WHERE l.status = ?
       AND EXISTS (SELECT 1 FROM loan_installments i WHERE i.loan_id = l.id AND i.due_date BETWEEN ? AND ?)
     ORDER BY l.id`,
  )
    .all(LOAN_STATUSES.ACTIVE, from, to)
    .map((r) => r.id);
}

// ---- accruals (accruals.ts)

/** Ids of ACTIVE loans on periodic accrual above `afterId`, at most `limit`, in id order (day-end's accruals). */
export function periodicAccrualLoanIds(db: Db, afterId: number, limit: number): number[] {
  return sql<[number, number, number], { id: number }>(
    db,
    `SELECT a.account_id AS id FROM account_accounting a CROSS JOIN loans l ON l.id = a.account_id
     WHERE a.account_type = 'LOAN' AND a.accounting_rule = 'ACCRUAL_PERIODIC' AND a.account_id > ? AND l.status = ?
     ORDER BY a.account_id LIMIT ?`,
  )
    .all(afterId, LOAN_STATUSES.ACTIVE, limit)
    .map((r) => r.id);
}

// ---- loan charges (charges.ts, chargeOperations.ts; services/charges/README.md "Loan charges")

export type LoanChargeTimeType = 'DISBURSEMENT' | 'SPECIFIED_DUE_DATE' | 'INSTALMENT_FEE' | 'OVERDUE_INSTALLMENT';

/** A loan_charges row. */
export interface LoanChargeRow {
  id: number;
  charge_id: number | null;
  name: string;
  time_type: LoanChargeTimeType;
  calculation_type: string;
  penalty: number;
  percentage: string | null;
  amount: number;
  due_date: string | null;
  installment_number: number | null;
  active: number;
  created_at: string;
}

/** What a loan charge is made of (the charge's own columns). */
export interface LoanChargeFields {
  chargeId: number | null;
  name: string;
  timeType: LoanChargeTimeType;
  calculationType: string;
  penalty: boolean;
  /** PERCENT_* charges: the percentage as decimal text */
  percentage: string | null;
  /** minor units: the whole charge */
  amount: number;
  dueDate: string | null;
  /** OVERDUE_INSTALLMENT: the installment penalised */
  installmentNumber?: number | null;
}

export interface NewLoanChargeRow extends LoanChargeFields {
  globalId: string;
  loanId: number;
  createdBy: number | null;
  createdAt: string;
}

/** Inserts a loan charge and what it puts on each installment ([installment number, amount]); returns its id. */
export function insertLoanChargeRows(db: Db, c: NewLoanChargeRow, installments: readonly (readonly [number, number])[]): number {
  const id = Number(
    sql(
      db,
      `INSERT INTO loan_charges (global_id, loan_id, charge_id, name, time_type, calculation_type, penalty, percentage, amount,
         due_date, installment_number, active, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(c.globalId, c.loanId, c.chargeId, c.name, c.timeType, c.calculationType, c.penalty ? 1 : 0, c.percentage, c.amount, c.dueDate, c.installmentNumber ?? null, c.createdBy, c.createdAt)
      .lastInsertRowid,
  );
  const row = sql(db, 'INSERT INTO loan_charge_installments (loan_charge_id, installment_number, amount) VALUES (?, ?, ?)');
  for (const [n, amount] of installments) row.run(id, n, amount);
  return id;
}

/** Marks a loan's active charges inactive; returns their ids. */
export function deactivateLoanChargeRows(db: Db, loanId: number): number[] {
  const ids = sql<[number], { id: number }>(db, 'SELECT id FROM loan_charges WHERE loan_id = ? AND active = 1 ORDER BY id').all(loanId).map((r) => r.id);
  if (ids.length > 0) sql(db, 'UPDATE loan_charges SET active = 0 WHERE loan_id = ? AND active = 1').run(loanId);
  return ids;
}

/** A loan's charges (the active ones unless told), oldest first. */
export function readLoanCharges(db: Db, loanId: number, activeOnly = true): LoanChargeRow[] {
  return sql<[number], LoanChargeRow>(
    db,
    `SELECT id, charge_id, name, time_type, calculation_type, penalty, percentage, amount, due_date, installment_number, active, created_at
     FROM loan_charges WHERE loan_id = ?${activeOnly ? ' AND active = 1' : ''} ORDER BY id`,
  ).all(loanId);
}

/** Installment rows of a loan's active charges: loan charge id -> [installment number, amount][]. */
export function readChargeInstallments(db: Db, loanId: number): Map<number, [number, number][]> {
  const rows = sql<[number], { loan_charge_id: number; installment_number: number; amount: number }>(
    db,
    `SELECT ci.loan_charge_id, ci.installment_number, ci.amount FROM loan_charges lc
       JOIN loan_charge_installments ci ON ci.loan_charge_id = lc.id
     WHERE lc.loan_id = ? AND lc.active = 1 ORDER BY ci.loan_charge_id, ci.installment_number`,
  ).all(loanId);
  const out = new Map<number, [number, number][]>();
  for (const r of rows) {
    const list = out.get(r.loan_charge_id) ?? [];
    list.push([r.installment_number, r.amount]);
    out.set(r.loan_charge_id, list);
  }
  return out;
}

/**
 * Takes what a loan's active charges put on these installments off them (foreclosure drops their fees and
 * penalties): each row comes to 0 and its charge's amount loses it. Returns the charges changed.
 */
export function clearChargeRowsOn(db: Db, loanId: number, installmentNumbers: readonly number[]): number[] {
  const rows = sql<[number, string], { loan_charge_id: number; installment_number: number; amount: number }>(
    db,
    `SELECT ci.loan_charge_id, ci.installment_number, ci.amount FROM loan_charges lc JOIN loan_charge_installments ci ON ci.loan_charge_id = lc.id
     WHERE lc.loan_id = ? AND lc.active = 1 AND ci.amount > 0 AND ci.installment_number IN (SELECT value FROM json_each(?))`,
  ).all(loanId, JSON.stringify(installmentNumbers));
  const setRow = sql(db, 'UPDATE loan_charge_installments SET amount = 0 WHERE loan_charge_id = ? AND installment_number = ?');
  const lessAmount = sql(db, 'UPDATE loan_charges SET amount = amount - ? WHERE id = ?');
  for (const r of rows) {
    setRow.run(r.loan_charge_id, r.installment_number);
    lessAmount.run(r.amount, r.loan_charge_id);
  }
  return [...new Set(rows.map((r) => r.loan_charge_id))];
}

/** A catalogue charge as loans.addCharge reads it (the `charges` table, services/charges). */
export interface CatalogueChargeRow {
  id: number;
  name: string;
  currency_code: string;
  applies_to: string;
  time_type: string;
  calculation_type: string;
  amount: string;
  penalty: number;
  min_cap: number | null;
  max_cap: number | null;
  active: number;
}

export function catalogueChargeRow(db: Db, id: number): CatalogueChargeRow | undefined {
  return sql<[number], CatalogueChargeRow>(
    db,
    'SELECT id, name, currency_code, applies_to, time_type, calculation_type, amount, penalty, min_cap, max_cap, active FROM charges WHERE id = ?',
  ).get(id);
}

/** The strategies that pay charges already due first on an installment paid in advance (domain strategies.ts). */
const READS_DUE_CHARGES = new Set<RepaymentStrategyCode>([
  'due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy',
  'due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy',
]);

/**
 * The loan's active charges as the due / in-advance strategies read them (Fineract's LoanCharge: fee or penalty,
 * whole amount, due date, the installments it sits on), for the replay; undefined for the other strategies, which
 * do not read them. A charge collected at disbursement sits on no installment and is never pending.
 */
export function dueChargeSources(db: Db, loanId: number, strategy: RepaymentStrategyCode): LoanChargeDue[] | undefined {
  if (!READS_DUE_CHARGES.has(strategy)) return undefined;
  const rows = sql<[number], { penalty: number; amount: number; due_date: string | null; installments: string }>(
    db,
    `SELECT lc.penalty, lc.amount, lc.due_date, group_concat(ci.installment_number) AS installments
       FROM loan_charges lc JOIN loan_charge_installments ci ON ci.loan_charge_id = lc.id
      WHERE lc.loan_id = ? AND lc.active = 1
      GROUP BY lc.id ORDER BY lc.id`,
  ).all(loanId);
  return rows.map((r) => ({
    penalty: r.penalty === 1,
    amount: r.amount,
    dueDate: r.due_date,
    installmentNumbers: r.installments.split(',').map(Number),
  }));
}

// ---- joint-liability (JLG) loans (jlg.ts): the loan's group and meeting calendar (migration 0020 loan_groups)

export interface LoanGroupRow {
  loan_id: number;
  group_id: number;
  group_name: string;
  calendar_id: number | null;
  sync_disbursement_with_meeting: number;
}

export function insertLoanGroup(db: Db, loanId: number, groupId: number, calendarId: number | null, sync: boolean): void {
  sql(db, `INSERT INTO loan_groups (loan_id, group_id, calendar_id, sync_disbursement_with_meeting) VALUES (?, ?, ?, ?)`).run(loanId, groupId, calendarId, sync ? 1 : 0);
}

export function loanGroupOf(db: Db, loanId: number): LoanGroupRow | undefined {
  return sql<[number], LoanGroupRow>(
    db,
    `SELECT lg.loan_id, lg.group_id, g.name AS group_name, lg.calendar_id, lg.sync_disbursement_with_meeting
     FROM loan_groups lg JOIN groups g ON g.id = lg.group_id WHERE lg.loan_id = ?`,
  ).get(loanId);
}

/** A group's JLG loans in the given statuses (Fineract's codes), oldest first. */
export function jlgLoansOf(db: Db, groupId: number, statuses: readonly number[]): { id: number; account_no: string; status: number; client_id: number }[] {
  return sql<[number, string], { id: number; account_no: string; status: number; client_id: number }>(
    db,
    `SELECT l.id, l.account_no, l.status, l.client_id FROM loan_groups lg JOIN loans l ON l.id = lg.loan_id
     WHERE lg.group_id = ? AND l.status IN (SELECT value FROM json_each(?)) ORDER BY l.id`,
  ).all(groupId, JSON.stringify(statuses));
}
