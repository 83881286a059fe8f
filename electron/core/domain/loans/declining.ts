/**
 * Declining-balance principal and interest per period (Fineract's CumulativeDecliningBalanceInterestLoanSchedule-
 * Generator with LoanApplicationTerms), DOMAIN.md rules 1, 3, 4 and 6.
 */
import type Decimal from 'decimal.js';
import {
  Mc,
  Wide,
  fractionToInstallmentMultiple,
  moneyOf,
  moneyOfFraction,
  percentOf,
  retainScale,
  retainScaleOfProduct,
  scaledRate,
  type MoneyRules,
} from './money';
import { baseRate, periodicRate, pmt, pmtRate, rateIsConstant } from './rates';
import type { ScheduleDates } from './scheduleDates';
import type { LoanTerms } from './types';

export interface Amortization {
  principal: number[];
  /** Interest per period as the installment fees see it (before leftover deferred interest is added). */
  interest: number[];
  /** Deferred interest still owed after the last period; the schedule adds it to the last installment. */
  leftoverInterest: number;
}

/**
 * Rule 3: installment = PMT(i, n - principal grace, P), rounded to the currency, or to installmentAmountInMultiplesOf
 * when set (304.91 -> 305). Computed on the unrounded PMT, as Fineract rounds the double it gets from pmt().
 */
export function equalInstallment(terms: LoanTerms, base: Decimal, rules: MoneyRules): number {
  const periods = terms.numberOfRepayments - terms.graceOnPrincipalPayment;
  const { num, den } = pmt(pmtRate(terms, base), periods, terms.principal);
  const multiple = terms.installmentAmountInMultiplesOf;
  return multiple !== null ? fractionToInstallmentMultiple(num, den, multiple, rules) : moneyOfFraction(num, den, rules);
}

/**
 * Rule 4: principal per period = P / (n - principal grace), rounded to the currency and fixed; never rounded to
 * installmentAmountInMultiplesOf. fixedPrincipalPercentagePerInstallment replaces it with P x pct / 100.
 */
export function equalPrincipalAmount(terms: LoanTerms, rules: MoneyRules): number {
  if (terms.fixedPrincipalPercentagePerInstallment !== null) {
    return percentOf(terms.principal, terms.fixedPrincipalPercentagePerInstallment, rules);
  }
  const periods = terms.numberOfRepayments - terms.graceOnPrincipalPayment;
  return periods === 1 ? terms.principal : moneyOf(new Mc(terms.principal).div(periods), rules);
}

export function decliningBalance(terms: LoanTerms, dates: ScheduleDates, rules: MoneyRules): Amortization {
  const n = terms.numberOfRepayments;
  const total = terms.principal;
  const principalGrace = terms.graceOnPrincipalPayment;
  const paymentGrace = terms.graceOnInterestPayment;
  const freeGrace = terms.graceOnInterestCharged;
  const base = baseRate(terms);
  const constantRate = rateIsConstant(terms) ? new Wide(base).times(terms.repaymentEvery) : null;
  const constantScaled = constantRate ? scaledRate(constantRate) : null;
  const zeroRate = base.isZero();
  const equalInstallments = terms.amortizationType === 'EQUAL_INSTALLMENTS';
  const emi = equalInstallments ? equalInstallment(terms, base, rules) : 0;
  const fixedPrincipal = equalInstallments ? 0 : equalPrincipalAmount(terms, rules);

  const principal: number[] = [];
  const interest: number[] = [];
  let balance = total;
  let paidPrincipal = 0;
  let deferred = 0; // interest brought forward by graceOnInterestPayment
  for (let k = 1; k <= n && balance !== 0; k++) {
    const pd = dates.periods[k - 1];
    if (!pd) break;
    let before = 0;
    if (!zeroRate) {
      const rate = constantRate ?? periodicRate(terms, base, pd.interestFrom, pd.dueDate, dates.seedDay);
      const scaled = constantRate ? constantScaled : scaledRate(rate);
      before = scaled ? retainScaleOfProduct(balance, scaled, rules) : retainScale(new Mc(balance).times(rate), rules);
    }
    // Rule 6: in an interest-payment grace period nothing is due and the interest is carried to the first period
    // after grace; in an interest-charged ("free") grace period the interest is forgiven.
    const inFree = k <= freeGrace;
    const after = k <= paymentGrace || inFree ? 0 : before;
    const deferredBefore = deferred;
    let due: number;
    if (after > 0) {
      due = deferred + after;
      deferred = 0;
    } else if (inFree) {
      due = 0;
    } else {
      deferred += before;
      due = 0;
    }
    // The installment pays principal = EMI - this period's own interest; interest carried in from grace periods
    // comes on top of the EMI.
    const ownInterest = due > 0 ? due - deferredBefore : deferred - deferredBefore;
    let p = k <= principalGrace ? 0 : equalInstallments ? emi - ownInterest : fixedPrincipal;
    // Rule 1: the last installment takes whatever principal remains; no installment pays more than remains.
    const cumulative = paidPrincipal + p;
    if (cumulative > total) p -= cumulative - total;
    else if (k === n) p += total - cumulative;
    paidPrincipal += p;
    balance -= p;
    principal.push(p);
    interest.push(due);
  }
  return { principal, interest, leftoverInterest: deferred };
}
