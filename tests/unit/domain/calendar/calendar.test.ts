import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addMonthsKeepingSeedDay,
  adjustToWorkingDay,
  dayOfWeek,
  daysBetween,
  fromEpochDay,
  isWorkingDay,
  monthsBetween,
  toEpochDay,
  weeksBetween,
  NoWorkingDayError,
} from '../../../../electron/core/domain/calendar';

describe('ISO date arithmetic', () => {
  it('converts to and from day numbers', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('2000-03-01')).toBe(11017);
    expect(fromEpochDay(19782)).toBe('2024-02-29');
    expect(fromEpochDay(-1)).toBe('1969-12-31');
  });

  it('round-trips every day from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2200-12-31') }), (n) => {
        expect(toEpochDay(fromEpochDay(n))).toBe(n);
      }),
    );
  });

  it('adds days and weeks across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('clamps month ends when adding months (31 Jan + 1 month = 28/29 Feb)', () => {
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
  });

  it('keeps the seed day: 31 Jan -> 28 Feb -> 31 Mar -> 30 Apr (DOMAIN.md rule 7)', () => {
    let d = '2023-01-31';
    const seen = [d];
    for (let i = 0; i < 4; i++) {
      d = addMonthsKeepingSeedDay(d, 1, 31);
      seen.push(d);
    }
    expect(seen).toEqual(['2023-01-31', '2023-02-28', '2023-03-31', '2023-04-30', '2023-05-31']);
    expect(addMonthsKeepingSeedDay('2024-02-29', 1, 30)).toBe('2024-03-30');
    expect(addMonthsKeepingSeedDay('2024-02-28', 1, 15)).toBe('2024-03-28');
  });

  it('counts days, weeks and months like java.time', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2024-03-15', '2024-02-15')).toBe(-29);
    expect(monthsBetween('2024-01-31', '2024-02-29')).toBe(0);
    expect(monthsBetween('2024-02-29', '2024-03-31')).toBe(1);
    expect(monthsBetween('2022-11-01', '2024-05-01')).toBe(18);
    expect(monthsBetween('2024-05-01', '2024-03-02')).toBe(-1);
    expect(weeksBetween('2024-01-01', '2024-01-20')).toBe(2);
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2024-06-01')).toBe(6); // Saturday
    expect(dayOfWeek('2024-06-02')).toBe(7); // Sunday
  });
});

describe('working days', () => {
  const calendar = {
    nonWorkingDays: ['SATURDAY', 'SUNDAY'] as const,
    holidays: [{ fromDate: '2024-12-25', toDate: '2024-12-26' }],
  };

  it('moves a due date to the next working day by default', () => {
    expect(adjustToWorkingDay('2024-06-01', calendar)).toBe('2024-06-03');
    expect(adjustToWorkingDay('2024-12-25', calendar)).toBe('2024-12-27');
    expect(adjustToWorkingDay('2024-06-04', calendar)).toBe('2024-06-04');
    expect(isWorkingDay('2024-12-26', calendar)).toBe(false);
  });

  it('skips a holiday that ends on a weekend and the weekend after it', () => {
    const c = { nonWorkingDays: ['SATURDAY', 'SUNDAY'] as const, holidays: [{ fromDate: '2024-06-06', toDate: '2024-06-07' }] };
    expect(adjustToWorkingDay('2024-06-06', c)).toBe('2024-06-10');
  });

  it('can move to the previous working day instead', () => {
    expect(adjustToWorkingDay('2024-06-02', { ...calendar, rescheduleType: 'MOVE_TO_PREVIOUS_WORKING_DAY' })).toBe('2024-05-31');
  });

  it('refuses a calendar without working days', () => {
    const closed = { nonWorkingDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const, holidays: [] };
    expect(() => adjustToWorkingDay('2024-06-03', closed)).toThrow(NoWorkingDayError);
  });
});
