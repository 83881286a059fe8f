import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { BIASHARA, setBusinessDate } from '../../support/lending';
import { groupsBranch, WEEKLY_TUESDAY, type GroupsBranch } from '../groups/support';

/**
 * Joint-liability group (JLG) loans (issue 17; FINERACT-NOTES.md 3.5 and 5). Dates worked by hand: 2026-03-02 is a
 * Monday, so the Tuesdays from 3 March are 3, 10, 17, 24 and 31 March, 7, 14 and 21 April. The first Tuesdays of
 * April to July 2026: 1 April is a Wednesday (-> 7 April), 1 May a Friday (-> 5 May), 1 June a Monday (-> 2 June),
 * 1 July a Wednesday (-> 7 July).
 *
 * Figures: the weekly product lends 20,000 KES over 4 weeks at a flat 10% for the whole term: interest
 * 20,000 x 10% = 2,000, 500 a week; principal 20,000 / 4 = 5,000 a week; each installment 5,500.
 */
const KIKUNDI = {
  ...BIASHARA,
  name: 'Kikundi Weekly',
  shortName: 'KW4',
  principal: '20000',
  numberOfRepayments: 4,
  repaymentFrequencyType: 'WEEKS',
  interestRatePerPeriod: '10',
  interestRateFrequencyType: 'WHOLE_TERM',
  interestType: 'FLAT',
};

type JlgBranch = GroupsBranch;

/**
 * The groups branch (tests/integration/groups/support.ts) whose product 1 is the weekly Kikundi product (the
 * contract call names productId 1): center 1 with group 1 "Umoja A" of clients 1..5 and loan officer staff 2 (the
 * officer user's), the center's Tuesday meeting, business date Tuesday 2026-03-03.
 */
async function jlgBranch(): Promise<JlgBranch> {
  const b = await groupsBranch(KIKUNDI);
  await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
  await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2, 3, 4, 5], staffId: 2, activationDate: '2026-03-02' });
  await b.officer.ok('calendars.create', WEEKLY_TUESDAY as never);
  setBusinessDate(b.core, '2026-03-03');
  return b;
}

const dueDates = async (b: JlgBranch, loanId: number) => (await b.officer.ok('loans.get', { loanId })).periods.map((p) => p.dueDate);

/** A group's loans approved and disbursed on the business date; the due dates of `loanId`. */
async function disbursedDueDates(b: JlgBranch, groupId: number, loanId: number): Promise<string[]> {
  await b.manager.ok('loans.approveJlg', { groupId });
  await b.teller.ok('loans.disburseJlg', { groupId, paymentTypeCode: 'CASH' });
  return dueDates(b, loanId);
}

describe('JLG loans', () => {
  it('answers the contract call as written: one loan per member on the meeting Tuesdays, approved and disbursed together', async () => {
    const b = await jlgBranch();
    const body = { groupId: 1, productId: 1, calendarId: 1, members: [{ clientId: 1, principal: '20000' }, { clientId: 2, principal: '20000' }, { clientId: 3, principal: '15000' }] };
    expect(await b.officer.raw('loans.submitJlg', body)).toEqual({ ok: true, data: { loanIds: [1, 2, 3] } });

    const loan = await b.officer.ok('loans.get', { loanId: 1 });
    expect(loan.group).toEqual({ groupId: 1, groupName: 'Umoja A', calendarId: 1, syncDisbursementWithMeeting: false });
    expect(loan.loanOfficer?.displayName).toBe('Grace Wanjiru');
    const preview = await b.officer.ok('loans.previewJlg', body);
    expect(preview.periods.map((p) => [p.dueDate, p.totalDueForPeriod])).toEqual([
      ['2026-03-10', '5500.00'],
      ['2026-03-17', '5500.00'],
      ['2026-03-24', '5500.00'],
      ['2026-03-31', '5500.00'],
    ]);
    expect((await b.officer.ok('loans.list', { groupId: 1 })).map((l) => l.id)).toEqual([3, 2, 1]);
    expect(await b.officer.ok('loans.list', { clientId: 1, groupId: 1 })).toHaveLength(1);

    // the officer who submitted cannot approve (no permission); the manager approves all three in one command
    expect(await b.officer.err('loans.approveJlg', { groupId: 1 })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await b.manager.ok('loans.approveJlg', { groupId: 1 })).toEqual({ loanIds: [1, 2, 3] });
    const disbursed = await b.teller.ok('loans.disburseJlg', { groupId: 1, paymentTypeCode: 'CASH' });
    expect(disbursed.loanIds).toEqual([1, 2, 3]);
    expect(disbursed.results.map((r) => [r.status, r.receipt?.amount])).toEqual([
      ['ACTIVE', '20000.00'],
      ['ACTIVE', '20000.00'],
      ['ACTIVE', '15000.00'],
    ]);
    expect((await b.officer.ok('loans.get', { loanId: 2 })).periods.map((p) => [p.dueDate, p.totalDueForPeriod])).toEqual(preview.periods.map((p) => [p.dueDate, p.totalDueForPeriod]));
    // 15,000 at a flat 10%: 3,750 principal and 375 interest a week
    expect((await b.officer.ok('loans.get', { loanId: 3 })).periods[0]).toMatchObject({ dueDate: '2026-03-10', principalDue: '3750.00', interestDue: '375.00' });
    const log = b.core.db.prepare("SELECT operation, count(*) AS n FROM command_log WHERE operation LIKE 'loans.%Jlg' GROUP BY operation ORDER BY operation").all();
    expect(log).toEqual([
      { operation: 'loans.approveJlg', n: 1 },
      { operation: 'loans.disburseJlg', n: 1 },
      { operation: 'loans.submitJlg', n: 1 },
    ]);
    expect(await b.manager.err('loans.approveJlg', { groupId: 1 })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'groupId', code: 'no_loans' }] });
    assertInvariants(b.core);
  });

  it('moves an installment off a holiday on a meeting Tuesday as the meeting moves', async () => {
    const b = await jlgBranch();
    // Tuesday 24 March closed, repayments (and meetings) moved to Wednesday 25th (type 2)
    const { id } = await b.manager.ok('holidays.create', { name: 'Market closed', fromDate: '2026-03-24', toDate: '2026-03-24', reschedulingType: 2, repaymentsRescheduledTo: '2026-03-25' });
    await b.manager.ok('holidays.activate', { holidayId: id });
    const meetings = await b.officer.ok('calendars.meetingDates', { calendarId: 1, fromDate: '2026-03-04', toDate: '2026-03-31' });
    const { loanIds } = await b.officer.ok('loans.submitJlg', { groupId: 1, productId: 1, calendarId: 1, members: [{ clientId: 4, principal: '20000' }] });
    expect(await disbursedDueDates(b, 1, loanIds[0]!)).toEqual(['2026-03-10', '2026-03-17', '2026-03-25', '2026-03-31']);
    expect(meetings.dates.map((d) => d.date)).toEqual(['2026-03-10', '2026-03-17', '2026-03-25', '2026-03-31']);
    assertInvariants(b.core);
  });

  it('takes repayments every two weeks on a weekly meeting, and refuses daily repayments on it and every 3 weeks on a fortnightly one', async () => {
    const b = await jlgBranch();
    const { loanIds } = await b.officer.ok('loans.submitJlg', { groupId: 1, productId: 1, calendarId: 1, members: [{ clientId: 1, principal: '20000', repaymentEvery: 2 }] });
    // every second meeting from the calendar's start week (Fineract's CalendarUtils): 17 and 31 March, 14 and 28 April
    expect(await disbursedDueDates(b, 1, loanIds[0]!)).toEqual(['2026-03-17', '2026-03-31', '2026-04-14', '2026-04-28']);

    // a group meeting every second week: repayments every 3 weeks do not fall on its meetings
    const { id: groupId } = await b.manager.ok('groups.create', { name: 'Upendo', clientMembers: [6, 7, 8], staffId: 2, activationDate: '2026-03-02' });
    const { id: calendarId } = await b.officer.ok('calendars.create', { ...WEEKLY_TUESDAY, entityType: 'GROUP', entityId: groupId, interval: 2 } as never);
    expect(await b.officer.err('loans.submitJlg', { groupId, productId: 1, calendarId, members: [{ clientId: 6, principal: '20000', repaymentEvery: 3 }] })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'members.0.repaymentEvery', code: 'meeting_interval_mismatch' }],
    });
    await b.officer.ok('loans.submitJlg', { groupId, productId: 1, calendarId, members: [{ clientId: 6, principal: '20000', repaymentEvery: 4 }] });

    const { id: daily } = await b.admin.ok('loanProducts.create', { ...KIKUNDI, name: 'Kila Siku', shortName: 'KS', repaymentFrequencyType: 'DAYS', numberOfRepayments: 30 } as never);
    const before = snapshot(b.core);
    expect(await b.officer.err('loans.submitJlg', { groupId: 1, productId: daily, calendarId: 1, members: [{ clientId: 2, principal: '20000' }] })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'productId', code: 'meeting_frequency_mismatch' }],
    });
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });

  it('puts a monthly loan on the first Tuesday of each month when the meeting is monthly on the nth weekday', async () => {
    const b = await jlgBranch();
    // a standalone group of clients 6..8 with its own meeting: the first Tuesday of each month
    const { id: groupId } = await b.manager.ok('groups.create', { name: 'Upendo', clientMembers: [6, 7, 8], staffId: 2, activationDate: '2026-03-02' });
    const { id: calendarId } = await b.officer.ok('calendars.create', { ...WEEKLY_TUESDAY, entityType: 'GROUP', entityId: groupId, frequency: 'MONTHLY', repeatsOnNthDayOfMonth: 'ONE' } as never);
    const { id: monthly } = await b.admin.ok('loanProducts.create', { ...KIKUNDI, name: 'Kikundi Monthly', shortName: 'KM', repaymentFrequencyType: 'MONTHS' } as never);
    const { loanIds } = await b.officer.ok('loans.submitJlg', { groupId, productId: monthly, calendarId, members: [{ clientId: 6, principal: '20000' }] });
    // a plain monthly schedule from 7 April would give 7 May, 7 June, 7 July
    expect(await disbursedDueDates(b, groupId, loanIds[0]!)).toEqual(['2026-04-07', '2026-05-05', '2026-06-02', '2026-07-07']);
    const terms = JSON.parse((b.core.db.prepare('SELECT terms_json FROM loans WHERE id = ?').get(loanIds[0]) as { terms_json: string }).terms_json);
    expect(terms.meeting).toMatchObject({ calendarId, frequency: 'MONTHLY', interval: 1, repeatsOnDay: 'TUESDAY', nthDay: 1 });

    // a holiday on Tuesday 5 May moving repayments to the next repayment date (type 1), activated once the loan is
    // out: the installment goes to the next first Tuesday, 2 June (a month on from 7 April would be 7 May), as the
    // meeting itself goes (calendars.meetingDates)
    const { id: holidayId } = await b.manager.ok('holidays.create', { name: 'Labour day bridge', fromDate: '2026-05-05', toDate: '2026-05-05', reschedulingType: 1 });
    await b.manager.ok('holidays.activate', { holidayId });
    expect(await dueDates(b, loanIds[0]!)).toEqual(['2026-04-07', '2026-06-02', '2026-06-02', '2026-07-07']);
    const meetings = await b.officer.ok('calendars.meetingDates', { calendarId, fromDate: '2026-05-01', toDate: '2026-05-31' });
    expect(meetings.dates).toEqual([{ scheduledDate: '2026-05-05', date: '2026-06-02' }]);
    // the center's meeting is not this group's
    expect(await b.officer.err('loans.submitJlg', { groupId, productId: monthly, calendarId: 1, members: [{ clientId: 6, principal: '20000' }] })).toMatchObject({
      fields: [{ field: 'calendarId', code: 'not_group_calendar' }],
    });
    assertInvariants(b.core);
  });

  it('refuses a non-member naming the member, and writes nothing', async () => {
    const b = await jlgBranch();
    const before = snapshot(b.core);
    const members = [{ clientId: 1, principal: '20000' }, { clientId: 6, principal: '20000' }];
    expect(await b.officer.err('loans.submitJlg', { groupId: 1, productId: 1, calendarId: 1, members })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'members.1.clientId', code: 'not_member' }],
    });
    // a member's principal outside the product's range names the member too
    expect(await b.officer.err('loans.submitJlg', { groupId: 1, productId: 1, members: [{ clientId: 1, principal: '20000' }, { clientId: 2, principal: '100' }] })).toMatchObject({
      fields: [{ field: 'members.1.principal', code: 'out_of_range' }],
    });
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });

  it('disburses with the meeting: a non-meeting date refused, a later meeting takes the first repayment from there', async () => {
    const b = await jlgBranch();
    const body = { groupId: 1, productId: 1, calendarId: 1, syncDisbursementWithMeeting: true, members: [{ clientId: 1, principal: '20000' }] };
    const before = snapshot(b.core);
    expect(await b.officer.err('loans.submitJlg', { ...body, expectedDisbursementDate: '2026-03-04' })).toMatchObject({
      fields: [{ field: 'expectedDisbursementDate', code: 'disbursement_not_meeting_date' }],
    });
    expect(await b.officer.err('loans.submitJlg', { ...body, repaymentsStartingFromDate: '2026-03-11' })).toMatchObject({
      fields: [{ field: 'repaymentsStartingFromDate', code: 'first_repayment_not_meeting_date' }],
    });
    expect(snapshot(b.core)).toBe(before);

    const { loanIds } = await b.officer.ok('loans.submitJlg', body);
    expect((await b.officer.ok('loans.get', { loanId: loanIds[0]! })).group?.syncDisbursementWithMeeting).toBe(true);
    await b.manager.ok('loans.approveJlg', { groupId: 1 });
    setBusinessDate(b.core, '2026-03-11');
    const approved = snapshot(b.core);
    expect(await b.teller.err('loans.disburse', { loanId: loanIds[0]!, paymentTypeCode: 'CASH' })).toMatchObject({
      fields: [{ field: 'actualDisbursementDate', code: 'disbursement_not_meeting_date' }],
    });
    expect(snapshot(b.core)).toBe(approved);
    // disbursed a week late, on the meeting of 10 March: the first repayment is the next meeting, 17 March
    await b.teller.ok('loans.disburseJlg', { groupId: 1, actualDisbursementDate: '2026-03-10', paymentTypeCode: 'CASH' });
    expect(await dueDates(b, loanIds[0]!)).toEqual(['2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07']);
    assertInvariants(b.core);
  });

  it('approves and disburses together or not at all: one failing loan names itself and nothing is posted', async () => {
    const b = await jlgBranch();
    const members = [1, 2, 3].map((clientId) => ({ clientId, principal: '20000' }));
    await b.officer.ok('loans.submitJlg', { groupId: 1, productId: 1, calendarId: 1, members });
    await b.manager.ok('loans.approve', { loanId: 2 });
    let before = snapshot(b.core);
    expect(await b.manager.err('loans.approveJlg', { groupId: 1, loanIds: [1, 2, 3] })).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('NRB-L000002'),
      fields: [{ field: 'loanIds.1.loanId' }],
    });
    expect(snapshot(b.core)).toBe(before);
    expect(await b.manager.ok('loans.approveJlg', { groupId: 1 })).toEqual({ loanIds: [1, 3] });

    // loan 3's approval undone: disbursing the three refuses it, and loans 1 and 2 are not disbursed either
    await b.manager.ok('loans.undoApproval', { loanId: 3 });
    before = snapshot(b.core);
    expect(await b.teller.err('loans.disburseJlg', { groupId: 1, loanIds: [1, 2, 3], paymentTypeCode: 'CASH' })).toMatchObject({
      code: 'INVALID_STATE',
      fields: [{ field: 'loanIds.2.loanId' }],
    });
    expect(snapshot(b.core)).toBe(before);
    // a loan of another group (or none) is refused by name
    expect(await b.teller.err('loans.disburseJlg', { groupId: 1, loanIds: [1, 99], paymentTypeCode: 'CASH' })).toMatchObject({
      fields: [{ field: 'loanIds.1', code: 'not_group_loan' }],
    });
    expect(snapshot(b.core)).toBe(before);
    expect((await b.teller.ok('loans.disburseJlg', { groupId: 1, paymentTypeCode: 'CASH' })).loanIds).toEqual([1, 2]);
    assertInvariants(b.core);
  });
});
