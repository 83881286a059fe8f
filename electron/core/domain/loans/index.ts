/**
 * The loan engine: Fineract's cumulative schedule, repayment allocation, arrears, foreclosure and overdue
 * penalties, as pure functions (DOMAIN.md "Loan products and schedules" and "Repayments, arrears, closure").
 * No I/O, no database, no Electron or Vue. Money is integer minor units; dates are 'YYYY-MM-DD'.
 */
export { calculateSchedule } from './calculate';
export { generateSchedule } from './schedule';
export { annualNominalRate, checkTerms, toLoanTerms } from './terms';
export { installmentStatesFromSchedule, toScheduleOutput } from './output';
export {
  allocateRepayment,
  allocateTransaction,
  replayTransactions,
  sameSplit,
  waiveInterest,
  writeOff,
} from './allocation';
export type {
  Allocation,
  AllocationResult,
  InstallmentSplit,
  LoanTransaction,
  ReplayResult,
  ReplayedTransaction,
} from './allocation';
export { REPAYMENT_STRATEGY_CODES } from './strategies';
export type { RepaymentStrategyCode } from './strategies';
export { AGING_BUCKETS, accruedInterest, agingBucket, foreclosureAmount, loanPosition, prepaymentAmount } from './arrears';
export type { AgingBucket, LoanPosition } from './arrears';
export { keptFigures, positionFromUnpaid } from './unpaid';
export type { KeptFigures, UnpaidInstallment, UnpaidPosition } from './unpaid';
export {
  DEFAULT_BACKDATE_PENALTIES,
  DEFAULT_PENALTY_RULES,
  DEFAULT_PENALTY_WAIT_PERIOD,
  FEE_FREQUENCIES,
  MAX_PENALTY_WAIT_PERIOD,
  OVERDUE_CALCULATION_TYPES,
  isPenaltyDue,
  overdueInstallments,
  overduePenalties,
  penaltyAmount,
  penaltyBasis,
  penaltyDates,
  penaltyKey,
} from './penalties';
export type { FeeFrequency, OverdueCalculationType, OverdueCharge, OverduePenalty, PenaltyRules } from './penalties';
export { COMPONENTS, emptyComponent, installmentOutstanding, outstandingOf } from './state';
export type { Component, ComponentAmounts, ComponentState, InstallmentState } from './state';
export type { LoanChargeTerm, LoanSchedule, LoanTerms, ScheduledInstallment } from './types';
