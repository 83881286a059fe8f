import { describe, expect, it } from 'vitest';
import { REPORT_NAMES, REPORT_PERMISSIONS } from '../../../shared/contract/reports';
import { REPORTS } from '../../../electron/core/services/reports/run';
import { groupsBranch } from '../groups/support';

/** The reports' catalogue (issue 18): who may run what, parameters checked, a loan officer scoped to their own loans. */
describe('reports: the catalogue, permissions and scope', () => {
  it('has every report name, each asking for one of the report permissions', () => {
    expect([...REPORTS.keys()].sort()).toEqual([...REPORT_NAMES].sort());
    const asked = new Set([...REPORTS.values()].map((r) => r.access));
    expect([...asked].every((p) => (REPORT_PERMISSIONS as readonly string[]).includes(p))).toBe(true);
    expect(REPORT_PERMISSIONS.filter((p) => p !== 'reports.branch' && !asked.has(p))).toEqual([]);
  });

  it('lists what each role may run, refuses the rest, and scopes a loan officer to their own portfolio', async () => {
    const b = await groupsBranch();
    const [other, mine] = b.staff;
    // two pending loans: one in the officer's own book (staff 2), one in Joseph's (staff 1)
    await b.officer.ok('loans.submit', { clientId: b.clients[1]!, productId: b.productId, principal: '30000', loanOfficerId: mine } as never);
    await b.manager.ok('loans.submit', { clientId: b.clients[2]!, productId: b.productId, principal: '20000', loanOfficerId: other } as never);

    const managerList = await b.manager.ok('reports.list', {});
    expect(managerList.map((r) => r.name)).toEqual(expect.arrayContaining(['awaitingApproval', 'trialBalance']));
    expect(managerList.every((r) => (REPORT_NAMES as readonly string[]).includes(r.name))).toBe(true);
    expect(await b.teller.ok('reports.list', {})).toEqual([]);
    const officerList = await b.officer.ok('reports.list', {});
    expect(officerList.find((r) => r.name === 'awaitingApproval')).toMatchObject({ scopedToOfficer: true });
    expect(officerList.find((r) => r.name === 'trialBalance')).toBeUndefined();

    const all = await b.manager.ok('reports.run', { report: 'awaitingApproval' });
    expect(all.rows.map((r) => r.accountNo)).toHaveLength(2);
    expect(all.totals).toEqual({ principal: '50000.00' });
    expect(all).toMatchObject({ scopedToStaffId: null, parameters: { asOf: '2026-03-02' }, currencyCode: 'KES', generatedBy: 'manager' });
    const ownOnly = await b.officer.ok('reports.run', { report: 'awaitingApproval', loanOfficerId: other });
    expect(ownOnly.scopedToStaffId).toBe(mine);
    expect(ownOnly.rows).toHaveLength(1);
    expect(ownOnly.totals).toEqual({ principal: '30000.00' });

    expect(await b.teller.err('reports.run', { report: 'awaitingApproval' })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await b.officer.err('reports.run', { report: 'trialBalance' })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await b.manager.err('reports.run', { report: 'trialBalance', groupBy: 'loanOfficer' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'groupBy', code: 'unknown_field' }] });
    expect(await b.manager.err('reports.run', { report: 'trialBalance', asOf: '2026-03-03' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'asOf', code: 'after_business_date' }] });

    // the trial balance report gives accounting.trialBalance's figures
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    const report = await b.accountant.ok('reports.run', { report: 'trialBalance' });
    expect(report.rows.map((r) => [r.glCode, r.debit, r.credit])).toEqual(tb.rows.map((r) => [r.glCode, r.debit, r.credit]));
    expect(report.totals).toEqual({ debit: tb.totalDebit, credit: tb.totalCredit });

    const file = await b.manager.ok('reports.export', { report: 'awaitingApproval', format: 'csv' });
    const text = Buffer.from(file.base64, 'base64').toString('utf8').split('\r\n');
    expect(file).toMatchObject({ fileName: 'awaitingApproval-2026-03-02.csv', mimeType: 'text/csv', rows: 2 });
    expect(text[0]).toBe('accountNo,clientAccountNo,clientName,productName,currencyCode,principal,submittedOn,daysPendingApproval,purpose,loanOfficer');
    expect(text[3]).toBe('Total,,,,,50000.00,,,,');
  });
});
