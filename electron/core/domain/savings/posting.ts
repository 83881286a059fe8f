/**
 * What a posting run must write (DOMAIN.md: "Each posting run recomputes every period from activation and reverses
 * and re-posts any posting that differs, so a backdated deposit rewrites earlier postings").
 *
 * The computation (interest.ts) never reads the postings, so comparing it with the postings already made is
 * enough: one pass, no fixed point to iterate to.
 */
import { addDays } from '../calendar';
import type { InterestComputation, InterestPostingType, Minor } from './types';

/** An interest or overdraft-interest transaction already on the account (not reversed). */
export interface PostedInterest<Ref = unknown> {
  postingDate: string;
  /** Positive minor units. */
  amount: number;
  /** Default INTEREST_POSTING. */
  type?: InterestPostingType | undefined;
  /** The caller's handle (a transaction id), handed back in `reverse` and `unchanged`. */
  ref?: Ref | undefined;
}

export interface InterestPostingToCreate {
  postingDate: string;
  type: InterestPostingType;
  amount: Minor;
  /** The posting period the amount is for. */
  fromDate: string;
  toDate: string;
}

export interface InterestPostingPlan<Ref = unknown> {
  /** Postings to reverse (they differ from the computation, are duplicates, or are no longer due). */
  reverse: PostedInterest<Ref>[];
  /** Postings to create, oldest first; a re-post is a reverse plus a create on the same date. */
  create: InterestPostingToCreate[];
  /** Postings that match the computation. */
  unchanged: PostedInterest<Ref>[];
  /**
   * Postings outside the computation's reach, not judged and left as they are: dated after `asOf` or after the day
   * following `upTo` (a correct caller has none), or, for a computation resumed from a checkpoint, dated before the
   * first posting date a recomputed period can have (they belong to periods that were not recomputed).
   */
  notChecked: PostedInterest<Ref>[];
}

/**
 * Compares the computed interest with what is already posted, for every period whose posting date is on or before
 * `asOf` (and that the computation covers). A period's interest and its overdraft interest are separate
 * transactions; an amount of 0 means no transaction. Reverse first, then create (the created ones in order).
 */
export function interestPostingsDue<Ref = unknown>(
  computed: InterestComputation,
  alreadyPosted: readonly PostedInterest<Ref>[],
  asOf: string,
): InterestPostingPlan<Ref> {
  const reach = addDays(computed.upTo, 1);
  const cutoff = asOf < reach ? asOf : reach;
  // resumed: postings up to the checkpoint's date are those of earlier periods, which were not recomputed (posted
  // at period end, a recomputed period may post on the checkpoint's date itself: earlier ones are before it)
  const floor = computed.startDate === computed.activationDate ? null : computed.postingAtPeriodEnd ? addDays(computed.startDate, -1) : computed.startDate;

  /** Expected amounts by "date|type". */
  const expected = new Map<string, InterestPostingToCreate>();
  for (const period of computed.periods) {
    if (period.postingDate > cutoff) break;
    if (period.interest > 0) {
      expected.set(`${period.postingDate}|INTEREST_POSTING`, {
        postingDate: period.postingDate,
        type: 'INTEREST_POSTING',
        amount: period.interest,
        fromDate: period.fromDate,
        toDate: period.toDate,
      });
    }
    if (period.overdraftInterest > 0) {
      expected.set(`${period.postingDate}|OVERDRAFT_INTEREST`, {
        postingDate: period.postingDate,
        type: 'OVERDRAFT_INTEREST',
        amount: period.overdraftInterest,
        fromDate: period.fromDate,
        toDate: period.toDate,
      });
    }
  }

  const plan: InterestPostingPlan<Ref> = { reverse: [], create: [], unchanged: [], notChecked: [] };
  const matched = new Set<string>();
  for (const posted of alreadyPosted) {
    if (posted.postingDate > cutoff || (floor !== null && posted.postingDate <= floor)) {
      plan.notChecked.push(posted);
      continue;
    }
    const key = `${posted.postingDate}|${posted.type ?? 'INTEREST_POSTING'}`;
    const want = expected.get(key);
    if (want !== undefined && !matched.has(key) && want.amount === posted.amount) {
      matched.add(key);
      plan.unchanged.push(posted);
    } else {
      plan.reverse.push(posted);
    }
  }
  for (const [key, want] of expected) {
    if (!matched.has(key)) plan.create.push(want);
  }
  plan.create.sort((a, b) => (a.postingDate < b.postingDate ? -1 : a.postingDate > b.postingDate ? 1 : a.type < b.type ? -1 : 1));
  return plan;
}

/** True when the plan writes nothing. */
export function isPlanEmpty(plan: InterestPostingPlan): boolean {
  return plan.reverse.length === 0 && plan.create.length === 0;
}
