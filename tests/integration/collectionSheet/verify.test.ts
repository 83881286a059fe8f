import { describe, expect, it } from 'vitest';
import { insertItem } from '../../../electron/core/services/collectionSheet/repository';
import { verifyDatabase } from '../../../electron/core/verify';
import { asCommand } from '../../support/command';
import { setBusinessDate } from '../../support/lending';
import { groupSavings, jlgLoans, sheetBranch, WEEKLY_TUESDAY } from './support';

/** `branchbox verify` on posted collection sheets (verify/groups.ts collectionSheetsFault). */
describe('verify: posted collection sheets', () => {
  it('is clean after a post, an undo and a post again, and finds an item that is not the transaction it names', async () => {
    const b = await sheetBranch();
    await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
    await b.manager.ok('groups.create', { name: 'Umoja A', centerId: 1, clientMembers: [1, 2, 3, 4, 5], staffId: 2, activationDate: '2026-03-02' });
    await b.officer.ok('calendars.create', WEEKLY_TUESDAY);
    const loans = await jlgLoans(b, 1, [1, 2, 3], '2026-03-03');
    const savingsId = await groupSavings(b, 1);
    setBusinessDate(b.core, '2026-03-10');
    const body = {
      centerId: 1,
      meetingDate: '2026-03-10',
      paymentTypeCode: 'CASH',
      bulkRepaymentTransactions: loans.map((loanId) => ({ loanId, transactionAmount: '1080' })),
      bulkSavingsDueTransactions: [{ savingsId, transactionAmount: '250' }],
      clientsAttendance: [{ clientId: 1, attendanceType: 'PRESENT' }],
    };
    const first = await b.teller.ok('collectionSheet.post', body);
    await b.manager.ok('collectionSheet.undo', { sheetId: first.sheetId });
    const second = await b.teller.ok('collectionSheet.post', body);
    expect(second.total).toBe('3490.00');
    expect(verifyDatabase(b.core.db).faults).toEqual([]);

    // a faulty command adding to the sheet a repayment item naming the deposit's neighbour transaction
    asCommand(b, 'teller', (ctx) =>
      insertItem(ctx.db, 'NRB-collectionsheetitem-test', second.sheetId, { client_id: 1, kind: 'LOAN_REPAYMENT', loan_transaction_id: second.loanTransactions[0]!, savings_transaction_id: null, amount: 0, attendance_type: null, previous_attendance_type: null, receipt_id: null }),
    );
    expect(verifyDatabase(b.core.db).faults).toContainEqual(expect.stringMatching(/^collection sheets: item \d+ of sheet 2 \(LOAN_REPAYMENT\) is not the transaction it names, as posted$/));
  });
});
