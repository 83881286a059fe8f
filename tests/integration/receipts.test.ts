import { describe, expect, it } from 'vitest';
import { assertInvariants, snapshot } from '../support/core';
import { activeLoan, lendingBranch, setBusinessDate } from '../support/lending';
import { savingsBranch } from '../support/savings';

/** The tables of a snapshot, to see which ones a call changed. */
function tablesChanged(before: string, after: string): string[] {
  const a = JSON.parse(before) as Record<string, string[]>;
  const b = JSON.parse(after) as Record<string, string[]>;
  return Object.keys(b).filter((t) => JSON.stringify(a[t]) !== JSON.stringify(b[t]));
}

describe('receipts.reprint', () => {
  it('reprints a deposit receipt marked COPY with the figures of the original, and logs who printed it when', async () => {
    const b = await savingsBranch();
    // 3,000.00 in on an empty account: the receipt says 3,000.00 and a balance after of 3,000.00
    const d = await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '3000', paymentTypeCode: 'CASH' });
    const original = d.receipt!;
    expect(original).toMatchObject({
      kind: 'SAVINGS_DEPOSIT',
      copy: false,
      amount: '3000.00',
      balanceAfter: '3000.00',
      lines: [{ label: 'deposit', amount: '3000.00' }],
      transactionDate: '2026-01-01',
      paymentType: 'CASH',
      clientName: 'Amina Odhiambo',
      accountNo: 'NRB-S000001',
      issuedBy: 'teller',
      issuedAt: '2026-03-02T08:00:00.000Z',
    });

    // a day and 90 minutes later another user reprints it (in lower case, as typed)
    b.clock.advanceMinutes(90);
    setBusinessDate(b.core, '2026-01-02');
    const before = snapshot(b.core);
    const copy = await b.manager.ok('receipts.reprint', { number: original.number.toLowerCase() });
    // the same receipt, to the letter, but for COPY: same number, figures, date, issuer and issue instant
    expect(copy).toEqual({ ...original, copy: true });
    // only the print row and its command_log row were written: no money, no journal, no new receipt
    expect(tablesChanged(before, snapshot(b.core))).toEqual(['command_log', 'receipt_prints']);
    const prints = () =>
      b.core.db.prepare('SELECT p.printed_at, u.username FROM receipt_prints p JOIN receipts r ON r.id = p.receipt_id JOIN users u ON u.id = p.printed_by WHERE r.number = ? ORDER BY p.id').all(original.number);
    expect(prints()).toEqual([{ printed_at: '2026-03-02T09:30:00.000Z', username: 'manager' }]);
    const logged = b.core.db.prepare('SELECT operation, username, business_date, input_json, entity_ids_json FROM command_log ORDER BY seq DESC LIMIT 1').get() as Record<string, string>;
    expect(logged).toMatchObject({ operation: 'receipts.reprint', username: 'manager', business_date: '2026-01-02' });
    expect(JSON.parse(logged.input_json!)).toEqual({ number: original.number.toLowerCase() });
    expect(JSON.parse(logged.entity_ids_json!)).toEqual([expect.stringMatching(/^receipt_print:\d+$/)]);

    // every print is logged: a second one by the teller
    b.clock.advanceMinutes(5);
    expect(await b.teller.ok('receipts.reprint', { number: original.number })).toEqual({ ...original, copy: true });
    expect(prints()).toEqual([
      { printed_at: '2026-03-02T09:30:00.000Z', username: 'manager' },
      { printed_at: '2026-03-02T09:35:00.000Z', username: 'teller' },
    ]);
    assertInvariants(b.core);
  });

  it('reprints a loan repayment receipt with its principal and interest lines', async () => {
    const b = await lendingBranch();
    // 50,000.00 at 24 % a year over 12 months: the first month's interest is 50,000.00 x 2 % = 1,000.00, the
    // installment 4,727.98, so its principal is 4,727.98 - 1,000.00 = 3,727.98
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const paid = await b.teller.ok('loans.repay', { loanId, transactionAmount: '4727.98' });
    const original = paid.receipt!;
    expect(original).toMatchObject({ kind: 'LOAN_REPAYMENT', amount: '4727.98', copy: false });
    expect(original.lines).toEqual([{ label: 'principal', amount: '3727.98' }, { label: 'interest', amount: '1000.00' }]);
    expect(await b.accountant.ok('receipts.reprint', { number: original.number })).toEqual({ ...original, copy: true });
    assertInvariants(b.core);
  });

  it('refuses an unknown receipt naming the field number, writing nothing', async () => {
    const b = await savingsBranch();
    const { receipt } = await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '100' });
    expect(receipt!.number).toBe('NRB-R000001');
    const before = snapshot(b.core);
    // the next number, not issued yet, and another office's number
    for (const number of ['NRB-R000002', 'MSA-R000001']) {
      expect(await b.teller.err('receipts.reprint', { number })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'number', code: 'not_found' }] });
    }
    expect(await b.teller.err('receipts.reprint', { number: '  ' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'number' }] });
    expect(await b.teller.err('receipts.reprint', {})).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'number' }] });
    expect(snapshot(b.core)).toBe(before);
  });
});
