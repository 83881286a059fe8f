import { describe, expect, it } from 'vitest';
import { meetingDates, recurrenceOf, scheduledMeetingDates, type MeetingRule } from '../../../../electron/core/domain/calendar';

/**
 * Meeting recurrences as RFC 5545 gives them (weeks from Monday), worked by hand on the 2026 calendar: 2026-01-01 is a
 * Thursday, 2026-02-01 and 2026-03-01 Sundays, 2026-03-02 a Monday; the last days of January to June 2026 fall on a
 * Saturday, Saturday, Tuesday, Thursday, Sunday and Tuesday.
 */
const rule = (r: Partial<MeetingRule>): MeetingRule => ({
  startDate: '2026-03-03',
  endDate: null,
  frequency: 'WEEKLY',
  interval: 1,
  repeatsOnDay: null,
  nthDay: null,
  daysOfMonth: [],
  ...r,
});

describe('meeting recurrences', () => {
  it('writes the rule as Fineract stores it', () => {
    expect(recurrenceOf(rule({ repeatsOnDay: 'TUESDAY' }))).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=TU');
    expect(recurrenceOf(rule({ frequency: 'MONTHLY', nthDay: -1, repeatsOnDay: 'TUESDAY' }))).toBe('FREQ=MONTHLY;INTERVAL=1;BYSETPOS=-1;BYDAY=TU');
    expect(recurrenceOf(rule({ frequency: 'MONTHLY', interval: 2, daysOfMonth: [15] }))).toBe('FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15');
    expect(recurrenceOf(rule({ frequency: 'DAILY', interval: 3 }))).toBe('FREQ=DAILY;INTERVAL=3');
  });

  it('counts weeks from the start date week', () => {
    // start Thursday 5 March, every 2 weeks on Tuesday: 3 March is before the start, the next period's Tuesday is 17 March
    expect(scheduledMeetingDates(rule({ startDate: '2026-03-05', interval: 2, repeatsOnDay: 'TUESDAY' }), '2026-03-01', '2026-04-20')).toEqual([
      '2026-03-17',
      '2026-03-31',
      '2026-04-14',
    ]);
    // no day given: the start date's weekday
    expect(scheduledMeetingDates(rule({}), '2026-03-01', '2026-03-20')).toEqual(['2026-03-03', '2026-03-10', '2026-03-17']);
    // the end date stops it
    expect(scheduledMeetingDates(rule({ endDate: '2026-03-10' }), '2026-03-01', '2026-03-31')).toEqual(['2026-03-03', '2026-03-10']);
  });

  it('meets monthly on the nth weekday or on days of the month, skipping a month without the day', () => {
    expect(scheduledMeetingDates(rule({ startDate: '2026-01-01', frequency: 'MONTHLY', nthDay: -1, repeatsOnDay: 'TUESDAY' }), '2026-01-01', '2026-06-30')).toEqual([
      '2026-01-27',
      '2026-02-24',
      '2026-03-31',
      '2026-04-28',
      '2026-05-26',
      '2026-06-30',
    ]);
    expect(scheduledMeetingDates(rule({ startDate: '2026-01-01', frequency: 'MONTHLY', nthDay: 2, repeatsOnDay: 'WEDNESDAY' }), '2026-01-01', '2026-03-31')).toEqual([
      '2026-01-14',
      '2026-02-11',
      '2026-03-11',
    ]);
    expect(scheduledMeetingDates(rule({ startDate: '2026-01-01', frequency: 'MONTHLY', daysOfMonth: [31] }), '2026-01-01', '2026-06-30')).toEqual([
      '2026-01-31',
      '2026-03-31',
      '2026-05-31',
    ]);
    expect(scheduledMeetingDates(rule({ startDate: '2026-01-15', frequency: 'MONTHLY' }), '2026-01-01', '2026-03-31')).toEqual(['2026-01-15', '2026-02-15', '2026-03-15']);
  });

  it('meets daily and yearly', () => {
    expect(scheduledMeetingDates(rule({ startDate: '2026-03-02', frequency: 'DAILY', interval: 3 }), '2026-03-01', '2026-03-10')).toEqual(['2026-03-02', '2026-03-05', '2026-03-08']);
    expect(scheduledMeetingDates(rule({ startDate: '2024-02-29', frequency: 'YEARLY' }), '2024-01-01', '2028-12-31')).toEqual(['2024-02-29', '2028-02-29']);
  });

  it('moves a meeting off a holiday as a loan due date moves', () => {
    const weekly = rule({ repeatsOnDay: 'TUESDAY' });
    const toNext = { nonWorkingDays: [], holidays: [{ fromDate: '2026-03-24', toDate: '2026-03-24', reschedulingType: 'RESCHEDULE_TO_NEXT_REPAYMENT_DATE' as const }] };
    expect(meetingDates(weekly, '2026-03-17', '2026-03-31', toNext)).toEqual([
      { scheduledDate: '2026-03-17', date: '2026-03-17' },
      { scheduledDate: '2026-03-24', date: '2026-03-31' },
      { scheduledDate: '2026-03-31', date: '2026-03-31' },
    ]);
    const tuesdaysOff = { nonWorkingDays: ['TUESDAY' as const], holidays: [] };
    expect(meetingDates(weekly, '2026-03-03', '2026-03-03', tuesdaysOff)).toEqual([{ scheduledDate: '2026-03-03', date: '2026-03-04' }]);
  });
});
