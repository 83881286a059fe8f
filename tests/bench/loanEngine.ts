/**
 * Loan-engine throughput. Plain Node (no vitest): compiled with `tsc -p tsconfig.node.json` and called as
 * `require('./out/node/tests/bench/loanEngine.js').benchLoanEngine()`. Prints nothing; returns the figures.
 * Goal: over 20,000 twelve-installment declining-balance schedules a second.
 */
import type { Minor } from '../../shared/money';
import { calculateSchedule } from '../../electron/core/domain/loans/calculate';
import { generateSchedule } from '../../electron/core/domain/loans/schedule';
import { installmentStatesFromSchedule } from '../../electron/core/domain/loans/output';
import { allocateRepayment, replayTransactions, type LoanTransaction } from '../../electron/core/domain/loans/allocation';
import type { LoanTerms } from '../../electron/core/domain/loans/types';
import type { CompleteScheduleInput } from '../../shared/contract/loanSchedule';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const EUR = { code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 };

function terms(numberOfRepayments: number, frequency: LoanTerms['repaymentFrequencyType']): LoanTerms {
  return {
    currency: EUR,
    principal: 500000,
    numberOfRepayments,
    repaymentEvery: 1,
    repaymentFrequencyType: frequency,
    interestRatePerPeriod: '18',
    interestRateFrequencyType: 'PER_YEAR',
    annualNominalInterestRate: '18',
    interestType: 'DECLINING_BALANCE',
    amortizationType: 'EQUAL_INSTALLMENTS',
    interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
    daysInYearType: 'ACTUAL',
    daysInMonthType: 'ACTUAL',
    graceOnPrincipalPayment: 0,
    graceOnInterestPayment: 0,
    graceOnInterestCharged: 0,
    fixedPrincipalPercentagePerInstallment: null,
    installmentAmountInMultiplesOf: null,
    allowPartialPeriodInterestCalculation: false,
    expectedDisbursementDate: '2024-01-15',
    repaymentsStartingFromDate: null,
    charges: [],
    calendar: { nonWorkingDays: [], holidays: [] },
  };
}

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns calls per second. */
function rate(fn: (i: number) => unknown, ms = 400): number {
  for (let i = 0; i < 200; i++) fn(i);
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let k = 0; k < 100; k++) fn(calls++);
    elapsed = performance.now() - start;
  }
  return Math.round((calls * 1000) / elapsed);
}

export function benchLoanEngine(): BenchFigure[] {
  const monthly = terms(12, 'MONTHS');
  const weekly = terms(52, 'WEEKS');
  // vary the principal so no two consecutive schedules are the same computation
  const vary = (t: LoanTerms) => (i: number) => generateSchedule({ ...t, principal: t.principal + (i % 997) * 100 });

  const input: CompleteScheduleInput = {
    principal: '5000',
    numberOfRepayments: 12,
    repaymentEvery: 1,
    repaymentFrequencyType: 'MONTHS',
    interestRatePerPeriod: '18',
    interestRateFrequencyType: 'PER_YEAR',
    interestType: 'DECLINING_BALANCE',
    amortizationType: 'EQUAL_INSTALLMENTS',
    interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
    daysInYearType: 'ACTUAL',
    daysInMonthType: 'ACTUAL',
    graceOnPrincipalPayment: 0,
    graceOnInterestPayment: 0,
    graceOnInterestCharged: 0,
    allowPartialPeriodInterestCalculation: false,
    expectedDisbursementDate: '2024-01-15',
    currency: EUR,
    charges: [],
    nonWorkingDays: [],
    holidays: [],
    rescheduleType: 'MOVE_TO_NEXT_WORKING_DAY',
  };

  const state = installmentStatesFromSchedule(generateSchedule(monthly));
  const dueDates = state.map((s) => s.dueDate);
  const repayments: LoanTransaction[] = dueDates.map((date) => ({ type: 'REPAYMENT', date, amount: 45000 as Minor }));

  return [
    { name: 'loan schedule, 12 monthly installments, declining balance', value: rate(vary(monthly)), unit: 'schedules/s' },
    { name: 'loan schedule, 52 weekly installments, declining balance', value: rate(vary(weekly)), unit: 'schedules/s' },
    { name: 'calculateSchedule (terms + schedule + decimal-string output), 12 installments', value: rate(() => calculateSchedule(input)), unit: 'schedules/s' },
    {
      name: 'repayment allocation on a 12-installment loan (mifos-standard-strategy)',
      value: rate((i) => allocateRepayment(state, dueDates[i % 12] ?? '2024-02-15', (10000 + (i % 50000)) as Minor)),
      unit: 'allocations/s',
    },
    { name: 'replay of 12 repayments on a 12-installment loan', value: rate(() => replayTransactions(state, repayments)), unit: 'replays/s' },
  ];
}
