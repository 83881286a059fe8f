import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../../support/core';
import { activeLoan, AKIBA, setBusinessDate, tillCash } from '../../support/lending';
import { openSavings, savingsBranch } from '../../support/savings';

/**
 * Lock-in (Fineract's lockinPeriodFrequency / lockinPeriodFrequencyType): the account's lockedInUntil is the
 * activation date plus the period; a debit dated before it is refused (INVALID_STATE on the date field), a debit
 * dated on it or later is allowed (Fineract: locked while lockedInUntil is after the transaction date).
 */
const LOCKED = { ...AKIBA, name: 'Akiba Lock-in', shortName: 'AKL', lockinPeriodFrequency: 3, lockinPeriodFrequencyType: 'MONTHS' } as const;

describe('savings lock-in: withdrawals', () => {
  it('refuses withdrawals until the lock-in ends, writing nothing, and allows them from its last day on', async () => {
    // activated 1 January 2026 + 3 months = locked in until 1 April 2026
    const b = await savingsBranch(LOCKED);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '5000' });
    expect((await b.teller.ok('savings.get', { savingsId: b.savingsId })).timeline).toMatchObject({ activatedOn: '2026-01-01', lockedInUntil: '2026-04-01' });

    setBusinessDate(b.core, '2026-03-31');
    const before = snapshot(b.core);
    const e = await b.teller.err('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '500' });
    expect(e).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'transactionDate', code: 'locked_in' }], details: { lockedInUntil: '2026-04-01' } });
    expect(snapshot(b.core)).toBe(before);
    // deposits are not locked: 5000 + 250 = 5250.00
    expect((await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '250' })).accountBalance).toBe('5250.00');

    setBusinessDate(b.core, '2026-04-01');
    // a withdrawal backdated into the lock-in is still refused
    const beforeBackdated = snapshot(b.core);
    const backdated = await b.teller.err('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '500', transactionDate: '2026-03-31' });
    expect(backdated).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'transactionDate', code: 'locked_in' }] });
    expect(snapshot(b.core)).toBe(beforeBackdated);
    // on 1 April: 5250 - 500 = 4750.00 (no interest posted: no posting run was made)
    const w = await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '500' });
    expect(w).toMatchObject({ accountBalance: '4750.00', receipt: { kind: 'SAVINGS_WITHDRAWAL', amount: '500.00', balanceAfter: '4750.00', transactionDate: '2026-04-01' } });
    const s = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(s.transactions.map((t) => [t.type, t.date, t.amount, t.runningBalance])).toEqual([
      ['DEPOSIT', '2026-01-01', '5000.00', '5000.00'],
      ['DEPOSIT', '2026-03-31', '250.00', '5250.00'],
      ['WITHDRAWAL', '2026-04-01', '500.00', '4750.00'],
    ]);
    // the teller's till: 10,000,000 + 5000 + 250 - 500
    expect((await tillCash(b.manager, 'teller'))).toBe('10004750.00');
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((r) => r.glCode === '2100')).toMatchObject({ credit: '4750.00' }); // savings control
    assertInvariants(b.core);
  });

  it('counts the lock-in from the activation date in days, weeks, months (clamped to the month end) and years', async () => {
    const b = await savingsBranch();
    setBusinessDate(b.core, '2026-01-31');
    // activated 31 January 2026: +10 days = 10 February; +2 weeks = 14 February; +1 month = 28 February (no
    // 31 February); +1 year = 31 January 2027; 0 months = no lock-in at all
    const cases = [
      { shortName: 'LD10', lockinPeriodFrequency: 10, lockinPeriodFrequencyType: 'DAYS', until: '2026-02-10' },
      { shortName: 'LW2', lockinPeriodFrequency: 2, lockinPeriodFrequencyType: 'WEEKS', until: '2026-02-14' },
      { shortName: 'LM1', lockinPeriodFrequency: 1, lockinPeriodFrequencyType: 'MONTHS', until: '2026-02-28' },
      { shortName: 'LY1', lockinPeriodFrequency: 1, lockinPeriodFrequencyType: 'YEARS', until: '2027-01-31' },
      { shortName: 'LM0', lockinPeriodFrequency: 0, lockinPeriodFrequencyType: 'MONTHS', until: null },
    ] as const;
    const accounts: number[] = [];
    for (const { until: _until, ...lockIn } of cases) {
      const { id } = await b.manager.ok('savingsProducts.create', { ...AKIBA, name: `Lock-in ${lockIn.shortName}`, ...lockIn });
      const savingsId = await openSavings(b, id);
      await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '1000' });
      accounts.push(savingsId);
    }
    for (const [i, c] of cases.entries()) {
      const savingsId = accounts[i]!;
      expect((await b.teller.ok('savings.get', { savingsId })).timeline.lockedInUntil).toBe(c.until);
      const end = c.until ?? '2026-01-31';
      setBusinessDate(b.core, end);
      if (c.until) {
        const dayBefore = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        const before = snapshot(b.core);
        const e = await b.teller.err('savings.withdraw', { savingsId, transactionAmount: '100', transactionDate: dayBefore });
        expect(e, c.shortName).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'transactionDate', code: 'locked_in' }], details: { lockedInUntil: c.until } });
        expect(snapshot(b.core)).toBe(before);
      }
      // 1000 - 100 = 900.00 (the 100 floor of the product is kept)
      expect((await b.teller.ok('savings.withdraw', { savingsId, transactionAmount: '100' })).accountBalance, c.shortName).toBe('900.00');
    }
    assertInvariants(b.core);
  });
});

describe('savings lock-in: other ways out', () => {
  it('refuses a transfer to a loan during the lock-in, and allows it after', async () => {
    const b = await savingsBranch(LOCKED);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '6000' });
    // the client's loan: 50,000 at 24 % a year over 12 months, EMI 4727.98 (lending tests)
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const before = snapshot(b.core);
    const e = await b.teller.err('savings.transferToLoan', { savingsId: b.savingsId, loanId, transactionAmount: '4727.98' });
    expect(e).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'transactionDate', code: 'locked_in' }], details: { lockedInUntil: '2026-04-01' } });
    expect(snapshot(b.core)).toBe(before);
    setBusinessDate(b.core, '2026-04-01');
    // 6000 - 4727.98 = 1272.02
    const t = await b.teller.ok('savings.transferToLoan', { savingsId: b.savingsId, loanId, transactionAmount: '4727.98' });
    expect(t.accountBalance).toBe('1272.02');
    assertInvariants(b.core);
  });

  it('refuses closing an account with its balance paid out during the lock-in (Fineract: the payout is a withdrawal)', async () => {
    const b = await savingsBranch(LOCKED);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '5000' });
    setBusinessDate(b.core, '2026-02-16');
    const before = snapshot(b.core);
    const e = await b.teller.err('savings.close', { savingsId: b.savingsId, withdrawBalance: true });
    expect(e).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'closedOnDate', code: 'locked_in' }], details: { lockedInUntil: '2026-04-01' } });
    expect(snapshot(b.core)).toBe(before);
    expect((await b.teller.ok('savings.get', { savingsId: b.savingsId })).status).toBe('ACTIVE');
    // from the day the lock-in ends it closes: January, February and March interest posted (monthly compounding,
    // the unrounded interest in the base): 5000 x 6 % / 365 x 31 = 25.479452 -> 25.48;
    // 5025.479452 x 6 % / 365 x 28 = 23.130974 -> 23.13; 5048.610426 x 6 % / 365 x 31 = 25.727165 -> 25.73;
    // paid out 5000 + 25.48 + 23.13 + 25.73 = 5074.34
    setBusinessDate(b.core, '2026-04-01');
    const closed = await b.teller.ok('savings.close', { savingsId: b.savingsId, withdrawBalance: true });
    expect(closed).toMatchObject({ accountBalance: '0.00', closedOn: '2026-04-01', receipt: { amount: '5074.34' } });
    // the till: 10,000,000 + 5000 - 5074.34
    expect((await tillCash(b.manager, 'teller'))).toBe('9999925.66');
    assertInvariants(b.core);
  });
});

describe('savings lock-in: product terms', () => {
  it('refuses a lock-in period without its unit, or a unit without a period, naming the missing field (as Fineract)', async () => {
    const b = await savingsBranch();
    const before = snapshot(b.core);
    const noUnit = await b.manager.err('savingsProducts.create', { ...AKIBA, name: 'No unit', shortName: 'NU', lockinPeriodFrequency: 3 });
    expect(noUnit).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'lockinPeriodFrequencyType' }] });
    const noPeriod = await b.manager.err('savingsProducts.create', { ...AKIBA, name: 'No period', shortName: 'NP', lockinPeriodFrequencyType: 'MONTHS' });
    expect(noPeriod).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'lockinPeriodFrequency' }] });
    expect(snapshot(b.core)).toBe(before);
  });
});
