import { describe, expect, it } from 'vitest';
import { assertInvariants } from '../../support/core';
import { allPostings, businessDate, dayEndSavingsBranch, interestState, livePostings, openOn, product } from './dayEndBranch';

/**
 * Daily interest posting (Fineract's interestPostingPeriodType DAILY with daily compounding), posted by day-end's
 * savings step for each day closed: closing day D posts the interest of D - 1, dated D (or, with the branch's
 * savingsInterestPostingAtCurrentPeriodEnd, the interest of D itself, dated D). Figures worked by hand at 7.3 % a
 * year on 365 days: 0.0002 a day, and under daily compounding a day earns (balance + the unrounded interest so far)
 * x 0.0002, rounded to the cent on its own.
 */
const KILA_SIKU = product('Kila Siku', 'KSD', { interestPostingPeriodType: 'DAILY', interestCompoundingPeriodType: 'DAILY' });

describe('daily posting by day-end', () => {
  it('takes the product exactly as the API example writes it', async () => {
    const b = await dayEndSavingsBranch();
    const { id } = await b.manager.ok('savingsProducts.create', KILA_SIKU as never);
    const p = await b.admin.ok('savingsProducts.get', { id });
    expect(p).toMatchObject({ interestPostingPeriodType: 'DAILY', interestCompoundingPeriodType: 'DAILY' });
    // an unknown period type is refused naming the field
    const bad = await b.manager.err('savingsProducts.create', { ...KILA_SIKU, name: 'Weekly', shortName: 'WKY', interestPostingPeriodType: 'WEEKLY' });
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'interestPostingPeriodType' }] });
  });

  it('posts each closed day, re-posts the days a backdated deposit changes, and stays clean', async () => {
    const b = await dayEndSavingsBranch();
    const { id: productId } = await b.manager.ok('savingsProducts.create', KILA_SIKU as never);
    const id = await openOn(b, productId, '2026-01-05');
    expect(interestState(b.core, id)).toEqual({ checkpoint: null, dueOn: '2026-01-06' });
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });

    // closing 5 to 9 January: day k earns 1,000,000 x 0.0002 x 1.0002^k cents = 200, 200.04, 200.080008,
    // 200.120024 -> 2.00 each, posted the next day (the 9th's at the close of the 10th)
    let r = await b.manager.ok('dayEnd.run', { untilDate: '2026-01-09' });
    expect(r.days.map((d) => [d.date, d.interestPostings])).toEqual([
      ['2026-01-05', 0],
      ['2026-01-06', 1],
      ['2026-01-07', 1],
      ['2026-01-08', 1],
      ['2026-01-09', 1],
    ]);
    expect(livePostings(b.core, id)).toEqual([
      ['2026-01-06', 200],
      ['2026-01-07', 200],
      ['2026-01-08', 200],
      ['2026-01-09', 200],
    ]);
    // each close resumed from the day before and left the account due the next day
    expect(interestState(b.core, id)).toEqual({ checkpoint: '2026-01-09', dueOn: '2026-01-10' });
    assertInvariants(b.core);

    // on the 10th: 4,000.00 withdrawn, and 1,000.00 deposited late, dated the 7th
    expect(businessDate(b.core)).toBe('2026-01-10');
    await b.admin.ok('savings.withdraw', { savingsId: id, transactionAmount: '4000', paymentTypeCode: 'MOBILE_MONEY' });
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '1000', paymentTypeCode: 'MOBILE_MONEY', transactionDate: '2026-01-07' });
    // the checkpoint of the 9th is dropped: the close of the 10th computes from activation
    expect(interestState(b.core, id)).toEqual({ checkpoint: null, dueOn: '2026-01-07' });
    // 5th 200; 6th 200.04 (the running total 400.04); 7th (1,100,000 + 400.04) x 0.0002 = 220.080008 -> 2.20 (was
    // 2.00); 8th (1,100,000 + 620.120008) x 0.0002 = 220.124024 -> 2.20 (was 2.00); 9th 220.168049 -> 2.20; the
    // 10th, after the withdrawal: (700,000 + 1,060.412081) x 0.0002 = 140.212082 -> 1.40, posted at the 11th's close
    r = await b.manager.ok('dayEnd.run', { untilDate: '2026-01-11' });
    expect(r.days.map((d) => [d.date, d.interestPostings])).toEqual([
      ['2026-01-10', 3],
      ['2026-01-11', 1],
    ]);
    expect(allPostings(b.core, id)).toEqual([
      ['2026-01-06', 200, false],
      ['2026-01-07', 200, false],
      ['2026-01-08', 200, true],
      ['2026-01-09', 200, true],
      ['2026-01-08', 220, false],
      ['2026-01-09', 220, false],
      ['2026-01-10', 220, false],
      ['2026-01-11', 140, false],
    ]);
    // 10,000.00 + 1,000.00 - 4,000.00 + 2.00 + 2.00 + 2.20 x 3 + 1.40
    const view = await b.admin.ok('savings.get', { savingsId: id });
    expect(view.summary).toMatchObject({ accountBalance: '7012.00', totalInterestPosted: '12.00' });
    // the reversed postings stay on the statement, marked
    expect(view.transactions.filter((t) => t.type === 'INTEREST_POSTING' && t.reversed).map((t) => t.date)).toEqual(['2026-01-08', '2026-01-09']);
    assertInvariants(b.core);
  });

  it('compounds every day for a month of day-ends: 2.00 a day until the 13th day, then 2.01', async () => {
    const b = await dayEndSavingsBranch();
    const { id: productId } = await b.manager.ok('savingsProducts.create', KILA_SIKU as never);
    const id = await openOn(b, productId, '2026-03-01');
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    // day k (from 0) earns 200 x 1.0002^k cents: 200.480528 on day 12 -> 2.00, 200.520624 on day 13 -> 2.01 (and so
    // on to day 30: 200 x 1.0002^30 = 201.2087 -> 2.01)
    await b.manager.ok('dayEnd.run', { untilDate: '2026-03-31' });
    const days = livePostings(b.core, id);
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual(['2026-03-02', 200]);
    expect(days.slice(0, 13).every(([, cents]) => cents === 200)).toBe(true);
    expect(days.slice(13).every(([, cents]) => cents === 201)).toBe(true);
    expect(days.at(-1)).toEqual(['2026-03-31', 201]);
    // 13 x 2.00 + 17 x 2.01 = 60.17
    expect((await b.admin.ok('savings.get', { savingsId: id })).summary.totalInterestPosted).toBe('60.17');
    assertInvariants(b.core);
  }, 60_000);

  it('posts the day closed itself, dated that day, when the branch posts at the period end', async () => {
    const b = await dayEndSavingsBranch();
    await b.admin.ok('settings.update', { savingsInterestPostingAtCurrentPeriodEnd: true });
    const { id: productId } = await b.manager.ok('savingsProducts.create', KILA_SIKU as never);
    const id = await openOn(b, productId, '2026-01-05');
    // due the day it opens: the close of the 5th posts the 5th
    expect(interestState(b.core, id)).toEqual({ checkpoint: null, dueOn: '2026-01-05' });
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    const r = await b.manager.ok('dayEnd.run', { untilDate: '2026-01-07' });
    expect(r.days.map((d) => d.interestPostings)).toEqual([1, 1, 1]);
    // the same amounts as the day after: 200, 200.04, 200.080008 cents
    expect(livePostings(b.core, id)).toEqual([
      ['2026-01-05', 200],
      ['2026-01-06', 200],
      ['2026-01-07', 200],
    ]);
    expect(interestState(b.core, id)).toEqual({ checkpoint: '2026-01-08', dueOn: '2026-01-08' });
    // a deposit on the 8th, before its close: posted with the 8th, on (1,000,600.120008 + 300,000) x 0.0002 = 260.12 -> 2.60
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '3000', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('dayEnd.run', {});
    expect(livePostings(b.core, id).at(-1)).toEqual(['2026-01-08', 260]);
    assertInvariants(b.core);
  });

  it('closes an account on daily posting with the interest up to the day before', async () => {
    const b = await dayEndSavingsBranch();
    const { id: productId } = await b.manager.ok('savingsProducts.create', KILA_SIKU as never);
    const id = await openOn(b, productId, '2026-01-05');
    await b.admin.ok('savings.deposit', { savingsId: id, transactionAmount: '10000', paymentTypeCode: 'MOBILE_MONEY' });
    await b.manager.ok('dayEnd.run', { untilDate: '2026-01-06' });
    // on the 7th, nothing posted yet for the 6th (its close posts the 5th): the close posts it, dated the 7th
    await b.manager.ok('savings.close', { savingsId: id, withdrawBalance: true, paymentTypeCode: 'MOBILE_MONEY' });
    expect(livePostings(b.core, id)).toEqual([
      ['2026-01-06', 200],
      ['2026-01-07', 200],
    ]);
    expect((await b.admin.ok('savings.get', { savingsId: id })).summary.accountBalance).toBe('0.00');
    // a closed account is no longer computed by day-end
    const r = await b.manager.ok('dayEnd.run', {});
    expect(r.days[0]!.interestPostings).toBe(0);
    assertInvariants(b.core);
  });
});
