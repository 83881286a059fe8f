import { addDays } from '../../domain/calendar';
import { prng } from '../demo';

/**
 * The training demo's past business, decided up front from a fixed seed (the same branch in every training room):
 * which client borrows what and when, who pays which installment, who saves. Pure: history.ts posts it through the
 * app's own operations, one business day at a time, each day closed by day-end.
 *
 * The branch starts HISTORY_DAYS (15 weeks) before today: the loans that are 95 days late today were disbursed
 * then. Business happens on the weekly meeting day (today's weekday), on the three days the late loans were
 * disbursed, and on every day of the last week; the quiet days between are closed by the same day-end runs.
 */
export const HISTORY_DAYS = 105;
/** Demos up to this many clients get a history; larger ones (benchmarks) only their clients and cash. */
export const HISTORY_MAX_CLIENTS = 5000;
/** The last days on which there is business every day (deposits, withdrawals, applications). */
const DAILY_DAYS = 5;

export type Cohort = 'ON_TIME' | 'PAID_OFF' | 'PENDING' | 'APPROVED' | 'LATE_5' | 'LATE_35' | 'LATE_65' | 'LATE_95' | 'WRITTEN_OFF' | 'MONTHLY';

/**
 * Twenty slots of 5 % each, in an order that gives every state to a small demo first. One loan per client, then a
 * second loan for every other client (1.5 loans a client: 300 loans for the default 200 clients).
 */
const PATTERN: readonly Cohort[] = [
  'ON_TIME', 'LATE_5', 'PAID_OFF', 'PENDING', 'LATE_35', 'APPROVED', 'LATE_65', 'WRITTEN_OFF', 'LATE_95', 'MONTHLY',
  'ON_TIME', 'ON_TIME', 'PAID_OFF', 'PENDING', 'ON_TIME', 'LATE_5', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME',
];

/** The weekly product: 12 weekly installments, flat 12 % for the term (principals in multiples of 1,200: whole installments). */
export const WEEKLY_PRODUCT = {
  name: 'Biashara Weekly', shortName: 'BW12', currencyCode: 'KES', principal: '24000', minPrincipal: '6000', maxPrincipal: '120000',
  numberOfRepayments: 12, repaymentEvery: 1, repaymentFrequencyType: 'WEEKS', interestRatePerPeriod: '12', interestRateFrequencyType: 'WHOLE_TERM',
  interestType: 'FLAT', amortizationType: 'EQUAL_INSTALLMENTS', interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
  daysInYearType: 'ACTUAL', daysInMonthType: 'ACTUAL', transactionProcessingStrategyCode: 'mifos-standard-strategy',
} as const;

/** The monthly product (the README's Biashara Monthly): 12 months, 24 % a year on the declining balance. */
export const MONTHLY_PRODUCT = {
  name: 'Biashara Monthly', shortName: 'BM12', currencyCode: 'KES', principal: '50000', minPrincipal: '5000', maxPrincipal: '200000',
  numberOfRepayments: 12, repaymentEvery: 1, repaymentFrequencyType: 'MONTHS', interestRatePerPeriod: '24', interestRateFrequencyType: 'PER_YEAR',
  interestType: 'DECLINING_BALANCE', amortizationType: 'EQUAL_INSTALLMENTS', interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
  daysInYearType: 'ACTUAL', daysInMonthType: 'ACTUAL', transactionProcessingStrategyCode: 'mifos-standard-strategy',
} as const;

/** Voluntary savings, 6 % a year posted monthly (day-end posts it on the first of the month). */
export const SAVINGS_PRODUCT = {
  name: 'Akiba Voluntary', shortName: 'AKV', currencyCode: 'KES', nominalAnnualInterestRate: '6', interestCompoundingPeriodType: 'MONTHLY',
  interestPostingPeriodType: 'MONTHLY', interestCalculationType: 'DAILY_BALANCE', interestCalculationDaysInYearType: 365,
} as const;

/** A weekly loan's installment in whole KES: principal / 12 + 12 % of it / 12. */
export function weeklyInstallment(principal: number): number {
  return principal / 12 + principal / 100;
}

export interface PlannedLoan {
  index: number;
  /** index into the demo's clients, in the order they were made */
  client: number;
  cohort: Cohort;
  product: 'WEEKLY' | 'MONTHLY';
  /** whole KES */
  principal: number;
  submitOn: string;
  approveOn: string | null;
  disburseOn: string | null;
  /** the dates of the installments paid, each on its due date */
  payOn: string[];
  writeOffOn: string | null;
  /** paid in cash at the till (else by mobile money) */
  cash: boolean;
}

export interface PlannedSavings {
  index: number;
  client: number;
  openOn: string;
  /** whole KES; withdrawals negative, all through the till */
  moves: { date: string; amount: number }[];
}

export interface DemoPlan {
  start: string;
  today: string;
  loans: PlannedLoan[];
  savings: PlannedSavings[];
  /** groups of five clients in the one center, meeting weekly on today's weekday */
  groups: { name: string; members: number[] }[];
  /** the business days, in order (each is closed by day-end up to the day before the next) */
  days: string[];
}

const GROUP_NAMES = ['Upendo', 'Tumaini', 'Neema', 'Baraka', 'Amani', 'Imani'];

export function planDemo(clients: number, today: string, seed = 20261203): DemoPlan {
  const rand = prng(seed);
  const start = addDays(today, -HISTORY_DAYS);
  const T = (days: number) => addDays(today, -days);
  const loans: PlannedLoan[] = [];
  const count = clients === 0 ? 0 : Math.round(clients * 1.5);
  for (let k = 0; k < count; k++) {
    const cohort = PATTERN[k % PATTERN.length]!;
    const client = k % clients;
    const principal = 1200 * (10 + Math.floor(rand() * 21)); // 12,000 to 36,000
    const cash = rand() < 0.8;
    const weekly = (d: string, paid: number, writeOffOn: string | null = null): PlannedLoan => ({
      index: k, client, cohort, product: 'WEEKLY', principal, submitOn: d, approveOn: d, disburseOn: d,
      payOn: Array.from({ length: paid }, (_, i) => addDays(d, 7 * (i + 1))), writeOffOn, cash,
    });
    switch (cohort) {
      case 'ON_TIME': {
        // disbursed m weeks ago on the meeting day: every installment due before today paid, one due today
        const m = k < clients ? 1 + Math.floor(rand() * 11) : 1 + Math.floor(rand() * 3);
        loans.push(weekly(T(7 * m), m - 1));
        break;
      }
      case 'PAID_OFF':
        loans.push(weekly(start, 12));
        break;
      case 'WRITTEN_OFF':
        loans.push(weekly(start, 2, T(28)));
        break;
      // late by L days: the oldest installment unpaid fell due L days ago
      case 'LATE_95':
        loans.push(weekly(T(102), 0));
        break;
      case 'LATE_65':
        loans.push(weekly(T(72), 0));
        break;
      case 'LATE_35':
        loans.push(weekly(T(56), 2));
        break;
      case 'LATE_5':
        loans.push(weekly(T(12), 0));
        break;
      case 'PENDING': {
        const d = T(1 + Math.floor(rand() * DAILY_DAYS));
        loans.push({ index: k, client, cohort, product: 'WEEKLY', principal, submitOn: d, approveOn: null, disburseOn: null, payOn: [], writeOffOn: null, cash });
        break;
      }
      case 'APPROVED': {
        const d = T(1 + Math.floor(rand() * DAILY_DAYS));
        loans.push({ index: k, client, cohort, product: 'WEEKLY', principal, submitOn: d, approveOn: d, disburseOn: null, payOn: [], writeOffOn: null, cash });
        break;
      }
      case 'MONTHLY': {
        const d = T(21);
        loans.push({ index: k, client, cohort, product: 'MONTHLY', principal: 5000 * (4 + Math.floor(rand() * 17)), submitOn: d, approveOn: d, disburseOn: d, payOn: [], writeOffOn: null, cash: false });
        break;
      }
    }
  }

  const days = new Set<string>();
  for (let w = 0; w * 7 < HISTORY_DAYS; w++) days.add(addDays(start, 7 * w));
  for (let d = 1; d <= DAILY_DAYS; d++) days.add(T(d));
  for (const l of loans) {
    for (const d of [l.submitOn, l.approveOn, l.disburseOn, l.writeOffOn, ...l.payOn]) if (d) days.add(d);
  }
  const sorted = [...days].filter((d) => d >= start && d < today).sort();
  const meetings = sorted.filter((d) => (HISTORY_DAYS - (Date.parse(today) - Date.parse(d)) / 86_400_000) % 7 === 0);

  // three clients in five save: an opening deposit, something one meeting in three, now and then a withdrawal
  const savings: PlannedSavings[] = [];
  for (let c = 0; c < clients; c++) {
    if (c % 5 >= 3) continue;
    let balance = 0;
    const moves: PlannedSavings['moves'] = [];
    for (const d of sorted) {
      const meeting = meetings.includes(d);
      let amount = 0;
      if (d === start) amount = 500 * (1 + Math.floor(rand() * 6));
      else if (meeting && rand() < 0.35) amount = 100 * (1 + Math.floor(rand() * 10));
      else if (!meeting && d >= T(DAILY_DAYS) && rand() < 0.04) amount = 100 * (2 + Math.floor(rand() * 20));
      else if (meeting && balance >= 1000 && rand() < 0.12) amount = -100 * Math.max(1, Math.floor((balance * 0.4 * rand()) / 100));
      if (amount !== 0) {
        balance += amount;
        moves.push({ date: d, amount });
      }
    }
    savings.push({ index: savings.length, client: c, openOn: start, moves });
  }

  const groups: DemoPlan['groups'] = [];
  for (let g = 0; g < GROUP_NAMES.length && (g + 1) * 5 <= clients; g++) {
    groups.push({ name: `${GROUP_NAMES[g]} Women Group`, members: [0, 1, 2, 3, 4].map((i) => g * 5 + i) });
  }
  return { start, today, loans, savings, groups, days: sorted };
}
