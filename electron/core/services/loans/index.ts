import type { LoanTransactionResult, ParsedInput, ReceiptView } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { accruedInterest, installmentOutstanding, outstandingOf, type InstallmentState } from '../../domain/loans';
import type { Minor } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { actorOf } from '../../dispatch/context';
import type { Registry } from '../../dispatch/registry';
import { assertPeriodOpen } from '../ledger';
import { getOrganisation, newGlobalId } from '../organisation';
import { issueReceipt, receiptNumberOf, recordReceipt, type NewReceipt } from '../receipts';
import { checkMakerChecker, initialState, loanTerms, previewSchedule, submitLoan } from './lifecycle';
import { eachJlgLoan, jlgDisbursementTerms, previewJlg, submitJlg } from './jlg';
import { notBefore, transactionDate } from '../common/dates';
import { resolvePaymentType, type PaymentType } from '../common/paymentTypes';
import { parseMoneyField } from '../../../../shared/money';
import {
  cashUndoAmount,
  postLoanJournal,
  rebuildLoan,
  reverseTransaction,
  simulate,
  transactionOf,
  type PendingTransaction,
} from './posting';
import {
  deleteInstallments,
  getLoanRow,
  getTransaction,
  insertTransaction,
  readInstallments,
  readTransactions,
  requireStatus,
  setStatus,
  STATUS_NAME,
  termsOf,
  writeInstallments,
  type LoanRow,
} from './repository';
import { getLoanView, listLoans, loanSummary } from './views';
import type { ManagerApproval } from '../../security/approval';
import { overpaymentCheck } from './overpayment';
import { checkOwnRepaymentUndo } from './undoRepayment';
import { deactivateLoanCharges, dropChargesOn, recordScheduleCharges } from './charges';
import { registerLoanCharges } from './chargeOperations';
import { cashAccount, isTillAccount, type CashUse } from '../tills';
import { ACCRUAL_TYPES, reverseAccruals, syncAccruals } from './accruals';

export { arrearsSweep } from './arrears';
export type { ArrearsSweep, LoanArrears } from './arrears';

/**
 * Loan accounts through their whole life (DOMAIN.md "Loan lifecycle"): submit, approve (four eyes), reject,
 * withdraw, disburse, repay, adjust with reverse-replay, waive, write off, recover, foreclose; each in the
 * command's one transaction with its journal entries and receipt.
 */
const RECEIPT_LINES = ['principal', 'interest', 'fees', 'penalties', 'overpayment'] as const;

type ReceiptPortions = { principal: number; interest: number; fee: number; penalty: number; overpayment: number };

/** What a posted repayment paid, as its receipt lists it. */
export function portionsOfRow(db: Db, transactionId: number): ReceiptPortions {
  const row = getTransaction(db, transactionId)!;
  return { principal: row.principal_portion, interest: row.interest_portion, fee: row.fee_portion, penalty: row.penalty_portion, overpayment: row.overpayment_portion };
}

function result(ctx: HandlerContext, loanId: number, transactionId: number, receipt: ReceiptView | null, state?: InstallmentState[]): LoanTransactionResult {
  const loan = getLoanRow(ctx.db, loanId);
  return { loanId, transactionId, status: STATUS_NAME[loan.status]!, receipt, summary: loanSummary(ctx.db, loan, ctx.businessDate(), state) };
}

function outstandingTotal(state: readonly InstallmentState[]): number {
  return state.reduce((s, i) => s + installmentOutstanding(i), 0);
}

function receiptFor(ctx: HandlerContext, loan: LoanRow, txnId: number, kind: string, date: string, amount: number, paymentType: PaymentType, portions?: ReceiptPortions, state?: readonly InstallmentState[]): ReceiptView {
  return issueReceipt(ctx, receiptOf(ctx, loan, txnId, kind, date, amount, paymentType, portions, state));
}

function receiptOf(ctx: HandlerContext, loan: LoanRow, txnId: number, kind: string, date: string, amount: number, paymentType: PaymentType, portions?: ReceiptPortions, state?: readonly InstallmentState[]): NewReceipt {
  const after = outstandingTotal(state ?? readInstallments(ctx.db, loan.id));
  const values = portions ? [portions.principal, portions.interest, portions.fee, portions.penalty, portions.overpayment] : [];
  return {
    kind,
    sourceType: 'loan_transaction',
    sourceId: txnId,
    clientId: loan.client_id,
    accountNo: loan.account_no,
    amount,
    date,
    paymentType: paymentType.code,
    lines: values.map((v, i) => ({ label: RECEIPT_LINES[i]!, amount: v })),
    balanceAfter: after,
  };
}

type Approval = ManagerApproval | undefined;

/**
 * Where a repayment's money comes in (the teller's open till for cash, else the payment type's account) and the
 * till movement its journal entry posts with (tills/cash.ts).
 */
function repaymentCash(ctx: HandlerContext, loan: LoanRow, amount: number, paymentType: PaymentType, approval: Approval, kind: 'LOAN_REPAYMENT' | 'LOAN_RECOVERY' = 'LOAN_REPAYMENT', net?: number): { fundAccount: number; cash: CashUse } {
  const description = `${kind === 'LOAN_RECOVERY' ? 'Recovery' : 'Repayment'} ${loan.account_no}`;
  return { fundAccount: cashAccount(ctx, paymentType), cash: { kind, amount, reference: loan.account_no, description, approval, ...(net !== undefined ? { net } : {}) } };
}

/** A repayment as loans.repay and loans.repayBatch take it: the loan, checked, and the parsed date and amount. */
interface RepaymentInput {
  loanId: number;
  transactionDate?: string | undefined;
  transactionAmount: string;
  paymentTypeId?: number | undefined;
  paymentTypeCode?: string | undefined;
  receiptNumber?: string | null | undefined;
  note?: string | null | undefined;
}

function checkedRepayment(ctx: HandlerContext, input: RepaymentInput): { loan: LoanRow; date: string; amount: number; paymentType: PaymentType } {
  const db = ctx.db;
  const loan = getLoanRow(db, input.loanId);
  requireStatus(loan, ['ACTIVE', 'OVERPAID'], 'repaid');
  const date = transactionDate(ctx, input.transactionDate, 'transactionDate');
  notBefore(date, loan.disbursed_on!, 'transactionDate', 'the disbursement date');
  const amount = parseMoneyField(input.transactionAmount, getOrganisation(db).currency.decimalPlaces, 'transactionAmount');
  return { loan, date, amount, paymentType: resolvePaymentType(db, input) };
}

/**
 * Posts one repayment (the replay, its journal entry and till movement); returns its id and the new state. One that
 * would overpay the loan by more than the branch's margin needs `approval` (loans/overpayment.ts).
 */
export function repay(ctx: HandlerContext, input: RepaymentInput, approval: Approval): { loan: LoanRow; id: number; date: string; amount: number; paymentType: PaymentType; state: InstallmentState[]; status: LoanTransactionResult['status'] } {
  const { loan, date, amount, paymentType } = checkedRepayment(ctx, input);
  const pending: PendingTransaction = { type: 'REPAYMENT', date, amount, paymentTypeId: paymentType.id, ...repaymentCash(ctx, loan, amount, paymentType, approval), receiptNumber: input.receiptNumber ?? null, note: input.note ?? null };
  const { ids, state, status } = rebuildLoan(ctx, loan, [pending], undefined, overpaymentCheck(ctx, amount, approval));
  return { loan, id: ids[0]!, date, amount, paymentType, state, status };
}

/** loans.approve: four eyes (the submitter may not approve unless the branch allows it). */
export function approveLoan(ctx: HandlerContext, input: ParsedInput<'loans.approve'>): { loanId: number } {
  const loan = getLoanRow(ctx.db, input.loanId);
  requireStatus(loan, ['SUBMITTED_AND_PENDING_APPROVAL'], 'approved');
  const me = actorOf(ctx);
  checkMakerChecker(ctx.db, loan.submitted_by, me.userId);
  const date = transactionDate(ctx, input.approvedOnDate, 'approvedOnDate');
  notBefore(date, loan.submitted_on, 'approvedOnDate', 'the submission date');
  setStatus(ctx.db, loan.id, 'APPROVED', { approved_on: date, approved_by: me.userId }, ctx.clock.now().toISOString());
  ctx.touched('loan', loan.id);
  return { loanId: loan.id };
}

/** loans.disburse: the schedule from the actual date, the disbursement and its fees through the till, the receipt. */
export function disburseLoan(ctx: HandlerContext, input: ParsedInput<'loans.disburse'>): LoanTransactionResult {
  const db = ctx.db;
  const loan = getLoanRow(db, input.loanId);
  requireStatus(loan, ['APPROVED'], 'disbursed');
  const date = transactionDate(ctx, input.actualDisbursementDate, 'actualDisbursementDate');
  notBefore(date, loan.approved_on!, 'actualDisbursementDate', 'the approval date');
  assertPeriodOpen(db, date, 'actualDisbursementDate');
  const paymentType = resolvePaymentType(db, input);
  // The schedule runs from the actual disbursement date (Fineract regenerates it when the date moves).
  const terms = { ...termsOf(loan), expectedDisbursementDate: date };
  if (terms.repaymentsStartingFromDate && terms.repaymentsStartingFromDate <= date) delete (terms as { repaymentsStartingFromDate?: string | null }).repaymentsStartingFromDate;
  // a JLG loan tied to its meeting: disbursed on a meeting date when synced, its first due date from the meeting (jlg.ts)
  jlgDisbursementTerms(ctx, loan, date, terms);
  const { schedule, state } = initialState(db, terms);
  // the schedule's charges become the loan's charges (loans/charges.ts)
  writeInstallments(db, loan.id, recordScheduleCharges(ctx, loan.id, terms, schedule, state, date));
  const me = actorOf(ctx);
  const now = ctx.clock.now().toISOString();
  const fund = cashAccount(ctx, paymentType);
  const cash = (kind: 'LOAN_DISBURSEMENT' | 'LOAN_REPAYMENT', amount: number, what: string, net?: number): CashUse =>
    ({ kind, amount, reference: loan.account_no, description: `${what} ${loan.account_no}`, field: 'paymentTypeCode', approval: input.approval, ...(net !== undefined ? { net } : {}) });
  const id = insertTransaction(db, {
    loanId: loan.id,
    globalId: newGlobalId(db, 'loantxn'),
    type: 'DISBURSEMENT',
    date,
    amount: loan.principal,
    paymentTypeId: paymentType.id,
    fundAccountId: fund,
    receiptNumber: input.receiptNumber ?? null,
    note: input.note ?? null,
    createdBy: me.userId,
    createdAt: now,
  });
  ctx.touched('loan_transaction', id);
  const zero = { principal: 0, interest: 0, fee: 0, penalty: 0, overpayment: 0 };
  // the fees are taken from the principal handed over: only the net leaves the till, and the till is checked on
  // it (the fees' entry posts first, carrying the net, so the till never dips below zero in between)
  const fees = schedule.feeChargesAtDisbursement;
  if (fees > 0) {
    const feeId = insertTransaction(db, {
      loanId: loan.id,
      globalId: newGlobalId(db, 'loantxn'),
      type: 'REPAYMENT_AT_DISBURSEMENT',
      date,
      amount: fees,
      portions: { ...zero, fee: fees },
      paymentTypeId: paymentType.id,
      fundAccountId: fund,
      createdBy: me.userId,
      createdAt: now,
    });
    postLoanJournal(ctx, loan, feeId, 'REPAYMENT_AT_DISBURSEMENT', date, fees, zero, fund, cash('LOAN_REPAYMENT', fees, 'Fees at disbursement', fees - loan.principal));
    ctx.touched('loan_transaction', feeId);
  }
  postLoanJournal(ctx, loan, id, 'DISBURSEMENT', date, loan.principal, zero, fund, cash('LOAN_DISBURSEMENT', -loan.principal, 'Disbursement'));
  setStatus(db, loan.id, 'ACTIVE', { disbursed_on: date, disbursed_by: me.userId, terms_json: JSON.stringify(terms) }, now);
  ctx.touched('loan', loan.id);
  const receipt = issueReceipt(ctx, {
    kind: 'LOAN_DISBURSEMENT',
    sourceType: 'loan_transaction',
    sourceId: id,
    clientId: loan.client_id,
    accountNo: loan.account_no,
    amount: loan.principal - schedule.feeChargesAtDisbursement,
    date,
    paymentType: paymentType.code,
    lines: [
      { label: 'principal', amount: loan.principal },
      { label: 'feesAtDisbursement', amount: -schedule.feeChargesAtDisbursement },
    ],
    balanceAfter: null,
  });
  // on upfront accrual everything the schedule carries accrues now, dated the disbursement (loans/accruals.ts)
  syncAccruals(ctx, loan.id, date);
  return result(ctx, loan.id, id, receipt);
}

export function registerLoanAccounts(registry: Registry): void {
  registry.register('loans.submit', (ctx, input) => submitLoan(ctx, input));

  registry.register('loans.previewSchedule', (ctx, input) => {
    const { clientId: _c, productId, ...change } = input;
    return previewSchedule(ctx.db, loanTerms(ctx, productId, change).terms);
  });

  registry.register('loans.approve', (ctx, input) => approveLoan(ctx, input));

  /** Reject and withdraw close an application that was never approved, on a date no earlier than its submission. */
  const closeApplication = (ctx: HandlerContext, id: number, given: string | undefined, field: string, status: 'REJECTED' | 'WITHDRAWN_BY_CLIENT', dateColumn: string) => {
    const loan = getLoanRow(ctx.db, id);
    requireStatus(loan, ['SUBMITTED_AND_PENDING_APPROVAL'], status === 'REJECTED' ? 'rejected' : 'withdrawn');
    const date = transactionDate(ctx, given, field);
    notBefore(date, loan.submitted_on, field, 'the submission date');
    setStatus(ctx.db, loan.id, status, { [dateColumn]: date, closed_on: date }, ctx.clock.now().toISOString());
    ctx.touched('loan', loan.id);
    return { loanId: loan.id };
  };
  registry.register('loans.reject', (ctx, input) => closeApplication(ctx, input.loanId, input.rejectedOnDate, 'rejectedOnDate', 'REJECTED', 'rejected_on'));
  registry.register('loans.withdraw', (ctx, input) => closeApplication(ctx, input.loanId, input.withdrawnOnDate, 'withdrawnOnDate', 'WITHDRAWN_BY_CLIENT', 'withdrawn_on'));

  registry.register('loans.undoApproval', (ctx, input) => {
    const loan = getLoanRow(ctx.db, input.loanId);
    requireStatus(loan, ['APPROVED'], 'returned to submitted');
    setStatus(ctx.db, loan.id, 'SUBMITTED_AND_PENDING_APPROVAL', { approved_on: null, approved_by: null }, ctx.clock.now().toISOString());
    ctx.touched('loan', loan.id);
    return { loanId: loan.id };
  });

  registry.register('loans.disburse', (ctx, input) => disburseLoan(ctx, input));

  // joint-liability (JLG) loans: a group's members' loans applied for, approved and disbursed together (jlg.ts)
  registry.register('loans.submitJlg', (ctx, input) => submitJlg(ctx, input));
  registry.register('loans.previewJlg', (ctx, input) => previewJlg(ctx, input));
  registry.register('loans.approveJlg', (ctx, input) => ({
    loanIds: eachJlgLoan(ctx, input.groupId, input.loanIds, 'SUBMITTED_AND_PENDING_APPROVAL', (loanId) => approveLoan(ctx, { loanId, approvedOnDate: input.approvedOnDate, note: input.note }).loanId),
  }));
  registry.register('loans.disburseJlg', (ctx, input) => {
    const { groupId, loanIds, ...rest } = input;
    const results = eachJlgLoan(ctx, groupId, loanIds, 'APPROVED', (loanId) => disburseLoan(ctx, { ...rest, loanId }));
    return { loanIds: results.map((r) => r.loanId), results };
  });

  registry.register('loans.undoDisbursal', (ctx, input) => {
    const db = ctx.db;
    const loan = getLoanRow(db, input.loanId);
    requireStatus(loan, ['ACTIVE'], 'returned to approved');
    // the accruals follow the disbursement: they are reversed with it
    const live = readTransactions(db, loan.id).filter((t) => !t.reversed && !ACCRUAL_TYPES.has(t.type));
    if (live.some((t) => t.type !== 'DISBURSEMENT' && t.type !== 'REPAYMENT_AT_DISBURSEMENT')) {
      throw new AppError('INVALID_STATE', 'Undo the repayments and other transactions first', undefined, { status: 'ACTIVE', reason: 'HAS_TRANSACTIONS' });
    }
    // the cash comes back through the undoing user's till, checked on the net of the disbursement and its fees
    const cash = live.filter((t) => isTillAccount(db, t.fund_account_id));
    const net = cash.reduce((s, t) => s + cashUndoAmount(t), 0);
    reverseAccruals(ctx, loan, input.note);
    for (const t of live) reverseTransaction(ctx, loan, t, input.note, { approval: input.approval, ...(t === cash[0] ? { net } : {}) });
    deleteInstallments(db, loan.id);
    deactivateLoanCharges(ctx, loan.id);
    setStatus(db, loan.id, 'APPROVED', { disbursed_on: null, disbursed_by: null }, ctx.clock.now().toISOString());
    ctx.touched('loan', loan.id);
    return { loanId: loan.id };
  });

  registry.register('loans.repay', (ctx, input) => {
    const { loan, id, date, amount, paymentType, state } = repay(ctx, input, input.approval);
    const receipt = receiptFor(ctx, loan, id, 'LOAN_REPAYMENT', date, amount, paymentType, portionsOfRow(ctx.db, id), state);
    return result(ctx, loan.id, id, receipt, state);
  });

  registry.register('loans.repayBatch', (ctx, input) => {
    const db = ctx.db;
    const results = input.repayments.map((item, i) => {
      try {
        const { loan, id, date, amount, paymentType, state, status } = repay(ctx, item, item.approval ?? input.approval);
        let receiptNumber: string | null = null;
        if (input.issueReceipts) {
          const receiptId = recordReceipt(ctx, receiptOf(ctx, loan, id, 'LOAN_REPAYMENT', date, amount, paymentType, portionsOfRow(db, id), state));
          receiptNumber = receiptNumberOf(db, receiptId);
        }
        return { loanId: loan.id, transactionId: id, status, receiptNumber };
      } catch (err) {
        if (err instanceof AppError) throw prefixFields(err, `repayments.${i}`);
        throw err;
      }
    });
    return { results };
  });

  registry.register('loans.adjustTransaction', (ctx, input) => adjustTransaction(ctx, input));
  registry.register('loans.undoRepayment', (ctx, input) => {
    checkOwnRepaymentUndo(ctx, input);
    return adjustTransaction(ctx, { loanId: input.loanId, transactionId: input.transactionId, transactionAmount: '0', note: input.note, approval: input.approval });
  });

  registry.register('loans.waiveInterest', (ctx, input) => {
    const db = ctx.db;
    const loan = getLoanRow(db, input.loanId);
    requireStatus(loan, ['ACTIVE'], 'given an interest waiver');
    const date = transactionDate(ctx, input.transactionDate, 'transactionDate');
    notBefore(date, loan.disbursed_on!, 'transactionDate', 'the disbursement date');
    const amount = parseMoneyField(input.transactionAmount, getOrganisation(db).currency.decimalPlaces, 'transactionAmount');
    const outstanding = readInstallments(db, loan.id).reduce((s, i) => s + outstandingOf(i.interest), 0);
    if (amount > outstanding) {
      throw new AppError('VALIDATION_FAILED', 'The waiver is more than the interest outstanding', [
        { field: 'transactionAmount', code: 'too_big', message: `must be at most the interest outstanding` },
      ], { interestOutstanding: outstanding });
    }
    const { ids, state } = rebuildLoan(ctx, loan, [{ type: 'WAIVE_INTEREST', date, amount, note: input.note ?? null }]);
    return result(ctx, loan.id, ids[0]!, null, state);
  });

  registry.register('loans.writeOff', (ctx, input) => {
    const db = ctx.db;
    const loan = getLoanRow(db, input.loanId);
    requireStatus(loan, ['ACTIVE'], 'written off');
    const date = transactionDate(ctx, input.transactionDate, 'transactionDate');
    const last = readTransactions(db, loan.id).filter((t) => !t.reversed && !ACCRUAL_TYPES.has(t.type)).reduce((d, t) => (t.transaction_date > d ? t.transaction_date : d), loan.disbursed_on!);
    notBefore(date, last, 'transactionDate', 'the last transaction');
    const { ids, state } = rebuildLoan(ctx, loan, [{ type: 'WRITE_OFF', date, amount: 0, note: input.note ?? null }]);
    return result(ctx, loan.id, ids[0]!, null, state);
  });

  registry.register('loans.recoverWrittenOff', (ctx, input) => {
    const db = ctx.db;
    const loan = getLoanRow(db, input.loanId);
    requireStatus(loan, ['CLOSED_WRITTEN_OFF'], 'recovered');
    const date = transactionDate(ctx, input.transactionDate, 'transactionDate');
    notBefore(date, loan.written_off_on!, 'transactionDate', 'the write-off date');
    const amount = parseMoneyField(input.transactionAmount, getOrganisation(db).currency.decimalPlaces, 'transactionAmount');
    const paymentType = resolvePaymentType(db, input);
    const id = recover(ctx, loan, date, amount, paymentType, null, input.note, input.approval);
    const receipt = receiptFor(ctx, loan, id, 'LOAN_RECOVERY', date, amount, paymentType);
    return result(ctx, loan.id, id, receipt);
  });

  registry.register('loans.foreclose', (ctx, input) => {
    const db = ctx.db;
    const loan = getLoanRow(db, input.loanId);
    requireStatus(loan, ['ACTIVE'], 'foreclosed');
    const date = transactionDate(ctx, input.transactionDate, 'transactionDate');
    const last = readTransactions(db, loan.id).filter((t) => !t.reversed && !ACCRUAL_TYPES.has(t.type)).reduce((d, t) => (t.transaction_date > d ? t.transaction_date : d), loan.disbursed_on!);
    notBefore(date, last, 'transactionDate', 'the last transaction');
    const paymentType = resolvePaymentType(db, input);
    // DOMAIN.md: foreclosure charges interest up to the date and drops future interest. As Fineract does, the
    // schedule is cut (the running installment keeps the interest accrued to the date; later ones keep only their
    // principal), every transaction is replayed on the cut schedule (interest paid ahead moves to principal), and
    // what is then outstanding is paid.
    const currency = getOrganisation(db).currency;
    const current = readInstallments(db, loan.id);
    // only the dues matter: what was paid, waived or written off is recomputed by the replay below
    const dues = (due: number) => ({ due: due as Minor, paid: 0 as Minor, waived: 0 as Minor, writtenOff: 0 as Minor });
    const cut = current.map((i): InstallmentState => {
      const later = i.dueDate > date;
      return {
        ...i,
        principal: dues(i.principal.due),
        interest: dues(later ? accruedInterest(i, date, currency) : i.interest.due),
        fee: dues(later ? 0 : i.fee.due),
        penalty: dues(later ? 0 : i.penalty.due),
      };
    });
    writeInstallments(db, loan.id, cut, current);
    dropChargesOn(ctx, loan.id, current.filter((i) => i.dueDate > date).map((i) => i.installmentNumber));
    // What the replay on the cut schedule leaves is what is collected; it equals the quote of loans.get
    // (foreclosureAmount) unless earlier waivers went beyond the accrued interest.
    const toPay = simulate(db, loan, []).state.reduce((s, i) => s + installmentOutstanding(i), 0);

    const pending: PendingTransaction[] = toPay > 0
      ? [{ type: 'REPAYMENT', date, amount: toPay, paymentTypeId: paymentType.id, ...repaymentCash(ctx, loan, toPay, paymentType, input.approval), receiptNumber: input.receiptNumber ?? null, note: input.note ?? 'Foreclosure' }]
      : [];
    const { ids, state } = rebuildLoan(ctx, loan, pending);
    const repaymentId = ids[0] ?? 0;
    let receipt: ReceiptView | null = null;
    if (toPay > 0) receipt = receiptFor(ctx, loan, repaymentId, 'LOAN_FORECLOSURE', date, toPay, paymentType, portionsOfRow(db, repaymentId), state);
    return result(ctx, loan.id, repaymentId, receipt, state);
  });

  registry.register('loans.get', (ctx, input) => getLoanView(ctx.db, input.loanId, input.asOf ?? ctx.businessDate()));

  registry.register('loans.list', (ctx, input) => listLoans(ctx.db, input, ctx.businessDate()));

  // loans.addCharge, loans.waiveCharge, loans.undoWaiveCharge (loans/chargeOperations.ts)
  registerLoanCharges(registry);
}

/**
 * loans.adjustTransaction: a repayment posted again with another amount, or any transaction undone (amount 0), by
 * the reverse-replay; the collection sheet's undo uses it for each repayment of the sheet.
 */
export function adjustTransaction(ctx: HandlerContext, input: ParsedInput<'loans.adjustTransaction'>): LoanTransactionResult {
  const db = ctx.db;
  const loan = getLoanRow(db, input.loanId);
  requireStatus(loan, ['ACTIVE', 'CLOSED_OBLIGATIONS_MET', 'OVERPAID', 'CLOSED_WRITTEN_OFF'], 'adjusted');
  const row = transactionOf(db, loan, input.transactionId);
  if (row.reversed) throw new AppError('INVALID_STATE', `Transaction ${row.id} is already undone`, [{ field: 'transactionId', code: 'already_reversed', message: 'is already undone' }]);
  if (ACCRUAL_TYPES.has(row.type)) {
    throw new AppError('INVALID_STATE', 'An accrual follows the loan: it changes only with the loan', [{ field: 'transactionId', code: 'accrual', message: 'is an accrual' }]);
  }
  if (row.type === 'DISBURSEMENT' || row.type === 'REPAYMENT_AT_DISBURSEMENT') {
    throw new AppError('INVALID_STATE', 'A disbursement is undone with "undo disbursal"', [{ field: 'transactionId', code: 'use_undo_disbursal', message: 'use undo disbursal' }]);
  }
  if (row.type === 'REPAYMENT' && row.payment_type_id === null && row.fund_account_id !== null) {
    // the savings withdrawal on the other side would stay: the pair is one transfer
    throw new AppError('INVALID_STATE', 'This repayment is a transfer from savings: it cannot be changed on its own', [
      { field: 'transactionId', code: 'transfer_from_savings', message: 'is a transfer from savings' },
    ]);
  }
  if (STATUS_NAME[loan.status] === 'CLOSED_WRITTEN_OFF' && row.type !== 'WRITE_OFF' && row.type !== 'RECOVERY_REPAYMENT') {
    // DOMAIN.md: after a write-off only recoveries and the undo of the write-off itself are allowed
    throw new AppError('INVALID_STATE', 'The loan is written off: undo the write-off first', [
      { field: 'transactionId', code: 'written_off', message: 'only recoveries and the write-off can be changed now' },
    ], { status: 'CLOSED_WRITTEN_OFF' });
  }
  const dp = getOrganisation(db).currency.decimalPlaces;
  const amount = parseMoneyField(input.transactionAmount, dp, 'transactionAmount');
  if (amount < 0) {
    throw new AppError('VALIDATION_FAILED', 'transactionAmount cannot be negative (0 undoes the transaction)', [
      { field: 'transactionAmount', code: 'negative', message: 'cannot be negative; 0 undoes the transaction' },
    ]);
  }
  if (row.type === 'WRITE_OFF') {
    const recoveries = readTransactions(db, loan.id).filter((t) => !t.reversed && t.type === 'RECOVERY_REPAYMENT');
    if (recoveries.length > 0) {
      throw new AppError('INVALID_STATE', 'Undo the recoveries of this loan before its write-off', [
        { field: 'transactionId', code: 'has_recoveries', message: 'undo the recoveries first' },
      ], { status: STATUS_NAME[loan.status], reason: 'HAS_RECOVERIES' });
    }
  }
  if (amount > 0 && row.type !== 'REPAYMENT' && row.type !== 'RECOVERY_REPAYMENT') {
    throw new AppError('VALIDATION_FAILED', 'Only a repayment can change its amount; other transactions can only be undone (amount 0)', [
      { field: 'transactionAmount', code: 'undo_only', message: 'must be 0 (undo) for this transaction' },
    ]);
  }
  const date = input.transactionDate ? transactionDate(ctx, input.transactionDate, 'transactionDate') : row.transaction_date;
  if (loan.disbursed_on) notBefore(date, loan.disbursed_on, 'transactionDate', 'the disbursement date');
  if (row.type === 'RECOVERY_REPAYMENT' && loan.written_off_on) notBefore(date, loan.written_off_on, 'transactionDate', 'the write-off date');
  const given = input.paymentTypeId !== undefined || input.paymentTypeCode !== undefined;
  const paymentType = amount > 0 ? resolvePaymentType(db, given ? input : { paymentTypeId: row.payment_type_id ?? undefined }) : null;
  // A changed cash payment moves only the difference over the counter: the new amount comes into the user's till
  // first (so the till never dips below zero in between), checked on the net of it and the undo of the first one.
  const kind = row.type === 'RECOVERY_REPAYMENT' ? 'LOAN_RECOVERY' : 'LOAN_REPAYMENT';
  const undoesCash = isTillAccount(db, row.fund_account_id);
  const payment = amount > 0 ? repaymentCash(ctx, loan, amount, paymentType!, input.approval, kind, undoesCash ? amount + cashUndoAmount(row) : undefined) : null;
  if (row.type === 'RECOVERY_REPAYMENT') {
    const newId = payment ? recover(ctx, loan, date, amount, paymentType!, row.id, input.note, input.approval, payment) : row.id;
    reverseTransaction(ctx, loan, row, input.note, { approval: input.approval });
    return result(ctx, loan.id, newId, null);
  }
  const pending: PendingTransaction[] = payment
    ? [{ type: 'REPAYMENT', date, amount, paymentTypeId: paymentType!.id, ...payment, receiptNumber: input.receiptNumber ?? row.receipt_number, replacesId: row.id, note: input.note ?? null }]
    : [];
  const { ids, state } = rebuildLoan(ctx, loan, pending, new Set([row.id]));
  reverseTransaction(ctx, loan, row, input.note, { approval: input.approval });
  return result(ctx, loan.id, ids[0] ?? row.id, null, state);
}

/** The same error with its fields placed under an item of a list ("repayments.3.transactionAmount"). */
function prefixFields(err: AppError, prefix: string): AppError {
  const fields = (err.fields ?? [{ field: 'loanId', code: err.code.toLowerCase(), message: err.message }]).map((f) => ({ ...f, field: `${prefix}.${f.field}` }));
  return new AppError(err.code, `${prefix}: ${err.message}`, fields, err.details);
}

/**
 * A recovery repayment after a write-off: at most what is still written off (DOMAIN.md). `replacesId` is the
 * recovery it replaces (a changed amount), which no longer counts as recovered.
 */
function recover(ctx: HandlerContext, loan: LoanRow, date: string, amount: number, paymentType: PaymentType, replacesId: number | null, note: string | null | undefined, approval: Approval, payment?: { fundAccount: number; cash: CashUse }): number {
  const db = ctx.db;
  const txns = readTransactions(db, loan.id).filter((t) => !t.reversed && t.id !== replacesId);
  const writtenOff = txns.filter((t) => t.type === 'WRITE_OFF').reduce((s, t) => s + t.principal_portion + t.interest_portion + t.fee_portion + t.penalty_portion, 0);
  const recovered = txns.filter((t) => t.type === 'RECOVERY_REPAYMENT').reduce((s, t) => s + t.amount, 0);
  if (amount > writtenOff - recovered) {
    throw new AppError('VALIDATION_FAILED', 'A recovery cannot be more than what is still written off', [
      { field: 'transactionAmount', code: 'too_big', message: 'is more than what is still written off' },
    ], { recoverable: writtenOff - recovered });
  }
  assertPeriodOpen(db, date);
  const { fundAccount, cash } = payment ?? repaymentCash(ctx, loan, amount, paymentType, approval, 'LOAN_RECOVERY');
  const id = insertTransaction(db, {
    loanId: loan.id,
    globalId: newGlobalId(db, 'loantxn'),
    type: 'RECOVERY_REPAYMENT',
    date,
    amount,
    paymentTypeId: paymentType.id,
    fundAccountId: fundAccount,
    replacesId,
    note: note ?? null,
    createdBy: ctx.actor?.userId ?? null,
    createdAt: ctx.clock.now().toISOString(),
  });
  postLoanJournal(ctx, loan, id, 'RECOVERY_REPAYMENT', date, amount, { principal: 0, interest: 0, fee: 0, penalty: 0, overpayment: 0 }, fundAccount, cash);
  ctx.touched('loan_transaction', id);
  return id;
}
