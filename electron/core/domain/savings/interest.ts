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
 * - **Posting.** A period's interest is posted the day after it ends (January's on 1 February). The unfinished
 *   period is returned as `current` and is never to be posted.
 */
import type Decimal from 'decimal.js';
import { fromEpochDay, isIsoDate, toEpochDay } from '../calendar';
import { invalidField } from '../../../../shared/errors';
import { Sv, ZERO, ceilToNumber, decimalText, roundInterest, roundOverdraftInterest } from './money';
import { periodEndDay } from './periods';
import { growthFactor, prepareTerms, type PreparedTerms } from './terms';
import type { ComputeInterestOptions, InterestComputation, Minor, PeriodInterest, SavingsProductTerms, SavingsTransaction } from './types';

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
      return -1;
    case 'INTEREST_POSTING':
    case 'OVERDRAFT_INTEREST':
      return 0;
    default:
      throw invalidField(`transactions.${index}.type`, `unknown savings transaction type "${type}"`);
  }
}

/** Validates the transactions and turns the non-interest ones up to `upToDay` into end-of-day balance steps. */
function balanceSteps(transactions: readonly SavingsTransaction[], activationDay: number, upToDay: number): BalanceSteps {
  const txDays: number[] = [];
  const txDeltas: number[] = [];
  let sorted = true;
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i]!;
    const direction = directionOf(t.type, i);
    if (typeof t.date !== 'string' || !isIsoDate(t.date)) throw invalidField(`transactions.${i}.date`, 'must be a date YYYY-MM-DD');
    if (!Number.isSafeInteger(t.amount) || t.amount < 0) {
      throw invalidField(`transactions.${i}.amount`, 'must be a whole, non-negative number of minor units');
    }
    const day = toEpochDay(t.date);
    if (day < activationDay) throw invalidField(`transactions.${i}.date`, 'is before the activation date');
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
  const days = [activationDay];
  const balances = [0];
  let balance = 0;
  let maxAbs = 0;
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

interface PieceInterest {
  earned: Decimal;
  charged: Decimal;
}

const NOTHING: PieceInterest = { earned: ZERO, charged: ZERO };

/**
 * Simple interest of one compounding period (or the part of it inside a posting period), from `from` to `to`,
 * with C fixed. Sums are exact integers of minor-unit-days; C x days is added in decimal.
 */
function simplePiece(p: PreparedTerms, steps: BalanceSteps, cursor: StepCursor, from: number, to: number, c: Decimal): PieceInterest {
  const cIsZero = c.isZero();
  if (p.average) {
    let sum = 0;
    for (let d = from; d <= to; ) {
      const i = cursor.at(d);
      const end = cursor.blockEnd(i, to);
      sum += steps.balances[i]! * (end - d + 1);
      d = end + 1;
    }
    const days = to - from + 1;
    const total = cIsZero ? new Sv(sum) : c.times(days).plus(sum);
    if (total.isZero()) return NOTHING;
    if (total.gt(0)) {
      // average = total / days; average >= min <=> total >= min x days
      if (!p.earns || (p.minBalance > 0 && total.lt(p.minBalance * days))) return NOTHING;
      return { earned: total.times(p.annualPercent).div(p.divisor), charged: ZERO };
    }
    if (!p.chargesOverdraft) return NOTHING;
    return { earned: ZERO, charged: total.times(p.overdraftPercent).div(p.divisor) };
  }
  // daily balance: block b earns when b + C >= max(0, min); it is charged when b + C < 0. With b whole,
  // b + C >= x <=> b >= ceil(x - C).
  const zeroAt = cIsZero ? 0 : ceilToNumber(c.neg());
  let earnAt = zeroAt;
  if (p.minBalance > 0) {
    const minAt = cIsZero ? p.minBalance : ceilToNumber(c.neg().plus(p.minBalance));
    if (minAt > earnAt) earnAt = minAt;
  }
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
  let earned = ZERO;
  let charged = ZERO;
  if (earnDays > 0 && p.earns) {
    const base = cIsZero ? new Sv(earnSum) : c.times(earnDays).plus(earnSum);
    earned = base.times(p.annualPercent).div(p.divisor);
  }
  if (chargeDays > 0 && p.chargesOverdraft) {
    const base = cIsZero ? new Sv(chargeSum) : c.times(chargeDays).plus(chargeSum);
    charged = base.times(p.overdraftPercent).div(p.divisor);
  }
  return { earned, charged };
}

function periodResult(from: number, to: number, postingDay: number, earned: Decimal, charged: Decimal, p: PreparedTerms): PeriodInterest {
  // `charged` is negative (interest on a negative base); it is reported as a positive charge
  const overdraft = charged.neg();
  return {
    fromDate: fromEpochDay(from),
    toDate: fromEpochDay(to),
    postingDate: fromEpochDay(postingDay),
    interest: (earned.isZero() ? 0 : roundInterest(earned, p.rules)) as Minor,
    overdraftInterest: (overdraft.isZero() ? 0 : roundOverdraftInterest(overdraft)) as Minor,
    interestUnrounded: decimalText(earned),
    overdraftInterestUnrounded: decimalText(overdraft),
  };
}

/**
 * Interest of every posting period from `activationDate` to `upTo` (inclusive) for one account.
 * `transactions` are the account's transactions that are not reversed, in any order; those dated after `upTo`
 * are ignored. Throws VALIDATION_FAILED (AppError) for bad terms, dates or amounts, or a transaction dated before
 * the activation.
 */
export function computeInterest(
  transactions: readonly SavingsTransaction[],
  terms: SavingsProductTerms,
  options: ComputeInterestOptions,
): InterestComputation {
  const { activationDate, upTo } = options;
  if (typeof activationDate !== 'string' || !isIsoDate(activationDate)) throw invalidField('activationDate', 'must be a date YYYY-MM-DD');
  if (typeof upTo !== 'string' || !isIsoDate(upTo)) throw invalidField('upTo', 'must be a date YYYY-MM-DD');
  const p = prepareTerms(terms);
  const activationDay = toEpochDay(activationDate);
  const upToDay = toEpochDay(upTo);
  const steps = balanceSteps(transactions, activationDay, upToDay);
  const cursor = new StepCursor(steps);
  const fy = p.financialYearBeginningMonth;

  const periods: PeriodInterest[] = [];
  let current: PeriodInterest | null = null;
  /** Unrounded interest of completed compounding periods (net of overdraft interest). */
  let compounded: Decimal = ZERO;
  /** Interest of the compounding period under way, not yet in `compounded`. */
  let pending: Decimal = ZERO;

  for (let start = activationDay; start <= upToDay; ) {
    const end = periodEndDay(start, p.postingMonths, fy);
    const last = end < upToDay ? end : upToDay;
    let earned: Decimal = ZERO;
    let charged: Decimal = ZERO;

    if (p.compoundingMonths === 0) {
      for (let d = start; d <= last; ) {
        const i = cursor.at(d);
        const blockEnd = cursor.blockEnd(i, last);
        const n = blockEnd - d + 1;
        const base = compounded.plus(steps.balances[i]!);
        if (!base.lt(0)) {
          if (p.earns && (p.minBalance === 0 || !base.lt(p.minBalance))) {
            const interest = base.times(growthFactor(p.growth, p.dailyRate, n));
            earned = earned.plus(interest);
            compounded = compounded.plus(interest);
          }
        } else if (p.chargesOverdraft) {
          const interest = base.times(growthFactor(p.overdraftGrowth, p.overdraftDailyRate, n));
          charged = charged.plus(interest);
          compounded = compounded.plus(interest);
        }
        d = blockEnd + 1;
      }
    } else {
      for (let from = start; from <= last; ) {
        const compoundingEnd = periodEndDay(from, p.compoundingMonths, fy);
        const to = compoundingEnd < last ? compoundingEnd : last;
        const piece = simplePiece(p, steps, cursor, from, to, compounded);
        if (piece !== NOTHING) {
          earned = earned.plus(piece.earned);
          charged = charged.plus(piece.charged);
          pending = pending.plus(piece.earned).plus(piece.charged);
        }
        if (to === compoundingEnd) {
          compounded = compounded.plus(pending);
          pending = ZERO;
        }
        from = to + 1;
      }
    }

    const result = periodResult(start, last, end + 1, earned, charged, p);
    if (end <= upToDay) periods.push(result);
    else current = result;
    start = end + 1;
  }

  return { activationDate, upTo, periods, current, compoundedInterest: decimalText(compounded) };
}
