import { describe, expect, it } from 'vitest';
import type { CollectionSheetView } from '../../../shared/contract';
import { assertInvariants } from '../../support/core';
import { dayEndThrough, groupSavings, jlgLoans, sheetBranch, WEEKLY_TUESDAY, type SheetBranch } from './support';

/**
 * A center of 3 groups through 8 weekly meetings (issue 17), the business date moved by day-end between them.
 *
 * Kibera Center 4 meets on Tuesdays: Umoja A (clients 1, 2, 3), Umoja B (4, 5, 6), Umoja C (7, 8). Every member has
 * a JLG loan of 8,000 FLAT 8% for the term over 8 weeks (1,080 an installment: 1,000 principal + 80 interest; 8,640
 * in all), disbursed at the meeting of 3 March 2026, and a voluntary savings account (savings id = client id). A
 * holiday on Tuesday 24 March moves that meeting, and installment 3, to Wednesday 25 March. The meetings: 10, 17,
 * 25 March, 31 March, 7, 14, 21, 28 April. Payments are split by Fineract's mifos-standard order: per installment,
 * oldest first, interest before principal.
 *
 * Who pays what (worked by hand):
 * - meeting 1 (10 March): client 2 pays 500 (partial: 80 interest + 420 principal, 580 left); client 3 is absent and
 *   pays 0; client 4 pays 2,000 (excess: 1,080 for installment 1, then 920 on installment 2: 80 interest + 840
 *   principal); the others 1,080. Deposits 100 each, client 3 none.
 * - meeting 2 (17 March): client 2 owes 580 + 1,080 = 1,660 (arrears 580), client 3 owes 2 x 1,080 = 2,160 (arrears
 *   1,080), client 4 owes 1,080 - 920 = 160 (principal only), the others 1,080: 9,380 in all; each pays what is due.
 * - meeting 3 (25 March, moved): 1,080 each.
 * - meeting 4 (31 March): posted, undone by the manager (the cash back out of the manager's till), entered again with
 *   client 5's 1,080 as 0 (the officer had written it on the wrong line), posted again.
 * - meeting 5 (7 April): client 5 owes 2,160 (arrears 1,080), pays it; meetings 6-8 1,080 each; after meeting 8 every
 *   loan is paid off (8,640 each) and leaves the sheet.
 */

const CLIENTS = [1, 2, 3, 4, 5, 6, 7, 8];
const MEETINGS = ['2026-03-10', '2026-03-17', '2026-03-25', '2026-03-31', '2026-04-07', '2026-04-14', '2026-04-21', '2026-04-28'];

async function kibera(): Promise<SheetBranch> {
  const b = await sheetBranch();
  await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
  await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2, 3], staffId: 2, activationDate: '2026-03-02' });
  await b.manager.ok('groups.create', { name: 'Umoja B', centerId: 1, clientMembers: [4, 5, 6], staffId: 2, activationDate: '2026-03-02' });
  await b.manager.ok('groups.create', { name: 'Umoja C', centerId: 1, clientMembers: [7, 8], staffId: 2, activationDate: '2026-03-02' });
  await b.officer.ok('calendars.create', WEEKLY_TUESDAY);
  const { id } = await b.manager.ok('holidays.create', { name: 'Market closed', fromDate: '2026-03-24', toDate: '2026-03-24', reschedulingType: 2, repaymentsRescheduledTo: '2026-03-25' });
  await b.manager.ok('holidays.activate', { holidayId: id });
  for (const c of CLIENTS) await groupSavings(b, c);
  expect(await jlgLoans(b, 1, [1, 2, 3], '2026-03-03')).toEqual([1, 2, 3]);
  expect(await jlgLoans(b, 2, [4, 5, 6], '2026-03-03')).toEqual([4, 5, 6]);
  expect(await jlgLoans(b, 3, [7, 8], '2026-03-03')).toEqual([7, 8]);
  return b;
}

/** The loan of each client on the sheet (loan id = client id here). */
function loansOf(sheet: CollectionSheetView): Map<number, CollectionSheetView['groups'][number]['clients'][number]['loans'][number]> {
  return new Map(sheet.groups.flatMap((g) => g.clients.flatMap((c) => c.loans.map((l) => [c.clientId, l] as const))));
}

const tillOf = (b: SheetBranch, username: string): number =>
  (b.core.db.prepare('SELECT t.balance FROM tills t JOIN users u ON u.id = t.user_id WHERE u.username = ?').get(username) as { balance: number }).balance;

/** The sheet's body: each loan's amount (the prefilled amountDue unless `paid` says otherwise), deposits, attendance. */
function entries(sheet: CollectionSheetView, paid: Record<number, string> = {}, deposits: Record<number, string> = {}, absent: number[] = []) {
  const clients = sheet.groups.flatMap((g) => g.clients);
  return {
    centerId: 1,
    meetingDate: sheet.meetingDate,
    paymentTypeCode: 'CASH',
    bulkRepaymentTransactions: clients.flatMap((c) => c.loans.map((l) => ({ loanId: l.loanId, transactionAmount: paid[c.clientId] ?? l.amountDue }))),
    bulkSavingsDueTransactions: clients.flatMap((c) => c.savings.map((s) => ({ savingsId: s.savingsId, transactionAmount: deposits[c.clientId] ?? '100' }))),
    clientsAttendance: clients.map((c) => ({ clientId: c.clientId, attendanceType: absent.includes(c.clientId) ? 'ABSENT' : 'PRESENT' })),
  };
}

describe('collection sheet: a center of 3 groups through 8 weekly meetings', () => {
  it('posts full, partial, zero and excess payments, an absent member, a moved meeting, a sheet undone and posted again', async () => {
    const b = await kibera();
    const tellerAtStart = tillOf(b, 'teller');
    const managerAtStart = tillOf(b, 'manager');
    const get = (date: string) => b.officer.ok('collectionSheet.get', { centerId: 1, meetingDate: date });

    // ---- meeting 1, 10 March
    await dayEndThrough(b, '2026-03-09');
    const m1 = await get(MEETINGS[0]!);
    expect(m1.groups.map((g) => [g.groupName, g.totals.members, g.totals.loansDue])).toEqual([
      ['Umoja A', 3, '3240.00'],
      ['Umoja B', 3, '3240.00'],
      ['Umoja C', 2, '2160.00'],
    ]);
    expect(m1.totals).toEqual({ loansDue: '8640.00', savingsDue: '0.00', totalDue: '8640.00', members: 8 });
    expect([...loansOf(m1).values()].every((l) => l.amountDue === '1080.00' && l.arrears === '0.00')).toBe(true);
    const p1 = await b.teller.ok('collectionSheet.post', entries(m1, { 2: '500', 3: '0', 4: '2000' }, { 3: '0' }, [3]));
    // 1,080 x 5 + 500 + 0 + 2,000 = 7,900 repaid, 7 x 100 deposited; client 3 paid nothing: no receipt
    expect(p1.total).toBe('8600.00');
    expect(p1.memberReceipts.map((r) => r.clientId).sort()).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(p1.memberReceipts.find((r) => r.clientId === 4)!.amount).toBe('2100.00');
    expect(p1.loanTransactions).toHaveLength(7);
    const absent = (await get(MEETINGS[0]!)).groups[0]!.clients.find((c) => c.clientId === 3)!;
    expect(absent.attendanceType).toBe('ABSENT');

    // ---- meeting 2, 17 March: arrears and the excess paid ahead
    await dayEndThrough(b, '2026-03-16');
    const m2 = await get(MEETINGS[1]!);
    const l2 = loansOf(m2);
    expect(l2.get(2)).toMatchObject({ principalDue: '1580.00', interestDue: '80.00', amountDue: '1660.00', arrears: '580.00', principalPaid: '420.00', interestPaid: '80.00' });
    expect(l2.get(3)).toMatchObject({ principalDue: '2000.00', interestDue: '160.00', amountDue: '2160.00', arrears: '1080.00', principalPaid: '0.00' });
    expect(l2.get(4)).toMatchObject({ principalDue: '160.00', interestDue: '0.00', amountDue: '160.00', arrears: '0.00', principalPaid: '1840.00', interestPaid: '160.00' });
    expect(l2.get(1)).toMatchObject({ amountDue: '1080.00', arrears: '0.00' });
    // Umoja A 1,080 + 1,660 + 2,160 = 4,900; Umoja B 160 + 1,080 + 1,080 = 2,320; Umoja C 2,160
    expect(m2.groups.map((g) => g.totals.loansDue)).toEqual(['4900.00', '2320.00', '2160.00']);
    expect(m2.totals.loansDue).toBe('9380.00');
    expect((await b.teller.ok('collectionSheet.post', entries(m2))).total).toBe('10180.00');

    // ---- meeting 3, moved by the holiday from Tuesday 24 to Wednesday 25 March
    await dayEndThrough(b, '2026-03-23');
    expect(await b.officer.err('collectionSheet.get', { centerId: 1, meetingDate: '2026-03-24' })).toMatchObject({ fields: [{ field: 'meetingDate', code: 'not_meeting_date' }] });
    await dayEndThrough(b, '2026-03-24');
    const m3 = await get(MEETINGS[2]!);
    expect(m3).toMatchObject({ meetingDate: '2026-03-25', scheduledDate: '2026-03-24' });
    expect([...loansOf(m3).values()].map((l) => [l.amountDue, l.arrears])).toEqual(CLIENTS.map(() => ['1080.00', '0.00']));
    expect(m3.totals.loansDue).toBe('8640.00');
    await b.teller.ok('collectionSheet.post', entries(m3));

    // ---- meeting 4, 31 March: posted, undone, entered again and posted again
    await dayEndThrough(b, '2026-03-30');
    const m4 = await get(MEETINGS[3]!);
    expect(m4.totals.loansDue).toBe('8640.00');
    const tellerBefore4 = tillOf(b, 'teller');
    const wrong = await b.teller.ok('collectionSheet.post', entries(m4));
    expect(wrong.total).toBe('9440.00');
    expect(tillOf(b, 'teller') - tellerBefore4).toBe(944000);
    // the cash came in as one handover: one movement for the 8 repayments (8,640) and one for the 8 deposits (800),
    // while each repayment's and deposit's journal entry keeps its own till line
    const lastCommand = (b.core.db.prepare('SELECT max(command_seq) AS s FROM till_movements').get() as { s: number }).s;
    expect(b.core.db.prepare('SELECT kind, amount, description FROM till_movements WHERE command_seq = ? ORDER BY id').all(lastCommand)).toEqual([
      { kind: 'LOAN_REPAYMENT', amount: 864000, description: 'Collection sheet Kibera Center 4 2026-03-31' },
      { kind: 'SAVINGS_DEPOSIT', amount: 80000, description: 'Collection sheet Kibera Center 4 2026-03-31' },
    ]);
    const managerBefore = tillOf(b, 'manager');
    await b.manager.ok('collectionSheet.undo', { sheetId: wrong.sheetId });
    expect(managerBefore - tillOf(b, 'manager')).toBe(944000);
    const again4 = await get(MEETINGS[3]!);
    expect(again4.state).toBe('NEW');
    expect(again4.groups).toEqual(m4.groups);
    await b.officer.ok('collectionSheet.save', entries(m4, { 5: '0' }));
    expect((await get(MEETINGS[3]!)).state).toBe('DRAFT');
    const right = await b.teller.ok('collectionSheet.post', entries(m4, { 5: '0' }));
    // 7 x 1,080 + 0 + 8 x 100
    expect(right.total).toBe('8360.00');
    expect(await b.manager.err('collectionSheet.undo', { sheetId: wrong.sheetId })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'sheetId', code: 'already_undone' }] });

    // ---- meeting 5, 7 April: client 5's zero is in arrears; the undo of last week's sheet is refused after day-end
    await dayEndThrough(b, '2026-04-06');
    expect(await b.manager.err('collectionSheet.undo', { sheetId: right.sheetId })).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'sheetId', code: 'day_closed' }] });
    const m5 = await get(MEETINGS[4]!);
    expect(loansOf(m5).get(5)).toMatchObject({ principalDue: '2000.00', interestDue: '160.00', amountDue: '2160.00', arrears: '1080.00' });
    expect(m5.totals.loansDue).toBe('9720.00');
    await b.teller.ok('collectionSheet.post', entries(m5));

    // ---- meetings 6 to 8
    for (const [i, lastDay] of [[5, '2026-04-13'], [6, '2026-04-20'], [7, '2026-04-27']] as const) {
      await dayEndThrough(b, lastDay);
      const m = await get(MEETINGS[i]!);
      expect(m.totals.loansDue).toBe('8640.00');
      await b.teller.ok('collectionSheet.post', entries(m));
    }
    // every loan paid off: 8,640 each; gone from the sheet of the last meeting, which stays posted
    for (const loanId of CLIENTS) expect((await b.officer.ok('loans.get', { loanId })).status).toBe('CLOSED_OBLIGATIONS_MET');
    const last = await get(MEETINGS[7]!);
    expect(last.state).toBe('POSTED');
    expect(last.totals.loansDue).toBe('0.00');
    // savings: 8 deposits of 100, client 3 missing the first
    const balances = last.groups.flatMap((g) => g.clients.map((c) => [c.clientId, c.savings[0]!.accountBalance]));
    expect(balances).toEqual(expect.arrayContaining([[1, '800.00'], [3, '700.00'], [8, '800.00']]));
    // the cash: 8 x 8,640 repaid + 63 deposits of 100 = 75,420 through the teller's till, plus the 9,440 of the sheet
    // the manager undid (out of the manager's till)
    expect(tillOf(b, 'teller') - tellerAtStart).toBe(8486000);
    expect(managerAtStart - tillOf(b, 'manager')).toBe(944000);
    assertInvariants(b.core);
  });
});
