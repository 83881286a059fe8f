/**
 * Internal types of the loan engine. Money is an integer count of minor units (shared/money.ts); dates are
 * 'YYYY-MM-DD'. Enum values are Fineract's names (shared/contract/loanSchedule.ts).
 */
import type { Currency, Minor } from '../../../../shared/money';
import type {
  AmortizationType,
  ChargeCalculationType,
  ChargeTimeType,
  DaysInMonthType,
  DaysInYearType,
  InterestCalculationPeriodType,
  InterestRateFrequencyType,
  InterestType,
  RepaymentFrequencyType,
} from '../../../../shared/contract/loanSchedule';
import type { WorkingCalendar } from '../calendar/workingDays';
import type { MeetingRule } from '../calendar/meetings';

export type { Currency, Minor };

export interface LoanChargeTerm {
  chargeTimeType: ChargeTimeType;
  chargeCalculationType: ChargeCalculationType;
  /** FLAT: the amount in minor units. */
  amount: number;
  /** PERCENT_*: the percentage as decimal text ("1.5"). */
  percentage: string;
  name?: string | undefined;
}

/** Parsed, validated loan terms (terms.ts), ready for generateSchedule. */
export interface LoanTerms {
  currency: Currency;
  principal: number;
  numberOfRepayments: number;
  repaymentEvery: number;
  repaymentFrequencyType: RepaymentFrequencyType;
  interestRatePerPeriod: string;
  interestRateFrequencyType: InterestRateFrequencyType;
  /** Annual nominal rate in percent as decimal text (AprCalculator, DOMAIN.md rule 2). */
  annualNominalInterestRate: string;
  interestType: InterestType;
  amortizationType: AmortizationType;
  interestCalculationPeriodType: InterestCalculationPeriodType;
  daysInYearType: DaysInYearType;
  daysInMonthType: DaysInMonthType;
  graceOnPrincipalPayment: number;
  graceOnInterestPayment: number;
  graceOnInterestCharged: number;
  fixedPrincipalPercentagePerInstallment: string | null;
  /** In major units (1 = whole currency units), as Fineract's installmentAmountInMultiplesOf. */
  installmentAmountInMultiplesOf: number | null;
  allowPartialPeriodInterestCalculation: boolean;
  expectedDisbursementDate: string;
  repaymentsStartingFromDate: string | null;
  charges: LoanChargeTerm[];
  calendar: WorkingCalendar;
  /** A JLG loan's meeting: its due dates are the meeting's (scheduleDates.ts, FINERACT-NOTES.md 3.5). */
  meeting?: MeetingRule | null;
}

/** One repayment period of a generated schedule (amounts in minor units). */
export interface ScheduledInstallment {
  period: number;
  fromDate: string;
  dueDate: string;
  principal: number;
  interest: number;
  fee: number;
  penalty: number;
  /** Principal outstanding after this installment. */
  balance: number;
}

export interface LoanSchedule {
  currency: Currency;
  expectedDisbursementDate: string;
  principal: number;
  /** Fees due at disbursement (collected as a "repayment at disbursement"). */
  feeChargesAtDisbursement: number;
  installments: ScheduledInstallment[];
  totalPrincipal: number;
  totalInterest: number;
  /** Installment fees plus fees at disbursement. */
  totalFeeCharges: number;
  totalPenaltyCharges: number;
  totalRepayment: number;
}
