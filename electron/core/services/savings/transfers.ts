import type { ParsedInput, SavingsTransferResult } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { checkBalanceLimit, formatMoney, parseMoneyField } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { checkBalanceHistory } from '../../domain/savings';
import { notBefore } from '../common/dates';
import { assertPeriodOpen, postJournalEntry, reverseEntriesOf } from '../ledger';
import { getOrganisation, newGlobalId } from '../organisation';
import { settleNextDue, takeWithdrawalFees, withdrawalFees } from './charges';
import { accountTerms } from './products';
import {
  balanceOf,
  dueOfTransaction,
  findTransfer,
  getAccount,
  getAccountCharge,
  insertTransfer,
  linkTransferFee,
  live,
  liveTransferFees,
  mappingOf,
  productInputOf,
  readTransactions,
  statusOf,
  transactionOfAccount,
  transferOfLeg,
  type AccountRow,
} from './repository';
import { checkDebit, moneyDate, recordTransaction } from './transactions';
import { assertNotBlocked } from './dormancy';

/**
 * Transfers between savings accounts (savings.transfer), as Fineract's account transfer from savings to savings
 * (AccountTransfersWritePlatformServiceImpl.create: SavingsAccountDomainService.handleWithdrawal on the source, then
 * handleDeposit on the destination, the same date and amount, linked by an AccountTransferDetails row): here a
 * WITHDRAWAL of the source and a DEPOSIT of the destination, ordinary transactions of each account (so interest
 * computes on them as on any other, and a backdated one is re-posted by the next posting run), linked by a
 * savings_transfers row (migration 0017), in one command with one journal entry: Dr the source product's savings
 * control (the overdraft portfolio for a part taken below zero), Cr the destination product's savings control. No
 * cash moves, no till, no receipt.
 *
 * Withdrawal fee, as Fineract applies it to a transfer: the transfer's withdrawal is made with
 * SavingsTransactionBooleanValues.isApplyWithdrawFee = fromSavingsAccount.isWithdrawalFeeApplicableForTransfer()
 * (the account's withdrawalFeeForTransfers, copied from its product, false by default), and SavingsAccount.withdraw
 * pays the withdrawal-fee charges (payWithdrawalFee) only when that flag is set. A transfer has no payment detail,
 * so a fee tied to a payment type (enablePaymentType) is not taken (Fineract's AccountTransferWithdrawalFeeTest:
 * 30,000 - 15,000 transferred - 100 fee = 14,900; with the fee tied to a payment type, 15,000). Each fee is its own
 * WITHDRAWAL_FEE transaction with its own entry (Dr savings control, Cr fee income), before the withdrawal, as a
 * withdrawal's (savings/charges.ts), and is recorded in savings_transfer_fees so that undoing the transfer
 * reverses it.
 *
 * Refused whole (the command rolls back: nothing written) when the source cannot pay the amount and its fees: the
 * checks of a withdrawal (checkDebit: lock-in, floor or overdraft limit, and for a backdated transfer every later
 * running balance); between accounts of different currencies (Fineract's DifferentCurrenciesException); from or to
 * an account that is not ACTIVE; to the same account.
 */

/** An account by id, NOT_FOUND naming `field` (fromSavingsId, toSavingsId). */
function accountNamed(db: Db, id: number, field: string): AccountRow {
  try {
    return getAccount(db, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', e.message, [{ field, code: 'not_found', message: 'no such savings account' }]);
    throw e;
  }
}

function requireActive(a: AccountRow, field: string): void {
  const status = statusOf(a);
  if (status !== 'ACTIVE') {
    throw new AppError('INVALID_STATE', `Savings account ${a.account_no} is ${status}: money cannot be transferred ${field === 'fromSavingsId' ? 'from' : 'to'} it`, [
      { field, code: 'not_active', message: `is ${status}, not ACTIVE` },
    ], { status });
  }
}

/** The statement notes of the two legs say where the money went and came from, whatever the teller adds. */
const legNote = (what: string, other: AccountRow, note: string | null | undefined) => `${what} ${other.account_no}${note ? `: ${note}` : ''}`;

export function transferBetweenSavings(ctx: HandlerContext, input: ParsedInput<'savings.transfer'>): SavingsTransferResult {
  const db = ctx.db;
  if (input.fromSavingsId === input.toSavingsId) {
    throw new AppError('VALIDATION_FAILED', 'A transfer goes to another account', [{ field: 'toSavingsId', code: 'same_account', message: 'is the account the money comes from' }]);
  }
  const from = accountNamed(db, input.fromSavingsId, 'fromSavingsId');
  const to = accountNamed(db, input.toSavingsId, 'toSavingsId');
  requireActive(from, 'fromSavingsId');
  requireActive(to, 'toSavingsId');
  // a manager's block (dormancy.ts): the source's withdrawals, the destination's deposits, each naming its field
  assertNotBlocked(db, from, 'DEBIT', 'fromSavingsId');
  assertNotBlocked(db, to, 'CREDIT', 'toSavingsId');
  if (from.currency_code !== to.currency_code) {
    throw new AppError('VALIDATION_FAILED', `The accounts are in ${from.currency_code} and ${to.currency_code}`, [
      { field: 'toSavingsId', code: 'currency_mismatch', message: `is in ${to.currency_code}, the account the money comes from in ${from.currency_code}` },
    ]);
  }
  const date = moneyDate(ctx, from, input.transactionDate);
  notBefore(date, to.activated_on!, 'transactionDate', 'the activation date of the account receiving it');
  const dp = getOrganisation(db).currency.decimalPlaces;
  const amount = parseMoneyField(input.transactionAmount, dp, 'transactionAmount');
  // Fineract: isApplyWithdrawFee = isWithdrawalFeeApplicableForTransfer(), no payment detail (see above)
  const fees = productInputOf(from).withdrawalFeeForTransfers === true ? withdrawalFees(db, from.id, amount, null) : [];
  const fee = fees.reduce((sum, f) => sum + f.amount, 0);
  const check = checkDebit(db, from, date, amount, fee);

  const feeIds = takeWithdrawalFees(ctx, from, date, fees);
  const fromTransactionId = recordTransaction(ctx, from.id, { type: 'WITHDRAWAL', date, amount, overdraft: check.withdrawal.fromOverdraft, note: legNote('Transfer to savings', to, input.note) });
  const toTransactionId = recordTransaction(ctx, to.id, { type: 'DEPOSIT', date, amount, note: legNote('Transfer from savings', from, input.note) });
  const now = ctx.clock.now().toISOString();
  const transferId = insertTransfer(db, { globalId: newGlobalId(db, 'savingstransfer'), fromTransactionId, toTransactionId, date, amount, createdBy: ctx.actor?.userId ?? null, createdAt: now });
  ctx.touched('savings_transfer', transferId);
  for (const id of feeIds) linkTransferFee(db, id, transferId);
  const m = mappingOf(from);
  // the one entry of the transfer, posted for its withdrawal leg (undoTransfer reverses it once)
  postJournalEntry(ctx, {
    date,
    description: `Savings transfer ${from.account_no} to ${to.account_no}`,
    sourceType: 'savings_transaction',
    sourceId: fromTransactionId,
    lines: [
      { accountId: m.control, debit: check.withdrawal.fromBalance },
      { accountId: m.overdraftPortfolio, debit: check.withdrawal.fromOverdraft },
      { accountId: mappingOf(to).control, credit: amount },
    ],
  });
  const toBalance = balanceOf(db, to.id);
  // refused (and rolled back) when the balance would pass the limit that keeps sums exact, as a deposit is
  checkBalanceLimit(toBalance, 'transactionAmount', dp);
  return {
    transferId,
    fromSavingsId: from.id,
    toSavingsId: to.id,
    fromTransactionId,
    toTransactionId,
    transactionAmount: formatMoney(amount, dp),
    withdrawalFee: formatMoney(fee, dp),
    fromAccountBalance: formatMoney(balanceOf(db, from.id), dp),
    toAccountBalance: formatMoney(toBalance, dp),
  };
}

// ---- for the corrections (savings.undoTransaction of a transfer leg)

/** The transfer a transaction is a leg of (its withdrawal or its deposit), or null. */
export function transferOfTransaction(db: Db, transactionId: number): { id: number; fromTransactionId: number; toTransactionId: number } | null {
  const x = transferOfLeg(db, transactionId);
  return x ? { id: x.id, fromTransactionId: x.from_transaction_id, toTransactionId: x.to_transaction_id } : null;
}

export interface TransferUndone {
  transferId: number;
  fromSavingsId: number;
  toSavingsId: number;
  fromAccountBalance: string;
  toAccountBalance: string;
}

/**
 * Undoes a transfer as a whole (Fineract undoes an account transfer's two transactions together:
 * AccountTransfersWritePlatformServiceImpl.undoTransactions): a REVERSAL of each leg and of each withdrawal fee it
 * took that is still live, dated as what it reverses; the transfer's journal entry reversed once, each fee's too.
 * Refused (INSUFFICIENT_FUNDS naming transactionId) when the destination, without the deposit, would go below its
 * floor after any later debit (the domain's checkBalanceHistory); INVALID_STATE when a leg is already undone or an
 * account is no longer ACTIVE. The interest of both accounts follows as after any backdated transaction (the
 * reversals drop their checkpoints; the next posting run re-posts what changed).
 */
export function undoTransfer(ctx: HandlerContext, transferId: number, note: string | null | undefined): TransferUndone {
  const db = ctx.db;
  const x = findTransfer(db, transferId);
  if (!x) throw new AppError('NOT_FOUND', `There is no savings transfer ${transferId}`, [{ field: 'transactionId', code: 'not_found', message: 'is not a transfer' }]);
  const legs = (['from', 'to'] as const).map((side) => {
    const txnId = side === 'from' ? x.from_transaction_id : x.to_transaction_id;
    const account = getAccount(db, side === 'from' ? x.from_account_id : x.to_account_id);
    const t = transactionOfAccount(db, account.id, txnId)!;
    if (t.reversed) throw new AppError('INVALID_STATE', 'The transfer is already undone', [{ field: 'transactionId', code: 'already_undone', message: 'the transfer is already undone' }]);
    if (statusOf(account) !== 'ACTIVE') {
      throw new AppError('INVALID_STATE', `Savings account ${account.account_no} is ${statusOf(account)}: the transfer cannot be undone`, [
        { field: 'transactionId', code: 'not_active', message: `account ${account.account_no} is ${statusOf(account)}` },
      ], { status: statusOf(account) });
    }
    return { account, t };
  });
  const [from, to] = [legs[0]!, legs[1]!];
  assertPeriodOpen(db, x.transfer_date, 'transactionId');
  // the destination's running balances without the deposit: every later debit must still leave its floor
  const without = live(readTransactions(db, to.account.id).filter((r) => r.id !== to.t.id));
  const refused = checkBalanceHistory(without, accountTerms(db, to.account));
  if (refused) {
    const message = `account ${to.account.account_no} has spent the money: ${refused.message}`;
    throw new AppError('INSUFFICIENT_FUNDS', `The transfer cannot be undone: ${message}`, [{ field: 'transactionId', code: 'insufficientFunds', message }], refused.details);
  }
  const reason = note ?? 'Transfer undone';
  for (const fee of liveTransferFees(db, x.id)) {
    recordTransaction(ctx, from.account.id, { type: 'REVERSAL', date: fee.transaction_date, amount: fee.amount, reversesId: fee.id, note: reason });
    reverseEntriesOf(ctx, 'savings_transaction', fee.id);
    // the withdrawal-fee charge where it stands after the undo (as the undo of a fee alone: chargeOperations.ts)
    const link = dueOfTransaction(db, fee.id);
    if (link) settleNextDue(ctx, getAccountCharge(db, from.account.id, link.accountChargeId));
  }
  recordTransaction(ctx, from.account.id, { type: 'REVERSAL', date: x.transfer_date, amount: x.amount, reversesId: from.t.id, note: reason });
  recordTransaction(ctx, to.account.id, { type: 'REVERSAL', date: x.transfer_date, amount: x.amount, reversesId: to.t.id, note: reason });
  // the transfer's one entry (posted for its withdrawal leg)
  reverseEntriesOf(ctx, 'savings_transaction', from.t.id);
  const dp = getOrganisation(db).currency.decimalPlaces;
  return {
    transferId: x.id,
    fromSavingsId: from.account.id,
    toSavingsId: to.account.id,
    fromAccountBalance: formatMoney(balanceOf(db, from.account.id), dp),
    toAccountBalance: formatMoney(balanceOf(db, to.account.id), dp),
  };
}
