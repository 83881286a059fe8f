import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate } from '../../support/lending';
import { savingsBranch } from '../../support/savings';

/** A manual entry of `amount` dated `date`: office rent (5400) paid from the vault (1110). */
const rent = (date: string, amount = '1') => ({ transactionDate: date, description: 'Office rent', lines: [{ glCode: '5400', debit: amount }, { glCode: '1110', credit: amount }] });

describe('accounting.closures', () => {
  it('lists the closures newest first, with their comments and the instant they were made', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-02-10');
    expect(await b.accountant.ok('accounting.closures', {})).toEqual([]);
    // the test clock starts at 2026-03-02T08:00:00Z; each closure is made a little later
    b.clock.advanceMinutes(30);
    const { id: january } = await b.accountant.ok('accounting.closePeriod', { closingDate: '2026-01-31', comments: 'January books checked' });
    b.clock.advanceMinutes(60);
    const { id: february } = await b.admin.ok('accounting.closePeriod', { closingDate: '2026-02-05' });
    const closures = [
      { id: february, closingDate: '2026-02-05', comments: null, createdAt: '2026-03-02T09:30:00.000Z' },
      { id: january, closingDate: '2026-01-31', comments: 'January books checked', createdAt: '2026-03-02T08:30:00.000Z' },
    ];
    expect(await b.accountant.ok('accounting.closures', {})).toEqual(closures);
    expect(await b.manager.ok('accounting.closures', {})).toEqual(closures); // a branch manager reads them too
    // each closure is a logged command naming what it made
    const log = b.core.db.prepare("SELECT username, entity_ids_json FROM command_log WHERE operation = 'accounting.closePeriod' ORDER BY seq").all();
    expect(log).toEqual([
      { username: 'accountant', entity_ids_json: JSON.stringify([`accounting_closure:${january}`]) },
      { username: 'admin', entity_ids_json: JSON.stringify([`accounting_closure:${february}`]) },
    ]);

    // refused, naming closingDate, writing nothing: on or before the last closure, on or after the business date
    const before = snapshot(b.core);
    for (const [closingDate, code] of [['2026-02-05', 'already_closed'], ['2026-01-15', 'already_closed'], ['2026-02-10', 'not_past'], ['2026-02-11', 'not_past']] as const) {
      expect(await b.accountant.err('accounting.closePeriod', { closingDate }), closingDate).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'closingDate', code }] });
    }
    expect(await b.accountant.err('accounting.closePeriod', { closingDate: '2026-02-30' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'closingDate' }] });
    expect((await b.manager.err('accounting.closePeriod', { closingDate: '2026-02-09' })).code).toBe('PERMISSION_DENIED');
    expect((await b.teller.err('accounting.closures', {})).code).toBe('PERMISSION_DENIED');
    expect(snapshot(b.core)).toBe(before);
    expect(await b.accountant.ok('accounting.closures', {})).toEqual(closures);
  });
});

describe('accounting.closePeriod: postings on or before the closing date', () => {
  it('refuses every kind of posting dated on or before it with PERIOD_CLOSED, writing nothing, and takes them the day after', async () => {
    // an account active since 1 January 2026 holding 1,000.00; a loan of 50,000.00 disbursed 5 January; another
    // approved on 5 January and not yet disbursed
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '1000' });
    const loanId = await activeLoan(b, '2026-01-05');
    const { loanId: approved } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    await b.manager.ok('loans.approve', { loanId: approved });
    setBusinessDate(b.core, '2026-01-20');
    const early = await b.teller.ok('loans.repay', { loanId, transactionAmount: '100' });
    await b.accountant.ok('accounting.postEntry', rent('2026-01-20', '250'));
    setBusinessDate(b.core, '2026-02-10');
    await b.accountant.ok('accounting.closePeriod', { closingDate: '2026-02-05' });
    const booksAtClosing = await b.accountant.ok('accounting.trialBalance', { asOf: '2026-02-05' });

    const before = snapshot(b.core);
    const closed = (field: string) => ({ code: 'PERIOD_CLOSED', fields: [{ field, code: 'period_closed' }], details: { closedUpTo: '2026-02-05' } });
    const id = b.savingsId;
    // on the closing day itself, and before it
    expect(await b.teller.err('savings.deposit', { savingsId: id, transactionAmount: '10', transactionDate: '2026-02-05' })).toMatchObject(closed('transactionDate'));
    expect(await b.teller.err('savings.withdraw', { savingsId: id, transactionAmount: '10', transactionDate: '2026-01-31' })).toMatchObject(closed('transactionDate'));
    expect(await b.teller.err('savings.transferToLoan', { savingsId: id, loanId, transactionAmount: '10', transactionDate: '2026-02-05' })).toMatchObject(closed('transactionDate'));
    expect(await b.teller.err('savings.close', { savingsId: id, withdrawBalance: true, closedOnDate: '2026-02-05' })).toMatchObject(closed('closedOnDate'));
    expect(await b.teller.err('loans.repay', { loanId, transactionAmount: '10', transactionDate: '2026-02-05' })).toMatchObject(closed('transactionDate'));
    expect(await b.teller.err('loans.disburse', { loanId: approved, actualDisbursementDate: '2026-02-05' })).toMatchObject(closed('actualDisbursementDate'));
    expect(await b.accountant.err('accounting.postEntry', rent('2026-02-05'))).toMatchObject({ code: 'PERIOD_CLOSED' });
    // undoing what was posted in the closed period would post its reversal there: refused too
    expect((await b.manager.err('loans.adjustTransaction', { loanId, transactionId: early.transactionId, transactionAmount: '0' })).code).toBe('PERIOD_CLOSED');
    const manual = (b.core.db.prepare("SELECT id FROM journal_entries WHERE manual = 1 ORDER BY id DESC LIMIT 1").get() as { id: number }).id;
    expect((await b.accountant.err('accounting.reverseEntry', { entryId: manual })).code).toBe('PERIOD_CLOSED');
    // January's interest (due 1 February, never posted) can no longer be posted: 1 February is closed
    expect((await b.accountant.err('savings.postInterest', { savingsId: id })).code).toBe('PERIOD_CLOSED');
    expect(snapshot(b.core)).toBe(before);

    // the day after the closing date is open: 1,000.00 + 10.00 - 10.00 = 1,000.00
    expect((await b.teller.ok('savings.deposit', { savingsId: id, transactionAmount: '10', transactionDate: '2026-02-06' })).accountBalance).toBe('1010.00');
    expect((await b.teller.ok('savings.withdraw', { savingsId: id, transactionAmount: '10' })).accountBalance).toBe('1000.00');
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '10', transactionDate: '2026-02-06' });
    await b.teller.ok('loans.disburse', { loanId: approved, actualDisbursementDate: '2026-02-06' });
    await b.accountant.ok('accounting.postEntry', rent('2026-02-06'));
    // the books up to the closing date did not move
    expect(await b.accountant.ok('accounting.trialBalance', { asOf: '2026-02-05' })).toEqual(booksAtClosing);
    assertInvariants(b.core);
  });
});
