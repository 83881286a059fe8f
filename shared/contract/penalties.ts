import { z } from 'zod';
import { op } from './operation';
import { id, isoDate } from './fields';

/**
 * Overdue-installment penalties (issue 15), as Fineract's close of business applies them: day-end's penalty step
 * applies them for each day it closes; a branch manager may run the same for a date (a day closed before the charge
 * was set up, a catch-up). Penalties already on a loan are never applied again.
 */
export interface OverduePenaltyRun {
  asOf: string;
  /** penalties applied by this run */
  penalties: number;
  /** loans that received at least one */
  loans: number;
}

/** One overdue penalty on a loan: the installment it penalises and the date it fell on. */
export interface AppliedPenalty {
  loanChargeId: number;
  name: string;
  /** the installment penalised */
  installmentNumber: number;
  /** the date the penalty fell on */
  dueDate: string;
  amount: string;
}

/** What a loan owes overdue on the business date, split as Fineract's arrears are, and the penalties applied to it. */
export interface LoanOverdueView {
  loanId: number;
  asOf: string;
  /** what installments due before asOf still owe, per component */
  principalOverdue: string;
  interestOverdue: string;
  feeChargesOverdue: string;
  penaltyChargesOverdue: string;
  totalOverdue: string;
  daysInArrears: number;
  /** every penalty still owed, those on installments not yet due included */
  penaltyChargesOutstanding: string;
  /** the overdue-installment penalties applied, newest first */
  penaltiesApplied: AppliedPenalty[];
}

export const penaltyOperations = {
  /** The teller's view of a late loan: the overdue split and the penalties applied. */
  'loans.overdue': op<LoanOverdueView>()({ kind: 'query', access: 'loans.read', input: z.strictObject({ loanId: id }) }),
  /** The penalties Fineract would have applied by the close of `asOf` (not after the business date). */
  'loans.applyOverduePenalties': op<OverduePenaltyRun>()({
    kind: 'job',
    access: 'loans.applyPenalties',
    input: z.strictObject({ asOf: isoDate }),
  }),
} as const;
