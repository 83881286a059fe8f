/**
 * nextPostingDate: the posting date of the period that holds a date, the day from which a posting run can have
 * something to post for an account whose earlier periods are posted (the service skips the account until then).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { POSTING_PERIOD_TYPES, computeInterest, nextPostingDate, type PostingPeriodType } from '../../../../electron/core/domain/savings';
import { addDays } from '../../../../electron/core/domain/calendar';
import { deposit, terms } from './helpers';

describe('nextPostingDate', () => {
  const cases: [string, PostingPeriodType, number, string][] = [
    // date, posting period, first month of the financial year, the posting date
    ['2026-01-01', 'MONTHLY', 1, '2026-02-01'],
    ['2026-01-31', 'MONTHLY', 1, '2026-02-01'],
    ['2026-02-01', 'MONTHLY', 1, '2026-03-01'],
    ['2024-02-10', 'MONTHLY', 1, '2024-03-01'],
    ['2026-02-15', 'QUARTERLY', 1, '2026-04-01'],
    ['2026-03-31', 'QUARTERLY', 1, '2026-04-01'],
    ['2026-02-15', 'QUARTERLY', 2, '2026-05-01'], // quarters of a year from February: Feb-Apr, May-Jul ...
    ['2026-01-15', 'QUARTERLY', 2, '2026-02-01'],
    ['2026-05-20', 'BIANNUAL', 1, '2026-07-01'],
    ['2026-05-20', 'BIANNUAL', 7, '2026-07-01'],
    ['2026-08-20', 'BIANNUAL', 4, '2026-10-01'],
    ['2026-05-20', 'ANNUAL', 1, '2027-01-01'],
    ['2026-05-20', 'ANNUAL', 7, '2026-07-01'],
    ['2026-12-31', 'ANNUAL', 1, '2027-01-01'],
  ];
  it.each(cases)('%s, %s posting, the year from month %i: %s', (date, type, month, expected) => {
    expect(nextPostingDate(date, { interestPostingPeriodType: type, financialYearBeginningMonth: month })).toBe(expected);
  });

  it('is the first day on which a computation resumed from a checkpoint finishes a period (so a run before it has nothing to post)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(...POSTING_PERIOD_TYPES),
        fc.integer({ min: 1, max: 12 }),
        (start, length, posting, month) => {
          const t = terms({ interestPostingPeriodType: posting, interestCompoundingPeriodType: 'MONTHLY', financialYearBeginningMonth: month });
          const activationDate = addDays('2024-01-01', start);
          const upTo = addDays(activationDate, length);
          const transactions = [deposit(activationDate, 500_000)];
          const computed = computeInterest(transactions, t, { activationDate, upTo });
          const due = nextPostingDate(computed.checkpoint?.date ?? activationDate, t);
          // a run as of the day after upTo has posted every finished period; nothing finishes before `due`
          expect(due > addDays(upTo, 1)).toBe(true);
          const finishedBy = (day: string) => computeInterest(transactions, t, { activationDate, upTo: day }).periods.length;
          expect(finishedBy(addDays(due, -2))).toBe(computed.periods.length);
          expect(finishedBy(addDays(due, -1))).toBe(computed.periods.length + 1);
          expect(computeInterest(transactions, t, { activationDate, upTo: addDays(due, -1) }).periods.at(-1)!.postingDate).toBe(due);
        },
      ),
      { numRuns: 300 },
    );
  });
});
