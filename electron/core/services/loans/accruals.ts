import type { Currency } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { addDays } from '../../domain/calendar';
import { accruedInterest, type InstallmentState } from '../../domain/loans';
import { accountAccounting, isAccrual, type Accounting, type AccountingRule } from '../charges/accounting';
import { accountByTag } from '../ledger';
import { getOrganisation, newGlobalId } from '../organisation';
import { readChargeInstallments, readLoanCharges } from './charges';
import { postLoanJournal, REPLAYED_TYPES, reverseTransaction } from './posting';
import { getLoanRow, insertTransaction, readInstallments, readTransactions, splitOf, STATUS_NAME, type LoanRow, type TransactionRow } from './repository';

/**
 * Accruals of a loan booked on accruals (services/charges/README.md "Accounting rules"; Fineract's
 * LoanAccrualsProcessingServiceImpl and AccrualBasedAccountingProcessorForLoan): ACCRUAL transactions carry the
 * interest, fee and penalty earned, posted Dr receivable / Cr income; an ACCRUAL_ADJUSTMENT takes back what was
 * accrued beyond what is now earned (a foreclosure cut the interest, a charge was undone, a closed loan reopened),
 * Dr income / Cr receivable. They are loan transactions that the repayment replay never sees (not in
 * REPLAYED_TYPES) and that never touch the installments.
 *
 * What is earned on a date:
 * - ACCRUAL_PERIODIC (Fineract's "Add Periodic Accrual Transactions", the COB step ADD_PERIODIC_ACCRUAL_ENTRIES):
 *   the whole interest of every installment due on or before the date, and of the installment running on it the
 *   interest pro rata by days, interest x (date - from) / (due - from), rounded half-even (Fineract's
 *   getInterestAccruedTillDate, which divides in double precision: the same figure except where the double's error
 *   straddles a half unit; here decimal.js, domain/loans/arrears.ts accruedInterest); every fee and penalty whose
 *   due date is on or before the date (Fineract's default "due-date" charge accrual). Day-end accrues each day D it
 *   closes up to D and dates it D (the COB date); a change during the day accrues the interest up to the last day
 *   closed and the charges due up to the business date (a charge or penalty applied on or before it accrues at once).
 * - ACCRUAL_UPFRONT: everything the schedule carries, at disbursement (all interest and the schedule's fees, dated
 *   the disbursement date), and each charge added later when it is applied.
 * - A closed loan (obligations met, overpaid, written off) has earned everything it carries: the final accrual
 *   (Fineract's processAccrualsOnLoanClosure, dated the day it closed; Fineract makes none at a write-off, so a
 *   written-off loan's receivables would keep the unaccrued interest it wrote off: here the write-off takes the
 *   final accrual too, so that they end at zero).
 *
 * Waivers do not lower what is earned: a waiver posts Dr losses / Cr receivable for what it waived (Fineract's
 * journal), and the waived amount is accrued as it falls due. Fineract instead leaves the part of a waiver not yet
 * accrued "unrecognized" (posting only the accrued part and never accruing the rest); the net income is the same,
 * and here each receivable is, per loan, exactly what was accrued less what was paid, waived and written off. The
 * interest heavensfamily-strategy waives inside a repayment (no waiver transaction, nothing posted) does lower what
 * is earned: it is never accrued (interestWaivedByRepayments), so that the receivable of a closed loan ends at zero.
 */
export const ACCRUAL_TYPES: ReadonlySet<string> = new Set(['ACCRUAL', 'ACCRUAL_ADJUSTMENT']);

export interface AccrualAmounts {
  interest: number;
  fee: number;
  penalty: number;
}

/** The chart's account with a template tag, or null when the chart has none. */
export function accountByTagOrNull(db: Db, tag: string): number | null {
  try {
    return accountByTag(db, tag);
  } catch {
    return null;
  }
}

/** The receivable account of each component and the loan's accrual rule (null: the loan is not on accruals). */
export interface Receivables {
  rule: AccountingRule;
  interest: number;
  fee: number;
  penalty: number;
}

/**
 * The receivables a loan on accruals posts to: its own (copied from the product at submission), else the chart's
 * template accounts (1210 interest receivable, 1220 fees receivable; penalties to a PENALTIES_RECEIVABLE account when
 * the chart has one, else to fees receivable). Null for a loan booked on cash (NONE included: README).
 */
export function receivablesOf(db: Db, accounting: Accounting): Receivables | null {
  if (!isAccrual(accounting.rule)) return null;
  const a = accounting.accounts;
  const interest = a.interestReceivable ?? accountByTagOrNull(db, 'INTEREST_RECEIVABLE');
  const fee = a.feeReceivable ?? accountByTagOrNull(db, 'FEES_RECEIVABLE');
  const penalty = a.penaltyReceivable ?? accountByTagOrNull(db, 'PENALTIES_RECEIVABLE') ?? fee;
  if (interest === null || fee === null || penalty === null) throw new Error(`loan accrual accounts missing: ${JSON.stringify(a)}`);
  return { rule: accounting.rule, interest, fee, penalty };
}

export function loanReceivables(db: Db, loanId: number): Receivables | null {
  return receivablesOf(db, accountAccounting(db, 'LOAN', loanId));
}

/** One charge's due on one installment, and the date it falls due. */
interface ChargeDue {
  component: 'fee' | 'penalty';
  amount: number;
  dueDate: string;
}

/**
 * When each fee and penalty an installment carries falls due: an installment fee on the installment's due date, a
 * specified-due-date charge on its date, an overdue penalty on the date it falls on (loan_charges README). What an
 * installment carries beyond its charges' rows (fees of a loan kept before its charges were) falls due with it. A
 * fee collected at disbursement is never accrued (Fineract: isDueAtDisbursement).
 */
function chargeDues(db: Db, loanId: number, state: readonly InstallmentState[]): ChargeDue[] {
  const byNumber = new Map(state.map((i) => [i.installmentNumber, i]));
  const rows = readChargeInstallments(db, loanId);
  const covered = new Map<string, number>();
  const dues: ChargeDue[] = [];
  for (const c of readLoanCharges(db, loanId)) {
    if (c.time_type === 'DISBURSEMENT') continue;
    const component = c.penalty ? 'penalty' : 'fee';
    for (const [n, amount] of rows.get(c.id) ?? []) {
      const inst = byNumber.get(n);
      if (!inst) continue;
      dues.push({ component, amount, dueDate: c.time_type === 'INSTALMENT_FEE' || c.due_date === null ? inst.dueDate : c.due_date });
      covered.set(`${n}:${component}`, (covered.get(`${n}:${component}`) ?? 0) + amount);
    }
  }
  for (const i of state) {
    for (const component of ['fee', 'penalty'] as const) {
      const rest = i[component].due - (covered.get(`${i.installmentNumber}:${component}`) ?? 0);
      if (rest > 0) dues.push({ component, amount: rest, dueDate: i.dueDate });
    }
  }
  return dues;
}

/**
 * The interest a repayment waived on each installment, by installment number: heavensfamily-strategy's prepaid
 * principal waives the installment's interest inside the repayment, with no waiver transaction (Fineract's FIXME in
 * HeavensFamilyLoanRepaymentScheduleTransactionProcessor). It is what an installment shows waived beyond what the
 * live interest waivers put on it. It is never earned, so never accrued: Fineract's
 * LoanAccrualsProcessingServiceImpl.addInterestAccrual makes the accruable interest the interest less the
 * installment's interest waived, the part no waiver transaction covers being "unrecognized". (Interest waived by a
 * WAIVE_INTEREST transaction is accrued, and the waiver clears it from the receivable: see above.)
 */
export function interestWaivedByRepayments(state: readonly InstallmentState[], rows: readonly TransactionRow[]): Map<number, number> {
  const byWaivers = new Map<number, number>();
  for (const t of rows) {
    if (t.reversed || t.type !== 'WAIVE_INTEREST') continue;
    for (const s of splitOf(t)) byWaivers.set(s.installmentNumber, (byWaivers.get(s.installmentNumber) ?? 0) + s.interest);
  }
  const out = new Map<number, number>();
  for (const i of state) {
    const w = i.interest.waived - (byWaivers.get(i.installmentNumber) ?? 0);
    if (w > 0) out.set(i.installmentNumber, w);
  }
  return out;
}

/**
 * Everything the installments carry, less the interest repayments waived: what a closed loan, or one on upfront
 * accrual, has earned.
 */
function allDues(state: readonly InstallmentState[], unearned: ReadonlyMap<number, number>): AccrualAmounts {
  return state.reduce(
    (s, i) => ({ interest: s.interest + i.interest.due - (unearned.get(i.installmentNumber) ?? 0), fee: s.fee + i.fee.due, penalty: s.penalty + i.penalty.due }),
    { interest: 0, fee: 0, penalty: 0 },
  );
}

/**
 * What a loan on periodic accrual has earned: interest up to `interestTill` (whole installments due by then, the
 * running one pro rata by days) less, per installment, the interest a repayment waived on it (`unearned`, never below
 * nothing), fees and penalties due on or before `chargesTill`.
 */
export function periodicTarget(
  state: readonly InstallmentState[],
  dues: readonly ChargeDue[],
  interestTill: string,
  chargesTill: string,
  currency: Currency,
  unearned: ReadonlyMap<number, number> = new Map(),
): AccrualAmounts {
  let interest = 0;
  for (const i of state) interest += Math.max(0, accruedInterest(i, interestTill, currency) - (unearned.get(i.installmentNumber) ?? 0));
  let fee = 0;
  let penalty = 0;
  for (const d of dues) {
    if (d.dueDate > chargesTill) continue;
    if (d.component === 'fee') fee += d.amount;
    else penalty += d.amount;
  }
  return { interest, fee, penalty };
}

/** What the loan's live accrual transactions add up to (adjustments taken off). */
export function accruedSoFar(rows: readonly TransactionRow[]): AccrualAmounts {
  const sum = { interest: 0, fee: 0, penalty: 0 };
  for (const t of rows) {
    if (t.reversed || !ACCRUAL_TYPES.has(t.type)) continue;
    const sign = t.type === 'ACCRUAL' ? 1 : -1;
    sum.interest += sign * t.interest_portion;
    sum.fee += sign * t.fee_portion;
    sum.penalty += sign * t.penalty_portion;
  }
  return sum;
}

const COMPONENTS = ['interest', 'fee', 'penalty'] as const;

/**
 * Writes what takes the accrued amounts to `target`, dated `date`: an ACCRUAL of what rose, an ACCRUAL_ADJUSTMENT of
 * what fell (both when components moved apart), each with its journal entry. Returns the ids written.
 */
function accrueTo(ctx: HandlerContext, loan: LoanRow, rows: readonly TransactionRow[], target: AccrualAmounts, date: string, note: string | null): number[] {
  const accrued = accruedSoFar(rows);
  const up = { interest: 0, fee: 0, penalty: 0 };
  const down = { interest: 0, fee: 0, penalty: 0 };
  for (const c of COMPONENTS) {
    const delta = target[c] - accrued[c];
    if (delta > 0) up[c] = delta;
    else down[c] = -delta;
  }
  const ids: number[] = [];
  for (const [type, amounts] of [['ACCRUAL', up], ['ACCRUAL_ADJUSTMENT', down]] as const) {
    const amount = amounts.interest + amounts.fee + amounts.penalty;
    if (amount === 0) continue;
    const portions = { principal: 0, interest: amounts.interest, fee: amounts.fee, penalty: amounts.penalty, overpayment: 0 };
    const id = insertTransaction(ctx.db, {
      loanId: loan.id,
      globalId: newGlobalId(ctx.db, 'loantxn'),
      type,
      date,
      amount,
      portions,
      note,
      createdBy: ctx.actor?.userId ?? null,
      createdAt: ctx.clock.now().toISOString(),
    });
    postLoanJournal(ctx, loan, id, type, date, amount, portions, null);
    ctx.touched('loan_transaction', id);
    ids.push(id);
  }
  return ids;
}

/** Statuses whose loan has earned everything it carries. */
const CLOSED = new Set(['CLOSED_OBLIGATIONS_MET', 'OVERPAID', 'CLOSED_WRITTEN_OFF']);

/** The day a closed loan closed: its write-off, else the last of the transactions the replay applied. */
function closingDate(loan: LoanRow, rows: readonly TransactionRow[]): string {
  if (loan.written_off_on) return loan.written_off_on;
  if (loan.closed_on) return loan.closed_on;
  return rows.reduce((d, t) => (!t.reversed && REPLAYED_TYPES.has(t.type) && t.transaction_date > d ? t.transaction_date : d), loan.disbursed_on ?? '');
}

/**
 * Day-end's accrual of one loan on periodic accrual for the day D it closes (Fineract's COB step for the COB date D):
 * what is earned up to D less what is already accrued, dated D. Returns the transactions written.
 */
export function accrueLoan(ctx: HandlerContext, loan: LoanRow, tillDate: string): number[] {
  const receivables = loanReceivables(ctx.db, loan.id);
  if (!receivables || STATUS_NAME[loan.status] !== 'ACTIVE') return [];
  const state = readInstallments(ctx.db, loan.id);
  const rows = readTransactions(ctx.db, loan.id);
  const unearned = interestWaivedByRepayments(state, rows);
  const target =
    receivables.rule === 'ACCRUAL_PERIODIC'
      ? periodicTarget(state, chargeDues(ctx.db, loan.id, state), tillDate, tillDate, getOrganisation(ctx.db).currency, unearned)
      : allDues(state, unearned);
  return accrueTo(ctx, loan, rows, target, tillDate, null);
}

/**
 * Brings a loan's accruals in line with its state after a change (a payment, a waiver, a charge, a write-off, a
 * foreclosure, an undo): a closed loan accrues everything it carries, dated the day it closed; an active one on
 * periodic accrual the interest up to the last day closed and the charges due by the business date, on upfront
 * accrual everything it carries, dated the business date (upfront: `on`, the disbursement, when given). Nothing for a
 * loan on cash.
 */
export function syncAccruals(ctx: HandlerContext, loanId: number, on?: string): number[] {
  const db = ctx.db;
  const receivables = loanReceivables(db, loanId);
  if (!receivables) return [];
  const loan = getLoanRow(db, loanId);
  const status = STATUS_NAME[loan.status]!;
  if (status !== 'ACTIVE' && !CLOSED.has(status)) return [];
  const state = readInstallments(db, loan.id);
  const rows = readTransactions(db, loan.id);
  const unearned = interestWaivedByRepayments(state, rows);
  if (CLOSED.has(status)) return accrueTo(ctx, loan, rows, allDues(state, unearned), closingDate(loan, rows), null);
  const today = ctx.businessDate();
  const target =
    receivables.rule === 'ACCRUAL_PERIODIC'
      ? periodicTarget(state, chargeDues(db, loan.id, state), addDays(today, -1), today, getOrganisation(db).currency, unearned)
      : allDues(state, unearned);
  return accrueTo(ctx, loan, rows, target, receivables.rule === 'ACCRUAL_UPFRONT' && on ? on : today, null);
}

/** Undo disbursal: every live accrual of the loan is reversed with its journal entry. */
export function reverseAccruals(ctx: HandlerContext, loan: LoanRow, note?: string | null): void {
  for (const t of readTransactions(ctx.db, loan.id)) {
    if (!t.reversed && ACCRUAL_TYPES.has(t.type)) reverseTransaction(ctx, loan, t, note);
  }
}
