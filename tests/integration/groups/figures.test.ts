import { describe, expect, it } from 'vitest';
import { asCommand } from '../../support/command';
import { assertInvariants } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';
import { openSavings } from '../../support/savings';
import { groupsBranch } from './support';

/**
 * The figures on a group's and a center's page (groups.get, centers.get): the group's active JLG loans (loan_groups,
 * migration 0020), what they owe and what fell due before the business date, and the members' savings.
 */
describe('group and center figures', () => {
  it('adds up the JLG loans tied to the group and the members savings, and a center its groups', async () => {
    const b = await groupsBranch();
    const [c1, c2, c3, c4, c5, c6] = b.clients as [number, number, number, number, number, number];
    // loans disbursed on 5 January 2026 (monthly, 12 installments: the first due on 5 February, the second on 5 March)
    setBusinessDate(b.core, '2026-01-05');
    const loan = async (clientId: number, principal: string): Promise<number> => {
      const { loanId } = await b.officer.ok('loans.submit', { clientId, productId: b.productId, principal } as never);
      await b.manager.ok('loans.approve', { loanId });
      await b.teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
      return loanId;
    };
    const l1 = await loan(c1, '50000');
    const l2 = await loan(c2, '30000');
    const l4 = await loan(c4, '20000');
    const notTied = await loan(c3, '10000'); // an individual loan of a member: not the group's
    const { loanId: pending } = await b.officer.ok('loans.submit', { clientId: c5, productId: b.productId, principal: '10000' } as never);
    setBusinessDate(b.core, '2026-03-02');

    const { id: centerId } = await b.manager.ok('centers.create', { name: 'Kibera Center 4', staffId: 2, activationDate: '2026-03-02' });
    const { id: a } = await b.manager.ok('groups.create', { name: 'Umoja A', centerId, clientMembers: [c1, c2, c3], activationDate: '2026-03-02' });
    const { id: bb } = await b.manager.ok('groups.create', { name: 'Umoja B', centerId, clientMembers: [c4, c5], activationDate: '2026-03-02' });
    const empty = await b.manager.ok('groups.get', { groupId: a });
    expect(empty.figures).toEqual({
      asOf: '2026-03-02', currencyCode: 'KES', activeLoans: 0, principalOutstanding: '0.00', totalOutstanding: '0.00',
      loansInArrears: 0, amountInArrears: '0.00', savingsAccounts: 0, savingsBalance: '0.00',
    });
    // the JLG ties loans.submitJlg will write (loan_groups): l1, l2 to A; l4 and the pending one to B
    asCommand(b, 'manager', (ctx) => {
      const tie = ctx.db.prepare('INSERT INTO loan_groups (loan_id, group_id) VALUES (?, ?)');
      tie.run(l1, a);
      tie.run(l2, a);
      tie.run(l4, bb);
      tie.run(pending, bb);
    });

    // savings: members c1 (3,000) and c4 (1,000) deposit; c6, in no group, deposits 5,000 (not counted)
    const { id: savingsProductId } = await b.manager.ok('savingsProducts.create', AKIBA as never);
    for (const [clientId, amount] of [[c1, '3000'], [c4, '1000'], [c6, '5000']] as const) {
      const savingsId = await openSavings(b, savingsProductId, clientId);
      await b.teller.ok('savings.deposit', { savingsId, transactionAmount: amount, paymentTypeCode: 'CASH' });
    }

    // what the loans service says each loan owes and has overdue (nothing repaid: principal outstanding = principal)
    const owed = async (loanId: number) => (await b.manager.ok('loans.get', { loanId })).summary;
    const [s1, s2, s4] = [await owed(l1), await owed(l2), await owed(l4)];
    const minor = (x: string) => Math.round(Number(x) * 100);
    const total = (...xs: string[]) => (xs.reduce((s, x) => s + minor(x), 0) / 100).toFixed(2);

    const ga = (await b.officer.ok('groups.get', { groupId: a })).figures;
    // A: l1 + l2 = 50,000 + 30,000 = 80,000 principal; on 2 March the 5 February installment of each is overdue
    // (5 March not yet due); savings 3,000 (c1)
    expect(ga).toMatchObject({ activeLoans: 2, principalOutstanding: '80000.00', loansInArrears: 2, savingsAccounts: 1, savingsBalance: '3000.00' });
    expect(ga.totalOutstanding).toBe(total(s1.totalOutstanding, s2.totalOutstanding));
    expect(ga.amountInArrears).toBe(total(s1.totalOverdue, s2.totalOverdue));
    expect(minor(ga.amountInArrears)).toBeGreaterThan(0);
    const gb = (await b.officer.ok('groups.get', { groupId: bb })).figures;
    // B: l4 only (the pending loan is not active): 20,000; savings 1,000 (c4)
    expect(gb).toMatchObject({ activeLoans: 1, principalOutstanding: '20000.00', loansInArrears: 1, savingsAccounts: 1, savingsBalance: '1000.00' });
    expect(gb.amountInArrears).toBe(total(s4.totalOverdue));

    // the center: A + B = 3 loans, 100,000 principal, savings 4,000
    const center = (await b.teller.ok('centers.get', { centerId })).figures;
    expect(center).toMatchObject({ activeLoans: 3, principalOutstanding: '100000.00', loansInArrears: 3, savingsAccounts: 2, savingsBalance: '4000.00' });
    expect(center.totalOutstanding).toBe(total(s1.totalOutstanding, s2.totalOutstanding, s4.totalOutstanding));
    expect(center.amountInArrears).toBe(total(s1.totalOverdue, s2.totalOverdue, s4.totalOverdue));

    // a member who leaves takes their savings out of the group's figures (the loan stays the group's)
    await b.manager.ok('groups.removeMembers', { groupId: a, clientMembers: [c1] });
    expect((await b.officer.ok('groups.get', { groupId: a })).figures).toMatchObject({ activeLoans: 2, savingsAccounts: 0, savingsBalance: '0.00' });
    expect(notTied).toBeGreaterThan(0);
    assertInvariants(b.core);
  });
});
