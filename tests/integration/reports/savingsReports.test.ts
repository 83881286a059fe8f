import { describe, expect, it } from 'vitest';
import { assertInvariants } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';
import { openSavings } from '../../support/savings';
import { flowsBranch } from './flowsScenario';

/**
 * savingsBalances and dormantAccounts (issue 18; FINERACT-NOTES.md 1.15) on flowsScenario's branch (clients 2 and 3
 * are in Grace's book through their loans, client 1 in Joseph's), with a product paying no interest that tracks
 * dormancy 30 / 60 / 90 days (so balances move only by what the test does), three accounts activated 2 January 2026:
 * - S1 (client 1): 1,000.00 deposited 2 January; idle since: inactive from 1 February (2 Jan + 30 days), dormant
 *   from 3 March (+ 60: 29 days left of January, 28 of February, 3), escheat from 2 April (+ 90)
 * - S2 (client 2): 2,000.00 deposited 2 January, 500.00 withdrawn 10 February, 300.00 deposited 20 February and
 *   undone (it counts nowhere): 1,500.00; last active 10 February, dormant from 11 April (+ 60: 18 + 31 + 11)
 * - S3 (client 3): 400.00 deposited 5 January (dormant from 6 March); blocked by the manager on 2 March
 */
describe('reports: savings balances and accounts becoming dormant', () => {
  it('adds up the live transactions dated by the date, and lists the accounts going dormant, as worked by hand', async () => {
    const b = await flowsBranch();
    const { manager, officer, teller } = b;
    const parent = (b.core.db.prepare("SELECT id FROM gl_accounts WHERE code = '2000'").get() as { id: number }).id;
    const { id: escheatLiabilityId } = await b.admin.ok('accounting.createAccount', { code: '2500', name: 'Escheat liability', type: 'LIABILITY', parentId: parent, manualEntriesAllowed: false });
    const { id: productId } = await manager.ok('savingsProducts.create', {
      ...AKIBA,
      name: 'Lala Salama',
      shortName: 'LAL',
      nominalAnnualInterestRate: '0',
      minRequiredBalance: undefined,
      enforceMinRequiredBalance: false,
      isDormancyTrackingActive: true,
      daysToInactive: 30,
      daysToDormancy: 60,
      daysToEscheat: 90,
      accountingMapping: { escheatLiabilityId },
    } as never);
    setBusinessDate(b.core, '2026-01-02');
    const s1 = await openSavings(b, productId, b.clients[0]!);
    const s2 = await openSavings(b, productId, b.clients[1]!);
    const s3 = await openSavings(b, productId, b.clients[2]!);
    await teller.ok('savings.deposit', { savingsId: s1, transactionAmount: '1000' });
    await teller.ok('savings.deposit', { savingsId: s2, transactionAmount: '2000' });
    setBusinessDate(b.core, '2026-01-05');
    await teller.ok('savings.deposit', { savingsId: s3, transactionAmount: '400' });
    setBusinessDate(b.core, '2026-02-10');
    await teller.ok('savings.withdraw', { savingsId: s2, transactionAmount: '500' });
    setBusinessDate(b.core, '2026-02-20');
    const undone = await teller.ok('savings.deposit', { savingsId: s2, transactionAmount: '300' });
    await manager.ok('savings.undoTransaction', { savingsId: s2, transactionId: undone.transactionId });
    setBusinessDate(b.core, '2026-03-02');
    await manager.ok('savings.block', { savingsId: s3, reason: 'Court order' });

    // balances on 2 March: 1,000.00 + 1,500.00 + 400.00 = 2,900.00; deposits 1,000 + 2,000 + 400 = 3,400.00
    const now = await manager.ok('reports.run', { report: 'savingsBalances' });
    expect(now.rows.map((r) => [r.clientAccountNo, r.deposits, r.withdrawals, r.balance, r.lastTransactionOn])).toEqual([
      ['NRB-000001', '1000.00', '0.00', '1000.00', '2026-01-02'],
      ['NRB-000002', '2000.00', '500.00', '1500.00', '2026-02-10'],
      ['NRB-000003', '400.00', '0.00', '400.00', '2026-01-05'],
    ]);
    expect(now.totals).toMatchObject({ deposits: '3400.00', withdrawals: '500.00', balance: '2900.00' });
    // on 31 January, before the withdrawal: 1,000.00 + 2,000.00 + 400.00 = 3,400.00; on 3 January S3 had nothing yet
    const january = await manager.ok('reports.run', { report: 'savingsBalances', asOf: '2026-01-31' });
    expect(january.totals).toMatchObject({ balance: '3400.00' });
    expect((await manager.ok('reports.run', { report: 'savingsBalances', asOf: '2026-01-03' })).rows.map((r) => r.balance)).toEqual(['1000.00', '2000.00', '0.00']);
    // before the accounts were activated: none
    expect((await manager.ok('reports.run', { report: 'savingsBalances', asOf: '2026-01-01' })).rows).toEqual([]);
    // Grace's own: S2 and S3 (1,500.00 + 400.00)
    const graces = await officer.ok('reports.run', { report: 'savingsBalances' });
    expect(graces.rows.map((r) => r.clientAccountNo)).toEqual(['NRB-000002', 'NRB-000003']);
    expect(graces.totals).toMatchObject({ balance: '1900.00' });
    expect((await manager.ok('reports.run', { report: 'savingsBalances', productId: productId + 1 })).rows).toEqual([]);

    // becoming dormant within 30 days of 2 March (by 1 April): S1 (dormant 3 March, idle 59 days: 29 + 28 + 2, one
    // day to go); S2 (11 April) is further, S3 blocked on 2 March is not tracked
    const soon = await manager.ok('reports.run', { report: 'dormantAccounts' });
    expect(soon.parameters).toMatchObject({ asOf: '2026-03-02', days: 30 });
    expect(soon.rows.map((r) => [r.clientAccountNo, r.subStatus, r.lastActiveOn, r.daysIdle, r.inactiveOn, r.dormantOn, r.escheatOn, r.daysToDormancy, r.balance])).toEqual([
      ['NRB-000001', 'NONE', '2026-01-02', 59, '2026-02-01', '2026-03-03', '2026-04-02', 1, '1000.00'],
    ]);
    // within 60 days (by 1 May): S2 too, 40 days to go (29 of March, 11 of April)
    const later = await manager.ok('reports.run', { report: 'dormantAccounts', days: 60 });
    expect(later.rows.map((r) => [r.clientAccountNo, r.lastActiveOn, r.dormantOn, r.daysToDormancy])).toEqual([
      ['NRB-000001', '2026-01-02', '2026-03-03', 1],
      ['NRB-000002', '2026-02-10', '2026-04-11', 40],
    ]);
    expect(later.totals).toEqual({ balance: '2500.00' });
    // as it stood on 1 March, before the block: S3 (dormant 6 March) between them
    const firstOfMarch = await manager.ok('reports.run', { report: 'dormantAccounts', asOf: '2026-03-01', days: 60 });
    expect(firstOfMarch.rows.map((r) => [r.clientAccountNo, r.subStatus, r.dormantOn])).toEqual([
      ['NRB-000001', 'NONE', '2026-03-03'],
      ['NRB-000003', 'NONE', '2026-03-06'],
      ['NRB-000002', 'NONE', '2026-04-11'],
    ]);
    expect((await officer.ok('reports.run', { report: 'dormantAccounts', days: 60 })).rows.map((r) => r.clientAccountNo)).toEqual(['NRB-000002']);

    // a deposit of 250.00 into S1 on 2 March: January's balances stay, today's grow by it, and S1 is no longer
    // going dormant (last active 2 March)
    await teller.ok('savings.deposit', { savingsId: s1, transactionAmount: '250' });
    expect((await manager.ok('reports.run', { report: 'savingsBalances', asOf: '2026-01-31' })).rows).toEqual(january.rows);
    expect((await manager.ok('reports.run', { report: 'savingsBalances' })).totals).toMatchObject({ balance: '3150.00' });
    expect((await manager.ok('reports.run', { report: 'dormantAccounts' })).rows).toEqual([]);
    expect(await b.teller.err('reports.run', { report: 'savingsBalances' })).toMatchObject({ code: 'PERMISSION_DENIED' });
    assertInvariants(b.core);
  });
});
