import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { setBusinessDate } from '../../support/lending';
import { groupsBranch, WEEKLY_TUESDAY, type GroupsBranch } from './support';

/**
 * Meeting calendars and attendance (issue 17; FINERACT-NOTES.md 3.3 and 3.5). Dates worked by hand: 2026-03-02 is a
 * Monday, so the Tuesdays from 3 March are 3, 10, 17, 24 and 31 March, 7, 14 and 21 April; 2026-03-31 is a Tuesday
 * and 2026-04-30 a Thursday, so the last Fridays of March, April and May are the 27th, 24th and 29th.
 */
/** Center 1 (active), its group 1 of clients 1..5, and the center's weekly Tuesday calendar 1. */
async function meetingCenter(): Promise<GroupsBranch> {
  const b = await groupsBranch();
  await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
  await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2, 3, 4, 5], staffId: 2, activationDate: '2026-03-02' });
  return b;
}

describe('meeting calendars', () => {
  it('answers the contract call exactly as written, and a group in the center meets on its calendar', async () => {
    const b = await meetingCenter();
    expect(await b.officer.raw('calendars.create', WEEKLY_TUESDAY)).toEqual({ ok: true, data: { id: 1 } });
    const cal = await b.teller.ok('calendars.get', { entityType: 'GROUP', entityId: 1 });
    expect(cal).toMatchObject({
      id: 1,
      entityType: 'CENTER',
      entityId: 1,
      typeId: 'COLLECTION',
      frequency: 'WEEKLY',
      frequencyCode: 2,
      interval: 1,
      repeatsOnDay: 'TUESDAY',
      recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU',
      location: 'Kibera market hall',
      meetingtime: '09:00',
    });
    expect((await b.officer.ok('groups.get', { groupId: 1 })).collectionCalendar?.id).toBe(1);
    expect((await b.officer.ok('centers.get', { centerId: 1 })).collectionCalendar?.id).toBe(1);

    const before = snapshot(b.core);
    expect(await b.officer.err('calendars.create', { ...WEEKLY_TUESDAY, entityType: 'GROUP' })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'entityId', code: 'group_in_center' }] });
    expect(await b.officer.err('calendars.create', WEEKLY_TUESDAY)).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'typeId' }] });
    expect(await b.officer.err('calendars.create', { ...WEEKLY_TUESDAY, typeId: 'TRAINING', startDate: '2026-03-01' })).toMatchObject({ fields: [{ field: 'startDate', code: 'before_activation' }] });
    expect(await b.officer.err('calendars.create', { ...WEEKLY_TUESDAY, frequency: 'FORTNIGHTLY' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'frequency' }] });
    expect(await b.officer.err('calendars.create', { ...WEEKLY_TUESDAY, frequency: 0 })).toMatchObject({ fields: [{ field: 'frequency' }] });
    expect(await b.officer.err('calendars.create', { ...WEEKLY_TUESDAY, meetingtime: '9am' })).toMatchObject({ fields: [{ field: 'meetingtime' }] });
    expect(await b.officer.err('calendars.create', { ...WEEKLY_TUESDAY, frequency: 'DAILY' })).toMatchObject({ fields: [{ field: 'repeatsOnDay' }] });
    expect(await b.officer.err('calendars.create', { ...WEEKLY_TUESDAY, entityId: 9 })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'entityId' }] });
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });

  it('gives 8 weeks of meetings with a holiday on a meeting day moved as the branch says', async () => {
    const b = await meetingCenter();
    await b.officer.ok('calendars.create', WEEKLY_TUESDAY);
    const eight = { calendarId: 1, fromDate: '2026-03-03', toDate: '2026-04-27' };
    const tuesdays = ['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07', '2026-04-14', '2026-04-21'];
    expect((await b.officer.ok('calendars.meetingDates', eight)).dates.map((d) => d.date)).toEqual(tuesdays);

    // a holiday on Tuesday 24 March, repayments (and meetings) moved to Wednesday 25th: only once it is active
    const { id } = await b.manager.ok('holidays.create', { name: 'Market closed', fromDate: '2026-03-24', toDate: '2026-03-24', reschedulingType: 2, repaymentsRescheduledTo: '2026-03-25' });
    expect((await b.officer.ok('calendars.meetingDates', eight)).dates.map((d) => d.date)).toEqual(tuesdays);
    await b.manager.ok('holidays.activate', { holidayId: id });
    const moved = await b.officer.ok('calendars.meetingDates', { entityType: 'GROUP', entityId: 1, fromDate: '2026-03-03', toDate: '2026-04-27' });
    expect(moved.calendarId).toBe(1);
    expect(moved.dates).toHaveLength(8);
    expect(moved.dates[3]).toEqual({ scheduledDate: '2026-03-24', date: '2026-03-25' });
    expect(moved.dates.filter((d) => d.date !== d.scheduledDate)).toHaveLength(1);

    // a holiday of type 1 (to the next repayment date) on 14 April: that meeting is held with the next, on the 21st
    const { id: second } = await b.manager.ok('holidays.create', { name: 'Closed', fromDate: '2026-04-13', toDate: '2026-04-14', reschedulingType: 1 });
    await b.manager.ok('holidays.activate', { holidayId: second });
    expect((await b.officer.ok('calendars.meetingDates', eight)).dates.slice(5).map((d) => d.date)).toEqual(['2026-04-07', '2026-04-21', '2026-04-21']);

    // the branch closed on Tuesdays: every meeting goes to the next working day (Wednesday), as due dates do
    await b.manager.ok('workingDays.update', { recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE,TH,FR,SA', repaymentRescheduleType: 'MOVE_TO_NEXT_WORKING_DAY' });
    expect((await b.officer.ok('calendars.meetingDates', { ...eight, toDate: '2026-03-17' })).dates.map((d) => d.date)).toEqual(['2026-03-04', '2026-03-11', '2026-03-18']);
    assertInvariants(b.core);
  });

  it("takes Fineract's integer codes, monthly on the last Friday, for a standalone group", async () => {
    const b = await groupsBranch();
    await b.manager.ok('groups.create', { name: 'Tumaini', clientMembers: [6, 7], staffId: 2, activationDate: '2026-03-02' });
    const { id } = await b.officer.ok('calendars.create', {
      entityType: 2,
      entityId: 1,
      typeId: 1,
      startDate: '2026-03-02',
      frequency: 3,
      interval: 1,
      repeatsOnNthDayOfMonth: -1,
      repeatsOnDay: 5,
    });
    const cal = await b.officer.ok('calendars.get', { calendarId: id });
    expect(cal).toMatchObject({ entityType: 'GROUP', frequency: 'MONTHLY', repeatsOnDay: 'FRIDAY', repeatsOnNthDayOfMonth: -1, recurrence: 'FREQ=MONTHLY;INTERVAL=1;BYSETPOS=-1;BYDAY=FR' });
    expect((await b.officer.ok('calendars.meetingDates', { calendarId: id, fromDate: '2026-03-01', toDate: '2026-05-31' })).dates.map((d) => d.date)).toEqual([
      '2026-03-27',
      '2026-04-24',
      '2026-05-29',
    ]);
    assertInvariants(b.core);
  });
});

describe('meeting attendance', () => {
  it("records each member's attendance at a meeting in Fineract's types, and reads it back", async () => {
    const b = await meetingCenter();
    await b.officer.ok('calendars.create', WEEKLY_TUESDAY);
    const { id } = await b.manager.ok('holidays.create', { name: 'Market closed', fromDate: '2026-03-24', toDate: '2026-03-24', reschedulingType: 2, repaymentsRescheduledTo: '2026-03-25' });
    await b.manager.ok('holidays.activate', { holidayId: id });
    setBusinessDate(b.core, '2026-03-31');

    const attendance = [
      { clientId: 1, attendanceType: 'PRESENT' },
      { clientId: 2, attendanceType: 2 },
      { clientId: 3, attendanceType: 'LATE' },
    ];
    expect(await b.officer.raw('meetings.saveAttendance', { calendarId: 1, meetingDate: '2026-03-25', clientsAttendance: attendance })).toEqual({
      ok: true,
      data: { calendarId: 1, meetingDate: '2026-03-25', saved: 3 },
    });
    let before = snapshot(b.core);
    const refusals: [unknown, string, string?][] = [
      [{ calendarId: 1, meetingDate: '2026-03-25', clientsAttendance: [{ clientId: 4, attendanceType: 0 }] }, 'clientsAttendance.0.attendanceType'],
      [{ calendarId: 1, meetingDate: '2026-03-25', clientsAttendance: [{ clientId: 6, attendanceType: 1 }] }, 'clientsAttendance.0.clientId', 'not_member'],
      [{ calendarId: 1, meetingDate: '2026-03-25', clientsAttendance: [{ clientId: 4, attendanceType: 1 }, { clientId: 4, attendanceType: 2 }] }, 'clientsAttendance.1.clientId', 'duplicate'],
      [{ calendarId: 1, meetingDate: '2026-03-24', clientsAttendance: [{ clientId: 4, attendanceType: 1 }] }, 'meetingDate', 'not_meeting_date'], // the holiday: held on the 25th
      [{ calendarId: 1, meetingDate: '2026-04-07', clientsAttendance: [{ clientId: 4, attendanceType: 1 }] }, 'meetingDate', 'future'],
      [{ calendarId: 7, meetingDate: '2026-03-25', clientsAttendance: [{ clientId: 4, attendanceType: 1 }] }, 'calendarId', 'not_found'],
    ];
    for (const [input, field, code] of refusals) {
      const err = await b.officer.err('meetings.saveAttendance', input);
      expect(err.fields?.[0], JSON.stringify(input)).toMatchObject(code ? { field, code } : { field });
    }
    expect(await b.teller.err('meetings.saveAttendance', { calendarId: 1, meetingDate: '2026-03-25', clientsAttendance: [{ clientId: 4, attendanceType: 1 }] })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(snapshot(b.core)).toBe(before);

    // sent again, a member's attendance is replaced; the others stay
    await b.officer.ok('meetings.saveAttendance', { calendarId: 1, meetingDate: '2026-03-25', clientsAttendance: [{ clientId: 2, attendanceType: 'LEAVE' }, { clientId: 4, attendanceType: 3 }] });
    const meeting = await b.teller.ok('meetings.get', { calendarId: 1, meetingDate: '2026-03-25' });
    expect(meeting.clientsAttendance.map((a) => [a.clientId, a.attendanceType, a.attendanceTypeCode])).toEqual([
      [1, 'PRESENT', 1],
      [2, 'LEAVE', 4],
      [3, 'LATE', 5],
      [4, 'APPROVED', 3],
      [5, null, 0],
    ]);
    // another meeting has its own attendance
    before = snapshot(b.core);
    expect((await b.teller.ok('meetings.get', { calendarId: 1, meetingDate: '2026-03-17' })).clientsAttendance.every((a) => a.attendanceType === null)).toBe(true);
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });
});
