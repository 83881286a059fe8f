import { AppError } from '../../../../shared/errors';
import { checkBalanceLimit, formatMoney, parseMoney } from '../../../../shared/money';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { checkManagerApproval, type ManagerApproval } from '../../security/approval';
import { amountText, getOrganisation, getSetting, setSetting } from '../organisation';
import type { OverpaymentChange } from './posting';

/**
 * Overpayments that need a manager (issue 14 point 12). A loan payment may leave the loan overpaid (DOMAIN.md
 * "Repayments, arrears, closure": money left after the last installment, a liability to the client), but
 * not by more than a margin the branch manager sets, a share of what the loan owed before the payment (10% unless
 * set): beyond it, a branch manager approves on the teller's PC, as for cash over a till's cash limit, whatever
 * the payment type. loans.repay, loans.repayBatch and savings.transferToLoan all check it.
 */
export const DEFAULT_OVERPAYMENT_MARGIN_PERCENT = '10';
const SETTING = 'overpayment_margin_percent';

/** The margin as the manager set it: a percentage written as a decimal ("10", "12.5"). */
export function overpaymentMarginPercent(db: Db): string {
  return getSetting(db, SETTING) ?? DEFAULT_OVERPAYMENT_MARGIN_PERCENT;
}

/** Sets the margin (the contract has checked it: 0 to 100, at most 2 decimals); returns it as stored. */
export function setOverpaymentMarginPercent(db: Db, percent: string): string {
  // kept as the shortest decimal ("12.50" is "12.5", "010" is "10"), read back in hundredths of a percent
  const text = formatMoney(parseMoney(percent, 2), 2).replace(/\.?0+$/, '');
  setSetting(db, SETTING, text);
  return text;
}

/** The most a payment may overpay a loan that owed `owed` without approval: the margin, rounded down to the minor unit. */
export function overpaymentMargin(db: Db, owed: number): number {
  const hundredthsOfPercent = BigInt(parseMoney(overpaymentMarginPercent(db), 2));
  // owed x percent / 100, in integers (owed can be near 2^53: BigInt keeps the product exact)
  return Number((BigInt(owed) * hundredthsOfPercent) / 10_000n);
}

/**
 * The check a loan payment runs once its replay is known and before anything is written (posting.ts rebuildLoan):
 * overpaid by more than the margin, it needs `approval` (a branch manager's, security/approval.ts), else
 * OVERPAYMENT_APPROVAL_REQUIRED naming `field` with what the loan owed and the margin.
 */
export function overpaymentCheck(ctx: HandlerContext, amount: number, approval: ManagerApproval | undefined, field = 'transactionAmount'): (change: OverpaymentChange) => void {
  return ({ owedBefore, overpaidAfter }) => {
    const db = ctx.db;
    // approved or not, what the loan holds for the client stays a balance whose sums are exact (issue 14 point 7)
    checkBalanceLimit(overpaidAfter, field, getOrganisation(db).currency.decimalPlaces);
    const margin = overpaymentMargin(db, owedBefore);
    if (overpaidAfter <= margin) return;
    if (approval) {
      checkManagerApproval(ctx, approval, 'overpayment');
      return;
    }
    const [paid, owed, over, most, percent] = [amountText(db, amount), amountText(db, owedBefore), amountText(db, overpaidAfter), amountText(db, margin), overpaymentMarginPercent(db)];
    throw new AppError(
      'OVERPAYMENT_APPROVAL_REQUIRED',
      `A payment of ${paid} would overpay this loan by ${over}: the loan owes ${owed}, and a payment may overpay it by at most ${most} (${percent}% of what it owes) without a branch manager's approval`,
      [{ field, code: 'overpayment', message: `would overpay the loan by ${over}: it owes ${owed} (at most ${most} over without approval)`, params: { owed, margin: most, marginPercent: percent, overpaidBy: over } }],
      { amount: paid, owed, margin: most, marginPercent: percent, overpaidBy: over },
    );
  };
}
