import { describe, expect, it } from 'vitest';
import { assertInvariants } from '../../support/core';
import { setBusinessDate } from '../../support/lending';
import { loanFiguresOn, loanSummariesOn, type LoanFigures } from '../../../electron/core/services/reports/figures';
import { groupMeasures, groupsFromKept, groupsOnDate } from '../../../electron/core/services/reports/par';
import type { ReportContext } from '../../../electron/core/services/reports/catalogue';
import { portfolioBranch, REPORT_DATE, type PortfolioBranch } from './portfolioScenario';

/**
 * The loan portfolio's reports (issue 18) on the scenario branch of portfolioScenario.ts, every figure worked by
 * hand from its table: each installment is 1,000 principal + 120 interest; a loan owes 12,000 principal and 1,440
 * interest until paid. On 2026-07-01 (an installment due ON the date is not yet overdue):
 *
 * | loan   | officer | principal outstanding         | interest outstanding | overdue installments (due < 07-01)            | days |
 * |--------|---------|-------------------------------|----------------------|-----------------------------------------------|------|
 * | onTime | Grace   | 12,000 - 1,000 = 11,000       | 1,440 - 120 = 1,320  | none (2 due 07-01 itself)                     | 0    |
 * | late5  | Joseph  | 12,000                        | 1,440                | 1 (06-26): 1,000 + 120                        | 5    |
 * | late35 | Grace   | 500 paid = 120 interest + 380 principal (interest first): 11,620 | 1,320 | 1 (05-27): 620 + 0; 2 (06-27): 1,000 + 120 | 35 |
 * | late65 | Joseph  | 12,000                        | 1,440                | 04-27, 05-27, 06-27: 3,000 + 360              | 65   |
 * | late95 | Grace   | 12,000                        | 1,440                | 03-28, 04-28, 05-28, 06-28: 4,000 + 480       | 95   |
 * writtenOff (601) and paidOff (600) are not active. Branch: principal outstanding 58,620, interest 6,960; overdue
 * principal 1,000 + 1,620 + 3,000 + 4,000 = 9,620, interest 120 + 120 + 360 + 480 = 1,080.
 */

const ALL = { staffId: null, productId: null, currencyCode: null };

/**
 * portfolioAtRisk of type 1 on the business date adds up what the loans keep in SQL from the covering index, the
 * other types (and activeLoans) from loan_figures (par.ts groupsFromKept): both give the same principal, overdue
 * and PAR figures for every grouping, and groupsFromKept the same as every loan's figures (figures.ts) added up.
 */
async function sameAsEveryLoan(b: PortfolioBranch): Promise<void> {
  for (const groupBy of ['branch', 'loanOfficer', 'product'] as const) {
    const fast = await run(b, { report: 'portfolioAtRisk', groupBy, parType: 1 });
    const slow = await run(b, { report: 'portfolioAtRisk', groupBy, parType: 3 });
    const common = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !['parType', 'arrearsRate', 'interestOutstanding', 'feesOutstanding'].includes(k)));
    expect(fast.rows.map(common), groupBy).toEqual(slow.rows.map(common));
    expect(common(fast.totals), groupBy).toEqual(common(slow.totals));
    const of = (l: LoanFigures): [number | null, string | null] =>
      groupBy === 'branch' ? [l.officeId, l.officeName] : groupBy === 'loanOfficer' ? [l.officerId, l.officerName] : [l.productId, l.productName];
    const loans = loanSummariesOn(b.core.db, REPORT_DATE, REPORT_DATE, ALL);
    const every = groupMeasures(loans, of).map((g) => ({
      name: g.name, currencyCode: g.currencyCode, clients: g.m.clients.size, loans: g.m.loans, loansInArrears: g.m.loansInArrears, outstanding: g.m.outstanding, overdue: g.m.overdue, atRisk: g.m.atRisk,
      disbursed: loans.filter((l) => of(l)[1] === g.name && l.currencyCode === g.currencyCode).reduce((n, l) => n + l.principal, 0),
    }));
    const kept = groupsFromKept({ db: b.core.db } as ReportContext, groupBy, REPORT_DATE, ALL).map((g) => ({
      name: g.name, currencyCode: g.currencyCode, clients: g.m.distinctClients, loans: g.m.loans, loansInArrears: g.m.loansInArrears, outstanding: g.m.outstanding, overdue: g.m.overdue, atRisk: g.m.atRisk, disbursed: g.disbursed,
    }));
    expect(kept, groupBy).toEqual(every);
  }
}

async function run(b: PortfolioBranch, params: Record<string, unknown>, who = b.manager) {
  return who.ok('reports.run', params as never);
}

describe('portfolio reports on the scenario branch', () => {
  it('portfolio at risk: Fineract arrears rate (parType 1-4) and PAR1/30/60/90, by branch, officer and product; filters; scoped', async () => {
    const b = await portfolioBranch();
    const branch = await run(b, { report: 'portfolioAtRisk', asOf: REPORT_DATE });
    // arrearsRate type 1: 9,620 * 100 / 58,620 = 16.4108 -> 16.41
    // PAR1 (> 1 day): late5 + late35 + late65 + late95 = 12,000 + 11,620 + 12,000 + 12,000 = 47,620 / 58,620 = 81.2351 -> 81.24
    // PAR30: late35 + late65 + late95 = 35,620 / 58,620 = 60.7642 -> 60.76; PAR60: late65 + late95 = 24,000 -> 40.9417 -> 40.94
    // PAR90: late95 = 12,000 -> 20.4708 -> 20.47
    // (type 1 shows the outstanding amount it divides by: principal; type 2 adds interest, 3 and 4 fees)
    const branchFigures = {
      activeLoans: 5, principalOutstanding: '58620.00',
      principalOverdue: '9620.00', interestOverdue: '1080.00', feesOverdue: '0.00', penaltiesOverdue: '0.00', arrearsRate: '16.41',
      par1Principal: '47620.00', par1Ratio: '81.24', par30Principal: '35620.00', par30Ratio: '60.76', par60Principal: '24000.00', par60Ratio: '40.94', par90Principal: '12000.00', par90Ratio: '20.47',
    };
    expect(branch.rows).toEqual([{ officeName: 'Nairobi West', currencyCode: 'KES', parType: 1, ...branchFigures }]);
    expect(branch.totals).toEqual(branchFigures);
    expect(branch.parameters).toMatchObject({ asOf: REPORT_DATE, groupBy: 'branch', parType: 1 });
    expect(branch.columns.map((c) => c.key)).toEqual(expect.arrayContaining(['arrearsRate', 'parType', 'par30Ratio', 'par30Principal']));

    const byOfficer = await run(b, { report: 'portfolioAtRisk', asOf: REPORT_DATE, groupBy: 'loanOfficer' });
    expect(byOfficer.rows).toEqual([
      // Grace: onTime 11,000 + late35 11,620 + late95 12,000 = 34,620; overdue 1,620 + 4,000 = 5,620 -> 16.2334 -> 16.23;
      // PAR1 = PAR30 = late35 + late95 = 23,620 -> 68.2264 -> 68.23; PAR60 = PAR90 = late95 12,000 -> 34.6620 -> 34.66
      expect.objectContaining({ loanOfficer: 'Grace Wanjiru', activeLoans: 3, principalOutstanding: '34620.00', principalOverdue: '5620.00', interestOverdue: '600.00', arrearsRate: '16.23', par1Principal: '23620.00', par1Ratio: '68.23', par30Ratio: '68.23', par60Principal: '12000.00', par60Ratio: '34.66', par90Ratio: '34.66' }),
      // Joseph: late5 12,000 + late65 12,000 = 24,000; overdue 1,000 + 3,000 = 4,000 -> 16.6667 -> 16.67; PAR1 100.00;
      // PAR30 = PAR60 = late65 (65 days) 12,000 -> 50.00; PAR90 none -> 0.00
      expect.objectContaining({ loanOfficer: 'Joseph Mwangi', activeLoans: 2, principalOutstanding: '24000.00', principalOverdue: '4000.00', interestOverdue: '480.00', arrearsRate: '16.67', par1Ratio: '100.00', par30Principal: '12000.00', par30Ratio: '50.00', par60Ratio: '50.00', par90Principal: '0.00', par90Ratio: '0.00' }),
    ]);
    expect(byOfficer.totals).toEqual(branchFigures);
    const byProduct = await run(b, { report: 'portfolioAtRisk', groupBy: 'product' });
    expect(byProduct.rows).toEqual([{ productName: 'Flat Monthly', currencyCode: 'KES', parType: 1, ...branchFigures }]);

    // types 2-4 (no fees or penalties here): (9,620 + 1,080) * 100 / (58,620 + 6,960) = 10,700 / 65,580 = 16.3159 -> 16.32
    for (const parType of [2, 3, 4]) {
      const r = await run(b, { report: 'portfolioAtRisk', parType });
      expect(r.rows[0]).toMatchObject({ parType, arrearsRate: '16.32', par30Ratio: '60.76', interestOutstanding: '6960.00' });
      expect('feesOutstanding' in r.rows[0]!).toBe(parType > 2);
    }
    await sameAsEveryLoan(b);
    expect(await b.manager.err('reports.run', { report: 'portfolioAtRisk', parType: 5 })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'parType' }] });
    expect(await b.manager.err('reports.run', { report: 'portfolioAtRisk', groupBy: 'fund' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'groupBy' }] });

    // filters: one officer; the product; a currency in use and one not
    const grace = await run(b, { report: 'portfolioAtRisk', loanOfficerId: b.grace, groupBy: 'loanOfficer' });
    expect(grace.rows.map((r) => r.loanOfficer)).toEqual(['Grace Wanjiru']);
    expect((await run(b, { report: 'portfolioAtRisk', productId: b.productId })).totals).toEqual(branchFigures);
    expect((await run(b, { report: 'portfolioAtRisk', currencyCode: 'KES' })).totals).toEqual(branchFigures);
    expect((await run(b, { report: 'portfolioAtRisk', currencyCode: 'USD' })).rows).toEqual([]);
    // the loan officer user is Grace: her own portfolio whatever she asks for
    const own = await run(b, { report: 'portfolioAtRisk', groupBy: 'loanOfficer', loanOfficerId: b.joseph }, b.officer);
    expect(own.scopedToStaffId).toBe(b.grace);
    expect(own.rows).toEqual([grace.rows[0]]);
    assertInvariants(b.core);
  });

  it('aging detail and summary, active loans, past maturity, last installment, officer portfolio', async () => {
    const b = await portfolioBranch();
    const detail = await run(b, { report: 'agingDetail' });
    // in arrears only, by client account (Wanjiku, Akinyi, Njeri, Atieno were created in that order)
    // weeks band: 5 -> '<1'; 35 -> floor(34 / 7) + 1 = 5; 65 -> floor(64 / 7) + 1 = 10; 95 (85 or more) -> '12+'
    expect(detail.rows.map((r) => [r.loanId, r.principalOutstanding, r.principalOverdue, r.interestOverdue, r.overdueSince, r.daysInArrears, r.weeksInArrearsBand, r.daysInArrearsBand])).toEqual([
      [b.loans.late5, '12000.00', '1000.00', '120.00', '2026-06-26', 5, '<1', '0 - 30'],
      [b.loans.late35, '11620.00', '1620.00', '120.00', '2026-05-27', 35, '5', '30 - 60'],
      [b.loans.late65, '12000.00', '3000.00', '360.00', '2026-04-27', 65, '10', '60 - 90'],
      [b.loans.late95, '12000.00', '4000.00', '480.00', '2026-03-28', 95, '12+', '90 - 180'],
    ]);
    expect(detail.totals).toMatchObject({ loanAmount: '48000.00', principalOutstanding: '47620.00', principalOverdue: '9620.00', interestOverdue: '1080.00' });

    const weeks = await run(b, { report: 'agingSummary', bands: 'weeks' });
    expect(weeks.rows).toHaveLength(14);
    const nonEmpty = (rows: typeof weeks.rows) => rows.filter((r) => r.loans !== 0).map((r) => [r.arrearsBand, r.loans, r.principalDisbursed, r.principalOutstanding, r.principalOverdue, r.interestOverdue]);
    // weeks: 0 days "On Schedule"; 1-7 days "1"; 29-35 "5"; 64-70 "10"; 85 and more "12+"
    expect(nonEmpty(weeks.rows)).toEqual([
      ['On Schedule', 1, '12000.00', '11000.00', '0.00', '0.00'],
      ['1', 1, '12000.00', '12000.00', '1000.00', '120.00'],
      ['5', 1, '12000.00', '11620.00', '1620.00', '120.00'],
      ['10', 1, '12000.00', '12000.00', '3000.00', '360.00'],
      ['12+', 1, '12000.00', '12000.00', '4000.00', '480.00'],
    ]);
    expect(weeks.totals).toEqual({ loans: 5, principalDisbursed: '60000.00', principalOutstanding: '58620.00', principalOverdue: '9620.00', interestOverdue: '1080.00' });
    const months = await run(b, { report: 'agingSummary', bands: 'months' });
    expect(months.rows.map((r) => [r.arrearsBand, r.loans])).toEqual([['On Schedule', 1], ['0 - 30', 1], ['30 - 60', 1], ['60 - 90', 1], ['90 - 180', 1], ['180 - 360', 0], ['> 360', 0]]);

    const active = await run(b, { report: 'activeLoans' });
    // 5 clients with 5 loans, 4 of them in arrears; disbursed 5 x 12,000
    expect(active.rows).toEqual([
      { officeName: 'Nairobi West', currencyCode: 'KES', clients: 5, activeLoans: 5, loansInArrears: 4, principalDisbursed: '60000.00', principalOutstanding: '58620.00', principalOverdue: '9620.00', interestOutstanding: '6960.00', interestOverdue: '1080.00', feesOutstanding: '0.00', feesOverdue: '0.00', penaltiesOutstanding: '0.00', penaltiesOverdue: '0.00', parType: 1, arrearsRate: '16.41' },
    ]);
    const details = await run(b, { report: 'activeLoansDetails' });
    expect(details.rows.map((r) => [r.loanId, r.loanOfficer, r.disbursedOn, r.maturityDate, r.principalOutstanding, r.interestOutstanding, r.daysInArrears])).toEqual([
      [b.loans.onTime, 'Grace Wanjiru', '2026-05-01', '2027-05-01', '11000.00', '1320.00', 0],
      [b.loans.late5, 'Joseph Mwangi', '2026-05-26', '2027-05-26', '12000.00', '1440.00', 5],
      [b.loans.late35, 'Grace Wanjiru', '2026-04-27', '2027-04-27', '11620.00', '1320.00', 35],
      [b.loans.late65, 'Joseph Mwangi', '2026-03-27', '2027-03-27', '12000.00', '1440.00', 65],
      [b.loans.late95, 'Grace Wanjiru', '2026-02-28', '2027-02-28', '12000.00', '1440.00', 95],
    ]);
    expect(details.totals).toMatchObject({ loanAmount: '60000.00', principalOutstanding: '58620.00', interestOutstanding: '6960.00' });
    expect((await run(b, { report: 'loansPastMaturity' })).rows).toEqual([]);
    expect((await run(b, { report: 'loansInLastInstallment' })).rows).toEqual([]);

    const officers = await run(b, { report: 'loanOfficerPortfolio' });
    // Grace: overdue principal 1,620 + 4,000 = 5,620, all overdue 5,620 + 120 + 480 = 6,220. Joseph: 1,000 + 3,000 = 4,000; 4,000 + 120 + 360 = 4,480
    expect(officers.rows).toEqual([
      { loanOfficer: 'Grace Wanjiru', currencyCode: 'KES', clients: 3, activeLoans: 3, principalOutstanding: '34620.00', loansInArrears: 2, principalOverdue: '5620.00', totalOverdue: '6220.00', arrearsRate: '16.23', par30Principal: '23620.00', par30Ratio: '68.23' },
      { loanOfficer: 'Joseph Mwangi', currencyCode: 'KES', clients: 2, activeLoans: 2, principalOutstanding: '24000.00', loansInArrears: 2, principalOverdue: '4000.00', totalOverdue: '4480.00', arrearsRate: '16.67', par30Principal: '12000.00', par30Ratio: '50.00' },
    ]);
    expect(officers.totals).toEqual({ clients: 5, activeLoans: 5, principalOutstanding: '58620.00', loansInArrears: 4, principalOverdue: '9620.00', totalOverdue: '10700.00', arrearsRate: '16.41', par30Principal: '35620.00', par30Ratio: '60.76' });
    // on 2026-06-01 (every loan's figures, as in the past as-of test below): Grace onTime 11,000 + late35 12,000
    // (5 days: 1,000 + 120) + late95 12,000 (65 days: 3,000 + 360) = 35,000, overdue 4,000 -> 11.4286 -> 11.43,
    // PAR30 late95 12,000 -> 34.2857 -> 34.29; Joseph late5 12,000 + late65 12,000 (35 days: 2,000 + 240) +
    // writtenOff 12,000 (91 days: 3,000 + 360) = 36,000, overdue 5,000 -> 13.8889 -> 13.89, PAR30 24,000 -> 66.67
    const officersThen = await run(b, { report: 'loanOfficerPortfolio', asOf: '2026-06-01' });
    expect(officersThen.rows).toEqual([
      { loanOfficer: 'Grace Wanjiru', currencyCode: 'KES', clients: 3, activeLoans: 3, principalOutstanding: '35000.00', loansInArrears: 2, principalOverdue: '4000.00', totalOverdue: '4480.00', arrearsRate: '11.43', par30Principal: '12000.00', par30Ratio: '34.29' },
      { loanOfficer: 'Joseph Mwangi', currencyCode: 'KES', clients: 3, activeLoans: 3, principalOutstanding: '36000.00', loansInArrears: 2, principalOverdue: '5000.00', totalOverdue: '5600.00', arrearsRate: '13.89', par30Principal: '24000.00', par30Ratio: '66.67' },
    ]);
    expect(officersThen.totals).toMatchObject({ clients: 6, activeLoans: 6, principalOutstanding: '71000.00', totalOverdue: '10080.00', arrearsRate: '12.68', par30Ratio: '50.70' });
    // Grace sees her own row only, in every report
    expect((await run(b, { report: 'loanOfficerPortfolio' }, b.officer)).rows.map((r) => r.loanOfficer)).toEqual(['Grace Wanjiru']);
    expect((await run(b, { report: 'agingDetail' }, b.officer)).rows.map((r) => r.loanId)).toEqual([b.loans.late35, b.loans.late95]);
    expect((await run(b, { report: 'activeLoans' }, b.officer)).rows[0]).toMatchObject({ activeLoans: 3, principalOutstanding: '34620.00' });

    // eight months on (no posting in between): late95's last installment fell due 2027-02-28, one day before
    // 2027-03-01; late65's installment 11 fell due 2027-02-27 and 12 (its last) falls 2027-03-27: its last installment
    setBusinessDate(b.core, '2027-03-01');
    expect((await run(b, { report: 'loansPastMaturity' })).rows.map((r) => [r.loanId, r.daysPastMaturity])).toEqual([[b.loans.late95, 1]]);
    expect((await run(b, { report: 'loansInLastInstallment' })).rows.map((r) => r.loanId)).toEqual([b.loans.late65]);
    assertInvariants(b.core);
  });

  it('closed loans, awaiting approval and disbursal', async () => {
    const b = await portfolioBranch();
    // obligations met: paidOff, 13,440 paid on 2026-04-15 = 12,000 principal + 1,440 interest (the whole flat interest)
    expect((await run(b, { report: 'obligationsMet' })).rows).toEqual([]);
    const met = await run(b, { report: 'obligationsMet', fromDate: '2026-04-01' });
    expect(met.rows).toEqual([expect.objectContaining({ loanId: b.loans.paidOff, closedOn: '2026-04-15', loanAmount: '12000.00', totalRepaid: '13440.00', principalRepaid: '12000.00', interestRepaid: '1440.00', loanOfficer: 'Joseph Mwangi' })]);
    expect(met.parameters).toMatchObject({ fromDate: '2026-04-01', toDate: REPORT_DATE });
    // written off on 2026-06-15, nothing paid: 12,000 principal and 1,440 interest
    expect((await run(b, { report: 'writtenOff' })).rows).toEqual([]);
    const wo = await run(b, { report: 'writtenOff', fromDate: '2026-06-01', toDate: '2026-06-30' });
    expect(wo.rows).toEqual([expect.objectContaining({ loanId: b.loans.writtenOff, writtenOffOn: '2026-06-15', principalWrittenOff: '12000.00', interestWrittenOff: '1440.00', reason: 'client left the area', loanOfficer: 'Joseph Mwangi' })]);
    expect(wo.totals).toMatchObject({ principalWrittenOff: '12000.00', interestWrittenOff: '1440.00' });
    expect((await run(b, { report: 'writtenOff', fromDate: '2026-06-01' }, b.officer)).rows).toEqual([]);
    expect(await b.manager.err('reports.run', { report: 'writtenOff', fromDate: '2026-07-02', toDate: '2026-07-01' })).toMatchObject({ code: 'VALIDATION_FAILED' });

    // awaiting disbursal: approved 2026-06-30, expected 2026-07-06: 5 days to disbursal
    const ad = await run(b, { report: 'awaitingDisbursal' });
    expect(ad.rows).toEqual([expect.objectContaining({ loanId: b.loans.awaitingDisbursal, principal: '12000.00', approvedOn: '2026-06-30', expectedDisbursementDate: '2026-07-06', daysToDisbursal: 5, loanOfficer: 'Joseph Mwangi' })]);
    expect((await run(b, { report: 'awaitingDisbursal', asOf: '2026-06-29' })).rows).toEqual([]);
    expect((await run(b, { report: 'awaitingDisbursal' }, b.officer)).rows).toEqual([]);
    const aa = await run(b, { report: 'awaitingApproval' }, b.officer);
    expect(aa.rows).toEqual([expect.objectContaining({ loanId: b.loans.pendingApproval, daysPendingApproval: 1 })]);
  });

  it('a past as-of date: computed from the transactions dated on or before it, the same after later postings; the kept figures equal the recomputed ones', async () => {
    const b = await portfolioBranch();
    // On 2026-06-01: onTime's installment 1 (due 06-01) paid that day: not overdue, 11,000; late5 disbursed 05-26,
    // nothing due yet: 12,000; late35 1 due 05-27 unpaid (the 500 came 06-10): 5 days, 1,000 overdue; late65 04-27
    // and 05-27: 35 days, 2,000; late95 03-28, 04-28, 05-28: 65 days, 3,000; writtenOff (written off 06-15, so
    // active then) 03-02, 04-02, 05-02: 91 days, 3,000; paidOff closed 04-15: out. Principal 11,000 + 5 x 12,000 = 71,000;
    // overdue 9,000 -> 12.6761 -> 12.68; PAR1 late35 + late65 + late95 + writtenOff = 48,000 -> 67.6056 -> 67.61;
    // PAR30 late65 + late95 + writtenOff 36,000 -> 50.7042 -> 50.70; PAR60 24,000 -> 33.80; PAR90 writtenOff 12,000 -> 16.90
    const past = { report: 'portfolioAtRisk', asOf: '2026-06-01', groupBy: 'loanOfficer' };
    const before = await run(b, past);
    expect(before.totals).toEqual({
      activeLoans: 6, principalOutstanding: '71000.00',
      principalOverdue: '9000.00', interestOverdue: '1080.00', feesOverdue: '0.00', penaltiesOverdue: '0.00', arrearsRate: '12.68',
      par1Principal: '48000.00', par1Ratio: '67.61', par30Principal: '36000.00', par30Ratio: '50.70', par60Principal: '24000.00', par60Ratio: '33.80', par90Principal: '12000.00', par90Ratio: '16.90',
    });
    const agingBefore = await run(b, { report: 'agingDetail', asOf: '2026-06-01' });
    expect(agingBefore.rows.map((r) => [r.loanId, r.daysInArrears])).toEqual([[b.loans.late35, 5], [b.loans.late65, 35], [b.loans.late95, 65], [b.loans.writtenOff, 91]]);
    const detailsBefore = await run(b, { report: 'activeLoansDetails', asOf: '2026-06-01' });
    // months buckets then: onTime and late5 on schedule (0 days), late35 5 days, late65 35, late95 65, writtenOff 91
    const agingThen = await run(b, { report: 'agingSummary', asOf: '2026-06-01', bands: 'months' });
    expect(agingThen.rows.map((r) => [r.arrearsBand, r.loans, r.principalOutstanding, r.principalOverdue])).toEqual([
      ['On Schedule', 2, '23000.00', '0.00'], ['0 - 30', 1, '12000.00', '1000.00'], ['30 - 60', 1, '12000.00', '2000.00'],
      ['60 - 90', 1, '12000.00', '3000.00'], ['90 - 180', 1, '12000.00', '3000.00'], ['180 - 360', 0, '0.00', '0.00'], ['> 360', 0, '0.00', '0.00'],
    ]);

    // the kept figures on the business date are exactly those recomputed from the transactions; on a past date, so
    // are those of the loans no later transaction touched (the others are recomputed)
    const sameBothWays = () => {
      for (const d of [REPORT_DATE, '2026-06-30', '2026-06-10', '2026-06-01', '2026-04-15', '2026-03-01']) {
        expect(loanFiguresOn(b.core.db, d, REPORT_DATE, ALL), d).toEqual(loanFiguresOn(b.core.db, d, REPORT_DATE, ALL, true));
      }
    };
    sameBothWays();

    // later postings: late95 pays two installments today, late65 one backdated to 2026-06-20, onTime is written off
    await b.teller.ok('loans.repay', { loanId: b.loans.late95, transactionAmount: '2240', paymentTypeCode: 'CASH' });
    await b.teller.ok('loans.repay', { loanId: b.loans.late65, transactionAmount: '1120', transactionDate: '2026-06-20', paymentTypeCode: 'CASH' });
    await b.manager.ok('loans.writeOff', { loanId: b.loans.onTime });
    expect((await run(b, past)).rows).toEqual(before.rows);
    expect((await run(b, past)).totals).toEqual(before.totals);
    expect((await run(b, { report: 'agingDetail', asOf: '2026-06-01' })).rows).toEqual(agingBefore.rows);
    expect((await run(b, { report: 'activeLoansDetails', asOf: '2026-06-01' })).rows).toEqual(detailsBefore.rows);
    expect((await run(b, { report: 'agingSummary', asOf: '2026-06-01', bands: 'months' })).rows).toEqual(agingThen.rows);
    // today's figures moved: late95 now owes from 05-28 (34 days), late65 from 05-27 (35 days); onTime is out
    const today = await run(b, { report: 'agingDetail' });
    expect(today.rows.map((r) => [r.loanId, r.daysInArrears])).toEqual([[b.loans.late5, 5], [b.loans.late35, 35], [b.loans.late65, 35], [b.loans.late95, 34]]);
    sameBothWays();
    await sameAsEveryLoan(b);
    // a date after the business date reads the books as they stand: tomorrow each late loan is a day later
    const tomorrow = await run(b, { report: 'agingDetail', asOf: '2026-07-02' });
    expect(tomorrow.rows.map((r) => [r.loanId, r.daysInArrears])).toEqual([[b.loans.late5, 6], [b.loans.late35, 36], [b.loans.late65, 36], [b.loans.late95, 35]]);
    expect((await run(b, { report: 'portfolioAtRisk', asOf: '2027-03-31', groupBy: 'loanOfficer' })).parameters.asOf).toBe('2027-03-31');
    assertInvariants(b.core);
  });

  it('a past as-of date from what the loans keep plus what later transactions settled: the same loans and groups as recomputed from the transactions dated by then', async () => {
    const b = await portfolioBranch();
    // later postings of every kind a past date must undo: late35 pays 1,500 backdated to 2026-06-20 (the rest of its
    // partly paid installment 1 and part of 2), late5's interest waived backdated to 2026-06-28, late95 pays 2,240
    // today and that repayment is undone (a reversal: the repayment is no longer live), onTime is written off today
    await b.teller.ok('loans.repay', { loanId: b.loans.late35, transactionAmount: '1500', transactionDate: '2026-06-20', paymentTypeCode: 'CASH' });
    await b.manager.ok('loans.waiveInterest', { loanId: b.loans.late5, transactionAmount: '120', transactionDate: '2026-06-28' });
    const undone = await b.teller.ok('loans.repay', { loanId: b.loans.late95, transactionAmount: '2240', paymentTypeCode: 'CASH' });
    await b.manager.ok('loans.adjustTransaction', { loanId: b.loans.late95, transactionId: undone.transactionId, transactionAmount: '0' });
    await b.manager.ok('loans.writeOff', { loanId: b.loans.onTime });
    const ctx = { db: b.core.db } as ReportContext;
    for (const d of ['2026-03-01', '2026-06-01', '2026-06-10', '2026-06-20', '2026-06-21', '2026-06-28', '2026-06-30']) {
      const recomputed = loanFiguresOn(b.core.db, d, REPORT_DATE, ALL, true);
      expect(loanFiguresOn(b.core.db, d, REPORT_DATE, ALL), d).toEqual(recomputed);
      for (const groupBy of ['branch', 'loanOfficer', 'product'] as const) {
        const of = (l: LoanFigures): [number | null, string | null] =>
          groupBy === 'branch' ? [l.officeId, l.officeName] : groupBy === 'loanOfficer' ? [l.officerId, l.officerName] : [l.productId, l.productName];
        const every = groupMeasures(recomputed, of).map((g) => ({
          name: g.name, currencyCode: g.currencyCode, clients: g.m.clients.size, loans: g.m.loans, loansInArrears: g.m.loansInArrears, outstanding: g.m.outstanding, overdue: g.m.overdue, atRisk: g.m.atRisk,
          disbursed: recomputed.filter((l) => of(l)[1] === g.name && l.currencyCode === g.currencyCode).reduce((n, l) => n + l.principal, 0),
        }));
        const onDate = groupsOnDate(ctx, groupBy, d, ALL);
        expect(onDate.groups.map((g) => ({
          name: g.name, currencyCode: g.currencyCode, clients: g.m.distinctClients, loans: g.m.loans, loansInArrears: g.m.loansInArrears, outstanding: g.m.outstanding, overdue: g.m.overdue, atRisk: g.m.atRisk, disbursed: g.disbursed,
        })), `${d} ${groupBy}`).toEqual(every);
        expect(onDate.clients, `${d} ${groupBy}`).toBe(new Set(recomputed.map((l) => l.clientId)).size);
      }
    }
    assertInvariants(b.core);
  });
});
