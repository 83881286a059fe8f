import { describe, expect, it } from 'vitest';
import { addDays, addMonths, adjustDueDate, adjustToWorkingDay, NoWorkingDayError, type WorkingCalendar } from '../../../../electron/core/domain/calendar';

/** 2026-12-12 is a Saturday, 2026-12-13 a Sunday, 2026-12-14 a Monday. */
const monthly = (d: string) => addMonths(d, 1);
const sundaysOff: WorkingCalendar = { nonWorkingDays: ['SUNDAY'], holidays: [] };

describe('adjustDueDate: the one rule for every due date', () => {
  it('moves a date on a non-working weekday by the repayment reschedule type', () => {
    expect(adjustDueDate('2026-12-13', sundaysOff, monthly)).toBe('2026-12-14');
    expect(adjustDueDate('2026-12-13', { ...sundaysOff, rescheduleType: 'MOVE_TO_NEXT_WORKING_DAY' }, monthly)).toBe('2026-12-14');
    expect(adjustDueDate('2026-12-13', { ...sundaysOff, rescheduleType: 'MOVE_TO_PREVIOUS_WORKING_DAY' }, monthly)).toBe('2026-12-12');
    expect(adjustDueDate('2026-12-13', { ...sundaysOff, rescheduleType: 'SAME_DAY' }, monthly)).toBe('2026-12-13');
    expect(adjustDueDate('2026-12-13', { ...sundaysOff, rescheduleType: 'MOVE_TO_NEXT_REPAYMENT_MEETING_DAY' }, (d) => addDays(d, 7))).toBe('2026-12-20');
    expect(adjustDueDate('2026-12-14', sundaysOff, monthly)).toBe('2026-12-14');
  });

  it("moves a date on a holiday to the holiday's date (type 2) or the next repayment date (type 1)", () => {
    const specific: WorkingCalendar = {
      nonWorkingDays: ['SUNDAY'],
      holidays: [{ fromDate: '2026-12-12', toDate: '2026-12-12', reschedulingType: 'RESCHEDULE_TO_SPECIFIC_DATE', repaymentsRescheduledTo: '2026-12-14' }],
    };
    expect(adjustDueDate('2026-12-12', specific, monthly)).toBe('2026-12-14');
    const next: WorkingCalendar = {
      nonWorkingDays: ['SUNDAY'],
      holidays: [{ fromDate: '2026-12-12', toDate: '2026-12-12', reschedulingType: 'RESCHEDULE_TO_NEXT_REPAYMENT_DATE' }],
    };
    // 2027-01-12 is a Tuesday
    expect(adjustDueDate('2026-12-12', next, monthly)).toBe('2027-01-12');
    // the next repayment date on a Sunday moves to Monday: 2027-09-12 -> 2027-09-13
    expect(adjustDueDate('2027-08-12', { ...next, holidays: [{ fromDate: '2027-08-12', toDate: '2027-08-12', reschedulingType: 'RESCHEDULE_TO_NEXT_REPAYMENT_DATE' }] }, monthly)).toBe('2027-09-13');
  });

  it('steps over a plain holiday range as over a non-working day (loans.calculateSchedule)', () => {
    const plain: WorkingCalendar = { nonWorkingDays: ['SUNDAY'], holidays: [{ fromDate: '2026-12-11', toDate: '2026-12-12' }] };
    expect(adjustDueDate('2026-12-11', plain, monthly)).toBe('2026-12-14');
    expect(adjustToWorkingDay('2026-12-11', plain)).toBe('2026-12-14');
    expect(adjustDueDate('2026-12-12', { ...plain, rescheduleType: 'MOVE_TO_PREVIOUS_WORKING_DAY' }, monthly)).toBe('2026-12-10');
  });

  it('refuses a calendar with no way out', () => {
    const loop: WorkingCalendar = {
      nonWorkingDays: [],
      holidays: [
        { fromDate: '2026-12-12', toDate: '2026-12-12', reschedulingType: 'RESCHEDULE_TO_SPECIFIC_DATE', repaymentsRescheduledTo: '2026-12-14' },
        { fromDate: '2026-12-14', toDate: '2026-12-14', reschedulingType: 'RESCHEDULE_TO_SPECIFIC_DATE', repaymentsRescheduledTo: '2026-12-12' },
      ],
    };
    expect(() => adjustDueDate('2026-12-12', loop, monthly)).toThrow(NoWorkingDayError);
  });
});
