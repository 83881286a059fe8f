/**
 * Repayment allocation strategies (Fineract's LoanRepaymentScheduleTransactionProcessor implementations), DOMAIN.md
 * "Repayments, arrears, closure". Each strategy decides, for one installment reached by a payment, whether the
 * payment is early, on time or late for it and in which order the installment's components are paid. Installments
 * are reached oldest first (allocation.ts), as Fineract's AbstractLoanRepaymentScheduleTransactionProcessor does.
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
  'due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy',
  'due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy',
];

export type Timing = 'early' | 'onTime' | 'late';

/** Records what a payment did: `kind` is 'paid' for money, 'waived' for the heavensfamily interest waiver. */
export type Recorder = (inst: MutableInstallment, component: Component, amount: number, kind: 'paid' | 'waived') => void;

/** Fees and penalties already due when a payment is made (see dueChargesOf), in minor units. */
export interface DueCharges {
  fee: number;
  penalty: number;
}

export interface PaymentContext {
  installments: MutableInstallment[];
  index: number;
  date: string;
  record: Recorder;
  /** What the due / in-advance strategies pay first on an installment paid in advance; read before the payment. */
  dueCharges: DueCharges;
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

/**
 * A loan charge as the due / in-advance strategies read it: Fineract's m_loan_charge with its installment rows
 * (Branchbox's loan_charges and loan_charge_installments).
 */
export interface LoanChargeDue {
  penalty: boolean;
  /** The whole charge in minor units (an installment fee: the sum over its installments). */
  amount: number;
  /** Its due date; null for an installment fee, which falls due with each of its installments. */
  dueDate: string | null;
  /** The installments it sits on. */
  installmentNumbers: readonly number[];
}

/**
 * Fineract's due-charge totals (handleTransactionThatIsPaymentInAdvanceOfInstallment of both due / in-advance
 * processors): the whole amounts of the loan's charges still pending whose effective due date is on or before the
 * payment date; an installment fee's effective date is that of its first installment not settled
 * (LoanCharge.getEffectiveDueDate). Fineract reads them before the payment and does not lower them while the payment
 * pays (a charge's paid flag is updated once the payment is allocated), so a charge the same payment has just paid on
 * an overdue installment still lets an installment paid in advance pay its own fees first: odd, and followed here.
 *
 * A charge counts as pending while an installment it sits on owes that component (fee or penalty): exact when an
 * installment carries one charge of each kind. Without `charges`, each installment's fee and its penalty count as
 * one charge due on the installment's due date, which is all the installment state knows (an overdue penalty dated
 * after the payment is then counted, and a specified-due-date charge already due on a later installment is not).
 */
export function dueChargesOf(installments: readonly MutableInstallment[], date: string, charges?: readonly LoanChargeDue[]): DueCharges {
  const totals: DueCharges = { fee: 0, penalty: 0 };
  const byNumber = new Map(installments.map((i) => [i.installmentNumber, i]));
  const list: readonly LoanChargeDue[] =
    charges ??
    installments.flatMap((i) =>
      (['fee', 'penalty'] as const)
        .filter((c) => i[c].due > 0)
        .map((c) => ({ penalty: c === 'penalty', amount: i[c].due, dueDate: i.dueDate, installmentNumbers: [i.installmentNumber] })),
    );
  for (const charge of list) {
    const component = charge.penalty ? 'penalty' : 'fee';
    let firstOwing: string | null = null;
    for (const n of charge.installmentNumbers) {
      const inst = byNumber.get(n);
      if (inst && outstandingOf(inst[component]) > 0 && (firstOwing === null || inst.dueDate < firstOwing)) firstOwing = inst.dueDate;
    }
    if (firstOwing === null) continue; // settled: not pending
    if ((charge.dueDate ?? firstOwing) <= date) totals[component] += charge.amount;
  }
  return totals;
}

/**
 * The two due / in-advance strategies (DuePenFeeIntPriInAdvancePriPenFeeIntLoanRepaymentScheduleTransactionProcessor
 * and DuePenIntPriFeeInAdvancePenIntPriFeeLoanRepaymentScheduleTransactionProcessor). Installments are reached oldest
 * first, so everything due (due date on or before the payment) is paid before anything in advance. An installment
 * due on or before the payment date pays in `dueOrder`. An installment paid in advance first pays its penalties and
 * then its fees, each up to the loan's due-charge totals (dueChargesOf), then `advanceFirst` (principal for the
 * first strategy, nothing for the second); money left then pays the installment in `dueOrder`.
 */
function dueThenInAdvance(dueOrder: readonly Component[], advanceFirst: readonly Component[]): Strategy {
  return {
    timing: byDueDate,
    pay: (timing, remaining, ctx) => {
      const inst = ctx.installments[ctx.index];
      if (!inst) return remaining;
      if (timing !== 'early') return payInOrder(inst, dueOrder, remaining, ctx.record);
      let left = remaining;
      left -= payComponent(inst, 'penalty', Math.min(left, ctx.dueCharges.penalty), ctx.record);
      left -= payComponent(inst, 'fee', Math.min(left, ctx.dueCharges.fee), ctx.record);
      left = payInOrder(inst, advanceFirst, left, ctx.record);
      return left > 0 ? payInOrder(inst, dueOrder, left, ctx.record) : left;
    },
  };
}

const STRATEGIES: Record<RepaymentStrategyCode, Strategy> = {
  'mifos-standard-strategy': ordered(PENALTY_FEE_INTEREST_PRINCIPAL),
  'principal-interest-penalties-fees-order-strategy': ordered(['principal', 'interest', 'penalty', 'fee']),
  'interest-principal-penalties-fees-order-strategy': ordered(['interest', 'principal', 'penalty', 'fee']),
  'rbi-india-strategy': rbiIndia,
  'heavensfamily-strategy': heavensFamily,
  'due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy': dueThenInAdvance(PENALTY_FEE_INTEREST_PRINCIPAL, [
    'principal',
  ]),
  'due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy': dueThenInAdvance(
    ['penalty', 'interest', 'principal', 'fee'],
    [],
  ),
};

export function strategyFor(code: RepaymentStrategyCode): Strategy | undefined {
  return STRATEGIES[code];
}

export { COMPONENTS };
