import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { setBusinessDate } from '../../support/lending';
import { groupSavings, jlgLoans, sheetBranch, WEEKLY_TUESDAY, type SheetBranch } from './support';

/**
 * The collection sheet's calls as issue 17 writes them. Figures by hand: each loan is 8,000 FLAT 8% for the term
 * over 8 weeks (tests/integration/collectionSheet/support.ts): 1,000 principal + 80 interest = 1,080 a week, 8,640 in
 * all; disbursed Tuesday 3 March 2026, first installment due at the next meeting, Tuesday 10 March.
 */

const tillOf = (b: SheetBranch, username: string): number =>
  (b.core.db.prepare('SELECT t.balance FROM tills t JOIN users u ON u.id = t.user_id WHERE u.username = ?').get(username) as { balance: number }).balance;

/**
 * Center 1 with group 1 of clients 1..5 on the Tuesday calendar 1; loans 1..4 JLG of clients 2..5, loans 5 and 6
 * individual (clients 6 and 7: not on the sheet), loan 7 JLG of client 1; savings 1..7 of clients 2..8, 8 of
 * client 6, 9 of client 1. So the issue's loanId 7 and savingsId 9 are client 1's.
 */
async function kibera(): Promise<SheetBranch> {
  const b = await sheetBranch();
  expect(await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' })).toEqual({ id: 1 });
  expect(await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2, 3, 4, 5], staffId: 2, activationDate: '2026-03-02' })).toEqual({ id: 1 });
  expect(await b.officer.ok('calendars.create', WEEKLY_TUESDAY)).toEqual({ id: 1 });
  expect(await jlgLoans(b, 1, [2, 3, 4, 5], '2026-03-03')).toEqual([1, 2, 3, 4]);
  for (const c of [6, 7]) {
    const { loanId } = await b.officer.ok('loans.submit', { clientId: c, productId: b.weeklyProductId, principal: '8000', expectedDisbursementDate: '2026-03-03' } as never);
    await b.manager.ok('loans.approve', { loanId });
    await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
  }
  expect(await jlgLoans(b, 1, [1], '2026-03-03')).toEqual([7]);
  for (const c of [2, 3, 4, 5, 6, 7, 8, 6]) await groupSavings(b, c);
  expect(await groupSavings(b, 1)).toBe(9);
  setBusinessDate(b.core, '2026-03-10');
  return b;
}

describe('collection sheet: the calls as the issue writes them', () => {
  it('gets, saves, posts and undoes the sheet of Kibera Center 4', async () => {
    const b = await kibera();
    const sheet = await b.officer.ok('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-10' });
    expect(sheet).toMatchObject({ centerId: 1, centerName: 'Kibera Center 4', groupId: null, calendarId: 1, meetingDate: '2026-03-10', scheduledDate: null, location: 'Kibera market hall', meetingtime: '09:00', state: 'NEW', draft: null, posted: null });
    expect(sheet.groups).toHaveLength(1);
    const group = sheet.groups[0]!;
    expect(group).toMatchObject({ groupId: 1, groupName: 'Umoja A', staffId: 2, staffName: 'Grace Wanjiru' });
    expect(group.clients.map((c) => c.clientId).sort()).toEqual([1, 2, 3, 4, 5]);
    const amina = group.clients.find((c) => c.clientId === 1)!;
    expect(amina).toMatchObject({ clientName: 'Amina Odhiambo', attendanceType: null, totalDue: '1080.00' });
    expect(amina.loans).toEqual([
      expect.objectContaining({ loanId: 7, productName: 'Umoja Weekly', principalDue: '1000.00', interestDue: '80.00', feeDue: '0.00', penaltyDue: '0.00', totalDue: '1080.00', chargesDue: '0.00', amountDue: '1080.00', arrears: '0.00', principalPaid: '0.00', totalOutstanding: '8640.00' }),
    ]);
    expect(amina.savings).toEqual([{ savingsId: 9, accountNo: expect.any(String), productId: 1, productName: 'Akiba Group', dueAmount: '0.00', depositAccountType: 'SAVING_DEPOSIT', accountBalance: '0.00' }]);
    // 5 members, 5 loans of 1,080 each (the individual loans 5 and 6 are not on the sheet)
    expect(group.totals).toEqual({ loansDue: '5400.00', savingsDue: '0.00', totalDue: '5400.00', members: 5 });
    expect(sheet.totals).toEqual(group.totals);
    expect(sheet.loanProducts).toEqual([{ id: 2, name: 'Umoja Weekly' }]);
    expect(sheet.attendanceTypeOptions.map((o) => o.id)).toEqual([1, 2, 3, 4, 5]);
    // the same sheet by the group, and by Fineract's calendarId + transactionDate
    expect((await b.officer.ok('collectionSheet.get', { groupId: 1, meetingDate: '2026-03-10' })).groups).toEqual(sheet.groups);
    expect((await b.officer.ok('collectionSheet.get', { calendarId: 1, transactionDate: '2026-03-10' })).groups).toEqual(sheet.groups);
    // not a meeting date: refused as Fineract ("not a valid meeting date"), naming the field
    expect(await b.officer.err('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-11' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'meetingDate', code: 'not_meeting_date' }] });
    expect((await b.officer.ok('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-11', isTransactionDateOnNonMeetingDate: true })).meetingDate).toBe('2026-03-11');

    const body = {
      centerId: 1,
      meetingDate: '2026-03-10',
      paymentTypeCode: 'CASH',
      bulkRepaymentTransactions: [{ loanId: 7, transactionAmount: '500' }],
      bulkSavingsDueTransactions: [{ savingsId: 9, transactionAmount: '100' }],
      clientsAttendance: [{ clientId: 1, attendanceType: 'PRESENT' }],
    };
    const beforeSave = snapshot(b.core);
    expect(await b.officer.ok('collectionSheet.save', body)).toMatchObject({ centerId: 1, groupId: null, meetingDate: '2026-03-10' });
    // a draft posts nothing: only the draft's row is new
    expect(snapshot(b.core)).not.toBe(beforeSave);
    expect(await b.officer.ok('collectionSheet.drafts', {})).toEqual([{ centerId: 1, groupId: null, name: 'Kibera Center 4', meetingDate: '2026-03-10', savedBy: 'officer', savedAt: expect.any(String), total: '600.00' }]);
    const drafted = await b.officer.ok('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-10' });
    expect(drafted.state).toBe('DRAFT');
    expect(drafted.draft).toMatchObject({ paymentTypeCode: 'CASH', bulkRepaymentTransactions: [{ loanId: 7, transactionAmount: '500.00' }], savedBy: 'officer' });
    expect((await b.officer.ok('collectionSheet.meetings', { meetingDate: '2026-03-10' }))).toEqual([{ centerId: 1, groupId: null, name: 'Kibera Center 4', calendarId: 1, staffName: 'Grace Wanjiru', meetingDate: '2026-03-10', members: 5, state: 'DRAFT' }]);

    // the loan officer cannot post; the teller posts through their till
    expect(await b.officer.err('collectionSheet.post', body)).toMatchObject({ code: 'PERMISSION_DENIED' });
    const till = tillOf(b, 'teller');
    const posted = await b.teller.ok('collectionSheet.post', body);
    expect(posted).toMatchObject({ sheetId: 1, centerId: 1, groupId: null, meetingDate: '2026-03-10', total: '600.00', memberReceipts: [{ clientId: 1, amount: '600.00' }] });
    expect(posted.loanTransactions).toHaveLength(1);
    expect(posted.savingsTransactions).toHaveLength(1);
    expect(tillOf(b, 'teller') - till).toBe(60000);
    // the post gives the receipts' numbers: the first print of each is the original, the next ones copies
    const memberReceipt = await b.teller.ok('receipts.reprint', { number: posted.memberReceipts[0]!.receiptNumber });
    expect(memberReceipt).toMatchObject({ kind: 'COLLECTION_SHEET_MEMBER', copy: false, amount: '600.00', clientName: 'Amina Odhiambo' });
    expect((await b.teller.ok('receipts.reprint', { number: posted.memberReceipts[0]!.receiptNumber })).copy).toBe(true);
    expect(await b.teller.ok('receipts.reprint', { number: posted.receiptNumber })).toMatchObject({ kind: 'COLLECTION_SHEET', copy: false, amount: '600.00' });
    const after = await b.officer.ok('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-10' });
    expect(after.state).toBe('POSTED');
    expect(after.posted).toMatchObject({ sheetId: 1, postedBy: 'teller', businessDate: '2026-03-10', undoable: true, receiptNumber: posted.receiptNumber });
    const aminaAfter = after.groups[0]!.clients.find((c) => c.clientId === 1)!;
    // 500 paid on installment 1 (mifos-standard: interest 80 first, then 420 of principal): 580 principal still due
    expect(aminaAfter).toMatchObject({ attendanceType: 'PRESENT', totalDue: '580.00' });
    expect(aminaAfter.loans[0]).toMatchObject({ principalDue: '580.00', interestDue: '0.00', amountDue: '580.00', principalPaid: '420.00', interestPaid: '80.00', totalOutstanding: '8140.00' });
    expect(aminaAfter.savings[0]!.accountBalance).toBe('100.00');
    expect(await b.officer.ok('collectionSheet.drafts', {})).toEqual([]);
    // posted twice: refused
    expect(await b.teller.err('collectionSheet.post', body)).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'meetingDate', code: 'already_posted' }] });
    expect(await b.officer.err('collectionSheet.save', body)).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'meetingDate', code: 'already_posted' }] });
    // the sheet of the center's group covers the same loans: refused while the center's is posted
    const { centerId: _c, ...rest } = body;
    expect(await b.teller.err('collectionSheet.post', { ...rest, groupId: 1 })).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'groupId', code: 'overlaps_posted' }] });

    // undone by the branch manager through their till: the 600 goes back out of it
    expect(await b.teller.err('collectionSheet.undo', { sheetId: 1 })).toMatchObject({ code: 'PERMISSION_DENIED' });
    const managerTill = tillOf(b, 'manager');
    const undone = await b.manager.ok('collectionSheet.undo', { sheetId: 1 });
    expect(undone).toEqual({ sheetId: 1, loanTransactions: posted.loanTransactions, savingsTransactions: posted.savingsTransactions });
    expect(managerTill - tillOf(b, 'manager')).toBe(60000);
    const again = await b.officer.ok('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-10' });
    expect(again.state).toBe('NEW');
    expect(again.groups).toEqual(sheet.groups);
    // the group's own sheet posted now: the center's refused, as it covers the group
    await b.teller.ok('collectionSheet.post', { ...rest, groupId: 1 });
    expect(await b.teller.err('collectionSheet.post', body)).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'centerId', code: 'overlaps_posted' }] });
    assertInvariants(b.core);
  });
});
