import { z } from 'zod';
import { op } from './operation';
import { id, trimmed, optionalText } from './fields';
import {
  AMORTIZATION_TYPES,
  DAYS_IN_MONTH_TYPES,
  DAYS_IN_YEAR_TYPES,
  INTEREST_CALCULATION_PERIOD_TYPES,
  INTEREST_RATE_FREQUENCY_TYPES,
  INTEREST_TYPES,
  REPAYMENT_FREQUENCY_TYPES,
  TRANSACTION_PROCESSING_STRATEGY_CODES,
  compareDecimalText,
  count,
  decimalText,
  fineractEnum,
  positiveDecimalText,
} from './loanSchedule';
import { LOAN_ACCOUNTING_RULES, loanProductChargeEntry, type LoanAccountingRule, type ProductCharge } from './charges';

/**
 * Loan products (DOMAIN.md "Loan products and schedules"): every engine input in Fineract's names with its
 * default, and minimum and maximum for principal, number of repayments and rate; the repayment strategy; the
 * catalogue charges it carries; arrears tolerance; the accounting rule and the GL accounts each event posts to.
 */
const accountingMapping = z.strictObject({
  loanPortfolioAccountId: id.optional(),
  interestOnLoanAccountId: id.optional(),
  incomeFromFeeAccountId: id.optional(),
  incomeFromPenaltyAccountId: id.optional(),
  writeOffAccountId: id.optional(),
  incomeFromRecoveryAccountId: id.optional(),
  overpaymentLiabilityAccountId: id.optional(),
  /** Accrual rules: the receivables accrued interest, fees and penalties wait in until paid (Fineract's names). */
  receivableInterestAccountId: id.optional(),
  receivableFeeAccountId: id.optional(),
  receivablePenaltyAccountId: id.optional(),
});
/** The receivables of the mapping: kept for accrual rules only (null under CASH_BASED and NONE). */
export const RECEIVABLE_MAPPING_KEYS = ['receivableInterestAccountId', 'receivableFeeAccountId', 'receivablePenaltyAccountId'] as const;
type ReceivableKey = (typeof RECEIVABLE_MAPPING_KEYS)[number];

export const loanProductFields = {
  name: trimmed(100),
  shortName: z
    .string()
    .trim()
    .min(1, { message: 'is required' })
    .max(4, { message: 'must be at most 4 characters (as in Fineract)' }),
  description: optionalText(500),
  currencyCode: z.string().trim().regex(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code' }),
  principal: positiveDecimalText,
  minPrincipal: positiveDecimalText.optional(),
  maxPrincipal: positiveDecimalText.optional(),
  numberOfRepayments: count(1),
  minNumberOfRepayments: count(1).optional(),
  maxNumberOfRepayments: count(1).optional(),
  repaymentEvery: count(1).default(1),
  repaymentFrequencyType: fineractEnum(REPAYMENT_FREQUENCY_TYPES),
  interestRatePerPeriod: decimalText,
  minInterestRatePerPeriod: decimalText.optional(),
  maxInterestRatePerPeriod: decimalText.optional(),
  interestRateFrequencyType: fineractEnum(INTEREST_RATE_FREQUENCY_TYPES).default('PER_YEAR'),
  interestType: fineractEnum(INTEREST_TYPES),
  amortizationType: fineractEnum(AMORTIZATION_TYPES, { EQUAL_PRINCIPAL_PAYMENTS: 'EQUAL_PRINCIPAL' }).default('EQUAL_INSTALLMENTS'),
  interestCalculationPeriodType: fineractEnum(INTEREST_CALCULATION_PERIOD_TYPES).default('SAME_AS_REPAYMENT_PERIOD'),
  daysInYearType: fineractEnum(DAYS_IN_YEAR_TYPES).default('ACTUAL'),
  daysInMonthType: fineractEnum(DAYS_IN_MONTH_TYPES).default('ACTUAL'),
  graceOnPrincipalPayment: count(0).default(0),
  graceOnInterestPayment: count(0).default(0),
  graceOnInterestCharged: count(0).default(0),
  installmentAmountInMultiplesOf: count(1).nullish(),
  allowPartialPeriodInterestCalculation: z.boolean().default(false),
  transactionProcessingStrategyCode: z.enum(TRANSACTION_PROCESSING_STRATEGY_CODES).default('mifos-standard-strategy'),
  inArrearsTolerance: decimalText.default('0'),
  /**
   * Catalogue charges, `[{"id":2}]`; a charge written out as before the catalogue ({chargeTimeType, ...}) becomes a
   * catalogue charge the product carries. Left out: none on create, unchanged on update.
   */
  charges: z.array(loanProductChargeEntry).max(20).optional(),
  /** NONE, CASH_BASED, ACCRUAL_PERIODIC, ACCRUAL_UPFRONT (or 1-4). Left out: CASH_BASED on create, unchanged on update. */
  accountingRule: fineractEnum(LOAN_ACCOUNTING_RULES).optional(),
  accountingMapping: accountingMapping.optional(),
};

type ProductShape = {
  principal: string;
  minPrincipal?: string | undefined;
  maxPrincipal?: string | undefined;
  numberOfRepayments: number;
  minNumberOfRepayments?: number | undefined;
  maxNumberOfRepayments?: number | undefined;
  interestRatePerPeriod: string;
  minInterestRatePerPeriod?: string | undefined;
  maxInterestRatePerPeriod?: string | undefined;
};

/** Minimum <= default <= maximum, each checked exactly on the decimal text. */
export function checkProductRanges(v: ProductShape, ctx: z.RefinementCtx): void {
  const decimalRange = (value: string, min: string | undefined, max: string | undefined, minField: string, maxField: string) => {
    if (min !== undefined && compareDecimalText(min, value) > 0) ctx.addIssue({ code: 'custom', path: [minField], message: 'must not be above the default' });
    if (max !== undefined && compareDecimalText(max, value) < 0) ctx.addIssue({ code: 'custom', path: [maxField], message: 'must not be below the default' });
  };
  decimalRange(v.principal, v.minPrincipal, v.maxPrincipal, 'minPrincipal', 'maxPrincipal');
  decimalRange(v.interestRatePerPeriod, v.minInterestRatePerPeriod, v.maxInterestRatePerPeriod, 'minInterestRatePerPeriod', 'maxInterestRatePerPeriod');
  if (v.minNumberOfRepayments !== undefined && v.minNumberOfRepayments > v.numberOfRepayments) {
    ctx.addIssue({ code: 'custom', path: ['minNumberOfRepayments'], message: 'must not be above the default' });
  }
  if (v.maxNumberOfRepayments !== undefined && v.maxNumberOfRepayments < v.numberOfRepayments) {
    ctx.addIssue({ code: 'custom', path: ['maxNumberOfRepayments'], message: 'must not be below the default' });
  }
}

export const loanProductInput = z.strictObject(loanProductFields).superRefine(checkProductRanges);
export type LoanProductInput = z.output<typeof loanProductInput>;

export interface LoanProduct extends Omit<LoanProductInput, 'accountingMapping' | 'description' | 'charges' | 'accountingRule'> {
  id: number;
  description: string | null;
  active: boolean;
  /** The catalogue charges it carries, in order; new loans take them. */
  charges: ProductCharge[];
  accountingRule: LoanAccountingRule;
  accountingMapping: Required<Omit<z.output<typeof accountingMapping>, ReceivableKey>> & Record<ReceivableKey, number | null>;
}

export const loanProductOperations = {
  'loanProducts.create': op<{ id: number }>()({ kind: 'command', access: 'loanProducts.manage', input: loanProductInput }),
  /** Changes apply to loans submitted afterwards; existing loans keep their terms. */
  'loanProducts.update': op<{ id: number }>()({
    kind: 'command',
    access: 'loanProducts.manage',
    input: z.strictObject({ id, ...loanProductFields }).superRefine(checkProductRanges),
  }),
  'loanProducts.deactivate': op<{ id: number }>()({ kind: 'command', access: 'loanProducts.manage', input: z.strictObject({ id }) }),
  'loanProducts.activate': op<{ id: number }>()({ kind: 'command', access: 'loanProducts.manage', input: z.strictObject({ id }) }),
  'loanProducts.get': op<LoanProduct>()({ kind: 'query', access: 'loanProducts.read', input: z.strictObject({ id }) }),
  'loanProducts.list': op<LoanProduct[]>()({
    kind: 'query',
    access: 'loanProducts.read',
    input: z.strictObject({ includeInactive: z.boolean().default(false) }),
  }),
  /** The product in Fineract's loan product JSON shape, so it can travel to and from Mifos X. */
  'loanProducts.export': op<Record<string, unknown>>()({ kind: 'query', access: 'loanProducts.read', input: z.strictObject({ id }) }),
  /** Imports a product from Fineract's loan product JSON (unknown Fineract keys are ignored, listed in warnings). */
  'loanProducts.import': op<{ id: number }>()({
    kind: 'command',
    access: 'loanProducts.manage',
    input: z.strictObject({ product: z.record(z.string(), z.unknown()) }),
  }),
} as const;
