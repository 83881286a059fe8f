import { AppError } from '../../../../shared/errors';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { checkManagerApproval, type ManagerApproval } from '../../security/approval';
import { transactionOf } from './posting';
import { getLoanRow } from './repository';

/**
 * A teller puts right a repayment they just posted (issue 19 point 15): loans.undoRepayment undoes a REPAYMENT the
 * caller posted themselves on the business date, with a branch manager's approval typed on the same PC (four eyes,
 * ARCHITECTURE.md section 8), as a savings correction by a teller needs for what is not theirs. A user who may adjust
 * loans (loans.adjust) needs no approval. The undo itself is loans.adjustTransaction's with amount 0: the
 * reverse-replay, the cash back out through the caller's till. Anything older, or another user's, is the manager's
 * loans.adjustTransaction.
 */
export function checkOwnRepaymentUndo(ctx: HandlerContext, input: { loanId: number; transactionId: number; approval?: ManagerApproval | undefined }): void {
  const actor = actorOf(ctx);
  const row = transactionOf(ctx.db, getLoanRow(ctx.db, input.loanId), input.transactionId);
  const refuse = (code: string, message: string) => new AppError('INVALID_STATE', message, [{ field: 'transactionId', code, message }]);
  if (row.type !== 'REPAYMENT') throw refuse('not_a_repayment', 'Only a repayment is undone here: ask the branch manager for anything else');
  if (row.reversed) throw refuse('already_reversed', 'This repayment is already undone');
  if (row.created_by !== actor.userId) throw refuse('not_yours', 'You can undo only a repayment you posted yourself: ask the branch manager');
  if (row.transaction_date !== ctx.businessDate()) throw refuse('not_today', 'You can undo only a repayment of today: ask the branch manager');
  if (actor.permissions.includes('loans.adjust')) return;
  if (!input.approval) {
    throw new AppError('APPROVAL_REQUIRED', 'A branch manager must approve undoing this repayment', [
      { field: 'approval', code: 'required', message: 'a branch manager must approve undoing a repayment' },
    ], { reason: 'undoRepayment' });
  }
  checkManagerApproval(ctx, input.approval, 'loanCorrection');
}
