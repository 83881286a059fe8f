import type { Output, ParsedInput, ReceiptView, SavingsTransactionResult } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { checkBalanceLimit, formatMoney, parseMoneyField, type Minor } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { checkBalanceHistory, checkWithdrawal, type SavingsTransaction, type SavingsTransactionType } from '../../domain/savings';
import { notBefore, transactionDate } from '../common/dates';
import { resolvePaymentType, type PaymentType } from '../common/paymentTypes';
import { assertPeriodOpen } from '../ledger';
import { getLoanRow, requireStatus as requireLoanStatus } from '../loans/repository';
import { rebuildLoan } from '../loans/posting';
import { overpaymentCheck } from '../loans/overpayment';
import { getOrganisation, newGlobalId } from '../organisation';
import { issueReceipt } from '../receipts';
import { cashAccount, postMoneyMovement, type CashUse } from '../tills';
import { takeWithdrawalFees, withdrawalFees } from './charges';
import { afterClientActivity, assertNotBlocked } from './dormancy';
import { accountTerms } from './products';
import {
  balanceOf,
  getAccount,
  hasTransactionsAfter,
  insertTransaction,
  live,
  mappingOf,
  readTransactions,
  requireStatus,
  type AccountRow,
  type InterestState,
} from './repository';

/**
 * The money movements of a savings account (DOMAIN.md "Savings (Fineract)"), each with its cash-based journal entry:
 * deposit Dr cash Cr savings control; withdrawal the reverse, the part below zero debited to the overdraft
 * portfolio; a withdrawal fee Dr savings control Cr fee income; a transfer to a loan Dr savings control and the
 * loan's repayment lines. Debits are refused with INSUFFICIENT_FUNDS below the product's floor (the domain's
 * lowestAllowedBalance) and before the lock-in ends.
 *
 * The cash side of each movement comes from savingsCash and is posted with the movement's journal entry.
 */
type Approval = ParsedInput<'savings.withdraw'>['approval'];

// ---- the cash side

/**
 * Where a movement's money goes (the teller's open till for cash, else the payment type's account) and the till
 * movement its journal entry posts with (tills/cash.ts): positive into the till, negative out of it.
 */
function savingsCash(ctx: HandlerContext, pt: PaymentType, a: AccountRow, kind: 'SAVINGS_DEPOSIT' | 'SAVINGS_WITHDRAWAL', amount: number, what: string, approval: Approval): { fund: number; cash: CashUse } {
  return { fund: cashAccount(ctx, pt), cash: { kind, amount, reference: a.account_no, description: `${what} ${a.account_no}`, approval } };
}

// ---- writing a transaction

export interface SavingsTxn {
  type: SavingsTransactionType | 'REVERSAL';
  date: string;
  amount: number;
  overdraft?: number;
  paymentTypeId?: number | null;
  receiptNumber?: string | null;
  reversesId?: number | null;
  note?: string | null;
  /** a posting run's state, stored with the balance (repository NewTransaction.interestState) */
  interestState?: InterestState;
}

/** Writes one savings transaction (append-only) as the signed-in user and records it as touched by the command. */
export function recordTransaction(ctx: HandlerContext, accountId: number, t: SavingsTxn): number {
  // a client's deposit or withdrawal (a transfer's legs, a payout too): refused on a blocked account, and it brings
  // an inactive or dormant one back to normal (dormancy.ts)
  const clientActivity = (t.type === 'DEPOSIT' || t.type === 'WITHDRAWAL') && !t.reversesId;
  if (clientActivity) assertNotBlocked(ctx.db, { id: accountId, account_no: getAccount(ctx.db, accountId).account_no }, t.type === 'DEPOSIT' ? 'CREDIT' : 'DEBIT');
  const id = insertTransaction(ctx.db, {
    globalId: newGlobalId(ctx.db, 'savingstxn'),
    accountId,
    type: t.type,
    date: t.date,
    amount: t.amount,
    overdraft: t.overdraft ?? 0,
    paymentTypeId: t.paymentTypeId ?? null,
    receiptNumber: t.receiptNumber ?? null,
    reversesId: t.reversesId ?? null,
    note: t.note ?? null,
    createdBy: ctx.actor?.userId ?? null,
    createdAt: ctx.clock.now().toISOString(),
    interestState: t.interestState,
  });
  ctx.touched('savings_transaction', id);
  if (clientActivity) afterClientActivity(ctx, accountId, t.date);
  return id;
}

/** The journal entry of a savings transaction, its description naming the account; `cash` when money crossed a counter. */
export function journal(ctx: HandlerContext, account: AccountRow, txnId: number, description: string, date: string, lines: { accountId: number; debit?: number; credit?: number }[], cash: CashUse | null = null): void {
  postMoneyMovement(ctx, { date, description: `${description} ${account.account_no}`, sourceType: 'savings_transaction', sourceId: txnId, lines }, cash);
}

export function result(ctx: HandlerContext, account: AccountRow, txnId: number, receipt: SavingsTransactionResult['receipt'], balance?: number): SavingsTransactionResult {
  const dp = getOrganisation(ctx.db).currency.decimalPlaces;
  return { savingsId: account.id, transactionId: txnId, accountBalance: formatMoney(balance ?? balanceOf(ctx.db, account.id), dp), receipt };
}

/** A savings transaction dated `date`: not after the business date, not before activation, in an open period. */
export function moneyDate(ctx: HandlerContext, account: AccountRow, given: string | undefined, field = 'transactionDate'): string {
  const date = transactionDate(ctx, given, field);
  notBefore(date, account.activated_on!, field, 'the activation date');
  assertPeriodOpen(ctx.db, date, field);
  return date;
}

function savingsReceipt(ctx: HandlerContext, a: AccountRow, kind: 'SAVINGS_DEPOSIT' | 'SAVINGS_WITHDRAWAL', txnId: number, date: string, amount: number, pt: PaymentType, lines: { label: string; amount: number }[], balanceAfter: number): ReceiptView {
  return issueReceipt(ctx, { kind, sourceType: 'savings_transaction', sourceId: txnId, clientId: a.client_id, accountNo: a.account_no, amount, date, paymentType: pt.code, lines, balanceAfter });
}

// ---- credits

/**
 * A deposit's money (DOMAIN.md "Savings": Dr cash, the payment type's account or the user's till, Cr savings
 * control): the DEPOSIT transaction, its journal entry with the till movement for cash, the balance kept within the
 * limit that keeps sums exact. `what` names it on the till and in the journal ('Deposit', 'Opening deposit').
 */
export function postDeposit(ctx: HandlerContext, a: AccountRow, date: string, amount: number, pt: PaymentType, what: string, o: { approval: Approval; receiptNumber?: string | null | undefined; note?: string | null | undefined; field?: string }): { id: number; after: number } {
  const { fund, cash } = savingsCash(ctx, pt, a, 'SAVINGS_DEPOSIT', amount, what, o.approval);
  const id = recordTransaction(ctx, a.id, { type: 'DEPOSIT', date, amount, paymentTypeId: pt.id, receiptNumber: o.receiptNumber ?? null, note: o.note ?? null });
  journal(ctx, a, id, `Savings ${what.toLowerCase()}`, date, [{ accountId: fund, debit: amount }, { accountId: mappingOf(a).control, credit: amount }], cash);
  const after = balanceOf(ctx.db, a.id);
  // refused (and rolled back with the command) when the balance would pass the limit that keeps sums exact
  checkBalanceLimit(after, o.field ?? 'transactionAmount', getOrganisation(ctx.db).currency.decimalPlaces);
  return { id, after };
}

/** The receipt of a deposit, with the balance the client leaves with. */
export function depositReceipt(ctx: HandlerContext, a: AccountRow, txnId: number, date: string, amount: number, pt: PaymentType, balanceAfter: number): ReceiptView {
  return savingsReceipt(ctx, a, 'SAVINGS_DEPOSIT', txnId, date, amount, pt, [{ label: 'deposit', amount }], balanceAfter);
}

// ---- debits

/** Nothing leaves an account before its lock-in ends: no withdrawal, transfer or close (Fineract's lock-in). */
export function assertNotLockedIn(a: AccountRow, date: string, field: string): void {
  if (a.locked_in_until && date < a.locked_in_until) {
    throw new AppError('INVALID_STATE', `The savings are locked in until ${a.locked_in_until}`, [{ field, code: 'locked_in', message: `the savings are locked in until ${a.locked_in_until}` }], { lockedInUntil: a.locked_in_until });
  }
}

/**
 * The checks of a debit (a withdrawal or a transfer): lock-in, the product's floor or overdraft limit now, and for
 * a backdated debit on every later day too (Fineract checks the history). Throws INSUFFICIENT_FUNDS.
 */
export function checkDebit(db: Db, a: AccountRow, date: string, amount: number, fee: number) {
  assertNotLockedIn(a, date, 'transactionDate');
  const terms = accountTerms(db, a);
  const check = checkWithdrawal(balanceOf(db, a.id) as Minor, amount as Minor, terms, { fee: fee as Minor });
  if (!check.ok) throw check.error;
  if (hasTransactionsAfter(db, a.id, date)) {
    const history = live(readTransactions(db, a.id));
    const withIt: SavingsTransaction[] = [...history, ...(fee > 0 ? [{ date, type: 'WITHDRAWAL_FEE' as const, amount: fee }] : []), { date, type: 'WITHDRAWAL', amount }];
    const refused = checkBalanceHistory(withIt, terms);
    if (refused) throw refused;
  }
  return check;
}

// ---- the operations

/** savings.deposit's checks and posting, without its receipt (the collection sheet issues one per member). */
export function depositInto(ctx: HandlerContext, input: ParsedInput<'savings.deposit'>): { a: AccountRow; id: number; after: number; date: string; amount: number; pt: PaymentType } {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  requireStatus(a, ['ACTIVE'], 'credited');
  assertNotBlocked(db, a, 'CREDIT');
  const date = moneyDate(ctx, a, input.transactionDate);
  const amount = parseMoneyField(input.transactionAmount, getOrganisation(db).currency.decimalPlaces, 'transactionAmount');
  const pt = resolvePaymentType(db, input);
  const { id, after } = postDeposit(ctx, a, date, amount, pt, 'Deposit', { approval: input.approval, receiptNumber: input.receiptNumber, note: input.note });
  return { a, id, after, date, amount, pt };
}

export function deposit(ctx: HandlerContext, input: ParsedInput<'savings.deposit'>): SavingsTransactionResult {
  const { a, id, after, date, amount, pt } = depositInto(ctx, input);
  return result(ctx, a, id, depositReceipt(ctx, a, id, date, amount, pt, after), after);
}

export function withdraw(ctx: HandlerContext, input: ParsedInput<'savings.withdraw'>): SavingsTransactionResult {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  requireStatus(a, ['ACTIVE'], 'debited');
  assertNotBlocked(db, a, 'DEBIT');
  const date = moneyDate(ctx, a, input.transactionDate);
  const currency = getOrganisation(db).currency;
  const amount = parseMoneyField(input.transactionAmount, currency.decimalPlaces, 'transactionAmount');
  const pt = resolvePaymentType(db, input);
  // the account's withdrawal-fee charges that apply to this payment type (savings/charges.ts): each its own
  // WITHDRAWAL_FEE transaction, before the withdrawal; the balance must give both
  const fees = withdrawalFees(db, a.id, amount, pt.id);
  const fee = fees.reduce((sum, f) => sum + f.amount, 0);
  const check = checkDebit(db, a, date, amount, fee);
  const { fund, cash } = savingsCash(ctx, pt, a, 'SAVINGS_WITHDRAWAL', -amount, 'Withdrawal', input.approval);
  const m = mappingOf(a);
  takeWithdrawalFees(ctx, a, date, fees);
  const id = recordTransaction(ctx, a.id, { type: 'WITHDRAWAL', date, amount, overdraft: check.withdrawal.fromOverdraft, paymentTypeId: pt.id, receiptNumber: input.receiptNumber ?? null, note: input.note ?? null });
  journal(ctx, a, id, 'Savings withdrawal', date, [
    { accountId: m.control, debit: check.withdrawal.fromBalance },
    { accountId: m.overdraftPortfolio, debit: check.withdrawal.fromOverdraft },
    { accountId: fund, credit: amount },
  ], cash);
  const receipt = savingsReceipt(ctx, a, 'SAVINGS_WITHDRAWAL', id, date, amount, pt, [{ label: 'withdrawal', amount }, { label: 'withdrawalFee', amount: fee }], check.balanceAfter);
  return result(ctx, a, id, receipt, check.balanceAfter);
}

/** A transfer to a loan of the same client: a savings withdrawal and a loan repayment, no cash moving. */
export function transferToLoan(ctx: HandlerContext, input: ParsedInput<'savings.transferToLoan'>): Output<'savings.transferToLoan'> {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  requireStatus(a, ['ACTIVE'], 'debited');
  assertNotBlocked(db, a, 'DEBIT');
  const loan = getLoanRow(db, input.loanId);
  requireLoanStatus(loan, ['ACTIVE'], 'repaid');
  if (loan.client_id !== a.client_id) {
    throw new AppError('VALIDATION_FAILED', 'The loan belongs to another client', [{ field: 'loanId', code: 'other_client', message: "is not a loan of the savings account's client" }]);
  }
  const date = moneyDate(ctx, a, input.transactionDate);
  notBefore(date, loan.disbursed_on!, 'transactionDate', 'the disbursement date');
  const amount = parseMoneyField(input.transactionAmount, getOrganisation(db).currency.decimalPlaces, 'transactionAmount');
  const check = checkDebit(db, a, date, amount, 0);
  if (check.withdrawal.fromOverdraft > 0) {
    throw new AppError('INSUFFICIENT_FUNDS', 'A transfer to a loan cannot use the overdraft', [
      { field: 'transactionAmount', code: 'overdraft_not_allowed', message: 'is more than the balance (a transfer cannot use the overdraft)' },
    ]);
  }
  const m = mappingOf(a);
  // the statement and the loan both say where the money went, whatever the teller adds
  const note = `Transfer to loan ${loan.account_no}${input.note ? `: ${input.note}` : ''}`;
  const savingsTransactionId = recordTransaction(ctx, a.id, { type: 'WITHDRAWAL', date, amount, note });
  // one journal entry, the loan's: Dr savings deposits, Cr the loan's portfolio, income ... (the withdrawal's
  // side of it); no cash moves
  // overpaying the loan by more than the branch's margin needs a branch manager, as a repayment does
  const { ids } = rebuildLoan(ctx, loan, [{ type: 'REPAYMENT', date, amount, paymentTypeId: null, fundAccount: m.control, note: `Transfer from savings ${a.account_no}${input.note ? `: ${input.note}` : ''}` }], undefined, overpaymentCheck(ctx, amount, input.approval));
  return { savingsId: a.id, savingsTransactionId, loanId: loan.id, loanTransactionId: ids[0]!, accountBalance: formatMoney(check.balanceAfter, getOrganisation(db).currency.decimalPlaces) };
}

/**
 * Pays out the whole balance of an account that closes (the product's floor no longer applying): the withdrawal,
 * its cash and its journal entry. Returns the withdrawal's id.
 */
export function payOutBalance(ctx: HandlerContext, a: AccountRow, date: string, balance: number, pt: PaymentType, approval: Approval, note: string | null | undefined): number {
  const { fund, cash } = savingsCash(ctx, pt, a, 'SAVINGS_WITHDRAWAL', -balance, 'Closing', approval);
  const id = recordTransaction(ctx, a.id, { type: 'WITHDRAWAL', date, amount: balance, paymentTypeId: pt.id, note: `Balance paid out at closing${note ? `: ${note}` : ''}` });
  journal(ctx, a, id, 'Savings closed, balance paid out', date, [{ accountId: mappingOf(a).control, debit: balance }, { accountId: fund, credit: balance }], cash);
  return id;
}

/** The receipt of a closing payout (issued once the account is closed). */
export function payoutReceipt(ctx: HandlerContext, a: AccountRow, withdrawalId: number, date: string, pt: PaymentType, amount: number): ReceiptView {
  return savingsReceipt(ctx, a, 'SAVINGS_WITHDRAWAL', withdrawalId, date, amount, pt, [{ label: 'withdrawal', amount }], 0);
}
