/**
 * Overdue-installment penalties for day-end (DOMAIN.md: charge time type OVERDUE_INSTALLMENT, "dated on the
 * installment's due date, applied once the business date is at least the wait period (default 2 days) past it, to
 * every overdue unpaid installment; flat, or a % of that installment's outstanding principal (or principal plus
 * interest): 1.5 % of 1000 = 15.00").
 */
import { invalidField } from '../../../../shared/errors';
import { isIsoDate } from '../../../../shared/dates';
import { isDecimalText, parseMoney, MoneyFormatError, type Currency, type Minor } from '../../../../shared/money';
import { daysBetween } from '../calendar/isoDate';
import { moneyRules, percentOf } from './money';
import { checkState, installmentOutstanding, outstandingOf, toMutable, toPublic, type InstallmentState } from './state';

export const DEFAULT_PENALTY_WAIT_DAYS = 2;

export interface OverduePenaltyRule {
  /** FLAT, or a percentage of the installment's outstanding principal / principal + interest / interest. */
  chargeCalculationType: 'FLAT' | 'PERCENT_OF_AMOUNT' | 'PERCENT_OF_AMOUNT_AND_INTEREST' | 'PERCENT_OF_INTEREST';
  /** The flat amount ("250.00") or the percentage ("1.5") as decimal text. */
  amount: string;
  /** Days after the due date before the penalty applies (Fineract's penalty wait period); default 2. */
  graceDays?: number;
}

export interface OverduePenalty {
  installmentNumber: number;
  /** The penalty is dated on the installment's due date. */
  chargeDate: string;
  amount: Minor;
  /** The outstanding amount the percentage was taken of (0 for a flat penalty). */
  basis: Minor;
}

/**
 * Penalties day-end should add on `businessDate`: one per installment that is unpaid and at least the wait period
 * past due, skipping installments in `alreadyPenalised` (installment numbers that already carry this penalty).
 */
export function overduePenalties(
  state: readonly InstallmentState[],
  businessDate: string,
  rule: OverduePenaltyRule,
  currency: Currency,
  alreadyPenalised: readonly number[] = [],
): OverduePenalty[] {
  checkState(state);
  if (!isIsoDate(businessDate)) throw invalidField('businessDate', 'must be a real date written YYYY-MM-DD');
  const grace = rule.graceDays ?? DEFAULT_PENALTY_WAIT_DAYS;
  if (!Number.isInteger(grace) || grace < 0) throw invalidField('graceDays', 'must be a whole number of at least 0');
  if (!isDecimalText(rule.amount) || rule.amount.trim().startsWith('-')) {
    throw invalidField('amount', 'must be a positive number written like 250 or 1.5');
  }
  const rules = moneyRules(currency);
  let flat = 0;
  if (rule.chargeCalculationType === 'FLAT') {
    try {
      flat = parseMoney(rule.amount, currency.decimalPlaces);
    } catch (e) {
      if (e instanceof MoneyFormatError) throw invalidField('amount', `must have at most ${currency.decimalPlaces} decimals`);
      throw e;
    }
  }
  const skip = new Set(alreadyPenalised);
  const result: OverduePenalty[] = [];
  for (const inst of state) {
    if (skip.has(inst.installmentNumber) || installmentOutstanding(inst) <= 0) continue;
    const daysLate = daysBetween(inst.dueDate, businessDate);
    if (daysLate < Math.max(1, grace)) continue;
    let basis = 0;
    switch (rule.chargeCalculationType) {
      case 'FLAT':
        break;
      case 'PERCENT_OF_AMOUNT':
        basis = outstandingOf(inst.principal);
        break;
      case 'PERCENT_OF_AMOUNT_AND_INTEREST':
        basis = outstandingOf(inst.principal) + outstandingOf(inst.interest);
        break;
      case 'PERCENT_OF_INTEREST':
        basis = outstandingOf(inst.interest);
        break;
    }
    const amount = rule.chargeCalculationType === 'FLAT' ? flat : percentOf(basis, rule.amount, rules);
    if (amount <= 0) continue;
    result.push({ installmentNumber: inst.installmentNumber, chargeDate: inst.dueDate, amount: amount as Minor, basis: basis as Minor });
  }
  return result;
}

/** Adds penalties to the installments' penalty due; returns a new state. */
export function applyPenalties(state: readonly InstallmentState[], penalties: readonly OverduePenalty[]): InstallmentState[] {
  checkState(state);
  const working = toMutable(state);
  for (const p of penalties) {
    const inst = working.find((i) => i.installmentNumber === p.installmentNumber);
    if (!inst) throw invalidField('installmentNumber', `no installment ${p.installmentNumber}`, 'notFound');
    if (!Number.isSafeInteger(p.amount) || p.amount <= 0) throw invalidField('amount', 'must be a positive whole amount');
    inst.penalty.due += p.amount;
  }
  return toPublic(working);
}
