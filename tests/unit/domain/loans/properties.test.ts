/**
 * Properties that must hold for any valid loan (fast-check): principal parts sum to the principal, totals are the
 * sums of their parts, balances never increase, every amount is a whole minor unit and honours the currency's
 * cash multiple; allocations conserve money and never settle more than is due.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMoney, type Minor } from '../../../../shared/money';
import { parseScheduleInput, type CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import {
  COMPONENTS,
  REPAYMENT_STRATEGY_CODES,
  allocateTransaction,
  calculateSchedule,
  generateSchedule,
  installmentOutstanding,
  installmentStatesFromSchedule,
  replayTransactions,
  toLoanTerms,
  type InstallmentState,
  type LoanTransaction,
} from '../../../../electron/core/domain/loans';
import { addDays } from '../../../../electron/core/domain/calendar';
import {
  Mc,
  Wide,
  moneyOf,
  moneyOfFraction,
  moneyRules,
  retainScale,
  retainScaleOfProduct,
  scaledRate,
} from '../../../../electron/core/domain/loans/money';
import { pmt } from '../../../../electron/core/domain/loans/rates';

const CURRENCIES = [
  { code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 },
  { code: 'JOD', decimalPlaces: 3, inMultiplesOf: 0 },
  { code: 'UGX', decimalPlaces: 0, inMultiplesOf: 0 },
  { code: 'UGX', decimalPlaces: 0, inMultiplesOf: 100 },
  { code: 'XOF', decimalPlaces: 0, inMultiplesOf: 50 },
];

function decimalText(minor: number, dp: number): string {
  const s = String(minor).padStart(dp + 1, '0');
  return dp === 0 ? s : `${s.slice(0, -dp)}.${s.slice(-dp)}`;
}

/** A valid loan with an annual rate up to 36 % (a microfinance range) and short holidays. */
const loanInput = fc
  .record({
    currency: fc.constantFrom(...CURRENCIES),
    units: fc.integer({ min: 1, max: 200_000 }),
    n: fc.integer({ min: 1, max: 60 }),
    every: fc.integer({ min: 1, max: 3 }),
    freq: fc.constantFrom('DAYS', 'WEEKS', 'MONTHS'),
    rateBp: fc.integer({ min: 0, max: 3600 }),
    rateFreq: fc.constantFrom('PER_YEAR', 'PER_MONTH'),
    interestType: fc.constantFrom('FLAT', 'DECLINING_BALANCE'),
    amortizationType: fc.constantFrom('EQUAL_INSTALLMENTS', 'EQUAL_PRINCIPAL'),
    period: fc.constantFrom('DAILY', 'SAME_AS_REPAYMENT_PERIOD'),
    daysInYear: fc.constantFrom('ACTUAL', 'DAYS_360', 'DAYS_364', 'DAYS_365'),
    daysInMonth: fc.constantFrom('ACTUAL', 'DAYS_30'),
    graces: fc.tuple(fc.nat(), fc.nat(), fc.nat()),
    multiple: fc.option(fc.constantFrom(1, 5, 10, 100), { nil: null }),
    partial: fc.boolean(),
    day: fc.integer({ min: 0, max: 3650 }),
    startOffset: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
    fees: fc.boolean(),
    sunday: fc.boolean(),
    holiday: fc.option(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 2 })), { nil: null }),
  })
  .map((g) => {
    const cur = g.currency;
    const scale = 10 ** cur.decimalPlaces;
    const step = cur.decimalPlaces === 0 && cur.inMultiplesOf > 0 ? cur.inMultiplesOf : 1;
    const principalMinor = g.units * step * (cur.decimalPlaces === 0 ? 10 : scale);
    const disbursed = addDays('2020-01-01', g.day);
    const gp = g.graces[0] % g.n;
    const g1 = g.graces[1] % Math.max(1, Math.ceil(g.n / 2));
    const g2 = g.graces[2] % Math.max(1, Math.ceil(g.n / 2));
    const safeG2 = g.interestType === 'FLAT' && g.amortizationType === 'EQUAL_INSTALLMENTS' && g1 + g2 >= g.n ? 0 : g2;
    // installment multiples only where a period's principal is worth several multiples
    const perPeriod = principalMinor / Math.max(1, g.n - gp);
    const multiple = g.multiple !== null && perPeriod >= 10 * g.multiple * scale ? g.multiple : null;
    const fee = step * (cur.decimalPlaces === 0 ? 10 : scale);
    const rate = g.rateFreq === 'PER_MONTH' ? decimalText(Math.round(g.rateBp / 12), 2) : decimalText(g.rateBp, 2);
    return {
      principal: decimalText(principalMinor, cur.decimalPlaces),
      numberOfRepayments: g.n,
      repaymentEvery: g.every,
      repaymentFrequencyType: g.freq,
      interestRatePerPeriod: rate,
      interestRateFrequencyType: g.rateFreq,
      interestType: g.interestType,
      amortizationType: g.amortizationType,
      interestCalculationPeriodType: g.period,
      daysInYearType: g.daysInYear,
      daysInMonthType: g.daysInMonth,
      graceOnPrincipalPayment: gp,
      graceOnInterestPayment: g1,
      graceOnInterestCharged: safeG2,
      installmentAmountInMultiplesOf: multiple,
      allowPartialPeriodInterestCalculation: g.partial,
      expectedDisbursementDate: disbursed,
      repaymentsStartingFromDate: g.startOffset === null ? null : addDays(disbursed, g.startOffset),
      currency: cur,
      charges: g.fees
        ? [
            { chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1.5' },
            { chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: decimalText(fee, cur.decimalPlaces) },
            { chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'PERCENT_OF_AMOUNT_AND_INTEREST', amount: '0.75' },
          ]
        : [],
      nonWorkingDays: g.sunday ? ['SUNDAY'] : [],
      holidays: g.holiday === null ? [] : [{ fromDate: addDays(disbursed, g.holiday[0]), toDate: addDays(disbursed, g.holiday[0] + g.holiday[1]) }],
    };
  });

function complete(raw: unknown): CompleteScheduleInput {
  return parseScheduleInput(raw) as CompleteScheduleInput;
}

/** A cheap assertion for the inner loops (vitest's expect is comparatively slow when called thousands of times). */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

describe('schedule properties', () => {
  it('holds the money invariants for any valid loan', () => {
    fc.assert(
      fc.property(loanInput, (raw) => {
        const out = calculateSchedule(complete(raw));
        const dp = raw.currency.decimalPlaces;
        const multiple = dp === 0 ? raw.currency.inMultiplesOf : 0;
        const money = (s: string): number => {
          // a whole minor unit written with exactly the currency's decimals
          check((s.includes('.') ? s.split('.')[1]?.length : 0) === dp, `${s} has not ${dp} decimals`);
          const v = parseMoney(s, dp);
          if (multiple > 0) check(v % multiple === 0, `${s} is not a multiple of ${multiple}`);
          return v;
        };
        const principal = money(raw.principal);
        let balance = principal;
        let sumP = 0;
        let sumI = 0;
        let sumF = 0;
        let previousDue = raw.expectedDisbursementDate;
        expect(out.periods.length).toBeGreaterThan(0);
        expect(out.periods.length).toBeLessThanOrEqual(raw.numberOfRepayments);
        for (const p of out.periods) {
          const [pr, it, fe, pe, tot, bal] = [
            money(p.principalDue),
            money(p.interestDue),
            money(p.feeChargesDue),
            money(p.penaltyChargesDue),
            money(p.totalDueForPeriod),
            money(p.principalLoanBalanceOutstanding),
          ];
          check(pr >= 0 && it >= 0 && fe >= 0, `negative amount in period ${p.period}`);
          check(tot === pr + it + fe + pe, `total of period ${p.period} is not the sum of its parts`);
          check(bal === balance - pr && bal <= balance, `balance of period ${p.period} does not follow`);
          check(p.dueDate >= previousDue, `due date of period ${p.period} goes back`);
          balance = bal;
          previousDue = p.dueDate;
          sumP += pr;
          sumI += it;
          sumF += fe;
        }
        expect(balance).toBe(0);
        expect(sumP).toBe(principal);
        expect(money(out.totalPrincipal)).toBe(sumP);
        expect(money(out.totalInterest)).toBe(sumI);
        expect(money(out.totalFeeCharges)).toBe(sumF + money(out.feeChargesAtDisbursement));
        expect(money(out.totalRepayment)).toBe(sumP + sumI + money(out.totalFeeCharges));
      }),
      { numRuns: 400 },
    );
  });
});

/** A schedule's installments and a few transactions against it. */
const scenario = loanInput.chain((raw) => {
  const schedule = generateSchedule(toLoanTerms(complete(raw)));
  const state = installmentStatesFromSchedule(schedule);
  const owed = state.reduce((s, i) => s + installmentOutstanding(i), 0);
  const first = state[0]?.dueDate ?? raw.expectedDisbursementDate;
  const txn: fc.Arbitrary<LoanTransaction> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.constant('REPAYMENT' as const), date: fc.integer({ min: -20, max: 400 }).map((d) => addDays(first, d)), amount: fc.integer({ min: 1, max: Math.max(1, Math.ceil(owed / 2)) }).map((a) => a as Minor) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('WAIVE_INTEREST' as const), date: fc.integer({ min: 0, max: 400 }).map((d) => addDays(first, d)), amount: fc.integer({ min: 1, max: 10_000 }).map((a) => a as Minor) }) },
  );
  return fc.record({
    state: fc.constant(state),
    transactions: fc.array(txn, { minLength: 1, maxLength: 8 }),
    strategy: fc.constantFrom(...REPAYMENT_STRATEGY_CODES),
  });
});

function settled(state: readonly InstallmentState[]): number {
  let s = 0;
  for (const i of state) for (const c of COMPONENTS) s += i[c].paid + i[c].waived + i[c].writtenOff;
  return s;
}

describe('allocation properties', () => {
  it('conserves money, never settles beyond what is due, and replays like one-by-one allocation', () => {
    fc.assert(
      fc.property(scenario, ({ state, transactions, strategy }) => {
        const replay = replayTransactions(state, transactions, strategy);
        let current: InstallmentState[] = state;
        for (const done of replay.transactions) {
          const t = done.transaction;
          const before = settled(current);
          // a replayed waiver is capped at the interest then outstanding: allocate that capped amount
          if (t.type === 'WAIVE_INTEREST' && done.portions.total === 0) continue;
          const r = allocateTransaction(current, t.type === 'WAIVE_INTEREST' ? { ...t, amount: done.portions.total } : t, strategy);
          expect(r.split).toEqual(done.split);
          if (t.type === 'REPAYMENT') expect(r.portions.total + r.overpaid).toBe(t.amount);
          const autoWaived = r.autoWaivedInterest.reduce((s, x) => s + x.total, 0);
          expect(settled(r.state) - before).toBe(r.portions.total + autoWaived);
          expect(r.split.reduce((s, x) => s + x.total, 0)).toBe(r.portions.total);
          for (const inst of r.state) {
            for (const c of COMPONENTS) {
              const x = inst[c];
              check(x.paid >= 0 && x.paid + x.waived + x.writtenOff <= x.due, `installment ${inst.installmentNumber} ${c} settled beyond due`);
            }
          }
          current = r.state;
        }
        expect(replay.state).toEqual(current);
      }),
      { numRuns: 200 },
    );
  });

  it('a write-off leaves nothing outstanding and writes off exactly what was owed', () => {
    fc.assert(
      fc.property(scenario, ({ state, transactions, strategy }) => {
        const repaid = replayTransactions(state, transactions.filter((t) => t.type === 'REPAYMENT'), strategy);
        const owed = repaid.state.reduce((s, i) => s + installmentOutstanding(i), 0);
        const r = allocateTransaction(repaid.state, { type: 'WRITE_OFF', date: '2040-01-01' });
        expect(r.portions.total).toBe(owed);
        expect(r.state.every((i) => installmentOutstanding(i) === 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('fast integer paths round exactly like the decimal.js reference', () => {
  const rules2 = moneyRules({ code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 });
  const rules0 = moneyRules({ code: 'UGX', decimalPlaces: 0, inMultiplesOf: 100 });

  it('balance x rate: 12 significant digits, then the minor unit, half-even', () => {
    const rate = fc.oneof(
      fc.integer({ min: 1, max: 100_000 }).map((u) => new Mc(u).div(10 ** 6)), // short rates: many exact ties
      fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(12, 52, 360, 365)).map(([a, p]) => new Mc(a).div(p).div(100)),
      fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 40 })).map(([a, d]) => new Mc(new Mc(a).div(365).div(100)).times(d)),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), rate, fc.boolean(), (balance, r, zeroDp) => {
        const rules = zeroDp ? rules0 : rules2;
        const scaled = scaledRate(r);
        expect(scaled).not.toBeNull();
        expect(retainScaleOfProduct(balance, scaled!, rules)).toBe(retainScale(new Mc(balance).times(r), rules));
      }),
      { numRuns: 2000 },
    );
  });

  it('PMT as an exact fraction rounds like a 40-digit decimal computation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 10 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 120 }), (p, bp, n) => {
        const r = new Mc(bp).div(12).div(10000);
        const { num, den } = pmt(r, n, p);
        const growth = new Wide(r).plus(1).pow(n);
        const reference = r.isZero() ? new Wide(p).div(n) : new Wide(p).times(r).times(growth).div(growth.minus(1));
        expect(moneyOfFraction(num, den, rules2)).toBe(moneyOf(reference, rules2));
        expect(moneyOfFraction(num, den, rules0)).toBe(moneyOf(reference, rules0));
      }),
      { numRuns: 500 },
    );
  });
});
