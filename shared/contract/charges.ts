import { z } from 'zod';
import { op } from './operation';
import { amountText, id, trimmed } from './fields';
import {
  CHARGE_CALCULATION_TYPES,
  FEE_FREQUENCY_TYPES,
  chargeSchema,
  count,
  fineractEnum,
  positiveDecimalText,
  type ChargeCalculationType,
  type FeeFrequencyType,
} from './loanSchedule';

/**
 * The charge catalogue (issue 15; services/charges/README.md): one list of fees and penalties for loans and savings,
 * as Fineract's m_charge. Products carry catalogue charges (`"charges":[{"id":2}]`); a loan or savings account takes
 * its product's when it is submitted. Names and integer codes are Fineract's (ChargeAppliesTo, ChargeTimeType,
 * ChargeCalculationType, PeriodFrequencyType); which time and calculation types go together is checked by the
 * core exactly as Fineract's ChargeDefinitionCommandFromApiJsonDeserializer and Charge do, each error naming its field.
 */

export const CHARGE_APPLIES_TO = { LOAN: 1, SAVINGS: 2 } as const;
export type ChargeAppliesTo = keyof typeof CHARGE_APPLIES_TO;

/** Every time type of the catalogue, with Fineract's codes. */
export const CATALOGUE_CHARGE_TIME_TYPES = {
  DISBURSEMENT: 1,
  SPECIFIED_DUE_DATE: 2,
  SAVINGS_ACTIVATION: 3,
  WITHDRAWAL_FEE: 5,
  ANNUAL_FEE: 6,
  MONTHLY_FEE: 7,
  INSTALMENT_FEE: 8,
  OVERDUE_INSTALLMENT: 9,
  WEEKLY_FEE: 11,
  // Fineract's SAVINGS_NOACTIVITY_FEE: taken when dormancy tracking makes the account inactive
  SAVINGS_NOACTIVITY_FEE: 16,
} as const;
export type CatalogueChargeTimeType = keyof typeof CATALOGUE_CHARGE_TIME_TYPES;

/** The time types each kind of charge may take (ChargeTimeType.validLoanValues / validSavingsValues, as far as Branchbox goes). */
export const TIME_TYPES_FOR: Record<ChargeAppliesTo, readonly CatalogueChargeTimeType[]> = {
  LOAN: ['DISBURSEMENT', 'SPECIFIED_DUE_DATE', 'INSTALMENT_FEE', 'OVERDUE_INSTALLMENT'],
  SAVINGS: ['SAVINGS_ACTIVATION', 'SPECIFIED_DUE_DATE', 'WITHDRAWAL_FEE', 'ANNUAL_FEE', 'MONTHLY_FEE', 'WEEKLY_FEE', 'SAVINGS_NOACTIVITY_FEE'],
};

/** The calculation types each kind of charge may take (ChargeCalculationType.validValuesForLoan / ForSavings). */
export const CALCULATION_TYPES_FOR: Record<ChargeAppliesTo, readonly ChargeCalculationType[]> = {
  LOAN: ['FLAT', 'PERCENT_OF_AMOUNT', 'PERCENT_OF_AMOUNT_AND_INTEREST', 'PERCENT_OF_INTEREST', 'PERCENT_OF_DISBURSEMENT_AMOUNT'],
  SAVINGS: ['FLAT', 'PERCENT_OF_AMOUNT'],
};

const nonNegativeAmount = amountText.refine((v) => !v.startsWith('-'), { message: 'cannot be negative' });

/** What a charge is made of; on create penalty is false and active true unless given; on update every field but `id` is optional and what is left out stays as it is. */
const chargeFields = {
  name: trimmed(100),
  currencyCode: z.string().trim().regex(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code' }),
  /** FLAT: money in major units ("150"); the PERCENT_* types: a percentage ("2.5"). */
  amount: positiveDecimalText,
  chargeAppliesTo: fineractEnum(CHARGE_APPLIES_TO),
  chargeTimeType: fineractEnum(CATALOGUE_CHARGE_TIME_TYPES),
  chargeCalculationType: fineractEnum(CHARGE_CALCULATION_TYPES),
  penalty: z.boolean(),
  active: z.boolean(),
  /** Overdue-installment penalties: the penalty falls again every feeInterval feeFrequency while the installment stays overdue. */
  feeFrequency: fineractEnum(FEE_FREQUENCY_TYPES).nullish(),
  /** With feeFrequency; monthly fees: every feeInterval months (1 to 12); weekly fees: every feeInterval weeks. */
  feeInterval: count(1).nullish(),
  /** Annual fees "MM-DD" (the day of the year it falls on); monthly fees "MM-DD" or "DD" (the day of the month). */
  feeOnMonthDay: z.string().trim().nullish(),
  /** A savings withdrawal fee taken only for withdrawals of this payment type (Fineract's enablePaymentType). */
  enablePaymentType: z.boolean().optional(),
  paymentTypeId: id.nullish(),
  paymentTypeCode: z.string().trim().toUpperCase().nullish(),
  /** PERCENT_OF_AMOUNT: what the percentage gives is kept between these (money, major units). */
  minCap: nonNegativeAmount.nullish(),
  maxCap: nonNegativeAmount.nullish(),
  /** The income GL account (Fineract's incomeAccountId); none: the product's fee or penalty income account. */
  incomeAccountId: id.nullish(),
};

export const chargeInput = z.strictObject({ ...chargeFields, penalty: z.boolean().default(false), active: z.boolean().default(true) });
export type ChargeInput = z.output<typeof chargeInput>;

export const chargeUpdateInput = z.strictObject({
  id,
  ...Object.fromEntries(Object.entries(chargeFields).map(([k, v]) => [k, (v as z.ZodType).optional()])),
} as { id: typeof id } & { [K in keyof typeof chargeFields]: z.ZodOptional<(typeof chargeFields)[K]> });
export type ChargeUpdateInput = z.output<typeof chargeUpdateInput>;

/** A catalogue charge as the screens and scripts read it. */
export interface Charge {
  id: number;
  name: string;
  currencyCode: string;
  amount: string;
  chargeAppliesTo: ChargeAppliesTo;
  chargeTimeType: CatalogueChargeTimeType;
  chargeCalculationType: ChargeCalculationType;
  penalty: boolean;
  active: boolean;
  feeFrequency: FeeFrequencyType | null;
  feeInterval: number | null;
  feeOnMonthDay: string | null;
  paymentType: { id: number; code: string; name: string } | null;
  minCap: string | null;
  maxCap: string | null;
  incomeAccount: { id: number; code: string; name: string } | null;
  /** The products that carry it. */
  products: { productType: ChargeAppliesTo; id: number; name: string }[];
}

/** A charge as a product lists it (loanProducts.get, savingsProducts.get). */
export interface ProductCharge {
  id: number;
  name: string;
  chargeTimeType: CatalogueChargeTimeType;
  chargeCalculationType: ChargeCalculationType;
  amount: string;
  penalty: boolean;
  active: boolean;
}

/** `"charges":[{"id":2}]` of a product: catalogue charges by id, as Fineract's products take them. */
export const productChargeRef = z.strictObject({ id });

/**
 * One entry of a loan product's `charges`: a catalogue charge by id, or (the shape before the catalogue, still
 * accepted) a charge written out, which becomes a catalogue charge the product carries. An entry with `id` is read
 * as the first, any other as the second, so a bad entry is named field by field.
 */
export type LoanProductChargeEntry = z.output<typeof productChargeRef> | z.output<typeof chargeSchema>;
export const loanProductChargeEntry = z.unknown().transform((v, ctx): LoanProductChargeEntry => {
  const byId = v !== null && typeof v === 'object' && !Array.isArray(v) && 'id' in v;
  const r = (byId ? productChargeRef : chargeSchema).safeParse(v);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue(issue as never);
    return z.NEVER;
  }
  return r.data;
}) as unknown as z.ZodType<LoanProductChargeEntry, z.input<typeof productChargeRef> | z.input<typeof chargeSchema>>;

/** Fineract's accountingRule: names or codes (NONE 1, CASH_BASED 2, ACCRUAL_PERIODIC 3, ACCRUAL_UPFRONT 4). */
export const LOAN_ACCOUNTING_RULES = { NONE: 1, CASH_BASED: 2, ACCRUAL_PERIODIC: 3, ACCRUAL_UPFRONT: 4 } as const;
/** Savings products take NONE, CASH_BASED and ACCRUAL_PERIODIC (Fineract's savings accounting rules). */
export const SAVINGS_ACCOUNTING_RULES = { NONE: 1, CASH_BASED: 2, ACCRUAL_PERIODIC: 3 } as const;
export type LoanAccountingRule = keyof typeof LOAN_ACCOUNTING_RULES;
export type SavingsAccountingRule = keyof typeof SAVINGS_ACCOUNTING_RULES;

export const chargeOperations = {
  'charges.create': op<{ id: number }>()({ kind: 'command', access: 'charges.manage', input: chargeInput }),
  /** Changes what is given; products carry the change to loans and savings accounts submitted afterwards. */
  'charges.update': op<{ id: number }>()({ kind: 'command', access: 'charges.manage', input: chargeUpdateInput }),
  'charges.get': op<Charge>()({ kind: 'query', access: 'charges.read', input: z.strictObject({ id }) }),
  /** Every charge (active or not), by name; only those for loans or for savings with `chargeAppliesTo`. */
  'charges.list': op<Charge[]>()({
    kind: 'query',
    access: 'charges.read',
    input: z.strictObject({ chargeAppliesTo: fineractEnum(CHARGE_APPLIES_TO).optional(), activeOnly: z.boolean().default(false) }),
  }),
} as const;
