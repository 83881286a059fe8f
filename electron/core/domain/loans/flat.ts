/**
 * Flat interest per period (Fineract's CumulativeFlatInterestLoanScheduleGenerator), DOMAIN.md rules 1, 5 and 6:
 * the total interest is computed once on the full principal and spread evenly; the last installment absorbs the
 * rounding of both principal and interest.
 */
import type Decimal from 'decimal.js';
import { daysBetween } from '../calendar/isoDate';
import type { Amortization } from './declining';
import { Mc, Wide, moneyOf, percentOf, retainScale, roundToInstallmentMultiple, type MoneyRules } from './money';
import { baseRate, periodsBetween } from './rates';
import type { ScheduleDates } from './scheduleDates';
import type { LoanTerms } from './types';

/** Rule 5: P x rate x term, the term in periods, or in days under DAILY (calculateTotalFlatInterestDueWithoutGrace). */
export function flatInterestForTerm(terms: LoanTerms, dates: ScheduleDates, rules: MoneyRules): number {
  const disbursed = terms.expectedDisbursementDate;
  let periods: Decimal;
  if (terms.interestCalculationPeriodType === 'DAILY') {
    periods = new Wide(daysBetween(disbursed, dates.loanEndDate));
  } else if (terms.allowPartialPeriodInterestCalculation) {
    periods = periodsBetween(terms, disbursed, dates.loanEndDate, dates.seedDay);
  } else {
    periods = new Wide(terms.numberOfRepayments * terms.repaymentEvery);
  }
  const rateForTerm = new Wide(baseRate(terms)).times(periods);
  return retainScale(new Mc(terms.principal).times(rateForTerm), rules);
}

function divided(amount: number, by: number, rules: MoneyRules): number {
  return by === 1 ? amount : moneyOf(new Mc(amount).div(by), rules);
}

export function flatInterest(terms: LoanTerms, dates: ScheduleDates, rules: MoneyRules): Amortization {
  const n = terms.numberOfRepayments;
  const total = terms.principal;
  const principalGrace = terms.graceOnPrincipalPayment;
  const paymentGrace = terms.graceOnInterestPayment;
  const freeGrace = terms.graceOnInterestCharged;
  const multiple = terms.installmentAmountInMultiplesOf;

  const interestForTerm = flatInterestForTerm(terms, dates, rules);
  const perInstallmentWithoutGrace = divided(interestForTerm, n, rules);
  // Rule 6, forgiven: graceOnInterestCharged removes that many installments' worth of interest from the total.
  const totalInterest = interestForTerm - perInstallmentWithoutGrace * freeGrace;
  // Equal installments average the remaining interest over the periods that carry interest
  // (calculateTotalFlatInterestForInstallmentAveragingOutGracePeriods).
  const averaged = divided(totalInterest, n - paymentGrace - freeGrace, rules);
  const principalPerPeriod =
    terms.fixedPrincipalPercentagePerInstallment !== null
      ? percentOf(total, terms.fixedPrincipalPercentagePerInstallment, rules)
      : divided(total, n - principalGrace, rules);

  const principal: number[] = [];
  const interest: number[] = [];
  let balance = total;
  let paidPrincipal = 0;
  let chargedInterest = 0;
  let deferred = 0;
  for (let k = 1; k <= n && balance !== 0; k++) {
    let i: number;
    if (terms.amortizationType === 'EQUAL_INSTALLMENTS') {
      i = k <= paymentGrace || k <= freeGrace ? 0 : averaged;
    } else if (k <= paymentGrace) {
      // Equal principal: rule 6, deferred interest is added to the first period after the payment grace.
      deferred += perInstallmentWithoutGrace;
      i = 0;
    } else if (k <= freeGrace) {
      i = 0;
    } else if (k === paymentGrace + 1) {
      i = deferred + perInstallmentWithoutGrace;
      deferred = 0;
    } else {
      i = perInstallmentWithoutGrace;
    }

    let p = k <= principalGrace ? 0 : principalPerPeriod;
    // Rule 5: with installmentAmountInMultiplesOf, principal and interest are each rounded to the multiple and the
    // installment is their sum, so principal = rounded principal + rounded interest - interest. (Fineract would
    // also do this in principal-grace periods, giving them a tiny principal; we keep them at zero.)
    if (multiple !== null && p !== 0) {
      p = roundToInstallmentMultiple(p, multiple, rules) + roundToInstallmentMultiple(i, multiple, rules) - i;
    }

    // Rule 1: the last installment takes whatever principal and interest remain.
    const cumulativePrincipal = paidPrincipal + p;
    if (cumulativePrincipal > total) p -= cumulativePrincipal - total;
    else if (k === n) p += total - cumulativePrincipal;
    const cumulativeInterest = chargedInterest + i;
    if (cumulativeInterest > totalInterest) i -= cumulativeInterest - totalInterest;
    else if (k === n) i += totalInterest - cumulativeInterest;

    paidPrincipal += p;
    chargedInterest += i;
    balance -= p;
    principal.push(p);
    interest.push(i);
  }
  return { principal, interest, leftoverInterest: 0 };
}
