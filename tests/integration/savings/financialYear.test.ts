import { describe, expect, it } from 'vitest';
import { assertInvariants, SETUP_INPUT, snapshot } from '../../support/core';
import { dayEndSavingsBranch, interestState, livePostings, openOn, product } from './dayEndBranch';

/**
 * The financial year's first month (Fineract's financial-year-beginning-month) and posting on the period's last day
 * (savings-interest-posting-current-period-end), two branch settings of settings.update, with the interest posted by
 * day-end over months of business dates. Hand-worked figures at 7.3 % a year on 365 days (0.0002 a day), monthly
 * compounding: a month's interest is the balance-days x 0.0002 on the balance plus the interest of earlier months.
 */
const QUARTERLY = product('Robo', 'RBO', { interestPostingPeriodType: 'QUARTERLY' });
const MONTHLY = product('Mwezi', 'MWZ', { interestPostingPeriodType: 'MONTHLY' });

describe('the financial year, by day-end', () => {
  it('posts quarters of a year from February on 1 May and 1 August', async () => {
    const b = await dayEndSavingsBranch();
    expect(await b.admin.ok('settings.get', {})).toMatchObject({ financialYearBeginningMonth: 1, savingsInterestPostingAtCurrentPeriodEnd: false });
    expect(await b.admin.ok('settings.update', { financialYearBeginningMonth: 2 })).toMatchObject({ financialYearBeginningMonth: 2 });
    const { id: productId } = await b.manager.ok('savingsProducts.create', QUARTERLY as never);
    const id = await openOn(b, productId, '2026-03-10');
    expect(interestState(b.core, id)).toEqual({ checkpoint: null, dueOn: '2026-05-01' });
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });

    // the quarter to 30 April: March 22 days x 100,000 x 0.0002 = 440, compounded 31 March; April 30 x 100,440 x
    // 0.0002 = 602.64; 1,042.64 -> 10.43 posted 1 May (a year from January would post 4.40 on 1 April).
    // The quarter to 31 July: May 31 x 101,042.64 x 0.0002 = 626.464368; June 30 x 101,669.104368 x 0.0002 =
    // 610.014626; July 31 x 102,279.118994 x 0.0002 = 634.130538; 1,870.609532 -> 18.71 posted 1 August.
    await b.manager.ok('dayEnd.run', { untilDate: '2026-04-30' });
    expect(livePostings(b.core, id)).toEqual([]);
    const r = await b.manager.ok('dayEnd.run', { untilDate: '2026-08-01' });
    expect(r.days.filter((d) => d.interestPostings > 0).map((d) => d.date)).toEqual(['2026-05-01', '2026-08-01']);
    expect(livePostings(b.core, id)).toEqual([
      ['2026-05-01', 1043],
      ['2026-08-01', 1871],
    ]);
    expect(interestState(b.core, id)).toEqual({ checkpoint: '2026-08-01', dueOn: '2026-11-01' });
    assertInvariants(b.core);
  }, 60_000);

  it('posts on the period end when the branch says so: January on 31 January', async () => {
    const b = await dayEndSavingsBranch();
    await b.admin.ok('settings.update', { savingsInterestPostingAtCurrentPeriodEnd: true });
    const { id: productId } = await b.manager.ok('savingsProducts.create', MONTHLY as never);
    const id = await openOn(b, productId, '2026-01-05');
    expect(interestState(b.core, id)).toEqual({ checkpoint: null, dueOn: '2026-01-31' });
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    // January 27 days x 1,000,000 x 0.0002 = 5,400 -> 54.00, made by the close of 31 January and dated that day;
    // February (1,000,000 + 5,400) x 28 x 0.0002 = 5,630.24 -> 56.30, dated 28 February
    const r = await b.manager.ok('dayEnd.run', { untilDate: '2026-02-28' });
    expect(r.days.filter((d) => d.interestPostings > 0).map((d) => d.date)).toEqual(['2026-01-31', '2026-02-28']);
    expect(livePostings(b.core, id)).toEqual([
      ['2026-01-31', 5400],
      ['2026-02-28', 5630],
    ]);
    assertInvariants(b.core);
  }, 60_000);

  it("posts Fineract's annual period of a year from April on 31 March (FlexibleSavingsInterestPostingIntegrationTest: 33.7016)", async () => {
    // Fineract's test product (SavingsProductHelper): USD with 4 decimals, 10 % on 365 days, daily compounding, here
    // with annual posting; financial-year-beginning-month 4 and savings-interest-posting-current-period-end on.
    // 1000 from 1 December 2013 to 31 March 2014 (121 days): 1000 x ((1 + 0.1/365)^121 - 1) = 33.701598 -> 33.7016
    const b = await dayEndSavingsBranch({ ...SETUP_INPUT, currency: { code: 'USD', decimalPlaces: 4, inMultiplesOf: 0 } });
    await b.admin.ok('settings.update', { financialYearBeginningMonth: 4, savingsInterestPostingAtCurrentPeriodEnd: true });
    const { id: productId } = await b.manager.ok(
      'savingsProducts.create',
      product('Flexible', 'FLX', { currencyCode: 'USD', nominalAnnualInterestRate: '10', interestCompoundingPeriodType: 'DAILY', interestPostingPeriodType: 'ANNUAL' }) as never,
    );
    const id = await openOn(b, productId, '2013-12-01');
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('dayEnd.run', { untilDate: '2014-04-01' });
    expect(livePostings(b.core, id)).toEqual([['2014-03-31', 337_016]]);
    expect((await b.admin.ok('savings.get', { savingsId: id })).summary.accountBalance).toBe('1033.7016');
    assertInvariants(b.core);
  }, 60_000);
});

describe('changing the settings once interest is posted', () => {
  it('refuses a change that would move periods with interest posted, and takes one that moves none', async () => {
    const b = await dayEndSavingsBranch();
    const { id: monthlyId } = await b.manager.ok('savingsProducts.create', MONTHLY as never);
    const { id: quarterlyId } = await b.manager.ok('savingsProducts.create', QUARTERLY as never);
    const monthly = await openOn(b, monthlyId, '2026-01-05');
    await b.admin.ok('savings.deposit', { savingsId: monthly, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-02-01' });
    expect(livePostings(b.core, monthly)).toEqual([['2026-02-01', 5400]]);

    // a quarterly account opened on 2 February, nothing posted on it yet (its first quarter ends 31 March)
    const quarterly = await openOn(b, quarterlyId, '2026-02-02');
    await b.admin.ok('savings.deposit', { savingsId: quarterly, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-02-02' });
    expect(interestState(b.core, quarterly)).toEqual({ checkpoint: null, dueOn: '2026-04-01' });

    // the interest posted on the monthly account does not stop a new year (monthly periods never move); the
    // quarterly account, with nothing posted, is computed again from activation at the next day-end
    await b.admin.ok('settings.update', { financialYearBeginningMonth: 2 });
    expect(interestState(b.core, quarterly)).toEqual({ checkpoint: null, dueOn: '' });
    expect(interestState(b.core, monthly)).toEqual({ checkpoint: '2026-02-01', dueOn: '2026-03-01' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-02-03' });
    // its first quarter now ends on 30 April
    expect(interestState(b.core, quarterly)).toEqual({ checkpoint: null, dueOn: '2026-05-01' });

    // posting at the period end would move the monthly account's posting dates: refused, naming the setting
    let before = snapshot(b.core);
    const atEnd = await b.admin.err('settings.update', { savingsInterestPostingAtCurrentPeriodEnd: true });
    expect(atEnd).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'savingsInterestPostingAtCurrentPeriodEnd', code: 'interest_posted' }], details: { reason: 'INTEREST_POSTED', accounts: 1 } });
    expect(atEnd.fields![0]!.message).toContain('NRB-S000001');
    expect(snapshot(b.core)).toBe(before);

    // 1 May: the quarter of a year from February is posted (February 27 days, March 31 and April 30 on 100,000, each
    // month on the one before: 540; 31 x 100,540 x 0.0002 = 623.348; 30 x 101,163.348 x 0.0002 = 606.980088;
    // 1,770.328088 -> 17.70)
    await b.manager.ok('dayEnd.run', { untilDate: '2026-05-01' });
    expect(livePostings(b.core, quarterly)).toEqual([['2026-05-01', 1770]]);

    // now a year from March would move its quarters: refused; a year from May keeps them (quarters three months
    // apart) and is taken
    before = snapshot(b.core);
    const march = await b.admin.err('settings.update', { financialYearBeginningMonth: 3 });
    expect(march).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'financialYearBeginningMonth', code: 'interest_posted' }] });
    expect(march.fields![0]!.message).toContain('NRB-S000002');
    expect(snapshot(b.core)).toBe(before);
    expect(await b.admin.ok('settings.update', { financialYearBeginningMonth: 5 })).toMatchObject({ financialYearBeginningMonth: 5 });
    expect(interestState(b.core, quarterly)).toEqual({ checkpoint: '2026-05-01', dueOn: '2026-08-01' });
    // a value out of range is refused by the contract, naming the field
    expect(await b.admin.err('settings.update', { financialYearBeginningMonth: 13 })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'financialYearBeginningMonth' }] });
    // and only an administrator changes them
    expect((await b.manager.err('settings.update', { financialYearBeginningMonth: 1 })).code).toBe('PERMISSION_DENIED');
    assertInvariants(b.core);
  }, 60_000);
});
