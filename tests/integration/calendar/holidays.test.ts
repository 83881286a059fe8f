import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * Working days and holidays as Fineract keeps them (issue 12). Dates are checked by hand against the calendar:
 * 2026-11-12 is a Thursday, 2026-12-12 a Saturday, 2026-12-14 a Monday, 2027-01-12 a Tuesday, 2027-02-12 a Friday,
 * 2027-06-12 a Saturday, 2027-09-12 a Sunday and 2027-09-13 a Monday.
 */
const JAMHURI = { name: 'Jamhuri Day', fromDate: '2026-12-12', toDate: '2026-12-12', reschedulingType: 2, repaymentsRescheduledTo: '2026-12-14' };
const MON_TO_SAT = { recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA', repaymentRescheduleType: 'MOVE_TO_NEXT_WORKING_DAY' };

async function dueDates(b: LendingBranch, loanId: number): Promise<string[]> {
  const loan = await b.officer.ok('loans.get', { loanId });
  return loan.periods.map((p) => p.dueDate);
}

async function fromDates(b: LendingBranch, loanId: number): Promise<string[]> {
  const loan = await b.officer.ok('loans.get', { loanId });
  return loan.periods.map((p) => p.fromDate);
}

describe('holidays and working days', () => {
  it('answers the contract calls exactly as written', async () => {
    const b = await lendingBranch();
    expect(await b.manager.raw('holidays.create', JAMHURI)).toEqual({ ok: true, data: { id: 1 } });
    const listed = await b.teller.ok('holidays.list', {});
    expect(listed.holidays).toEqual([
      expect.objectContaining({ id: 1, name: 'Jamhuri Day', status: 'PENDING', reschedulingType: 'RESCHEDULE_TO_SPECIFIC_DATE', reschedulingTypeCode: 2, repaymentsRescheduledTo: '2026-12-14' }),
    ]);
    const activated = await b.manager.raw('holidays.activate', { holidayId: 1 });
    expect(activated).toMatchObject({ ok: true, data: { holidayId: 1, status: 'ACTIVE', loansRescheduled: 0 } });
    const updated = await b.manager.raw('workingDays.update', MON_TO_SAT);
    expect(updated).toMatchObject({
      ok: true,
      data: { recurrence: MON_TO_SAT.recurrence, repaymentRescheduleType: 'MOVE_TO_NEXT_WORKING_DAY', repaymentRescheduleTypeCode: 2, rescheduleRepaymentsOnHolidays: true },
    });
    const wd = await b.teller.ok('workingDays.get', {});
    expect(wd.workingDays).toEqual(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY']);
    // Fineract's integer code and the name a script may use for "next repayment day"
    await b.manager.ok('workingDays.update', { ...MON_TO_SAT, repaymentRescheduleType: 4 });
    expect((await b.teller.ok('workingDays.get', {})).repaymentRescheduleType).toBe('MOVE_TO_PREVIOUS_WORKING_DAY');
    await b.manager.ok('workingDays.update', { ...MON_TO_SAT, repaymentRescheduleType: 'MOVE_TO_NEXT_REPAYMENT_DAY' });
    expect((await b.teller.ok('workingDays.get', {})).repaymentRescheduleTypeCode).toBe(3);
    expect((await b.manager.ok('holidays.create', { ...JAMHURI, name: 'Boxing', fromDate: '2026-12-26', toDate: '2026-12-26', reschedulingType: 'RESCHEDULETONEXTREPAYMENTDATE', repaymentsRescheduledTo: undefined })).id).toBe(2);
    assertInvariants(b.core);
  });

  it('moves an installment of an active loan due on a holiday, when the holiday is activated', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-11-12');
    const before = await dueDates(b, loanId);
    expect(before.slice(0, 3)).toEqual(['2026-12-12', '2027-01-12', '2027-02-12']);
    const other = await activeLoan(b, '2026-11-13'); // due on the 13th: untouched
    const otherBefore = await dueDates(b, other);

    const { id } = await b.manager.ok('holidays.create', JAMHURI);
    expect(await dueDates(b, loanId)).toEqual(before); // pending: nothing moves
    const result = await b.manager.ok('holidays.activate', { holidayId: id });
    expect(result).toMatchObject({ loansRescheduled: 1, installmentsMoved: 1 });

    const after = await dueDates(b, loanId);
    expect(after[0]).toBe('2026-12-14');
    expect(after.slice(1)).toEqual(before.slice(1));
    expect((await fromDates(b, loanId)).slice(0, 2)).toEqual(['2026-11-12', '2026-12-14']);
    expect(await dueDates(b, other)).toEqual(otherBefore);

    // type 1: to the next repayment date (2027-01-12 -> 2027-02-12)
    const { id: second } = await b.manager.ok('holidays.create', { name: 'Closed', fromDate: '2027-01-11', toDate: '2027-01-12', reschedulingType: 1 });
    await b.manager.ok('holidays.activate', { holidayId: second });
    expect((await dueDates(b, loanId)).slice(0, 3)).toEqual(['2026-12-14', '2027-02-12', '2027-02-12']);

    // a repayment after the move replays on the moved schedule
    setBusinessDate(b.core, '2026-12-14');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '1000', paymentTypeCode: 'CASH' });
    expect((await dueDates(b, loanId))[0]).toBe('2026-12-14');
    const again = await b.manager.err('holidays.activate', { holidayId: id });
    expect(again).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'holidayId' }] });
    assertInvariants(b.core);
  });

  it("gives a new loan a schedule avoiding active holidays and the branch's non-working days", async () => {
    const b = await lendingBranch();
    await b.manager.ok('workingDays.update', { recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA', repaymentRescheduleType: 2 });
    const { id } = await b.manager.ok('holidays.create', JAMHURI);
    await b.manager.ok('holidays.create', { name: 'Pending', fromDate: '2027-01-12', toDate: '2027-01-12', reschedulingType: 2, repaymentsRescheduledTo: '2027-01-15' });
    await b.manager.ok('holidays.activate', { holidayId: id });
    setBusinessDate(b.core, '2026-11-12');
    const expected = [
      '2026-12-14', // Saturday 12th is Jamhuri Day -> its repaymentsRescheduledTo
      '2027-01-12', // a pending holiday changes nothing
      '2027-02-12',
      '2027-03-12',
      '2027-04-12',
      '2027-05-12',
      '2027-06-12', // a Saturday, a working day
      '2027-07-12',
      '2027-08-12',
      '2027-09-13', // Sunday -> Monday
      '2027-10-12',
      '2027-11-12',
    ];
    const preview = await b.officer.ok('loans.previewSchedule', { clientId: b.clientId, productId: b.productId });
    expect(preview.periods.map((p) => p.dueDate)).toEqual(expected);
    const loanId = await activeLoan(b, '2026-11-12');
    expect(await dueDates(b, loanId)).toEqual(expected);
    // the setting off: holidays no longer move new schedules, non-working days still do
    await b.manager.ok('workingDays.update', { recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA', repaymentRescheduleType: 2, rescheduleRepaymentsOnHolidays: false });
    const off = await b.officer.ok('loans.previewSchedule', { clientId: b.clientId, productId: b.productId });
    expect(off.periods.map((p) => p.dueDate).slice(0, 1)).toEqual(['2026-12-12']);
    expect(off.periods[9]!.dueDate).toBe('2027-09-13');
    // the term extends from a holiday's moved date when the branch says so: 14 December, then the 14th of each month
    await b.manager.ok('workingDays.update', { recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA', repaymentRescheduleType: 2, rescheduleRepaymentsOnHolidays: true, extendTermForRepaymentsOnHolidays: true });
    const extended = await b.officer.ok('loans.previewSchedule', { clientId: b.clientId, productId: b.productId });
    expect(extended.periods.map((p) => p.dueDate).slice(0, 3)).toEqual(['2026-12-14', '2027-01-14', '2027-02-15']); // 14 February 2027 is a Sunday
    expect(extended.periods.at(-1)!.dueDate).toBe('2027-11-15'); // 14 November 2027 is a Sunday
    assertInvariants(b.core);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const b = await lendingBranch();
    const { id } = await b.manager.ok('holidays.create', JAMHURI);
    await b.manager.ok('holidays.activate', { holidayId: id });
    const before = snapshot(b.core);
    const refusals: [string, unknown, string, string][] = [
      ['holidays.create', { ...JAMHURI, repaymentsRescheduledTo: undefined }, 'VALIDATION_FAILED', 'repaymentsRescheduledTo'],
      ['holidays.create', { ...JAMHURI, repaymentsRescheduledTo: '2026-12-12' }, 'VALIDATION_FAILED', 'repaymentsRescheduledTo'],
      ['holidays.create', { ...JAMHURI, toDate: '2026-12-11' }, 'VALIDATION_FAILED', 'toDate'],
      ['holidays.create', { ...JAMHURI, fromDate: '2026-02-30' }, 'VALIDATION_FAILED', 'fromDate'],
      ['holidays.create', { ...JAMHURI, reschedulingType: 7 }, 'VALIDATION_FAILED', 'reschedulingType'],
      ['holidays.create', { ...JAMHURI, name: ' ' }, 'VALIDATION_FAILED', 'name'],
      ['holidays.activate', { holidayId: 99 }, 'NOT_FOUND', 'holidayId'],
      ['holidays.activate', { holidayId: id }, 'INVALID_STATE', 'holidayId'],
      ['workingDays.update', { ...MON_TO_SAT, recurrence: 'FREQ=DAILY' }, 'VALIDATION_FAILED', 'recurrence'],
      ['workingDays.update', { ...MON_TO_SAT, recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=' }, 'VALIDATION_FAILED', 'recurrence'],
      ['workingDays.update', { ...MON_TO_SAT, recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,XX' }, 'VALIDATION_FAILED', 'recurrence'],
      ['workingDays.update', { ...MON_TO_SAT, repaymentRescheduleType: 9 }, 'VALIDATION_FAILED', 'repaymentRescheduleType'],
      ['workingDays.update', { ...MON_TO_SAT, extendTermForDailyRepayments: 'yes' }, 'VALIDATION_FAILED', 'extendTermForDailyRepayments'],
    ];
    for (const [operation, input, code, field] of refusals) {
      const e = await b.manager.err(operation, input);
      expect(e, `${operation} ${JSON.stringify(input)}`).toMatchObject({ code, fields: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    expect(await b.teller.err('holidays.create', JAMHURI)).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await b.officer.err('workingDays.update', MON_TO_SAT)).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });
});
