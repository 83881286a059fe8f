import { isIsoDate } from '../../../../shared/dates';
import { invalidField } from '../../../../shared/errors';
import type { Minor } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { positionFromUnpaid, type AgingBucket, type ComponentAmounts } from '../../domain/loans';
import { activePortfolio, loansInArrearsRows, unpaidOf } from './repository';

/** One active loan in arrears on the sweep's date (DOMAIN.md "Repayments, arrears, closure"). */
export interface LoanArrears {
  loanId: number;
  accountNo: string;
  clientId: number;
  loanOfficerId: number | null;
  principalOutstanding: Minor;
  totalOutstanding: Minor;
  /** what installments due before the date still owe, per component (Fineract's principal/interest/fee/penalty overdue) */
  overdue: ComponentAmounts;
  /** the due date of the oldest installment still unpaid after it (Fineract's overdueSinceDate) */
  overdueSince: string;
  /** days from overdueSince to the date */
  daysInArrears: number;
  agingBucket: AgingBucket;
}

export interface ArrearsSweep {
  asOf: string;
  /** the active loans with anything overdue on asOf, oldest arrears first */
  loans: LoanArrears[];
  /** every active loan, in arrears or not: the denominators of portfolio at risk */
  portfolio: { activeLoans: number; principalOutstanding: Minor; totalOutstanding: Minor };
}

/**
 * The arrears of every active loan on `asOf`, for day-end (marking arrears and aging, overdue penalties) and the
 * reports (portfolio at risk, aging buckets, arrears by officer). It reads only what the loans keep (their
 * outstanding and unpaid installments, kept as installments are written), from the index on the oldest unpaid due
 * date: no installment is read and no loan replayed, so the cost follows the loans in arrears, not the branch. An
 * active loan missing from `loans` owes nothing overdue on that date. Each figure equals `loanPosition` of the
 * loan's installments on the same date.
 */
export function arrearsSweep(db: Db, asOf: string): ArrearsSweep {
  if (!isIsoDate(asOf)) throw invalidField('asOf', 'must be a real date written YYYY-MM-DD');
  const loans: LoanArrears[] = [];
  for (const r of loansInArrearsRows(db, asOf)) {
    const pos = positionFromUnpaid(unpaidOf(r.unpaid_json), asOf);
    loans.push({
      loanId: r.id,
      accountNo: r.account_no,
      clientId: r.client_id,
      loanOfficerId: r.loan_officer_id,
      principalOutstanding: r.principal_outstanding as Minor,
      totalOutstanding: r.total_outstanding as Minor,
      overdue: pos.overdue,
      overdueSince: pos.oldestOverdueDueDate!,
      daysInArrears: pos.daysInArrears,
      agingBucket: pos.agingBucket,
    });
  }
  const p = activePortfolio(db);
  return {
    asOf,
    loans,
    portfolio: { activeLoans: p.loans, principalOutstanding: p.principal_outstanding as Minor, totalOutstanding: p.total_outstanding as Minor },
  };
}
