import type { ParsedInput, SavingsAccountingMapping, SavingsProduct, SavingsProductInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { parseMoneyField, type Currency } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { checkSavingsTerms, type SavingsProductTerms } from '../../domain/savings';
import { accountByTag } from '../ledger';
import { isAccrual, productAccounting, setProductAccounting, type AccrualAccounts } from '../charges/accounting';
import { catalogueChargeFor, checkProductCharges, productCharges, setProductCharges } from '../charges/catalogue';
import { ensureAccrualAccounts, mappedAccount, taggedAccount } from '../charges/chart';
import { getOrganisation, newGlobalId } from '../organisation';
import { periodTerms } from './periodSettings';
import { findProductRow, insertProduct, listProductRows, productInputOf, productNameTaken, type AccountRow, type Mapping, type ProductRow } from './repository';

/**
 * Savings products (DOMAIN.md "Savings (Fineract)"): Fineract's terms, checked by the savings engine, kept as the
 * validated input; the GL accounts of the chart's tags; and the engine's terms of a product or of an account (which
 * keeps its product's terms from the day it was opened).
 */
function toProduct(db: Db, r: ProductRow): SavingsProduct {
  // a product made before the catalogue keeps its withdrawalFee in terms_json (migration 0016 made it a catalogue
  // charge the product carries, and its accounts' charges): the product shows that charge
  const { withdrawalFee: _before0016, ...terms } = JSON.parse(r.terms_json) as SavingsProductInput;
  const accounting = productAccounting(db, 'SAVINGS', r.id);
  return {
    ...terms,
    // a product made before dormancy tracking (migration 0018) does not track it
    isDormancyTrackingActive: terms.isDormancyTrackingActive ?? false,
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    description: r.description,
    currencyCode: r.currency_code,
    active: r.active === 1,
    charges: productCharges(db, 'SAVINGS', r.id),
    accountingRule: accounting.rule as SavingsProduct['accountingRule'],
    accountingMapping: {
      savingsControlAccountId: r.gl_savings_control,
      interestOnSavingsAccountId: r.gl_interest_expense,
      incomeFromFeeAccountId: r.gl_fee_income,
      overdraftPortfolioControlId: r.gl_overdraft_portfolio,
      incomeFromInterestId: r.gl_overdraft_interest_income,
      interestPayableAccountId: accounting.accounts.interestPayable ?? null,
      escheatLiabilityId: accounting.accounts.escheatLiability ?? null,
    },
  };
}

/** A savings product's mapping (Fineract's names) and the role each defaults to: the chart's tagged account. */
const MAPPING: Record<Exclude<keyof SavingsAccountingMapping, 'interestPayableAccountId' | 'escheatLiabilityId'>, { tag: string; gl: keyof Mapping }> = {
  savingsControlAccountId: { tag: 'SAVINGS_CONTROL', gl: 'control' },
  interestOnSavingsAccountId: { tag: 'SAVINGS_INTEREST_EXPENSE', gl: 'interestExpense' },
  incomeFromFeeAccountId: { tag: 'FEE_INCOME', gl: 'feeIncome' },
  overdraftPortfolioControlId: { tag: 'OVERDRAFT_PORTFOLIO', gl: 'overdraftPortfolio' },
  incomeFromInterestId: { tag: 'INTEREST_INCOME', gl: 'overdraftInterestIncome' },
};

/** The engine's terms from a product input (amounts in minor units). */
export function engineTerms(p: SavingsProductInput, currency: Currency): SavingsProductTerms {
  const m = (text: string | undefined, field: string) => (text === undefined ? undefined : parseMoneyField(text, currency.decimalPlaces, field));
  return {
    nominalAnnualInterestRate: p.nominalAnnualInterestRate,
    interestCompoundingPeriodType: p.interestCompoundingPeriodType,
    interestPostingPeriodType: p.interestPostingPeriodType,
    interestCalculationType: p.interestCalculationType,
    interestCalculationDaysInYearType: p.interestCalculationDaysInYearType,
    minRequiredBalance: m(p.minRequiredBalance, 'minRequiredBalance'),
    enforceMinRequiredBalance: p.enforceMinRequiredBalance,
    minBalanceForInterestCalculation: m(p.minBalanceForInterestCalculation, 'minBalanceForInterestCalculation'),
    overdraft: {
      allowOverdraft: p.allowOverdraft,
      overdraftLimit: m(p.overdraftLimit, 'overdraftLimit') ?? 0,
      nominalAnnualInterestRateOverdraft: p.nominalAnnualInterestRateOverdraft,
    },
    currency,
  };
}

/**
 * What activation deposits on an account of these terms (Fineract's minRequiredOpeningBalance, the product's or the
 * account's own), in minor units: 0 when none. Bad text is refused naming the field.
 */
export function openingBalanceOf(terms: Pick<SavingsProductInput, 'minRequiredOpeningBalance'>, decimalPlaces: number): number {
  return terms.minRequiredOpeningBalance === undefined ? 0 : parseMoneyField(terms.minRequiredOpeningBalance, decimalPlaces, 'minRequiredOpeningBalance');
}

/** Accounts' terms by what makes them (their terms_json, the currency, the branch's periods): one product's share one. */
const accountTermsMemo = new Map<string, SavingsProductTerms>();
const ACCOUNT_TERMS_MEMO_LIMIT = 1_000;

/**
 * The engine's terms of an account: its product's as they were when it was opened, in the branch currency, with the
 * branch's financial year and posting date (periodSettings.ts). Remembered by what they are made of and frozen, so
 * that a day-end computing every account of a product each day (daily posting) reads them once, and the engine
 * finds them prepared by identity.
 */
export function accountTerms(db: Db, a: AccountRow): SavingsProductTerms {
  const currency = getOrganisation(db).currency;
  const periods = periodTerms(db);
  const key = `${periods.financialYearBeginningMonth}|${periods.postingAtPeriodEnd}|${currency.code}|${currency.decimalPlaces}|${currency.inMultiplesOf}|${a.terms_json}`;
  let terms = accountTermsMemo.get(key);
  if (!terms) {
    const made = { ...engineTerms(productInputOf(a), currency), ...periods };
    terms = Object.freeze({ ...made, overdraft: Object.freeze(made.overdraft), currency: Object.freeze({ ...made.currency }) });
    if (accountTermsMemo.size >= ACCOUNT_TERMS_MEMO_LIMIT) accountTermsMemo.clear();
    accountTermsMemo.set(key, terms);
  }
  return terms;
}

/** The GL accounts an account opened today takes from its product. */
export function productMapping(p: ProductRow): Mapping {
  return {
    control: p.gl_savings_control,
    interestExpense: p.gl_interest_expense,
    feeIncome: p.gl_fee_income,
    overdraftPortfolio: p.gl_overdraft_portfolio,
    overdraftInterestIncome: p.gl_overdraft_interest_income,
  };
}

/**
 * savingsProducts.create: the terms (checked by the savings engine), the catalogue charges it carries (a
 * withdrawalFee given the old way becomes one), the accounting rule and the GL accounts.
 */
export function createProduct(ctx: HandlerContext, input: ParsedInput<'savingsProducts.create'>): { id: number } {
  const db = ctx.db;
  const org = getOrganisation(db);
  if (input.currencyCode !== org.currency.code) {
    throw new AppError('VALIDATION_FAILED', `This branch keeps its books in ${org.currency.code}`, [{ field: 'currencyCode', code: 'other_currency', message: `must be ${org.currency.code}, the branch currency` }]);
  }
  checkSavingsTerms(engineTerms(input, org.currency));
  openingBalanceOf(input, org.currency.decimalPlaces);
  for (const [column, value, field] of [['name', input.name, 'name'], ['short_name', input.shortName, 'shortName']] as const) {
    if (productNameTaken(db, column, value)) {
      throw new AppError('DUPLICATE', `A savings product already has the ${field} ${value}`, [{ field, code: 'duplicate', message: 'is already used by another product' }]);
    }
  }
  const now = ctx.clock.now().toISOString();
  // a withdrawalFee is the catalogue charge it becomes, which withdrawals take (savings/charges.ts): not a term
  const { name, shortName, description, currencyCode, charges, accountingRule, accountingMapping, withdrawalFee: _fee, ...terms } = input;
  const chargeIds = charges.map((c) => c.id);
  checkProductCharges(db, 'SAVINGS', currencyCode, chargeIds);
  if (input.withdrawalFee !== undefined && parseMoneyField(input.withdrawalFee, org.currency.decimalPlaces, 'withdrawalFee') > 0) {
    const fee = catalogueChargeFor(ctx, 'SAVINGS', shortName, { chargeTimeType: 'WITHDRAWAL_FEE', chargeCalculationType: 'FLAT', amount: input.withdrawalFee }, 'withdrawalFee.');
    if (!chargeIds.includes(fee)) chargeIds.push(fee);
  }
  // interest payable, an accrual product's default, is added to an older branch's chart by this command
  ensureAccrualAccounts(db, ctx);
  const gl = {} as Mapping;
  for (const key of Object.keys(MAPPING) as (keyof typeof MAPPING)[]) {
    const given = accountingMapping?.[key];
    gl[MAPPING[key].gl] = given !== undefined ? mappedAccount(db, key, given) : accountByTag(db, MAPPING[key].tag);
  }
  const payable = accountingMapping?.interestPayableAccountId;
  const accounts: AccrualAccounts = {};
  if (payable !== undefined) accounts.interestPayable = mappedAccount(db, 'interestPayableAccountId', payable);
  else if (isAccrual(accountingRule)) accounts.interestPayable = taggedAccount(db, 'SAVINGS_INTEREST_PAYABLE', 'interestPayableAccountId');
  // dormancy tracking escheats into a liability the product names (Fineract's escheatLiabilityId, required then:
  // SavingsProductAccountingDataValidator); the chart has no account of that role to default to
  const escheat = accountingMapping?.escheatLiabilityId;
  if (escheat !== undefined) accounts.escheatLiability = mappedAccount(db, 'escheatLiabilityId', escheat);
  else if (input.isDormancyTrackingActive) {
    throw new AppError('VALIDATION_FAILED', 'accountingMapping.escheatLiabilityId is required when isDormancyTrackingActive is true', [
      { field: 'accountingMapping.escheatLiabilityId', code: 'required', message: 'is required when dormancy is tracked (where an escheated balance goes)' },
    ]);
  }
  const id = insertProduct(db, {
    globalId: newGlobalId(db, 'savingsproduct'),
    name,
    shortName,
    description: description ?? null,
    currencyCode,
    terms,
    gl,
    now,
  });
  setProductCharges(ctx, 'SAVINGS', id, chargeIds);
  setProductAccounting(db, 'SAVINGS', id, { rule: accountingRule, accounts });
  ctx.touched('savings_product', id);
  return { id };
}

export function listProducts(db: Db): SavingsProduct[] {
  return listProductRows(db).map((r) => toProduct(db, r));
}

export function getProduct(db: Db, id: number): SavingsProduct {
  const r = findProductRow(db, id);
  if (!r) throw new AppError('NOT_FOUND', `There is no savings product ${id}`, [{ field: 'id', code: 'not_found', message: 'no such savings product' }]);
  return toProduct(db, r);
}
