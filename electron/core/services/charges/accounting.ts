import { sql } from '../../db/statements';
import type { Db } from '../../db/connection';

/**
 * Accounting rules (Fineract's accountingRule) of products and accounts, migration 0016: a product's rule and
 * accrual accounts in `product_accounting`, copied into `account_accounting` when a loan or savings account is
 * submitted (a later change of the product does not move an account). No row: CASH_BASED.
 */
export const ACCOUNTING_RULES = ['NONE', 'CASH_BASED', 'ACCRUAL_PERIODIC', 'ACCRUAL_UPFRONT'] as const;
export type AccountingRule = (typeof ACCOUNTING_RULES)[number];
/** Fineract's integer codes of the rules. */
export const ACCOUNTING_RULE_CODES: Record<AccountingRule, number> = { NONE: 1, CASH_BASED: 2, ACCRUAL_PERIODIC: 3, ACCRUAL_UPFRONT: 4 };

export type ProductType = 'LOAN' | 'SAVINGS';

/** The accrual accounts a product adds to its mapping (GL account ids); loans use the receivables, savings the payable. */
export interface AccrualAccounts {
  interestReceivable?: number;
  feeReceivable?: number;
  penaltyReceivable?: number;
  interestPayable?: number;
  /** savings tracking dormancy: where an escheated balance goes (Fineract's ESCHEAT_LIABILITY) */
  escheatLiability?: number;
}

export interface Accounting {
  rule: AccountingRule;
  accounts: AccrualAccounts;
}

const CASH: Accounting = { rule: 'CASH_BASED', accounts: {} };

/** True when the rule books income as it is earned (accrual transactions, receivables). */
export function isAccrual(rule: AccountingRule): boolean {
  return rule === 'ACCRUAL_PERIODIC' || rule === 'ACCRUAL_UPFRONT';
}

interface Row {
  accounting_rule: AccountingRule;
  mapping_json: string;
}

const of = (r: Row | undefined): Accounting => (r ? { rule: r.accounting_rule, accounts: JSON.parse(r.mapping_json) as AccrualAccounts } : CASH);

export function productAccounting(db: Db, type: ProductType, productId: number): Accounting {
  return of(sql<[ProductType, number], Row>(db, 'SELECT accounting_rule, mapping_json FROM product_accounting WHERE product_type = ? AND product_id = ?').get(type, productId));
}

export function setProductAccounting(db: Db, type: ProductType, productId: number, accounting: Accounting): void {
  sql(db, `INSERT INTO product_accounting (product_type, product_id, accounting_rule, mapping_json) VALUES (?, ?, ?, ?)
           ON CONFLICT (product_type, product_id) DO UPDATE SET accounting_rule = excluded.accounting_rule, mapping_json = excluded.mapping_json`)
    .run(type, productId, accounting.rule, JSON.stringify(accounting.accounts));
}

/** The rule a loan or savings account books with. */
export function accountAccounting(db: Db, type: ProductType, accountId: number): Accounting {
  return of(sql<[ProductType, number], Row>(db, 'SELECT accounting_rule, mapping_json FROM account_accounting WHERE account_type = ? AND account_id = ?').get(type, accountId));
}

/** Fixes a new account's rule: its product's, as it is now. */
export function copyProductAccounting(db: Db, type: ProductType, productId: number, accountId: number): void {
  const a = productAccounting(db, type, productId);
  sql(db, 'INSERT INTO account_accounting (account_type, account_id, accounting_rule, mapping_json) VALUES (?, ?, ?, ?)').run(type, accountId, a.rule, JSON.stringify(a.accounts));
}
