import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, TestClock } from '../../support/core';
import { BIASHARA, lendingBranch, openTill, setBusinessDate, type LendingBranch } from '../../support/lending';
import type { ReportLink } from '../../../shared/contract/dashboard';

/**
 * Dashboards (issue 18): each role's section worked by hand over two months of closed days.
 *
 * Biashara Monthly: 12 monthly installments at 2 % a month on the declining balance (24 % a year, the period's rate
 * whatever its days), equal installments: 50,000 pays 4,727.98 (1st: 1,000.00 interest, 3,727.98 principal; 2nd:
 * 46,272.02 x 2 % = 925.44 interest, 3,802.54 principal); 20,000 pays 1,891.19 (400.00 + 1,491.19; then
 * 18,508.81 x 2 % = 370.18 + 1,521.01); 40,000 pays 3,782.38 (800.00 + 2,982.38; then 740.35 + 3,042.03, leaving
 * 33,975.59); 10,000 pays 945.60 (200.00 + 745.60, leaving 9,254.40).
 *
 * Loans (Grace is staff 2, the officer user's own; Joseph staff 1):
 *   L1 Grace, Amina, 50,000 out 15 Dec 2025, never pays (dues 15 Jan, 15 Feb ...)
 *   L2 Grace, Wanjiku (group Tumaini of center Kibera), 20,000 out 15 Dec, pays the 15 Jan installment only
 *   L3 Joseph, Akinyi, 40,000 out 15 Dec, pays 15 Jan and 15 Feb on the day
 *   L5 Grace, Njeri, 10,000 out 21 Dec, pays 21 Jan on the day; its second installment falls due 21 Feb
 *   L4 Joseph, Atieno, 10,000 out 15 Feb (first due 15 Mar)
 *   pending: 15,000 (Chebet); approved, not disbursed: 25,000 (Muthoni)
 * Day-end closes 15 Jan to 20 Feb (37 days); the business date is then Saturday 21 Feb 2026.
 */

const CLOCK = new Date('2026-02-21T08:00:00Z').getTime();

interface Branch extends LendingBranch {
  grace: number;
  joseph: number;
  clients: Record<string, number>;
  loans: Record<string, number>;
}

async function branch(): Promise<Branch> {
  const b = await lendingBranch(BIASHARA, { tills: false, clock: new TestClock(CLOCK) });
  const { id: joseph } = await b.admin.ok('staff.create', { firstname: 'Joseph', lastname: 'Mwangi', isLoanOfficer: true });
  const { id: grace } = await b.admin.ok('staff.create', { firstname: 'Grace', lastname: 'Wanjiru', isLoanOfficer: true });
  const officer = (await b.admin.ok('users.list', {})).find((u) => u.username === 'officer')!;
  await b.admin.ok('users.update', { id: officer.id, staffId: grace });
  const clients: Record<string, number> = { Amina: b.clientId };
  for (const name of ['Wanjiku', 'Akinyi', 'Njeri', 'Atieno', 'Chebet', 'Muthoni', 'Nafula']) {
    clients[name] = (await b.admin.ok('clients.create', { firstname: name, lastname: 'Kamau', mobileNo: '+2547000001' + String(Object.keys(clients).length).padStart(2, '0') })).id;
  }
  return { ...b, grace, joseph, clients, loans: {} };
}

async function lend(b: Branch, name: string, client: string, principal: string, officer: number, disburse = true): Promise<number> {
  const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clients[client]!, productId: b.productId, principal, loanOfficerId: officer } as never);
  b.loans[name] = loanId;
  if (disburse) {
    await b.manager.ok('loans.approve', { loanId });
    await b.manager.ok('loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
  }
  return loanId;
}

const repay = (b: Branch, loan: string, amount: string, paymentTypeCode = 'MOBILE_MONEY') =>
  b.teller.ok('loans.repay', { loanId: b.loans[loan]!, transactionAmount: amount, paymentTypeCode });

async function scenario(): Promise<Branch> {
  const b = await branch();
  setBusinessDate(b.core, '2025-12-15');
  const { id: centerId } = await b.manager.ok('centers.create', { name: 'Kibera', staffId: b.grace, activationDate: '2025-12-15' });
  await b.manager.ok('groups.create', { name: 'Tumaini', centerId, clientMembers: [b.clients.Wanjiku!, b.clients.Nafula!], activationDate: '2025-12-15' });
  await lend(b, 'L1', 'Amina', '50000', b.grace);
  await lend(b, 'L2', 'Wanjiku', '20000', b.grace);
  await lend(b, 'L3', 'Akinyi', '40000', b.joseph);
  setBusinessDate(b.core, '2025-12-21');
  await lend(b, 'L5', 'Njeri', '10000', b.grace);
  setBusinessDate(b.core, '2026-01-15');
  await repay(b, 'L2', '1891.19');
  await repay(b, 'L3', '3782.38');
  await b.manager.ok('dayEnd.run', { untilDate: '2026-01-20' });
  await repay(b, 'L5', '945.60');
  await b.manager.ok('dayEnd.run', { untilDate: '2026-02-14' });
  await repay(b, 'L3', '3782.38');
  await lend(b, 'L4', 'Atieno', '10000', b.joseph);
  await b.manager.ok('dayEnd.run', { untilDate: '2026-02-20' });
  await lend(b, 'pending', 'Chebet', '15000', b.joseph, false);
  const approved = await lend(b, 'approved', 'Muthoni', '25000', b.joseph, false);
  await b.manager.ok('loans.approve', { loanId: approved });
  return b;
}

describe('dashboard.get', () => {
  it("gives each role its section, worked by hand over 37 closed days; a teller never sees an amount", async () => {
    const b = await scenario();
    const m = await b.manager.ok('dashboard.get', {});
    expect(m).toMatchObject({ businessDate: '2026-02-21', lastClosedDate: '2026-02-20', currencyCode: 'KES' });
    expect(Object.keys(m).filter((k) => ['manager', 'loanOfficer', 'teller', 'accountant'].includes(k))).toEqual(['manager']);
    const s = m.manager!;
    // outstanding: L1 50,000 + L2 18,508.81 + L3 33,975.59 + L5 9,254.40 + L4 10,000 = 121,738.80
    expect(s.principalOutstanding).toEqual({ value: '121738.80', report: { report: 'activeLoans', asOf: '2026-02-21' } });
    expect(s.activeLoans.value).toBe(5);
    // PAR30: only L1 is more than 30 days late (15 Jan to 21 Feb: 37 days): 50,000 / 121,738.80 = 41.07 %
    expect(s.par30).toEqual({ value: '41.07', report: { report: 'portfolioAtRisk', asOf: '2026-02-21' } });
    // arrears rate (Fineract parType 1): principal overdue L1 3,727.98 + 3,802.54, L2 1,521.01 = 9,051.53 / 121,738.80 = 7.44 %
    expect(s.arrearsRate).toEqual({ value: '7.44', report: { report: 'portfolioAtRisk', asOf: '2026-02-21', parType: 1 } });

    // the trend: one point per closed day, 15 Jan to 20 Feb, as each day-end reported it (days late on the next day)
    expect(s.trend.points).toHaveLength(37);
    const point = (date: string) => s.trend.points.find((p) => p.date === date);
    expect(s.trend.points[0]).toEqual({ date: '2026-01-15', par30: '0.00', arrearsRate: '3.23' }); // 3,727.98 / 115,526.43
    expect(point('2026-02-13')).toMatchObject({ par30: '0.00' }); // L1 30 days late on 14 Feb: not more than 30
    expect(point('2026-02-14')).toEqual({ date: '2026-02-14', par30: '43.56', arrearsRate: '3.25' }); // 50,000 and 3,727.98 over 114,780.83
    expect(s.trend.points.at(-1)).toEqual({ date: '2026-02-20', par30: '41.07', arrearsRate: '7.44' });

    // February's closed days: 10,000 disbursed (L4) and 3,782.38 collected (L3), both on 15 Feb
    expect(s.month).toMatchObject({ fromDate: '2026-02-01', toDate: '2026-02-21' });
    expect(s.month.days).toHaveLength(20);
    expect(s.month.days.find((d) => d.date === '2026-02-15')).toEqual({ date: '2026-02-15', disbursed: '10000.00', collected: '3782.38' });
    expect(s.month.disbursed).toEqual({ value: '10000.00', report: { report: 'disbursals', fromDate: '2026-02-01', toDate: '2026-02-21' } });
    expect(s.month.collected).toEqual({ value: '3782.38', report: { report: 'collections', fromDate: '2026-02-01', toDate: '2026-02-21' } });

    expect(s.awaitingApproval).toEqual({ count: 1, amount: '15000.00', report: { report: 'awaitingApproval', asOf: '2026-02-21' } });
    expect(s.awaitingDisbursal).toEqual({ count: 1, amount: '25000.00', report: { report: 'awaitingDisbursal', asOf: '2026-02-21' } });
    expect(s.tills.rows).toEqual([]);
    expect(s.products.rows).toEqual([
      { productId: b.productId, name: 'Biashara Monthly', activeLoans: 5, principalOutstanding: '121738.80', share: '100.00', par30: '41.07', report: { report: 'portfolioAtRisk', asOf: '2026-02-21', productId: b.productId } },
    ]);
    expect(s.products.report).toEqual({ report: 'portfolioAtRisk', asOf: '2026-02-21', groupBy: 'product' });

    // Grace's book: L1, L2, L5; outstanding 50,000 + 18,508.81 + 9,254.40 = 77,763.21
    const o = (await b.officer.ok('dashboard.get', {})).loanOfficer!;
    expect(o.staffId).toBe(b.grace);
    expect(o.principalOutstanding.value).toBe('77763.21');
    // PAR1: L1 and L2 (6 days late) 68,508.81 / 77,763.21 = 88.10 %; PAR30: 50,000 -> 64.30 %; arrears 9,051.53 -> 11.64 %
    expect([o.par1.value, o.par30.value, o.arrearsRate.value]).toEqual(['88.10', '64.30', '11.64']);
    expect(o.par30.report).toEqual({ report: 'portfolioAtRisk', asOf: '2026-02-21', loanOfficerId: b.grace });
    // L5's second installment (945.60) falls due today, 21 Feb; nothing else until 27 Feb
    expect(o.dueToday).toEqual({ count: 1, clients: 1, amount: '945.60', report: { report: 'expectedPayments', fromDate: '2026-02-21', toDate: '2026-02-21', loanOfficerId: b.grace } });
    expect(o.dueThisWeek).toMatchObject({ count: 1, clients: 1, amount: '945.60', toDate: '2026-02-27' });
    expect(o.dueList).toEqual([{ loanId: b.loans.L5, accountNo: expect.any(String), clientId: b.clients.Njeri, clientName: 'Njeri Kamau', dueDate: '2026-02-21', amount: '945.60' }]);
    // visit order: the center's group first (Wanjiku in Tumaini, Kibera), then the clients in no group
    expect(o.arrears.count).toBe(2);
    expect(o.arrears.rows.map((r) => [r.clientName, r.centerName, r.groupName, r.daysLate, r.overdue, r.principalOutstanding])).toEqual([
      ['Wanjiku Kamau', 'Kibera', 'Tumaini', 6, '1891.19', '18508.81'],
      ['Amina Odhiambo', null, null, 37, '9455.96', '50000.00'],
    ]);
    expect(o.arrears.report).toEqual({ report: 'agingDetail', asOf: '2026-02-21', loanOfficerId: b.grace });

    // the accountant: nothing closed in accounting yet, 37 business days closed since
    const a = (await b.accountant.ok('dashboard.get', {})).accountant!;
    expect(a.trialBalance).toMatchObject({ balanced: true, report: { report: 'trialBalance', asOf: '2026-02-21' } });
    expect(a.closures).toMatchObject({ lastClosingDate: null, daysNotClosed: 37 });
    expect(a.cash.total.value).toBe('0.00');

    // every figure's report link runs as written, for the user who sees it
    const links = (x: unknown): ReportLink[] =>
      x && typeof x === 'object' ? ('report' in x && typeof (x as ReportLink).report === 'string' ? [x as ReportLink] : Object.values(x).flatMap(links)) : [];
    for (const [who, section] of [[b.manager, s], [b.officer, o], [b.accountant, a]] as const) {
      const all = links(section);
      expect(all.length).toBeGreaterThanOrEqual(5);
      for (const link of all) {
        const r = (await who.raw('reports.run', link)) as { ok: boolean; error?: unknown };
        expect(r, JSON.stringify(link)).toMatchObject({ ok: true });
      }
    }

    // the teller's till opens with 100,000 and a limit of 200,000; Wanjiku pays her 1,891.19 in cash
    await openTill(b.manager, b.teller, '100000');
    await b.manager.ok('tills.setLimit', { username: 'teller', cashLimit: '200000' });
    expect((await b.teller.ok('dashboard.get', {})).teller).toEqual({ hasTill: true, tillOpen: true, shareOfLimit: '50.00', transactionsToday: 0 });
    await repay(b, 'L2', '1891.19', 'CASH');
    const t = await b.teller.ok('dashboard.get', {});
    // 101,891.19 / 200,000 = 50.95 %, given in whole percent: 51
    expect(t.teller).toEqual({ hasTill: true, tillOpen: true, shareOfLimit: '51.00', transactionsToday: 1 });
    expect(Object.keys(t).sort()).toEqual(['businessDate', 'currencyCode', 'lastClosedDate', 'teller']);
    // no amount anywhere in what a teller is given: four fields, the share in whole percent, no figure of the cash
    expect(Object.keys(t.teller!).sort()).toEqual(['hasTill', 'shareOfLimit', 'tillOpen', 'transactionsToday']);
    expect(JSON.stringify(t)).not.toMatch(/101891|1891\.19|200000/);

    // the manager sees every till with its cash; the accountant the cash position
    const tills = (await b.manager.ok('dashboard.get', {})).manager!.tills.rows;
    expect(tills).toEqual([{ username: 'teller', displayName: 'teller', open: true, balance: '101891.19', cashLimit: '200000.00', shareOfLimit: '50.95' }]);
    const cash = (await b.accountant.ok('dashboard.get', {})).accountant!.cash;
    expect([cash.vault.value, cash.tills.value, cash.total.value]).toEqual(['0.00', '101891.19', '101891.19']);
    // L2 paid: Grace's arrears list is Amina alone
    expect((await b.officer.ok('dashboard.get', {})).loanOfficer!.arrears.rows.map((r) => r.clientName)).toEqual(['Amina Odhiambo']);

    // a user with several roles gets each role's section; the administrator none
    await b.admin.ok('users.create', { username: 'boss', password: 'Str0ng-pass-2026', roles: ['BRANCH_MANAGER', 'ACCOUNTANT'], displayName: 'Boss' });
    const boss = new Caller(b.core);
    await boss.ok('session.login', { username: 'boss', password: 'Str0ng-pass-2026' });
    const both = await boss.ok('dashboard.get', {});
    expect([!!both.manager, !!both.accountant, !!both.loanOfficer, !!both.teller]).toEqual([true, true, false, false]);
    const admin = await b.admin.ok('dashboard.get', {});
    expect([admin.manager, admin.accountant, admin.loanOfficer, admin.teller]).toEqual([undefined, undefined, undefined, undefined]);
    expect(await b.admin.err('dashboard.get', { role: 'x' } as never)).toMatchObject({ code: 'VALIDATION_FAILED' });
    assertInvariants(b.core);
  });

  it('reads an empty branch: no day closed, no loan, a loan officer user linked to no staff member', async () => {
    const b = await lendingBranch(BIASHARA, { tills: false, clock: new TestClock(CLOCK) });
    const m = (await b.manager.ok('dashboard.get', {})).manager!;
    expect(m.trend.points).toEqual([]);
    expect(m.month.days).toEqual([]);
    expect([m.par30.value, m.arrearsRate.value, m.principalOutstanding.value, m.activeLoans.value]).toEqual([null, null, '0.00', 0]);
    expect(m.products.rows).toEqual([]);
    const d = await b.officer.ok('dashboard.get', {});
    expect(d.lastClosedDate).toBeNull();
    expect(d.loanOfficer).toMatchObject({ staffId: null, dueToday: { count: 0, clients: 0, amount: '0.00' }, arrears: { count: 0, rows: [] }, par30: { value: null } });
    expect((await b.teller.ok('dashboard.get', {})).teller).toEqual({ hasTill: false, tillOpen: false, shareOfLimit: null, transactionsToday: 0 });
    assertInvariants(b.core);
  });
});
