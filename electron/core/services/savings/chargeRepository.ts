import { SAVINGS_STATUSES } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import type { SavingsChargeTimeType } from '../../domain/savings';

/**
 * The SQL of the charges on savings accounts (migration 0016; services/charges README): the catalogue charges a
 * product carries, the account's charges (savings_account_charges), each time one fell due (savings_charge_dues) and
 * the transactions that paid or waived it (savings_charge_payments). What an occurrence paid and waived is summed
 * from its linked transactions that are not reversed; nothing kept changes when money comes.
 */

/** A catalogue charge (charges), as the savings area reads it. */
export interface CatalogueChargeRow {
  id: number;
  name: string;
  currency_code: string;
  applies_to: 'LOAN' | 'SAVINGS';
  time_type: string;
  calculation_type: string;
  /** major units for FLAT, a percentage otherwise, as decimal text */
  amount: string;
  penalty: number;
  fee_interval: number | null;
  fee_on_month_day: string | null;
  payment_type_id: number | null;
  min_cap: number | null;
  max_cap: number | null;
  gl_income: number | null;
  active: number;
}

export interface AccountChargeRow {
  id: number;
  account_id: number;
  charge_id: number | null;
  name: string;
  time_type: SavingsChargeTimeType;
  calculation_type: string;
  penalty: number;
  percentage: string | null;
  /** FLAT: each occurrence's amount in minor units (0 for a percentage) */
  amount: number;
  next_due_date: string | null;
  fee_interval: number | null;
  fee_on_month_day: string | null;
  payment_type_id: number | null;
  min_cap: number | null;
  max_cap: number | null;
  active: number;
  created_at: string;
}

/** An occurrence of a charge with what it paid and waived (linked transactions not reversed). */
export interface DueRow {
  id: number;
  account_charge_id: number;
  due_date: string;
  amount: number;
  paid: number;
  waived: number;
}

// ---- the catalogue

export function findCatalogueCharge(db: Db, id: number): CatalogueChargeRow | undefined {
  return sql<[number], CatalogueChargeRow>(db, 'SELECT * FROM charges WHERE id = ?').get(id);
}

/** The catalogue charges a savings product carries, in the product's order. */
export function productSavingsCharges(db: Db, productId: number): CatalogueChargeRow[] {
  return sql<[number], CatalogueChargeRow>(
    db,
    "SELECT c.* FROM product_charges pc JOIN charges c ON c.id = pc.charge_id WHERE pc.product_type = 'SAVINGS' AND pc.product_id = ? ORDER BY pc.position, c.id",
  ).all(productId);
}

/** The income account of a catalogue charge (null: the product's fee income). */
export function incomeAccountOf(db: Db, chargeId: number | null): number | null {
  if (chargeId === null) return null;
  return sql<[number], { gl_income: number | null }>(db, 'SELECT gl_income FROM charges WHERE id = ?').get(chargeId)?.gl_income ?? null;
}

// ---- the account's charges

export interface NewAccountCharge {
  globalId: string;
  accountId: number;
  chargeId: number | null;
  name: string;
  timeType: SavingsChargeTimeType;
  calculationType: string;
  penalty: boolean;
  percentage: string | null;
  amount: number;
  nextDueDate: string | null;
  feeInterval: number | null;
  feeOnMonthDay: string | null;
  paymentTypeId: number | null;
  minCap: number | null;
  maxCap: number | null;
  createdBy: number | null;
  now: string;
}

export function insertAccountCharge(db: Db, c: NewAccountCharge): number {
  return Number(
    sql(
      db,
      `INSERT INTO savings_account_charges (global_id, account_id, charge_id, name, time_type, calculation_type, penalty, percentage, amount,
         next_due_date, fee_interval, fee_on_month_day, payment_type_id, min_cap, max_cap, active, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(
      c.globalId,
      c.accountId,
      c.chargeId,
      c.name,
      c.timeType,
      c.calculationType,
      c.penalty ? 1 : 0,
      c.percentage,
      c.amount,
      c.nextDueDate,
      c.feeInterval,
      c.feeOnMonthDay,
      c.paymentTypeId,
      c.minCap,
      c.maxCap,
      c.createdBy,
      c.now,
    ).lastInsertRowid,
  );
}

/** Every charge of an account, oldest first. */
export function accountCharges(db: Db, accountId: number): AccountChargeRow[] {
  return sql<[number], AccountChargeRow>(db, 'SELECT * FROM savings_account_charges WHERE account_id = ? ORDER BY id').all(accountId);
}

/** The account's active charges of one time type (its withdrawal fees, its activation fees). */
export function activeChargesOfType(db: Db, accountId: number, timeType: SavingsChargeTimeType): AccountChargeRow[] {
  return sql<[number, string], AccountChargeRow>(db, 'SELECT * FROM savings_account_charges WHERE account_id = ? AND active = 1 AND time_type = ? ORDER BY id').all(
    accountId,
    timeType,
  );
}

/** A charge of the account, or NOT_FOUND naming savingsAccountChargeId. */
export function getAccountCharge(db: Db, accountId: number, id: number): AccountChargeRow {
  const r = sql<[number, number], AccountChargeRow>(db, 'SELECT * FROM savings_account_charges WHERE id = ? AND account_id = ?').get(id, accountId);
  if (!r) {
    throw new AppError('NOT_FOUND', `Savings account ${accountId} has no charge ${id}`, [
      { field: 'savingsAccountChargeId', code: 'not_found', message: 'is not a charge of this savings account' },
    ]);
  }
  return r;
}

export function setNextDueDate(db: Db, id: number, date: string | null): void {
  sql(db, 'UPDATE savings_account_charges SET next_due_date = ? WHERE id = ? AND next_due_date IS NOT ?').run(date, id, date);
}

/**
 * The active charges of ACTIVE accounts with an occurrence due before `before`, after the charge `afterId`, by id
 * (a cursor: a charge the balance could not pay stays due and is not read again by the same run). The partial
 * index savings_account_charges_due finds them; the few it finds are sorted.
 */
export function chargesDueBefore(db: Db, before: string, afterId: number, limit: number): AccountChargeRow[] {
  return sql<[string, number, number, number], AccountChargeRow>(
    db,
    `SELECT c.* FROM savings_account_charges c JOIN savings_accounts a ON a.id = c.account_id
     WHERE c.next_due_date < ? AND c.active = 1 AND c.id > ? AND a.status = ? ORDER BY c.id LIMIT ?`,
  ).all(before, afterId, SAVINGS_STATUSES.ACTIVE, limit);
}

/** How many active charges of ACTIVE accounts have an occurrence due before `before` (day-end's preview). */
export function countChargesDueBefore(db: Db, before: string): number {
  return sql<[string, number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM savings_account_charges c JOIN savings_accounts a ON a.id = c.account_id
     WHERE c.next_due_date < ? AND c.active = 1 AND a.status = ?`,
  ).get(before, SAVINGS_STATUSES.ACTIVE)!.n;
}

/** Closing an account: nothing of it falls due any more. */
export function clearNextDueDates(db: Db, accountId: number): void {
  sql(db, 'UPDATE savings_account_charges SET next_due_date = NULL WHERE account_id = ? AND next_due_date IS NOT NULL').run(accountId);
}

// ---- occurrences and their payments

const DUE_COLUMNS = `SELECT d.id, d.account_charge_id, d.due_date, d.amount,
   coalesce((SELECT sum(t.amount) FROM savings_charge_payments p JOIN savings_transactions t ON t.id = p.transaction_id
     WHERE p.charge_due_id = d.id AND t.type IN ('FEE', 'WITHDRAWAL_FEE')
       AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)), 0) AS paid,
   coalesce((SELECT sum(t.amount) FROM savings_charge_payments p JOIN savings_transactions t ON t.id = p.transaction_id
     WHERE p.charge_due_id = d.id AND t.type = 'WAIVE_CHARGE'
       AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)), 0) AS waived
 FROM savings_charge_dues d`;

/** The occurrences of a charge, by due date. */
export function duesOf(db: Db, accountChargeId: number): DueRow[] {
  return sql<[number], DueRow>(db, `${DUE_COLUMNS} WHERE d.account_charge_id = ? ORDER BY d.due_date`).all(accountChargeId);
}

/** Every occurrence of the account's charges, by charge then due date (savings.get). */
export function duesOfAccount(db: Db, accountId: number): DueRow[] {
  return sql<[number], DueRow>(
    db,
    `${DUE_COLUMNS} WHERE d.account_charge_id IN (SELECT id FROM savings_account_charges WHERE account_id = ?) ORDER BY d.account_charge_id, d.due_date`,
  ).all(accountId);
}

export function findDue(db: Db, accountChargeId: number, dueDate: string): DueRow | undefined {
  return sql<[number, string], DueRow>(db, `${DUE_COLUMNS} WHERE d.account_charge_id = ? AND d.due_date = ?`).get(accountChargeId, dueDate);
}

export function insertDue(db: Db, d: { globalId: string; accountChargeId: number; dueDate: string; amount: number; now: string }): number {
  return Number(
    sql(db, 'INSERT INTO savings_charge_dues (global_id, account_charge_id, due_date, amount, created_at) VALUES (?, ?, ?, ?, ?)').run(
      d.globalId,
      d.accountChargeId,
      d.dueDate,
      d.amount,
      d.now,
    ).lastInsertRowid,
  );
}

/** Links a FEE, WITHDRAWAL_FEE or WAIVE_CHARGE transaction to the occurrence it paid or waived. */
export function linkPayment(db: Db, transactionId: number, dueId: number): void {
  sql(db, 'INSERT INTO savings_charge_payments (transaction_id, charge_due_id) VALUES (?, ?)').run(transactionId, dueId);
}

/** The charge occurrence a transaction paid or waived, with its charge; undefined for any other transaction. */
export function dueOfTransaction(db: Db, transactionId: number): { dueId: number; accountChargeId: number } | undefined {
  return sql<[number], { dueId: number; accountChargeId: number }>(
    db,
    'SELECT d.id AS dueId, d.account_charge_id AS accountChargeId FROM savings_charge_payments p JOIN savings_charge_dues d ON d.id = p.charge_due_id WHERE p.transaction_id = ?',
  ).get(transactionId);
}

/** Transaction ids linked to a charge of the account, with their charge's name (the statement names what each fee was for). */
export function chargeNamesOfTransactions(db: Db, accountId: number): Map<number, { accountChargeId: number; name: string }> {
  return new Map(
    sql<[number], { transaction_id: number; account_charge_id: number; name: string }>(
      db,
      `SELECT p.transaction_id, c.id AS account_charge_id, c.name FROM savings_account_charges c
         JOIN savings_charge_dues d ON d.account_charge_id = c.id JOIN savings_charge_payments p ON p.charge_due_id = d.id
       WHERE c.account_id = ?`,
    )
      .all(accountId)
      .map((r) => [r.transaction_id, { accountChargeId: r.account_charge_id, name: r.name }]),
  );
}

/** The dates of the fees (not reversed) that paid an occurrence (an annual fee is paid once on a date). */
export function feeDatesOfDue(db: Db, dueId: number): string[] {
  return sql<[number], { date: string }>(
    db,
    `SELECT t.transaction_date AS date FROM savings_charge_payments p JOIN savings_transactions t ON t.id = p.transaction_id
     WHERE p.charge_due_id = ? AND t.type = 'FEE' AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)`,
  )
    .all(dueId)
    .map((r) => r.date);
}

/** A transaction of the account with whether it is reversed, or undefined. */
export function transactionOfAccount(db: Db, accountId: number, id: number): { id: number; type: string; transaction_date: string; amount: number; reversed: number } | undefined {
  return sql<[number, number], { id: number; type: string; transaction_date: string; amount: number; reversed: number }>(
    db,
    `SELECT t.id, t.type, t.transaction_date, t.amount, EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) AS reversed
     FROM savings_transactions t WHERE t.id = ? AND t.account_id = ?`,
  ).get(id, accountId);
}
