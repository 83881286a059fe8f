import type { ParsedInput, SavingsProduct, SavingsProductInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { parseMoneyField, type Currency } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { checkSavingsTerms, type SavingsProductTerms } from '../../domain/savings';
import { accountByTag } from '../ledger';
import { getOrganisation, newGlobalId } from '../organisation';
import { findProductRow, insertProduct, listProductRows, productInputOf, productNameTaken, type AccountRow, type Mapping, type ProductRow } from './repository';

/**
 * Savings products (DOMAIN.md "Savings (Fineract)"): Fineract's terms, checked by the savings engine, kept as the
 * validated input; the GL accounts of the chart's tags; and the engine's terms of a product or of an account (which
 * keeps its product's terms from the day it was opened).
 */
function toProduct(r: ProductRow): SavingsProduct {
  return { ...(JSON.parse(r.terms_json) as SavingsProductInput), id: r.id, name: r.name, shortName: r.short_name, description: r.description, currencyCode: r.currency_code, active: r.active === 1 };
}

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

/** The engine's terms of an account: its product's as they were when it was opened, in the branch currency. */
export function accountTerms(db: Db, a: AccountRow): SavingsProductTerms {
  return engineTerms(productInputOf(a), getOrganisation(db).currency);
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

export function createProduct(ctx: HandlerContext, input: ParsedInput<'savingsProducts.create'>): { id: number } {
  const db = ctx.db;
  const org = getOrganisation(db);
  if (input.currencyCode !== org.currency.code) {
    throw new AppError('VALIDATION_FAILED', `This branch keeps its books in ${org.currency.code}`, [{ field: 'currencyCode', code: 'other_currency', message: `must be ${org.currency.code}, the branch currency` }]);
  }
  checkSavingsTerms(engineTerms(input, org.currency));
  for (const [column, value, field] of [['name', input.name, 'name'], ['short_name', input.shortName, 'shortName']] as const) {
    if (productNameTaken(db, column, value)) {
      throw new AppError('DUPLICATE', `A savings product already has the ${field} ${value}`, [{ field, code: 'duplicate', message: 'is already used by another product' }]);
    }
  }
  const now = ctx.clock.now().toISOString();
  const { name, shortName, description, currencyCode, ...terms } = input;
  const id = insertProduct(db, {
    globalId: newGlobalId(db, 'savingsproduct'),
    name,
    shortName,
    description: description ?? null,
    currencyCode,
    terms,
    gl: {
      control: accountByTag(db, 'SAVINGS_CONTROL'),
      interestExpense: accountByTag(db, 'SAVINGS_INTEREST_EXPENSE'),
      feeIncome: accountByTag(db, 'FEE_INCOME'),
      overdraftPortfolio: accountByTag(db, 'OVERDRAFT_PORTFOLIO'),
      overdraftInterestIncome: accountByTag(db, 'INTEREST_INCOME'),
    },
    now,
  });
  ctx.touched('savings_product', id);
  return { id };
}

export function listProducts(db: Db): SavingsProduct[] {
  return listProductRows(db).map(toProduct);
}

export function getProduct(db: Db, id: number): SavingsProduct {
  const r = findProductRow(db, id);
  if (!r) throw new AppError('NOT_FOUND', `There is no savings product ${id}`, [{ field: 'id', code: 'not_found', message: 'no such savings product' }]);
  return toProduct(r);
}
