/**
 * The posting run: "each posting run recomputes every period from activation and reverses and re-posts any posting
 * that differs, so a backdated deposit rewrites earlier postings". Default terms (helpers.ts): 0.0002 a day,
 * monthly compounding and posting, daily balance.
 */
import { describe, expect, it } from 'vitest';
import { computeInterest, interestPostingsDue, isPlanEmpty, type PostedInterest } from '../../../../electron/core/domain/savings';
import { deposit, interestPosting, overdraftInterest, terms, withdrawal } from './helpers';

const OPTS = { activationDate: '2024-01-01', upTo: '2024-02-29' };
const AS_OF = '2024-03-01';

describe('first posting run', () => {
  it('creates one posting per finished period, dated the day after it ends', () => {
    // January 100000 x 31 x 0.0002 = 620; February (100000 + 620) x 29 x 0.0002 = 583.596 -> 584
    const computed = computeInterest([deposit('2024-01-01', 100000)], terms(), OPTS);
    const plan = interestPostingsDue(computed, [], AS_OF);
    expect(plan.reverse).toEqual([]);
    expect(plan.create).toEqual([
      { postingDate: '2024-02-01', type: 'INTEREST_POSTING', amount: 620, fromDate: '2024-01-01', toDate: '2024-01-31' },
      { postingDate: '2024-03-01', type: 'INTEREST_POSTING', amount: 584, fromDate: '2024-02-01', toDate: '2024-02-29' },
    ]);
  });

  it('posts nothing before the posting date, and nothing for a period without interest', () => {
    const computed = computeInterest([deposit('2024-01-01', 100000)], terms(), OPTS);
    // as of 29 February only January's posting (1 February) is due
    expect(interestPostingsDue(computed, [], '2024-02-29').create.map((c) => c.postingDate)).toEqual(['2024-02-01']);
    // the 1000.00 deposit withdrawn on 1 February: the 6.20 of interest posted that day stays and earns,
    // base = (100000 - 100000) + 620 = 620; 620 x 29 x 0.0002 = 3.596 -> 4
    const deposited = computeInterest([deposit('2024-01-01', 100000), withdrawal('2024-02-01', 100000)], terms(), OPTS);
    expect(interestPostingsDue(deposited, [], AS_OF).create.map((c) => [c.postingDate, c.amount])).toEqual([
      ['2024-02-01', 620],
      ['2024-03-01', 4],
    ]);
    // everything withdrawn, the interest too (1006.20): base = (100000 - 100620) + 620 = 0, no posting of 0
    const emptied = computeInterest([deposit('2024-01-01', 100000), withdrawal('2024-02-01', 100620)], terms(), OPTS);
    expect(interestPostingsDue(emptied, [], AS_OF).create.map((c) => [c.postingDate, c.amount])).toEqual([['2024-02-01', 620]]);
  });
});

describe('backdated transactions', () => {
  const posted: PostedInterest<string>[] = [
    { postingDate: '2024-02-01', amount: 620, ref: 'tx-jan' },
    { postingDate: '2024-03-01', amount: 584, ref: 'tx-feb' },
  ];

  it('rewrites every posting a backdated deposit changes', () => {
    // a deposit of 500.00 entered late, dated 16 January:
    //   January: 15 x 100000 + 16 x 150000 = 3900000 x 0.0002 = 780 (was 620)
    //   February: (150000 + 780) x 29 x 0.0002 = 150780 x 0.0058 = 874.524 -> 875 (was 584)
    // the postings already made stay in the list: they do not enter the base
    const txs = [deposit('2024-01-01', 100000), deposit('2024-01-16', 50000), interestPosting('2024-02-01', 620), interestPosting('2024-03-01', 584)];
    const plan = interestPostingsDue(computeInterest(txs, terms(), OPTS), posted, AS_OF);
    expect(plan.reverse.map((p) => p.ref)).toEqual(['tx-jan', 'tx-feb']);
    expect(plan.create.map((c) => [c.postingDate, c.amount])).toEqual([
      ['2024-02-01', 780],
      ['2024-03-01', 875],
    ]);
    expect(plan.unchanged).toEqual([]);
  });

  it('keeps the postings before the backdated date and re-posts the later ones', () => {
    // a deposit of 500.00 dated 10 February: January unchanged (620);
    // February: (100000 + 620) x 9 + (150000 + 620) x 20 = 905580 + 3012400 = 3917980 x 0.0002 = 783.596 -> 784
    const txs = [deposit('2024-01-01', 100000), deposit('2024-02-10', 50000)];
    const plan = interestPostingsDue(computeInterest(txs, terms(), OPTS), posted, AS_OF);
    expect(plan.unchanged.map((p) => p.ref)).toEqual(['tx-jan']);
    expect(plan.reverse.map((p) => p.ref)).toEqual(['tx-feb']);
    expect(plan.create.map((c) => [c.postingDate, c.amount])).toEqual([['2024-03-01', 784]]);
  });

  it('writes nothing when the postings match; the postings never feed back into the computation', () => {
    const txs = [deposit('2024-01-01', 100000)];
    const plan = interestPostingsDue(computeInterest(txs, terms(), OPTS), posted, AS_OF);
    expect(isPlanEmpty(plan)).toBe(true);
    expect(plan.unchanged).toHaveLength(2);
    // after applying the plan the interest is the same: postings never feed back into the computation
    const withPostings = [...txs, interestPosting('2024-02-01', 620), interestPosting('2024-03-01', 584)];
    expect(computeInterest(withPostings, terms(), OPTS)).toEqual(computeInterest(txs, terms(), OPTS));
  });

  it('reverses a posting that is no longer due, a duplicate, or one of the wrong kind', () => {
    // a backdated withdrawal of everything on 1 January (the day the deposit was made): no interest at all
    const txs = [deposit('2024-01-01', 100000), withdrawal('2024-01-01', 100000)];
    const computed = computeInterest(txs, terms(), OPTS);
    expect(interestPostingsDue(computed, posted, AS_OF).reverse.map((p) => p.ref)).toEqual(['tx-jan', 'tx-feb']);

    const again = computeInterest([deposit('2024-01-01', 100000)], terms(), OPTS);
    const duplicated = [...posted, { postingDate: '2024-02-01', amount: 620, ref: 'tx-dup' }];
    expect(interestPostingsDue(again, duplicated, AS_OF).reverse.map((p) => p.ref)).toEqual(['tx-dup']);

    const wrongKind = [{ postingDate: '2024-02-01', amount: 620, type: 'OVERDRAFT_INTEREST' as const, ref: 'tx-od' }, posted[1]!];
    const plan = interestPostingsDue(again, wrongKind, AS_OF);
    expect(plan.reverse.map((p) => p.ref)).toEqual(['tx-od']);
    expect(plan.create.map((c) => [c.postingDate, c.type, c.amount])).toEqual([['2024-02-01', 'INTEREST_POSTING', 620]]);
  });

  it('leaves alone a posting dated beyond what was computed', () => {
    const computed = computeInterest([deposit('2024-01-01', 100000)], terms(), { activationDate: '2024-01-01', upTo: '2024-01-31' });
    const plan = interestPostingsDue(computed, posted, AS_OF);
    expect(plan.unchanged.map((p) => p.ref)).toEqual(['tx-jan']);
    expect(plan.notChecked.map((p) => p.ref)).toEqual(['tx-feb']);
    expect(plan.reverse).toEqual([]);
  });
});

describe('a posting run resumed from a checkpoint', () => {
  it('judges only the postings after the checkpoint', () => {
    // January computed and posted (620) earlier; its checkpoint is stored with the account. The run on 1 March
    // resumes there: February (100000 + 620) x 29 x 0.0002 = 583.596 -> 584 is created, January's posting is left.
    const jan = computeInterest([deposit('2024-01-01', 100000)], terms(), { activationDate: '2024-01-01', upTo: '2024-01-31' });
    const feb = computeInterest([interestPosting('2024-02-01', 620)], terms(), { ...OPTS, resumeFrom: jan.checkpoint! });
    expect(feb.startDate).toBe('2024-02-01');
    const plan = interestPostingsDue(feb, [{ postingDate: '2024-02-01', amount: 620, ref: 'tx-jan' }], AS_OF);
    expect(plan.notChecked.map((p) => p.ref)).toEqual(['tx-jan']);
    expect(plan.reverse).toEqual([]);
    expect(plan.create.map((c) => [c.postingDate, c.amount])).toEqual([['2024-03-01', 584]]);
  });
});

describe('overdraft interest postings', () => {
  it('creates interest and overdraft interest as two transactions of the period', () => {
    // 100.00 from 1 January, 300.00 withdrawn on 11 January, overdraft at 18.25 % (0.0005 a day):
    // earned 10000 x 10 x 0.0002 = 20, charged 20000 x 21 x 0.0005 = 210
    const od = terms({ overdraft: { allowOverdraft: true, overdraftLimit: 100000, nominalAnnualInterestRateOverdraft: '18.25' } });
    const txs = [deposit('2024-01-01', 10000), withdrawal('2024-01-11', 30000), overdraftInterest('2024-02-01', 210)];
    const computed = computeInterest(txs, od, { activationDate: '2024-01-01', upTo: '2024-01-31' });
    const plan = interestPostingsDue(computed, [{ postingDate: '2024-02-01', amount: 210, type: 'OVERDRAFT_INTEREST' }], '2024-02-01');
    expect(plan.unchanged).toHaveLength(1);
    expect(plan.create).toEqual([{ postingDate: '2024-02-01', type: 'INTEREST_POSTING', amount: 20, fromDate: '2024-01-01', toDate: '2024-01-31' }]);
  });
});
