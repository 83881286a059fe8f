/**
 * What a loan keeps of its installments so that lists and the arrears sweep never read them (issue 11): the
 * outstanding amounts and the installments not fully paid, with what each still owes. Every figure of
 * `loanPosition` on any date, and the next due installment, follow from these alone (DOMAIN.md "Repayments,
 * arrears, closure": in arrears from the day an installment is past due and unpaid, days in arrears from the
 * oldest unpaid due date; Fineract's overdue amounts are what installments due before the date still owe).
 */
import { invalidField } from '../../../../shared/errors';
import { isIsoDate } from '../../../../shared/dates';
import type { Minor } from '../../../../shared/money';
import { daysBetween } from '../calendar/isoDate';
import { agingBucket, type LoanPosition } from './arrears';
import { amounts, installmentOutstanding, outstandingOf, type ComponentAmounts, type InstallmentState } from './state';

/** An installment not fully paid: its number, due date and what it still owes of each component. */
export interface UnpaidInstallment {
  installmentNumber: number;
  dueDate: string;
  principal: Minor;
  interest: Minor;
  fee: Minor;
  penalty: Minor;
}

/** The figures a loan keeps beside its installments, rewritten whenever they are. */
export interface KeptFigures {
  principalOutstanding: Minor;
  totalOutstanding: Minor;
  /** the installments that still owe something, by installment number (which is due-date order) */
  unpaid: UnpaidInstallment[];
  /** the due date of the oldest of them; null when nothing is owed */
  oldestUnpaidDue: string | null;
}

/** The kept figures of an installment state. */
export function keptFigures(state: readonly InstallmentState[]): KeptFigures {
  let principal = 0;
  let total = 0;
  const unpaid: UnpaidInstallment[] = [];
  for (const i of [...state].sort((a, b) => a.installmentNumber - b.installmentNumber)) {
    const owed = installmentOutstanding(i);
    principal += outstandingOf(i.principal);
    total += owed;
    if (owed > 0) {
      unpaid.push({
        installmentNumber: i.installmentNumber,
        dueDate: i.dueDate,
        principal: outstandingOf(i.principal) as Minor,
        interest: outstandingOf(i.interest) as Minor,
        fee: outstandingOf(i.fee) as Minor,
        penalty: outstandingOf(i.penalty) as Minor,
      });
    }
  }
  const oldest = unpaid.reduce<string | null>((d, u) => (d === null || u.dueDate < d ? u.dueDate : d), null);
  return { principalOutstanding: principal as Minor, totalOutstanding: total as Minor, unpaid, oldestUnpaidDue: oldest };
}

/** A loan's position on a date (as `loanPosition` gives it) and its next installment due on or after the date. */
export interface UnpaidPosition extends LoanPosition {
  /** the first installment due on or after the date that still owes something, and what it owes */
  nextDueDate: string | null;
  nextDueAmount: Minor;
}

function sum(list: readonly UnpaidInstallment[]): ComponentAmounts {
  let p = 0;
  let i = 0;
  let f = 0;
  let n = 0;
  for (const u of list) {
    p += u.principal;
    i += u.interest;
    f += u.fee;
    n += u.penalty;
  }
  return amounts(p, i, f, n);
}

/**
 * The loan's position on `asOf` from its unpaid installments alone: the same figures as `loanPosition` of the full
 * state (installments fully paid owe nothing, so leaving them out changes no sum), plus the next due installment.
 * `unpaid` must be in installment order, as `keptFigures` gives it.
 */
export function positionFromUnpaid(unpaid: readonly UnpaidInstallment[], asOf: string): UnpaidPosition {
  if (!isIsoDate(asOf)) throw invalidField('asOf', 'must be a real date written YYYY-MM-DD');
  const overdue = unpaid.filter((u) => u.dueDate < asOf);
  const oldest = overdue[0]?.dueDate ?? null;
  const days = oldest === null ? 0 : daysBetween(oldest, asOf);
  const next = unpaid.find((u) => u.dueDate >= asOf);
  return {
    asOf,
    outstanding: sum(unpaid),
    due: sum(unpaid.filter((u) => u.dueDate <= asOf)),
    overdue: sum(overdue),
    oldestOverdueDueDate: oldest,
    daysInArrears: days,
    agingBucket: agingBucket(days),
    overdueInstallments: overdue.map((u) => u.installmentNumber),
    nextDueDate: next?.dueDate ?? null,
    nextDueAmount: (next ? next.principal + next.interest + next.fee + next.penalty : 0) as Minor,
  };
}
