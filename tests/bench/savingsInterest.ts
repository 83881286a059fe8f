/**
 * Savings-interest throughput. Plain Node (no vitest): compiled with `tsc -p tsconfig.node.json` and called as
 * `require('./out/node/tests/bench/savingsInterest.js').benchSavingsInterest()`. Prints nothing; returns the figures.
 * The later goal: the interest posting of 20,000 accounts in under 5 s, database included, so the computation
 * alone should manage well over 4,000 accounts a second (here: a month of 10 transactions per account). A run
 * from activation grows with the account's age; resuming from the stored checkpoint keeps it at one month.
 */
import { addDays } from '../../electron/core/domain/calendar';
import {
  computeInterest,
  interestPostingsDue,
  type InterestCheckpoint,
  type PostedInterest,
  type SavingsProductTerms,
  type SavingsTransaction,
} from '../../electron/core/domain/savings';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const EUR = { code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 };

function terms(over: Partial<SavingsProductTerms> = {}): SavingsProductTerms {
  return {
    nominalAnnualInterestRate: '4.5',
    interestCompoundingPeriodType: 'MONTHLY',
    interestPostingPeriodType: 'MONTHLY',
    interestCalculationType: 'DAILY_BALANCE',
    interestCalculationDaysInYearType: 365,
    enforceMinRequiredBalance: false,
    minBalanceForInterestCalculation: 50000,
    overdraft: { allowOverdraft: false, overdraftLimit: 0 },
    currency: EUR,
    ...over,
  };
}

/** A small deterministic generator, so every run computes the same accounts. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** `count` accounts, each with `months` months of history and `perMonth` transactions a month, from 2024-01-01. */
function accounts(count: number, months: number, perMonth: number): SavingsTransaction[][] {
  const rnd = lcg(20240101);
  const out: SavingsTransaction[][] = [];
  for (let a = 0; a < count; a++) {
    const txs: SavingsTransaction[] = [];
    let balance = 0;
    for (let m = 0; m < months; m++) {
      const days: number[] = [];
      for (let k = 0; k < perMonth; k++) days.push(Math.floor(rnd() * 28));
      days.sort((x, y) => x - y);
      for (const d of days) {
        const date = addDays('2024-01-01', m * 30 + d);
        const amount = 1000 + Math.floor(rnd() * 200_000);
        if (balance > amount && rnd() < 0.3) {
          txs.push({ date, type: 'WITHDRAWAL', amount });
          balance -= amount;
        } else {
          txs.push({ date, type: 'DEPOSIT', amount });
          balance += amount;
        }
      }
    }
    out.push(txs);
  }
  return out;
}

/** Runs `fn` over the accounts for about `ms` milliseconds after a warm-up pass; returns accounts per second. */
function rate(accountsList: readonly SavingsTransaction[][], fn: (txs: SavingsTransaction[]) => unknown, ms = 500): number {
  for (const txs of accountsList.slice(0, 200)) fn(txs);
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let k = 0; k < 100; k++) fn(accountsList[calls++ % accountsList.length]!);
    elapsed = performance.now() - start;
  }
  return Math.round((calls * 1000) / elapsed);
}

export function benchSavingsInterest(): BenchFigure[] {
  const month = accounts(1000, 1, 10);
  const year = accounts(200, 12, 10);
  const monthOpts = { activationDate: '2024-01-01', upTo: '2024-01-31' };
  const yearOpts = { activationDate: '2024-01-01', upTo: '2024-12-31' };
  const monthly = terms();
  const daily = terms({ interestCompoundingPeriodType: 'DAILY' });
  const average = terms({ interestCalculationType: 'AVERAGE_DAILY_BALANCE', interestCompoundingPeriodType: 'QUARTERLY' });

  // a year-old account whose postings are already right: the usual posting run (compute + compare, nothing to write)
  const posted = new Map<SavingsTransaction[], PostedInterest[]>();
  for (const txs of year) {
    const c = computeInterest(txs, monthly, yearOpts);
    posted.set(txs, c.periods.filter((p) => p.interest > 0).map((p) => ({ postingDate: p.postingDate, amount: p.interest })));
  }

  // the same accounts resumed from the checkpoint stored at the November posting: only December is computed
  const resumed = new Map<SavingsTransaction[], { checkpoint: InterestCheckpoint; since: SavingsTransaction[] }>();
  for (const txs of year) {
    const upToNovember = computeInterest(txs, monthly, { activationDate: '2024-01-01', upTo: '2024-11-30' });
    const checkpoint = upToNovember.checkpoint!;
    resumed.set(txs, { checkpoint, since: txs.filter((t) => t.date >= checkpoint.date) });
  }
  const resumedRun = (txs: SavingsTransaction[]) => {
    const r = resumed.get(txs)!;
    const computed = computeInterest(r.since, monthly, { ...yearOpts, resumeFrom: r.checkpoint });
    return interestPostingsDue(computed, posted.get(txs) ?? [], '2025-01-01');
  };

  return [
    {
      name: 'savings interest, one month of 10 transactions, daily balance, monthly compounding',
      value: rate(month, (txs) => computeInterest(txs, monthly, monthOpts)),
      unit: 'accounts/s',
    },
    {
      name: 'savings interest, one month of 10 transactions, daily compounding',
      value: rate(month, (txs) => computeInterest(txs, daily, monthOpts)),
      unit: 'accounts/s',
    },
    {
      name: 'savings interest, one month of 10 transactions, average daily balance, quarterly compounding',
      value: rate(month, (txs) => computeInterest(txs, average, monthOpts)),
      unit: 'accounts/s',
    },
    {
      name: 'savings posting run from activation, 12 months x 10 transactions (compute + compare with postings)',
      value: rate(year, (txs) => interestPostingsDue(computeInterest(txs, monthly, yearOpts), posted.get(txs) ?? [], '2025-01-01')),
      unit: 'accounts/s',
    },
    {
      name: 'savings posting run resumed from the last checkpoint, year-old account, one month of 10 transactions',
      value: rate(year, resumedRun),
      unit: 'accounts/s',
    },
  ];
}
