import type { LoanOverdueView, OverduePenaltyRun } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { Registry } from '../../dispatch/registry';
import { positionFromUnpaid } from '../../domain/loans';
import { getLoanRow, termsOf, unpaidOf } from '../loans/repository';
import { penaltiesOnLoan } from './repository';
import { penaltyChunk, penaltyRules } from './run';

/**
 * `loans.applyOverduePenalties {"asOf"}`: a branch manager runs the penalty step of day-end for a date up to the
 * business date (a day closed before the charge was set up, a catch-up): the penalties Fineract would have applied
 * by the close of that date, in chunks of loans (each one command), nothing applied twice.
 */
export { applyLoanPenalties, applyOverduePenalty, countPenaltiesDue, penaltyChunk, penaltyLoansToLookAt, penaltyRules, setPenaltyRules } from './run';

/**
 * A loan's overdue figures on `asOf` from what it keeps of its unpaid installments (the figures loans.list and the
 * arrears snapshot give), and the penalties applied to it.
 */
export function loanOverdue(db: Db, loanId: number, asOf: string): LoanOverdueView {
  const loan = getLoanRow(db, loanId);
  const f = (n: number) => formatMoney(n, termsOf(loan).currency.decimalPlaces);
  const unpaid = unpaidOf(loan.unpaid_json);
  const pos = positionFromUnpaid(unpaid, asOf);
  return {
    loanId,
    asOf,
    principalOverdue: f(pos.overdue.principal),
    interestOverdue: f(pos.overdue.interest),
    feeChargesOverdue: f(pos.overdue.fee),
    penaltyChargesOverdue: f(pos.overdue.penalty),
    totalOverdue: f(pos.overdue.total),
    daysInArrears: loan.status === 300 ? pos.daysInArrears : 0,
    penaltyChargesOutstanding: f(unpaid.reduce((s, u) => s + u.penalty, 0)),
    penaltiesApplied: penaltiesOnLoan(db, loanId).map((p) => ({
      loanChargeId: p.id,
      name: p.name,
      installmentNumber: p.installment_number,
      dueDate: p.due_date,
      amount: f(p.amount),
    })),
  };
}

export function registerOverduePenalties(registry: Registry): void {
  registry.register('loans.overdue', (ctx, input) => loanOverdue(ctx.db, input.loanId, ctx.businessDate()));

  registry.register('loans.applyOverduePenalties', async (ctx, input): Promise<OverduePenaltyRun> => {
    const businessDate = ctx.businessDate();
    if (input.asOf > businessDate) {
      throw new AppError('VALIDATION_FAILED', `asOf ${input.asOf} is after the business date ${businessDate}: penalties fall on days that have come`, [
        { field: 'asOf', code: 'after_business_date', message: `cannot be after the business date ${businessDate}` },
      ]);
    }
    const rules = penaltyRules(ctx.db);
    let cursor = 0;
    let penalties = 0;
    let loans = 0;
    for (;;) {
      const r = await ctx.chunk({ asOf: input.asOf, cursor }, (c) => penaltyChunk(c, input.asOf, cursor, rules));
      penalties += r.penalties;
      loans += r.loans;
      cursor = r.cursor;
      if (r.finished) break;
    }
    return { asOf: input.asOf, penalties, loans };
  });
}
