import { describe, expect, it } from 'vitest';
import { assertInvariants } from '../../support/core';
import { FLAT, flowsBranch } from './flowsScenario';

/**
 * The flow and client reports (issue 18; FINERACT-NOTES.md 1.6-1.9, 1.13) on flowsScenario's branch, every figure
 * worked by hand from the scenario (12 monthly repayments at 12 % a year flat: a loan of P repays P/12 principal and
 * P/100 interest each month).
 */
describe('reports: disbursals, collections, expected payments, expected cash flow, client listings', () => {
  it('counts what was disbursed, collected and due in a period, the weeks ahead, and the clients, as worked by hand', async () => {
    const b = await flowsBranch();
    const [joseph, grace] = b.staff;
    const { manager, officer } = b;
    const feb = { fromDate: '2026-02-01', toDate: '2026-02-28' };

    // disbursals: A 12,000.00 on 5 January and B 6,000.00 on 12 January; C 24,000.00 on 20 February
    const january = await manager.ok('reports.run', { report: 'disbursals', fromDate: '2026-01-01', toDate: '2026-01-31' });
    expect(january.rows.map((r) => [r.accountNo, r.loanOfficer, r.disbursedOn, r.principal])).toEqual([
      ['NRB-L000001', 'Joseph Mwangi', '2026-01-05', '12000.00'],
      ['NRB-L000002', 'Grace Wanjiru', '2026-01-12', '6000.00'],
    ]);
    expect(january.totals).toEqual({ principal: '18000.00', fees: '0.00' });
    const februaryDisbursals = await manager.ok('reports.run', { report: 'disbursals', ...feb });
    expect(februaryDisbursals.rows.map((r) => [r.accountNo, r.principal])).toEqual([['NRB-L000003', '24000.00']]);
    // the period defaults to the business date's month: 1-2 March, nothing disbursed (D is only approved)
    const march = await manager.ok('reports.run', { report: 'disbursals' });
    expect(march).toMatchObject({ parameters: { fromDate: '2026-03-01', toDate: '2026-03-02' }, rows: [], totals: { principal: '0.00' } });
    // filtered by officer (Grace: B and C) and by product
    const graces = await manager.ok('reports.run', { report: 'disbursals', fromDate: '2026-01-01', toDate: '2026-02-28', loanOfficerId: grace });
    expect(graces.rows.map((r) => r.accountNo)).toEqual(['NRB-L000002', 'NRB-L000003']);
    expect(graces.totals).toEqual({ principal: '30000.00', fees: '0.00' });
    expect((await manager.ok('reports.run', { report: 'disbursals', fromDate: '2026-01-01', toDate: '2026-02-28', productId: b.productId + 99 })).rows).toEqual([]);

    // collections in February: A paid 1,120.00 (5 Feb: 1,000.00 + 120.00) and 500.00 in advance (25 Feb: interest
    // 120.00 of installment 2, principal 380.00): 2 payments, 1,380.00 + 240.00 = 1,620.00; B paid 300.00 (12 Feb:
    // interest 60.00, principal 240.00). Total 1,920.00 = principal 1,620.00 + interest 300.00
    const collections = await manager.ok('reports.run', { report: 'collections', ...feb });
    expect(collections.rows.map((r) => [r.accountNo, r.payments, r.principal, r.interest, r.total, r.lastPaidOn])).toEqual([
      ['NRB-L000001', 2, '1380.00', '240.00', '1620.00', '2026-02-25'],
      ['NRB-L000002', 1, '240.00', '60.00', '300.00', '2026-02-12'],
    ]);
    expect(collections.totals).toMatchObject({ payments: 3, principal: '1620.00', interest: '300.00', fees: '0.00', penalties: '0.00', total: '1920.00' });
    // B's 100.00 of 2 March was undone: March has no collection
    expect((await manager.ok('reports.run', { report: 'collections' })).rows).toEqual([]);

    // expected payments in February: A's installment 1 (5 Feb, 1,120.00, all paid) and B's installment 1 (12 Feb,
    // 560.00, 300.00 paid): demand 1,680.00, collected 1,420.00, not collected 260.00, rate 1,420 / 1,680 = 84.52 %
    // (84.5238); Grace 300 / 560 = 53.57 % (53.5714); Joseph 100.00 %. C's first installment falls on 20 March
    const byOfficer = await manager.ok('reports.run', { report: 'expectedPayments', ...feb });
    expect(byOfficer.rows.map((r) => [r.loanOfficer, r.loans, r.installments, r.principal, r.interest, r.demand, r.collected, r.notCollected, r.collectionRate])).toEqual([
      ['Grace Wanjiru', 1, 1, '500.00', '60.00', '560.00', '300.00', '260.00', '53.57'],
      ['Joseph Mwangi', 1, 1, '1000.00', '120.00', '1120.00', '1120.00', '0.00', '100.00'],
    ]);
    expect(byOfficer.totals).toEqual({
      loans: 2,
      installments: 2,
      principal: '1500.00',
      interest: '180.00',
      fees: '0.00',
      penalties: '0.00',
      demand: '1680.00',
      collected: '1420.00',
      notCollected: '260.00',
      collectionRate: '84.52',
    });
    const byDay = await manager.ok('reports.run', { report: 'expectedPayments', ...feb, groupBy: 'day' });
    expect(byDay.rows.map((r) => [r.dueDate, r.demand, r.collected, r.collectionRate])).toEqual([
      ['2026-02-05', '1120.00', '1120.00', '100.00'],
      ['2026-02-12', '560.00', '300.00', '53.57'],
    ]);
    expect(await manager.err('reports.run', { report: 'expectedPayments', groupBy: 'branch' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'groupBy' }] });
    expect(await manager.err('reports.run', { report: 'expectedPayments', fromDate: '2026-02-10', toDate: '2026-02-01' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'fromDate', code: 'after_to_date' }] });
    // as the books stood on 10 February (B's 300.00 came on the 12th): A's installment only
    const tenth = await manager.ok('reports.run', { report: 'expectedPayments', fromDate: '2026-02-01', toDate: '2026-02-10' });
    expect(tenth.totals).toMatchObject({ demand: '1120.00', collected: '1120.00', collectionRate: '100.00' });

    // a period ahead, March: A's installment 2 (5 Mar, 1,120.00, 500.00 paid in advance), B's 2 (12 Mar, 560.00), C's
    // 1 (20 Mar, 2,240.00): demand 3,920.00, collected 500.00, rate 500 / 3,920 = 12.76 % (12.7551); Joseph 500 /
    // 1,120 = 44.64 % (44.6428), Grace 0 of 560 + 2,240 = 2,800.00
    const ahead = await manager.ok('reports.run', { report: 'expectedPayments', fromDate: '2026-03-01', toDate: '2026-03-31' });
    expect(ahead.rows.map((r) => [r.loanOfficer, r.installments, r.demand, r.collected, r.collectionRate])).toEqual([
      ['Grace Wanjiru', 2, '2800.00', '0.00', '0.00'],
      ['Joseph Mwangi', 1, '1120.00', '500.00', '44.64'],
    ]);
    expect(ahead.totals).toMatchObject({ demand: '3920.00', collected: '500.00', notCollected: '3420.00', collectionRate: '12.76' });
    expect(await manager.err('reports.run', { report: 'collections', toDate: '2026-03-31' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'toDate', code: 'after_business_date' }] });

    // expected cash flow, four weeks from 2 March: week 1 (2-8 Mar) A's installment 2 due 5 Mar, 1,120.00 less the
    // 500.00 paid in advance = principal 620.00; week 2 (9-15 Mar) B's installment 2 due 12 Mar, 500.00 + 60.00, and
    // D's 5,000.00 expected out on 10 Mar; week 3 (16-22 Mar) C's installment 1 due 20 Mar, 2,000.00 + 240.00;
    // week 4 nothing. Repayments 620 + 560 + 2,240 = 3,420.00, net 3,420 - 5,000 = -1,580.00
    const cash = await manager.ok('reports.run', { report: 'expectedCashFlow', weeks: 4 });
    expect(cash.rows.map((r) => [r.week, r.fromDate, r.toDate, r.principal, r.interest, r.repaymentsDue, r.expectedDisbursals, r.netInflow])).toEqual([
      [1, '2026-03-02', '2026-03-08', '620.00', '0.00', '620.00', '0.00', '620.00'],
      [2, '2026-03-09', '2026-03-15', '500.00', '60.00', '560.00', '5000.00', '-4440.00'],
      [3, '2026-03-16', '2026-03-22', '2000.00', '240.00', '2240.00', '0.00', '2240.00'],
      [4, '2026-03-23', '2026-03-29', '0.00', '0.00', '0.00', '0.00', '0.00'],
    ]);
    expect(cash.totals).toMatchObject({ principal: '3120.00', interest: '300.00', repaymentsDue: '3420.00', expectedDisbursals: '5000.00', netInflow: '-1580.00' });
    expect((await manager.ok('reports.run', { report: 'expectedCashFlow' })).rows).toHaveLength(8); // 8 weeks unless told

    // client listing: the 8 clients, any status, by account number; client loans listing: a line per loan (A, B, C,
    // D approved) and one per client without a loan (clients 5-8)
    const clients = await manager.ok('reports.run', { report: 'clientListing' });
    expect(clients.rows.map((r) => r.accountNo)).toEqual(['NRB-000001', 'NRB-000002', 'NRB-000003', 'NRB-000004', 'NRB-000005', 'NRB-000006', 'NRB-000007', 'NRB-000008']);
    expect(clients.rows[0]).toMatchObject({ clientName: 'Amina Odhiambo', status: 'ACTIVE', office: 'Nairobi West', mobileNo: '+254700000001' });
    const listing = await manager.ok('reports.run', { report: 'clientLoansListing' });
    expect(listing.rows.map((r) => [r.clientAccountNo, r.accountNo, r.status, r.principal, r.disbursedOn, r.maturityDate])).toEqual([
      ['NRB-000001', 'NRB-L000001', 'ACTIVE', '12000.00', '2026-01-05', '2027-01-05'],
      ['NRB-000002', 'NRB-L000002', 'ACTIVE', '6000.00', '2026-01-12', '2027-01-12'],
      ['NRB-000003', 'NRB-L000003', 'ACTIVE', '24000.00', '2026-02-20', '2027-02-20'],
      ['NRB-000004', 'NRB-L000004', 'APPROVED', '5000.00', null, null],
      ['NRB-000005', null, null, null, null, null],
      ['NRB-000006', null, null, null, null, null],
      ['NRB-000007', null, null, null, null, null],
      ['NRB-000008', null, null, null, null, null],
    ]);
    expect(listing.totals).toEqual({ principal: '47000.00' }); // 12,000 + 6,000 + 24,000 + 5,000

    // the loan officer (Grace) sees their own portfolio whatever filter they give: B, C and D, their clients 2-4
    const own = await officer.ok('reports.run', { report: 'expectedPayments', ...feb, loanOfficerId: joseph });
    expect(own).toMatchObject({ scopedToStaffId: grace, parameters: { loanOfficerId: grace } });
    expect(own.rows.map((r) => [r.loanOfficer, r.demand])).toEqual([['Grace Wanjiru', '560.00']]);
    expect((await officer.ok('reports.run', { report: 'disbursals', fromDate: '2026-01-01', toDate: '2026-02-28' })).totals).toEqual({ principal: '30000.00', fees: '0.00' });
    expect((await officer.ok('reports.run', { report: 'collections', ...feb })).totals).toMatchObject({ payments: 1, total: '300.00' });
    expect((await officer.ok('reports.run', { report: 'expectedCashFlow', weeks: 4 })).totals).toMatchObject({ repaymentsDue: '2800.00', expectedDisbursals: '5000.00' });
    expect((await officer.ok('reports.run', { report: 'clientListing' })).rows.map((r) => r.accountNo)).toEqual(['NRB-000002', 'NRB-000003', 'NRB-000004']);
    expect((await officer.ok('reports.run', { report: 'clientLoansListing' })).rows.map((r) => r.accountNo)).toEqual(['NRB-L000002', 'NRB-L000003', 'NRB-L000004']);
    expect(await b.teller.err('reports.run', { report: 'collections' })).toMatchObject({ code: 'PERMISSION_DENIED' });

    // later postings leave February as it was: B pays its 260.00 of arrears and its 560.00 of March on 2 March, and D
    // is disbursed on 2 March
    const before = await Promise.all(['disbursals', 'collections', 'expectedPayments'].map((report) => manager.ok('reports.run', { report, ...feb } as never)));
    await b.teller.ok('loans.repay', { loanId: b.loans.b, transactionAmount: '820' });
    await b.teller.ok('loans.disburse', { loanId: b.loans.d, paymentTypeCode: 'CASH' });
    const after = await Promise.all(['disbursals', 'collections', 'expectedPayments'].map((report) => manager.ok('reports.run', { report, ...feb } as never)));
    expect(after.map((r) => [r.rows, r.totals])).toEqual(before.map((r) => [r.rows, r.totals]));
    // and March shows them: B's 820.00, D's 5,000.00
    expect((await manager.ok('reports.run', { report: 'collections' })).totals).toMatchObject({ payments: 1, total: '820.00' });
    expect((await manager.ok('reports.run', { report: 'disbursals' })).totals).toEqual({ principal: '5000.00', fees: '0.00' });

    // C written off on 2 March (its installments' principal and interest written off), 1,000.00 recovered, D's
    // disbursal undone: March's demand loses C's 2,240.00 (Grace: B's 560.00, all collected by the 820.00; Joseph
    // 1,120.00, 500.00 collected): 1,680.00, collected 1,060.00, rate 63.10 % (63.0952); March's collections add the
    // recovery (recovered 1,000.00: 820 + 1,000 = 1,820.00); March disburses nothing again
    await manager.ok('loans.writeOff', { loanId: b.loans.c });
    await b.teller.ok('loans.recoverWrittenOff', { loanId: b.loans.c, transactionAmount: '1000' });
    await manager.ok('loans.undoDisbursal', { loanId: b.loans.d });
    const written = await manager.ok('reports.run', { report: 'expectedPayments', fromDate: '2026-03-01', toDate: '2026-03-31' });
    expect(written.rows.map((r) => [r.loanOfficer, r.installments, r.demand, r.collected, r.collectionRate])).toEqual([
      ['Grace Wanjiru', 2, '560.00', '560.00', '100.00'],
      ['Joseph Mwangi', 1, '1120.00', '500.00', '44.64'],
    ]);
    expect(written.totals).toMatchObject({ demand: '1680.00', collected: '1060.00', collectionRate: '63.10' });
    const recovered = await manager.ok('reports.run', { report: 'collections' });
    expect(recovered.rows.map((r) => [r.accountNo, r.payments, r.principal, r.recovered, r.total])).toEqual([
      ['NRB-L000002', 1, '760.00', '0.00', '820.00'],
      ['NRB-L000003', 1, '0.00', '1000.00', '1000.00'],
    ]);
    expect(recovered.totals).toMatchObject({ payments: 2, recovered: '1000.00', total: '1820.00' });
    expect((await manager.ok('reports.run', { report: 'disbursals' })).rows).toEqual([]);
    // a loan E of 6,000.00 on a product with a flat processing fee of 150.00 taken at disbursement (Fineract's
    // "repayment at disbursement"): March's disbursals show it with its fee
    const { id: fee } = await manager.ok('charges.create', { name: 'Processing fee', currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'FLAT', amount: '150' } as never);
    const { id: feeProduct } = await b.admin.ok('loanProducts.create', { ...FLAT, name: 'Flat With Fee', shortName: 'FWF', charges: [{ id: fee }] } as never);
    const { loanId: e } = await b.admin.ok('loans.submit', { clientId: b.clients[4]!, productId: feeProduct, principal: '6000', loanOfficerId: joseph } as never);
    await manager.ok('loans.approve', { loanId: e });
    await b.teller.ok('loans.disburse', { loanId: e, paymentTypeCode: 'CASH' });
    const withFee = await manager.ok('reports.run', { report: 'disbursals' });
    expect(withFee.rows.map((r) => [r.accountNo, r.principal, r.fees])).toEqual([['NRB-L000005', '6000.00', '150.00']]);
    expect((await manager.ok('reports.run', { report: 'disbursals', productId: b.productId })).rows).toEqual([]);
    // February still as it was
    expect((await Promise.all(['disbursals', 'collections', 'expectedPayments'].map((report) => manager.ok('reports.run', { report, ...feb } as never)))).map((r) => [r.rows, r.totals])).toEqual(before.map((r) => [r.rows, r.totals]));
    assertInvariants(b.core);
  });
});
