import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, snapshot } from '../../support/core';
import { activeLoan, BIASHARA, lendingBranch, setBusinessDate } from '../../support/lending';

describe('lending: the README calls and the happy path', () => {
  it('creates the product, applies, approves, disburses, repays and balances the books', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-01-05');
    const { loanId } = await b.admin.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: '50000', numberOfRepayments: 12 });
    const pending = await b.manager.ok('loans.get', { loanId });
    expect(pending.status).toBe('SUBMITTED_AND_PENDING_APPROVAL');
    // no installments before disbursal: the proposed schedule of its terms (issue 19 point 4), the figures below
    expect(pending.periods).toEqual([]);
    expect(pending.proposed!.periods).toHaveLength(12);
    expect(pending.proposed!.periods[0]).toMatchObject({ dueDate: '2026-02-05', interestDue: '1000.00', totalDueForPeriod: '4727.98' });
    expect(pending.proposed!.totalPrincipal).toBe('50000.00');
    await b.manager.ok('loans.approve', { loanId });
    expect((await b.manager.ok('loans.get', { loanId })).proposed!.totalInterest).toBe(pending.proposed!.totalInterest);
    const disbursed = await b.admin.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
    expect(disbursed.status).toBe('ACTIVE');
    expect(disbursed.receipt!.number).toMatch(/^NRB-R\d{6}$/);
    setBusinessDate(b.core, '2026-02-05');
    const paid = await b.admin.ok('loans.repay', { loanId, transactionAmount: '4728', paymentTypeCode: 'CASH' });
    expect(paid.receipt!.amount).toBe('4728.00');
    const loan = await b.admin.ok('loans.get', { loanId });
    expect(loan.status).toBe('ACTIVE');
    expect(loan.summary.principalDisbursed).toBe('50000.00');
    expect(loan.periods).toHaveLength(12);
    expect(loan.proposed).toBeNull();
    // 24 % a year, monthly: 1000.00 interest in the first month, EMI 4727.98
    expect(loan.periods[0]).toMatchObject({ interestDue: '1000.00', totalDueForPeriod: '4727.98', complete: true });
    expect(loan.summary.principalOutstanding).toBe('46272.02');
    expect(loan.summary.totalOutstanding).toBe('52007.76');
    expect(loan.transactions.map((t) => t.type)).toEqual(['DISBURSEMENT', 'REPAYMENT']);
    const tb = await b.admin.ok('accounting.trialBalance', {});
    expect(tb.totalDebit).toBe(tb.totalCredit);
    const row = (code: string) => tb.rows.find((r) => r.glCode === code);
    expect(row('1200')).toMatchObject({ debit: '46272.02' }); // loan portfolio
    expect(row('4100')).toMatchObject({ credit: '1000.02' }); // interest income
    // cash went through the admin's till (the third made, 1120.03): 10,000,000 allocated, 50000 out, 4728 in
    expect(row('1120.03')).toMatchObject({ debit: '9954728.00' });
    expect((await b.admin.ok('tills.current', {})).balance).toBe('9954728.00');
    expect(row('1110')).toBeUndefined(); // the vault gave all it received from the bank to the tills
    expect(row('1140')).toMatchObject({ credit: '30000000.00' });
    assertInvariants(b.core);
  });

  it('repays a whole loan to CLOSED_OBLIGATIONS_MET, and an overpayment to OVERPAID with the excess on the liability', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05', { principal: '12000', numberOfRepayments: 3 });
    const full = await b.manager.ok('loans.get', { loanId });
    setBusinessDate(b.core, '2026-01-20');
    const r = await b.teller.ok('loans.repay', { loanId, transactionAmount: full.summary.totalOutstanding });
    expect(r.status).toBe('CLOSED_OBLIGATIONS_MET');
    expect((await b.manager.ok('loans.get', { loanId })).timeline.closedOn).toBe('2026-01-20');
    expect((await b.teller.err('loans.repay', { loanId, transactionAmount: '1' })).code).toBe('INVALID_STATE');

    const over = await activeLoan(b, '2026-01-20', { principal: '12000', numberOfRepayments: 3 });
    const owed = (await b.manager.ok('loans.get', { loanId: over })).summary.totalOutstanding;
    const res = await b.teller.ok('loans.repay', { loanId: over, transactionAmount: (Number(owed.replace('.', '')) + 50000) / 100 + '' });
    expect(res.status).toBe('OVERPAID');
    expect(res.summary.overpaidAmount).toBe('500.00');
    expect(res.summary.totalOutstanding).toBe('0.00');
    const tb = await b.admin.ok('accounting.trialBalance', {});
    expect(tb.rows.find((x) => x.glCode === '2200')).toMatchObject({ credit: '500.00' });
    assertInvariants(b.core);
  });

  it('refuses an operation in the wrong status, naming the status', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-01-05');
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    const e = await b.teller.err('loans.disburse', { loanId });
    expect(e.code).toBe('INVALID_STATE');
    expect(e.details).toMatchObject({ status: 'SUBMITTED_AND_PENDING_APPROVAL' });
    expect(e.message).toContain('SUBMITTED_AND_PENDING_APPROVAL');
    await b.manager.ok('loans.reject', { loanId });
    expect((await b.manager.err('loans.approve', { loanId })).details).toMatchObject({ status: 'REJECTED' });
  });

  it('goes through withdraw, undo approval and undo disbursal', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-01-05');
    const { loanId: w } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    await b.officer.ok('loans.withdraw', { loanId: w });
    expect((await b.manager.ok('loans.get', { loanId: w })).status).toBe('WITHDRAWN_BY_CLIENT');

    const before = (await b.admin.ok('accounting.trialBalance', {})).rows;
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    await b.manager.ok('loans.approve', { loanId });
    await b.manager.ok('loans.undoApproval', { loanId });
    expect((await b.manager.ok('loans.get', { loanId })).status).toBe('SUBMITTED_AND_PENDING_APPROVAL');
    await b.manager.ok('loans.approve', { loanId });
    await b.teller.ok('loans.disburse', { loanId });
    setBusinessDate(b.core, '2026-02-05');
    const r = await b.teller.ok('loans.repay', { loanId, transactionAmount: '100' });
    expect((await b.manager.err('loans.undoDisbursal', { loanId })).code).toBe('INVALID_STATE');
    await b.manager.ok('loans.adjustTransaction', { loanId, transactionId: r.transactionId, transactionAmount: '0' });
    await b.manager.ok('loans.undoDisbursal', { loanId });
    const back = await b.manager.ok('loans.get', { loanId });
    expect(back.status).toBe('APPROVED');
    expect(back.periods).toEqual([]);
    expect(back.transactions.every((t) => t.reversed)).toBe(true);
    const tb = await b.admin.ok('accounting.trialBalance', {});
    // everything reversed: the books are as they were before the loan, but for the cash: the teller paid the loan
    // out and took the 100 in; the manager who undid both took the 100 back out and the 50000 back in
    const tills = (rows: typeof before) => rows.filter((r) => r.glCode.startsWith('1120.'));
    expect(tb.rows.filter((r) => !r.glCode.startsWith('1120.'))).toEqual(before.filter((r) => !r.glCode.startsWith('1120.')));
    expect(tills(tb.rows).map((r) => [r.glCode, r.debit])).toEqual([['1120.01', '9950100.00'], ['1120.02', '10049900.00'], ['1120.03', '10000000.00']]);
    expect(tills(before).map((r) => r.debit)).toEqual(['10000000.00', '10000000.00', '10000000.00']);
    assertInvariants(b.core);
  });

  it('refuses the submitter approving their own loan, unless the branch allows it', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-01-05');
    const { loanId } = await b.manager.ok('loans.submit', { clientId: b.clientId, productId: b.productId });
    const before = snapshot(b.core);
    const e = await b.manager.err('loans.approve', { loanId });
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(e.details).toMatchObject({ rule: 'MAKER_CHECKER' });
    expect(snapshot(b.core)).toBe(before);
    b.core.db.prepare("INSERT INTO settings (key, value) VALUES ('loans.allow_self_approval', 'true')").run();
    await b.manager.ok('loans.approve', { loanId });
  });

  it('keeps the terms within the product ranges and refuses dates after the business date', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-01-05');
    const base = { clientId: b.clientId, productId: b.productId };
    // the refusal names the field and the product's range (issue 19 point 5), for the preview too
    const range = { field: 'principal', code: 'out_of_range', message: 'must be between 5000 and 200000', params: { min: '5000', max: '200000' } };
    expect((await b.officer.err('loans.submit', { ...base, principal: '4000' })).fields).toEqual([range]);
    expect((await b.officer.err('loans.submit', { ...base, principal: '200000.01' })).fields).toEqual([range]);
    expect((await b.officer.err('loans.previewSchedule', { ...base, principal: '300000' })).fields).toEqual([range]);
    expect((await b.officer.err('loans.submit', { ...base, numberOfRepayments: 0 })).fields![0]!.field).toBe('numberOfRepayments');
    const { loanId } = await b.officer.ok('loans.submit', base);
    await b.manager.ok('loans.approve', { loanId });
    const e = await b.teller.err('loans.disburse', { loanId, actualDisbursementDate: '2026-01-06' });
    expect(e.fields![0]).toMatchObject({ field: 'actualDisbursementDate', code: 'after_business_date' });
  });

  it('previews the schedule a submission would get, writing nothing', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-01-05');
    const before = snapshot(b.core);
    const s = await b.officer.ok('loans.previewSchedule', { productId: b.productId, principal: '60000' });
    expect(s.totalPrincipal).toBe('60000.00');
    expect(s.periods[0]!.dueDate).toBe('2026-02-05');
    expect(snapshot(b.core)).toBe(before);
  });

  it('posts once for the same idempotency key, and refuses the key for another payment', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const input = { loanId, transactionAmount: '4728', paymentTypeCode: 'CASH', idempotencyKey: 'till-1-2026-02-05-0001' };
    const first = await b.teller.ok('loans.repay', input);
    const count = () => (b.core.db.prepare("SELECT count(*) AS n FROM loan_transactions WHERE type = 'REPAYMENT'").get() as { n: number }).n;
    const logRows = () => (b.core.db.prepare('SELECT count(*) AS n FROM command_log').get() as { n: number }).n;
    const n = logRows();
    const second = await b.teller.ok('loans.repay', input);
    expect(second).toEqual(first);
    expect(count()).toBe(1);
    expect(logRows()).toBe(n);
    const e = await b.teller.err('loans.repay', { ...input, transactionAmount: '100' });
    expect(e.code).toBe('CONFLICT');
    expect(e.fields![0]!.field).toBe('idempotencyKey');
    assertInvariants(b.core);
  });
});

describe('accounting', () => {
  it('refuses an unbalanced manual entry and writes nothing; posts and reverses a balanced one', async () => {
    const b = await lendingBranch();
    setBusinessDate(b.core, '2026-01-05');
    const opening = await b.accountant.ok('accounting.trialBalance', {}); // the tills' cash, from the bank
    expect(opening).toMatchObject({ totalDebit: '30000000.00', totalCredit: '30000000.00' });
    const before = snapshot(b.core);
    const e = await b.accountant.err('accounting.postEntry', {
      description: 'Office rent',
      lines: [{ glCode: '5400', debit: '1000' }, { glCode: '1110', credit: '999.99' }],
    });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields![0]).toMatchObject({ field: 'lines', code: 'unbalanced' });
    expect(snapshot(b.core)).toBe(before);
    const { id } = await b.accountant.ok('accounting.postEntry', {
      description: 'Opening cash from head office',
      lines: [{ glCode: '1110', debit: '100000' }, { glCode: '3100', credit: '100000' }],
    });
    const tb = await b.accountant.ok('accounting.trialBalance', {});
    expect(tb).toMatchObject({ totalDebit: '30100000.00', totalCredit: '30100000.00' });
    // automatic-only accounts refuse manual lines
    expect((await b.accountant.err('accounting.postEntry', { description: 'x', lines: [{ glCode: '1200', debit: '1' }, { glCode: '1110', credit: '1' }] })).fields![0]!.code).toBe('manual_not_allowed');
    await b.accountant.ok('accounting.reverseEntry', { entryId: id });
    expect((await b.accountant.err('accounting.reverseEntry', { entryId: id })).code).toBe('INVALID_STATE');
    expect((await b.accountant.ok('accounting.trialBalance', {})).rows).toEqual(opening.rows);
    const statement = await b.accountant.ok('accounting.accountStatement', { glAccountId: 3 });
    expect(statement.lines.map((l) => l.balance).slice(-2)).toEqual(['100000.00', '0.00']); // after the tills' allocations
    assertInvariants(b.core);
  });

  it('refuses posted history being edited or deleted (triggers)', async () => {
    const b = await lendingBranch();
    await activeLoan(b, '2026-01-05');
    expect(() => b.core.db.exec('UPDATE journal_lines SET debit = debit + 1')).toThrow(/append-only/);
    expect(() => b.core.db.exec('DELETE FROM journal_entries')).toThrow(/append-only/);
    expect(() => b.core.db.exec('UPDATE loan_transactions SET amount = 1')).toThrow(/append-only/);
  });

  it('refuses postings dated in a closed period with PERIOD_CLOSED', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-10');
    await b.accountant.ok('accounting.closePeriod', { closingDate: '2026-02-05' });
    const before = snapshot(b.core);
    const e = await b.teller.err('loans.repay', { loanId, transactionAmount: '4728', transactionDate: '2026-02-05' });
    expect(e.code).toBe('PERIOD_CLOSED');
    expect((await b.accountant.err('accounting.postEntry', { transactionDate: '2026-01-31', description: 'late', lines: [{ glCode: '5400', debit: '1' }, { glCode: '1110', credit: '1' }] })).code).toBe('PERIOD_CLOSED');
    expect(snapshot(b.core)).toBe(before);
    await b.teller.ok('loans.repay', { loanId, transactionAmount: '4728', transactionDate: '2026-02-06' });
    expect((await b.accountant.err('accounting.closePeriod', { closingDate: '2026-02-01' })).fields![0]!.field).toBe('closingDate');
    assertInvariants(b.core);
  });

  it('lets an accountant extend the chart, and keeps template accounts active', async () => {
    const b = await lendingBranch();
    const { id } = await b.accountant.ok('accounting.createAccount', { code: '5410', name: 'Rent', type: 'EXPENSE', parentId: 24 });
    expect((await b.accountant.ok('accounting.accounts', {})).find((a) => a.id === id)).toMatchObject({ code: '5410', usage: 'DETAIL' });
    expect((await b.accountant.err('accounting.createAccount', { code: '5410', name: 'Again', type: 'EXPENSE' })).code).toBe('DUPLICATE');
    expect((await b.accountant.err('accounting.createAccount', { code: '5411', name: 'Wrong parent', type: 'EXPENSE', parentId: 1 })).fields![0]!.field).toBe('parentId');
    expect((await b.accountant.err('accounting.updateAccount', { id: 7, active: false })).fields![0]!.field).toBe('active');
    expect((await b.teller.err('accounting.createAccount', { code: '9', name: 'x', type: 'ASSET' })).code).toBe('PERMISSION_DENIED');
  });
});

describe('loan products', () => {
  it('checks ranges and the default terms, names the field', async () => {
    const b = await lendingBranch();
    const bad = async (change: Record<string, unknown>) => (await b.admin.err('loanProducts.create', { ...BIASHARA, name: 'X', shortName: 'X1', ...change } as never)).fields!.map((f) => f.field);
    expect(await bad({ minPrincipal: '60000' })).toEqual(['minPrincipal']);
    expect(await bad({ maxNumberOfRepayments: 6 })).toEqual(['maxNumberOfRepayments']);
    expect(await bad({ graceOnPrincipalPayment: 12 })).toEqual(['graceOnPrincipalPayment']);
    expect(await bad({ currencyCode: 'UGX' })).toEqual(['currencyCode']);
    expect(await bad({ shortName: 'TOOLONG' })).toEqual(['shortName']);
    expect((await b.admin.err('loanProducts.create', BIASHARA as never)).code).toBe('DUPLICATE');
  });

  it('exports to Fineract JSON and imports it back as an equal product', async () => {
    const b = await lendingBranch({ ...BIASHARA, charges: [{ name: 'Processing fee', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2' }] });
    const exported = await b.admin.ok('loanProducts.export', { id: b.productId });
    expect(exported).toMatchObject({ repaymentFrequencyType: 2, interestType: 0, amortizationType: 1, interestRateFrequencyType: 3, accountingRule: 2, allowPartialPeriodInterestCalcualtion: false });
    const env = await b.admin.raw('loanProducts.import', { product: { ...exported, name: 'Biashara Copy', shortName: 'BMC', isLinkedToFloatingInterestRates: false } });
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    expect(env.warnings?.[0]).toMatchObject({ code: 'IGNORED_FIELDS' });
    const again = await b.admin.ok('loanProducts.export', { id: (env.data as { id: number }).id });
    expect({ ...again, name: '', shortName: '' }).toEqual({ ...exported, name: '', shortName: '' });
    // the product's catalogue charge, with its definition: imported into the same branch it is the same charge again
    const [charge] = await b.admin.ok('charges.list', {});
    expect((again.charges as unknown[])[0]).toEqual({ id: charge!.id, name: 'Processing fee', chargeTimeType: 1, chargeCalculationType: 2, amount: '2', penalty: false });
    expect((await b.admin.ok('charges.list', {})).map((c) => c.products.length)).toEqual([2]);
  });

  it('imports a Fineract GET answer with enum objects', async () => {
    const b = await lendingBranch();
    const { id } = await b.admin.ok('loanProducts.import', {
      product: {
        name: 'Fineract Weekly',
        shortName: 'FW',
        currency: { code: 'KES', decimalPlaces: 2 },
        principal: 10000,
        numberOfRepayments: 10,
        repaymentEvery: 1,
        repaymentFrequencyType: { id: 1, code: 'repaymentFrequency.periodFrequencyType.weeks', value: 'Weeks' },
        interestRatePerPeriod: 10,
        interestRateFrequencyType: { id: 4, value: 'Whole term' },
        interestType: { id: 1, value: 'Flat' },
        amortizationType: { id: 1, value: 'Equal installments' },
        interestCalculationPeriodType: { id: 1 },
        transactionProcessingStrategyCode: 'mifos-standard-strategy',
      },
    });
    const p = await b.admin.ok('loanProducts.get', { id });
    expect(p).toMatchObject({ repaymentFrequencyType: 'WEEKS', interestType: 'FLAT', interestRateFrequencyType: 'WHOLE_TERM', principal: '10000' });
    setBusinessDate(b.core, '2026-01-05');
    const s = await b.officer.ok('loans.previewSchedule', { productId: id });
    expect(s.periods[0]).toMatchObject({ principalDue: '1000.00', interestDue: '100.00' }); // 10 % flat whole term: 100 a week
  });

  it('a deactivated product takes no new loans', async () => {
    const b = await lendingBranch();
    await b.admin.ok('loanProducts.deactivate', { id: b.productId });
    expect((await b.officer.err('loans.submit', { clientId: b.clientId, productId: b.productId })).code).toBe('INVALID_STATE');
    expect(await b.officer.ok('loanProducts.list', {})).toEqual([]);
  });
});

void Caller;

describe('loans.repayBatch', () => {
  it('posts many repayments in one command, all or nothing, naming the failing item', async () => {
    const b = await lendingBranch();
    const a = await activeLoan(b, '2026-01-05');
    const c = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const before = snapshot(b.core);
    const e = await b.teller.err('loans.repayBatch', {
      repayments: [
        { loanId: a, transactionAmount: '4727.98' },
        { loanId: c, transactionAmount: '4727.98', transactionDate: '2027-01-01' },
      ],
    });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields![0]!.field).toBe('repayments.1.transactionDate');
    expect(snapshot(b.core)).toBe(before);
    const logRows = () => (b.core.db.prepare('SELECT count(*) AS n FROM command_log').get() as { n: number }).n;
    const n = logRows();
    const r = await b.teller.ok('loans.repayBatch', { repayments: [{ loanId: a, transactionAmount: '4727.98' }, { loanId: c, transactionAmount: '100' }] });
    expect(r.results.map((x) => x.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(r.results.every((x) => /^NRB-R\d{6}$/.test(x.receiptNumber!))).toBe(true);
    expect(logRows()).toBe(n + 1);
    assertInvariants(b.core);
  });
});

describe('branchbox verify: accounting invariants', () => {
  it('names an unbalanced entry, a portfolio that differs from the loans, and an entry without its command', async () => {
    const { verifyDatabase } = await import('../../../electron/core/verify');
    const tampered = async (sql: string) => {
      const b = await lendingBranch();
      await activeLoan(b, '2026-01-05');
      b.core.db.exec('DROP TRIGGER journal_lines_no_update; DROP TRIGGER journal_entries_no_update;');
      b.core.db.pragma('foreign_keys = OFF');
      b.core.db.exec(sql);
      return verifyDatabase(b.core.db).faults;
    };
    expect(await tampered('UPDATE journal_lines SET debit = debit + 1 WHERE id = 1')).toEqual(
      expect.arrayContaining([expect.stringMatching(/total debits .* differ from total credits/)]),
    );
    const portfolioLine = "(SELECT min(l.id) FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id WHERE a.code = '1200')";
    expect((await tampered(`UPDATE journal_lines SET debit = debit + 1 WHERE id = ${portfolioLine}`)).join('\n')).toMatch(/portfolio GL balance 5000001 of account 1200 differs/);
    expect((await tampered('UPDATE tills SET balance = balance + 1 WHERE id = 1')).join('\n')).toMatch(/the till of teller has GL balance 995000000, movements 995000000 and balance 995000001/);
    expect((await tampered("UPDATE loan_installments SET principal_paid = 100 WHERE installment_number = 1")).join('\n')).toMatch(/differs from the principal outstanding/);
    expect((await tampered('UPDATE journal_entries SET command_seq = 999 WHERE id = 1')).join('\n')).toMatch(/entry 1 points at command 999/);
  });
});

describe('loan views', () => {
  it('link each transaction to the receipt Branchbox issued, and list the expected disbursement date', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    setBusinessDate(b.core, '2026-02-05');
    const r = await b.teller.ok('loans.repay', { loanId, transactionAmount: '4727.98', receiptNumber: 'MPESA-QX12' });
    const loan = await b.manager.ok('loans.get', { loanId });
    const t = loan.transactions.find((x) => x.id === r.transactionId)!;
    expect(t).toMatchObject({ receiptNumber: 'MPESA-QX12', issuedReceiptNumber: r.receipt!.number });
    expect((await b.manager.ok('loans.list', { clientId: b.clientId }))[0]!.expectedDisbursementDate).toBe('2026-01-05');
  });
});
