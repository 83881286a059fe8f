import { describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { MAX_AMOUNT_MINOR, MAX_BALANCE_MINOR } from '../../../shared/money';
import { assertInvariants, setUpBranch, snapshot } from '../../support/core';
import { activeLoan, lendingBranch, setBusinessDate } from '../../support/lending';
import { savingsBranch } from '../../support/savings';

/** Issue 14 points 7 and 11: a non-numeric rate, amounts past the limits and invalid text are 400s naming the field. */
const TERMS = { principal: '10000', numberOfRepayments: 12, repaymentFrequencyType: 'MONTHS', interestRatePerPeriod: 'x', interestType: 'DECLINING_BALANCE', expectedDisbursementDate: '2026-01-05' };

function cliIO(stdin: string): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => stdin };
}

describe('a rate that is not a number', () => {
  it('is a VALIDATION_FAILED naming interestRatePerPeriod, on loans.calculateSchedule and branchbox schedule', async () => {
    const { admin } = await setUpBranch();
    for (const rate of ['x', '', '1.2.3', '12%', 'NaN']) {
      const e = await admin.err('loans.calculateSchedule', { ...TERMS, interestRatePerPeriod: rate });
      expect(e.code, rate).toBe('VALIDATION_FAILED');
      expect(e.fields?.map((f) => f.field)).toContain('interestRatePerPeriod');
    }
    const e = await admin.err('loans.calculateSchedule', { ...TERMS, interestRatePerPeriod: '24', fixedPrincipalPercentagePerInstallment: 'ten', amortizationType: 'EQUAL_PRINCIPAL' });
    expect(e.fields?.map((f) => f.field)).toContain('fixedPrincipalPercentagePerInstallment');

    const io = cliIO(JSON.stringify({ ...TERMS, currency: { code: 'KES', decimalPlaces: 2 } }));
    expect(await runCli(['schedule'], io)).toBe(1);
    const body = JSON.parse(io.errors.join('\n')) as { error: { code: string; fields: { field: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fields.map((f) => f.field)).toContain('interestRatePerPeriod');
  });

  it('a loan product with a minimum rate that is not a number names it', async () => {
    const { admin } = await setUpBranch();
    const e = await admin.err('loanProducts.create', { name: 'P', shortName: 'P1', currencyCode: 'KES', principal: '1000', minPrincipal: 'lots', numberOfRepayments: 3, repaymentFrequencyType: 'MONTHS', interestRatePerPeriod: '10', interestType: 'FLAT' });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields?.map((f) => f.field)).toContain('minPrincipal');
  });
});

describe('amounts that keep every sum exact', () => {
  it('refuses one amount over MAX_AMOUNT_MINOR and a deposit that takes a balance past MAX_BALANCE_MINOR, writing nothing', async () => {
    const b = await savingsBranch();
    setBusinessDate(b.core, '2026-01-05');
    const before = snapshot(b.core);
    // 2 decimals: the largest amount is MAX_AMOUNT_MINOR / 100 shillings
    const largest = `${String(MAX_AMOUNT_MINOR).slice(0, -2)}.${String(MAX_AMOUNT_MINOR).slice(-2)}`;
    for (const amount of ['1000000000000', '9007199254740993', '1e21', `1${'0'.repeat(30)}`]) {
      const e = await b.teller.err('savings.deposit', { savingsId: b.savingsId, transactionAmount: amount, paymentTypeCode: 'MOBILE_MONEY' });
      expect(e.code, amount).toBe('VALIDATION_FAILED');
      expect(e.fields?.[0]).toMatchObject({ field: 'transactionAmount' });
    }
    expect(snapshot(b.core)).toBe(before);

    // the largest amount is taken; deposits of it go on until the balance would pass MAX_BALANCE_MINOR
    const deposits = Math.floor(MAX_BALANCE_MINOR / MAX_AMOUNT_MINOR);
    for (let i = 0; i < deposits; i++) await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: largest, paymentTypeCode: 'MOBILE_MONEY' });
    const full = snapshot(b.core);
    const e = await b.teller.err('savings.deposit', { savingsId: b.savingsId, transactionAmount: largest, paymentTypeCode: 'MOBILE_MONEY' });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields?.[0]).toMatchObject({ field: 'transactionAmount', code: 'balance_too_large' });
    expect(snapshot(b.core)).toBe(full);
    const account = await b.teller.ok('savings.get', { savingsId: b.savingsId });
    expect(JSON.stringify(account)).toContain(`${String(deposits * MAX_AMOUNT_MINOR).slice(0, -2)}.${String(deposits * MAX_AMOUNT_MINOR).slice(-2)}`);
    assertInvariants(b.core);
  });

  it('refuses funding the vault past the balance limit, naming amount', async () => {
    const b = await savingsBranch();
    const largest = `${String(MAX_AMOUNT_MINOR).slice(0, -2)}`;
    // ten of the largest amount (in whole shillings) fit under MAX_BALANCE_MINOR; the eleventh would pass it
    for (let i = 0; i < 10; i++) await b.manager.ok('tills.fundVault', { amount: largest });
    const before = snapshot(b.core);
    const e = await b.manager.err('tills.fundVault', { amount: largest });
    expect(e.fields?.[0]).toMatchObject({ field: 'amount', code: 'balance_too_large' });
    expect(snapshot(b.core)).toBe(before);
  });
});

describe('a loan overpaid past the balance limit', () => {
  it('is refused naming transactionAmount even with a manager\'s approval, writing nothing', async () => {
    const b = await lendingBranch();
    const loanId = await activeLoan(b, '2026-01-05');
    const largest = `${String(MAX_AMOUNT_MINOR).slice(0, -2)}.${String(MAX_AMOUNT_MINOR).slice(-2)}`;
    const approval = { username: 'manager', password: 'Str0ng-pass-2026' };
    const repay = { loanId, transactionAmount: largest, paymentTypeCode: 'MOBILE_MONEY', approval };
    // ten of the largest amount (less what the loan owed) overpay it by less than MAX_BALANCE_MINOR; an eleventh would pass it
    for (let i = 0; i < 10; i++) await b.teller.ok('loans.repay', repay);
    const before = snapshot(b.core);
    const e = await b.teller.err('loans.repay', repay);
    expect(e.fields?.[0]).toMatchObject({ field: 'transactionAmount', code: 'balance_too_large' });
    expect(snapshot(b.core)).toBe(before);
    assertInvariants(b.core);
  });
});

describe('text that is not text', () => {
  it('refuses unpaired surrogates anywhere in the input, naming the field, and stores nothing', async () => {
    const { core, admin } = await setUpBranch();
    const before = snapshot(core);
    for (const bad of ['\uD800', 'ab\uDC00', 'x\uD83D', '\uDE00\uD83D']) {
      const e = await admin.err('clients.create', { firstname: bad, lastname: 'Otieno' });
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.fields).toEqual([{ field: 'firstname', code: 'invalid_text', message: 'holds characters that are not valid text' }]);
    }
    const nested = await admin.err('clients.create', { firstname: 'A', lastname: 'B', identifiers: [{ documentType: 'NATIONAL_ID', documentKey: '12\uDFFF' }] });
    expect(nested.fields?.[0]?.field).toBe('identifiers.0.documentKey');
    const inKey = await admin.err('clients.create', { firstname: 'A', lastname: 'B', ['x\uD800']: 1 });
    expect(inKey.fields?.[0]).toMatchObject({ field: 'x\uFFFD', code: 'invalid_text' });
    const deep = await admin.err('clients.search', { query: (() => { let v: unknown = 'q'; for (let i = 0; i < 100_000; i++) v = [v]; return v; })() });
    expect(deep.code).toBe('VALIDATION_FAILED');
    expect(snapshot(core)).toBe(before);

    // paired surrogates (emoji), right-to-left text and NUL are text: stored as sent, and logged the same
    const { id } = await admin.ok('clients.create', { firstname: 'Amina 👩‍👩‍👧', lastname: 'مرحبا\u0000' });
    const client = await admin.ok('clients.get', { id });
    expect(client).toMatchObject({ firstname: 'Amina 👩‍👩‍👧', lastname: 'مرحبا\u0000' });
    const logged = core.db.prepare("SELECT input_json FROM command_log WHERE operation = 'clients.create' ORDER BY seq DESC LIMIT 1").get() as { input_json: string };
    expect(JSON.parse(logged.input_json)).toMatchObject({ firstname: 'Amina 👩‍👩‍👧', lastname: 'مرحبا\u0000' });
  });
});
