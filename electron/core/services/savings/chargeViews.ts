import type { SavingsChargeView } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import { outstandingOf } from './charges';
import { accountCharges, duesOfAccount, type DueRow } from './repository';
import { paymentTypeCodes } from './repository';

/**
 * The charges of an account as savings.get lists them (Fineract's SavingsAccountChargeData): each with what fell
 * due so far (its occurrences), paid, waived and outstanding, and the occurrence it is at. A withdrawal fee owes
 * nothing between withdrawals: what fell due is what its withdrawals paid (Fineract keeps its outstanding at 0).
 */
export function chargeViews(db: Db, accountId: number, decimalPlaces: number): SavingsChargeView[] {
  const f = (n: number) => formatMoney(n, decimalPlaces);
  const dues = new Map<number, DueRow[]>();
  for (const d of duesOfAccount(db, accountId)) dues.set(d.account_charge_id, [...(dues.get(d.account_charge_id) ?? []), d]);
  const paymentTypes = paymentTypeCodes(db);
  return accountCharges(db, accountId).map((c) => {
    const mine = dues.get(c.id) ?? [];
    const paid = mine.reduce((s, d) => s + d.paid, 0);
    const waived = mine.reduce((s, d) => s + d.waived, 0);
    const withdrawal = c.time_type === 'WITHDRAWAL_FEE';
    const flat = c.calculation_type === 'FLAT';
    return {
      id: c.id,
      chargeId: c.charge_id,
      name: c.name,
      chargeTimeType: c.time_type,
      chargeCalculationType: flat ? 'FLAT' : 'PERCENT_OF_AMOUNT',
      penalty: c.penalty === 1,
      amount: flat ? f(c.amount) : null,
      percentage: flat ? null : c.percentage,
      paymentType: c.payment_type_id === null ? null : (paymentTypes.get(c.payment_type_id) ?? null),
      feeOnMonthDay: c.fee_on_month_day,
      feeInterval: c.fee_interval,
      active: c.active === 1,
      amountDue: f(withdrawal ? paid : mine.reduce((s, d) => s + d.amount, 0)),
      amountPaid: f(paid),
      amountWaived: f(waived),
      amountOutstanding: f(withdrawal ? 0 : mine.reduce((s, d) => s + outstandingOf(d), 0)),
      dueDate: mine[0]?.due_date ?? (c.time_type === 'SPECIFIED_DUE_DATE' ? c.next_due_date : null),
      nextDueDate: c.next_due_date,
    };
  });
}
