import { describe, expect, it } from 'vitest';
import { assertInvariants } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';
import { savingsBranch } from '../../support/savings';

/**
 * A savings statement for a period (issue 16, savings.statement): the balance at the end of the day before the
 * first day, every transaction of the period with the running balance (reversed rows listed and marked, moving
 * nothing), credits, debits and the closing balance. Figures worked by hand in the comments.
 */
describe('savings: a statement for a period', () => {
  it('opens at the end of the day before the period, runs through it (a re-posted interest marked reversed) and closes at its end', async () => {
    // AKIBA: 6 % a year, daily balance, posted monthly, 365 days; opened 1 January 2026 with 500.00 at activation
    const b = await savingsBranch({ ...AKIBA, name: 'Akiba Opening', shortName: 'AKO', minRequiredOpeningBalance: '500' }, { paymentTypeCode: 'CASH' });
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '36000', paymentTypeCode: 'CASH' });
    setBusinessDate(b.core, '2026-02-01');
    // January: 36,500.00 x 6 % / 365 x 31 days = 186.00, posted on 1 February
    await b.accountant.ok('savings.postInterest', {});
    setBusinessDate(b.core, '2026-02-10');
    await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '1000', paymentTypeCode: 'CASH' });
    // a deposit backdated to 16 January: 3,650.00 x 6 % / 365 x 16 days = 9.60 more for January: 186.00 is
    // reversed and 195.60 posted in its place, both dated 1 February
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3650', transactionDate: '2026-01-16', paymentTypeCode: 'CASH' });
    await b.accountant.ok('savings.postInterest', {});

    const s = await b.teller.ok('savings.statement', { savingsId: b.savingsId, fromDate: '2026-01-16', toDate: '2026-02-10' });
    // opening: the end of 15 January = 500.00 + 36,000.00 = 36,500.00
    expect(s).toMatchObject({ fromDate: '2026-01-16', toDate: '2026-02-10', openingBalance: '36500.00', printedOn: '2026-02-10' });
    expect(s.transactions.map((t) => [t.date, t.type, t.amount, t.reversed, t.runningBalance])).toEqual([
      ['2026-01-16', 'DEPOSIT', '3650.00', false, '40150.00'],
      ['2026-02-01', 'INTEREST_POSTING', '186.00', true, '40150.00'],
      ['2026-02-01', 'INTEREST_POSTING', '195.60', false, '40345.60'],
      ['2026-02-10', 'WITHDRAWAL', '1000.00', false, '39345.60'],
    ]);
    // credits 3,650.00 + 195.60 = 3,845.60; debits 1,000.00; closing 36,500.00 + 3,845.60 - 1,000.00 = 39,345.60
    expect(s).toMatchObject({ totalCredits: '3845.60', totalDebits: '1000.00', closingBalance: '39345.60' });
    expect(s.account).toMatchObject({ accountNo: expect.stringMatching(/^NRB-S\d{6}$/), status: 'ACTIVE', product: { name: 'Akiba Opening' }, currency: { code: 'KES' } });
    expect(s.office.code).toBe('NRB');
    // the closing balance is the account's
    expect((await b.teller.ok('savings.get', { savingsId: b.savingsId })).summary.accountBalance).toBe('39345.60');

    // January alone: from nothing, the opening deposit first, then 36,000.00 and the backdated 3,650.00
    const january = await b.teller.ok('savings.statement', { savingsId: b.savingsId, fromDate: '2026-01-01', toDate: '2026-01-31' });
    expect(january.openingBalance).toBe('0.00');
    expect(january.transactions.map((t) => [t.date, t.amount, t.runningBalance, t.note])).toEqual([
      ['2026-01-01', '500.00', '500.00', 'Opening balance'],
      ['2026-01-01', '36000.00', '36500.00', null],
      ['2026-01-16', '3650.00', '40150.00', null],
    ]);
    expect(january).toMatchObject({ totalCredits: '40150.00', totalDebits: '0.00', closingBalance: '40150.00' });
    // a period with nothing in it: opening = closing = the end of 1 February (40,150.00 + 195.60)
    expect(await b.teller.ok('savings.statement', { savingsId: b.savingsId, fromDate: '2026-02-02', toDate: '2026-02-09' })).toMatchObject({ openingBalance: '40345.60', closingBalance: '40345.60', transactions: [] });
    // left out: from the submission date to the business date, everything
    const all = await b.teller.ok('savings.statement', { savingsId: b.savingsId });
    expect(all).toMatchObject({ fromDate: '2026-01-01', toDate: '2026-02-10', openingBalance: '0.00', closingBalance: '39345.60' });
    expect(all.transactions).toHaveLength(6);
    assertInvariants(b.core);
  });

  it('refuses a period that ends before it starts, naming toDate', async () => {
    const b = await savingsBranch();
    expect(await b.teller.err('savings.statement', { savingsId: b.savingsId, fromDate: '2026-01-10', toDate: '2026-01-09' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'toDate', code: 'before_from' }],
    });
    expect((await b.teller.err('savings.statement', { savingsId: 999, fromDate: '2026-01-01' })).code).toBe('NOT_FOUND');
  });
});
