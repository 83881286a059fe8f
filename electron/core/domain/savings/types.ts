/**
 * Types of the savings engine (DOMAIN.md "Savings (Fineract)"). Money is an integer count of the currency's minor
 * unit (shared/money.ts); dates are 'YYYY-MM-DD'. Parameter and enum names are Fineract's, so that a savings
 * product exported from Mifos X reads the same.
 */
import type { Currency, Minor } from '../../../../shared/money';

export type { Currency, Minor };

/** How often earned interest joins the base that earns interest (Fineract's interestCompoundingPeriodType). */
export const COMPOUNDING_PERIOD_TYPES = ['DAILY', 'MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL'] as const;
export type CompoundingPeriodType = (typeof COMPOUNDING_PERIOD_TYPES)[number];

/**
 * How often interest is posted to the account (Fineract's interestPostingPeriodType, SavingsPostingInterestPeriodType):
 * DAILY posts each day's interest on its own, every other period type follows the months (and the financial year).
 */
export const POSTING_PERIOD_TYPES = ['DAILY', 'MONTHLY', 'QUARTERLY', 'BIANNUAL', 'ANNUAL'] as const;
export type PostingPeriodType = (typeof POSTING_PERIOD_TYPES)[number];

/** Fineract's interestCalculationType. */
export const INTEREST_CALCULATION_TYPES = ['DAILY_BALANCE', 'AVERAGE_DAILY_BALANCE'] as const;
export type InterestCalculationType = (typeof INTEREST_CALCULATION_TYPES)[number];

/** Fineract's interestCalculationDaysInYearType: the daily rate is annual % / 100 / 360 or / 365 (never 366). */
export const DAYS_IN_YEAR_TYPES = [360, 365] as const;
export type DaysInYearType = (typeof DAYS_IN_YEAR_TYPES)[number];

export interface OverdraftTerms {
  allowOverdraft: boolean;
  /** How far below zero the balance may go, in minor units (ignored unless allowOverdraft). */
  overdraftLimit: number;
  /** Annual % charged on a negative balance, as decimal text ("18.25"); none means no overdraft interest. */
  nominalAnnualInterestRateOverdraft?: string | undefined;
}

/** The savings product's terms as they apply to one account (amounts in minor units). */
export interface SavingsProductTerms {
  /** Annual % as decimal text ("7.3"), never a float. */
  nominalAnnualInterestRate: string;
  interestCompoundingPeriodType: CompoundingPeriodType;
  interestPostingPeriodType: PostingPeriodType;
  interestCalculationType: InterestCalculationType;
  interestCalculationDaysInYearType: DaysInYearType;
  /** Blocks withdrawals that would go below it (only when enforced); never changes interest. */
  minRequiredBalance?: number | undefined;
  enforceMinRequiredBalance: boolean;
  /** A block (or, for the average daily balance, a compounding period) whose base is below it earns nothing. */
  minBalanceForInterestCalculation?: number | undefined;
  overdraft: OverdraftTerms;
  /**
   * First month (1..12) of the financial year (Fineract's global configuration financial-year-beginning-month, a
   * branch setting here); quarterly, half-yearly and yearly periods follow it. Default 1.
   */
  financialYearBeginningMonth?: number | undefined;
  /**
   * Fineract's global configuration savings-interest-posting-current-period-end (a branch setting here): a period's
   * interest is posted on its last day instead of the day after. The amounts are the same. Default false.
   */
  postingAtPeriodEnd?: boolean | undefined;
  currency: Currency;
}

/**
 * Transaction types the engine understands. Credits: DEPOSIT, INTEREST_POSTING (balance.ts `CREDIT_TYPES`).
 * Debits: WITHDRAWAL, FEE, WITHDRAWAL_FEE, OVERDRAFT_INTEREST, ESCHEAT. The two interest types move the balance but are left
 * out of the interest base (the base adds the unrounded computed interest instead). WAIVE_CHARGE and ACCRUAL move
 * neither the balance nor the base (balance.ts `NEUTRAL_TYPES`).
 */
export const SAVINGS_TRANSACTION_TYPES = [
  'DEPOSIT',
  'WITHDRAWAL',
  'FEE',
  'WITHDRAWAL_FEE',
  'INTEREST_POSTING',
  'OVERDRAFT_INTEREST',
  'WAIVE_CHARGE',
  'ACCRUAL',
  // Fineract's escheat: the whole balance of a dormant account moved to the escheat liability (a debit)
  'ESCHEAT',
] as const;
export type SavingsTransactionType = (typeof SAVINGS_TRANSACTION_TYPES)[number];

/** One transaction that is not reversed; `amount` is positive minor units, the type gives the direction. */
export interface SavingsTransaction {
  date: string;
  type: SavingsTransactionType;
  amount: number;
}

/** The two kinds of interest transaction a posting run creates. */
export type InterestPostingType = 'INTEREST_POSTING' | 'OVERDRAFT_INTEREST';

/** Interest of one posting period. */
export interface PeriodInterest {
  /** First day whose end-of-day balance counts (the activation date for the first period). */
  fromDate: string;
  /** Last day of the posting period (for `current`: the last day computed so far, `upTo`). */
  toDate: string;
  /**
   * Where the interest is posted: the day after the period ends (January's on 1 February), or its last day with
   * `postingAtPeriodEnd`.
   */
  postingDate: string;
  /** Interest on non-negative balances, rounded once for the period, half-even (and to the cash multiple). */
  interest: Minor;
  /** Interest charged on negative balances at the overdraft rate, as a positive amount, rounded once. */
  overdraftInterest: Minor;
  /** The unrounded figures, in minor units as decimal text (9 decimals at most), for display and checks. */
  interestUnrounded: string;
  overdraftInterestUnrounded: string;
}

/**
 * The engine's exact state at the start of a posting period, so that a later run can resume there instead of
 * recomputing from activation (same figures to the last digit). Valid only while no transaction dated before
 * `date` is added or reversed: a backdated change means computing from activation again.
 */
export interface InterestCheckpoint {
  /** First day of a posting period (the day after the last finished one). */
  date: string;
  /** End-of-day balance of the day before `date`, interest postings left out, in minor units. */
  balance: number;
  /** Unrounded interest of completed compounding periods, minor units as exact decimal text. */
  compoundedInterest: string;
  /** Unrounded interest of the compounding period under way at `date` (not yet compounded), exact decimal text. */
  pendingInterest: string;
}

export interface ComputeInterestOptions {
  /** The account's activation date: interest is computed from this day on. */
  activationDate: string;
  /** Last day whose end-of-day balance counts (inclusive); usually the last closed business day. */
  upTo: string;
  /**
   * Resume from a checkpoint of an earlier computation: only transactions dated on or after `resumeFrom.date` may
   * be passed (an earlier one is refused), and `periods` starts at that date.
   */
  resumeFrom?: InterestCheckpoint | undefined;
}

export interface InterestComputation {
  activationDate: string;
  /** First day computed: the activation date, or the checkpoint's date when resumed. */
  startDate: string;
  upTo: string;
  /** Every finished posting period from activation (toDate <= upTo), oldest first. */
  periods: PeriodInterest[];
  /** The unfinished period (fromDate..upTo), computed so far but never to be posted; null when none. */
  current: PeriodInterest | null;
  /**
   * Running total, unrounded, of the interest of completed compounding periods at the end of `upTo` (net of
   * overdraft interest), in minor units as decimal text. The next day's base is its balance plus this.
   */
  compoundedInterest: string;
  /** State after the last finished period (where the next run may resume); null when no period has finished. */
  checkpoint: InterestCheckpoint | null;
  /** The terms' `postingAtPeriodEnd`: each period's posting is dated its last day rather than the day after. */
  postingAtPeriodEnd: boolean;
}
