/**
 * generateSchedule: Fineract's cumulative schedule (DOMAIN.md "Loan products and schedules (cumulative engine)").
 * Pure: terms in, schedule out, amounts in integer minor units.
 */
import { AppError } from '../../../../shared/errors';
import { disbursementFees, hasInstallmentFees, installmentFees } from './charges';
import { decliningBalance } from './declining';
import { flatInterest } from './flat';
import { AmountTooLargeError, moneyRules } from './money';
import { scheduleDates } from './scheduleDates';
import { tooLarge } from './terms';
import type { LoanSchedule, LoanTerms, ScheduledInstallment } from './types';

export function generateSchedule(terms: LoanTerms): LoanSchedule {
  try {
    return build(terms);
  } catch (e) {
    if (e instanceof AmountTooLargeError) throw tooLarge();
    throw e;
  }
}

function build(terms: LoanTerms): LoanSchedule {
  const rules = moneyRules(terms.currency);
  const dates = scheduleDates(terms);
  const parts = terms.interestType === 'FLAT' ? flatInterest(terms, dates, rules) : decliningBalance(terms, dates, rules);
  const withFees = hasInstallmentFees(terms);

  const installments: ScheduledInstallment[] = [];
  let balance = terms.principal;
  let totalPrincipal = 0;
  let totalInterest = 0;
  let totalInstallmentFees = 0;
  const count = parts.principal.length;
  for (let i = 0; i < count; i++) {
    const pd = dates.periods[i];
    const principal = parts.principal[i] ?? 0;
    let interest = parts.interest[i] ?? 0;
    const fee = withFees ? installmentFees(terms.charges, principal, interest, rules) : 0;
    // Deferred interest not yet placed goes to the last installment (after its fees were computed, as Fineract).
    if (i === count - 1) interest += parts.leftoverInterest;
    balance -= principal;
    if (!pd) throw new AppError('INTERNAL', 'schedule dates and amounts disagree');
    installments.push({
      period: i + 1,
      fromDate: pd.fromDate,
      dueDate: pd.dueDate,
      principal,
      interest,
      fee,
      penalty: 0,
      balance,
    });
    totalPrincipal += principal;
    totalInterest += interest;
    totalInstallmentFees += fee;
  }
  const atDisbursement = disbursementFees(terms, totalInterest, rules);
  const totalFeeCharges = atDisbursement + totalInstallmentFees;
  return {
    currency: terms.currency,
    expectedDisbursementDate: terms.expectedDisbursementDate,
    principal: terms.principal,
    feeChargesAtDisbursement: atDisbursement,
    installments,
    totalPrincipal,
    totalInterest,
    totalFeeCharges,
    totalPenaltyCharges: 0,
    totalRepayment: totalPrincipal + totalInterest + totalFeeCharges,
  };
}
