/**
 * Savings interest as Fineract computes it (DOMAIN.md "Savings (Fineract)"), recomputed from activation on every
 * call. The rules, in the order the loop applies them:
 *
 * - **End-of-day balances.** The balance that earns for a day is the balance after that day's last transaction: a
 *   deposit earns from its own day, a withdrawal or fee stops earning from its own day, several transactions on
 *   one day count by the day's last balance. Days of equal balance form a *block*.
 * - **Posted interest is not in the base.** INTEREST_POSTING and OVERDRAFT_INTEREST transactions move the account
 *   balance but are left out here; instead the base of a day is its end-of-day balance plus the *unrounded*
 *   running total C of the interest of completed compounding periods. Adding the postings as well would count the
 *   same interest twice. The consequences: (1) the base never depends on which postings exist, so one computation
 *   serves to decide what to post and what to re-post (posting.ts); (2) the rounding of a posting never compounds;
 *   (3) a posting that differs from the computed interest (a manual one, or one made before a backdated deposit)
 *   does not change later interest - the next posting run reverses and re-posts it to the computed figure;
 *   (4) when a client withdraws everything, posted interest included, the base is a fraction of a minor unit
 *   (unrounded minus rounded interest) rather than exactly zero.
 * - **Rate.** Daily rate = annual % / 100 / 360 or 365 (a leap year still divides by 365).
 * - **Daily compounding.** A block of n days at base P earns P((1 + r)^n - 1) and the interest joins C at once,
 *   so the next block's base includes it. The average daily balance is ignored (it is the daily balance).
 * - **Monthly, quarterly, half-yearly, yearly compounding.** Simple interest inside the compounding period, on the
 *   base balance + C with C fixed; the period's interest joins C when the period ends, even when a posting period
 *   ends first (quarterly compounding with monthly posting: January's and February's interest join C on 31 March).
 *   Daily balance: sum over blocks of base x days x daily rate. Average daily balance: the same sum over the
 *   compounding period (cut to the posting period), tested as a whole: average = sum / days decides the minimum
 *   balance test and the sign, so positive and negative days offset each other.
 * - **minBalanceForInterestCalculation.** A block (average: a compounding period) whose base is below it earns
 *   nothing at all, not interest on the excess. `minRequiredBalance` plays no part.
 * - **Overdraft.** A block (average: a period) whose base is negative is charged the overdraft rate, when overdraft
 *   is allowed and has a rate; the result is reported as `overdraftInterest` (positive), apart from `interest`.
 *   Both count in C (net), as Fineract compounds one net figure.
 * - **Rounding.** Once per posting period, half-even, to the currency (Money.of: a 0-decimal currency's cash
 *   multiple applies to interest).
 * - **Posting.** A period's interest is posted the day after it ends (January's on 1 February), or on its last day
 *   with `postingAtPeriodEnd` (Fineract's savings-interest-posting-current-period-end: PostingPeriod's
 *   dateOfPostingTransaction); the amount is the same. A daily posting period is one day (Fineract's DAILY
 *   interestPostingPeriodType): each day's interest is rounded and posted on its own. The unfinished period is
 *   returned as `current` and is never to be posted.
 *
 * Arithmetic: no float anywhere. Balance-day sums are exact integers; unrounded interest is fixed point (a BigInt of
 * 10^-24 minor unit, fixed.ts): a simple-interest piece is sum x annual % / (100 x days in year), one exact
 * division cut at 24 decimals; the growth factors of daily compounding come from decimal.js (34 digits) once per
 * product and day count. Rounding is half-even on the exact fraction (loans/money.ts moneyOfFraction = Money.of),
 * as the loan engine's hot loop does (retainScaleOfProduct).
 */
import { invalidField } from '../../../../shared/errors';
import { isDecimalText } from '../../../../shared/money';
import { dateOfDay, dayOfDate } from './days';
import { FIXED_ONE, fixedOfText, fixedText, roundFixedCharge, roundFixedInterest } from './fixed';
import { periodEndDay } from './periods';
import { growthFactor, prepareTerms, type PreparedTerms } from './terms';
import type {
  ComputeInterestOptions,
  InterestCheckpoint,
  InterestComputation,
  Minor,
  PeriodInterest,
  SavingsProductTerms,
  SavingsTransaction,
} from './types';

/** Days in the longest period a block sum covers (a yearly posting period). */
const MAX_PERIOD_DAYS = 366;
/** Balances beyond this many minor units could make an exact balance x days sum leave the safe-integer range. */
export const MAX_INTEREST_BALANCE = Math.floor(Number.MAX_SAFE_INTEGER / MAX_PERIOD_DAYS);

/** End-of-day balances as change points: from days[i] (inclusive) the balance is balances[i], until days[i + 1]. */
interface BalanceSteps {
  days: number[];
  balances: number[];
}

function directionOf(type: string, index: number): number {
  switch (type) {
    case 'DEPOSIT':
      return 1;
    case 'WITHDRAWAL':
    case 'FEE':
    case 'WITHDRAWAL_FEE':
    case 'ESCHEAT':
      return -1;
    case 'INTEREST_POSTING':
    case 'OVERDRAFT_INTEREST':
    // a waiver and an accrual move no money: every fee reduces the base from its date (DOMAIN.md), a waived one never did
    case 'WAIVE_CHARGE':
    case 'ACCRUAL':
      return 0;
    default:
      throw invalidField(`transactions.${index}.type`, `unknown savings transaction type "${type}"`);
  }
}

/**
 * Validates the transactions and turns the non-interest ones up to `upToDay` into end-of-day balance steps,
 * starting on `startDay` at `openingBalance`. A transaction before `startDay` is refused with `tooEarly`.
 */
function balanceSteps(
  transactions: readonly SavingsTransaction[],
  startDay: number,
  upToDay: number,
  openingBalance: number,
  tooEarly: string,
): BalanceSteps {
  const txDays: number[] = [];
  const txDeltas: number[] = [];
  let sorted = true;
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i]!;
    const direction = directionOf(t.type, i);
    const day = dayOfDate(t.date);
    if (day === null) throw invalidField(`transactions.${i}.date`, 'must be a date YYYY-MM-DD');
    if (!Number.isSafeInteger(t.amount) || t.amount < 0) {
      throw invalidField(`transactions.${i}.amount`, 'must be a whole, non-negative number of minor units');
    }
    if (day < startDay) throw invalidField(`transactions.${i}.date`, tooEarly);
    if (direction === 0 || day > upToDay) continue;
    if (txDays.length > 0 && day < txDays[txDays.length - 1]!) sorted = false;
    txDays.push(day);
    txDeltas.push(direction * t.amount);
  }
  let order: number[] | null = null;
  if (!sorted) {
    order = txDays.map((_, k) => k);
    order.sort((a, b) => txDays[a]! - txDays[b]! || a - b);
  }
  const days = [startDay];
  const balances = [openingBalance];
  let balance = openingBalance;
  let maxAbs = openingBalance < 0 ? -openingBalance : openingBalance;
  for (let k = 0; k < txDays.length; k++) {
    const at = order ? order[k]! : k;
    const day = txDays[at]!;
    balance += txDeltas[at]!;
    if (day === days[days.length - 1]) balances[balances.length - 1] = balance;
    else {
      days.push(day);
      balances.push(balance);
    }
    const abs = balance < 0 ? -balance : balance;
    if (abs > maxAbs) maxAbs = abs;
  }
  if (maxAbs > MAX_INTEREST_BALANCE) {
    throw invalidField('transactions', `a balance beyond ${MAX_INTEREST_BALANCE} minor units is out of the interest engine's range`);
  }
  return { days, balances };
}

/** Walks the balance steps forward; `at(day)` returns the step index holding `day` (days only increase). */
class StepCursor {
  private index = 0;
  constructor(private readonly steps: BalanceSteps) {}

  /** Index of the step that holds `day`. */
  at(day: number): number {
    const days = this.steps.days;
    while (this.index + 1 < days.length && days[this.index + 1]! <= day) this.index++;
    return this.index;
  }

  /** Last day of the block that starts at `day` and stops at `limit`. */
  blockEnd(index: number, limit: number): number {
    const next = this.steps.days[index + 1];
    return next !== undefined && next - 1 < limit ? next - 1 : limit;
  }
}

/** Interest of one piece, fixed point: `earned` >= 0, `charged` <= 0 (interest on a negative base). */
interface PieceInterest {
  earned: bigint;
  charged: bigint;
}

const NOTHING: PieceInterest = { earned: 0n, charged: 0n };

/** floor(x / FIXED_ONE) for a fixed-point x (BigInt division truncates toward zero). */
function floorUnits(x: bigint): bigint {
  const q = x / FIXED_ONE;
  return x < 0n && q * FIXED_ONE !== x ? q - 1n : q;
}

/**
 * Simple interest of one compounding period (or the part of it inside a posting period), from `from` to `to`,
 * with C fixed: (sum of base x days) x annual % / (100 x days in year). Balance-day sums are exact integers; C is
 * fixed point; the one division is cut at 24 decimals.
 */
function simplePiece(p: PreparedTerms, steps: BalanceSteps, cursor: StepCursor, from: number, to: number, c: bigint): PieceInterest {
  if (p.average) {
    let sum = 0;
    for (let d = from; d <= to; ) {
      const i = cursor.at(d);
      const end = cursor.blockEnd(i, to);
      sum += steps.balances[i]! * (end - d + 1);
      d = end + 1;
    }
    const days = BigInt(to - from + 1);
    const total = BigInt(sum) * FIXED_ONE + c * days;
    if (total === 0n) return NOTHING;
    if (total > 0n) {
      // average = total / days; average >= min <=> total >= min x days
      if (!p.earns || total < p.minBalanceFixed * days) return NOTHING;
      return { earned: (total * p.rate.units) / p.rate.divisor, charged: 0n };
    }
    if (!p.chargesOverdraft) return NOTHING;
    return { earned: 0n, charged: (total * p.overdraftRate.units) / p.overdraftRate.divisor };
  }
  // daily balance: block b earns when b + C >= max(0, min); it is charged when b + C < 0. With b and min whole,
  // b + C >= x <=> b >= x + ceil(-C) = x - floor(C).
  const zeroAt = c === 0n ? 0 : -Number(floorUnits(c));
  const earnAt = zeroAt + p.minBalance;
  let earnSum = 0;
  let earnDays = 0;
  let chargeSum = 0;
  let chargeDays = 0;
  for (let d = from; d <= to; ) {
    const i = cursor.at(d);
    const end = cursor.blockEnd(i, to);
    const b = steps.balances[i]!;
    const n = end - d + 1;
    if (b >= earnAt) {
      earnSum += b * n;
      earnDays += n;
    } else if (b < zeroAt) {
      chargeSum += b * n;
      chargeDays += n;
    }
    d = end + 1;
  }
  let earned = 0n;
  let charged = 0n;
  if (earnDays > 0 && p.earns) {
    const total = BigInt(earnSum) * FIXED_ONE + c * BigInt(earnDays);
    earned = (total * p.rate.units) / p.rate.divisor;
  }
  if (chargeDays > 0 && p.chargesOverdraft) {
    const total = BigInt(chargeSum) * FIXED_ONE + c * BigInt(chargeDays);
    charged = (total * p.overdraftRate.units) / p.overdraftRate.divisor;
  }
  return earned === 0n && charged === 0n ? NOTHING : { earned, charged };
}

/** One period's figures, rounded once: interest with Money.of, the overdraft charge half-even. */
function periodResult(from: number, to: number, postingDay: number, earned: bigint, charged: bigint, p: PreparedTerms): PeriodInterest {
  return {
    fromDate: dateOfDay(from),
    toDate: dateOfDay(to),
    postingDate: dateOfDay(postingDay),
    interest: roundFixedInterest(earned, p.rules) as Minor,
    overdraftInterest: roundFixedCharge(-charged, p.rules) as Minor,
    interestUnrounded: fixedText(earned, 9),
    overdraftInterestUnrounded: fixedText(-charged, 9),
  };
}

/** Validates a checkpoint against the activation and the posting periods; returns its day number. */
function checkpointDay(cp: InterestCheckpoint, activationDay: number, p: PreparedTerms): number {
  const day = cp == null ? null : dayOfDate(cp.date);
  if (day === null) throw invalidField('resumeFrom.date', 'must be a date YYYY-MM-DD');
  const startsPeriod = day === activationDay || (day > activationDay && periodEndDay(day - 1, p.postingMonths, p.financialYearBeginningMonth) === day - 1);
  if (!startsPeriod) throw invalidField('resumeFrom.date', 'must be the activation date or the first day of a posting period after it');
  if (!Number.isSafeInteger(cp.balance)) throw invalidField('resumeFrom.balance', 'must be a whole number of minor units');
  for (const field of ['compoundedInterest', 'pendingInterest'] as const) {
    if (typeof cp[field] !== 'string' || !isDecimalText(cp[field])) throw invalidField(`resumeFrom.${field}`, 'must be decimal text');
  }
  return day;
}

/**
 * Interest of every posting period from `activationDate` to `upTo` (inclusive) for one account.
 * `transactions` are the account's transactions that are not reversed, in any order; those dated after `upTo`
 * are ignored. Throws VALIDATION_FAILED (AppError) for bad terms, dates or amounts, or a transaction dated before
 * the activation.
 *
 * With `resumeFrom` (the `checkpoint` of an earlier computation of the same account and terms) the loop starts at
 * the checkpoint's date, with its balance and unrounded running totals, and gives the same figures as a computation
 * from activation; only the transactions dated from the checkpoint on are passed.
 */
export function computeInterest(
  transactions: readonly SavingsTransaction[],
  terms: SavingsProductTerms,
  options: ComputeInterestOptions,
): InterestComputation {
  const { activationDate, upTo } = options;
  const activationDay = dayOfDate(activationDate);
  if (activationDay === null) throw invalidField('activationDate', 'must be a date YYYY-MM-DD');
  const upToDay = dayOfDate(upTo);
  if (upToDay === null) throw invalidField('upTo', 'must be a date YYYY-MM-DD');
  const p = prepareTerms(terms);
  const fy = p.financialYearBeginningMonth;
  const resume = options.resumeFrom;
  const startDay = resume ? checkpointDay(resume, activationDay, p) : activationDay;
  const steps = resume
    ? balanceSteps(transactions, startDay, upToDay, resume.balance, 'is before the checkpoint the computation resumes from')
    : balanceSteps(transactions, activationDay, upToDay, 0, 'is before the activation date');
  const cursor = new StepCursor(steps);

  const periods: PeriodInterest[] = [];
  let current: PeriodInterest | null = null;
  // Unrounded interest (fixed point) of completed compounding periods, net of overdraft interest, and of the
  // compounding period under way (not yet compounded; always 0 under daily compounding).
  const daily = p.compoundingMonths === 0;
  let compounded = resume ? fixedOfText(resume.compoundedInterest) : 0n;
  let pending = resume ? fixedOfText(resume.pendingInterest) : 0n;
  if (daily) {
    compounded += pending;
    pending = 0n;
  }
  // state after the last finished period, for the checkpoint
  let finishedDay: number | null = null;
  let finishedBalance = 0;
  let finishedCompounded = 0n;
  let finishedPending = 0n;

  for (let start = startDay; start <= upToDay; ) {
    const end = periodEndDay(start, p.postingMonths, fy);
    const last = end < upToDay ? end : upToDay;
    let earned = 0n;
    let charged = 0n;

    if (daily) {
      // block by block: base = balance + C; n days earn base x ((1 + r)^n - 1), which joins C at once
      for (let d = start; d <= last; ) {
        const i = cursor.at(d);
        const blockEnd = cursor.blockEnd(i, last);
        const base = BigInt(steps.balances[i]!) * FIXED_ONE + compounded;
        if (base >= 0n) {
          if (p.earns && base >= p.minBalanceFixed) {
            const interest = (base * growthFactor(p.growth, p.dailyRate, blockEnd - d + 1)) / FIXED_ONE;
            earned += interest;
            compounded += interest;
          }
        } else if (p.chargesOverdraft) {
          const interest = (base * growthFactor(p.overdraftGrowth, p.overdraftDailyRate, blockEnd - d + 1)) / FIXED_ONE;
          charged += interest;
          compounded += interest;
        }
        d = blockEnd + 1;
      }
    } else {
      // piece by piece: a compounding period, cut where the posting period ends; C moves when one ends
      for (let from = start; from <= last; ) {
        const compoundingEnd = periodEndDay(from, p.compoundingMonths, fy);
        const to = compoundingEnd < last ? compoundingEnd : last;
        const piece = simplePiece(p, steps, cursor, from, to, compounded);
        if (piece !== NOTHING) {
          earned += piece.earned;
          charged += piece.charged;
          pending += piece.earned + piece.charged;
        }
        if (to === compoundingEnd) {
          compounded += pending;
          pending = 0n;
        }
        from = to + 1;
      }
    }

    const result = periodResult(start, last, p.postingAtPeriodEnd ? end : end + 1, earned, charged, p);
    if (end <= upToDay) {
      periods.push(result);
      finishedDay = end + 1;
      finishedBalance = steps.balances[cursor.at(end)]!;
      finishedCompounded = compounded;
      finishedPending = pending;
    } else {
      current = result;
    }
    start = end + 1;
  }

  const checkpoint: InterestCheckpoint | null =
    finishedDay === null
      ? (resume ?? null)
      : {
          date: dateOfDay(finishedDay),
          balance: finishedBalance,
          compoundedInterest: fixedText(finishedCompounded),
          pendingInterest: fixedText(finishedPending),
        };
  return {
    activationDate,
    startDate: resume ? dateOfDay(startDay) : activationDate,
    upTo,
    periods,
    current,
    compoundedInterest: fixedText(compounded, 9),
    checkpoint,
    postingAtPeriodEnd: p.postingAtPeriodEnd,
  };
}
