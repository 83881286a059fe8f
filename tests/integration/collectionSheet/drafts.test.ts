import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openCore } from '../../../electron/core';
import { assertInvariants, Caller, snapshot, tempDir, TestClock } from '../../support/core';
import { setBusinessDate } from '../../support/lending';
import { dayEndThrough, groupSavings, jlgLoans, sheetBranch, WEEKLY_TUESDAY, type SheetBranch } from './support';

/**
 * Drafts, refusals and day-end. Each loan: 8,000 FLAT 8% for the term over 8 weeks, 1,080 an installment (1,000
 * principal + 80 interest), disbursed on Tuesday 3 March 2026, the first installment due at the meeting of 10 March.
 */

/** Center 1, group 1 of clients 1, 2, 3 with JLG loans 1, 2, 3 and savings accounts 1, 2, 3; business date 10 March. */
async function umoja(): Promise<SheetBranch> {
  const b = await sheetBranch();
  await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
  await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2, 3], staffId: 2, activationDate: '2026-03-02' });
  await b.officer.ok('calendars.create', WEEKLY_TUESDAY);
  await jlgLoans(b, 1, [1, 2, 3], '2026-03-03');
  for (const c of [1, 2, 3]) await groupSavings(b, c);
  setBusinessDate(b.core, '2026-03-10');
  return b;
}

const full = {
  centerId: 1,
  meetingDate: '2026-03-10',
  paymentTypeCode: 'CASH',
  bulkRepaymentTransactions: [
    { loanId: 1, transactionAmount: '1080' },
    { loanId: 2, transactionAmount: '1080' },
    { loanId: 3, transactionAmount: '1080' },
  ],
  bulkSavingsDueTransactions: [
    { savingsId: 1, transactionAmount: '50' },
    { savingsId: 2, transactionAmount: '0' },
    { savingsId: 3, transactionAmount: '50' },
  ],
  clientsAttendance: [
    { clientId: 1, attendanceType: 'PRESENT' },
    { clientId: 2, attendanceType: 1 },
    { clientId: 3, attendanceType: 'LATE' },
  ],
};

describe('collection sheet: a failed member, drafts, day-end', () => {
  it('posts nothing when one member fails, and names the member and the line', async () => {
    const b = await umoja();
    await b.officer.ok('collectionSheet.save', full);
    const before = snapshot(b.core);
    // client 3's savings account blocked by the manager: the deposit on line 2 fails, the whole sheet with it
    await b.manager.ok('savings.block', { savingsId: 3, reason: 'Court order' });
    const blocked = snapshot(b.core);
    const err = await b.teller.err('collectionSheet.post', full);
    expect(err).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'bulkSavingsDueTransactions.2.savingsId', code: 'credits_blocked' }] });
    expect(err.message).toMatch(/^Akinyi Kamau: Savings account NRB-S000003 is blocked/);
    expect(snapshot(b.core)).toBe(blocked);
    await b.manager.ok('savings.unblock', { savingsId: 3, reason: 'Lifted' });
    expect(before).not.toBe(blocked);

    // an overpayment beyond the branch's margin (10% of the 8,640 owed: at most 864 over) needs the manager's approval
    const over = { ...full, bulkRepaymentTransactions: [{ loanId: 1, transactionAmount: '1080' }, { loanId: 2, transactionAmount: '9600' }] };
    const unapproved = await b.teller.err('collectionSheet.post', over);
    expect(unapproved).toMatchObject({ code: 'OVERPAYMENT_APPROVAL_REQUIRED', fields: [{ field: 'bulkRepaymentTransactions.1.transactionAmount', code: 'overpayment' }] });
    expect(unapproved.message).toMatch(/^Wanjiku Kamau: /);
    // a loan that is not on the sheet, a negative amount, an amount in the wrong format: refused before anything
    expect(await b.teller.err('collectionSheet.post', { ...full, bulkRepaymentTransactions: [{ loanId: 9, transactionAmount: '10' }] })).toMatchObject({ fields: [{ field: 'bulkRepaymentTransactions.0.loanId', code: 'not_on_sheet' }] });
    expect(await b.teller.err('collectionSheet.post', { ...full, bulkRepaymentTransactions: [{ loanId: 1, transactionAmount: '-5' }] })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'bulkRepaymentTransactions.0.transactionAmount' }] });
    expect(await b.teller.err('collectionSheet.post', { ...full, clientsAttendance: [{ clientId: 1, attendanceType: 0 }] })).toMatchObject({ fields: [{ field: 'clientsAttendance.0.attendanceType' }] });
    expect(await b.teller.err('collectionSheet.post', { ...full, meetingDate: '2026-03-17' })).toMatchObject({ fields: [{ field: 'meetingDate', code: 'after_business_date' }] });
    expect(snapshot(b.core)).not.toBe(before); // the block and its lifting are the only writes since
    // a till's cash limit passed by the sheet: the sheet's own approval field, not a line's
    await b.manager.ok('tills.setLimit', { username: 'teller', cashLimit: '9978000' }); // it holds 10,000,000 less the 3 loans of 8,000 paid out: 9,976,000
    expect(await b.teller.err('collectionSheet.post', full)).toMatchObject({ code: 'APPROVAL_REQUIRED', fields: [{ field: 'approval', code: 'required' }] });
    const approved = await b.teller.ok('collectionSheet.post', { ...over, approval: { username: 'manager', password: 'Str0ng-pass-2026' } });
    // 1,080 + 9,600 + 50 + 50 (0 posts nothing): two members paid (client 3 deposited 50), so three receipts
    expect(approved.total).toBe('10780.00');
    expect(approved.memberReceipts.map((r) => [r.clientId, r.amount])).toEqual([[1, '1130.00'], [2, '9600.00'], [3, '50.00']]);
    assertInvariants(b.core);
  });

  it('keeps a saved draft across a restart, lists it at day-end without blocking it, and refuses a loan officer not its own', async () => {
    const b = await umoja();
    // the loan officer of another center cannot save this one's sheet
    await b.manager.ok('groups.assignStaff', { groupId: 1, staffId: 1 });
    await b.manager.ok('centers.assignStaff', { centerId: 1, staffId: 1 });
    expect(await b.officer.err('collectionSheet.save', full)).toMatchObject({ code: 'PERMISSION_DENIED', fields: [{ field: 'centerId', code: 'not_own' }] });
    await b.manager.ok('centers.assignStaff', { centerId: 1, staffId: 2 });
    // the same books on a file: saved there, the core closed and opened again on the file
    const dir = tempDir('branchbox-sheet-');
    writeFileSync(join(dir, DATABASE_FILE), b.core.db.serialize());
    b.core.close();
    const clock = new TestClock(new Date('2026-03-10T09:00:00Z').getTime());
    const first = await openCore({ dataDir: dir, clock });
    const officer = new Caller(first);
    await officer.ok('session.login', { username: 'officer', password: 'Str0ng-pass-2026' });
    await officer.ok('collectionSheet.save', { ...full, bulkRepaymentTransactions: [{ loanId: 1, transactionAmount: '500' }] });
    // saved again: the draft replaced
    await officer.ok('collectionSheet.save', full);
    first.close();
    const again = await openCore({ dataDir: dir, clock });
    const manager = new Caller(again);
    await manager.ok('session.login', { username: 'manager', password: 'Str0ng-pass-2026' });
    const drafts = await manager.ok('collectionSheet.drafts', {});
    // 3 x 1,080 + 50 + 0 + 50 = 3,340
    expect(drafts).toEqual([{ centerId: 1, groupId: null, name: 'Kibera Center 4', meetingDate: '2026-03-10', savedBy: 'officer', savedAt: '2026-03-10T09:00:00.000Z', total: '3340.00' }]);
    expect((await manager.ok('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-10' })).draft?.bulkRepaymentTransactions).toEqual(full.bulkRepaymentTransactions.map((t) => ({ ...t, transactionAmount: '1080.00' })));
    expect((await manager.ok('dayEnd.preview', {})).collectionSheetDrafts).toEqual(drafts);
    again.close();
  });

  it('lets day-end run with a draft saved, listing it', async () => {
    const b = await umoja();
    await b.officer.ok('collectionSheet.save', full);
    expect((await b.manager.ok('dayEnd.preview', {})).collectionSheetDrafts).toMatchObject([{ centerId: 1, meetingDate: '2026-03-10', total: '3340.00' }]);
    await dayEndThrough(b, '2026-03-10');
    expect((await b.manager.ok('dayEnd.preview', {})).businessDate).toBe('2026-03-11');
    // still there the next day; posted late (dated the meeting), it is consumed
    expect(await b.manager.ok('collectionSheet.drafts', {})).toHaveLength(1);
    await b.teller.ok('collectionSheet.post', full);
    expect(await b.manager.ok('collectionSheet.drafts', {})).toEqual([]);
    assertInvariants(b.core);
  });
});
