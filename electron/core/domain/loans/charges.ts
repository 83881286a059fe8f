/**
 * Fees in a schedule (Fineract's LoanScheduleParams / getCumulativeAmountOfCharge):
 * - INSTALMENT_FEE: on every installment, flat, or a percentage of that installment's principal, principal plus
 *   interest, or interest;
 * - DISBURSEMENT: once, collected at disbursement (DOMAIN.md: "A disbursement fee is collected at disbursement as
 *   its own repayment at disbursement"), flat or a percentage of the principal (plus total interest, or of it);
 *   PERCENT_OF_DISBURSEMENT_AMOUNT is a percentage of the principal.
 * Other time types (SPECIFIED_DUE_DATE, OVERDUE_INSTALLMENT) ride along in the terms and are not scheduled.
 */
import { Mc, Wide, moneyOf, moneyOfInt, percentOf, type MoneyRules } from './money';
import type { LoanChargeTerm, LoanTerms } from './types';

function basisOf(charge: LoanChargeTerm, principal: number, interest: number): number {
  switch (charge.chargeCalculationType) {
    case 'PERCENT_OF_AMOUNT':
    // one disbursement, the whole principal (Fineract takes it of the tranche disbursed: a single-disbursement loan
    // has one, the principal)
    case 'PERCENT_OF_DISBURSEMENT_AMOUNT':
      return principal;
    case 'PERCENT_OF_AMOUNT_AND_INTEREST':
      return principal + interest;
    case 'PERCENT_OF_INTEREST':
      return interest;
    case 'FLAT':
      return 0;
  }
}

/** Fees of one installment, given its principal and interest; charges are added one by one as Money.plus does. */
export function installmentFees(charges: readonly LoanChargeTerm[], principal: number, interest: number, rules: MoneyRules): number {
  let cumulative = 0;
  for (const charge of charges) {
    if (charge.chargeTimeType !== 'INSTALMENT_FEE') continue;
    if (charge.chargeCalculationType === 'FLAT') {
      cumulative = moneyOfInt(cumulative + charge.amount, rules);
    } else {
      const fee = new Mc(new Wide(basisOf(charge, principal, interest)).times(charge.percentage)).div(100);
      cumulative = moneyOf(fee.plus(cumulative), rules);
    }
  }
  return cumulative;
}

export function hasInstallmentFees(terms: LoanTerms): boolean {
  return terms.charges.some((c) => c.chargeTimeType === 'INSTALMENT_FEE');
}

/** Fees due at disbursement; percentages of interest use the schedule's total interest. */
export function disbursementFees(terms: LoanTerms, totalInterest: number, rules: MoneyRules): number {
  let total = 0;
  for (const charge of terms.charges) {
    if (charge.chargeTimeType !== 'DISBURSEMENT') continue;
    total +=
      charge.chargeCalculationType === 'FLAT'
        ? charge.amount
        : percentOf(basisOf(charge, terms.principal, totalInterest), charge.percentage, rules);
  }
  return moneyOfInt(total, rules);
}
