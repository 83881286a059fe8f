import type { LoanProduct, LoanProductInput } from '../../../shared/contract';
import { CATALOGUE_CHARGE_TIME_TYPES, LOAN_ACCOUNTING_RULES } from '../../../shared/contract/charges';
import { RECEIVABLE_MAPPING_KEYS, loanProductFields, loanProductInput } from '../../../shared/contract/loanProducts';
import {
  AMORTIZATION_TYPES,
  DAYS_IN_MONTH_TYPES,
  DAYS_IN_YEAR_TYPES,
  INTEREST_CALCULATION_PERIOD_TYPES,
  INTEREST_RATE_FREQUENCY_TYPES,
  INTEREST_TYPES,
  REPAYMENT_FREQUENCY_TYPES,
  CHARGE_CALCULATION_TYPES,
  scheduleInputSchema,
  type ScheduleCharge,
} from '../../../shared/contract/loanSchedule';
import { parseInput } from '../../../shared/contract/parse';
import { AppError } from '../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../shared/money';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { HandlerContext } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import { accountByTag } from './ledger';
import { getOrganisation, newGlobalId } from './organisation';
import { isAccrual, productAccounting, setProductAccounting, type AccountingRule, type AccrualAccounts } from './charges/accounting';
import { catalogueChargeFor, checkProductCharges, productCharges, scheduleChargesOf, setProductCharges } from './charges/catalogue';
import { ensureAccrualAccounts, mappedAccount, taggedAccount } from './charges/chart';

/**
 * Loan products: the engine's inputs with defaults and ranges, the repayment strategy, the catalogue charges it
 * carries (product_charges), arrears tolerance, the accounting rule and GL mapping (product_accounting for the rule
 * and the receivables). Imported from and exported to Fineract's loan product JSON.
 */
type Mapping = LoanProduct['accountingMapping'];
type ReceivableKey = (typeof RECEIVABLE_MAPPING_KEYS)[number];
type ColumnKey = Exclude<keyof Mapping, ReceivableKey>;

/** The receivables of an accrual product, by the chart's tags (services/charges/chart.ts adds PENALTIES_RECEIVABLE). */
const RECEIVABLES: Record<ReceivableKey, { tag: string; account: keyof AccrualAccounts }> = {
  receivableInterestAccountId: { tag: 'INTEREST_RECEIVABLE', account: 'interestReceivable' },
  receivableFeeAccountId: { tag: 'FEES_RECEIVABLE', account: 'feeReceivable' },
  receivablePenaltyAccountId: { tag: 'PENALTIES_RECEIVABLE', account: 'penaltyReceivable' },
};

const MAPPING_TAGS: Record<ColumnKey, string> = {
  loanPortfolioAccountId: 'LOAN_PORTFOLIO',
  interestOnLoanAccountId: 'INTEREST_INCOME',
  incomeFromFeeAccountId: 'FEE_INCOME',
  incomeFromPenaltyAccountId: 'PENALTY_INCOME',
  writeOffAccountId: 'LOSSES_WRITTEN_OFF',
  incomeFromRecoveryAccountId: 'RECOVERY_INCOME',
  overpaymentLiabilityAccountId: 'OVERPAYMENT',
};

const MAPPING_COLUMNS: Record<ColumnKey, string> = {
  loanPortfolioAccountId: 'gl_loan_portfolio',
  interestOnLoanAccountId: 'gl_interest_income',
  incomeFromFeeAccountId: 'gl_fee_income',
  incomeFromPenaltyAccountId: 'gl_penalty_income',
  writeOffAccountId: 'gl_losses_written_off',
  incomeFromRecoveryAccountId: 'gl_recovery_income',
  overpaymentLiabilityAccountId: 'gl_overpayment',
};

interface ProductRow {
  id: number;
  name: string;
  short_name: string;
  description: string | null;
  currency_code: string;
  active: number;
  terms_json: string;
  in_arrears_tolerance: number;
  gl_loan_portfolio: number;
  gl_interest_income: number;
  gl_fee_income: number;
  gl_penalty_income: number;
  gl_losses_written_off: number;
  gl_recovery_income: number;
  gl_overpayment: number;
}

/**
 * The terms a product stores: everything of the input but identity, charges, accounting and tolerance. (A product
 * saved before migration 0016 still has its old inline `charges` in terms_json: nothing reads them, the product's
 * charges are its product_charges.)
 */
export type ProductTerms = Omit<LoanProductInput, 'name' | 'shortName' | 'description' | 'currencyCode' | 'accountingMapping' | 'inArrearsTolerance' | 'charges' | 'accountingRule'>;

export function toProduct(db: Db, r: ProductRow): LoanProduct {
  const dp = getOrganisation(db).currency.decimalPlaces;
  const { charges: _before0016, ...terms } = JSON.parse(r.terms_json) as ProductTerms & { charges?: unknown };
  const accounting = productAccounting(db, 'LOAN', r.id);
  return {
    ...terms,
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    description: r.description,
    currencyCode: r.currency_code,
    active: r.active === 1,
    inArrearsTolerance: formatMoney(r.in_arrears_tolerance, dp),
    charges: productCharges(db, 'LOAN', r.id),
    accountingRule: accounting.rule,
    accountingMapping: {
      loanPortfolioAccountId: r.gl_loan_portfolio,
      interestOnLoanAccountId: r.gl_interest_income,
      incomeFromFeeAccountId: r.gl_fee_income,
      incomeFromPenaltyAccountId: r.gl_penalty_income,
      writeOffAccountId: r.gl_losses_written_off,
      incomeFromRecoveryAccountId: r.gl_recovery_income,
      overpaymentLiabilityAccountId: r.gl_overpayment,
      receivableInterestAccountId: accounting.accounts.interestReceivable ?? null,
      receivableFeeAccountId: accounting.accounts.feeReceivable ?? null,
      receivablePenaltyAccountId: accounting.accounts.penaltyReceivable ?? null,
    },
  };
}

export function getProductRow(db: Db, id: number, field = 'id'): ProductRow {
  const r = sql<[number], ProductRow>(db, 'SELECT * FROM loan_products WHERE id = ?').get(id);
  if (!r) throw new AppError('NOT_FOUND', `There is no loan product ${id}`, [{ field, code: 'not_found', message: 'no such loan product' }]);
  return r;
}


interface CheckedProduct {
  terms: ProductTerms;
  tolerance: number;
  mapping: Record<ColumnKey, number>;
  chargeIds: number[];
  accounting: { rule: AccountingRule; accounts: AccrualAccounts };
}

/**
 * Checks a product: its currency, its charges (catalogue charges by id; a charge written out becomes one), its
 * default terms as a schedule (same rules as the calculator), its accounting rule and GL mapping. `id`: the product
 * updated (what the input leaves out of charges and accountingRule stays as it is), or null for a new one.
 */
function validateProduct(ctx: HandlerContext, input: LoanProductInput, id: number | null): CheckedProduct {
  const db = ctx.db;
  const org = getOrganisation(db);
  if (input.currencyCode !== org.currency.code) {
    throw new AppError('VALIDATION_FAILED', `This branch keeps its books in ${org.currency.code}`, [
      { field: 'currencyCode', code: 'other_currency', message: `must be ${org.currency.code}, the branch currency` },
    ]);
  }
  const dp = org.currency.decimalPlaces;
  for (const f of ['principal', 'minPrincipal', 'maxPrincipal'] as const) {
    if (input[f] !== undefined) parseMoneyField(input[f]!, dp, f);
  }
  const { name: _n, shortName, description: _d, currencyCode, accountingMapping, inArrearsTolerance, charges, accountingRule, ...terms } = input;
  const chargeIds =
    charges === undefined
      ? id === null ? [] : productCharges(db, 'LOAN', id).map((c) => c.id)
      : charges.map((c, i) => ('id' in c ? c.id : c.chargeId ?? catalogueChargeFor(ctx, 'LOAN', shortName, c, `charges.${i}.`)));
  checkProductCharges(db, 'LOAN', currencyCode, chargeIds);
  // The default terms must make a valid schedule (grace shorter than the term, rate in range ...).
  parseInput(scheduleInputSchema, productScheduleInput(terms, {}, scheduleChargesOf(db, chargeIds)));
  const mapping = {} as Record<ColumnKey, number>;
  for (const key of Object.keys(MAPPING_TAGS) as ColumnKey[]) {
    const given = accountingMapping?.[key];
    mapping[key] = given !== undefined ? mappedAccount(db, key, given) : accountByTag(db, MAPPING_TAGS[key]);
  }
  // the chart's receivables an accrual product defaults to (added to an older branch's chart by this command)
  ensureAccrualAccounts(db, ctx);
  const rule = accountingRule ?? (id === null ? 'CASH_BASED' : productAccounting(db, 'LOAN', id).rule);
  const accounts: AccrualAccounts = {};
  for (const key of RECEIVABLE_MAPPING_KEYS) {
    const given = accountingMapping?.[key];
    if (given !== undefined) accounts[RECEIVABLES[key].account] = mappedAccount(db, key, given);
    else if (isAccrual(rule)) accounts[RECEIVABLES[key].account] = taggedAccount(db, RECEIVABLES[key].tag, key);
  }
  return { terms, tolerance: parseMoneyField(inArrearsTolerance, dp, 'inArrearsTolerance'), mapping, chargeIds, accounting: { rule, accounts } };
}

/**
 * The schedule input of a product's terms and charges (its catalogue charges as a loan's terms keep them,
 * charges/catalogue.ts scheduleChargesOf), with a loan's changes applied (undefined keeps the product's).
 */
export function productScheduleInput(terms: ProductTerms, change: Record<string, unknown>, charges: ScheduleCharge[]): Record<string, unknown> {
  const pick = <T>(k: string, v: T): T => (change[k] !== undefined ? (change[k] as T) : v);
  const out: Record<string, unknown> = {
    principal: pick('principal', terms.principal),
    numberOfRepayments: pick('numberOfRepayments', terms.numberOfRepayments),
    repaymentEvery: pick('repaymentEvery', terms.repaymentEvery),
    repaymentFrequencyType: terms.repaymentFrequencyType,
    interestRatePerPeriod: pick('interestRatePerPeriod', terms.interestRatePerPeriod),
    interestRateFrequencyType: terms.interestRateFrequencyType,
    interestType: terms.interestType,
    amortizationType: terms.amortizationType,
    interestCalculationPeriodType: terms.interestCalculationPeriodType,
    daysInYearType: terms.daysInYearType,
    daysInMonthType: terms.daysInMonthType,
    graceOnPrincipalPayment: pick('graceOnPrincipalPayment', terms.graceOnPrincipalPayment),
    graceOnInterestPayment: pick('graceOnInterestPayment', terms.graceOnInterestPayment),
    graceOnInterestCharged: pick('graceOnInterestCharged', terms.graceOnInterestCharged),
    allowPartialPeriodInterestCalculation: terms.allowPartialPeriodInterestCalculation,
    charges,
  };
  if (terms.installmentAmountInMultiplesOf != null) out.installmentAmountInMultiplesOf = terms.installmentAmountInMultiplesOf;
  for (const k of ['expectedDisbursementDate', 'repaymentsStartingFromDate', 'currency']) if (change[k] !== undefined) out[k] = change[k];
  return out;
}

function saveProduct(ctx: HandlerContext, input: LoanProductInput, id: number | null): number {
  const db = ctx.db;
  const { terms, tolerance, mapping, chargeIds, accounting } = validateProduct(ctx, input, id);
  for (const [col, value, field] of [['name', input.name, 'name'], ['short_name', input.shortName, 'shortName']] as const) {
    const other = sql<[string, number], { id: number }>(db, `SELECT id FROM loan_products WHERE ${col} = ? AND id <> ?`).get(value, id ?? 0);
    if (other) throw new AppError('DUPLICATE', `A loan product already has the ${field} ${value}`, [{ field, code: 'duplicate', message: 'is already used by another product' }]);
  }
  const now = ctx.clock.now().toISOString();
  const values = {
    name: input.name,
    short_name: input.shortName,
    description: input.description ?? null,
    currency_code: input.currencyCode,
    terms_json: JSON.stringify(terms),
    in_arrears_tolerance: tolerance,
    ...Object.fromEntries((Object.keys(MAPPING_COLUMNS) as ColumnKey[]).map((k) => [MAPPING_COLUMNS[k], mapping[k]])),
    now,
  };
  if (id === null) {
    id = Number(
      sql(
        db,
        `INSERT INTO loan_products (global_id, name, short_name, description, currency_code, terms_json, in_arrears_tolerance,
           gl_loan_portfolio, gl_interest_income, gl_fee_income, gl_penalty_income, gl_losses_written_off, gl_recovery_income,
           gl_overpayment, created_at, updated_at)
         VALUES (@global_id, @name, @short_name, @description, @currency_code, @terms_json, @in_arrears_tolerance,
           @gl_loan_portfolio, @gl_interest_income, @gl_fee_income, @gl_penalty_income, @gl_losses_written_off, @gl_recovery_income,
           @gl_overpayment, @now, @now)`,
      ).run({ ...values, global_id: newGlobalId(db, 'loanproduct') }).lastInsertRowid,
    );
  } else {
    sql(
      db,
      `UPDATE loan_products SET name = @name, short_name = @short_name, description = @description, currency_code = @currency_code,
         terms_json = @terms_json, in_arrears_tolerance = @in_arrears_tolerance, gl_loan_portfolio = @gl_loan_portfolio,
         gl_interest_income = @gl_interest_income, gl_fee_income = @gl_fee_income, gl_penalty_income = @gl_penalty_income,
         gl_losses_written_off = @gl_losses_written_off, gl_recovery_income = @gl_recovery_income, gl_overpayment = @gl_overpayment,
         updated_at = @now WHERE id = @id`,
    ).run({ ...values, id });
  }
  setProductCharges(ctx, 'LOAN', id, chargeIds);
  setProductAccounting(db, 'LOAN', id, accounting);
  ctx.touched('loan_product', id);
  return id;
}

// ----- Fineract's loan product JSON ---------------------------------------------------------------------------

const ENUMS: Record<string, Record<string, number>> = {
  repaymentFrequencyType: REPAYMENT_FREQUENCY_TYPES,
  interestRateFrequencyType: INTEREST_RATE_FREQUENCY_TYPES,
  interestType: INTEREST_TYPES,
  amortizationType: AMORTIZATION_TYPES,
  interestCalculationPeriodType: INTEREST_CALCULATION_PERIOD_TYPES,
  daysInYearType: DAYS_IN_YEAR_TYPES,
  daysInMonthType: DAYS_IN_MONTH_TYPES,
};

/**
 * Fineract's shape: integer enum codes, its own key spellings, accountingRule as its code (2 = cash based), the
 * charges as catalogue charges with their definition (an import into another branch makes them there).
 */
export function toFineractProduct(p: LoanProduct, currency: { code: string; decimalPlaces: number; inMultiplesOf: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: p.name,
    shortName: p.shortName,
    description: p.description ?? '',
    currencyCode: currency.code,
    digitsAfterDecimal: currency.decimalPlaces,
    inMultiplesOf: currency.inMultiplesOf,
    principal: p.principal,
    minPrincipal: p.minPrincipal ?? p.principal,
    maxPrincipal: p.maxPrincipal ?? p.principal,
    numberOfRepayments: p.numberOfRepayments,
    minNumberOfRepayments: p.minNumberOfRepayments ?? p.numberOfRepayments,
    maxNumberOfRepayments: p.maxNumberOfRepayments ?? p.numberOfRepayments,
    repaymentEvery: p.repaymentEvery,
    interestRatePerPeriod: p.interestRatePerPeriod,
    minInterestRatePerPeriod: p.minInterestRatePerPeriod ?? p.interestRatePerPeriod,
    maxInterestRatePerPeriod: p.maxInterestRatePerPeriod ?? p.interestRatePerPeriod,
    graceOnPrincipalPayment: p.graceOnPrincipalPayment,
    graceOnInterestPayment: p.graceOnInterestPayment,
    graceOnInterestCharged: p.graceOnInterestCharged,
    installmentAmountInMultiplesOf: p.installmentAmountInMultiplesOf ?? 1,
    allowPartialPeriodInterestCalcualtion: p.allowPartialPeriodInterestCalculation,
    transactionProcessingStrategyCode: p.transactionProcessingStrategyCode,
    inArrearsTolerance: p.inArrearsTolerance,
    accountingRule: LOAN_ACCOUNTING_RULES[p.accountingRule],
    isInterestRecalculationEnabled: false,
    charges: p.charges.map((c) => ({
      id: c.id,
      name: c.name,
      chargeTimeType: CATALOGUE_CHARGE_TIME_TYPES[c.chargeTimeType],
      chargeCalculationType: CHARGE_CALCULATION_TYPES[c.chargeCalculationType],
      amount: c.amount,
      penalty: c.penalty,
    })),
    locale: 'en',
  };
  for (const key of Object.keys(ENUMS)) out[key] = ENUMS[key]![(p as unknown as Record<string, string>)[key]!];
  return out;
}

const FINERACT_KEYS: Record<string, string> = { allowPartialPeriodInterestCalcualtion: 'allowPartialPeriodInterestCalculation' };
const OWN_KEYS = new Set(Object.keys(loanProductFields));

/** Reads Fineract's loan product JSON (POST body or GET answer) into Branchbox's product input. */
export function fromFineractProduct(raw: Record<string, unknown>, org: { currency: { code: string } }): { input: Record<string, unknown>; ignored: string[] } {
  const input: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    const key = FINERACT_KEYS[rawKey] ?? rawKey;
    let value = rawValue;
    // GET answers carry enums as {id, code, value} and the currency as an object
    if (value && typeof value === 'object' && !Array.isArray(value) && 'id' in value) value = (value as { id: unknown }).id;
    if (key === 'currency' && rawValue && typeof rawValue === 'object') {
      input.currencyCode = (rawValue as { code?: unknown }).code;
      continue;
    }
    if (key === 'transactionProcessingStrategyCode' || OWN_KEYS.has(key)) {
      if (typeof value === 'number' && ['principal', 'minPrincipal', 'maxPrincipal', 'interestRatePerPeriod', 'minInterestRatePerPeriod', 'maxInterestRatePerPeriod', 'inArrearsTolerance'].includes(key)) {
        value = String(value);
      }
      if (key === 'charges' && Array.isArray(value)) {
        // a charge with its definition (an export, a Fineract GET answer) is made or found in this branch's catalogue
        // by name and definition: its id is the other system's; a bare {"id": n} is a charge of this catalogue
        value = value.map((c: Record<string, unknown>) => {
          const pickId = (v: unknown) => (v && typeof v === 'object' && 'id' in v ? (v as { id: unknown }).id : v);
          if (c === null || typeof c !== 'object' || c.chargeTimeType === undefined) return c;
          return {
            ...(typeof c.name === 'string' && c.name ? { name: c.name } : {}),
            chargeTimeType: pickId(c.chargeTimeType),
            chargeCalculationType: pickId(c.chargeCalculationType),
            amount: typeof c.amount === 'number' ? String(c.amount) : c.amount,
            ...(typeof c.penalty === 'boolean' ? { penalty: c.penalty } : {}),
            ...(c.feeFrequency !== undefined && c.feeFrequency !== null ? { feeFrequency: pickId(c.feeFrequency) } : {}),
            ...(typeof c.feeInterval === 'number' ? { feeInterval: c.feeInterval } : {}),
          };
        });
      }
      if (key === 'installmentAmountInMultiplesOf' && value === 0) continue;
      input[key] = value;
    } else {
      ignored.push(rawKey);
    }
  }
  if (input.currencyCode === undefined) input.currencyCode = org.currency.code;
  return { input, ignored };
}

export function registerLoanProducts(registry: Registry): void {
  registry.register('loanProducts.create', (ctx, input) => ({ id: saveProduct(ctx, input, null) }));

  registry.register('loanProducts.update', (ctx, input) => {
    getProductRow(ctx.db, input.id);
    const { id, ...rest } = input;
    return { id: saveProduct(ctx, rest, id) };
  });

  const setActive = (ctx: HandlerContext, id: number, active: boolean) => {
    getProductRow(ctx.db, id);
    sql(ctx.db, 'UPDATE loan_products SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, ctx.clock.now().toISOString(), id);
    ctx.touched('loan_product', id);
    return { id };
  };
  registry.register('loanProducts.deactivate', (ctx, input) => setActive(ctx, input.id, false));
  registry.register('loanProducts.activate', (ctx, input) => setActive(ctx, input.id, true));

  registry.register('loanProducts.get', (ctx, input) => toProduct(ctx.db, getProductRow(ctx.db, input.id)));

  registry.register('loanProducts.list', (ctx, input) =>
    sql<[number], ProductRow>(ctx.db, 'SELECT * FROM loan_products WHERE (? = 1 OR active = 1) ORDER BY name')
      .all(input.includeInactive ? 1 : 0)
      .map((r) => toProduct(ctx.db, r)),
  );

  registry.register('loanProducts.export', (ctx, input) =>
    toFineractProduct(toProduct(ctx.db, getProductRow(ctx.db, input.id)), getOrganisation(ctx.db).currency),
  );

  registry.register('loanProducts.import', (ctx, input) => {
    const { input: mapped, ignored } = fromFineractProduct(input.product, getOrganisation(ctx.db));
    const parsed = parseInput(loanProductInput, mapped);
    if (ignored.length > 0) {
      ctx.warn({ code: 'IGNORED_FIELDS', message: `Not used by Branchbox: ${ignored.join(', ')}`, details: { fields: ignored } });
    }
    return { id: saveProduct(ctx, parsed, null) };
  });
}
