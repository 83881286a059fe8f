import { describe, expect, it } from 'vitest';
import { renderBookText, fillMessage, type BookText } from '../../../shared/bookText';
import { journalText, templateAccountName } from '../../../electron/core/services/accounting/bookTexts';
import { assertInvariants } from '../../support/core';
import { activeLoan, setBusinessDate } from '../../support/lending';
import { openSavings, savingsBranch } from '../../support/savings';

/**
 * Issue 19 point 9: account names and journal descriptions in the reader's language. The core keeps what it wrote
 * (English; posted history is never edited) and returns beside it what the text says (a key of `books.` in the i18n
 * files and its parameters), read back from the stored text: each kind of entry a command posts is read back here.
 */
describe('what the books wrote, said again in the reader\'s language (issue 19 point 9)', () => {
  it('names each template account by its code while it keeps its name; a renamed account keeps the name typed', async () => {
    const b = await savingsBranch();
    // 3300 comes with the first opening balances (dated on or before the first business, 1 December 2025)
    await b.manager.ok('accounting.openingBalances', { transactionDate: '2025-11-30', lines: [{ glCode: '1140', debit: '1000' }, { glCode: '3300', credit: '1000' }] });
    const chart = await b.accountant.ok('accounting.accounts', { includeInactive: true });
    // every template account of a new branch is named as the list says, and is read as its code
    const templates = chart.filter((a) => templateAccountName(a.code) !== undefined);
    expect(templates.map((a) => a.code)).toEqual(['1000', '1100', '1110', '1120', '1130', '1140', '1200', '1210', '1220', '1230', '1240', '2000', '2100', '2200', '2300', '2400', '3000', '3100', '3200', '3300', '4000', '4100', '4200', '4300', '4400', '4900', '5000', '5100', '5200', '5300', '5400']);
    for (const a of templates) {
      expect(a.name).toBe(templateAccountName(a.code));
      expect(a.nameText).toEqual({ key: `accounts.${a.code}`, params: {} });
    }
    // a till's account: "Till: teller (teller)"
    const till = chart.find((a) => a.code.startsWith('1120.') && a.name === 'Till: teller (teller)');
    expect(till?.nameText).toEqual({ key: 'accounts.till', params: { teller: 'teller', login: 'teller' } });

    // the branch renames 1140: its name stays as typed in every language; an account it adds has no key either
    const bank = chart.find((a) => a.code === '1140')!;
    await b.accountant.ok('accounting.updateAccount', { id: bank.id, name: 'Equity Bank current account' });
    await b.accountant.ok('accounting.createAccount', { code: '1150', name: 'Petty cash', type: 'ASSET', parentId: chart.find((a) => a.code === '1100')!.id });
    const after = await b.accountant.ok('accounting.accounts', {});
    expect(after.find((a) => a.code === '1140')).toMatchObject({ name: 'Equity Bank current account', nameText: null });
    expect(after.find((a) => a.code === '1150')).toMatchObject({ name: 'Petty cash', nameText: null });
    expect(after.find((a) => a.code === '1130')?.nameText).toEqual({ key: 'accounts.1130', params: {} });

    // the same in the trial balance, an account's statement, the journal's lines and the accounting reports
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb.rows.find((r) => r.glCode === '1140')).toMatchObject({ name: 'Equity Bank current account', nameText: null });
    expect(tb.rows.find((r) => r.glCode === '3300')?.nameText).toEqual({ key: 'accounts.3300', params: {} });
    const journal = await b.accountant.ok('accounting.journalEntries', { limit: 200 });
    const opening = journal.find((e) => e.sourceType === 'opening_balance')!;
    expect(opening.lines.map((l) => [l.glCode, l.glName, l.glNameText?.key ?? null])).toEqual([
      ['1140', 'Equity Bank current account', null],
      ['3300', 'Opening balance equity', 'accounts.3300'],
    ]);
    const report = await b.accountant.ok('reports.run', { report: 'balanceSheet' });
    const row = (code: string) => report.rows.find((r) => r.glCode === code)!;
    expect(row('1140')).toMatchObject({ name: 'Equity Bank current account', nameText: null });
    expect(JSON.parse(String(row('1110').nameText))).toEqual({ key: 'accounts.1110', params: {} });
    expect(report.totals).toMatchObject({ assets: expect.any(String) });

    // (the trial balance by hand: each of the three tills holds 10,000,000.00 brought from the bank 1140, which had
    // 1,000.00 opening debit: 1140 credit 29,999,000.00, 3300 credit 1,000.00, the tills' 30,000,000.00 on the debit side)
    // a report file in the reader's words (reports.export words: the screen's messages under books.); a renamed
    // account and a text without its message as stored
    const words = { 'accounts.till': 'Caisse : {teller} ({login})', 'accounts.3300': 'Capitaux propres d’ouverture' };
    const file = await b.accountant.ok('reports.export', { report: 'trialBalance', format: 'csv', words });
    const lines = Buffer.from(file.base64, 'base64').toString('utf8').split('\r\n');
    expect(lines).toContain('1120.01,Caisse : teller (teller),ASSET,10000000.00,0.00');
    expect(lines).toContain('1140,Equity Bank current account,ASSET,0.00,29999000.00');
    expect(lines).toContain('3300,Capitaux propres d’ouverture,EQUITY,0.00,1000.00');
    assertInvariants(b.core);
  });

  it("reads back each kind of entry a command posts, the stored English kept as it was", async () => {
    const b = await savingsBranch();
    const texts = async () => (await b.accountant.ok('accounting.journalEntries', { limit: 200 })).map((e) => ({ d: e.description, s: e.sourceType, t: e.text }));
    const seen = new Map<string, { d: string; t: BookText | null }>();
    const look = async () => {
      for (const e of await texts()) seen.set(e.d, e);
    };

    // loans: disbursement, repayment, its undo (a reversal), write-off, recovery
    const loanId = await activeLoan(b, '2026-01-05');
    const accountNo = (await b.officer.ok('loans.get', { loanId })).accountNo;
    const repaid = await b.teller.ok('loans.repay', { loanId, transactionAmount: '1000' });
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: repaid.transactionId, transactionAmount: '0' });
    setBusinessDate(b.core, '2026-06-30');
    await b.manager.ok('loans.writeOff', { loanId });
    await b.teller.ok('loans.recoverWrittenOff', { loanId, transactionAmount: '500' });
    // savings: deposit, withdrawal, transfer, the undo of a deposit
    const savingsNo = (await b.teller.ok('savings.get', { savingsId: b.savingsId })).accountNo;
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '2500', paymentTypeCode: 'CASH' });
    const wrong = await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '40', paymentTypeCode: 'CASH' });
    await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '300', paymentTypeCode: 'CASH' });
    const other = await openSavings(b, b.savingsProductId);
    const otherNo = (await b.teller.ok('savings.get', { savingsId: other })).accountNo;
    await b.teller.ok('savings.transfer', { fromSavingsId: b.savingsId, toSavingsId: other, transactionAmount: '200' });
    await b.teller.ok('savings.undoTransaction', { savingsId: b.savingsId, transactionId: wrong.transactionId, note: 'typed twice' });
    // tills: cash to a till with a note, a short close by the teller, a close for an absent till by the manager
    await b.manager.ok('tills.fundVault', { amount: '2000', note: 'from the bank' });
    await b.manager.ok('tills.allocate', { username: 'teller', amount: '2000', note: 'top-up' });
    // the manager closes the admin's till for them, counting 1,000 of its 10,000,000: short
    await b.manager.ok('tills.close', { username: 'admin', count: [{ denomination: '1000', quantity: 1 }] });
    await look();
    // a manual entry is the accountant's own words, its reversal reads "Reversal of:" them
    const manual = await b.accountant.ok('accounting.postEntry', { description: 'Rent for June', lines: [{ glCode: '5400', debit: '100' }, { glCode: '1140', credit: '100' }] });
    await b.accountant.ok('accounting.reverseEntry', { entryId: manual.id });
    await look();

    const textOf = (description: string) => {
      expect(seen.has(description), `an entry "${description}" was posted`).toBe(true);
      return seen.get(description)!.t;
    };
    expect(textOf(`Loan disbursement ${accountNo}`)).toEqual({ key: 'journal.loan.DISBURSEMENT', params: { account: accountNo } });
    expect(textOf(`Loan repayment ${accountNo}`)).toEqual({ key: 'journal.loan.REPAYMENT', params: { account: accountNo } });
    expect(textOf(`Reversal of: Loan repayment ${accountNo}`)).toEqual({ key: 'journal.reversal', params: {}, of: { key: 'journal.loan.REPAYMENT', params: { account: accountNo } } });
    expect(textOf(`Loan written off ${accountNo}`)).toEqual({ key: 'journal.loan.WRITE_OFF', params: { account: accountNo } });
    expect(textOf(`Recovery of a written-off loan ${accountNo}`)).toEqual({ key: 'journal.loan.RECOVERY_REPAYMENT', params: { account: accountNo } });
    expect(textOf(`Savings deposit ${savingsNo}`)).toEqual({ key: 'journal.savings.deposit', params: { account: savingsNo } });
    expect(textOf(`Savings withdrawal ${savingsNo}`)).toEqual({ key: 'journal.savings.withdrawal', params: { account: savingsNo } });
    expect(textOf(`Savings transfer ${savingsNo} to ${otherNo}`)).toEqual({ key: 'journal.savings.transfer', params: { from: savingsNo, to: otherNo } });
    expect(textOf(`Reversal of: Savings deposit ${savingsNo}`)?.of).toEqual({ key: 'journal.savings.deposit', params: { account: savingsNo } });
    expect(textOf('Cash brought into the vault')).toEqual({ key: 'journal.vault.funded', params: {} });
    expect(textOf('Cash brought into the vault: from the bank')).toEqual({ key: 'journal.vault.funded', params: { note: 'from the bank' } });
    expect(textOf('Cash from the vault to the till of teller')).toEqual({ key: 'journal.till.allocation', params: { teller: 'teller' } });
    expect(textOf('Cash from the vault to the till of teller: top-up')).toEqual({ key: 'journal.till.allocation', params: { teller: 'teller', note: 'top-up' } });
    const short = [...seen.values()].find((e) => e.t?.key === 'journal.till.shortClosedBy');
    expect(short?.t?.params).toMatchObject({ manager: 'manager' });
    expect(textOf('Rent for June')).toBeNull();
    expect(textOf('Reversal of: Rent for June')).toEqual({ key: 'journal.reversal', params: {}, of: 'Rent for June' });
    // no entry of a command was left unread but the accountant's own
    for (const [d, e] of seen) if (d !== 'Rent for June') expect(e.t, d).not.toBeNull();
    assertInvariants(b.core);
  });

  it('reads the texts of the other writers (a close over or short, a settlement, a collection sheet, the opening balances)', () => {
    expect(journalText('Cash short at the close of the till of Peter Otieno', 'till_session')).toEqual({ key: 'journal.till.short', params: { teller: 'Peter Otieno' } });
    expect(journalText('Cash over at the close of the till of Peter Otieno (closed by Mary Wanjiru): counted twice', 'till_session')).toEqual({
      key: 'journal.till.overClosedBy',
      params: { teller: 'Peter Otieno', manager: 'Mary Wanjiru', note: 'counted twice' },
    });
    expect(journalText('Cash from the till of Peter Otieno to the vault', 'till')).toEqual({ key: 'journal.till.settlement', params: { teller: 'Peter Otieno' } });
    expect(journalText('Cash brought into the vault (training)', 'vault')).toEqual({ key: 'journal.vault.fundedTraining', params: {} });
    expect(journalText('Collection sheet Kawangware center 2026-03-02', 'collection_sheet')).toEqual({ key: 'journal.collectionSheet', params: { sheet: 'Kawangware center', date: '2026-03-02' } });
    expect(journalText('Opening balances as of 2026-03-01', 'opening_balance')).toEqual({ key: 'journal.opening.asOf', params: { date: '2026-03-01' } });
    expect(journalText('Savings fee (Ledger fee) SAV-000012', 'savings_transaction')).toEqual({ key: 'journal.savings.fee', params: { charge: 'Ledger fee', account: 'SAV-000012' } });
    // a text of another source, or not of this list, is shown as stored
    expect(journalText('Loan repayment LN-1', 'manual')).toBeNull();
    expect(journalText('Something else', 'loan_transaction')).toBeNull();
  });

  it('renders a text with the messages it is given, the stored text where one is missing', () => {
    const fr: Record<string, string> = {
      'journal.reversal': 'Annulation de : {of}',
      'journal.loan.REPAYMENT': 'Remboursement du prêt {account}',
      'journal.till.allocation': 'Espèces du coffre vers la caisse de {teller}',
      'journal.withNote': '{text} : {note}',
    };
    const say = (key: string, params: Record<string, string>) => (fr[key] === undefined ? null : fillMessage(fr[key], params));
    expect(renderBookText({ key: 'journal.reversal', params: {}, of: { key: 'journal.loan.REPAYMENT', params: { account: 'LN-7' } } }, say)).toBe('Annulation de : Remboursement du prêt LN-7');
    expect(renderBookText({ key: 'journal.till.allocation', params: { teller: 'Peter Otieno', note: 'appoint' } }, say)).toBe('Espèces du coffre vers la caisse de Peter Otieno : appoint');
    expect(renderBookText({ key: 'journal.reversal', params: {}, of: 'Loyer de juin' }, say)).toBe('Annulation de : Loyer de juin');
    expect(renderBookText({ key: 'journal.savings.deposit', params: { account: 'S-1' } }, say)).toBeNull();
  });
});
