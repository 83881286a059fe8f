/**
 * The state of a loan's installments, which repayments, waivers and write-offs change (allocation.ts) and arrears,
 * prepayment and foreclosure read (arrears.ts).
 *
 * Storage (for the integrator): one row per installment, like Fineract's m_loan_repayment_schedule, with for each
 * component (principal, interest, fee, penalty) four INTEGER columns in minor units: due, paid, waived, written off.
 * Outstanding = due - paid - waived - writtenOff, never below zero.
 */
import { invalidField } from '../../../../shared/errors';
import type { Minor } from '../../../../shared/money';

export const COMPONENTS = ['principal', 'interest', 'fee', 'penalty'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface ComponentState {
  readonly due: Minor;
  readonly paid: Minor;
  readonly waived: Minor;
  readonly writtenOff: Minor;
}

export interface InstallmentState {
  readonly installmentNumber: number;
  readonly fromDate: string;
  readonly dueDate: string;
  readonly principal: ComponentState;
  readonly interest: ComponentState;
  readonly fee: ComponentState;
  readonly penalty: ComponentState;
}

/** Amounts per component, with their total. */
export interface ComponentAmounts {
  principal: Minor;
  interest: Minor;
  fee: Minor;
  penalty: Minor;
  total: Minor;
}

/** Internal mutable twin of the public state (numbers are still whole minor units). */
export interface MutableComponent {
  due: number;
  paid: number;
  waived: number;
  writtenOff: number;
}
export interface MutableInstallment {
  installmentNumber: number;
  fromDate: string;
  dueDate: string;
  principal: MutableComponent;
  interest: MutableComponent;
  fee: MutableComponent;
  penalty: MutableComponent;
}

export function emptyComponent(due: Minor): ComponentState {
  return { due, paid: 0 as Minor, waived: 0 as Minor, writtenOff: 0 as Minor };
}

export function outstandingOf(c: ComponentState | MutableComponent): number {
  return c.due - c.paid - c.waived - c.writtenOff;
}

export function installmentOutstanding(i: InstallmentState | MutableInstallment): number {
  return outstandingOf(i.principal) + outstandingOf(i.interest) + outstandingOf(i.fee) + outstandingOf(i.penalty);
}

export function zeroAmounts(): ComponentAmounts {
  return { principal: 0 as Minor, interest: 0 as Minor, fee: 0 as Minor, penalty: 0 as Minor, total: 0 as Minor };
}

export function amounts(principal: number, interest: number, fee: number, penalty: number): ComponentAmounts {
  return {
    principal: principal as Minor,
    interest: interest as Minor,
    fee: fee as Minor,
    penalty: penalty as Minor,
    total: (principal + interest + fee + penalty) as Minor,
  };
}

function copyComponent(c: ComponentState | MutableComponent): MutableComponent {
  return { due: c.due, paid: c.paid, waived: c.waived, writtenOff: c.writtenOff };
}

export function toMutable(state: readonly InstallmentState[], resetDerived = false): MutableInstallment[] {
  return state.map((i) => {
    const copy: MutableInstallment = {
      installmentNumber: i.installmentNumber,
      fromDate: i.fromDate,
      dueDate: i.dueDate,
      principal: copyComponent(i.principal),
      interest: copyComponent(i.interest),
      fee: copyComponent(i.fee),
      penalty: copyComponent(i.penalty),
    };
    if (resetDerived) {
      for (const c of COMPONENTS) {
        copy[c].paid = 0;
        copy[c].waived = 0;
        copy[c].writtenOff = 0;
      }
    }
    return copy;
  });
}

/** Freezes nothing but gives back the public (branded) view; the arrays are fresh copies. */
export function toPublic(state: readonly MutableInstallment[]): InstallmentState[] {
  return toMutable(state as unknown as InstallmentState[]) as unknown as InstallmentState[];
}

/**
 * Checks a state handed in by a caller: whole non-negative amounts, nothing settled beyond what is due, installments
 * in due-date order. Throws VALIDATION_FAILED naming the offending field.
 */
export function checkState(state: readonly InstallmentState[]): void {
  let previousDue = '';
  state.forEach((inst, index) => {
    if (inst.dueDate < previousDue) throw invalidField(`installments.${index}.dueDate`, 'installments must be in due-date order');
    previousDue = inst.dueDate;
    for (const c of COMPONENTS) {
      const s = inst[c];
      for (const key of ['due', 'paid', 'waived', 'writtenOff'] as const) {
        const v = s[key];
        if (!Number.isSafeInteger(v) || v < 0) {
          throw invalidField(`installments.${index}.${c}.${key}`, 'must be a whole, non-negative number of minor units');
        }
      }
      if (outstandingOf(s) < 0) throw invalidField(`installments.${index}.${c}`, 'more is settled than is due');
    }
  });
}

/** Sums the outstanding amounts of the given installments. */
export function sumOutstanding(installments: readonly (InstallmentState | MutableInstallment)[]): ComponentAmounts {
  let p = 0;
  let i = 0;
  let f = 0;
  let n = 0;
  for (const inst of installments) {
    p += outstandingOf(inst.principal);
    i += outstandingOf(inst.interest);
    f += outstandingOf(inst.fee);
    n += outstandingOf(inst.penalty);
  }
  return amounts(p, i, f, n);
}
