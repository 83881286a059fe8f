/**
 * The savings engine: Fineract's savings interest (end-of-day balances, compounding, posting periods, overdraft
 * interest), the posting run's reverse-and-re-post plan and the withdrawal checks, as pure functions
 * (DOMAIN.md "Savings (Fineract)"). No I/O, no database, no Electron or Vue. Money is integer minor units; dates
 * are 'YYYY-MM-DD'.
 */
export { computeInterest, MAX_INTEREST_BALANCE } from './interest';
export { interestPostingsDue, isPlanEmpty } from './posting';
export type { InterestPostingPlan, InterestPostingToCreate, PostedInterest } from './posting';
export { accountBalance, CREDIT_TYPES, isCredit, isNeutral, NEUTRAL_TYPES, signedAmount } from './balance';
export { firstDueDateFrom, followingDueDate, isRecurring, parseMonthDay, SAVINGS_CHARGE_TIME_TYPES, withdrawalFeeAmount } from './charges';
export type { MonthDay, RecurringFee, RecurringTimeType, SavingsChargeTimeType } from './charges';
export { assertWithdrawal, checkBalanceHistory, checkWithdrawal, lowestAllowedBalance, splitDebit } from './withdrawal';
export type { DebitSplit, WithdrawalAllowed, WithdrawalCheck, WithdrawalRefused } from './withdrawal';
export { checkSavingsTerms } from './terms';
export { financialYearMovesPeriods, nextPostingDate, periodEnd, postingDateOf, postingPeriodsUpTo } from './periods';
export type { PostingPeriodDates } from './periods';
export {
  COMPOUNDING_PERIOD_TYPES,
  DAYS_IN_YEAR_TYPES,
  INTEREST_CALCULATION_TYPES,
  POSTING_PERIOD_TYPES,
  SAVINGS_TRANSACTION_TYPES,
} from './types';
export type {
  CompoundingPeriodType,
  ComputeInterestOptions,
  DaysInYearType,
  InterestCalculationType,
  InterestCheckpoint,
  InterestComputation,
  InterestPostingType,
  OverdraftTerms,
  PeriodInterest,
  PostingPeriodType,
  SavingsProductTerms,
  SavingsTransaction,
  SavingsTransactionType,
} from './types';
