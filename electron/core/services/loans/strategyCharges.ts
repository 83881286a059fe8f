import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import type { RepaymentStrategyCode } from '../../domain/loans';
import type { LoanChargeDue } from '../../domain/loans/strategies';

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
