/**
 * Contract of the operation `loans.calculateSchedule` (a query): the loan terms in Apache Fineract's own names, so
 * a product exported from Mifos X can be sent as it is (DOMAIN.md "Loan products and schedules").
 *
 * - Amounts and rates are decimal strings ("5000", "12.5"); a JSON number is accepted and read as its decimal text.
 * - Enums accept Fineract's names or its integer codes and are normalised to the names.
 * - Dates are 'YYYY-MM-DD' and must exist.
 * - Non-working days are weekday names; holidays are inclusive {fromDate, toDate} ranges. A due date that falls on
 *   either moves to the next working day (or the previous one, with rescheduleType MOVE_TO_PREVIOUS_WORKING_DAY).
 * - `currency` and `expectedDisbursementDate` may be omitted: the operation fills the organisation's currency and
 *   the business date.
 *
 * Defaults (as Fineract's loan product form would): repaymentEvery 1, interestRateFrequencyType PER_YEAR,
 * amortizationType EQUAL_INSTALLMENTS, interestCalculationPeriodType SAME_AS_REPAYMENT_PERIOD, daysInYearType
 * ACTUAL, daysInMonthType ACTUAL, every grace 0, allowPartialPeriodInterestCalculation false, no charges, a
 * seven-day week without holidays. interestType has no default: it must be chosen.
 *
 * This file imports only zod and other shared/ files.
 */
import { z } from 'zod';
import { isIsoDate } from '../dates';
import { isDecimalText } from '../money';
import { parseInput } from './parse';

// ---------------------------------------------------------------------------------------------------------------
// Enums: Fineract names and integer codes (verified against Fineract's enum classes: PeriodFrequencyType,
// InterestMethod, AmortizationMethod, InterestCalculationPeriodMethod, DaysInYearType, DaysInMonthType,
// ChargeTimeType, ChargeCalculationType, RepaymentRescheduleType).
// ---------------------------------------------------------------------------------------------------------------

export const REPAYMENT_FREQUENCY_TYPES = { DAYS: 0, WEEKS: 1, MONTHS: 2 } as const;
export const INTEREST_RATE_FREQUENCY_TYPES = { PER_MONTH: 2, PER_YEAR: 3, WHOLE_TERM: 4 } as const;
export const INTEREST_TYPES = { DECLINING_BALANCE: 0, FLAT: 1 } as const;
export const AMORTIZATION_TYPES = { EQUAL_PRINCIPAL: 0, EQUAL_INSTALLMENTS: 1 } as const;
export const INTEREST_CALCULATION_PERIOD_TYPES = { DAILY: 0, SAME_AS_REPAYMENT_PERIOD: 1 } as const;
export const DAYS_IN_YEAR_TYPES = { ACTUAL: 1, DAYS_360: 360, DAYS_364: 364, DAYS_365: 365 } as const;
export const DAYS_IN_MONTH_TYPES = { ACTUAL: 1, DAYS_30: 30 } as const;
/**
 * The time types a loan's charges take (Fineract's ChargeTimeType.validLoanValues, tranche disbursement aside). The
 * schedule uses DISBURSEMENT and INSTALMENT_FEE; a loan's SPECIFIED_DUE_DATE and OVERDUE_INSTALLMENT charges ride
 * along in its terms (the penalty run reads the latter there) and the schedule ignores them.
 */
export const CHARGE_TIME_TYPES = { DISBURSEMENT: 1, SPECIFIED_DUE_DATE: 2, INSTALMENT_FEE: 8, OVERDUE_INSTALLMENT: 9 } as const;
export const CHARGE_CALCULATION_TYPES = {
  FLAT: 1,
  PERCENT_OF_AMOUNT: 2,
  PERCENT_OF_AMOUNT_AND_INTEREST: 3,
  PERCENT_OF_INTEREST: 4,
  PERCENT_OF_DISBURSEMENT_AMOUNT: 5,
} as const;
/** How often an overdue-installment penalty falls again (Fineract's feeFrequency, a PeriodFrequencyType). */
export const FEE_FREQUENCY_TYPES = { DAYS: 0, WEEKS: 1, MONTHS: 2, YEARS: 3 } as const;
export const RESCHEDULE_TYPES = { MOVE_TO_NEXT_WORKING_DAY: 2, MOVE_TO_PREVIOUS_WORKING_DAY: 4 } as const;
export const WEEKDAY_NAMES = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export const TRANSACTION_PROCESSING_STRATEGY_CODES = [
  'mifos-standard-strategy',
  'principal-interest-penalties-fees-order-strategy',
  'interest-principal-penalties-fees-order-strategy',
  'rbi-india-strategy',
  'heavensfamily-strategy',
  'due-penalty-fee-interest-principal-in-advance-principal-penalty-fee-interest-strategy',
  'due-penalty-interest-principal-fee-in-advance-penalty-interest-principal-fee-strategy',
] as const;

export type RepaymentFrequencyType = keyof typeof REPAYMENT_FREQUENCY_TYPES;
export type InterestRateFrequencyType = keyof typeof INTEREST_RATE_FREQUENCY_TYPES;
export type InterestType = keyof typeof INTEREST_TYPES;
export type AmortizationType = keyof typeof AMORTIZATION_TYPES;
export type InterestCalculationPeriodType = keyof typeof INTEREST_CALCULATION_PERIOD_TYPES;
export type DaysInYearType = keyof typeof DAYS_IN_YEAR_TYPES;
export type DaysInMonthType = keyof typeof DAYS_IN_MONTH_TYPES;
export type ChargeTimeType = keyof typeof CHARGE_TIME_TYPES;
export type ChargeCalculationType = keyof typeof CHARGE_CALCULATION_TYPES;
export type FeeFrequencyType = keyof typeof FEE_FREQUENCY_TYPES;
export type RescheduleTypeName = keyof typeof RESCHEDULE_TYPES;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];
export type TransactionProcessingStrategyCode = (typeof TRANSACTION_PROCESSING_STRATEGY_CODES)[number];

/** A name of `codes`, one of its integer codes, or one of the `aliases`; always normalised to the name. */
export function fineractEnum<const C extends Record<string, number>>(codes: C, aliases: Record<string, keyof C> = {}) {
  const names = Object.keys(codes) as (keyof C & string)[];
  return z.union([z.string(), z.number()]).transform((value, ctx): keyof C & string => {
    if (typeof value === 'string') {
      const name = value.trim().toUpperCase();
      if ((names as string[]).includes(name)) return name as keyof C & string;
      const alias = aliases[name];
      if (alias !== undefined) return alias as keyof C & string;
    } else {
      const found = names.find((n) => codes[n] === value);
      if (found !== undefined) return found;
    }
    ctx.addIssue({ code: 'custom', message: `must be one of ${names.join(', ')} (or its Fineract code)` });
    return z.NEVER;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------------------------

const isoDate = z.string().refine(isIsoDate, { message: 'must be a real date written YYYY-MM-DD' });

/** Decimal text; a JSON number is read as the text JavaScript prints for it ("12.5"). */
export const decimalText = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine(isDecimalText, { message: 'must be a number written like 1500 or 12.5' });

export const positiveDecimalText = decimalText.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), {
  message: 'must be greater than zero',
});

/** Counts (periods, grace, installment numbers) stop at MAX_COUNT: no schedule is longer, and none runs forever. */
export const MAX_COUNT = 10_000;
export const count = (min: number) => z.number().int({ message: 'must be a whole number' }).min(min).max(MAX_COUNT);

export const currencySchema = z.strictObject({
  code: z.string().regex(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code' }),
  decimalPlaces: z.number().int().min(0).max(6),
  /** Cash is rounded to this multiple of the major unit; Fineract applies it to 0-decimal currencies only. */
  inMultiplesOf: z.number().int().min(0).default(0),
});

export const chargeSchema = z.strictObject({
  name: z.string().trim().max(100).optional(),
  chargeTimeType: fineractEnum(CHARGE_TIME_TYPES),
  chargeCalculationType: fineractEnum(CHARGE_CALCULATION_TYPES),
  /** A money amount for FLAT, a percentage (e.g. "1.5") for the PERCENT_* types. */
  amount: positiveDecimalText,
  /** A loan's copy of a catalogue charge (services/charges): which charge, and what the schedule does not use. */
  chargeId: z.number().int().positive().optional(),
  penalty: z.boolean().optional(),
  feeFrequency: fineractEnum(FEE_FREQUENCY_TYPES).optional(),
  feeInterval: count(1).optional(),
});

const holidaySchema = z.strictObject({ fromDate: isoDate, toDate: isoDate });

/**
 * The meeting a joint-liability (JLG) loan's installments fall on (FINERACT-NOTES.md 3.5): its group's collection
 * calendar's rule as it was when the loan was applied for, kept in the loan's terms for life. Weekdays by name,
 * nthDay 1..5 or -1 (the last), daysOfMonth 1..31 (Fineract's BYSETPOS and BYMONTHDAY).
 */
export const meetingRuleSchema = z.strictObject({
  calendarId: z.number().int().positive().optional(),
  startDate: isoDate,
  endDate: isoDate.nullable().default(null),
  frequency: z.enum(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']),
  interval: count(1),
  repeatsOnDay: z.enum(WEEKDAY_NAMES).nullable().default(null),
  nthDay: z.number().int().min(-1).max(5).nullable().default(null),
  daysOfMonth: z.array(z.number().int().min(1).max(31)).max(31).default([]),
});
export type MeetingRuleInput = z.output<typeof meetingRuleSchema>;

const weekdaySchema = z
  .string()
  .transform((v) => v.trim().toUpperCase())
  .refine((v): v is WeekdayName => (WEEKDAY_NAMES as readonly string[]).includes(v), {
    message: `must be one of ${WEEKDAY_NAMES.join(', ')}`,
  })
  .transform((v) => v as WeekdayName);

// ---------------------------------------------------------------------------------------------------------------
// Exact decimal comparisons for the cross-field rules (shared/ has no decimal library: BigInt keeps them exact)
// ---------------------------------------------------------------------------------------------------------------

interface Rational {
  num: bigint;
  den: bigint;
}

function rational(text: string): Rational {
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = text.replace(/^-/, '').split('.');
  const num = BigInt(whole + frac) * (negative ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}

/**
 * Compares two decimal texts exactly: negative when a < b, 0 when equal, positive when a > b. A text that is not a
 * number compares equal to anything: its own field's check refuses it, and a cross-field rule has nothing to add.
 */
export function compareDecimalText(a: string, b: string): number {
  if (!isDecimalText(a) || !isDecimalText(b)) return 0;
  const x = rational(a);
  const y = rational(b);
  const d = x.num * y.den - y.num * x.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** periodsPerYear as Fineract's AprCalculator uses it for a repayment frequency. */
function periodsPerYear(frequency: RepaymentFrequencyType, daysInYear: DaysInYearType): bigint {
  if (frequency === 'MONTHS') return 12n;
  if (frequency === 'WEEKS') return 52n;
  return daysInYear === 'ACTUAL' ? 365n : BigInt(DAYS_IN_YEAR_TYPES[daysInYear]);
}

/**
 * Annual nominal rate as a rational (DOMAIN.md rule 2): x 12 per month, x 1 per year; a whole-term rate is spread
 * over the term (rate / (n x every) x periods per year, as AprCalculator does).
 */
export function annualRateRational(input: {
  interestRatePerPeriod: string;
  interestRateFrequencyType: InterestRateFrequencyType;
  numberOfRepayments: number;
  repaymentEvery: number;
  repaymentFrequencyType: RepaymentFrequencyType;
  daysInYearType: DaysInYearType;
}): Rational {
  const r = rational(input.interestRatePerPeriod);
  switch (input.interestRateFrequencyType) {
    case 'PER_MONTH':
      return { num: r.num * 12n, den: r.den };
    case 'PER_YEAR':
      return r;
    case 'WHOLE_TERM': {
      const ppy = periodsPerYear(input.repaymentFrequencyType, input.daysInYearType);
      const periods = BigInt(Math.max(1, input.numberOfRepayments * input.repaymentEvery));
      return { num: r.num * ppy, den: r.den * periods };
    }
  }
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.slice(dot + 1).replace(/0+$/, '').length;
}

// ---------------------------------------------------------------------------------------------------------------
// The input schema
// ---------------------------------------------------------------------------------------------------------------

/** Highest annual nominal rate accepted, in percent. */
export const MAX_ANNUAL_RATE_PERCENT = 1000;

export const scheduleInputSchema = z
  .strictObject({
    principal: positiveDecimalText,
    numberOfRepayments: count(1),
    repaymentEvery: count(1).default(1),
    repaymentFrequencyType: fineractEnum(REPAYMENT_FREQUENCY_TYPES),
    interestRatePerPeriod: decimalText,
    interestRateFrequencyType: fineractEnum(INTEREST_RATE_FREQUENCY_TYPES).default('PER_YEAR'),
    interestType: fineractEnum(INTEREST_TYPES),
    amortizationType: fineractEnum(AMORTIZATION_TYPES, { EQUAL_PRINCIPAL_PAYMENTS: 'EQUAL_PRINCIPAL' }).default(
      'EQUAL_INSTALLMENTS',
    ),
    interestCalculationPeriodType: fineractEnum(INTEREST_CALCULATION_PERIOD_TYPES).default('SAME_AS_REPAYMENT_PERIOD'),
    daysInYearType: fineractEnum(DAYS_IN_YEAR_TYPES).default('ACTUAL'),
    daysInMonthType: fineractEnum(DAYS_IN_MONTH_TYPES).default('ACTUAL'),
    graceOnPrincipalPayment: count(0).default(0),
    graceOnInterestPayment: count(0).default(0),
    graceOnInterestCharged: count(0).default(0),
    fixedPrincipalPercentagePerInstallment: positiveDecimalText.nullish(),
    installmentAmountInMultiplesOf: count(1).nullish(),
    allowPartialPeriodInterestCalculation: z.boolean().default(false),
    expectedDisbursementDate: isoDate.optional(),
    repaymentsStartingFromDate: isoDate.nullish(),
    currency: currencySchema.optional(),
    charges: z.array(chargeSchema).max(50).default([]),
    nonWorkingDays: z.array(weekdaySchema).max(7).default([]),
    holidays: z.array(holidaySchema).max(1000).default([]),
    rescheduleType: fineractEnum(RESCHEDULE_TYPES).default('MOVE_TO_NEXT_WORKING_DAY'),
    /** A JLG loan's meeting (services/loans/jlg.ts): its due dates are the meeting's dates. */
    meeting: meetingRuleSchema.nullish(),
    /** Not used by the schedule; accepted so a Fineract loan payload can be sent whole. */
    transactionProcessingStrategyCode: z.enum(TRANSACTION_PROCESSING_STRATEGY_CODES).optional(),
  })
  .superRefine((v, ctx) => {
    const n = v.numberOfRepayments;
    for (const field of ['graceOnPrincipalPayment', 'graceOnInterestPayment', 'graceOnInterestCharged'] as const) {
      if (v[field] >= n) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'must be shorter than numberOfRepayments' });
      }
    }
    if (
      v.interestType === 'FLAT' &&
      v.amortizationType === 'EQUAL_INSTALLMENTS' &&
      v.graceOnInterestPayment + v.graceOnInterestCharged >= n
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['graceOnInterestCharged'],
        message: 'with graceOnInterestPayment must leave at least one period that carries interest',
      });
    }
    // a rate that is not a number is already refused by its own field: there is no annual rate to check
    const annual = isDecimalText(v.interestRatePerPeriod) ? annualRateRational(v) : { num: 0n, den: 1n };
    if (annual.num < 0n || annual.num > BigInt(MAX_ANNUAL_RATE_PERCENT) * annual.den) {
      ctx.addIssue({
        code: 'custom',
        path: ['interestRatePerPeriod'],
        message: `must give an annual rate from 0 to ${MAX_ANNUAL_RATE_PERCENT} %`,
      });
    }
    const pct = v.fixedPrincipalPercentagePerInstallment;
    if (pct != null && isDecimalText(pct)) {
      const r = rational(pct);
      if (r.num > 100n * r.den) {
        ctx.addIssue({ code: 'custom', path: ['fixedPrincipalPercentagePerInstallment'], message: 'must be at most 100' });
      }
    }
    if (v.expectedDisbursementDate && v.repaymentsStartingFromDate) {
      if (v.repaymentsStartingFromDate <= v.expectedDisbursementDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['repaymentsStartingFromDate'],
          message: 'must be after expectedDisbursementDate',
        });
      }
    }
    if (v.currency && isDecimalText(v.principal) && decimalsOf(v.principal) > v.currency.decimalPlaces) {
      ctx.addIssue({
        code: 'custom',
        path: ['principal'],
        message: `has more than ${v.currency.decimalPlaces} decimal places`,
      });
    }
    v.holidays.forEach((h, i) => {
      if (h.toDate < h.fromDate) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'toDate'], message: 'must not be before fromDate' });
      }
    });
    if (new Set(v.nonWorkingDays).size === 7) {
      ctx.addIssue({ code: 'custom', path: ['nonWorkingDays'], message: 'must leave at least one working day' });
    }
  });

export type ScheduleInputRaw = z.input<typeof scheduleInputSchema>;
export type ScheduleInput = z.output<typeof scheduleInputSchema>;
export type ScheduleCurrency = z.output<typeof currencySchema>;
export type ScheduleCharge = z.output<typeof chargeSchema>;
/** What calculateSchedule needs: the parsed input with the currency and the disbursement date filled in. */
export type CompleteScheduleInput = ScheduleInput & { currency: ScheduleCurrency; expectedDisbursementDate: string };

/** Parses raw input; on failure throws AppError VALIDATION_FAILED naming each bad field (dotted path). */
export function parseScheduleInput(raw: unknown): ScheduleInput {
  return parseInput(scheduleInputSchema, raw);
}

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------

export interface SchedulePeriodOutput {
  /** 1..n; the disbursement is not a period (its fees are in feeChargesAtDisbursement). */
  period: number;
  /** Start of the period: the disbursement date for period 1, else the previous due date. */
  fromDate: string;
  dueDate: string;
  daysInPeriod: number;
  principalDue: string;
  interestDue: string;
  feeChargesDue: string;
  penaltyChargesDue: string;
  totalDueForPeriod: string;
  /** Principal still owed after this period is paid. */
  principalLoanBalanceOutstanding: string;
}

export interface ScheduleOutput {
  currency: { code: string; decimalPlaces: number; inMultiplesOf: number };
  expectedDisbursementDate: string;
  /** Fees collected at disbursement (a "repayment at disbursement"); also counted in totalFeeCharges. */
  feeChargesAtDisbursement: string;
  periods: SchedulePeriodOutput[];
  totalPrincipal: string;
  totalInterest: string;
  /** Installment fees plus fees at disbursement. */
  totalFeeCharges: string;
  /** Principal + interest + all fees (penalties are never scheduled in advance). */
  totalRepayment: string;
}
