/** Shared helpers for the loan-engine tests. */
import { parseScheduleInput, type CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import { calculateSchedule } from '../../../../electron/core/domain/loans';
import type { ScheduleOutput } from '../../../../shared/contract/loanSchedule';

export const EUR = { code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 };
export const UGX100 = { code: 'UGX', decimalPlaces: 0, inMultiplesOf: 100 };

/** Parses raw input as the operation would, then calculates the schedule. */
export function schedule(raw: Record<string, unknown>): ScheduleOutput {
  return calculateSchedule(parseScheduleInput(raw) as CompleteScheduleInput);
}

export interface ExpectedPeriod {
  period: number;
  dueDate?: string;
  principal?: string;
  interest?: string;
  fee?: string;
  total?: string;
  balance?: string;
}

export interface ScheduleCase {
  name: string;
  source: string;
  input: Record<string, unknown>;
  expected: {
    periods: ExpectedPeriod[];
    periodCount?: number;
    feeChargesAtDisbursement?: string;
    totals?: { principal?: string; interest?: string; fee?: string; repayment?: string };
  };
}

/** The figures of `actual` that `expected` names, in the same shape, for a readable toEqual. */
export function pick(actual: ScheduleOutput, expected: ScheduleCase['expected']): ScheduleCase['expected'] {
  const periods = expected.periods.map((e) => {
    const a = actual.periods[e.period - 1];
    const out: ExpectedPeriod = { period: e.period };
    if (!a) return out;
    if (e.dueDate !== undefined) out.dueDate = a.dueDate;
    if (e.principal !== undefined) out.principal = a.principalDue;
    if (e.interest !== undefined) out.interest = a.interestDue;
    if (e.fee !== undefined) out.fee = a.feeChargesDue;
    if (e.total !== undefined) out.total = a.totalDueForPeriod;
    if (e.balance !== undefined) out.balance = a.principalLoanBalanceOutstanding;
    return out;
  });
  const result: ScheduleCase['expected'] = { periods };
  if (expected.periodCount !== undefined) result.periodCount = actual.periods.length;
  if (expected.feeChargesAtDisbursement !== undefined) result.feeChargesAtDisbursement = actual.feeChargesAtDisbursement;
  if (expected.totals) {
    const t: NonNullable<ScheduleCase['expected']['totals']> = {};
    if (expected.totals.principal !== undefined) t.principal = actual.totalPrincipal;
    if (expected.totals.interest !== undefined) t.interest = actual.totalInterest;
    if (expected.totals.fee !== undefined) t.fee = actual.totalFeeCharges;
    if (expected.totals.repayment !== undefined) t.repayment = actual.totalRepayment;
    result.totals = t;
  }
  return result;
}

/** One installment's part of an allocation (InstallmentSplit), with its total, for a readable toEqual. */
export const split = (installmentNumber: number, principal: number, interest: number, fee: number, penalty: number) => ({
  installmentNumber,
  principal,
  interest,
  fee,
  penalty,
  total: principal + interest + fee + penalty,
});
