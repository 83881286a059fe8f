import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { penaltyKey } from '../../domain/loans';
import type { LoanRow } from '../loans/repository';

/** All the SQL of the penalty run: the loans it looks at, the penalties they already carry, the charges' caps. */

/**
 * A loan's terms hold an overdue-installment charge (the copy of the catalogue charge it was submitted with): the
 * time type by Fineract's name, or its code 9 as written by an import.
 */
const HAS_OVERDUE_CHARGE = `EXISTS (SELECT 1 FROM json_each(l.terms_json, '$.charges') c
  WHERE json_extract(c.value, '$.chargeTimeType') IN ('OVERDUE_INSTALLMENT', 9))`;

/**
 * Active loans with an overdue-installment charge, ids after `afterId`, in id order. With `lastDue` (the day closed
 * less the wait period, when that day is the business date), only those with something unpaid due on or before it:
 * the others have no installment to penalise. A past day's run looks at every one: a loan paid up since may have owed
 * then.
 */
export function penaltyCandidates(db: Db, lastDue: string | null, afterId: number, limit: number): LoanRow[] {
  return sql<[string | null, string | null, number, number], LoanRow>(
    db,
    `SELECT l.* FROM loans l WHERE l.status = 300 AND (? IS NULL OR l.oldest_unpaid_due <= ?) AND l.id > ? AND ${HAS_OVERDUE_CHARGE}
     ORDER BY l.id LIMIT ?`,
  ).all(lastDue, lastDue, afterId, limit);
}

export function countPenaltyCandidates(db: Db, lastDue: string | null): number {
  return sql<[string | null, string | null], { n: number }>(
    db,
    `SELECT count(*) AS n FROM loans l WHERE l.status = 300 AND (? IS NULL OR l.oldest_unpaid_due <= ?) AND ${HAS_OVERDUE_CHARGE}`,
  ).get(lastDue, lastDue)!.n;
}

/** The overdue penalties a loan already carries (active ones), as penaltyKey(charge, installment penalised, date). */
export function appliedPenalties(db: Db, loanId: number): Set<string> {
  const rows = sql<[number], { charge_id: number | null; installment_number: number | null; due_date: string | null }>(
    db,
    `SELECT charge_id, installment_number, due_date FROM loan_charges
     WHERE loan_id = ? AND time_type = 'OVERDUE_INSTALLMENT' AND active = 1`,
  ).all(loanId);
  return new Set(rows.map((r) => penaltyKey(r.charge_id ?? 0, r.installment_number ?? 0, r.due_date ?? '')));
}

/** Whether this penalty is on the loan already (the index loan_charges_penalty_once would refuse it). */
export function penaltyApplied(db: Db, loanId: number, chargeId: number, installmentNumber: number, dueDate: string): boolean {
  return (
    sql<[number, number, number, string], { one: number }>(
      db,
      `SELECT 1 AS one FROM loan_charges WHERE loan_id = ? AND charge_id = ? AND installment_number = ? AND due_date = ?
         AND time_type = 'OVERDUE_INSTALLMENT' AND active = 1`,
    ).get(loanId, chargeId, installmentNumber, dueDate) !== undefined
  );
}

/** The catalogue's caps of a charge, in minor units (null: none; an unknown charge has none). */
export function chargeCaps(db: Db, chargeId: number): { minCap: number | null; maxCap: number | null } {
  const r = sql<[number], { min_cap: number | null; max_cap: number | null }>(db, 'SELECT min_cap, max_cap FROM charges WHERE id = ?').get(chargeId);
  return { minCap: r?.min_cap ?? null, maxCap: r?.max_cap ?? null };
}

/** Ids of a loan's transactions dated after `date` (left out to see the loan as it stood on that date). */
export function transactionsAfter(db: Db, loanId: number, date: string): Set<number> {
  return new Set(sql<[number, string], { id: number }>(db, 'SELECT id FROM loan_transactions WHERE loan_id = ? AND transaction_date > ?').all(loanId, date).map((r) => r.id));
}

/** The overdue-installment penalties on a loan (active), newest first. */
export function penaltiesOnLoan(db: Db, loanId: number): { id: number; name: string; installment_number: number; due_date: string; amount: number }[] {
  return sql<[number], { id: number; name: string; installment_number: number; due_date: string; amount: number }>(
    db,
    `SELECT id, name, installment_number, due_date, amount FROM loan_charges
     WHERE loan_id = ? AND time_type = 'OVERDUE_INSTALLMENT' AND active = 1 ORDER BY due_date DESC, id DESC`,
  ).all(loanId);
}
