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

const COMPONENT_COLUMNS = ['principal', 'interest', 'fee', 'penalty'] as const;

interface InstallmentRow {
  installment_number: number;
  from_date: string;
  due_date: string;
  [column: string]: number | string;
}

export function readInstallments(db: Db, loanId: number): InstallmentState[] {
  const rows = sql<[number], InstallmentRow>(db, 'SELECT * FROM loan_installments WHERE loan_id = ? ORDER BY installment_number').all(loanId);
  return rows.map((r) => {
    const part = (c: string) => ({
      due: r[`${c}_due`] as Minor,
      paid: r[`${c}_paid`] as Minor,
      waived: r[`${c}_waived`] as Minor,
      writtenOff: r[`${c}_written_off`] as Minor,
    });
    return {
      installmentNumber: r.installment_number,
      fromDate: r.from_date,
      dueDate: r.due_date,
      principal: part('principal'),
      interest: part('interest'),
      fee: part('fee'),
      penalty: part('penalty'),
    };
  });
}

/** Rewrites the derived installment rows from the engine's state. */
export function writeInstallments(db: Db, loanId: number, state: readonly InstallmentState[]): void {
  sql(db, 'DELETE FROM loan_installments WHERE loan_id = ?').run(loanId);
  const cols = COMPONENT_COLUMNS.flatMap((c) => [`${c}_due`, `${c}_paid`, `${c}_waived`, `${c}_written_off`]);
  const insert = sql(
    db,
    `INSERT INTO loan_installments (loan_id, installment_number, from_date, due_date, ${cols.join(', ')})
     VALUES (?, ?, ?, ?, ${cols.map(() => '?').join(', ')})`,
  );
  for (const i of state) {
    insert.run(
      loanId,
      i.installmentNumber,
      i.fromDate,
      i.dueDate,
      ...COMPONENT_COLUMNS.flatMap((c) => [i[c].due, i[c].paid, i[c].waived, i[c].writtenOff]),
    );
  }
}

export function deleteInstallments(db: Db, loanId: number): void {
  sql(db, 'DELETE FROM loan_installments WHERE loan_id = ?').run(loanId);
}

const SELECT_TXN = `SELECT t.*, EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id) AS reversed
  FROM loan_transactions t`;

/** Every transaction of a loan except reversal rows, oldest first (by date, then entry order). */
export function readTransactions(db: Db, loanId: number): TransactionRow[] {
  return sql<[number], TransactionRow>(db, `${SELECT_TXN} WHERE t.loan_id = ? AND t.type <> 'REVERSAL' ORDER BY t.transaction_date, t.id`).all(loanId);
}

export function getTransaction(db: Db, id: number): TransactionRow | undefined {
  return sql<[number], TransactionRow>(db, `${SELECT_TXN} WHERE t.id = ?`).get(id);
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
         charge_target, note, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
