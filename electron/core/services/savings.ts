import type { SavingsProduct, SavingsProductInput, SavingsStatus, SavingsTransactionResult, SavingsView } from '../../../shared/contract';
import { SAVINGS_STATUSES } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { formatMoney, parseMoneyField, type Currency, type Minor } from '../../../shared/money';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { actorOf, type HandlerContext } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import { addDays, addMonths } from '../domain/calendar';
import {
  accountBalance,
  checkBalanceHistory,
  checkSavingsTerms,
  checkWithdrawal,
  computeInterest,
  interestPostingsDue,
  splitDebit,
  type SavingsProductTerms,
  type SavingsTransaction,
  type SavingsTransactionType,
} from '../domain/savings';
import { accountByTag, assertPeriodOpen, postJournalEntry, reverseEntriesOf } from './ledger';
import { resolvePaymentType, type PaymentType } from './common/paymentTypes';
import { notBefore, transactionDate } from './common/dates';
import { findLocalOffice, getOrganisation, newGlobalId, nextSequence } from './organisation';
import { issueReceipt } from './receipts';
import { tillCash, type CashUse } from './tills';
import { getLoanRow, requireStatus as requireLoanStatus } from './loans/repository';
import { rebuildLoan } from './loans/posting';

/**
 * Savings products and accounts (DOMAIN.md "Savings (Fineract)"): deposits, withdrawals (refused with
 * INSUFFICIENT_FUNDS below the product's floor), interest computed by the savings engine and posted per period,
 * each money movement with its cash-based journal entry: deposit Dr cash Cr savings control; withdrawal the
 * reverse, the part below zero debited to the overdraft portfolio; interest Dr interest on savings Cr savings
 * control; fees Dr savings control Cr fee income.
 */
interface Mapping {
  control: number;
  interestExpense: number;
  feeIncome: number;
  overdraftPortfolio: number;
  overdraftInterestIncome: number;
}

interface ProductRow {
  id: number;
  name: string;
  short_name: string;
  description: string | null;
  currency_code: string;
  active: number;
  terms_json: string;
}

interface AccountRow {
  id: number;
  account_no: string;
  client_id: number;
  product_id: number;
  status: number;
  terms_json: string;
  gl_mapping_json: string;
  submitted_on: string;
  submitted_by: number;
  approved_on: string | null;
  activated_on: string | null;
  locked_in_until: string | null;
  closed_on: string | null;
}

interface TxnRow {
  id: number;
  type: SavingsTransactionType | 'REVERSAL';
  transaction_date: string;
  amount: number;
  overdraft_portion: number;
  payment_type_id: number | null;
  receipt_number: string | null;
  note: string | null;
  reversed: number;
}

const STATUS_NAME: Record<number, SavingsStatus> = Object.fromEntries(Object.entries(SAVINGS_STATUSES).map(([k, v]) => [v, k as SavingsStatus]));

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

function getAccount(db: Db, id: number): AccountRow {
  const r = sql<[number], AccountRow>(db, 'SELECT * FROM savings_accounts WHERE id = ?').get(id);
  if (!r) throw new AppError('NOT_FOUND', `There is no savings account ${id}`, [{ field: 'savingsId', code: 'not_found', message: 'no such savings account' }]);
  return r;
}

function requireStatus(a: AccountRow, allowed: SavingsStatus[], action: string): void {
  const name = STATUS_NAME[a.status]!;
  if (!allowed.includes(name)) throw new AppError('INVALID_STATE', `A savings account that is ${name} cannot be ${action}`, undefined, { status: name });
}

function transactions(db: Db, accountId: number): TxnRow[] {
  return sql<[number], TxnRow>(
    db,
    `SELECT t.*, EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) AS reversed
     FROM savings_transactions t WHERE t.account_id = ? AND t.type <> 'REVERSAL' ORDER BY t.transaction_date, t.id`,
  ).all(accountId);
}

function live(rows: TxnRow[]): SavingsTransaction[] {
  return rows.filter((t) => !t.reversed).map((t) => ({ date: t.transaction_date, type: t.type as SavingsTransactionType, amount: t.amount }));
}

function insertTxn(ctx: HandlerContext, accountId: number, t: { type: string; date: string; amount: number; overdraft?: number; paymentTypeId?: number | null; receiptNumber?: string | null; reversesId?: number | null; note?: string | null }): number {
  const id = Number(
    sql(
      ctx.db,
      `INSERT INTO savings_transactions (global_id, account_id, type, transaction_date, amount, overdraft_portion, payment_type_id,
         receipt_number, reverses_id, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      newGlobalId(ctx.db, 'savingstxn'),
      accountId,
      t.type,
      t.date,
      t.amount,
      t.overdraft ?? 0,
      t.paymentTypeId ?? null,
      t.receiptNumber ?? null,
      t.reversesId ?? null,
      t.note ?? null,
      ctx.actor?.userId ?? null,
      ctx.clock.now().toISOString(),
    ).lastInsertRowid,
  );
  ctx.touched('savings_transaction', id);
  return id;
}

function journal(ctx: HandlerContext, account: AccountRow, txnId: number, description: string, date: string, lines: { accountId: number; debit?: number; credit?: number }[]): void {
  postJournalEntry(ctx, { date, description: `${description} ${account.account_no}`, sourceType: 'savings_transaction', sourceId: txnId, lines });
}

/** The account balance, summed in SQL (an account's history grows; reading every row for a deposit would not scale). */
function balanceOf(db: Db, accountId: number): number {
  return sql<[number], { balance: number }>(
    db,
    `SELECT coalesce(sum(CASE WHEN t.type IN ('DEPOSIT', 'INTEREST_POSTING') THEN t.amount ELSE -t.amount END), 0) AS balance
     FROM savings_transactions t
     WHERE t.account_id = ? AND t.type <> 'REVERSAL' AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)`,
  ).get(accountId)!.balance;
}

function result(ctx: HandlerContext, account: AccountRow, txnId: number, receipt: SavingsTransactionResult['receipt'], balance?: number): SavingsTransactionResult {
  const dp = getOrganisation(ctx.db).currency.decimalPlaces;
  return { savingsId: account.id, transactionId: txnId, accountBalance: formatMoney(balance ?? balanceOf(ctx.db, account.id), dp), receipt };
}

/** A savings transaction dated `date`: not after the business date, not before activation, in an open period. */
function moneyDate(ctx: HandlerContext, account: AccountRow, given: string | undefined, field = 'transactionDate'): string {
  const date = transactionDate(ctx, given, field);
  notBefore(date, account.activated_on!, field, 'the activation date');
  assertPeriodOpen(ctx.db, date, field);
  return date;
}

export function registerSavings(registry: Registry): void {
  registry.register('savingsProducts.create', (ctx, input) => {
    const db = ctx.db;
    const org = getOrganisation(db);
    if (input.currencyCode !== org.currency.code) {
      throw new AppError('VALIDATION_FAILED', `This branch keeps its books in ${org.currency.code}`, [{ field: 'currencyCode', code: 'other_currency', message: `must be ${org.currency.code}, the branch currency` }]);
    }
    checkSavingsTerms(engineTerms(input, org.currency));
    for (const [col, value, field] of [['name', input.name, 'name'], ['short_name', input.shortName, 'shortName']] as const) {
      if (sql<[string], { id: number }>(db, `SELECT id FROM savings_products WHERE ${col} = ?`).get(value)) {
        throw new AppError('DUPLICATE', `A savings product already has the ${field} ${value}`, [{ field, code: 'duplicate', message: 'is already used by another product' }]);
      }
    }
    const now = ctx.clock.now().toISOString();
    const { name, shortName, description, currencyCode, ...terms } = input;
    const id = Number(
      sql(
        db,
        `INSERT INTO savings_products (global_id, name, short_name, description, currency_code, terms_json, gl_savings_control,
           gl_interest_expense, gl_fee_income, gl_overdraft_portfolio, gl_overdraft_interest_income, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        newGlobalId(db, 'savingsproduct'),
        name,
        shortName,
        description ?? null,
        currencyCode,
        JSON.stringify(terms),
        accountByTag(db, 'SAVINGS_CONTROL'),
        accountByTag(db, 'SAVINGS_INTEREST_EXPENSE'),
        accountByTag(db, 'FEE_INCOME'),
        accountByTag(db, 'OVERDRAFT_PORTFOLIO'),
        accountByTag(db, 'INTEREST_INCOME'),
        now,
        now,
      ).lastInsertRowid,
    );
    ctx.touched('savings_product', id);
    return { id };
  });

  registry.register('savingsProducts.list', (ctx) => sql<[], ProductRow>(ctx.db, 'SELECT * FROM savings_products ORDER BY name').all().map(toProduct));

  registry.register('savingsProducts.get', (ctx, input) => {
    const r = sql<[number], ProductRow>(ctx.db, 'SELECT * FROM savings_products WHERE id = ?').get(input.id);
    if (!r) throw new AppError('NOT_FOUND', `There is no savings product ${input.id}`, [{ field: 'id', code: 'not_found', message: 'no such savings product' }]);
    return toProduct(r);
  });

  registry.register('savings.submit', (ctx, input) => {
    const db = ctx.db;
    const client = sql<[number], { status: string }>(db, 'SELECT status FROM clients WHERE id = ?').get(input.clientId);
    if (!client) throw new AppError('NOT_FOUND', `There is no client ${input.clientId}`, [{ field: 'clientId', code: 'not_found', message: 'no such client' }]);
    if (client.status !== 'ACTIVE') throw new AppError('INVALID_STATE', `The client is ${client.status}`, [{ field: 'clientId', code: 'client_not_active', message: `the client is ${client.status}` }], { status: client.status });
    const p = sql<[number], ProductRow & Record<string, number>>(db, 'SELECT * FROM savings_products WHERE id = ?').get(input.productId);
    if (!p || p.active !== 1) throw new AppError('VALIDATION_FAILED', 'No such active savings product', [{ field: 'productId', code: 'not_found', message: 'no such active savings product' }]);
    const date = transactionDate(ctx, input.submittedOnDate, 'submittedOnDate');
    const office = findLocalOffice(db)!;
    const accountNo = `${office.code}-S${String(nextSequence(db, `savings.account.${office.code}`)).padStart(6, '0')}`;
    const mapping: Mapping = {
      control: p.gl_savings_control!,
      interestExpense: p.gl_interest_expense!,
      feeIncome: p.gl_fee_income!,
      overdraftPortfolio: p.gl_overdraft_portfolio!,
      overdraftInterestIncome: p.gl_overdraft_interest_income!,
    };
    const now = ctx.clock.now().toISOString();
    const savingsId = Number(
      sql(
        db,
        `INSERT INTO savings_accounts (global_id, account_no, client_id, product_id, office_id, status, currency_code, terms_json,
           gl_mapping_json, submitted_on, submitted_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 100, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(newGlobalId(db, 'savings', office.code), accountNo, input.clientId, p.id, office.id, p.currency_code, p.terms_json, JSON.stringify(mapping), date, actorOf(ctx).userId, now, now)
        .lastInsertRowid,
    );
    ctx.touched('savings_account', savingsId);
    return { savingsId, accountNo };
  });

  registry.register('savings.approve', (ctx, input) => {
    const a = getAccount(ctx.db, input.savingsId);
    requireStatus(a, ['SUBMITTED_AND_PENDING_APPROVAL'], 'approved');
    const date = transactionDate(ctx, input.approvedOnDate, 'approvedOnDate');
    notBefore(date, a.submitted_on, 'approvedOnDate', 'the submission date');
    sql(ctx.db, 'UPDATE savings_accounts SET status = 200, approved_on = ?, approved_by = ?, version = version + 1, updated_at = ? WHERE id = ?').run(date, actorOf(ctx).userId, ctx.clock.now().toISOString(), a.id);
    ctx.touched('savings_account', a.id);
    return { savingsId: a.id };
  });

  registry.register('savings.activate', (ctx, input) => {
    const a = getAccount(ctx.db, input.savingsId);
    requireStatus(a, ['APPROVED'], 'activated');
    const date = transactionDate(ctx, input.activatedOnDate, 'activatedOnDate');
    notBefore(date, a.approved_on!, 'activatedOnDate', 'the approval date');
    const terms = JSON.parse(a.terms_json) as SavingsProductInput;
    let lockedIn: string | null = null;
    if (terms.lockinPeriodFrequency && terms.lockinPeriodFrequencyType) {
      const n = terms.lockinPeriodFrequency;
      lockedIn = terms.lockinPeriodFrequencyType === 'DAYS' ? addDays(date, n)
        : terms.lockinPeriodFrequencyType === 'WEEKS' ? addDays(date, 7 * n)
        : addMonths(date, terms.lockinPeriodFrequencyType === 'MONTHS' ? n : 12 * n);
    }
    sql(ctx.db, 'UPDATE savings_accounts SET status = 300, activated_on = ?, locked_in_until = ?, version = version + 1, updated_at = ? WHERE id = ?').run(date, lockedIn, ctx.clock.now().toISOString(), a.id);
    ctx.touched('savings_account', a.id);
    return { savingsId: a.id };
  });

  registry.register('savings.deposit', (ctx, input) => {
    const db = ctx.db;
    const a = getAccount(db, input.savingsId);
    requireStatus(a, ['ACTIVE'], 'credited');
    const date = moneyDate(ctx, a, input.transactionDate);
    const amount = parseMoneyField(input.transactionAmount, getOrganisation(db).currency.decimalPlaces, 'transactionAmount');
    const pt = resolvePaymentType(db, input);
    const m = JSON.parse(a.gl_mapping_json) as Mapping;
    const fund = tillCash(ctx, pt, { kind: 'SAVINGS_DEPOSIT', amount, reference: a.account_no, description: `Deposit ${a.account_no}`, approval: input.approval });
    const id = insertTxn(ctx, a.id, { type: 'DEPOSIT', date, amount, paymentTypeId: pt.id, receiptNumber: input.receiptNumber ?? null, note: input.note ?? null });
    journal(ctx, a, id, 'Savings deposit', date, [{ accountId: fund, debit: amount }, { accountId: m.control, credit: amount }]);
    const after = balanceOf(db, a.id);
    const receipt = issueReceipt(ctx, { kind: 'SAVINGS_DEPOSIT', sourceType: 'savings_transaction', sourceId: id, clientId: a.client_id, accountNo: a.account_no, amount, date, paymentType: pt.code, lines: [{ label: 'deposit', amount }], balanceAfter: after });
    return result(ctx, a, id, receipt, after);
  });

  registry.register('savings.withdraw', (ctx, input) => {
    const db = ctx.db;
    const a = getAccount(db, input.savingsId);
    requireStatus(a, ['ACTIVE'], 'debited');
    const date = moneyDate(ctx, a, input.transactionDate);
    const currency = getOrganisation(db).currency;
    const amount = parseMoneyField(input.transactionAmount, currency.decimalPlaces, 'transactionAmount');
    const product = JSON.parse(a.terms_json) as SavingsProductInput;
    const fee = product.withdrawalFee ? parseMoneyField(product.withdrawalFee, currency.decimalPlaces, 'withdrawalFee') : 0;
    const check = checkDebit(db, a, date, amount, fee);
    const pt = resolvePaymentType(db, input);
    const fund = tillCash(ctx, pt, { kind: 'SAVINGS_WITHDRAWAL', amount: -amount, reference: a.account_no, description: `Withdrawal ${a.account_no}`, approval: input.approval });
    const m = JSON.parse(a.gl_mapping_json) as Mapping;
    if (fee > 0) {
      const feeId = insertTxn(ctx, a.id, { type: 'WITHDRAWAL_FEE', date, amount: fee, overdraft: check.fee.fromOverdraft });
      journal(ctx, a, feeId, 'Withdrawal fee', date, [
        { accountId: m.control, debit: check.fee.fromBalance },
        { accountId: m.overdraftPortfolio, debit: check.fee.fromOverdraft },
        { accountId: m.feeIncome, credit: fee },
      ]);
    }
    const id = insertTxn(ctx, a.id, { type: 'WITHDRAWAL', date, amount, overdraft: check.withdrawal.fromOverdraft, paymentTypeId: pt.id, receiptNumber: input.receiptNumber ?? null, note: input.note ?? null });
    journal(ctx, a, id, 'Savings withdrawal', date, [
      { accountId: m.control, debit: check.withdrawal.fromBalance },
      { accountId: m.overdraftPortfolio, debit: check.withdrawal.fromOverdraft },
      { accountId: fund, credit: amount },
    ]);
    const receipt = issueReceipt(ctx, {
      kind: 'SAVINGS_WITHDRAWAL',
      sourceType: 'savings_transaction',
      sourceId: id,
      clientId: a.client_id,
      accountNo: a.account_no,
      amount,
      date,
      paymentType: pt.code,
      lines: [{ label: 'withdrawal', amount }, { label: 'withdrawalFee', amount: fee }],
      balanceAfter: check.balanceAfter,
    });
    return result(ctx, a, id, receipt, check.balanceAfter);
  });

  registry.register('savings.transferToLoan', (ctx, input) => {
    const db = ctx.db;
    const a = getAccount(db, input.savingsId);
    requireStatus(a, ['ACTIVE'], 'debited');
    const loan = getLoanRow(db, input.loanId);
    requireLoanStatus(loan, ['ACTIVE'], 'repaid');
    if (loan.client_id !== a.client_id) {
      throw new AppError('VALIDATION_FAILED', 'The loan belongs to another client', [{ field: 'loanId', code: 'other_client', message: "is not a loan of the savings account's client" }]);
    }
    const date = moneyDate(ctx, a, input.transactionDate);
    notBefore(date, loan.disbursed_on!, 'transactionDate', 'the disbursement date');
    const amount = parseMoneyField(input.transactionAmount, getOrganisation(db).currency.decimalPlaces, 'transactionAmount');
    const check = checkDebit(db, a, date, amount, 0);
    if (check.withdrawal.fromOverdraft > 0) {
      throw new AppError('INSUFFICIENT_FUNDS', 'A transfer to a loan cannot use the overdraft', [
        { field: 'transactionAmount', code: 'overdraft_not_allowed', message: 'is more than the balance (a transfer cannot use the overdraft)' },
      ]);
    }
    const m = JSON.parse(a.gl_mapping_json) as Mapping;
    // the statement and the loan both say where the money went, whatever the teller adds
    const note = `Transfer to loan ${loan.account_no}${input.note ? `: ${input.note}` : ''}`;
    const savingsTransactionId = insertTxn(ctx, a.id, { type: 'WITHDRAWAL', date, amount, note });
    // one journal entry, the loan's: Dr savings deposits, Cr the loan's portfolio, income ... (the withdrawal's
    // side of it); no cash moves
    const { ids } = rebuildLoan(ctx, loan, [{ type: 'REPAYMENT', date, amount, paymentTypeId: null, fundAccount: m.control, note: `Transfer from savings ${a.account_no}${input.note ? `: ${input.note}` : ''}` }]);
    return { savingsId: a.id, savingsTransactionId, loanId: loan.id, loanTransactionId: ids[0]!, accountBalance: formatMoney(check.balanceAfter, getOrganisation(db).currency.decimalPlaces) };
  });

  registry.register('savings.close', (ctx, input) => {
    const db = ctx.db;
    const a = getAccount(db, input.savingsId);
    requireStatus(a, ['ACTIVE'], 'closed');
    const date = moneyDate(ctx, a, input.closedOnDate, 'closedOnDate');
    const pt = resolvePaymentType(db, input);
    const { withdrawalId, amount } = closeAccount(ctx, a, date, input.withdrawBalance, pt, input.approval, input.note);
    const receipt = withdrawalId === null ? null : issueReceipt(ctx, {
      kind: 'SAVINGS_WITHDRAWAL',
      sourceType: 'savings_transaction',
      sourceId: withdrawalId,
      clientId: a.client_id,
      accountNo: a.account_no,
      amount,
      date,
      paymentType: pt.code,
      lines: [{ label: 'withdrawal', amount }],
      balanceAfter: 0,
    });
    return { ...result(ctx, a, withdrawalId ?? 0, receipt, 0), closedOn: date };
  });

  registry.register('savings.postInterest', (ctx, input) => {
    const db = ctx.db;
    const asOf = input.postingDate ?? ctx.businessDate();
    if (asOf > ctx.businessDate()) throw new AppError('VALIDATION_FAILED', 'postingDate is after the business date', [{ field: 'postingDate', code: 'after_business_date', message: 'cannot be after the business date' }]);
    if (input.savingsId !== undefined) requireStatus(getAccount(db, input.savingsId), ['ACTIVE'], 'given interest');
    const ids = input.savingsId !== undefined
      ? [input.savingsId]
      : sql<[], { id: number }>(db, 'SELECT id FROM savings_accounts WHERE status = 300 ORDER BY id').all().map((r) => r.id);
    let created = 0;
    let reversed = 0;
    for (const id of ids) {
      const r = postInterestFor(ctx, getAccount(db, id), asOf);
      created += r.created;
      reversed += r.reversed;
    }
    return { accounts: ids.length, created, reversed };
  });

  registry.register('savings.get', (ctx, input) => savingsView(ctx.db, input.savingsId, ctx.businessDate()));

  registry.register('savings.list', (ctx, input) => {
    const db = ctx.db;
    const dp = getOrganisation(db).currency.decimalPlaces;
    const rows = sql<(number | null)[], { id: number; account_no: string; status: number; client_id: number; client_name: string; product_name: string }>(
      db,
      `SELECT a.id, a.account_no, a.status, a.client_id, c.display_name AS client_name, p.name AS product_name
       FROM savings_accounts a JOIN clients c ON c.id = a.client_id JOIN savings_products p ON p.id = a.product_id
       WHERE (? IS NULL OR a.client_id = ?) AND (? IS NULL OR a.status = ?) ORDER BY a.id DESC LIMIT 1000`,
    ).all(input.clientId ?? null, input.clientId ?? null, input.status ? SAVINGS_STATUSES[input.status] : null, input.status ? SAVINGS_STATUSES[input.status] : null);
    // balances summed in SQL, one account at a time
    return rows.map((r) => ({ id: r.id, accountNo: r.account_no, status: STATUS_NAME[r.status]!, clientId: r.client_id, clientName: r.client_name, productName: r.product_name, accountBalance: formatMoney(balanceOf(db, r.id), dp) }));
  });
}

/**
 * The checks of a debit (a withdrawal or a transfer): lock-in, the product's floor or overdraft limit now, and for
 * a backdated debit on every later day too (Fineract checks the history). Throws INSUFFICIENT_FUNDS.
 */
function checkDebit(db: Db, a: AccountRow, date: string, amount: number, fee: number) {
  if (a.locked_in_until && date < a.locked_in_until) {
    throw new AppError('INVALID_STATE', `The savings are locked in until ${a.locked_in_until}`, [{ field: 'transactionDate', code: 'locked_in', message: `the savings are locked in until ${a.locked_in_until}` }], { lockedInUntil: a.locked_in_until });
  }
  const terms = engineTerms(JSON.parse(a.terms_json) as SavingsProductInput, getOrganisation(db).currency);
  const check = checkWithdrawal(balanceOf(db, a.id) as Minor, amount as Minor, terms, { fee: fee as Minor });
  if (!check.ok) throw check.error;
  const later = sql<[number, string], { n: number }>(db, "SELECT count(*) AS n FROM savings_transactions WHERE account_id = ? AND transaction_date > ? AND type <> 'REVERSAL'").get(a.id, date)!.n;
  if (later > 0) {
    const history = live(transactions(db, a.id));
    const withIt: SavingsTransaction[] = [...history, ...(fee > 0 ? [{ date, type: 'WITHDRAWAL_FEE' as const, amount: fee }] : []), { date, type: 'WITHDRAWAL', amount }];
    const refused = checkBalanceHistory(withIt, terms);
    if (refused) throw refused;
  }
  return check;
}

/**
 * One account's posting run (DOMAIN.md): interest computed from activation up to the day before `asOf`; every
 * finished period not yet posted is posted (dated the day after it ends); a posting that differs is reversed and
 * posted again.
 */
export function postInterestFor(ctx: HandlerContext, a: AccountRow, asOf: string): { created: number; reversed: number } {
  const db = ctx.db;
  const currency = getOrganisation(db).currency;
  const product = JSON.parse(a.terms_json) as SavingsProductInput;
  const terms = engineTerms(product, currency);
  const m = JSON.parse(a.gl_mapping_json) as Mapping;
  const rows = transactions(db, a.id);
  const upTo = addDays(asOf, -1);
  if (upTo < a.activated_on!) return { created: 0, reversed: 0 };
  const computed = computeInterest(live(rows), terms, { activationDate: a.activated_on!, upTo });
  const posted = rows
    .filter((t) => !t.reversed && (t.type === 'INTEREST_POSTING' || t.type === 'OVERDRAFT_INTEREST'))
    .map((t) => ({ postingDate: t.transaction_date, amount: t.amount, type: t.type as 'INTEREST_POSTING' | 'OVERDRAFT_INTEREST', ref: t.id }));
  const plan = interestPostingsDue(computed, posted, asOf);
  for (const p of plan.reverse) {
    const id = insertTxn(ctx, a.id, { type: 'REVERSAL', date: p.postingDate, amount: p.amount, reversesId: p.ref!, note: 'Interest recomputed' });
    void id;
    reverseEntriesOf(ctx, 'savings_transaction', p.ref!);
  }
  for (const c of plan.create) postInterestLine(ctx, a, m, c);
  return { created: plan.create.length, reversed: plan.reverse.length };
}

/** Posts one period's interest (or overdraft interest) with its journal entry. */
function postInterestLine(ctx: HandlerContext, a: AccountRow, m: Mapping, c: { type: 'INTEREST_POSTING' | 'OVERDRAFT_INTEREST'; postingDate: string; amount: number; fromDate: string; toDate: string }): void {
  if (c.type === 'INTEREST_POSTING') {
    const id = insertTxn(ctx, a.id, { type: 'INTEREST_POSTING', date: c.postingDate, amount: c.amount, note: `Interest ${c.fromDate} to ${c.toDate}` });
    journal(ctx, a, id, 'Interest on savings', c.postingDate, [{ accountId: m.interestExpense, debit: c.amount }, { accountId: m.control, credit: c.amount }]);
    return;
  }
  const before = accountBalance(live(transactions(ctx.db, a.id)).filter((t) => t.date <= c.postingDate));
  const split = splitDebit(before, c.amount);
  const id = insertTxn(ctx, a.id, { type: 'OVERDRAFT_INTEREST', date: c.postingDate, amount: c.amount, overdraft: split.fromOverdraft, note: `Overdraft interest ${c.fromDate} to ${c.toDate}` });
  journal(ctx, a, id, 'Overdraft interest', c.postingDate, [
    { accountId: m.control, debit: split.fromBalance },
    { accountId: m.overdraftPortfolio, debit: split.fromOverdraft },
    { accountId: m.overdraftInterestIncome, credit: c.amount },
  ]);
}

/**
 * Closes an account on `date` (Fineract's close): interest is posted up to the day before, the part of the
 * posting period under way included, dated the closing day; the balance left is paid out (`withdrawBalance`,
 * through the till for cash, the product's floor no longer applying) or the close is refused.
 */
function closeAccount(ctx: HandlerContext, a: AccountRow, date: string, withdrawBalance: boolean, pt: PaymentType, approval: CashUse['approval'], note: string | null | undefined): { withdrawalId: number | null; amount: number } {
  const db = ctx.db;
  const later = sql<[number, string], { n: number }>(db, "SELECT count(*) AS n FROM savings_transactions WHERE account_id = ? AND transaction_date > ? AND type <> 'REVERSAL'").get(a.id, date)!.n;
  if (later > 0) throw new AppError('VALIDATION_FAILED', 'The account has transactions after the closing date', [{ field: 'closedOnDate', code: 'before_last_transaction', message: 'is before the last transaction of the account' }]);
  postInterestFor(ctx, a, date);
  const m = JSON.parse(a.gl_mapping_json) as Mapping;
  const terms = engineTerms(JSON.parse(a.terms_json) as SavingsProductInput, getOrganisation(db).currency);
  const upTo = addDays(date, -1);
  if (upTo >= a.activated_on!) {
    const current = computeInterest(live(transactions(db, a.id)), terms, { activationDate: a.activated_on!, upTo }).current;
    if (current) {
      const period = { fromDate: current.fromDate, toDate: upTo, postingDate: date };
      if (current.interest > 0) postInterestLine(ctx, a, m, { ...period, type: 'INTEREST_POSTING', amount: current.interest });
      if (current.overdraftInterest > 0) postInterestLine(ctx, a, m, { ...period, type: 'OVERDRAFT_INTEREST', amount: current.overdraftInterest });
    }
  }
  const balance = balanceOf(db, a.id);
  const dp = getOrganisation(db).currency.decimalPlaces;
  if (balance < 0) {
    throw new AppError('INVALID_STATE', `The account is overdrawn by ${formatMoney(-balance, dp)}: it must be repaid before closing`, undefined, { accountBalance: formatMoney(balance, dp), reason: 'OVERDRAWN' });
  }
  if (balance > 0 && !withdrawBalance) {
    throw new AppError('INVALID_STATE', `The account still holds ${formatMoney(balance, dp)}: pay it out to close (withdrawBalance)`, [
      { field: 'withdrawBalance', code: 'balance_left', message: `the account still holds ${formatMoney(balance, dp)}` },
    ], { accountBalance: formatMoney(balance, dp), reason: 'BALANCE_LEFT' });
  }
  let withdrawalId: number | null = null;
  if (balance > 0) {
    const fund = tillCash(ctx, pt, { kind: 'SAVINGS_WITHDRAWAL', amount: -balance, reference: a.account_no, description: `Closing ${a.account_no}`, approval });
    withdrawalId = insertTxn(ctx, a.id, { type: 'WITHDRAWAL', date, amount: balance, paymentTypeId: pt.id, note: `Balance paid out at closing${note ? `: ${note}` : ''}` });
    journal(ctx, a, withdrawalId, 'Savings closed, balance paid out', date, [{ accountId: m.control, debit: balance }, { accountId: fund, credit: balance }]);
  }
  sql(db, 'UPDATE savings_accounts SET status = 600, closed_on = ?, version = version + 1, updated_at = ? WHERE id = ?').run(date, ctx.clock.now().toISOString(), a.id);
  ctx.touched('savings_account', a.id);
  return { withdrawalId, amount: balance };
}

function savingsView(db: Db, id: number, asOf: string): SavingsView {
  const a = getAccount(db, id);
  const currency = getOrganisation(db).currency;
  const f = (n: number) => formatMoney(n, currency.decimalPlaces);
  const client = sql<[number], { id: number; account_no: string; display_name: string }>(db, 'SELECT id, account_no, display_name FROM clients WHERE id = ?').get(a.client_id)!;
  const product = sql<[number], { id: number; name: string; short_name: string }>(db, 'SELECT id, name, short_name FROM savings_products WHERE id = ?').get(a.product_id)!;
  const rows = transactions(db, a.id);
  const paymentTypes = new Map(sql<[], { id: number; code: string }>(db, 'SELECT id, code FROM payment_types').all().map((p) => [p.id, p.code]));
  const receipts = new Map(
    sql<[number], { source_id: number; number: string }>(db, "SELECT r.source_id, r.number FROM receipts r JOIN savings_transactions t ON t.id = r.source_id WHERE r.source_type = 'savings_transaction' AND t.account_id = ?")
      .all(a.id)
      .map((r) => [r.source_id, r.number]),
  );
  let running = 0;
  const sums = { deposits: 0, withdrawals: 0, interest: 0, fees: 0 };
  const txns = rows.map((t) => {
    const credit = t.type === 'DEPOSIT' || t.type === 'INTEREST_POSTING';
    if (!t.reversed) {
      running += credit ? t.amount : -t.amount;
      if (t.type === 'DEPOSIT') sums.deposits += t.amount;
      if (t.type === 'WITHDRAWAL') sums.withdrawals += t.amount;
      if (t.type === 'INTEREST_POSTING') sums.interest += t.amount;
      if (t.type === 'FEE' || t.type === 'WITHDRAWAL_FEE' || t.type === 'OVERDRAFT_INTEREST') sums.fees += t.amount;
    }
    return {
      id: t.id,
      type: t.type as SavingsView['transactions'][number]['type'],
      date: t.transaction_date,
      amount: f(t.amount),
      runningBalance: f(running),
      reversed: t.reversed === 1,
      paymentType: t.payment_type_id ? (paymentTypes.get(t.payment_type_id) ?? null) : null,
      receiptNumber: t.receipt_number,
      issuedReceiptNumber: receipts.get(t.id) ?? null,
      note: t.note,
    };
  });
  const product_ = JSON.parse(a.terms_json) as SavingsProductInput;
  let notPosted = 0;
  if (a.activated_on && asOf > a.activated_on) {
    const computed = computeInterest(live(rows), engineTerms(product_, currency), { activationDate: a.activated_on, upTo: addDays(asOf, -1) });
    notPosted = computed.current?.interest ?? 0;
  }
  const lastPosting = rows.filter((t) => !t.reversed && t.type === 'INTEREST_POSTING').map((t) => t.transaction_date).sort().at(-1) ?? null;
  const terms = engineTerms(product_, currency);
  const floor = (terms.enforceMinRequiredBalance ? (terms.minRequiredBalance ?? 0) : 0) - (terms.overdraft.allowOverdraft ? terms.overdraft.overdraftLimit : 0);
  return {
    id: a.id,
    accountNo: a.account_no,
    status: STATUS_NAME[a.status]!,
    client: { id: client.id, accountNo: client.account_no, displayName: client.display_name },
    product: { id: product.id, name: product.name, shortName: product.short_name },
    currency,
    timeline: { submittedOn: a.submitted_on, approvedOn: a.approved_on, activatedOn: a.activated_on, closedOn: a.closed_on, lockedInUntil: a.locked_in_until },
    summary: {
      accountBalance: f(running),
      availableBalance: f(Math.max(0, running - floor)),
      totalDeposits: f(sums.deposits),
      totalWithdrawals: f(sums.withdrawals),
      totalInterestPosted: f(sums.interest),
      totalFees: f(sums.fees),
      interestNotPosted: f(notPosted),
      lastInterestPostingDate: lastPosting,
    },
    nominalAnnualInterestRate: product_.nominalAnnualInterestRate,
    transactions: txns,
  };
}
