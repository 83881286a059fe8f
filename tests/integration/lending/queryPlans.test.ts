import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { arrearsSweep } from '../../../electron/core/services/loans';
import { assertInvariants } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';
import { bigTableReads, planOf, statementsOf } from './statements';

/**
 * The hot loan statements use their indexes (issue 11: a branch with 100,000 loans works as fast as a new one).
 * Each test runs the real operation, records every statement it executes, and asks SQLite for each one's plan
 * (EXPLAIN QUERY PLAN): none may SCAN a table that grows with the branch (loans, installments, transactions,
 * receipts, journal entries and lines), and the statements that find a loan's rows name the index they go through.
 * SQLite plans the same way on an empty branch as on a large one: Branchbox never runs ANALYZE, so the planner
 * decides from the schema alone.
 */

/** A branch with a loan officer, a second client, and loans of several statuses; the business date 2026-06-10. */
async function branch(): Promise<LendingBranch & { officerId: number; loanId: number }> {
  const b = await lendingBranch();
  const officer = await b.admin.ok('staff.create', { firstname: 'Fatuma', lastname: 'Ali', isLoanOfficer: true });
  const loanId = await activeLoan(b, '2026-01-05', { principal: '12000', numberOfRepayments: 6, loanOfficerId: officer.id });
  for (const [date, amount] of [['2026-02-05', '2100'], ['2026-03-05', '2100'], ['2026-04-06', '2100'], ['2026-05-05', '2100'], ['2026-06-05', '1000']] as const) {
    setBusinessDate(b.core, date);
    await b.teller.ok('loans.repay', { loanId, transactionAmount: amount, paymentTypeCode: 'CASH' });
  }
  await activeLoan(b, '2026-02-01', { principal: '6000', numberOfRepayments: 3 });
  setBusinessDate(b.core, '2026-03-01');
  await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: '8000', numberOfRepayments: 4, loanOfficerId: officer.id });
  setBusinessDate(b.core, '2026-06-10');
  return { ...b, officerId: officer.id, loanId };
}

/** The one statement of `statements` that contains `marker`, with its plan. */
function planned(core: Core, statements: string[], marker: string): { text: string; plan: string[] } {
  const found = [...new Set(statements.filter((s) => s.includes(marker)))];
  expect(found, marker).toHaveLength(1);
  return { text: found[0]!, plan: planOf(core, found[0]!) };
}

describe('query plans of the hot loan statements', () => {
  it('the check catches the reads issue 11 measured', async () => {
    const b = await lendingBranch();
    // loans.get's receipts before the fix: every loan receipt by source_type, then the transaction of each
    const receiptsBefore = "SELECT r.source_id, r.number FROM receipts r JOIN loan_transactions t ON t.id = r.source_id WHERE r.source_type = 'loan_transaction' AND t.loan_id = ?";
    expect(bigTableReads(b.core, [receiptsBefore])).toEqual([`${receiptsBefore}: SEARCH receipts AS r USING INDEX receipts_source (source_type=?)`]);
    expect(bigTableReads(b.core, ['SELECT count(*) FROM loan_installments WHERE principal_paid > 0'])).toHaveLength(1);
    // the list before issue 11: a filter written (? IS NULL OR column = ?) is no index's, so a rare status walked every loan
    expect(planOf(b.core, 'SELECT l.id FROM loans l WHERE (? IS NULL OR l.status = ?) ORDER BY l.id DESC LIMIT ?')[0]).toMatch(/^SCAN loans AS l/);
  });

  it("loans.get reads the loan's own rows only: its installments and transactions by loan, their receipts by source", async () => {
    const b = await branch();
    const statements = await statementsOf(b.core, () => b.manager.ok('loans.get', { loanId: b.loanId }));
    expect(bigTableReads(b.core, statements)).toEqual([]);
    expect(planned(b.core, statements, 'FROM loan_installments').plan.join('\n')).toMatch(/SEARCH loan_installments USING PRIMARY KEY \(loan_id=\?\)/);
    expect(planned(b.core, statements, "t.type <> 'REVERSAL' ORDER BY").plan[0]).toMatch(/^SEARCH loan_transactions AS t USING INDEX loan_transactions_loan \(loan_id=\?\)/);
    const receipts = planned(b.core, statements, 'JOIN receipts r').plan;
    expect(receipts[0]).toMatch(/^SEARCH loan_transactions AS t USING (COVERING )?INDEX loan_transactions_loan \(loan_id=\?\)/);
    expect(receipts[1]).toMatch(/^SEARCH receipts AS r USING INDEX receipts_source \(source_type=\? AND source_id=\?\)/);
  });

  it('a backdated repayment that re-posts later ones: every statement through an index, journal entries by source', async () => {
    const b = await branch();
    const before = await b.manager.ok('loans.get', { loanId: b.loanId });
    const statements = await statementsOf(b.core, () => b.teller.ok('loans.repay', { loanId: b.loanId, transactionAmount: '500', transactionDate: '2026-01-20', paymentTypeCode: 'CASH' }));
    const after = await b.manager.ok('loans.get', { loanId: b.loanId });
    // the five later repayments were re-allocated: reversed with their entries and re-created
    expect(after.transactions.filter((t) => t.reversed).length - before.transactions.filter((t) => t.reversed).length).toBe(5);
    expect(bigTableReads(b.core, statements)).toEqual([]);
    expect(planned(b.core, statements, 'e.source_type = ? AND e.source_id = ?').plan[0]).toMatch(/^SEARCH journal_entries AS e USING INDEX journal_entries_source \(source_type=\? AND source_id=\?\)/);
    expect(planned(b.core, statements, 'ORDER BY t.transaction_date, t.id').plan[0]).toMatch(/USING INDEX loan_transactions_loan \(loan_id=\?\)/);
    expect(planned(b.core, statements, 'UPDATE loans SET principal_outstanding').plan.join('\n')).toMatch(/SEARCH loans USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    assertInvariants(b.core);
  });

  it('loans.list: the filter given drives through its index, a rare status reads only its own loans, and no filter sorts', async () => {
    const b = await branch();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /^SEARCH loans AS l USING INTEGER PRIMARY KEY \(rowid<\?\)/],
      [{ afterId: 3 }, /^SEARCH loans AS l USING INTEGER PRIMARY KEY \(rowid<\?\)/],
      [{ status: 'APPROVED' }, /^SEARCH loans AS l USING INDEX loans_status \(status=\? AND rowid<\?\)/],
      [{ clientId: b.clientId }, /^SEARCH loans AS l USING INDEX loans_client \(client_id=\? AND rowid<\?\)/],
      [{ clientId: b.clientId, status: 'ACTIVE', loanOfficerId: b.officerId }, /^SEARCH loans AS l USING INDEX loans_client \(client_id=\? AND rowid<\?\)/],
      [{ loanOfficerId: b.officerId }, /^SEARCH loans AS l USING INDEX loans_officer_id \(loan_officer_id=\? AND id<\?\)/],
      [{ loanOfficerId: b.officerId, status: 'ACTIVE' }, /^SEARCH loans AS l USING INDEX loans_officer \(loan_officer_id=\? AND status=\? AND rowid<\?\)/],
    ];
    for (const [input, drives] of cases) {
      const statements = await statementsOf(b.core, () => b.manager.ok('loans.list', input as never));
      const { plan } = planned(b.core, statements, 'FROM loans l');
      // the loans are found first (a client filter may look its one client up by id before)
      expect(plan.find((step) => / loans AS l /.test(step)), JSON.stringify(input)).toMatch(drives);
      // the page comes out of the index in id order: no sort of everything that matched
      expect(plan.join('\n'), JSON.stringify(input)).not.toMatch(/TEMP B-TREE/);
      expect(bigTableReads(b.core, statements), JSON.stringify(input)).toEqual([]);
    }
    // a text: the clients it names through the trigram index, their loans by client, a loan by the start of its
    // account number through its unique index; then a sort of what matched (not of every loan)
    for (const input of [{ query: 'odhiambo' }, { query: 'odhiambo', status: 'ACTIVE' }]) {
      const statements = await statementsOf(b.core, () => b.manager.ok('loans.list', input as never));
      const plan = planned(b.core, statements, 'FROM loans l').plan.join('\n');
      expect(plan).toMatch(/MULTI-INDEX OR/);
      expect(plan).toMatch(/SCAN clients_search VIRTUAL TABLE INDEX 0:L/);
      expect(plan).toMatch(/SEARCH loans AS l USING INDEX loans_client \(client_id=\? AND rowid<\?\)/);
      expect(plan).toMatch(/SEARCH loans AS l USING INDEX sqlite_autoindex_loans_2 \(account_no>\? AND account_no<\?\)/);
      expect(bigTableReads(b.core, statements)).toEqual([]);
    }
  });

  it('the arrears sweep reads the loans in arrears through the oldest unpaid due date, and no installment', async () => {
    const b = await branch();
    const statements = await statementsOf(b.core, async () => arrearsSweep(b.core.db, '2026-06-10'));
    expect(statements.filter((s) => s.includes('loan_installments'))).toEqual([]);
    expect(planned(b.core, statements, 'oldest_unpaid_due <').plan).toEqual(['SEARCH loans USING INDEX loans_oldest_unpaid (oldest_unpaid_due<?)']);
    expect(planned(b.core, statements, 'count(*) AS loans').plan[0]).toMatch(/^SEARCH loans USING INDEX loans_status \(status=\?\)/);
    expect(bigTableReads(b.core, statements)).toEqual([]);
  });
});
