import { describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../electron/cli/main';
import { setUpBranch, snapshot } from '../support/core';

const RS02 = {
  principal: '5000',
  numberOfRepayments: 18,
  repaymentEvery: 1,
  repaymentFrequencyType: 'MONTHS',
  interestRatePerPeriod: '12',
  interestRateFrequencyType: 'PER_YEAR',
  interestType: 'DECLINING_BALANCE',
  amortizationType: 'EQUAL_INSTALLMENTS',
  interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
  installmentAmountInMultiplesOf: 1,
  expectedDisbursementDate: '2022-11-01',
};

function io(stdin: string): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => stdin };
}

describe('loans.calculateSchedule and branchbox schedule', () => {
  it('answers Fineract field names with decimal strings, in the organisation currency by default', async () => {
    const { admin } = await setUpBranch();
    const out = await admin.ok('loans.calculateSchedule', RS02);
    expect(out.currency).toEqual({ code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 });
    expect(out.periods).toHaveLength(18);
    expect(out.periods[0]).toMatchObject({ period: 1, dueDate: '2022-12-01', principalDue: '255.00', interestDue: '50.00', feeChargesDue: '0.00', penaltyChargesDue: '0.00', totalDueForPeriod: '305.00', principalLoanBalanceOutstanding: '4745.00' });
    expect(out.periods[17]).toMatchObject({ dueDate: '2024-05-01', principalDue: '300.22', interestDue: '3.00', totalDueForPeriod: '303.22' });
    expect(out).toMatchObject({ totalPrincipal: '5000.00', totalInterest: '488.22', totalFeeCharges: '0.00', totalRepayment: '5488.22' });
  });

  it('uses the business date when the disbursement date is left out, and any signed-in role may ask', async () => {
    const { admin, core } = await setUpBranch();
    await admin.ok('users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'T' });
    const { Caller } = await import('../support/core');
    const t = new Caller(core);
    const info = await t.ok('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' });
    const { expectedDisbursementDate: _ignored, ...terms } = RS02;
    const out = await t.ok('loans.calculateSchedule', terms);
    expect(out.expectedDisbursementDate).toBe(info.businessDate);
  });

  it.each([
    ['principal', { principal: '0' }],
    ['principal', { principal: '-100' }],
    ['numberOfRepayments', { numberOfRepayments: 0 }],
    ['graceOnPrincipalPayment', { graceOnPrincipalPayment: 18 }],
    ['interestRatePerPeriod', { interestRatePerPeriod: '1000.01' }],
    ['interestRatePerPeriod', { interestRatePerPeriod: '-1' }],
    ['interestType', { interestType: 'COMPOUND' }],
    ['repaymentFrequencyType', { repaymentFrequencyType: 'FORTNIGHTS' }],
    ['expectedDisbursementDate', { expectedDisbursementDate: '2023-02-29' }],
  ])('refuses a bad %s with VALIDATION_FAILED naming it, and writes nothing', async (field, change) => {
    const { admin, core } = await setUpBranch();
    const before = snapshot(core);
    const e = await admin.err('loans.calculateSchedule', { ...RS02, ...change });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields!.map((f) => f.field)).toContain(field);
    expect(snapshot(core)).toBe(before);
  });

  it('the CLI prints the same answer as the operation, without a database', async () => {
    const { admin } = await setUpBranch();
    const viaApi = await admin.ok('loans.calculateSchedule', { ...RS02, currency: { code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 } });
    const out = io(JSON.stringify({ ...RS02, currency: { code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 } }));
    expect(await runCli(['schedule'], out)).toBe(0);
    expect(JSON.parse(out.lines.join('\n'))).toEqual(viaApi);
  });

  it('the CLI names missing and bad fields and exits 1', async () => {
    const out = io(JSON.stringify({ ...RS02, numberOfRepayments: 0 }));
    expect(await runCli(['schedule'], out)).toBe(1);
    const err = JSON.parse(out.errors.join('\n'));
    expect(err.error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['numberOfRepayments', 'currency']));
    const bad = io('{not json');
    expect(await runCli(['schedule'], bad)).toBe(1);
    expect(bad.errors.join('')).toMatch(/not valid JSON/);
  });
});
