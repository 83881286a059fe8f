import { AppError } from '../../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { addDays } from '../../domain/calendar';
import { moneyRules } from '../../domain/loans/money';
import {
  accountBalance,
  checkBalanceHistory,
  firstDueDateFrom,
  followingDueDate,
  isRecurring,
  lowestAllowedBalance,
  splitDebit,
  withdrawalFeeAmount,
  type RecurringFee,
} from '../../domain/savings';
import { assertPeriodOpen } from '../ledger';
import { getOrganisation, newGlobalId } from '../organisation';
import {
  activeChargesOfType,
  accountCharges,
  chargesDueBefore,
  duesOf,
  findDue,
  incomeAccountOf,
  insertAccountCharge,
  insertDue,
  linkPayment,
  productSavingsCharges,
  setNextDueDate,
  type AccountChargeRow,
  type CatalogueChargeRow,
  type DueRow,
} from './repository';
import { accountTerms } from './products';
import { balanceOf, getAccount, hasTransactionsAfter, live, mappingOf, readTransactions, type AccountRow } from './repository';
import { journal, recordTransaction } from './transactions';

/**
 * Charges on savings accounts as Fineract has them (SavingsAccount, SavingsAccountCharge; services/charges README):
 * an account takes its product's charges when it is submitted; the activation fee is taken at activation; a
 * withdrawal fee with each withdrawal it applies to; specified-due-date, annual, monthly and weekly fees when due,
 * by day-end. Each time a charge falls due is a savings_charge_dues row (an occurrence) and each FEE, WITHDRAWAL_FEE
 * or WAIVE_CHARGE transaction is linked to the occurrence it paid or waived; what an occurrence still owes is its
 * amount less what its transactions that are not reversed paid and waived.
 *
 * `next_due_date` is Fineract's charge due date: the occurrence the charge is at, which moves on only once that
 * occurrence is paid or waived in full (SavingsAccountCharge.pay / waive). A fee due before the day closed is
 * collected by day-end, dated that day (Fineract's Pay Due Savings Charges job pays a charge once the business date
 * is after its due date, dated the business date: a fee due on the 15th is taken at the close of the 16th).
 *
 * When the balance is short (Fineract's canOverriteSavingAccountRules): the fees the branch takes by itself (every
 * one but a withdrawal fee) are taken even below the floor, below zero too, on an account without overdraft; on an
 * overdraft account one that would pass the overdraft limit is refused (day-end leaves it due and tries again at
 * the next close, as Fineract's job skips it). The part of a fee taken below zero is debited to the overdraft
 * portfolio, as a withdrawal's.
 */

// ---- amounts and occurrences

/** What one occurrence of a charge owes (its flat amount; a percentage charge owes per withdrawal). */
export function occurrenceAmount(c: AccountChargeRow): number {
  return c.calculation_type === 'FLAT' ? c.amount : 0;
}

export function outstandingOf(d: DueRow): number {
  return Math.max(0, d.amount - d.paid - d.waived);
}

/** A recurring charge's calendar; a weekly fee's weekday and weeks are counted from `anchor` (one of its due dates). */
export function calendarOf(c: AccountChargeRow, anchor: string | null = c.next_due_date): RecurringFee {
  return { timeType: c.time_type as RecurringFee['timeType'], feeOnMonthDay: c.fee_on_month_day, feeInterval: c.fee_interval, anchorDate: anchor };
}

/** The occurrence of a charge falling due on `date`, made the first time it is needed. */
export function occurrence(ctx: HandlerContext, c: AccountChargeRow, date: string, amount = occurrenceAmount(c)): DueRow {
  const found = findDue(ctx.db, c.id, date);
  if (found) return found;
  const id = insertDue(ctx.db, { globalId: newGlobalId(ctx.db, 'savingschargedue'), accountChargeId: c.id, dueDate: date, amount, now: ctx.clock.now().toISOString() });
  ctx.touched('savings_charge_due', id);
  return { id, account_charge_id: c.id, due_date: date, amount, paid: 0, waived: 0 };
}

/**
 * Where a charge stands after an occurrence was paid, waived or undone: at its earliest occurrence still owing,
 * else at the one after its latest (recurring fees; SavingsAccountCharge.updateNextDueDateForRecurringFees), else
 * nowhere (a specified-due-date fee settled). An undone payment brings the charge back to that occurrence (Fineract
 * moves the due date back one period: the same amount owed again, and the next day-end collects it again).
 */
export function settleNextDue(ctx: HandlerContext, c: AccountChargeRow): string | null {
  let next: string | null;
  if (c.time_type === 'SAVINGS_ACTIVATION' || c.time_type === 'WITHDRAWAL_FEE') {
    next = null;
  } else {
    const dues = duesOf(ctx.db, c.id);
    if (dues.length === 0) return c.next_due_date;
    const owing = dues.filter((d) => outstandingOf(d) > 0).map((d) => d.due_date);
    if (isRecurring(c.time_type)) {
      const latest = dues[dues.length - 1]!.due_date;
      owing.push(followingDueDate(calendarOf(c, latest), latest));
    }
    next = owing.length ? owing.reduce((a, b) => (a < b ? a : b)) : null;
  }
  if (next !== c.next_due_date) {
    setNextDueDate(ctx.db, c.id, next);
    ctx.touched('savings_account_charge', c.id);
  }
  return next;
}

// ---- taking a fee

/** The balance at the end of `date`: the kept balance less what the transactions dated after it moved. */
function balanceAtEndOf(db: Db, accountId: number, date: string): number {
  return balanceOf(db, accountId) - accountBalance(live(readTransactions(db, accountId, addDays(date, 1))));
}

/**
 * Whether the account can give a fee the branch takes by itself (Fineract's validateAccountBalanceDoesNotBecomeNegative
 * for PAY_CHARGE): on an overdraft account not past its overdraft limit; below the floor, even below zero,
 * otherwise; a backdated fee must leave every later withdrawal above the floor. Returns the INSUFFICIENT_FUNDS
 * error, or null.
 */
export function feeRefusal(db: Db, a: AccountRow, date: string, amount: number, field: string): AppError | null {
  const terms = accountTerms(db, a);
  const dp = terms.currency.decimalPlaces;
  const lowest = lowestAllowedBalance(terms);
  const after = balanceOf(db, a.id) - amount;
  if (terms.overdraft.allowOverdraft && after < lowest) {
    const message = `the fee would take the balance to ${formatMoney(after, dp)}, past the overdraft limit`;
    return new AppError('INSUFFICIENT_FUNDS', message, [{ field, code: 'insufficientFunds', message }], { balance: formatMoney(balanceOf(db, a.id), dp), fee: formatMoney(amount, dp) });
  }
  if (!terms.overdraft.allowOverdraft && hasTransactionsAfter(db, a.id, date)) {
    const history = [...live(readTransactions(db, a.id)), { date, type: 'FEE' as const, amount }];
    return checkBalanceHistory(history, terms, { unchecked: (t) => t.type === 'FEE' });
  }
  return null;
}

/**
 * Posts a fee paying (part of) an occurrence: the FEE transaction (WITHDRAWAL_FEE for a withdrawal fee) dated
 * `date`, linked to the occurrence, and its journal entry: Dr savings control (the overdraft portfolio for the part
 * below zero), Cr the charge's income account or the product's fee income. Returns the transaction's id.
 */
export function postFee(ctx: HandlerContext, a: AccountRow, c: AccountChargeRow, due: DueRow, date: string, amount: number): number {
  const m = mappingOf(a);
  const split = splitDebit(balanceAtEndOf(ctx.db, a.id, date), amount);
  const type = c.time_type === 'WITHDRAWAL_FEE' ? 'WITHDRAWAL_FEE' : 'FEE';
  const id = recordTransaction(ctx, a.id, { type, date, amount, overdraft: split.fromOverdraft, note: c.name });
  linkPayment(ctx.db, id, due.id);
  journal(ctx, a, id, type === 'WITHDRAWAL_FEE' ? 'Withdrawal fee' : `Savings fee (${c.name})`, date, [
    { accountId: m.control, debit: split.fromBalance },
    { accountId: m.overdraftPortfolio, debit: split.fromOverdraft },
    { accountId: incomeAccountOf(ctx.db, c.charge_id) ?? m.feeIncome, credit: amount },
  ]);
  return id;
}

// ---- the product's charges at submission, the activation fee at activation

/**
 * An account takes its product's charges when it is submitted, as Fineract's screen fills them in from the product
 * (SavingsAccountChargeAssembler.fromSavingsProduct): a specified-due-date charge is left out (it needs its date:
 * savings.addCharge). Annual and monthly fees get their first due date at activation; a weekly fee, which Fineract
 * cannot take without a due date, falls on the submission date's weekday.
 */
export function takeProductCharges(ctx: HandlerContext, accountId: number, productId: number, submittedOn: string): void {
  for (const charge of productSavingsCharges(ctx.db, productId)) {
    if (charge.applies_to !== 'SAVINGS' || charge.active !== 1 || charge.time_type === 'SPECIFIED_DUE_DATE') continue;
    // a percentage is a withdrawal fee's only (Fineract's catalogue refuses it for any other savings charge)
    if (charge.calculation_type !== 'FLAT' && charge.time_type !== 'WITHDRAWAL_FEE') continue;
    addAccountCharge(ctx, accountId, charge, {
      amount: charge.amount,
      nextDueDate: charge.time_type === 'WEEKLY_FEE' ? submittedOn : null,
      feeOnMonthDay: charge.fee_on_month_day,
      feeInterval: charge.fee_interval,
    });
  }
}

/** Writes one charge of an account from the catalogue; `amount` is the decimal text (major units, or a percentage). */
export function addAccountCharge(
  ctx: HandlerContext,
  accountId: number,
  charge: CatalogueChargeRow,
  given: { amount: string; nextDueDate: string | null; feeOnMonthDay: string | null; feeInterval: number | null },
): number {
  const dp = getOrganisation(ctx.db).currency.decimalPlaces;
  const flat = charge.calculation_type === 'FLAT';
  const id = insertAccountCharge(ctx.db, {
    globalId: newGlobalId(ctx.db, 'savingscharge'),
    accountId,
    chargeId: charge.id,
    name: charge.name,
    timeType: charge.time_type as AccountChargeRow['time_type'],
    calculationType: charge.calculation_type,
    penalty: charge.penalty === 1,
    percentage: flat ? null : given.amount,
    amount: flat ? parseMoneyField(given.amount, dp, 'amount') : 0,
    nextDueDate: given.nextDueDate,
    feeInterval: charge.time_type === 'MONTHLY_FEE' || charge.time_type === 'WEEKLY_FEE' ? (given.feeInterval ?? 1) : null,
    feeOnMonthDay: charge.time_type === 'ANNUAL_FEE' || charge.time_type === 'MONTHLY_FEE' ? given.feeOnMonthDay : null,
    paymentTypeId: charge.time_type === 'WITHDRAWAL_FEE' ? charge.payment_type_id : null,
    minCap: charge.min_cap,
    maxCap: charge.max_cap,
    createdBy: ctx.actor?.userId ?? null,
    now: ctx.clock.now().toISOString(),
  });
  ctx.touched('savings_account_charge', id);
  return id;
}

/**
 * At activation (SavingsAccount.processAccountUponActivation): every recurring fee's first due date from the
 * activation date, then each activation fee taken, dated the activation date, after the opening deposit when the
 * account has a minRequiredOpeningBalance (lifecycle.ts, Fineract's order). Fineract refuses an activation fee the
 * balance cannot cover; Branchbox takes it as the branch's other fees are, below zero on an account without
 * overdraft (an account with no opening balance), and refuses the activation only past an overdraft limit
 * (INSUFFICIENT_FUNDS naming activatedOnDate).
 */
export function chargesAtActivation(ctx: HandlerContext, a: AccountRow, activatedOn: string): void {
  for (const c of accountCharges(ctx.db, a.id)) {
    if (c.active !== 1 || !isRecurring(c.time_type)) continue;
    const first = firstDueDateFrom(calendarOf(c, c.next_due_date ?? activatedOn), activatedOn);
    if (first !== c.next_due_date) {
      setNextDueDate(ctx.db, c.id, first);
      ctx.touched('savings_account_charge', c.id);
    }
  }
  for (const c of activeChargesOfType(ctx.db, a.id, 'SAVINGS_ACTIVATION')) {
    const amount = occurrenceAmount(c);
    if (amount <= 0) continue;
    assertPeriodOpen(ctx.db, activatedOn, 'activatedOnDate');
    const refused = feeRefusal(ctx.db, a, activatedOn, amount, 'activatedOnDate');
    if (refused) throw refused;
    postFee(ctx, a, c, occurrence(ctx, c, activatedOn), activatedOn, amount);
  }
}

// ---- withdrawal fees

export interface WithdrawalFee {
  charge: AccountChargeRow;
  amount: number;
}

/**
 * The withdrawal fees a withdrawal of `amount` by payment type `paymentTypeId` pays: each active withdrawal-fee
 * charge of the account, for every withdrawal or only those of its payment type (Fineract's enablePaymentType),
 * flat or a % of the amount (SavingsAccountCharge.calculateWithdralFeeAmount). A fee that rounds to nothing is left out.
 * `paymentTypeId` null (a transfer, which has no payment type): only the fees for every withdrawal.
 */
export function withdrawalFees(db: Db, accountId: number, amount: number, paymentTypeId: number | null): WithdrawalFee[] {
  const rules = moneyRules(getOrganisation(db).currency);
  return activeChargesOfType(db, accountId, 'WITHDRAWAL_FEE')
    .filter((c) => c.payment_type_id === null || c.payment_type_id === paymentTypeId)
    .map((c) => ({ charge: c, amount: withdrawalFeeAmount({ calculationType: c.calculation_type, amount: c.amount, percentage: c.percentage }, amount, rules) }))
    .filter((f) => f.amount > 0);
}

/**
 * Takes a withdrawal's fees (each its own WITHDRAWAL_FEE transaction, before the withdrawal, as DOMAIN.md has it);
 * returns their transaction ids.
 */
export function takeWithdrawalFees(ctx: HandlerContext, a: AccountRow, date: string, fees: readonly WithdrawalFee[]): number[] {
  // a withdrawal fee's occurrences are the days it was taken (one row a day however many withdrawals: its figures
  // are what was paid)
  return fees.map((f) => postFee(ctx, a, f.charge, occurrence(ctx, f.charge, date, f.amount), date, f.amount));
}

// ---- day-end: the fees due

/** Charges one chunk of day-end's fee step reads (each with its occurrences; one transaction). */
export const CHARGES_PER_CHUNK = 500;

/**
 * One chunk of day-end's fee step closing `date` (Fineract's Pay Due Savings Charges job on that business date):
 * for the next `CHARGES_PER_CHUNK` charges after `afterId` with an occurrence due before `date`, each such
 * occurrence (a missed day-end's too) is made and paid in full by a FEE dated `date`, oldest first; a fee the
 * balance cannot give (feeRefusal) stops its charge, left due for the next close. Returns the fees taken, the
 * last charge read and whether no charge was left unread.
 */
export function collectDueCharges(ctx: HandlerContext, date: string, afterId: number): { fees: number; lastId: number; last: boolean } {
  const charges = chargesDueBefore(ctx.db, date, afterId, CHARGES_PER_CHUNK);
  const accounts = new Map<number, AccountRow>();
  let fees = 0;
  for (let c of charges) {
    let a = accounts.get(c.account_id);
    if (!a) {
      a = getAccount(ctx.db, c.account_id);
      accounts.set(c.account_id, a);
    }
    if (occurrenceAmount(c) <= 0) continue;
    while (c.next_due_date !== null && c.next_due_date < date) {
      const due = occurrence(ctx, c, c.next_due_date);
      const owed = outstandingOf(due);
      if (owed > 0) {
        if (feeRefusal(ctx.db, a, date, owed, 'amount')) break;
        postFee(ctx, a, c, due, date, owed);
        fees += 1;
      }
      const next = settleNextDue(ctx, c);
      if (next === c.next_due_date) break;
      c = { ...c, next_due_date: next };
    }
  }
  return { fees, lastId: charges.at(-1)?.id ?? afterId, last: charges.length < CHARGES_PER_CHUNK };
}
