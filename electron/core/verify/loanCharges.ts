import type { Db } from '../db/connection';
import type { Scope } from './kept';

/**
 * Each installment's charges against its loan's charges (services/charges/README.md "Loan charges"): an
 * installment's fee_due is the sum of its loan_charge_installments rows of active fee charges, its penalty_due of
 * active penalties; and no active charge puts anything on an installment the loan does not have. A fee edited on
 * an installment, or a charge row edited or dropped, differs from the other. `loans`: the loans to check (a JSON
 * array), or null for all.
 */
export function loanChargesFault(db: Db, loans: Scope): string | null {
  const only = (col: string) => (loans === null ? '' : `AND ${col} IN (SELECT value FROM json_each(@loans))`);
  const params = loans === null ? {} : { loans };
  const bad = db
    .prepare(
      `WITH ch AS (SELECT lc.loan_id, ci.installment_number AS n,
                          sum(CASE WHEN lc.penalty = 0 THEN ci.amount ELSE 0 END) AS fee,
                          sum(CASE WHEN lc.penalty = 1 THEN ci.amount ELSE 0 END) AS penalty
                   FROM loan_charges lc JOIN loan_charge_installments ci ON ci.loan_charge_id = lc.id
                   WHERE lc.active = 1 ${only('lc.loan_id')} GROUP BY 1, 2)
       SELECT l.account_no, i.installment_number AS n, i.fee_due, i.penalty_due, coalesce(ch.fee, 0) AS fee, coalesce(ch.penalty, 0) AS penalty
       FROM loan_installments i JOIN loans l ON l.id = i.loan_id
         LEFT JOIN ch ON ch.loan_id = i.loan_id AND ch.n = i.installment_number
       WHERE (i.fee_due <> coalesce(ch.fee, 0) OR i.penalty_due <> coalesce(ch.penalty, 0)) ${only('i.loan_id')}
       ORDER BY i.loan_id, i.installment_number LIMIT 1`,
    )
    .get(params) as { account_no: string; n: number; fee_due: number; penalty_due: number; fee: number; penalty: number } | undefined;
  if (bad) {
    const [what, has, sum] = bad.fee_due !== bad.fee ? ['fee', bad.fee_due, bad.fee] : ['penalty', bad.penalty_due, bad.penalty];
    return `charges: loan ${bad.account_no} installment ${bad.n} has ${what} due ${has}, its charges put ${sum} on it`;
  }
  const stray = db
    .prepare(
      `SELECT l.account_no, lc.id, ci.installment_number AS n
       FROM loan_charges lc JOIN loan_charge_installments ci ON ci.loan_charge_id = lc.id JOIN loans l ON l.id = lc.loan_id
       WHERE lc.active = 1 AND ci.amount <> 0 ${only('lc.loan_id')}
         AND NOT EXISTS (SELECT 1 FROM loan_installments i WHERE i.loan_id = lc.loan_id AND i.installment_number = ci.installment_number)
       ORDER BY lc.id LIMIT 1`,
    )
    .get(params) as { account_no: string; id: number; n: number } | undefined;
  return stray ? `charges: loan ${stray.account_no} charge ${stray.id} is on installment ${stray.n}, which the loan does not have` : null;
}
