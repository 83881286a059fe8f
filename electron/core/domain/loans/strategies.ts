/**
 * Repayment allocation strategies (Fineract's LoanRepaymentScheduleTransactionProcessor implementations), DOMAIN.md
 * "Repayments, arrears, closure". Each strategy decides, for one installment reached by a payment, whether the
 * payment is early, on time or late for it and in which order the installment's components are paid.
 */
import type { TransactionProcessingStrategyCode } from '../../../../shared/contract/loanSchedule';
import { COMPONENTS, outstandingOf, type Component, type MutableInstallment } from './state';

export type RepaymentStrategyCode = TransactionProcessingStrategyCode;
export const REPAYMENT_STRATEGY_CODES: readonly RepaymentStrategyCode[] = [
  'mifos-standard-strategy',
  'principal-interest-penalties-fees-order-strategy',
  'interest-principal-penalties-fees-order-strategy',
  'rbi-india-strategy',
  'heavensfamily-strategy',
];

export type Timing = 'early' | 'onTime' | 'late';

/** Records what a payment did: `kind` is 'paid' for money, 'waived' for the heavensfamily interest waiver. */
export type Recorder = (inst: MutableInstallment, component: Component, amount: number, kind: 'paid' | 'waived') => void;

export interface PaymentContext {
  installments: MutableInstallment[];
  index: number;
  date: string;
  record: Recorder;
}

interface Strategy {
  timing(installments: readonly MutableInstallment[], index: number, date: string): Timing;
  /** Pays what it can of installments[index] (or more, for rbi-india) and returns the money left. */
  pay(timing: Timing, remaining: number, ctx: PaymentContext): number;
}

/** Pays one component of an installment up to its outstanding amount; returns the amount paid. */
export function payComponent(inst: MutableInstallment, component: Component, remaining: number, record: Recorder): number {
  if (remaining <= 0) return 0;
  const owed = outstandingOf(inst[component]);
  if (owed <= 0) return 0;
  const paid = owed < remaining ? owed : remaining;
  inst[component].paid += paid;
  record(inst, component, paid, 'paid');
  return paid;
}

function payInOrder(inst: MutableInstallment, order: readonly Component[], remaining: number, record: Recorder): number {
  let left = remaining;
  for (const c of order) left -= payComponent(inst, c, left, record);
  return left;
}

/** Default timing (AbstractLoanRepaymentScheduleTransactionProcessor): before the due date early, after it late. */
function byDueDate(installments: readonly MutableInstallment[], index: number, date: string): Timing {
  const due = installments[index]?.dueDate ?? date;
  return date < due ? 'early' : date > due ? 'late' : 'onTime';
}

const PENALTY_FEE_INTEREST_PRINCIPAL: readonly Component[] = ['penalty', 'fee', 'interest', 'principal'];

function ordered(order: readonly Component[]): Strategy {
  return {
    timing: byDueDate,
    pay: (_timing, remaining, ctx) => {
      const inst = ctx.installments[ctx.index];
      return inst ? payInOrder(inst, order, remaining, ctx.record) : remaining;
    },
  };
}

/**
 * rbi-india-strategy (RBILoanRepaymentScheduleTransactionProcessor): a late payment first pays penalties, fees and
 * interest of every overdue installment and of the latest installment already due, then principal of the
 * installments in order; early and on-time payments pay like mifos-standard.
 */
const rbiIndia: Strategy = {
  timing: byDueDate,
  pay: (timing, remaining, ctx) => {
    const { installments, date, record } = ctx;
    const current = installments[ctx.index];
    if (!current) return remaining;
    if (timing !== 'late') return payInOrder(current, PENALTY_FEE_INTEREST_PRINCIPAL, remaining, record);
    let nearest = installments[0];
    for (const inst of installments) {
      if (date < inst.dueDate) break;
      nearest = inst;
    }
    let left = remaining;
    for (const inst of installments) {
      const hasIncomeDue = outstandingOf(inst.interest) + outstandingOf(inst.fee) + outstandingOf(inst.penalty) > 0;
      if (hasIncomeDue && (date > inst.dueDate || inst === nearest)) {
        left = payInOrder(inst, ['penalty', 'fee', 'interest'], left, record);
      }
    }
    for (const inst of installments) left -= payComponent(inst, 'principal', left, record);
    return left;
  },
};

/**
 * heavensfamily-strategy (HeavensFamilyLoanRepaymentScheduleTransactionProcessor): principal, interest, fees,
 * penalties. A payment is "in advance" of an installment when it is dated before the previous installment's due
 * date; in advance it pays the principal first and, once that installment's principal is fully paid, waives the
 * installment's interest (DOMAIN.md: "prepaid principal waives that installment's interest").
 */
const heavensFamily: Strategy = {
  timing: (installments, index, date) => {
    const previous = installments[index > 0 ? index - 1 : 0];
    if (previous && date < previous.dueDate) return 'early';
    return byDueDate(installments, index, date) === 'late' ? 'late' : 'onTime';
  },
  pay: (timing, remaining, ctx) => {
    const inst = ctx.installments[ctx.index];
    if (!inst) return remaining;
    let left = remaining;
    if (timing === 'early' && outstandingOf(inst.principal) > 0) {
      left -= payComponent(inst, 'principal', left, ctx.record);
      if (outstandingOf(inst.principal) === 0) {
        const waive = Math.min(outstandingOf(inst.interest), inst.interest.due);
        if (waive > 0) {
          inst.interest.waived += waive;
          ctx.record(inst, 'interest', waive, 'waived');
        }
      }
    }
    return payInOrder(inst, ['principal', 'interest', 'fee', 'penalty'], left, ctx.record);
  },
};

const STRATEGIES: Record<RepaymentStrategyCode, Strategy> = {
  'mifos-standard-strategy': ordered(PENALTY_FEE_INTEREST_PRINCIPAL),
  'principal-interest-penalties-fees-order-strategy': ordered(['principal', 'interest', 'penalty', 'fee']),
  'interest-principal-penalties-fees-order-strategy': ordered(['interest', 'principal', 'penalty', 'fee']),
  'rbi-india-strategy': rbiIndia,
  'heavensfamily-strategy': heavensFamily,
};

export function strategyFor(code: RepaymentStrategyCode): Strategy | undefined {
  return STRATEGIES[code];
}

export { COMPONENTS };
