/**
 * What a loan owes on a date (DOMAIN.md "Repayments, arrears, closure"): due and overdue amounts, days in arrears,
 * the aging bucket, the full prepayment amount and the foreclosure amount.
 */
import { invalidField } from '../../../../shared/errors';
import { isIsoDate } from '../../../../shared/dates';
import type { Currency } from '../../../../shared/money';
import { daysBetween } from '../calendar/isoDate';
import { Wide, moneyOf, moneyRules } from './money';
import { amounts, checkState, installmentOutstanding, outstandingOf, sumOutstanding, type ComponentAmounts, type InstallmentState } from './state';

export const AGING_BUCKETS = ['CURRENT', 'DAYS_1_30', 'DAYS_31_60', 'DAYS_61_90', 'DAYS_91_180', 'OVER_180'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Arrears aging buckets: current, 1-30, 31-60, 61-90, 91-180, over 180 days. */
export function agingBucket(daysInArrears: number): AgingBucket {
  if (daysInArrears <= 0) return 'CURRENT';
  if (daysInArrears <= 30) return 'DAYS_1_30';
  if (daysInArrears <= 60) return 'DAYS_31_60';
  if (daysInArrears <= 90) return 'DAYS_61_90';
  if (daysInArrears <= 180) return 'DAYS_91_180';
  return 'OVER_180';
}

export interface LoanPosition {
  asOf: string;
  /** Everything still owed, future installments included (no future interest is dropped). */
  outstanding: ComponentAmounts;
  /** Owed on installments due on or before asOf. */
  due: ComponentAmounts;
  /** Owed on installments due before asOf: the arrears. */
  overdue: ComponentAmounts;
  /** Due date of the oldest installment still unpaid after its due date, or null. */
  oldestOverdueDueDate: string | null;
  /** Days from that due date to asOf (0 when nothing is overdue). */
  daysInArrears: number;
  agingBucket: AgingBucket;
  /** Numbers of the installments past due and unpaid. */
  overdueInstallments: number[];
}

function checkDate(date: string, field: string): void {
  if (!isIsoDate(date)) throw invalidField(field, 'must be a real date written YYYY-MM-DD');
}

/**
 * The loan's position on a date. An installment is overdue from the day after its due date while anything of it
 * is unpaid; days in arrears count from the oldest such due date (DOMAIN.md: "days in arrears counts from the
 * oldest unpaid due date").
 */
export function loanPosition(state: readonly InstallmentState[], asOf: string): LoanPosition {
  checkState(state);
  checkDate(asOf, 'asOf');
  const due = state.filter((i) => i.dueDate <= asOf);
  const overdueList = state.filter((i) => i.dueDate < asOf && installmentOutstanding(i) > 0);
  const oldest = overdueList[0]?.dueDate ?? null;
  const days = oldest === null ? 0 : daysBetween(oldest, asOf);
  return {
    asOf,
    outstanding: sumOutstanding(state),
    due: sumOutstanding(due),
    overdue: sumOutstanding(state.filter((i) => i.dueDate < asOf)),
    oldestOverdueDueDate: oldest,
    daysInArrears: days,
    agingBucket: agingBucket(days),
    overdueInstallments: overdueList.map((i) => i.installmentNumber),
  };
}

/**
 * Full prepayment: everything outstanding including future interest (without interest recalculation early
 * payment does not reduce interest, DOMAIN.md).
 */
export function prepaymentAmount(state: readonly InstallmentState[]): ComponentAmounts {
  checkState(state);
  return sumOutstanding(state);
}

/**
 * Interest of an installment accrued up to `onDate`: all of it once due, none before it starts, and in between
 * interest x days elapsed / days in period, rounded half-even to the currency (the foreclosure rule).
 */
export function accruedInterest(inst: InstallmentState, onDate: string, currency: Currency): number {
  if (inst.dueDate <= onDate) return inst.interest.due;
  if (onDate <= inst.fromDate) return 0;
  const periodDays = daysBetween(inst.fromDate, inst.dueDate);
  const elapsed = daysBetween(inst.fromDate, onDate);
  return periodDays <= 0 ? 0 : moneyOf(new Wide(inst.interest.due).times(elapsed).div(periodDays), moneyRules(currency));
}

/**
 * Foreclosure on `onDate` (Fineract's retrieveIncomeOutstandingTillDate for a loan without interest recalculation):
 * - installments due on or before the date: all their outstanding interest, fees and penalties;
 * - the installment running on the date (from < date < due): its interest pro-rated by days,
 *   interest x days elapsed / days in period, rounded half-even, less what of it was already paid or waived; its
 *   fees and penalties are not yet due;
 * - later installments: no interest, fees or penalties; whatever was already paid on those (and any interest paid
 *   beyond the pro-rated part) is credited against principal;
 * - principal: all outstanding principal, less that credit.
 */
export function foreclosureAmount(state: readonly InstallmentState[], onDate: string, currency: Currency): ComponentAmounts {
  checkState(state);
  checkDate(onDate, 'onDate');
  let principal = 0;
  let interest = 0;
  let fee = 0;
  let penalty = 0;
  let paidAhead = 0;
  for (const inst of state) {
    principal += outstandingOf(inst.principal);
    if (inst.dueDate <= onDate) {
      interest += outstandingOf(inst.interest);
      fee += outstandingOf(inst.fee);
      penalty += outstandingOf(inst.penalty);
    } else if (onDate > inst.fromDate) {
      const accrued = accruedInterest(inst, onDate, currency);
      // What is still owed of the accrued part; money paid beyond it is credited to principal. (Fineract also
      // credits *waived* interest beyond the accrued part; a waiver is not money, so here it only cancels interest.)
      const owedAfterWaiver = Math.max(0, accrued - inst.interest.waived);
      interest += Math.max(0, owedAfterWaiver - inst.interest.paid);
      paidAhead += Math.max(0, inst.interest.paid - owedAfterWaiver);
      paidAhead += inst.fee.paid + inst.penalty.paid;
    } else {
      paidAhead += inst.interest.paid + inst.fee.paid + inst.penalty.paid;
    }
  }
  return amounts(Math.max(0, principal - paidAhead), interest, fee, penalty);
}
