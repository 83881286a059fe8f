/**
 * Properties of the savings engine for any terms and transactions (fast-check): interest is never negative and no
 * overdraft interest arises while balances stay non-negative; a deposit never lowers interest; every amount is a
 * whole minor unit (and a multiple of a 0-decimal currency's cash unit); finished periods do not change when the
 * computation goes further; resuming from a checkpoint gives the figures of a computation from activation; a posting
 * plan, once applied, leaves nothing to do; withdrawal checks hold their floor.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COMPOUNDING_PERIOD_TYPES,
  INTEREST_CALCULATION_TYPES,
  POSTING_PERIOD_TYPES,
  checkWithdrawal,
  computeInterest,
  interestPostingsDue,
  isPlanEmpty,
  lowestAllowedBalance,
  type InterestComputation,
  type PostedInterest,
  type SavingsProductTerms,
  type SavingsTransaction,
} from '../../../../electron/core/domain/savings';
import { addDays } from '../../../../electron/core/domain/calendar';

const CURRENCIES = [
  { code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 },
  { code: 'JOD', decimalPlaces: 3, inMultiplesOf: 0 },
  { code: 'UGX', decimalPlaces: 0, inMultiplesOf: 0 },
  { code: 'UGX', decimalPlaces: 0, inMultiplesOf: 100 },
  { code: 'XOF', decimalPlaces: 0, inMultiplesOf: 50 },
];

/** A rate in basis points as decimal text: 730 -> "7.30". */
function percentText(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
}

const termsArb: fc.Arbitrary<SavingsProductTerms> = fc
  .record({
    rateBp: fc.integer({ min: 0, max: 3600 }),
    compounding: fc.constantFrom(...COMPOUNDING_PERIOD_TYPES),
    posting: fc.constantFrom(...POSTING_PERIOD_TYPES),
    calculation: fc.constantFrom(...INTEREST_CALCULATION_TYPES),
    days: fc.constantFrom(360 as const, 365 as const),
    minBalance: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
    minRequired: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    enforce: fc.boolean(),
    allowOverdraft: fc.boolean(),
    overdraftLimit: fc.integer({ min: 0, max: 1_000_000 }),
    overdraftBp: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
    fy: fc.integer({ min: 1, max: 12 }),
    atEnd: fc.boolean(),
    currency: fc.constantFrom(...CURRENCIES),
  })
  .map((r) => ({
    nominalAnnualInterestRate: percentText(r.rateBp),
    interestCompoundingPeriodType: r.compounding,
    interestPostingPeriodType: r.posting,
    interestCalculationType: r.calculation,
    interestCalculationDaysInYearType: r.days,
    minBalanceForInterestCalculation: r.minBalance,
    minRequiredBalance: r.minRequired,
    enforceMinRequiredBalance: r.enforce,
    overdraft: {
      allowOverdraft: r.allowOverdraft,
      overdraftLimit: r.overdraftLimit,
      nominalAnnualInterestRateOverdraft: r.overdraftBp === undefined ? undefined : percentText(r.overdraftBp),
    },
    financialYearBeginningMonth: r.fy,
    postingAtPeriodEnd: r.atEnd,
    currency: r.currency,
  }));

interface Move {
  offset: number;
  kind: 'DEPOSIT' | 'WITHDRAWAL' | 'FEE' | 'WITHDRAWAL_FEE';
  amount: number;
}

const movesArb = fc.array(
  fc.record({
    offset: fc.integer({ min: 0, max: 500 }),
    kind: fc.constantFrom('DEPOSIT', 'DEPOSIT', 'WITHDRAWAL', 'FEE', 'WITHDRAWAL_FEE') as fc.Arbitrary<Move['kind']>,
    amount: fc.integer({ min: 0, max: 5_000_000 }),
  }),
  { maxLength: 25 },
);

const accountArb = fc.record({
  activation: fc.integer({ min: 0, max: 800 }).map((n) => addDays('2023-01-01', n)),
  span: fc.integer({ min: 0, max: 500 }),
  moves: movesArb,
});

/** Transactions in date order; with `nonNegative`, debits are cut so the balance never goes below zero. */
function transactionsOf(activation: string, moves: Move[], nonNegative: boolean): SavingsTransaction[] {
  const sorted = [...moves].sort((a, b) => a.offset - b.offset);
  let balance = 0;
  const out: SavingsTransaction[] = [];
  for (const m of sorted) {
    let amount = m.amount;
    if (m.kind !== 'DEPOSIT' && nonNegative) amount = Math.min(amount, balance);
    balance += m.kind === 'DEPOSIT' ? amount : -amount;
    out.push({ date: addDays(activation, m.offset), type: m.kind, amount });
  }
  return out;
}

function allPeriods(c: InterestComputation) {
  return c.current ? [...c.periods, c.current] : c.periods;
}

describe('savings interest properties', () => {
  it('never gives negative interest, nor overdraft interest, while balances stay non-negative', () => {
    fc.assert(
      fc.property(termsArb, accountArb, (terms, acc) => {
        const txs = transactionsOf(acc.activation, acc.moves, true);
        const out = computeInterest(txs, terms, { activationDate: acc.activation, upTo: addDays(acc.activation, acc.span) });
        for (const p of allPeriods(out)) {
          expect(p.interest).toBeGreaterThanOrEqual(0);
          expect(p.overdraftInterest).toBe(0);
          expect(p.interestUnrounded.startsWith('-')).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never lowers interest because of a deposit', () => {
    fc.assert(
      fc.property(
        termsArb,
        accountArb,
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        (terms, acc, offset, amount) => {
          const upTo = addDays(acc.activation, acc.span);
          const opts = { activationDate: acc.activation, upTo };
          const txs = transactionsOf(acc.activation, acc.moves, false);
          const before = allPeriods(computeInterest(txs, terms, opts));
          const after = allPeriods(computeInterest([...txs, { date: addDays(acc.activation, offset), type: 'DEPOSIT', amount }], terms, opts));
          expect(after.length).toBe(before.length);
          before.forEach((p, i) => {
            const q = after[i]!;
            expect(q.interest).toBeGreaterThanOrEqual(p.interest);
            expect(q.overdraftInterest).toBeLessThanOrEqual(p.overdraftInterest);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives whole minor units, on the cash multiple of a 0-decimal currency', () => {
    fc.assert(
      fc.property(termsArb, accountArb, (terms, acc) => {
        const txs = transactionsOf(acc.activation, acc.moves, false);
        const out = computeInterest(txs, terms, { activationDate: acc.activation, upTo: addDays(acc.activation, acc.span) });
        const multiple = terms.currency.decimalPlaces === 0 ? terms.currency.inMultiplesOf : 0;
        for (const p of allPeriods(out)) {
          expect(Number.isSafeInteger(p.interest) && p.interest >= 0).toBe(true);
          expect(Number.isSafeInteger(p.overdraftInterest) && p.overdraftInterest >= 0).toBe(true);
          if (multiple > 0) expect(p.interest % multiple).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps finished periods unchanged when the computation goes further, and posts the day after (or on the last day, at period end)', () => {
    fc.assert(
      fc.property(termsArb, accountArb, fc.integer({ min: 0, max: 400 }), (terms, acc, more) => {
        const txs = transactionsOf(acc.activation, acc.moves, false);
        const upTo = addDays(acc.activation, acc.span);
        const short = computeInterest(txs, terms, { activationDate: acc.activation, upTo });
        const long = computeInterest(txs, terms, { activationDate: acc.activation, upTo: addDays(upTo, more) });
        expect(long.periods.slice(0, short.periods.length)).toEqual(short.periods);
        let from = acc.activation;
        for (const p of long.periods) {
          expect(p.fromDate).toBe(from);
          expect(p.postingDate).toBe(terms.postingAtPeriodEnd ? p.toDate : addDays(p.toDate, 1));
          if (terms.interestPostingPeriodType === 'DAILY') expect(p.toDate).toBe(p.fromDate);
          from = addDays(p.toDate, 1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same figures when resuming from a checkpoint as when computing from activation', () => {
    fc.assert(
      fc.property(termsArb, accountArb, fc.integer({ min: 0, max: 400 }), (terms, acc, more) => {
        const txs = transactionsOf(acc.activation, acc.moves, false);
        const upTo = addDays(acc.activation, acc.span);
        const later = addDays(upTo, more);
        const first = computeInterest(txs, terms, { activationDate: acc.activation, upTo });
        const full = computeInterest(txs, terms, { activationDate: acc.activation, upTo: later });
        const cp = first.checkpoint;
        if (cp === null) return;
        const since = txs.filter((t) => t.date >= cp.date);
        const resumed = computeInterest(since, terms, { activationDate: acc.activation, upTo: later, resumeFrom: cp });
        expect(resumed.periods).toEqual(full.periods.slice(first.periods.length));
        expect(resumed.current).toEqual(full.current);
        expect(resumed.compoundedInterest).toBe(full.compoundedInterest);
        expect(resumed.checkpoint).toEqual(full.checkpoint);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves nothing to do once a posting plan is applied, whatever was posted before', () => {
    const postedArb = fc.array(
      fc.record({
        offset: fc.integer({ min: 0, max: 500 }),
        amount: fc.integer({ min: 1, max: 5000 }),
        type: fc.constantFrom('INTEREST_POSTING' as const, 'OVERDRAFT_INTEREST' as const),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(termsArb, accountArb, postedArb, (terms, acc, junk) => {
        const upTo = addDays(acc.activation, acc.span);
        const asOf = addDays(upTo, 1);
        const computed = computeInterest(transactionsOf(acc.activation, acc.moves, false), terms, { activationDate: acc.activation, upTo });
        // what was posted before: some right postings and some wrong ones
        const right = computed.periods.filter((p) => p.interest > 0).slice(0, 2).map((p) => ({ postingDate: p.postingDate, amount: p.interest }));
        const posted: PostedInterest<number>[] = [
          ...right,
          ...junk.map((j) => ({ postingDate: addDays(acc.activation, j.offset), amount: j.amount, type: j.type })),
        ].map((p, i) => ({ ...p, ref: i }));
        const plan = interestPostingsDue(computed, posted, asOf);
        expect(plan.reverse.length + plan.unchanged.length + plan.notChecked.length).toBe(posted.length);
        const reversed = new Set(plan.reverse.map((p) => p.ref));
        const after: PostedInterest[] = [...posted.filter((p) => !reversed.has(p.ref)), ...plan.create];
        expect(isPlanEmpty(interestPostingsDue(computed, after, asOf))).toBe(true);
        for (const c of plan.create) expect(c.amount).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('withdrawal properties', () => {
  it('allows exactly what keeps the balance at or above the floor, and splits add up', () => {
    fc.assert(
      fc.property(
        termsArb,
        fc.integer({ min: -1_000_000, max: 5_000_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (terms, balance, amount, fee) => {
          const result = checkWithdrawal(balance, amount, terms, { fee });
          expect(result.ok).toBe(balance - fee - amount >= lowestAllowedBalance(terms));
          if (result.ok) {
            expect(result.fee.fromBalance + result.fee.fromOverdraft).toBe(fee);
            expect(result.withdrawal.fromBalance + result.withdrawal.fromOverdraft).toBe(amount);
            // the overdraft parts are exactly how far the balance goes below zero (from where it stood)
            const overdraftBefore = Math.max(0, -balance);
            const overdraftAfter = Math.max(0, -result.balanceAfter);
            expect(result.fee.fromOverdraft + result.withdrawal.fromOverdraft).toBe(overdraftAfter - overdraftBefore);
          } else {
            expect(result.error.code).toBe('INSUFFICIENT_FUNDS');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
