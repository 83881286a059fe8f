import type { Output, ParsedInput } from '../../../../shared/contract';
import { AppError, invalidField } from '../../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../../shared/money';
import type { HandlerContext } from '../../dispatch/context';
import { firstDueDateFrom, isRecurring, parseMonthDay } from '../../domain/savings';
import { notBefore, transactionDate } from '../common/dates';
import { resolvePaymentType } from '../common/paymentTypes';
import { assertPeriodOpen } from '../ledger';
import { getOrganisation } from '../organisation';
import { addAccountCharge, calendarOf, feeRefusal, occurrence, outstandingOf, postFee, settleNextDue, withdrawalFees } from './charges';
import {
  accountCharges,
  duesOf,
  feeDatesOfDue,
  findCatalogueCharge,
  getAccountCharge,
  linkPayment,
  setNextDueDate,
  type AccountChargeRow,
  type DueRow,
} from './repository';
import { balanceOf, getAccount, requireStatus, type AccountRow } from './repository';
import { recordTransaction } from './transactions';

/**
 * savings.addCharge, payCharge, waiveCharge and withdrawalFee, with Fineract's rules
 * (SavingsAccountChargeProcessingService: addCharge, payCharge, waiveCharge; undoing a fee or a waiver is in
 * corrections.ts). Each
 * refusal names its field.
 */

const fieldError = (code: 'VALIDATION_FAILED' | 'INVALID_STATE', field: string, reason: string, message: string) =>
  new AppError(code, message, [{ field, code: reason, message }]);

/** The occurrence a charge is at (Fineract's amountOutstanding is that of its due date), or null when nothing is left. */
function currentOccurrence(ctx: HandlerContext, c: AccountChargeRow): DueRow | null {
  if (c.next_due_date === null) return null;
  return occurrence(ctx, c, c.next_due_date);
}

/** A charge of an active account that can still be paid or waived: active, and not a withdrawal fee (its fees come with withdrawals). */
function chargeToSettle(ctx: HandlerContext, a: AccountRow, id: number, action: 'paid' | 'waived'): AccountChargeRow {
  const c = getAccountCharge(ctx.db, a.id, id);
  if (c.active !== 1) throw fieldError('INVALID_STATE', 'savingsAccountChargeId', 'charge_not_active', 'The charge is not active');
  if (c.time_type === 'WITHDRAWAL_FEE') {
    throw fieldError('VALIDATION_FAILED', 'savingsAccountChargeId', 'withdrawal_fee', `A withdrawal fee is taken with each withdrawal: it cannot be ${action}`);
  }
  return c;
}

/** Why a charge's current occurrence has nothing left (Fineract: "charge is paid", "charge is already waived"). */
function nothingLeft(ctx: HandlerContext, c: AccountChargeRow): AppError {
  const last = duesOf(ctx.db, c.id).at(-1);
  const waived = last !== undefined && last.waived > 0 && last.paid + last.waived >= last.amount && last.paid === 0;
  return waived
    ? fieldError('INVALID_STATE', 'savingsAccountChargeId', 'already_waived', 'The charge is already waived')
    : fieldError('INVALID_STATE', 'savingsAccountChargeId', 'already_paid', 'The charge is paid');
}

export function addSavingsCharge(ctx: HandlerContext, input: ParsedInput<'savings.addCharge'>): Output<'savings.addCharge'> {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  requireStatus(a, ['SUBMITTED_AND_PENDING_APPROVAL', 'APPROVED', 'ACTIVE'], 'given a charge');
  const charge = findCatalogueCharge(db, input.chargeId);
  if (!charge) throw fieldError('VALIDATION_FAILED', 'chargeId', 'not_found', `There is no charge ${input.chargeId}`);
  if (charge.applies_to !== 'SAVINGS') throw fieldError('VALIDATION_FAILED', 'chargeId', 'not_savings', 'is a loan charge, not a savings charge');
  if (charge.active !== 1) throw fieldError('VALIDATION_FAILED', 'chargeId', 'charge_inactive', 'is not an active charge');
  // the account keeps the branch's currency
  const currency = getOrganisation(db).currency;
  if (charge.currency_code !== currency.code) {
    throw fieldError('VALIDATION_FAILED', 'chargeId', 'other_currency', `is in ${charge.currency_code}, the account in ${currency.code}`);
  }
  if (charge.calculation_type !== 'FLAT' && charge.time_type !== 'WITHDRAWAL_FEE') {
    throw fieldError('VALIDATION_FAILED', 'chargeId', 'percentage_not_allowed', 'a percentage applies only to a withdrawal fee');
  }
  const amount = input.amount ?? charge.amount;
  if (charge.calculation_type === 'FLAT') parseMoneyField(amount, currency.decimalPlaces, 'amount');
  const activeOn = a.activated_on;
  let nextDueDate: string | null = null;
  let feeOnMonthDay: string | null = null;
  let feeInterval: number | null = null;
  switch (charge.time_type) {
    case 'SPECIFIED_DUE_DATE': {
      if (!input.dueDate) throw invalidField('dueDate', 'is required for a specified-due-date charge', 'required');
      // SavingsAccountChargeProcessingServiceImpl.addCharge: not before activation, nor before submission
      if (activeOn) notBefore(input.dueDate, activeOn, 'dueDate', 'the activation date');
      notBefore(input.dueDate, a.submitted_on, 'dueDate', 'the submission date');
      nextDueDate = input.dueDate;
      break;
    }
    case 'SAVINGS_ACTIVATION':
      if (activeOn) throw fieldError('INVALID_STATE', 'chargeId', 'activation_fee_after_activation', 'An activation fee can be added only before the account is activated');
      break;
    case 'ANNUAL_FEE':
    case 'MONTHLY_FEE': {
      if (charge.time_type === 'ANNUAL_FEE' && accountCharges(db, a.id).some((c) => c.active === 1 && c.time_type === 'ANNUAL_FEE')) {
        throw fieldError('VALIDATION_FAILED', 'chargeId', 'one_annual_fee', 'The account already has an annual fee (one per account, as Fineract)');
      }
      feeOnMonthDay = input.feeOnMonthDay ?? charge.fee_on_month_day;
      if (!feeOnMonthDay) throw invalidField('feeOnMonthDay', 'is required for an annual or monthly fee', 'required');
      parseMonthDay(feeOnMonthDay, 'feeOnMonthDay', charge.time_type === 'MONTHLY_FEE');
      if (charge.time_type === 'MONTHLY_FEE') {
        feeInterval = input.feeInterval ?? charge.fee_interval ?? 1;
        if (feeInterval > 12) throw invalidField('feeInterval', 'must be from 1 to 12 months (as Fineract)', 'interval_months');
      }
      break;
    }
    case 'WEEKLY_FEE':
      if (!input.dueDate) throw invalidField('dueDate', 'is required for a weekly fee (its weekday)', 'required');
      feeInterval = input.feeInterval ?? charge.fee_interval ?? 1;
      nextDueDate = input.dueDate;
      break;
  }
  const id = addAccountCharge(ctx, a.id, charge, { amount, nextDueDate, feeOnMonthDay, feeInterval });
  // the first due date of a recurring fee: from activation, or approval (Fineract recomputes it at activation)
  const from = a.activated_on ?? a.approved_on;
  if (isRecurring(charge.time_type) && from) {
    const c = getAccountCharge(db, a.id, id);
    setNextDueDate(db, id, firstDueDateFrom(calendarOf(c, c.next_due_date ?? from), from));
  }
  return { savingsId: a.id, savingsAccountChargeId: id };
}

export function paySavingsCharge(ctx: HandlerContext, input: ParsedInput<'savings.payCharge'>): Output<'savings.payCharge'> {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  requireStatus(a, ['ACTIVE'], 'charged');
  const c = chargeToSettle(ctx, a, input.savingsAccountChargeId, 'paid');
  if (c.time_type === 'SAVINGS_ACTIVATION') {
    throw fieldError('VALIDATION_FAILED', 'savingsAccountChargeId', 'activation_fee', 'An activation fee is taken at activation: it cannot be paid');
  }
  const date = transactionDate(ctx, input.dueDate, 'dueDate');
  notBefore(date, a.activated_on!, 'dueDate', 'the activation date');
  assertPeriodOpen(db, date, 'dueDate');
  const due = currentOccurrence(ctx, c);
  if (!due || outstandingOf(due) === 0) throw nothingLeft(ctx, c);
  if (c.time_type === 'ANNUAL_FEE') {
    // SavingsAccountChargeProcessingServiceImpl.payCharge: not before the annual fee's due date, nor twice on a date
    notBefore(date, due.due_date, 'dueDate', "the annual fee's due date");
    if (annualFeePaidOn(ctx, c, date)) throw fieldError('VALIDATION_FAILED', 'dueDate', 'exists_on_date', `The annual fee was already paid on ${date}`);
  }
  const dp = getOrganisation(db).currency.decimalPlaces;
  const amount = parseMoneyField(input.amount, dp, 'amount');
  if (amount > outstandingOf(due)) {
    throw fieldError('VALIDATION_FAILED', 'amount', 'more_than_due', `is more than the ${formatMoney(outstandingOf(due), dp)} the charge owes`);
  }
  const refused = feeRefusal(db, a, date, amount, 'amount');
  if (refused) throw refused;
  const transactionId = postFee(ctx, a, c, due, date, amount);
  settleNextDue(ctx, c);
  return { savingsId: a.id, savingsAccountChargeId: c.id, transactionId, accountBalance: formatMoney(balanceOf(db, a.id), dp) };
}

/** Whether a fee of this annual fee dated `date` already paid it (Fineract's findLatestAnnualFeeTransactionDueDate check). */
function annualFeePaidOn(ctx: HandlerContext, c: AccountChargeRow, date: string): boolean {
  return duesOf(ctx.db, c.id).some((d) => d.paid > 0 && feeDatesOfDue(ctx.db, d.id).includes(date));
}


export function waiveSavingsCharge(ctx: HandlerContext, input: ParsedInput<'savings.waiveCharge'>): Output<'savings.waiveCharge'> {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  requireStatus(a, ['ACTIVE'], 'given a waiver');
  const c = chargeToSettle(ctx, a, input.savingsAccountChargeId, 'waived');
  // an activation fee was taken at activation: its occurrence is the activation date's
  const due = c.time_type === 'SAVINGS_ACTIVATION' ? (duesOf(db, c.id)[0] ?? null) : currentOccurrence(ctx, c);
  if (!due || outstandingOf(due) === 0) throw nothingLeft(ctx, c);
  const owed = outstandingOf(due);
  const date = ctx.businessDate();
  const transactionId = recordTransaction(ctx, a.id, { type: 'WAIVE_CHARGE', date, amount: owed, note: c.name });
  linkPayment(db, transactionId, due.id);
  settleNextDue(ctx, c);
  return { savingsId: a.id, savingsAccountChargeId: c.id, transactionId, amountWaived: formatMoney(owed, getOrganisation(db).currency.decimalPlaces) };
}

export function withdrawalFeePreview(ctx: HandlerContext, input: ParsedInput<'savings.withdrawalFee'>): Output<'savings.withdrawalFee'> {
  const db = ctx.db;
  const a = getAccount(db, input.savingsId);
  const dp = getOrganisation(db).currency.decimalPlaces;
  const amount = parseMoneyField(input.transactionAmount, dp, 'transactionAmount');
  const fees = withdrawalFees(db, a.id, amount, resolvePaymentType(db, input).id);
  return {
    fee: formatMoney(fees.reduce((s, f) => s + f.amount, 0), dp),
    fees: fees.map((f) => ({ savingsAccountChargeId: f.charge.id, name: f.charge.name, amount: formatMoney(f.amount, dp) })),
  };
}
