import type { Output, ParsedInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../../shared/money';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { checkBalanceHistory, type SavingsTransaction } from '../../domain/savings';
import { checkManagerApproval, type ManagerApproval } from '../../security/approval';
import { assertPeriodOpen, liveEntryAccountsOf, reverseEntriesOf, type ReversalPosting } from '../ledger';
import { getOrganisation } from '../organisation';
import { cashAccount, isTillAccount, postMoneyMovement, type CashUse } from '../tills';
import { settleNextDue } from './charges';
import { repostInterestAfter } from './interest';
import { accountTerms } from './products';
import {
  balanceOf,
  dueOfTransaction,
  feesOfWithdrawal,
  getAccount,
  getAccountCharge,
  live,
  readTransactions,
  recomputeFromActivation,
  requireStatus,
  transactionOfAccount,
  usernameOf,
  type AccountRow,
  type CorrectableRow,
} from './repository';
import { deposit, recordTransaction, withdraw } from './transactions';
import { transferOfTransaction, undoTransfer } from './transfers';

/**
 * Corrections of a savings account (DOMAIN.md "Savings (Fineract)"), as Fineract's
 * SavingsAccountWritePlatformServiceJpaRepositoryImpl.undoTransaction and adjustSavingsTransaction:
 *
 * - `savings.undoTransaction`: a deposit, a withdrawal (with the withdrawal fees it took, as Fineract undoes the fee
 *   after the withdrawal), a fee or a waiver (the charge owes again what it paid or waived), an interest posting.
 *   A REVERSAL row points at what it undoes (the row stays, marked); its journal entry is reversed; cash goes back
 *   through the till of whoever corrects.
 * - `savings.adjustTransaction`: a deposit or a withdrawal only (Fineract refuses the others), undone and posted
 *   again with the new amount (and date, when given), its withdrawal fees taken again as Fineract's withdraw does.
 *
 * Then every interest posting after the corrected date is computed again from the corrected balances (reversed and
 * posted again where it differs: interest.ts repostInterestAfter); the undo of an interest posting itself posts
 * nothing again (Fineract calculates without posting: the next day-end posts the period again). The whole
 * correction is refused, nothing written, when a later running balance would go below the account's floor.
 *
 * Who may correct: a branch manager (savings.waive); a teller their own deposit or withdrawal of the business day;
 * anything else a teller corrects needs a branch manager's approval typed on the same PC (`approval`).
 */

const UNDOABLE = new Set(['DEPOSIT', 'WITHDRAWAL', 'WITHDRAWAL_FEE', 'FEE', 'WAIVE_CHARGE', 'INTEREST_POSTING', 'OVERDRAFT_INTEREST']);
/** Debits the branch takes by itself may go below the floor (Fineract's canOverriteSavingAccountRules); the others are checked. */
const TAKEN_BY_THE_BRANCH = new Set(['FEE', 'WITHDRAWAL_FEE', 'OVERDRAFT_INTEREST']);

const refusal = (code: 'VALIDATION_FAILED' | 'INVALID_STATE', reason: string, message: string) =>
  new AppError(code, message, [{ field: 'transactionId', code: reason, message }]);

/** The transaction to correct: of this account, not undone, of a kind that can be. */
function correctable(ctx: HandlerContext, a: AccountRow, transactionId: number): CorrectableRow {
  const t = transactionOfAccount(ctx.db, a.id, transactionId);
  if (!t) throw refusal('VALIDATION_FAILED', 'not_found', 'is not a transaction of this savings account');
  if (t.reversed) throw refusal('INVALID_STATE', 'already_undone', 'The transaction is already undone');
  if (!UNDOABLE.has(t.type)) throw refusal('VALIDATION_FAILED', 'not_undoable', `A ${t.type.toLowerCase().replace(/_/g, ' ')} cannot be undone`);
  // a transfer to a loan wrote the withdrawal with the loan's entry, none of its own: undoing one leg alone would
  // leave the loan paid by money that is back in the account
  if ((t.type === 'WITHDRAWAL' || t.type === 'DEPOSIT') && liveEntryAccountsOf(ctx.db, 'savings_transaction', t.id).length === 0) {
    throw refusal('INVALID_STATE', 'loan_transfer', 'This moved money to a loan: undo the loan repayment instead');
  }
  assertPeriodOpen(ctx.db, t.transaction_date, 'transactionId');
  return t;
}

/**
 * Whether the signed-in user may correct `t` on their own; else the approving branch manager's name (their
 * password checked), or APPROVAL_REQUIRED.
 */
function approverOf(ctx: HandlerContext, t: CorrectableRow, approval: ManagerApproval | undefined): string | null {
  const actor = actorOf(ctx);
  if (actor.permissions.includes('savings.waive')) return null;
  const ownOfTheDay = (t.type === 'DEPOSIT' || t.type === 'WITHDRAWAL') && t.created_by === actor.userId && t.transaction_date === ctx.businessDate();
  if (ownOfTheDay) return null;
  if (!approval) {
    throw new AppError('APPROVAL_REQUIRED', 'A branch manager must approve this correction', [
      { field: 'approval', code: 'required', message: 'a branch manager must approve correcting a transaction that is not your own of today' },
    ], { reason: 'correction' });
  }
  return usernameOf(ctx.db, checkManagerApproval(ctx, approval, 'savingsCorrection'));
}

/**
 * Undoes one transaction: its REVERSAL row and its journal entry reversed; a payment through a till moves the cash
 * back through the corrector's till (CashUse UNDO).
 */
function undoOne(ctx: HandlerContext, a: AccountRow, t: CorrectableRow, note: string, approval: ManagerApproval | undefined): void {
  recordTransaction(ctx, a.id, { type: 'REVERSAL', date: t.transaction_date, amount: t.amount, reversesId: t.id, note });
  let how: ReversalPosting = {};
  const till = liveEntryAccountsOf(ctx.db, 'savings_transaction', t.id).find((id) => isTillAccount(ctx.db, id));
  if (till !== undefined) {
    const use: CashUse = {
      kind: 'UNDO',
      amount: t.type === 'DEPOSIT' ? -t.amount : t.amount,
      reference: a.account_no,
      description: `Undo of ${t.type.toLowerCase()} ${a.account_no}`,
      field: 'transactionId',
      approval,
    };
    const mine = cashAccount(ctx, { is_cash: 1, gl_account_id: till }, 'transactionId');
    how = { moveTo: new Map([[till, mine]]), post: (c, entry) => postMoneyMovement(c, entry, use) };
  }
  // a waiver posted no entry
  reverseEntriesOf(ctx, 'savings_transaction', t.id, how);
  const link = dueOfTransaction(ctx.db, t.id);
  if (link) settleNextDue(ctx, getAccountCharge(ctx.db, a.id, link.accountChargeId));
}

/** Undoes `t` and what goes with it (a withdrawal's fees). */
function undoWithItsFees(ctx: HandlerContext, a: AccountRow, t: CorrectableRow, note: string, approval: ManagerApproval | undefined): number[] {
  const fees = t.type === 'WITHDRAWAL' ? feesOfWithdrawal(ctx.db, a.id, t) : [];
  undoOne(ctx, a, t, note, approval);
  for (const f of fees) undoOne(ctx, a, f, note, approval);
  return [t.id, ...fees.map((f) => f.id)];
}

/**
 * The account after a correction from `from` on: interest posted again where it changed, then every debit's running
 * balance checked against the floor (INSUFFICIENT_FUNDS naming `field`: the command rolls back, nothing written).
 */
function settleAfter(ctx: HandlerContext, a: AccountRow, from: string, field: string, repost: boolean): void {
  if (repost) repostInterestAfter(ctx, a.id, from);
  const history: SavingsTransaction[] = live(readTransactions(ctx.db, a.id));
  const broken = checkBalanceHistory(history, accountTerms(ctx.db, a), { unchecked: (t) => TAKEN_BY_THE_BRANCH.has(t.type) });
  if (broken) {
    const message = broken.fields?.[0]?.message ?? broken.message;
    const params = { date: String(broken.details?.date ?? ''), balance: String(broken.details?.balance ?? '') };
    throw new AppError('INSUFFICIENT_FUNDS', `This correction cannot be made: ${message}`, [{ field, code: 'below_floor_later', message, params }], broken.details);
  }
}

function noteOf(what: string, approver: string | null, reason: string | null | undefined): string {
  return `${what}${approver ? ` (approved by ${approver})` : ''}${reason ? `: ${reason}` : ''}`;
}

/**
 * A leg of a transfer between savings accounts is undone with the whole transfer (transfers.ts undoTransfer: both
 * legs and the fee it took), then the interest of both accounts computed again.
 */
function undoWholeTransfer(ctx: HandlerContext, a: AccountRow, transfer: { id: number; fromTransactionId: number; toTransactionId: number }, input: ParsedInput<'savings.undoTransaction'>): Output<'savings.undoTransaction'> {
  const t = transactionOfAccount(ctx.db, a.id, input.transactionId)!;
  if (t.reversed) throw refusal('INVALID_STATE', 'already_undone', 'The transaction is already undone');
  const approver = approverOf(ctx, t, input.approval);
  const done = undoTransfer(ctx, transfer.id, noteOf('Transfer undone', approver, input.note));
  for (const id of [done.fromSavingsId, done.toSavingsId]) settleAfter(ctx, getAccount(ctx.db, id), t.transaction_date, 'transactionId', true);
  return {
    savingsId: a.id,
    transactionId: t.id,
    undone: [transfer.fromTransactionId, transfer.toTransactionId],
    accountBalance: formatMoney(balanceOf(ctx.db, a.id), getOrganisation(ctx.db).currency.decimalPlaces),
  };
}

export function undoSavingsTransaction(ctx: HandlerContext, input: ParsedInput<'savings.undoTransaction'>): Output<'savings.undoTransaction'> {
  const a = getAccount(ctx.db, input.savingsId);
  requireStatus(a, ['ACTIVE'], 'adjusted');
  const transfer = transferOfTransaction(ctx.db, input.transactionId);
  if (transfer && transactionOfAccount(ctx.db, a.id, input.transactionId)) return undoWholeTransfer(ctx, a, transfer, input);
  const t = correctable(ctx, a, input.transactionId);
  const approver = approverOf(ctx, t, input.approval);
  const undone = undoWithItsFees(ctx, a, t, noteOf('Undone', approver, input.note), input.approval);
  const interest = t.type === 'INTEREST_POSTING' || t.type === 'OVERDRAFT_INTEREST';
  // an undone posting is not posted again now: the account is computed from activation by the next run (the next
  // day-end), which posts the period again, as Fineract's next posting job does
  if (interest) recomputeFromActivation(ctx.db, a.id);
  settleAfter(ctx, a, t.transaction_date, 'transactionId', !interest);
  return {
    savingsId: a.id,
    transactionId: t.id,
    undone,
    accountBalance: formatMoney(balanceOf(ctx.db, a.id), getOrganisation(ctx.db).currency.decimalPlaces),
  };
}

export function adjustSavingsTransaction(ctx: HandlerContext, input: ParsedInput<'savings.adjustTransaction'>): Output<'savings.adjustTransaction'> {
  const a = getAccount(ctx.db, input.savingsId);
  requireStatus(a, ['ACTIVE'], 'adjusted');
  // Fineract: "update not allowed as it involves in account transfer"
  if (transferOfTransaction(ctx.db, input.transactionId) && transactionOfAccount(ctx.db, a.id, input.transactionId)) throw refusal('VALIDATION_FAILED', 'transfer_not_adjustable', 'A transfer cannot be changed: undo it and transfer again');
  const t = correctable(ctx, a, input.transactionId);
  if (t.type !== 'DEPOSIT' && t.type !== 'WITHDRAWAL') {
    throw refusal('VALIDATION_FAILED', 'not_adjustable', 'Only a deposit or a withdrawal can be changed: undo it instead');
  }
  const approver = approverOf(ctx, t, input.approval);
  const dp = getOrganisation(ctx.db).currency.decimalPlaces;
  const note = noteOf(`Changed to ${formatMoney(parseMoneyField(input.transactionAmount, dp, 'transactionAmount'), dp)}`, approver, input.note);
  const date = input.transactionDate ?? t.transaction_date;
  const again = { savingsId: a.id, transactionDate: date, transactionAmount: input.transactionAmount, paymentTypeId: t.payment_type_id ?? undefined, approval: input.approval, note: noteOf(`In place of #${t.id}`, approver, input.note) };
  const undone = undoWithItsFees(ctx, a, t, note, input.approval);
  const made = t.type === 'DEPOSIT' ? deposit(ctx, again) : withdraw(ctx, again);
  settleAfter(ctx, a, date < t.transaction_date ? date : t.transaction_date, 'transactionAmount', true);
  return { ...made, accountBalance: formatMoney(balanceOf(ctx.db, a.id), getOrganisation(ctx.db).currency.decimalPlaces), undone };
}
