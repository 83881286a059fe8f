/**
 * The schedule as the contract returns it (decimal strings in the currency's decimal places), and as the starting
 * installment state for repayments (allocation.ts).
 */
import { formatMoney, minor } from '../../../../shared/money';
import type { ScheduleOutput } from '../../../../shared/contract/loanSchedule';
import { daysBetween } from '../calendar/isoDate';
import type { InstallmentState } from './state';
import { emptyComponent } from './state';
import type { LoanSchedule } from './types';

export function toScheduleOutput(schedule: LoanSchedule): ScheduleOutput {
  const dp = schedule.currency.decimalPlaces;
  const fmt = (amount: number): string => formatMoney(amount, dp);
  return {
    currency: {
      code: schedule.currency.code,
      decimalPlaces: dp,
      inMultiplesOf: schedule.currency.inMultiplesOf,
    },
    expectedDisbursementDate: schedule.expectedDisbursementDate,
    feeChargesAtDisbursement: fmt(schedule.feeChargesAtDisbursement),
    periods: schedule.installments.map((p) => ({
      period: p.period,
      fromDate: p.fromDate,
      dueDate: p.dueDate,
      daysInPeriod: daysBetween(p.fromDate, p.dueDate),
      principalDue: fmt(p.principal),
      interestDue: fmt(p.interest),
      feeChargesDue: fmt(p.fee),
      penaltyChargesDue: fmt(p.penalty),
      totalDueForPeriod: fmt(p.principal + p.interest + p.fee + p.penalty),
      principalLoanBalanceOutstanding: fmt(p.balance),
    })),
    totalPrincipal: fmt(schedule.totalPrincipal),
    totalInterest: fmt(schedule.totalInterest),
    totalFeeCharges: fmt(schedule.totalFeeCharges),
    totalRepayment: fmt(schedule.totalRepayment),
  };
}

/** The installments of a new loan, nothing paid yet: the state repayments are allocated against. */
export function installmentStatesFromSchedule(schedule: LoanSchedule): InstallmentState[] {
  return schedule.installments.map((p) => ({
    installmentNumber: p.period,
    fromDate: p.fromDate,
    dueDate: p.dueDate,
    principal: emptyComponent(minor(p.principal)),
    interest: emptyComponent(minor(p.interest)),
    fee: emptyComponent(minor(p.fee)),
    penalty: emptyComponent(minor(p.penalty)),
  }));
}
