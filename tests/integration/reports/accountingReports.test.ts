import { describe, expect, it } from 'vitest';
import type { ReportResult } from '../../../shared/contract/reports';
import { parseMoney } from '../../../shared/money';
import { assertInvariants, type Caller } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';
import { openSavings } from '../../support/savings';
import { flowsBranch } from './flowsScenario';

/**
 * The accounting and cash reports (issue 18; FINERACT-NOTES.md 1.14) on flowsScenario's branch (cash-based), with:
 * the three tills funded from the bank on 1 December 2025 (Dr vault, Cr 1140 bank; then vault -> till: 10,000,000.00
 * each, so the bank stands at -30,000,000.00 and the vault at 0); share capital 100,000.00 paid into the bank on
 * 2 January (Dr 1140, Cr 3100); office rent 250.00 from the bank on 20 January (Dr 5400, Cr 1140); 1,000.00 deposited
 * in cash into a savings account on 1 February (Dr till, Cr 2100); the books closed up to 31 January. Loans move
 * cash to the portfolio (no change to total assets); a repayment's interest is income (4100). So:
 * - 31 January: assets 100,000 - 250 = 99,750.00; equity: capital 100,000.00 and the closed periods' profit -250.00
 * - 28 February: + interest 120 + 60 + 120 = 300.00 and the deposit 1,000.00: assets 101,050.00, liabilities
 *   1,000.00, equity 100,000 - 250 + 300 = 100,050.00 (the open period's profit 300.00)
 */
const money = (text: unknown) => parseMoney(String(text), 2);

function balances(r: ReportResult): void {
  expect(money(r.totals.assets), `${r.parameters.asOf}`).toBe(money(r.totals.liabilities) + money(r.totals.equity));
}

async function balanceSheet(c: Caller, asOf: string): Promise<ReportResult> {
  return c.ok('reports.run', { report: 'balanceSheet', asOf });
}

describe('reports: balance sheet, income statement, GL account detail, teller cash summary', () => {
  it('gives the books as they stood on each date, with the profit in equity, honouring the closure, as worked by hand', async () => {
    const b = await flowsBranch();
    const { accountant, manager, teller } = b;
    const { id: savingsProductId } = await manager.ok('savingsProducts.create', AKIBA as never);
    setBusinessDate(b.core, '2026-02-01');
    const savingsId = await openSavings(b, savingsProductId, b.clients[4]!);
    await teller.ok('savings.deposit', { savingsId, transactionAmount: '1000' });
    setBusinessDate(b.core, '2026-03-02');
    await accountant.ok('accounting.postEntry', { transactionDate: '2026-01-02', description: 'Share capital', lines: [{ glCode: '1140', debit: '100000' }, { glCode: '3100', credit: '100000' }] });
    await accountant.ok('accounting.postEntry', { transactionDate: '2026-01-20', description: 'Office rent', lines: [{ glCode: '5400', debit: '250' }, { glCode: '1140', credit: '250' }] });
    await accountant.ok('accounting.closePeriod', { closingDate: '2026-01-31' });

    // 31 January: bank -30,000,000 + 100,000 - 250 = -29,900,250.00; the teller's till 10,000,000 - 12,000 (A) -
    // 6,000 (B) = 9,982,000.00; the manager's and admin's 10,000,000.00; the portfolio 18,000.00
    const january = await balanceSheet(accountant, '2026-01-31');
    expect(january.parameters).toEqual({ asOf: '2026-01-31', closedUpTo: '2026-01-31' });
    expect(january.rows.map((r) => [r.section, r.glCode, r.balance])).toEqual([
      ['assets', '1110', '0.00'],
      ['assets', '1120.01', '9982000.00'],
      ['assets', '1120.02', '10000000.00'],
      ['assets', '1120.03', '10000000.00'],
      ['assets', '1140', '-29900250.00'],
      ['assets', '1200', '18000.00'],
      ['equity', '3100', '100000.00'],
      ['equity', null, '-250.00'],
      ['equity', null, '0.00'],
    ]);
    expect(january.rows.slice(-2).map((r) => r.line)).toEqual(['closedPeriodsProfit', 'currentPeriodProfit']);
    expect(january.totals).toEqual({ assets: '99750.00', liabilities: '0.00', equity: '99750.00' });
    // 28 February: the portfolio 42,000 - 1,620 repaid = 40,380.00; the teller's till 9,982,000 - 24,000 (C) +
    // 1,120 + 300 + 500 + 1,000 = 9,960,920.00; savings 1,000.00
    const february = await balanceSheet(accountant, '2026-02-28');
    expect(february.rows.filter((r) => ['1120.01', '1200', '2100'].includes(String(r.glCode))).map((r) => [r.glCode, r.balance])).toEqual([
      ['1120.01', '9960920.00'],
      ['1200', '40380.00'],
      ['2100', '1000.00'],
    ]);
    expect(february.rows.slice(-2).map((r) => [r.line, r.balance])).toEqual([
      ['closedPeriodsProfit', '-250.00'],
      ['currentPeriodProfit', '300.00'],
    ]);
    expect(february.totals).toEqual({ assets: '101050.00', liabilities: '1000.00', equity: '100050.00' });
    // the contract, exactly as written
    const contract = await accountant.ok('reports.run', { report: 'balanceSheet', asOf: '2026-03-02' });
    expect(Object.keys(contract.totals).sort()).toEqual(['assets', 'equity', 'liabilities']);
    expect(contract.totals).toEqual({ assets: '101050.00', liabilities: '1000.00', equity: '100050.00' });

    // the income statement of the open period (unless told: from the day after the closing date): interest 300.00;
    // January's: rent 250.00, a loss of 250.00 (the closed periods' profit above)
    const open = await accountant.ok('reports.run', { report: 'incomeStatement' });
    expect(open.parameters).toEqual({ fromDate: '2026-02-01', toDate: '2026-03-02', closedUpTo: '2026-01-31' });
    expect(open.rows.map((r) => [r.section, r.glCode, r.amount])).toEqual([['income', '4100', '300.00']]);
    expect(open.totals).toEqual({ income: '300.00', expenses: '0.00', netProfit: '300.00' });
    const januaryIncome = await accountant.ok('reports.run', { report: 'incomeStatement', fromDate: '2026-01-01', toDate: '2026-01-31' });
    expect(januaryIncome.rows.map((r) => [r.section, r.glCode, r.amount])).toEqual([['expenses', '5400', '250.00']]);
    expect(januaryIncome.totals).toEqual({ income: '0.00', expenses: '250.00', netProfit: '-250.00' });

    // the teller's till counted and closed (9,961,020.00: the 100.00 B paid on 2 March is in it; its undo by the
    // manager came out of the manager's till), opened again the same day with the same count; then B pays 820.00
    // (260.00 principal of installment 1, then 60.00 interest + 500.00 principal of installment 2), D is disbursed
    // (5,000.00) and the till closes 40.00 short: 9,961,020 + 820 - 5,000 = 9,956,840 expected, 9,956,800 counted
    const tillCount = [{ denomination: '1000', quantity: 9961 }, { denomination: '20', quantity: 1 }];
    await teller.ok('tills.close', { count: tillCount });
    await teller.ok('tills.open', { count: tillCount });
    await teller.ok('loans.repay', { loanId: b.loans.b, transactionAmount: '820' });
    await teller.ok('loans.disburse', { loanId: b.loans.d, paymentTypeCode: 'CASH' });
    const closed = await teller.ok('tills.close', { count: [{ denomination: '1000', quantity: 9956 }, { denomination: '500', quantity: 1 }, { denomination: '200', quantity: 1 }, { denomination: '100', quantity: 1 }] });
    expect(closed).toMatchObject({ expected: '9956840.00', counted: '9956800.00', difference: '-40.00' });

    // later postings leave the past as it was
    expect(await balanceSheet(accountant, '2026-02-28')).toMatchObject({ rows: february.rows, totals: february.totals });
    expect(await balanceSheet(accountant, '2026-01-31')).toMatchObject({ rows: january.rows, totals: january.totals });
    // 2 March: + interest 60.00 - the 40.00 short (5300): assets 101,070.00, equity 100,070.00 (the open period 320.00)
    const now = await balanceSheet(accountant, '2026-03-02');
    expect(now.totals).toEqual({ assets: '101070.00', liabilities: '1000.00', equity: '100070.00' });
    expect(now.rows.slice(-1)[0]).toMatchObject({ line: 'currentPeriodProfit', balance: '320.00' });
    const openNow = await accountant.ok('reports.run', { report: 'incomeStatement' });
    expect(openNow.rows.map((r) => [r.glCode, r.amount])).toEqual([
      ['4100', '360.00'],
      ['5300', '40.00'],
    ]);
    expect(openNow.totals).toEqual({ income: '360.00', expenses: '40.00', netProfit: '320.00' });
    // assets = liabilities + equity on every date, and the trial balance report gives accounting.trialBalance's figures
    for (const asOf of ['2025-12-01', '2026-01-02', '2026-01-05', '2026-01-20', '2026-01-31', '2026-02-01', '2026-02-12', '2026-02-28', '2026-03-02']) {
      balances(await balanceSheet(accountant, asOf));
      const tb = await accountant.ok('accounting.trialBalance', { asOf });
      const report = await accountant.ok('reports.run', { report: 'trialBalance', asOf });
      expect(report.rows.map((r) => [r.glCode, r.debit, r.credit])).toEqual(tb.rows.map((r) => [r.glCode, r.debit, r.credit]));
      expect(report.totals).toEqual({ debit: tb.totalDebit, credit: tb.totalCredit });
    }

    // GL account detail: accounting.accountStatement's figures. Interest income (4100) over the open period: 120.00
    // (5 Feb), 60.00 (12 Feb), 120.00 (25 Feb), 60.00 (2 Mar); opening 0.00, closing 360.00
    const interest = 19;
    const detail = await accountant.ok('reports.run', { report: 'glAccountDetail', glAccountId: interest });
    expect(detail.parameters).toMatchObject({ fromDate: '2026-02-01', toDate: '2026-03-02', closedUpTo: '2026-01-31', glCode: '4100' });
    expect(detail.rows.map((r) => [r.date, r.credit, r.balance])).toEqual([
      ['2026-02-05', '120.00', '120.00'],
      ['2026-02-12', '60.00', '180.00'],
      ['2026-02-25', '120.00', '300.00'],
      ['2026-03-02', '60.00', '360.00'],
    ]);
    expect(detail.totals).toEqual({ openingBalance: '0.00', debit: '0.00', credit: '360.00', closingBalance: '360.00' });
    for (const [glAccountId, fromDate, toDate] of [
      [interest, '2026-02-01', '2026-03-02'],
      [6, '2026-02-01', '2026-03-02'], // the bank: opening -29,900,250.00 from the closed period
      [31, '2025-12-01', '2026-03-02'], // the teller's till, every movement
      [31, '2026-02-10', '2026-02-25'],
      [7, '2026-01-01', '2026-01-31'],
    ] as const) {
      const statement = await accountant.ok('accounting.accountStatement', { glAccountId, fromDate, toDate, limit: 500 });
      const report = await accountant.ok('reports.run', { report: 'glAccountDetail', glAccountId, fromDate, toDate });
      expect(report.rows.map((r) => [r.date, r.entryId, r.description, r.debit, r.credit, r.balance])).toEqual(statement.lines.map((l) => [l.date, l.entryId, l.description, l.debit, l.credit, l.balance]));
      expect([report.totals.openingBalance, report.totals.closingBalance]).toEqual([statement.openingBalance, statement.closingBalance]);
    }
    expect((await accountant.ok('reports.run', { report: 'glAccountDetail', glAccountId: 6, fromDate: '2026-02-01' })).totals.openingBalance).toBe('-29900250.00');
    expect(await accountant.err('reports.run', { report: 'glAccountDetail' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'glAccountId' }] });
    expect(await accountant.err('reports.run', { report: 'glAccountDetail', glAccountId: 9999 })).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'glAccountId' }] });

    // the cash of 2 March: the teller's till opened the day with 9,960,920.00 (its movements before 2 March), took in
    // 100.00 + 820.00, paid out 5,000.00, expected 9,956,840.00, counted 9,956,800.00 (40.00 short), closed holding
    // the count; the manager's paid out the 100.00 undone; the admin's did nothing; the vault holds nothing
    const cash = await manager.ok('reports.run', { report: 'tellerCashSummary' });
    expect(cash.rows.map((r) => [r.till, r.teller, r.opening, r.cashIn, r.cashOut, r.expected, r.counted, r.difference, r.closing])).toEqual([
      ['1120.01', 'teller', '9960920.00', '920.00', '5000.00', '9956840.00', '9956800.00', '-40.00', '9956800.00'],
      ['1120.02', 'manager', '10000000.00', '0.00', '100.00', '9999900.00', null, null, '9999900.00'],
      ['1120.03', 'admin', '10000000.00', '0.00', '0.00', '10000000.00', null, null, '10000000.00'],
      ['1110', null, '0.00', '0.00', '0.00', '0.00', null, null, '0.00'],
    ]);
    expect(cash.totals).toMatchObject({ opening: '29960920.00', cashIn: '920.00', cashOut: '5100.00', counted: '9956800.00', difference: '-40.00', closing: '29956700.00' });
    // 5 January: A's 12,000.00 paid out of the teller's till; 1 December 2025: the vault took 30,000,000.00 in from
    // the bank and gave it to the three tills
    const fifth = await manager.ok('reports.run', { report: 'tellerCashSummary', asOf: '2026-01-05' });
    expect(fifth.rows[0]).toMatchObject({ opening: '10000000.00', cashIn: '0.00', cashOut: '12000.00', closing: '9988000.00', counted: null });
    expect(fifth.totals).toMatchObject({ counted: null, difference: null });
    const first = await manager.ok('reports.run', { report: 'tellerCashSummary', asOf: '2025-12-01' });
    expect(first.rows.at(-1)).toMatchObject({ till: '1110', opening: '0.00', cashIn: '30000000.00', cashOut: '30000000.00', closing: '0.00' });
    expect(first.rows.slice(0, 3).map((r) => [r.opening, r.cashIn, r.closing])).toEqual([
      ['0.00', '10000000.00', '10000000.00'],
      ['0.00', '10000000.00', '10000000.00'],
      ['0.00', '10000000.00', '10000000.00'],
    ]);

    // day-end closes 2 March once every till is closed (the manager's and the admin's counted as they stand), and
    // posts the savings account's February interest: 1,000.00 x 6 % x 28 / 365 = 4.6027 -> 4.60 (Dr 5200, Cr 2100),
    // dated in March. February reads as it did; 2 March and the new business date, 3 March: liabilities 1,004.60,
    // the open period's profit 360 - 40 - 4.60 = 315.40, equity 100,065.40, assets unchanged; still balanced
    await manager.ok('tills.close', { count: [{ denomination: '1000', quantity: 9999 }, { denomination: '500', quantity: 1 }, { denomination: '200', quantity: 2 }] });
    await b.admin.ok('tills.close', { count: [{ denomination: '1000', quantity: 10000 }] });
    expect(await manager.ok('dayEnd.run', {})).toMatchObject({ closed: ['2026-03-02'], businessDate: '2026-03-03' });
    expect((await balanceSheet(accountant, '2026-02-28')).totals).toEqual(february.totals);
    for (const asOf of ['2026-03-02', '2026-03-03']) {
      const sheet = await balanceSheet(accountant, asOf);
      expect(sheet.totals).toEqual({ assets: '101070.00', liabilities: '1004.60', equity: '100065.40' });
      expect(sheet.rows.at(-1)).toMatchObject({ line: 'currentPeriodProfit', balance: '315.40' });
      expect((await accountant.ok('reports.run', { report: 'incomeStatement', toDate: asOf })).totals).toEqual({ income: '360.00', expenses: '44.60', netProfit: '315.40' });
    }

    // who may: the accountant and the manager; not a loan officer (no accounting or cash permission), nor a teller
    for (const report of ['balanceSheet', 'incomeStatement', 'tellerCashSummary'] as const) {
      expect(await b.officer.err('reports.run', { report })).toMatchObject({ code: 'PERMISSION_DENIED' });
      expect(await teller.err('reports.run', { report })).toMatchObject({ code: 'PERMISSION_DENIED' });
    }
    expect(await accountant.err('reports.run', { report: 'incomeStatement', fromDate: '2026-03-01', toDate: '2026-02-01' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'fromDate' }] });
    expect(await accountant.err('reports.run', { report: 'balanceSheet', asOf: '2026-03-04' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'asOf', code: 'after_business_date' }] });
    assertInvariants(b.core);
  });
});
