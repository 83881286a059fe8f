import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../../../shared/money';
import { snapshot } from '../../support/core';
import { activeLoan, lendingBranch, type LendingBranch } from '../../support/lending';
import { savingsBranch } from '../../support/savings';

/**
 * Issue 14 point 12: a loan payment that would leave the loan overpaid by more than the branch's margin (10% of
 * what the loan owed before the payment, unless the manager set another) needs a branch manager's approval typed
 * on the same PC, whatever the payment type: loans.repay, loans.repayBatch and savings.transferToLoan.
 */
const MANAGER = { username: 'manager', password: 'Str0ng-pass-2026' };
const minor = (text: string) => parseMoney(text, 2);
const text = (m: number) => formatMoney(m, 2);

async function owedOn(b: LendingBranch, loanId: number): Promise<number> {
  return minor((await b.teller.ok('loans.get', { loanId })).summary.totalOutstanding);
}

async function branchWithLoan() {
  const b = await lendingBranch();
  const loanId = await activeLoan(b, '2026-01-05');
  const owed = await owedOn(b, loanId);
  return { b, loanId, owed, margin: Math.floor(owed / 10) };
}

describe('overpayments beyond the margin need a branch manager', () => {
  it('refuses 99,999,999,999.99 on a 50,000 loan, naming the amount, what the loan owes and the margin; writes nothing', async () => {
    const { b, loanId, owed, margin } = await branchWithLoan();
    const before = snapshot(b.core);
    const e = await b.teller.err('loans.repay', { loanId, transactionAmount: '99999999999.99', paymentTypeCode: 'BANK_TRANSFER' });
    expect(e.code).toBe('OVERPAYMENT_APPROVAL_REQUIRED');
    expect(e.fields).toEqual([expect.objectContaining({ field: 'transactionAmount', code: 'overpayment', params: { owed: text(owed), margin: text(margin), marginPercent: '10', overpaidBy: text(minor('99999999999.99') - owed) } })]);
    expect(e.details).toEqual({ amount: '99999999999.99', owed: text(owed), margin: text(margin), marginPercent: '10', overpaidBy: text(minor('99999999999.99') - owed) });
    expect(e.message).toContain(`the loan owes ${text(owed)}`);
    expect(e.message).toContain(`at most ${text(margin)} (10% of what it owes)`);
    expect(snapshot(b.core)).toBe(before);
  });

  it('takes a payment that overpays by the margin exactly; one minor unit more needs the approval, whatever the payment type', async () => {
    const { b, loanId, owed, margin } = await branchWithLoan();
    for (const paymentTypeCode of ['CASH', 'MOBILE_MONEY', 'BANK_TRANSFER']) {
      const e = await b.teller.err('loans.repay', { loanId, transactionAmount: text(owed + margin + 1), paymentTypeCode });
      expect(e.code, paymentTypeCode).toBe('OVERPAYMENT_APPROVAL_REQUIRED');
    }
    const r = await b.teller.ok('loans.repay', { loanId, transactionAmount: text(owed + margin), paymentTypeCode: 'CASH' });
    expect(r.status).toBe('OVERPAID');
    expect(minor(r.summary.overpaidAmount)).toBe(margin);
  });

  it('with a manager approval the payment goes through; the teller, a wrong password or a loan officer cannot approve', async () => {
    const { b, loanId, owed } = await branchWithLoan();
    const amount = text(owed * 2);
    const before = snapshot(b.core);
    expect((await b.teller.err('loans.repay', { loanId, transactionAmount: amount, approval: { username: 'teller', password: 'Str0ng-pass-2026' } })).fields![0]!.code).toBe('same_user');
    expect((await b.teller.err('loans.repay', { loanId, transactionAmount: amount, approval: { username: 'officer', password: 'Str0ng-pass-2026' } })).fields![0]!.code).toBe('not_a_manager');
    expect((await b.teller.err('loans.repay', { loanId, transactionAmount: amount, approval: { ...MANAGER, password: 'wrong-pass-1' } })).code).toBe('INVALID_CREDENTIALS');
    b.core.db.prepare("UPDATE users SET failed_attempts = 0 WHERE username = 'manager'").run();
    expect(snapshot(b.core)).toBe(before);
    const r = await b.teller.ok('loans.repay', { loanId, transactionAmount: amount, approval: MANAGER });
    expect(minor(r.summary.overpaidAmount)).toBe(owed);
    // the approval is kept with the command (its password is not)
    const logged = b.core.db.prepare("SELECT input_json FROM command_log WHERE operation = 'loans.repay' ORDER BY seq DESC LIMIT 1").get() as { input_json: string };
    expect(logged.input_json).toContain('"username":"manager"');
    expect(logged.input_json).not.toContain('Str0ng-pass-2026');
  });

  it('a loan already overpaid owes nothing: any more money for it needs the approval', async () => {
    const { b, loanId, owed, margin } = await branchWithLoan();
    await b.teller.ok('loans.repay', { loanId, transactionAmount: text(owed + 1) });
    const e = await b.teller.err('loans.repay', { loanId, transactionAmount: '0.01' });
    expect(e.code).toBe('OVERPAYMENT_APPROVAL_REQUIRED');
    expect(e.details).toMatchObject({ owed: '0.00', margin: '0.00', overpaidBy: '0.02' });
    void margin;
  });

  it('loans.repayBatch: the item that overpays is named, nothing posts; a batch approval or the item its own lets it through', async () => {
    const { b, loanId, owed, margin } = await branchWithLoan();
    const other = await activeLoan(b, '2026-01-05');
    const items = [
      { loanId: other, transactionAmount: '1000' },
      { loanId, transactionAmount: text(owed + margin + 1), paymentTypeCode: 'BANK_TRANSFER' },
    ];
    const before = snapshot(b.core);
    const e = await b.teller.err('loans.repayBatch', { repayments: items });
    expect(e.code).toBe('OVERPAYMENT_APPROVAL_REQUIRED');
    expect(e.fields![0]!.field).toBe('repayments.1.transactionAmount');
    expect(e.details).toMatchObject({ owed: text(owed), margin: text(margin) });
    expect(snapshot(b.core)).toBe(before);

    // two payments of one loan in one batch: the second is checked against what the first left owing
    const split = [
      { loanId, transactionAmount: text(owed - 100) },
      { loanId, transactionAmount: text(100 + 11) },
    ];
    expect((await b.teller.err('loans.repayBatch', { repayments: split })).fields![0]!.field).toBe('repayments.1.transactionAmount');
    expect(snapshot(b.core)).toBe(before);

    expect((await b.teller.ok('loans.repayBatch', { repayments: items, approval: MANAGER })).results).toHaveLength(2);
    const third = await activeLoan(b, '2026-01-05');
    const owedThird = await owedOn(b, third);
    const r = await b.teller.ok('loans.repayBatch', { repayments: [{ loanId: third, transactionAmount: text(owedThird * 2), approval: MANAGER }] });
    expect(r.results[0]!.status).toBe('OVERPAID');
  });

  it('savings.transferToLoan: refused beyond the margin, naming the amount, with nothing written; approved, it goes through', async () => {
    const b = await savingsBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    const owed = await owedOn(b, loanId);
    const margin = Math.floor(owed / 10);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '200000' });
    const before = snapshot(b.core);
    const e = await b.teller.err('savings.transferToLoan', { savingsId: b.savingsId, loanId, transactionAmount: text(owed + margin + 1) });
    expect(e.code).toBe('OVERPAYMENT_APPROVAL_REQUIRED');
    expect(e.fields![0]!.field).toBe('transactionAmount');
    expect(e.details).toMatchObject({ owed: text(owed), margin: text(margin), marginPercent: '10' });
    expect(snapshot(b.core)).toBe(before);
    const t = await b.teller.ok('savings.transferToLoan', { savingsId: b.savingsId, loanId, transactionAmount: text(owed + margin + 1), approval: MANAGER });
    expect(minor((await b.teller.ok('loans.get', { loanId: t.loanId })).summary.overpaidAmount)).toBe(margin + 1);
  });
});

describe('the margin is the branch manager’s setting', () => {
  it('is 10% unless set; the manager sets it (0 to 100, two decimals at most); a teller may not', async () => {
    const { b, loanId, owed } = await branchWithLoan();
    expect((await b.teller.ok('settings.get', {})).overpaymentMarginPercent).toBe('10');
    expect((await b.teller.err('settings.setOverpaymentMargin', { overpaymentMarginPercent: '50' })).code).toBe('PERMISSION_DENIED');
    for (const bad of ['101', '100.01', '12.345', 'ten', '-1', '']) {
      const e = await b.manager.err('settings.setOverpaymentMargin', { overpaymentMarginPercent: bad });
      expect(e.code, bad).toBe('VALIDATION_FAILED');
      expect(e.fields![0]!.field, bad).toBe('overpaymentMarginPercent');
    }
    expect((await b.manager.ok('settings.setOverpaymentMargin', { overpaymentMarginPercent: '12.50' })).overpaymentMarginPercent).toBe('12.5');
    expect((await b.admin.ok('settings.get', {})).overpaymentMarginPercent).toBe('12.5');
    const margin = Math.floor((owed * 1250) / 10000);
    expect((await b.teller.err('loans.repay', { loanId, transactionAmount: text(owed + margin + 1) })).details).toMatchObject({ margin: text(margin), marginPercent: '12.5' });

    // 0: not a minor unit over without approval (paying exactly what is owed still closes the loan)
    await b.manager.ok('settings.setOverpaymentMargin', { overpaymentMarginPercent: '0' });
    expect((await b.teller.err('loans.repay', { loanId, transactionAmount: text(owed + 1) })).code).toBe('OVERPAYMENT_APPROVAL_REQUIRED');
    expect((await b.teller.ok('loans.repay', { loanId, transactionAmount: text(owed) })).status).toBe('CLOSED_OBLIGATIONS_MET');
    await b.admin.ok('settings.setOverpaymentMargin', { overpaymentMarginPercent: '100' });
    expect((await b.admin.ok('settings.get', {})).overpaymentMarginPercent).toBe('100');
  });
});
