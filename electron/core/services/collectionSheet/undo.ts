import type { Output, ParsedInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { adjustTransaction } from '../loans';
import { getTransaction } from '../loans/repository';
import { newGlobalId } from '../organisation';
import { undoSavingsTransaction } from '../savings/corrections';
import { cashAccount } from '../tills';
import { insertUndo, itemsOf, liveReplacementOf, postedSheet, restoreAttendance, savingsAccountOfTransaction } from './repository';

/**
 * `collectionSheet.undo`: a posted sheet undone as a whole by a branch manager with an open till, the business day
 * it was posted: every repayment undone by loans.adjustTransaction with amount 0 (the reverse-replay), every deposit
 * by savings.undoTransaction, the cash back out through the undoing manager's till, the attendance put back as it was
 * before the post; the sheet can then be entered and posted again. After day-end the sheet is history: corrections
 * are per transaction (Fineract has no undo of a collection sheet at all).
 */
export function undoSheet(ctx: HandlerContext, input: ParsedInput<'collectionSheet.undo'>): Output<'collectionSheet.undo'> {
  const db = ctx.db;
  const sheet = postedSheet(db, input.sheetId);
  if (!sheet) throw new AppError('NOT_FOUND', `There is no posted collection sheet ${input.sheetId}`, [{ field: 'sheetId', code: 'not_found', message: 'no such posted sheet' }]);
  if (sheet.undone) throw new AppError('INVALID_STATE', `Collection sheet ${sheet.id} is already undone`, [{ field: 'sheetId', code: 'already_undone', message: 'is already undone' }]);
  if (sheet.business_date !== ctx.businessDate()) {
    const message = `Collection sheet ${sheet.id} was posted on business day ${sheet.business_date}, closed since: after day-end a sheet is corrected per transaction (loans.adjustTransaction, savings.undoTransaction)`;
    throw new AppError('INVALID_STATE', message, [{ field: 'sheetId', code: 'day_closed', message: `was posted on ${sheet.business_date}: correct its transactions one by one` }], { businessDate: sheet.business_date });
  }
  // the undoing manager's open till, whatever the sheet's payment type (the cash of a cash sheet goes back out of it)
  cashAccount(ctx, { is_cash: 1, gl_account_id: 0 }, 'sheetId');
  const note = `Collection sheet ${sheet.id} undone${input.note ? `: ${input.note}` : ''}`;
  const loanTransactions: number[] = [];
  const savingsTransactions: number[] = [];
  for (const item of itemsOf(db, sheet.id)) {
    if (item.kind === 'LOAN_REPAYMENT') {
      // a later change of the loan may have replayed the repayment into a new row: undo the live one
      const transactionId = liveReplacementOf(db, item.loan_transaction_id!);
      const loanId = getTransaction(db, transactionId)!.loan_id;
      adjustTransaction(ctx, { loanId, transactionId, transactionAmount: '0', note });
      loanTransactions.push(transactionId);
    } else if (item.kind === 'SAVINGS_DEPOSIT') {
      const savingsId = savingsAccountOfTransaction(db, item.savings_transaction_id!);
      undoSavingsTransaction(ctx, { savingsId, transactionId: item.savings_transaction_id!, note });
      savingsTransactions.push(item.savings_transaction_id!);
    } else {
      restoreAttendance(db, sheet.calendar_id, sheet.meeting_date, item.client_id, item.previous_attendance_type);
    }
  }
  insertUndo(db, { sheetId: sheet.id, globalId: newGlobalId(db, 'collectionsheetundo'), undoneBy: actorOf(ctx).userId, undoneAt: ctx.clock.now().toISOString(), businessDate: ctx.businessDate(), note: input.note ?? null });
  ctx.touched('collection_sheet', sheet.id);
  return { sheetId: sheet.id, loanTransactions, savingsTransactions };
}
