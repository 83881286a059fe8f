import { describe, expect, it } from 'vitest';
import { assertInvariants } from '../../support/core';
import { setBusinessDate } from '../../support/lending';
import { groupsBranch, WEEKLY_TUESDAY } from './support';

const dates = (r: { dates: { date: string }[] }): string[] => r.dates.map((d) => d.date);

/** calendars.update: a meeting moved to another day from a date on, the meetings before it kept (Fineract's calendar history). */
describe('calendars.update', () => {
  it('moves the meetings from a date on, keeps those held before, and refuses a change that would move a meeting held', async () => {
    const b = await groupsBranch();
    await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
    await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2, 3], staffId: 2, activationDate: '2026-03-02' });
    await b.officer.ok('calendars.create', WEEKLY_TUESDAY);
    setBusinessDate(b.core, '2026-03-10');
    await b.officer.ok('meetings.saveAttendance', { calendarId: 1, meetingDate: '2026-03-03', clientsAttendance: [{ clientId: 1, attendanceType: 'PRESENT' }] });
    await b.officer.ok('meetings.saveAttendance', { calendarId: 1, meetingDate: '2026-03-10', clientsAttendance: [{ clientId: 1, attendanceType: 'LATE' }] });

    // the place and time alone: changed in place, no meeting moves
    expect(await b.officer.ok('calendars.update', { calendarId: 1, location: 'Kibera social hall', meetingtime: '10:30' })).toEqual({ id: 1 });
    expect(await b.officer.ok('calendars.get', { calendarId: 1 })).toMatchObject({ startDate: '2026-03-03', recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU', location: 'Kibera social hall', meetingtime: '10:30' });

    // refused: a rule without its start, a start without the rule, a start before the business date, on a meeting held
    expect(await b.officer.err('calendars.update', { calendarId: 1, repeatsOnDay: 'THURSDAY' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: expect.arrayContaining([expect.objectContaining({ field: 'frequency' })]) });
    expect(await b.officer.err('calendars.update', { calendarId: 1, startDate: '2026-03-12' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'frequency' }] });
    expect(await b.officer.err('calendars.update', { calendarId: 1, startDate: '2026-03-09', frequency: 'WEEKLY', repeatsOnDay: 'THURSDAY' })).toMatchObject({ fields: [{ field: 'startDate', code: 'before_business_date' }] });
    expect(await b.officer.err('calendars.update', { calendarId: 1, startDate: '2026-03-10', frequency: 'WEEKLY', repeatsOnDay: 'THURSDAY' })).toMatchObject({ fields: [{ field: 'startDate', code: 'not_after_meeting_held' }] });
    // a loan officer keeps only their own centers' calendars
    await b.manager.ok('centers.assignStaff', { centerId: 1, staffId: 1 });
    expect(await b.officer.err('calendars.update', { calendarId: 1, startDate: '2026-03-12', frequency: 'WEEKLY', repeatsOnDay: 'THURSDAY' })).toMatchObject({ code: 'PERMISSION_DENIED' });

    // Thursdays every week from 12 March, in the church hall: the two Tuesdays held stay where they were
    expect(await b.manager.ok('calendars.update', { calendarId: 1, startDate: '2026-03-12', frequency: 'WEEKLY', interval: 1, repeatsOnDay: 'THURSDAY', location: 'Church hall' })).toEqual({ id: 1 });
    expect(await b.manager.ok('calendars.get', { calendarId: 1 })).toMatchObject({ startDate: '2026-03-12', repeatsOnDay: 'THURSDAY', recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TH', location: 'Church hall', meetingtime: '10:30' });
    expect(dates(await b.manager.ok('calendars.meetingDates', { calendarId: 1, fromDate: '2026-03-01', toDate: '2026-03-31' }))).toEqual(['2026-03-03', '2026-03-10', '2026-03-12', '2026-03-19', '2026-03-26']);
    expect((await b.manager.ok('meetings.get', { calendarId: 1, meetingDate: '2026-03-10' })).clientsAttendance.find((a) => a.clientId === 1)?.attendanceType).toBe('LATE');
    // the sheet of a meeting held on the old rule, and of the first on the new one; not of a Tuesday after the change
    expect((await b.manager.ok('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-10' })).meetingDate).toBe('2026-03-10');
    expect((await b.manager.ok('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-12' })).location).toBe('Church hall');
    expect(await b.manager.err('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-17' })).toMatchObject({ fields: [{ field: 'meetingDate', code: 'not_meeting_date' }] });

    // changed again, monthly on the last Friday from April: three rules, each holding its own days
    setBusinessDate(b.core, '2026-03-27');
    await b.manager.ok('calendars.update', { calendarId: 1, startDate: '2026-04-01', frequency: 'MONTHLY', repeatsOnNthDayOfMonth: 'LAST', repeatsOnDay: 'FRIDAY' });
    expect(dates(await b.manager.ok('calendars.meetingDates', { calendarId: 1, fromDate: '2026-03-01', toDate: '2026-05-31' }))).toEqual([
      '2026-03-03', '2026-03-10', '2026-03-12', '2026-03-19', '2026-03-26', '2026-04-24', '2026-05-29',
    ]);
    assertInvariants(b.core);
  });
});
