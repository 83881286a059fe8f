import { SAVINGS_STATUSES, type SavingsProductInput, type SavingsStatus, type SavingsSubStatus } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { isNeutral, signedAmount, type InterestCheckpoint, type SavingsTransaction, type SavingsTransactionType } from '../../domain/savings';
import type { SavingsChargeTimeType } from '../../domain/savings';

/**
 * Every SQL statement of the savings area: rows of savings_products, savings_accounts and savings_transactions (and
 * the client, payment-type and receipt columns the savings screens show), mapped to what the services use.
 */

/** The GL accounts an account keeps from its product when it is opened (ARCHITECTURE.md 12). */
export interface Mapping {
  control: number;
  interestExpense: number;
  feeIncome: number;
  overdraftPortfolio: number;
  overdraftInterestIncome: number;
}

export interface ProductRow {
  id: number;
  name: string;
  short_name: string;
  description: string | null;
  currency_code: string;
  active: number;
  terms_json: string;
  gl_savings_control: number;
  gl_interest_expense: number;
  gl_fee_income: number;
  gl_overdraft_portfolio: number;
  gl_overdraft_interest_income: number;
}

export interface AccountRow {
  id: number;
  account_no: string;
  client_id: number;
  product_id: number;
  status: number;
  currency_code: string;
  terms_json: string;
  gl_mapping_json: string;
  submitted_on: string;
  submitted_by: number;
  approved_on: string | null;
  activated_on: string | null;
  locked_in_until: string | null;
  closed_on: string | null;
  /** kept as its transactions are written (insertTransaction) */
  balance: number;
  /** the interest engine's checkpoint, all four or none (interestCheckpointOf) */
  interest_checkpoint_date: string | null;
  interest_checkpoint_balance: number | null;
  interest_checkpoint_compounded: string | null;
  interest_checkpoint_pending: string | null;
  /** the first day a posting run may have something to write; '' = at once (never computed) */
  interest_due_on: string;
}

export interface TxnRow {
  id: number;
  type: SavingsTransactionType | 'REVERSAL';
  transaction_date: string;
  amount: number;
  overdraft_portion: number;
  payment_type_id: number | null;
  receipt_number: string | null;
  note: string | null;
  /** computed: a REVERSAL row points at it */
  reversed: number;
}

// ---- statuses: the codes of the table, the names of the contract (as loans' STATUS_NAME / requireStatus)

export const STATUS_NAME: Record<number, SavingsStatus> = Object.fromEntries(
  Object.entries(SAVINGS_STATUSES).map(([name, code]) => [code, name as SavingsStatus]),
);

export function statusOf(a: AccountRow): SavingsStatus {
  return STATUS_NAME[a.status]!;
}

/** Refuses an operation on an account in the wrong status, naming the status. */
export function requireStatus(a: AccountRow, allowed: SavingsStatus[], action: string): void {
  const name = statusOf(a);
  if (!allowed.includes(name)) throw new AppError('INVALID_STATE', `A savings account that is ${name} cannot be ${action}`, undefined, { status: name });
}

/** Moves an account to `status`, setting the dates (and who) of the step; `changes` names columns of the code, never input. */
export function setStatus(db: Db, accountId: number, status: SavingsStatus, changes: Record<string, string | number | null>, now: string): void {
  const cols = Object.keys(changes).map((k) => `${k} = @${k}`);
  sql(db, `UPDATE savings_accounts SET status = @status, ${cols.join(', ')}${cols.length ? ',' : ''} version = version + 1, updated_at = @now WHERE id = @id`).run({
    ...changes,
    status: SAVINGS_STATUSES[status],
    now,
    id: accountId,
  });
}

// ---- products

export function listProductRows(db: Db): ProductRow[] {
  return sql<[], ProductRow>(db, 'SELECT * FROM savings_products ORDER BY name').all();
}

export function findProductRow(db: Db, id: number): ProductRow | undefined {
  return sql<[number], ProductRow>(db, 'SELECT * FROM savings_products WHERE id = ?').get(id);
}

/** Whether a product already uses this name or short name (both are unique). */
export function productNameTaken(db: Db, column: 'name' | 'short_name', value: string): boolean {
  const byColumn = {
    name: 'SELECT id FROM savings_products WHERE name = ?',
    short_name: 'SELECT id FROM savings_products WHERE short_name = ?',
  } as const;
  return sql<[string], { id: number }>(db, byColumn[column]).get(value) !== undefined;
}

export interface NewProduct {
  globalId: string;
  name: string;
  shortName: string;
  description: string | null;
  currencyCode: string;
  /** the terms accounts copy (charges and the accounting rule live in product_charges and product_accounting) */
  terms: Omit<SavingsProductInput, 'name' | 'shortName' | 'description' | 'currencyCode' | 'charges' | 'accountingRule' | 'accountingMapping'>;
  /** the GL accounts of the chart's tags, which accounts opened later take */
  gl: Mapping;
  now: string;
}

export function insertProduct(db: Db, p: NewProduct): number {
  return Number(
    sql(
      db,
      `INSERT INTO savings_products (global_id, name, short_name, description, currency_code, terms_json, gl_savings_control,
         gl_interest_expense, gl_fee_income, gl_overdraft_portfolio, gl_overdraft_interest_income, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      p.globalId,
      p.name,
      p.shortName,
      p.description,
      p.currencyCode,
      JSON.stringify(p.terms),
      p.gl.control,
      p.gl.interestExpense,
      p.gl.feeIncome,
      p.gl.overdraftPortfolio,
      p.gl.overdraftInterestIncome,
      p.now,
      p.now,
    ).lastInsertRowid,
  );
}

// ---- accounts

export function getAccount(db: Db, id: number): AccountRow {
  const r = sql<[number], AccountRow>(db, 'SELECT * FROM savings_accounts WHERE id = ?').get(id);
  if (!r) throw new AppError('NOT_FOUND', `There is no savings account ${id}`, [{ field: 'savingsId', code: 'not_found', message: 'no such savings account' }]);
  return r;
}

/** The product terms the account was opened with (Fineract names, amounts as decimal text). */
export function productInputOf(a: AccountRow): SavingsProductInput {
  return JSON.parse(a.terms_json) as SavingsProductInput;
}

export function mappingOf(a: AccountRow): Mapping {
  return JSON.parse(a.gl_mapping_json) as Mapping;
}

export interface NewAccount {
  globalId: string;
  accountNo: string;
  clientId: number;
  productId: number;
  officeId: number;
  currencyCode: string;
  termsJson: string;
  mapping: Mapping;
  submittedOn: string;
  submittedBy: number;
  now: string;
}

export function insertAccount(db: Db, a: NewAccount): number {
  return Number(
    sql(
      db,
      `INSERT INTO savings_accounts (global_id, account_no, client_id, product_id, office_id, status, currency_code, terms_json,
         gl_mapping_json, submitted_on, submitted_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      a.globalId,
      a.accountNo,
      a.clientId,
      a.productId,
      a.officeId,
      SAVINGS_STATUSES.SUBMITTED_AND_PENDING_APPROVAL,
      a.currencyCode,
      a.termsJson,
      JSON.stringify(a.mapping),
      a.submittedOn,
      a.submittedBy,
      a.now,
      a.now,
    ).lastInsertRowid,
  );
}

/**
 * The ACTIVE accounts a posting run as of `asOf` must compute (interest_due_on on or before it), at most `limit`, in
 * the order of the index that finds them (savings_accounts_interest_due): the others have nothing due and are not
 * read. A run moves each account it computes past `asOf`, so taking the first `limit` again continues the run.
 */
export function dueAccounts(db: Db, asOf: string, limit = -1): AccountRow[] {
  return sql<[number, string, number], AccountRow>(
    db,
    'SELECT * FROM savings_accounts WHERE status = ? AND interest_due_on <= ? ORDER BY interest_due_on, id LIMIT ?',
  ).all(SAVINGS_STATUSES.ACTIVE, asOf, limit);
}

/** The stored interest checkpoint of an account (domain/savings README "Checkpoints"), or null. */
export function interestCheckpointOf(a: AccountRow): InterestCheckpoint | null {
  if (a.interest_checkpoint_date === null) return null;
  return {
    date: a.interest_checkpoint_date,
    balance: a.interest_checkpoint_balance!,
    compoundedInterest: a.interest_checkpoint_compounded!,
    pendingInterest: a.interest_checkpoint_pending!,
  };
}

/** Where an account's next posting run resumes (null: from activation) and the first day it has anything to do. */
export interface InterestState {
  checkpoint: InterestCheckpoint | null;
  dueOn: string;
}

const STORE_STATE = `interest_checkpoint_date = @date, interest_checkpoint_balance = @balance,
       interest_checkpoint_compounded = @compounded, interest_checkpoint_pending = @pending, interest_due_on = @dueOn`;

function stateParams(accountId: number, s: InterestState) {
  const c = s.checkpoint;
  return { id: accountId, date: c?.date ?? null, balance: c?.balance ?? null, compounded: c?.compoundedInterest ?? null, pending: c?.pendingInterest ?? null, dueOn: s.dueOn };
}

/** After a posting run: where the next run resumes (null: from activation) and the first day it has anything to do. */
export function storeInterestState(db: Db, accountId: number, checkpoint: InterestCheckpoint | null, dueOn: string): void {
  sql(db, `UPDATE savings_accounts SET ${STORE_STATE} WHERE id = @id`).run(stateParams(accountId, { checkpoint, dueOn }));
}

/** The status of a client (an account is opened only for an ACTIVE one); undefined when there is no such client. */
export function clientStatus(db: Db, clientId: number): string | undefined {
  return sql<[number], { status: string }>(db, 'SELECT status FROM clients WHERE id = ?').get(clientId)?.status;
}

// ---- transactions and balances

/**
 * Every transaction of an account except reversal rows, oldest first (by date, then entry order); with `from`, only
 * those dated on or after it (a run resumed from a checkpoint reads no further back).
 */
export function readTransactions(db: Db, accountId: number, from = ''): TxnRow[] {
  return sql<[number, string], TxnRow>(
    db,
    `SELECT t.*, EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) AS reversed
     FROM savings_transactions t WHERE t.account_id = ? AND t.transaction_date >= ? AND t.type <> 'REVERSAL' ORDER BY t.transaction_date, t.id`,
  ).all(accountId, from);
}

/**
 * readTransactions for many accounts in one statement (a chunk of a posting run): each account's transactions dated
 * its `from` or later, oldest first, by account id.
 */
export function readTransactionsOf(db: Db, accounts: readonly { id: number; from: string }[]): Map<number, TxnRow[]> {
  const byAccount = new Map<number, TxnRow[]>(accounts.map((a) => [a.id, []]));
  if (accounts.length === 0) return byAccount;
  const rows = sql<[string], TxnRow & { account_id: number }>(
    db,
    `SELECT t.*, EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) AS reversed
     FROM json_each(?) j CROSS JOIN savings_transactions t
       ON t.account_id = json_extract(j.value, '$[0]') AND t.transaction_date >= json_extract(j.value, '$[1]')
     WHERE t.type <> 'REVERSAL'`,
  ).all(JSON.stringify(accounts.map((a) => [a.id, a.from])));
  for (const t of rows) byAccount.get(t.account_id)!.push(t);
  // readTransactions' order (by date, then entry order), without a sort in SQLite
  const order = (x: TxnRow, y: TxnRow) => (x.transaction_date < y.transaction_date ? -1 : x.transaction_date > y.transaction_date ? 1 : x.id - y.id);
  for (const list of byAccount.values()) list.sort(order);
  return byAccount;
}

/** The transactions that are not reversed, as the savings engine takes them. */
export function live(rows: TxnRow[]): SavingsTransaction[] {
  // accruals and waivers move no money: the engine never sees them (domain/savings/balance.ts NEUTRAL_TYPES)
  return rows.filter((t) => !t.reversed && !isNeutral(t.type)).map((t) => ({ date: t.transaction_date, type: t.type as SavingsTransactionType, amount: t.amount }));
}

/** Whether the account has a transaction dated after `date` (a backdated debit is then checked against the history). */
export function hasTransactionsAfter(db: Db, accountId: number, date: string): boolean {
  return sql<[number, string], { n: number }>(db, "SELECT count(*) AS n FROM savings_transactions WHERE account_id = ? AND transaction_date > ? AND type NOT IN ('REVERSAL', 'ACCRUAL', 'WAIVE_CHARGE')").get(accountId, date)!.n > 0;
}

export interface NewTransaction {
  globalId: string;
  accountId: number;
  type: SavingsTransactionType | 'REVERSAL';
  date: string;
  amount: number;
  overdraft: number;
  paymentTypeId: number | null;
  receiptNumber: string | null;
  reversesId: number | null;
  note: string | null;
  createdBy: number | null;
  createdAt: string;
  /**
   * The posting run's state stored with the balance, in the same write (the run's last posting of the account,
   * storeInterestState's work): it replaces whatever the transaction would do to the checkpoint.
   */
  interestState?: InterestState;
}

/**
 * The balance, and the interest run's state, follow each transaction written: the balance moves by its signed amount
 * (the domain's credit rule), and one dated before the stored checkpoint drops it and makes the account due from
 * that date (the next run computes from activation and re-posts what changed). The CASEs read the old values.
 */
const KEEP_ACCOUNT = `UPDATE savings_accounts SET balance = balance + @delta,
     interest_due_on = CASE WHEN interest_checkpoint_date > @date THEN @date ELSE interest_due_on END,
     interest_checkpoint_balance = CASE WHEN interest_checkpoint_date > @date THEN NULL ELSE interest_checkpoint_balance END,
     interest_checkpoint_compounded = CASE WHEN interest_checkpoint_date > @date THEN NULL ELSE interest_checkpoint_compounded END,
     interest_checkpoint_pending = CASE WHEN interest_checkpoint_date > @date THEN NULL ELSE interest_checkpoint_pending END,
     interest_checkpoint_date = CASE WHEN interest_checkpoint_date > @date THEN NULL ELSE interest_checkpoint_date END
   WHERE id = @id`;

/**
 * Writes a savings transaction, the one place they are written, and keeps its account's balance: a transaction
 * adds its signed amount; a REVERSAL takes back the signed amount of the transaction it reverses (which must be a
 * transaction of the same account, not itself a reversal).
 */
export function insertTransaction(db: Db, t: NewTransaction): number {
  let delta: number;
  let date: string;
  let neutral = isNeutral(t.type);
  if (t.type === 'REVERSAL') {
    const reversed = t.reversesId === null ? undefined : sql<[number], { account_id: number; type: string; amount: number; transaction_date: string }>(
      db,
      'SELECT account_id, type, amount, transaction_date FROM savings_transactions WHERE id = ?',
    ).get(t.reversesId);
    if (!reversed || reversed.account_id !== t.accountId || reversed.type === 'REVERSAL') {
      throw new Error(`a savings reversal must reverse a transaction of account ${t.accountId} (reverses ${t.reversesId})`);
    }
    delta = -signedAmount(reversed);
    date = reversed.transaction_date < t.date ? reversed.transaction_date : t.date;
    neutral = isNeutral(reversed.type);
  } else {
    delta = signedAmount(t);
    date = t.date;
  }
  const id = Number(
    sql(
      db,
      `INSERT INTO savings_transactions (global_id, account_id, type, transaction_date, amount, overdraft_portion, payment_type_id,
         receipt_number, reverses_id, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(t.globalId, t.accountId, t.type, t.date, t.amount, t.overdraft, t.paymentTypeId, t.receiptNumber, t.reversesId, t.note, t.createdBy, t.createdAt)
      .lastInsertRowid,
  );
  // a neutral one (an accrual, a waiver, or the reversal of one) moves neither the balance nor the interest
  if (t.interestState && !neutral) sql(db, `UPDATE savings_accounts SET ${STORE_STATE}, balance = balance + @delta WHERE id = @id`).run({ ...stateParams(t.accountId, t.interestState), delta });
  else if (t.interestState) storeInterestState(db, t.accountId, t.interestState.checkpoint, t.interestState.dueOn);
  else if (!neutral) sql(db, KEEP_ACCOUNT).run({ id: t.accountId, delta, date });
  return id;
}

/** The account's balance, posted interest included (kept on the account as its transactions are written). */
export function balanceOf(db: Db, accountId: number): number {
  return sql<[number], { balance: number }>(db, 'SELECT balance FROM savings_accounts WHERE id = ?').get(accountId)!.balance;
}

// ---- read models

export function clientOf(db: Db, clientId: number): { id: number; account_no: string; display_name: string } {
  return sql<[number], { id: number; account_no: string; display_name: string }>(db, 'SELECT id, account_no, display_name FROM clients WHERE id = ?').get(clientId)!;
}

export function productNamesOf(db: Db, productId: number): { id: number; name: string; short_name: string } {
  return sql<[number], { id: number; name: string; short_name: string }>(db, 'SELECT id, name, short_name FROM savings_products WHERE id = ?').get(productId)!;
}

/** Payment type codes by id (a statement names each transaction's). */
export function paymentTypeCodes(db: Db): Map<number, string> {
  return new Map(sql<[], { id: number; code: string }>(db, 'SELECT id, code FROM payment_types').all().map((p) => [p.id, p.code]));
}

/**
 * The numbers of the receipts issued for an account's transactions, by transaction id: the account's transactions,
 * then each one's receipt through receipts_source (CROSS JOIN keeps that order: the other way round reads every
 * savings receipt of the branch).
 */
export function receiptNumbersOf(db: Db, accountId: number): Map<number, string> {
  return new Map(
    sql<[number], { source_id: number; number: string }>(
      db,
      "SELECT r.source_id, r.number FROM savings_transactions t CROSS JOIN receipts r ON r.source_type = 'savings_transaction' AND r.source_id = t.id WHERE t.account_id = ?",
    )
      .all(accountId)
      .map((r) => [r.source_id, r.number]),
  );
}

export interface AccountListRow {
  id: number;
  account_no: string;
  status: number;
  client_id: number;
  client_name: string;
  product_name: string;
  balance: number;
  submitted_on: string;
  approved_on: string | null;
  /** the account's minRequiredOpeningBalance (decimal text of its terms), null when it has none */
  opening_balance: string | null;  /** its newest sub-status row's (savings_account_sub_statuses_account: one seek a row), NONE when none */
  sub_status: SavingsSubStatus;
}

const LIST_COLUMNS = `SELECT a.id, a.account_no, a.status, a.client_id, c.display_name AS client_name, p.name AS product_name, a.balance,
     a.submitted_on, a.approved_on, json_extract(a.terms_json, '$.minRequiredOpeningBalance') AS opening_balance,
     coalesce((SELECT s.sub_status FROM savings_account_sub_statuses s WHERE s.account_id = a.id ORDER BY s.id DESC LIMIT 1), 'NONE') AS sub_status
   FROM savings_accounts a JOIN clients c ON c.id = a.client_id JOIN savings_products p ON p.id = a.product_id`;

/**
 * One statement per filter, each walking an index newest first from the cursor (EXPLAIN QUERY PLAN in
 * tests/integration/savings/queryPlans.test.ts): the primary key, savings_accounts_client or savings_accounts_status
 * (both end in the rowid, so `id < ?` and the order come from the index). A client's accounts are few: with both
 * filters the status is checked on them (`+a.status` keeps the planner off the status index, which would walk every
 * account in that status).
 */
const LIST_ACCOUNTS = {
  all: `${LIST_COLUMNS} WHERE a.id < @after ORDER BY a.id DESC LIMIT @limit`,
  client: `${LIST_COLUMNS} WHERE a.client_id = @client AND a.id < @after ORDER BY a.id DESC LIMIT @limit`,
  status: `${LIST_COLUMNS} WHERE a.status = @status AND a.id < @after ORDER BY a.id DESC LIMIT @limit`,
  clientAndStatus: `${LIST_COLUMNS} WHERE a.client_id = @client AND +a.status = @status AND a.id < @after ORDER BY a.id DESC LIMIT @limit`,
} as const;

export interface AccountListFilter {
  clientId?: number | undefined;
  status?: SavingsStatus | undefined;
  /** keyset: only accounts with a smaller id (the last id of the page before) */
  afterId?: number | undefined;
  limit: number;
}

/**
 * A page of accounts, newest first (of a client, in a status), with their kept balances: one statement, and only
 * the rows of the page read, however many accounts the branch holds.
 */
export function listAccountRows(db: Db, filter: AccountListFilter): AccountListRow[] {
  const client = filter.clientId ?? null;
  const status = filter.status ? SAVINGS_STATUSES[filter.status] : null;
  const text = client !== null ? (status !== null ? LIST_ACCOUNTS.clientAndStatus : LIST_ACCOUNTS.client) : status !== null ? LIST_ACCOUNTS.status : LIST_ACCOUNTS.all;
  const params: Record<string, number> = { after: filter.afterId ?? Number.MAX_SAFE_INTEGER, limit: filter.limit };
  if (client !== null) params.client = client;
  if (status !== null) params.status = status;
  return sql<Record<string, number>, AccountListRow>(db, text).all(params);
}

// ---- the branch settings that move posting periods (periodSettings.ts)

export interface AccountPeriodsRow {
  id: number;
  account_no: string;
  posting: string;
  compounding: string;
  /** 1 when a live (not reversed) interest or overdraft-interest posting is on the account */
  posted: number;
}

/** Every ACTIVE account with its posting and compounding period types and whether interest is posted on it. */
export function activeAccountPeriods(db: Db): AccountPeriodsRow[] {
  return sql<[number], AccountPeriodsRow>(
    db,
    `SELECT a.id, a.account_no, json_extract(a.terms_json, '$.interestPostingPeriodType') AS posting,
       json_extract(a.terms_json, '$.interestCompoundingPeriodType') AS compounding,
       EXISTS (SELECT 1 FROM savings_transactions t WHERE t.account_id = a.id AND t.type IN ('INTEREST_POSTING', 'OVERDRAFT_INTEREST')
         AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)) AS posted
     FROM savings_accounts a WHERE a.status = ? ORDER BY a.id`,
  ).all(SAVINGS_STATUSES.ACTIVE);
}

/** Drops an account's interest checkpoint and makes it due at once: the next run computes it from activation. */
export function recomputeFromActivation(db: Db, accountId: number): void {
  storeInterestState(db, accountId, null, '');
}

// ---- accruals (accruals.ts)

/** ACTIVE accounts on periodic accrual with an id above `afterId`, at most `limit`, in id order (day-end's accruals). */
export function accrualAccounts(db: Db, afterId: number, limit: number): AccountRow[] {
  return sql<[number, number, number], AccountRow>(
    db,
    `SELECT s.* FROM account_accounting a CROSS JOIN savings_accounts s ON s.id = a.account_id
     WHERE a.account_type = 'SAVINGS' AND a.accounting_rule = 'ACCRUAL_PERIODIC' AND a.account_id > ? AND s.status = ?
     ORDER BY a.account_id LIMIT ?`,
  ).all(afterId, SAVINGS_STATUSES.ACTIVE, limit);
}

// ---- Charges on savings accounts ----
/**
 * The SQL of the charges on savings accounts (migration 0016; services/charges README): the catalogue charges a
 * product carries, the account's charges (savings_account_charges), each time one fell due (savings_charge_dues) and
 * the transactions that paid or waived it (savings_charge_payments). What an occurrence paid and waived is summed
 * from its linked transactions that are not reversed; nothing kept changes when money comes.
 */

/** A catalogue charge (charges), as the savings area reads it. */
export interface CatalogueChargeRow {
  id: number;
  name: string;
  currency_code: string;
  applies_to: 'LOAN' | 'SAVINGS';
  time_type: string;
  calculation_type: string;
  /** major units for FLAT, a percentage otherwise, as decimal text */
  amount: string;
  penalty: number;
  fee_interval: number | null;
  fee_on_month_day: string | null;
  payment_type_id: number | null;
  min_cap: number | null;
  max_cap: number | null;
  gl_income: number | null;
  active: number;
}

export interface AccountChargeRow {
  id: number;
  account_id: number;
  charge_id: number | null;
  name: string;
  time_type: SavingsChargeTimeType;
  calculation_type: string;
  penalty: number;
  percentage: string | null;
  /** FLAT: each occurrence's amount in minor units (0 for a percentage) */
  amount: number;
  next_due_date: string | null;
  fee_interval: number | null;
  fee_on_month_day: string | null;
  payment_type_id: number | null;
  min_cap: number | null;
  max_cap: number | null;
  active: number;
  created_at: string;
}

/** An occurrence of a charge with what it paid and waived (linked transactions not reversed). */
export interface DueRow {
  id: number;
  account_charge_id: number;
  due_date: string;
  amount: number;
  paid: number;
  waived: number;
}

// ---- the catalogue

export function findCatalogueCharge(db: Db, id: number): CatalogueChargeRow | undefined {
  return sql<[number], CatalogueChargeRow>(db, 'SELECT * FROM charges WHERE id = ?').get(id);
}

/** The catalogue charges a savings product carries, in the product's order. */
export function productSavingsCharges(db: Db, productId: number): CatalogueChargeRow[] {
  return sql<[number], CatalogueChargeRow>(
    db,
    "SELECT c.* FROM product_charges pc JOIN charges c ON c.id = pc.charge_id WHERE pc.product_type = 'SAVINGS' AND pc.product_id = ? ORDER BY pc.position, c.id",
  ).all(productId);
}

/** The income account of a catalogue charge (null: the product's fee income). */
export function incomeAccountOf(db: Db, chargeId: number | null): number | null {
  if (chargeId === null) return null;
  return sql<[number], { gl_income: number | null }>(db, 'SELECT gl_income FROM charges WHERE id = ?').get(chargeId)?.gl_income ?? null;
}

// ---- the account's charges

export interface NewAccountCharge {
  globalId: string;
  accountId: number;
  chargeId: number | null;
  name: string;
  timeType: SavingsChargeTimeType;
  calculationType: string;
  penalty: boolean;
  percentage: string | null;
  amount: number;
  nextDueDate: string | null;
  feeInterval: number | null;
  feeOnMonthDay: string | null;
  paymentTypeId: number | null;
  minCap: number | null;
  maxCap: number | null;
  createdBy: number | null;
  now: string;
}

export function insertAccountCharge(db: Db, c: NewAccountCharge): number {
  return Number(
    sql(
      db,
      `INSERT INTO savings_account_charges (global_id, account_id, charge_id, name, time_type, calculation_type, penalty, percentage, amount,
         next_due_date, fee_interval, fee_on_month_day, payment_type_id, min_cap, max_cap, active, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(
      c.globalId,
      c.accountId,
      c.chargeId,
      c.name,
      c.timeType,
      c.calculationType,
      c.penalty ? 1 : 0,
      c.percentage,
      c.amount,
      c.nextDueDate,
      c.feeInterval,
      c.feeOnMonthDay,
      c.paymentTypeId,
      c.minCap,
      c.maxCap,
      c.createdBy,
      c.now,
    ).lastInsertRowid,
  );
}

/** Every charge of an account, oldest first. */
export function accountCharges(db: Db, accountId: number): AccountChargeRow[] {
  return sql<[number], AccountChargeRow>(db, 'SELECT * FROM savings_account_charges WHERE account_id = ? ORDER BY id').all(accountId);
}

/** The account's active charges of one time type (its withdrawal fees, its activation fees). */
export function activeChargesOfType(db: Db, accountId: number, timeType: SavingsChargeTimeType): AccountChargeRow[] {
  return sql<[number, string], AccountChargeRow>(db, 'SELECT * FROM savings_account_charges WHERE account_id = ? AND active = 1 AND time_type = ? ORDER BY id').all(
    accountId,
    timeType,
  );
}

/** A charge of the account, or NOT_FOUND naming savingsAccountChargeId. */
export function getAccountCharge(db: Db, accountId: number, id: number): AccountChargeRow {
  const r = sql<[number, number], AccountChargeRow>(db, 'SELECT * FROM savings_account_charges WHERE id = ? AND account_id = ?').get(id, accountId);
  if (!r) {
    throw new AppError('NOT_FOUND', `Savings account ${accountId} has no charge ${id}`, [
      { field: 'savingsAccountChargeId', code: 'not_found', message: 'is not a charge of this savings account' },
    ]);
  }
  return r;
}

export function setNextDueDate(db: Db, id: number, date: string | null): void {
  sql(db, 'UPDATE savings_account_charges SET next_due_date = ? WHERE id = ? AND next_due_date IS NOT ?').run(date, id, date);
}

/**
 * The active charges of ACTIVE accounts with an occurrence due before `before`, after the charge `afterId`, by id
 * (a cursor: a charge the balance could not pay stays due and is not read again by the same run). The partial
 * index savings_account_charges_due finds them; the few it finds are sorted.
 */
export function chargesDueBefore(db: Db, before: string, afterId: number, limit: number): AccountChargeRow[] {
  return sql<[string, number, number, number], AccountChargeRow>(
    db,
    `SELECT c.* FROM savings_account_charges c JOIN savings_accounts a ON a.id = c.account_id
     WHERE c.next_due_date < ? AND c.active = 1 AND c.id > ? AND a.status = ? ORDER BY c.id LIMIT ?`,
  ).all(before, afterId, SAVINGS_STATUSES.ACTIVE, limit);
}

/** How many active charges of ACTIVE accounts have an occurrence due before `before` (day-end's preview). */
export function countChargesDueBefore(db: Db, before: string): number {
  return sql<[string, number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM savings_account_charges c JOIN savings_accounts a ON a.id = c.account_id
     WHERE c.next_due_date < ? AND c.active = 1 AND a.status = ?`,
  ).get(before, SAVINGS_STATUSES.ACTIVE)!.n;
}

/** Closing an account: nothing of it falls due any more. */
export function clearNextDueDates(db: Db, accountId: number): void {
  sql(db, 'UPDATE savings_account_charges SET next_due_date = NULL WHERE account_id = ? AND next_due_date IS NOT NULL').run(accountId);
}

// ---- occurrences and their payments

const DUE_COLUMNS = `SELECT d.id, d.account_charge_id, d.due_date, d.amount,
   coalesce((SELECT sum(t.amount) FROM savings_charge_payments p JOIN savings_transactions t ON t.id = p.transaction_id
     WHERE p.charge_due_id = d.id AND t.type IN ('FEE', 'WITHDRAWAL_FEE')
       AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)), 0) AS paid,
   coalesce((SELECT sum(t.amount) FROM savings_charge_payments p JOIN savings_transactions t ON t.id = p.transaction_id
     WHERE p.charge_due_id = d.id AND t.type = 'WAIVE_CHARGE'
       AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)), 0) AS waived
 FROM savings_charge_dues d`;

/** The occurrences of a charge, by due date. */
export function duesOf(db: Db, accountChargeId: number): DueRow[] {
  return sql<[number], DueRow>(db, `${DUE_COLUMNS} WHERE d.account_charge_id = ? ORDER BY d.due_date`).all(accountChargeId);
}

/** Every occurrence of the account's charges, by charge then due date (savings.get). */
export function duesOfAccount(db: Db, accountId: number): DueRow[] {
  return sql<[number], DueRow>(
    db,
    `${DUE_COLUMNS} WHERE d.account_charge_id IN (SELECT id FROM savings_account_charges WHERE account_id = ?) ORDER BY d.account_charge_id, d.due_date`,
  ).all(accountId);
}

export function findDue(db: Db, accountChargeId: number, dueDate: string): DueRow | undefined {
  return sql<[number, string], DueRow>(db, `${DUE_COLUMNS} WHERE d.account_charge_id = ? AND d.due_date = ?`).get(accountChargeId, dueDate);
}

export function insertDue(db: Db, d: { globalId: string; accountChargeId: number; dueDate: string; amount: number; now: string }): number {
  return Number(
    sql(db, 'INSERT INTO savings_charge_dues (global_id, account_charge_id, due_date, amount, created_at) VALUES (?, ?, ?, ?, ?)').run(
      d.globalId,
      d.accountChargeId,
      d.dueDate,
      d.amount,
      d.now,
    ).lastInsertRowid,
  );
}

/** Links a FEE, WITHDRAWAL_FEE or WAIVE_CHARGE transaction to the occurrence it paid or waived. */
export function linkPayment(db: Db, transactionId: number, dueId: number): void {
  sql(db, 'INSERT INTO savings_charge_payments (transaction_id, charge_due_id) VALUES (?, ?)').run(transactionId, dueId);
}

/** The charge occurrence a transaction paid or waived, with its charge; undefined for any other transaction. */
export function dueOfTransaction(db: Db, transactionId: number): { dueId: number; accountChargeId: number } | undefined {
  return sql<[number], { dueId: number; accountChargeId: number }>(
    db,
    'SELECT d.id AS dueId, d.account_charge_id AS accountChargeId FROM savings_charge_payments p JOIN savings_charge_dues d ON d.id = p.charge_due_id WHERE p.transaction_id = ?',
  ).get(transactionId);
}

/** Transaction ids linked to a charge of the account, with their charge's name (the statement names what each fee was for). */
export function chargeNamesOfTransactions(db: Db, accountId: number): Map<number, { accountChargeId: number; name: string }> {
  return new Map(
    sql<[number], { transaction_id: number; account_charge_id: number; name: string }>(
      db,
      `SELECT p.transaction_id, c.id AS account_charge_id, c.name FROM savings_account_charges c
         JOIN savings_charge_dues d ON d.account_charge_id = c.id JOIN savings_charge_payments p ON p.charge_due_id = d.id
       WHERE c.account_id = ?`,
    )
      .all(accountId)
      .map((r) => [r.transaction_id, { accountChargeId: r.account_charge_id, name: r.name }]),
  );
}

/** The dates of the fees (not reversed) that paid an occurrence (an annual fee is paid once on a date). */
export function feeDatesOfDue(db: Db, dueId: number): string[] {
  return sql<[number], { date: string }>(
    db,
    `SELECT t.transaction_date AS date FROM savings_charge_payments p JOIN savings_transactions t ON t.id = p.transaction_id
     WHERE p.charge_due_id = ? AND t.type = 'FEE' AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)`,
  )
    .all(dueId)
    .map((r) => r.date);
}

/** A transaction of the account as a correction reads it (savings/corrections.ts). */
export interface CorrectableRow {
  id: number;
  type: string;
  transaction_date: string;
  amount: number;
  overdraft_portion: number;
  payment_type_id: number | null;
  note: string | null;
  created_by: number | null;
  created_at: string;
  /** computed: a REVERSAL row points at it */
  reversed: number;
}

/** A transaction of the account with whether it is reversed, or undefined. */
export function transactionOfAccount(db: Db, accountId: number, id: number): CorrectableRow | undefined {
  return sql<[number, number], CorrectableRow>(
    db,
    `SELECT t.id, t.type, t.transaction_date, t.amount, t.overdraft_portion, t.payment_type_id, t.note, t.created_by, t.created_at,
       EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) AS reversed
     FROM savings_transactions t WHERE t.id = ? AND t.account_id = ?`,
  ).get(id, accountId);
}

/**
 * The withdrawal fees a withdrawal took, not reversed: savings/transactions.ts writes them just before it, in the
 * same command, so they are the WITHDRAWAL_FEE rows of the account right before it by id, nothing in between.
 */
export function feesOfWithdrawal(db: Db, accountId: number, w: CorrectableRow): CorrectableRow[] {
  return sql<{ account: number; id: number }, CorrectableRow>(
    db,
    `SELECT t.id, t.type, t.transaction_date, t.amount, t.overdraft_portion, t.payment_type_id, t.note, t.created_by, t.created_at, 0 AS reversed
     FROM savings_transactions t WHERE t.id < @id AND t.account_id = @account AND t.type = 'WITHDRAWAL_FEE'
       AND t.id > coalesce((SELECT max(o.id) FROM savings_transactions o WHERE o.id < @id AND (o.type <> 'WITHDRAWAL_FEE' OR o.account_id <> @account)), 0)
       AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) ORDER BY t.id`,
  ).all({ account: accountId, id: w.id });
}

/** The date of the account's latest interest posting (or overdraft interest) not reversed, or null. */
export function lastInterestPostingDate(db: Db, accountId: number): string | null {
  return sql<[number], { d: string | null }>(
    db,
    `SELECT max(t.transaction_date) AS d FROM savings_transactions t WHERE t.account_id = ? AND t.type IN ('INTEREST_POSTING', 'OVERDRAFT_INTEREST')
       AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)`,
  ).get(accountId)!.d;
}

// ---- transfers between savings accounts (transfers.ts; migration 0017)

export interface TransferRow {
  id: number;
  from_transaction_id: number;
  to_transaction_id: number;
  transfer_date: string;
  amount: number;
}

export function insertTransfer(db: Db, t: { globalId: string; fromTransactionId: number; toTransactionId: number; date: string; amount: number; createdBy: number | null; createdAt: string }): number {
  return Number(
    sql(
      db,
      'INSERT INTO savings_transfers (global_id, from_transaction_id, to_transaction_id, transfer_date, amount, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(t.globalId, t.fromTransactionId, t.toTransactionId, t.date, t.amount, t.createdBy, t.createdAt).lastInsertRowid,
  );
}

/** Links a WITHDRAWAL_FEE a transfer took to the transfer (its undo reverses it). */
export function linkTransferFee(db: Db, transactionId: number, transferId: number): void {
  sql(db, 'INSERT INTO savings_transfer_fees (transaction_id, transfer_id) VALUES (?, ?)').run(transactionId, transferId);
}

/** A transfer with the accounts of its two legs. */
export function findTransfer(db: Db, id: number): (TransferRow & { from_account_id: number; to_account_id: number }) | undefined {
  return sql<[number], TransferRow & { from_account_id: number; to_account_id: number }>(
    db,
    `SELECT x.id, x.from_transaction_id, x.to_transaction_id, x.transfer_date, x.amount, f.account_id AS from_account_id, t.account_id AS to_account_id
     FROM savings_transfers x JOIN savings_transactions f ON f.id = x.from_transaction_id JOIN savings_transactions t ON t.id = x.to_transaction_id
     WHERE x.id = ?`,
  ).get(id);
}

/** The transfer a transaction is a leg of (its withdrawal or its deposit), or undefined. */
export function transferOfLeg(db: Db, transactionId: number): TransferRow | undefined {
  return sql<[number, number], TransferRow>(
    db,
    `SELECT id, from_transaction_id, to_transaction_id, transfer_date, amount FROM savings_transfers WHERE from_transaction_id = ?
     UNION ALL SELECT id, from_transaction_id, to_transaction_id, transfer_date, amount FROM savings_transfers WHERE to_transaction_id = ?`,
  ).get(transactionId, transactionId);
}

/** The withdrawal fees a transfer took that are not reversed (a fee may have been undone alone, as any fee). */
export function liveTransferFees(db: Db, transferId: number): { id: number; transaction_date: string; amount: number }[] {
  return sql<[number], { id: number; transaction_date: string; amount: number }>(
    db,
    `SELECT t.id, t.transaction_date, t.amount FROM savings_transfer_fees f JOIN savings_transactions t ON t.id = f.transaction_id
     WHERE f.transfer_id = ? AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) ORDER BY t.id`,
  ).all(transferId);
}

/** An account's transfer legs with the account on the other side (the statement says where the money went or came from). */
export function transferLegsOf(db: Db, accountId: number): Map<number, { transferId: number; direction: 'TO' | 'FROM'; savingsId: number; accountNo: string; clientName: string }> {
  const rows = sql<{ account: number }, { txn: number; transfer_id: number; direction: 'TO' | 'FROM'; other_id: number; account_no: string; client_name: string }>(
    db,
    `SELECT f.id AS txn, x.id AS transfer_id, 'TO' AS direction, oa.id AS other_id, oa.account_no, c.display_name AS client_name
       FROM savings_transactions f JOIN savings_transfers x ON x.from_transaction_id = f.id
       JOIN savings_transactions o ON o.id = x.to_transaction_id JOIN savings_accounts oa ON oa.id = o.account_id JOIN clients c ON c.id = oa.client_id
       WHERE f.account_id = @account AND f.type = 'WITHDRAWAL'
     UNION ALL
     SELECT t.id, x.id, 'FROM', oa.id, oa.account_no, c.display_name
       FROM savings_transactions t JOIN savings_transfers x ON x.to_transaction_id = t.id
       JOIN savings_transactions o ON o.id = x.from_transaction_id JOIN savings_accounts oa ON oa.id = o.account_id JOIN clients c ON c.id = oa.client_id
       WHERE t.account_id = @account AND t.type = 'DEPOSIT'`,
  ).all({ account: accountId });
  return new Map(rows.map((r) => [r.txn, { transferId: r.transfer_id, direction: r.direction, savingsId: r.other_id, accountNo: r.account_no, clientName: r.client_name }]));
}

/** A user's username (the approver named on a correction). */
export function usernameOf(db: Db, userId: number): string {
  return sql<[number], { username: string }>(db, 'SELECT username FROM users WHERE id = ?').get(userId)!.username;
}

// ---- sub-statuses: dormancy and blocks (dormancy.ts; migration 0018)

export interface SubStatusRow {
  id: number;
  account_id: number;
  sub_status: SavingsSubStatus;
  since: string;
  reason: string | null;
  created_by: number | null;
  /** the username of created_by (null: day-end) */
  set_by: string | null;
}

/** An account's current sub-status: its newest row (undefined: never set, NONE). */
export function currentSubStatus(db: Db, accountId: number): SubStatusRow | undefined {
  return sql<[number], SubStatusRow>(
    db,
    `SELECT s.*, u.username AS set_by FROM savings_account_sub_statuses s LEFT JOIN users u ON u.id = s.created_by
     WHERE s.account_id = ? ORDER BY s.id DESC LIMIT 1`,
  ).get(accountId);
}

export function insertSubStatus(db: Db, r: { globalId: string; accountId: number; subStatus: SavingsSubStatus; since: string; reason: string | null; createdBy: number | null; now: string }): number {
  return Number(
    sql(
      db,
      `INSERT INTO savings_account_sub_statuses (global_id, account_id, sub_status, since, reason, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(r.globalId, r.accountId, r.subStatus, r.since, r.reason, r.createdBy, r.now).lastInsertRowid,
  );
}

/**
 * Fineract's lastActiveTransactionDate: the date of the account's last deposit or withdrawal not reversed
 * (transaction types 1 and 2 of retrieveSavingsIdsPendingInactive; a transfer's legs are a withdrawal and a deposit),
 * else its activation date. Fees, interest and escheat are not the client's activity. Read newest first down the
 * account's index (savings_transactions_account), stopping at the first: an account posting interest every day
 * has thousands of rows, of which only the last few are read.
 */
const LAST_ACTIVE = `coalesce((SELECT t.transaction_date FROM savings_transactions t
     WHERE t.account_id = a.id AND t.type IN ('DEPOSIT', 'WITHDRAWAL')
       AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)
     ORDER BY t.transaction_date DESC LIMIT 1), a.activated_on)`;
const CURRENT_SUB_STATUS = `coalesce((SELECT s.sub_status FROM savings_account_sub_statuses s WHERE s.account_id = a.id ORDER BY s.id DESC LIMIT 1), 'NONE')`;

export function lastActiveDate(db: Db, accountId: number): string | null {
  return sql<[number], { d: string | null }>(db, `SELECT ${LAST_ACTIVE} AS d FROM savings_accounts a WHERE a.id = ?`).get(accountId)?.d ?? null;
}

export interface DormancyCandidate {
  id: number;
  terms_json: string;
  sub_status: SavingsSubStatus;
  last_active: string;
}

/**
 * The next `limit` ACTIVE accounts after `afterId` whose terms track dormancy, with their sub-status and last
 * activity (day-end's dormancy step reads the branch by ranges of ids: the status index, in id order). Their
 * terms are their product's as it was when they were opened (products are not edited).
 */
export function dormancyCandidates(db: Db, afterId: number, limit: number): DormancyCandidate[] {
  return sql<{ after: number; limit: number }, DormancyCandidate>(
    db,
    `SELECT a.id, a.terms_json, ${CURRENT_SUB_STATUS} AS sub_status, ${LAST_ACTIVE} AS last_active
       FROM savings_accounts a
      WHERE a.status = 300 AND a.id > @after AND json_extract(a.terms_json, '$.isDormancyTrackingActive') = 1
      ORDER BY a.id LIMIT @limit`,
  ).all({ after: afterId, limit });
}

/** What each undo of the account said (the REVERSAL rows' notes), by the transaction undone: the statement shows it. */
export function undoNotesOf(db: Db, accountId: number): Map<number, string | null> {
  const rows = sql<[number], { reverses_id: number; note: string | null }>(
    db,
    "SELECT reverses_id, note FROM savings_transactions WHERE account_id = ? AND type = 'REVERSAL' AND reverses_id IS NOT NULL",
  ).all(accountId);
  return new Map(rows.map((r) => [r.reverses_id, r.note]));
}
