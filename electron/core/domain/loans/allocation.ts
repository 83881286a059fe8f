/**
 * Applying loan transactions to the installment state (DOMAIN.md "Repayments, arrears, closure"): repayments through
 * a strategy (strategies.ts), interest waivers, charge waivers and write-off; and replaying a list of them from
 * scratch, as the loan service must after a backdated transaction or an undo (reverse-replay).
 *
 * Pure: the given state is never changed; a new one is returned.
 */
import { AppError, invalidField } from '../../../../shared/errors';
import { isIsoDate } from '../../../../shared/dates';
import type { Minor } from '../../../../shared/money';
import {
  COMPONENTS,
  amounts,
  checkState,
  installmentOutstanding,
  outstandingOf,
  toMutable,
  toPublic,
  type Component,
  type ComponentAmounts,
  type InstallmentState,
  type MutableInstallment,
} from './state';
import { dueChargesOf, strategyFor, type LoanChargeDue, type RepaymentStrategyCode } from './strategies';

export type LoanTransaction =
  | { type: 'REPAYMENT'; date: string; amount: Minor }
  /** Waives interest, oldest unpaid first, future installments included; at most the interest outstanding. */
  | { type: 'WAIVE_INTEREST'; date: string; amount: Minor }
  /** Waives the unpaid part of an installment's fees or penalties (all of it when amount is omitted). */
  | { type: 'WAIVE_CHARGE'; date: string; installmentNumber: number; component: 'fee' | 'penalty'; amount?: Minor }
  /** Writes off everything outstanding: principal, all interest (future included), fees, penalties. */
  | { type: 'WRITE_OFF'; date: string };

export interface InstallmentSplit extends ComponentAmounts {
  installmentNumber: number;
}

export interface Allocation {
  /** What the transaction did to each installment: paid for a repayment, waived for a waiver, written off. */
  split: InstallmentSplit[];
  /** The transaction's portions: the sum of `split`. */
  portions: ComponentAmounts;
  /** Money beyond the last installment: a liability to the client (the loan is OVERPAID). */
  overpaid: Minor;
  /** heavensfamily-strategy: interest waived because the installment's principal was paid in advance. */
  autoWaivedInterest: InstallmentSplit[];
}

export interface AllocationResult extends Allocation {
  state: InstallmentState[];
}

export interface ReplayedTransaction extends Allocation {
  /** Position of the transaction in the list given to replayTransactions. */
  index: number;
  transaction: LoanTransaction;
}

export interface ReplayResult {
  state: InstallmentState[];
  /** In processing order: charge waivers first, then the rest; each by date, then by position in the list given. */
  transactions: ReplayedTransaction[];
  /** Total overpayment: it sits on the transactions last by date. */
  overpaid: Minor;
  /** Date of the write-off, if the replay contains one. */
  writtenOffOn: string | null;
}

class SplitBook {
  private readonly rows = new Map<number, [number, number, number, number]>();
  add(inst: MutableInstallment, component: Component, amount: number): void {
    if (amount === 0) return;
    let row = this.rows.get(inst.installmentNumber);
    if (!row) {
      row = [0, 0, 0, 0];
      this.rows.set(inst.installmentNumber, row);
    }
    const k = COMPONENTS.indexOf(component);
    row[k] = (row[k] ?? 0) + amount;
  }
  list(): InstallmentSplit[] {
    return [...this.rows.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([installmentNumber, r]) => ({ installmentNumber, ...amounts(r[0], r[1], r[2], r[3]) }));
  }
  total(): ComponentAmounts {
    const t = [0, 0, 0, 0];
    for (const r of this.rows.values()) for (let k = 0; k < 4; k++) t[k] = (t[k] ?? 0) + (r[k] ?? 0);
    return amounts(t[0] ?? 0, t[1] ?? 0, t[2] ?? 0, t[3] ?? 0);
  }
}

function checkTransaction(t: LoanTransaction): void {
  if (!isIsoDate(t.date)) throw invalidField('date', 'must be a real date written YYYY-MM-DD');
  if (t.type === 'WRITE_OFF') return;
  const amount = t.amount;
  // a charge waiver without an amount waives all that is unpaid; one re-created by a replay that found nothing left
  // to waive records 0 and waives nothing
  if (t.type === 'WAIVE_CHARGE' && (amount === undefined || amount === 0)) return;
  if (amount === undefined || !Number.isSafeInteger(amount) || amount <= 0) {
    throw invalidField('amount', 'must be a whole number of minor units greater than zero');
  }
}

/**
 * The loan's charges, for the due / in-advance strategies (strategies.ts dueChargesOf): without them each
 * installment's fee and penalty count as due on the installment's due date.
 */
export interface AllocationOptions {
  charges?: readonly LoanChargeDue[];
}

/** Applies one transaction to a mutable state; `strict` refuses waivers beyond what is outstanding. */
function apply(
  state: MutableInstallment[],
  t: LoanTransaction,
  strategyCode: RepaymentStrategyCode,
  strict: boolean,
  options: AllocationOptions = {},
): Allocation {
  const book = new SplitBook();
  const waivedBook = new SplitBook();
  let overpaid = 0;
  switch (t.type) {
    case 'REPAYMENT': {
      const strategy = strategyFor(strategyCode);
      if (!strategy) throw invalidField('transactionProcessingStrategyCode', `unknown strategy ${strategyCode}`);
      const record = (inst: MutableInstallment, c: Component, x: number, kind: 'paid' | 'waived'): void =>
        kind === 'paid' ? book.add(inst, c, x) : waivedBook.add(inst, c, x);
      let remaining: number = t.amount;
      // read before the payment pays anything, as Fineract reads its charges' paid flags
      const dueCharges = dueChargesOf(state, t.date, options.charges);
      // AbstractLoanRepaymentScheduleTransactionProcessor.processTransaction: installments in order, each one not
      // fully paid gets the money left, as an early, on-time or late payment for that installment.
      for (let index = 0; index < state.length && remaining > 0; index++) {
        const inst = state[index];
        if (!inst || installmentOutstanding(inst) <= 0) continue;
        const timing = strategy.timing(state, index, t.date);
        remaining = strategy.pay(timing, remaining, { installments: state, index, date: t.date, record, dueCharges });
      }
      overpaid = remaining;
      break;
    }
    case 'WAIVE_INTEREST': {
      const outstanding = state.reduce((s, i) => s + outstandingOf(i.interest), 0);
      if (strict && t.amount > outstanding) {
        throw invalidField('amount', `is more than the interest outstanding (${outstanding} minor units)`, 'tooMuch');
      }
      let remaining: number = t.amount;
      for (const inst of state) {
        if (remaining <= 0) break;
        const w = Math.min(outstandingOf(inst.interest), remaining);
        if (w <= 0) continue;
        inst.interest.waived += w;
        book.add(inst, 'interest', w);
        remaining -= w;
      }
      break;
    }
    case 'WAIVE_CHARGE': {
      const inst = state.find((i) => i.installmentNumber === t.installmentNumber);
      if (!inst) throw invalidField('installmentNumber', `no installment ${t.installmentNumber}`, 'notFound');
      const owed = outstandingOf(inst[t.component]);
      const w = t.amount === undefined ? owed : Math.min(owed, t.amount);
      if (strict && t.amount !== undefined && t.amount > owed) {
        throw invalidField('amount', `is more than the unpaid ${t.component} (${owed} minor units)`, 'tooMuch');
      }
      inst[t.component].waived += w;
      book.add(inst, t.component, w);
      break;
    }
    case 'WRITE_OFF': {
      for (const inst of state) {
        for (const c of COMPONENTS) {
          const owed = outstandingOf(inst[c]);
          if (owed <= 0) continue;
          inst[c].writtenOff += owed;
          book.add(inst, c, owed);
        }
      }
      break;
    }
  }
  return { split: book.list(), portions: book.total(), overpaid: overpaid as Minor, autoWaivedInterest: waivedBook.list() };
}

/**
 * Applies one transaction to the installments: returns the per-installment split, the new state and any
 * overpayment. Refuses a waiver larger than what is outstanding.
 */
export function allocateTransaction(
  state: readonly InstallmentState[],
  transaction: LoanTransaction,
  strategy: RepaymentStrategyCode = 'mifos-standard-strategy',
  options: AllocationOptions = {},
): AllocationResult {
  checkState(state);
  checkTransaction(transaction);
  const working = toMutable(state);
  const result = apply(working, transaction, strategy, true, options);
  return { ...result, state: toPublic(working) };
}

/** A repayment of `amount` on `date`. */
export function allocateRepayment(
  state: readonly InstallmentState[],
  date: string,
  amount: Minor,
  strategy: RepaymentStrategyCode = 'mifos-standard-strategy',
): AllocationResult {
  return allocateTransaction(state, { type: 'REPAYMENT', date, amount }, strategy);
}

/** Interest waiver: oldest unpaid interest first, future installments included, at most what is outstanding. */
export function waiveInterest(state: readonly InstallmentState[], date: string, amount: Minor): AllocationResult {
  return allocateTransaction(state, { type: 'WAIVE_INTEREST', date, amount });
}

/** Write-off of everything outstanding. */
export function writeOff(state: readonly InstallmentState[], date: string): AllocationResult {
  return allocateTransaction(state, { type: 'WRITE_OFF', date });
}

/**
 * Replays transactions from scratch (DOMAIN.md reverse-replay): paid, waived and written-off amounts are reset
 * (unless resetDerived is false), then every charge waiver is applied first, at its amount (in date order, ties in
 * the order given), and then the other transactions in date order, ties in the order given. Fineract keeps what a
 * charge waiver waived on the charge and puts the waived amounts back on the installments before it replays the
 * payments (LoanRepaymentScheduleProcessingWrapper.reprocess: cumulativeChargesWaivedWithin), so a payment entered
 * later but dated before a waiver pays what is still owed and the waiver is unchanged (services/charges README
 * "Waivers in a replay"). Charges must already be on the installments (fee and penalty `due`). Interest waivers
 * are capped at what is outstanding at their turn; a repayment after the write-off is refused with INVALID_STATE:
 * after a write-off only recovery repayments, which do not touch installments, are allowed.
 */
export function replayTransactions(
  initial: readonly InstallmentState[],
  transactions: readonly LoanTransaction[],
  strategy: RepaymentStrategyCode = 'mifos-standard-strategy',
  options: { resetDerived?: boolean } & AllocationOptions = {},
): ReplayResult {
  checkState(initial);
  transactions.forEach(checkTransaction);
  const working = toMutable(initial, options.resetDerived ?? true);
  const byDate = (a: { transaction: LoanTransaction; index: number }, b: { transaction: LoanTransaction; index: number }) =>
    a.transaction.date < b.transaction.date ? -1 : a.transaction.date > b.transaction.date ? 1 : a.index - b.index;
  const all = transactions.map((transaction, index) => ({ transaction, index }));
  const order = [
    ...all.filter((t) => t.transaction.type === 'WAIVE_CHARGE').sort(byDate),
    ...all.filter((t) => t.transaction.type !== 'WAIVE_CHARGE').sort(byDate),
  ];
  const done: ReplayedTransaction[] = [];
  let overpaid = 0;
  let writtenOffOn: string | null = null;
  for (const { transaction, index } of order) {
    if (writtenOffOn !== null && transaction.type !== 'WRITE_OFF' && transaction.type !== 'WAIVE_CHARGE') {
      throw new AppError(
        'INVALID_STATE',
        `transaction ${index} dated ${transaction.date} comes after the write-off of ${writtenOffOn}`,
        [{ field: `transactions.${index}`, code: 'afterWriteOff', message: 'only recovery repayments follow a write-off' }],
      );
    }
    const allocation = apply(working, transaction, strategy, false, options);
    if (transaction.type === 'WRITE_OFF') writtenOffOn = transaction.date;
    overpaid += allocation.overpaid;
    done.push({ ...allocation, index, transaction });
  }
  return { state: toPublic(working), transactions: done, overpaid: overpaid as Minor, writtenOffOn };
}

/** True when two allocations split money identically (the loan service re-creates a transaction when not). */
export function sameSplit(a: Allocation, b: Allocation): boolean {
  if (a.overpaid !== b.overpaid || a.split.length !== b.split.length) return false;
  return a.split.every((x, i) => {
    const y = b.split[i];
    return (
      y !== undefined &&
      x.installmentNumber === y.installmentNumber &&
      x.principal === y.principal &&
      x.interest === y.interest &&
      x.fee === y.fee &&
      x.penalty === y.penalty
    );
  });
}
