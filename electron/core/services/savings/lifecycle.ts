import type { Output, ParsedInput, SavingsProductInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { addDays, addMonths } from '../../domain/calendar';
import { nextPostingDate } from '../../domain/savings';
import { notBefore, transactionDate } from '../common/dates';
import { copyProductAccounting } from '../charges/accounting';
import { resolvePaymentType, type PaymentType } from '../common/paymentTypes';
import { assertPeriodOpen } from '../ledger';
import { findLocalOffice, getOrganisation, newGlobalId, nextSequence } from '../organisation';
import { clearNextDueDates } from './repository';
import { chargesAtActivation, takeProductCharges } from './charges';
import { postClosingInterest } from './interest';
import { settleAccruals } from './accruals';
import { accountTerms, openingBalanceOf, productMapping } from './products';
import { balanceOf, clientStatus, findProductRow, getAccount, hasTransactionsAfter, insertAccount, productInputOf, requireStatus, setStatus } from './repository';
import { assertNotLockedIn, depositReceipt, moneyDate, payOutBalance, payoutReceipt, postDeposit, result } from './transactions';

/**
 * A savings account's life (DOMAIN.md "Savings (Fineract)"): submitted for an active client and an active product
 * (keeping the product's terms and GL accounts), approved, activated (the lock-in, if the product has one, counted
 * from that day), closed (interest posted to the day before, the balance paid out).
 */
export function submitSavings(ctx: HandlerContext, input: ParsedInput<'savings.submit'>): Output<'savings.submit'> {
  const db = ctx.db;
  const status = clientStatus(db, input.clientId);
  if (status === undefined) throw new AppError('NOT_FOUND', `There is no client ${input.clientId}`, [{ field: 'clientId', code: 'not_found', message: 'no such client' }]);
  if (status !== 'ACTIVE') throw new AppError('INVALID_STATE', `The client is ${status}`, [{ field: 'clientId', code: 'client_not_active', message: `the client is ${status}` }], { status });
  const p = findProductRow(db, input.productId);
  if (!p || p.active !== 1) throw new AppError('VALIDATION_FAILED', 'No such active savings product', [{ field: 'productId', code: 'not_found', message: 'no such active savings product' }]);
  const date = transactionDate(ctx, input.submittedOnDate, 'submittedOnDate');
  const termsJson = accountTermsJson(p.terms_json, input.minRequiredOpeningBalance, getOrganisation(db).currency.decimalPlaces);
  const office = findLocalOffice(db)!;
  const accountNo = `${office.code}-S${String(nextSequence(db, `savings.account.${office.code}`)).padStart(6, '0')}`;
  const savingsId = insertAccount(db, {
    globalId: newGlobalId(db, 'savings', office.code),
    accountNo,
    clientId: input.clientId,
    productId: p.id,
    officeId: office.id,
    currencyCode: p.currency_code,
    termsJson,
    mapping: productMapping(p),
    submittedOn: date,
    submittedBy: actorOf(ctx).userId,
    now: ctx.clock.now().toISOString(),
  });
  // the account books by its product's accounting rule as it is today (charges/accounting.ts)
  copyProductAccounting(db, 'SAVINGS', p.id, savingsId);
  // and takes its product's charges (savings/charges.ts)
  takeProductCharges(ctx, savingsId, p.id, date);
  ctx.touched('savings_account', savingsId);
  return { savingsId, accountNo };
}

/**
 * The terms an account keeps: its product's, with its own opening balance when one is given (Fineract's account
 * takes the product's minRequiredOpeningBalance unless the application names one).
 */
function accountTermsJson(productTerms: string, openingBalance: string | undefined, decimalPlaces: number): string {
  if (openingBalance === undefined) return productTerms;
  openingBalanceOf({ minRequiredOpeningBalance: openingBalance }, decimalPlaces);
  return JSON.stringify({ ...(JSON.parse(productTerms) as SavingsProductInput), minRequiredOpeningBalance: openingBalance });
}

export function approveSavings(ctx: HandlerContext, input: ParsedInput<'savings.approve'>): Output<'savings.approve'> {
  const a = getAccount(ctx.db, input.savingsId);
  requireStatus(a, ['SUBMITTED_AND_PENDING_APPROVAL'], 'approved');
  const date = transactionDate(ctx, input.approvedOnDate, 'approvedOnDate');
  notBefore(date, a.submitted_on, 'approvedOnDate', 'the submission date');
  setStatus(ctx.db, a.id, 'APPROVED', { approved_on: date, approved_by: actorOf(ctx).userId }, ctx.clock.now().toISOString());
  ctx.touched('savings_account', a.id);
  return { savingsId: a.id };
}

/** The last day of the lock-in (Fineract's lockinPeriodFrequency and type) of an account activated on `activatedOn`. */
function lockedInUntil(terms: SavingsProductInput, activatedOn: string): string | null {
  const n = terms.lockinPeriodFrequency;
  const unit = terms.lockinPeriodFrequencyType;
  if (!n || !unit) return null;
  if (unit === 'DAYS') return addDays(activatedOn, n);
  if (unit === 'WEEKS') return addDays(activatedOn, 7 * n);
  return addMonths(activatedOn, unit === 'MONTHS' ? n : 12 * n);
}

/**
 * Activates an approved account (Fineract's SavingsAccountWritePlatformService.activate): the account becomes
 * ACTIVE on the date; an opening balance (minRequiredOpeningBalance) is deposited, dated the activation date, before
 * the activation fees are taken (Fineract's handleDeposit, then processAccountUponActivation's payActivationCharges).
 * Fineract's opening deposit carries no payment detail and posts to the product's savings reference account;
 * Branchbox asks how the money came (the payment type, required then), so that cash goes through the activating
 * user's till like any deposit, with its receipt.
 */
export function activateSavings(ctx: HandlerContext, input: ParsedInput<'savings.activate'>): Output<'savings.activate'> {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  requireStatus(a, ['APPROVED'], 'activated');
  const date = transactionDate(ctx, input.activatedOnDate, 'activatedOnDate');
  notBefore(date, a.approved_on!, 'activatedOnDate', 'the approval date');
  const dp = getOrganisation(db).currency.decimalPlaces;
  const opening = openingBalanceOf(productInputOf(a), dp);
  let pt: PaymentType | null = null;
  if (opening > 0) {
    if (input.paymentTypeCode === undefined && input.paymentTypeId === undefined) {
      const message = `is required: the account opens with a deposit of ${formatMoney(opening, dp)}`;
      throw new AppError('VALIDATION_FAILED', `paymentTypeCode ${message}`, [{ field: 'paymentTypeCode', code: 'required', message }], { minRequiredOpeningBalance: formatMoney(opening, dp) });
    }
    pt = resolvePaymentType(db, input);
    assertPeriodOpen(db, date, 'activatedOnDate');
  }
  // no interest run has anything to post for it before its first posting date
  const interestDueOn = nextPostingDate(date, accountTerms(db, a));
  setStatus(db, a.id, 'ACTIVE', { activated_on: date, locked_in_until: lockedInUntil(productInputOf(a), date), interest_due_on: interestDueOn }, ctx.clock.now().toISOString());
  const active = getAccount(db, a.id);
  const deposit = pt ? postDeposit(ctx, active, date, opening, pt, 'Opening deposit', { approval: input.approval, receiptNumber: input.receiptNumber, note: input.note ?? 'Opening balance', field: 'minRequiredOpeningBalance' }) : null;
  // recurring fees get their first due date; activation fees are taken, after the opening deposit (savings/charges.ts)
  chargesAtActivation(ctx, active, date);
  ctx.touched('savings_account', a.id);
  const balance = balanceOf(db, a.id);
  // the receipt of the opening deposit says what the client leaves with, the activation fees taken
  const receipt = deposit && pt ? depositReceipt(ctx, active, deposit.id, date, opening, pt, balance) : null;
  return { savingsId: a.id, transactionId: deposit?.id ?? null, accountBalance: formatMoney(balance, dp), receipt };
}

/**
 * Closes an account on `date` (Fineract's close): interest is posted up to the day before, the part of the
 * posting period under way included, dated the closing day; the balance left is paid out (`withdrawBalance`,
 * through the till for cash, the product's floor no longer applying) or the close is refused.
 */
export function closeSavings(ctx: HandlerContext, input: ParsedInput<'savings.close'>): Output<'savings.close'> {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  requireStatus(a, ['ACTIVE'], 'closed');
  const date = moneyDate(ctx, a, input.closedOnDate, 'closedOnDate');
  // as Fineract: an account is not closed under its lock-in (closing pays the savings out)
  assertNotLockedIn(a, date, 'closedOnDate');
  const pt = resolvePaymentType(db, input);
  if (hasTransactionsAfter(db, a.id, date)) {
    throw new AppError('VALIDATION_FAILED', 'The account has transactions after the closing date', [{ field: 'closedOnDate', code: 'before_last_transaction', message: 'is before the last transaction of the account' }]);
  }
  postClosingInterest(ctx, a, date);
  // on accruals the payable ends at zero: what was accrued is what was posted (savings/accruals.ts)
  settleAccruals(ctx, a, date);
  const balance = balanceOf(db, a.id);
  const dp = getOrganisation(db).currency.decimalPlaces;
  if (balance < 0) {
    throw new AppError('INVALID_STATE', `The account is overdrawn by ${formatMoney(-balance, dp)}: it must be repaid before closing`, undefined, { accountBalance: formatMoney(balance, dp), reason: 'OVERDRAWN' });
  }
  if (balance > 0 && !input.withdrawBalance) {
    throw new AppError('INVALID_STATE', `The account still holds ${formatMoney(balance, dp)}: pay it out to close (withdrawBalance)`, [
      { field: 'withdrawBalance', code: 'balance_left', message: `the account still holds ${formatMoney(balance, dp)}` },
    ], { accountBalance: formatMoney(balance, dp), reason: 'BALANCE_LEFT' });
  }
  const withdrawalId = balance > 0 ? payOutBalance(ctx, a, date, balance, pt, input.approval, input.note) : null;
  setStatus(db, a.id, 'CLOSED', { closed_on: date }, ctx.clock.now().toISOString());
  // nothing of a closed account falls due any more
  clearNextDueDates(db, a.id);
  ctx.touched('savings_account', a.id);
  const receipt = withdrawalId === null ? null : payoutReceipt(ctx, a, withdrawalId, date, pt, balance);
  return { ...result(ctx, a, withdrawalId ?? 0, receipt, 0), closedOn: date };
}
