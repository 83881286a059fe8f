import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openCore, type Core } from '../../../electron/core';
import { openDatabase } from '../../../electron/core/db/connection';
import { ADMIN, assertInvariants, Caller, TestClock, tempDir } from '../../support/core';
import { setBusinessDate } from '../../support/lending';

/**
 * Upgrading a branch made before the charge catalogue (issue 15): `tests/fixtures/branch-before-0016.sqlite.gz` was
 * made by that version (commit cfba5ee, migrations up to 0015) through its own API (tests/fixtures/
 * makeBranchBefore0016.ts says how): loan products with inline installment and disbursement fees, disbursed loans
 * with fees, a savings product with a withdrawal fee and accounts. The JSON beside it holds what that version's
 * loans.get and savings.get answered. Opened by this version, the branch is migrated (0016 and later), `verify`
 * passes, the products list their fees as catalogue charges, and loans and accounts keep every figure.
 */
const FIXTURES = join(__dirname, '../../fixtures');
const before = JSON.parse(readFileSync(join(FIXTURES, 'branch-before-0016.json'), 'utf8')) as {
  businessDate: string;
  loans: Record<string, { summary: Record<string, unknown>; periods: Record<string, unknown>[]; transactions: Record<string, unknown>[] }>;
  savings: Record<string, { summary: Record<string, unknown>; transactions: Record<string, unknown>[] }>;
};

async function upgraded(): Promise<{ core: Core; dir: string; admin: Caller; manager: Caller; teller: Caller; officer: Caller }> {
  const dir = tempDir('branchbox-before-0016-');
  writeFileSync(join(dir, DATABASE_FILE), gunzipSync(readFileSync(join(FIXTURES, 'branch-before-0016.sqlite.gz'))));
  // what the older version left: 15 migrations, the products' fees inline
  const raw = openDatabase(join(dir, DATABASE_FILE), { readonly: true });
  expect((raw.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(15);
  expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'charges'").get()).toBeUndefined();
  raw.close();
  const core = await openCore({ dataDir: dir, clock: new TestClock(Date.parse('2026-03-10T08:00:00Z')) });
  const login = async (username: string, password = 'Str0ng-pass-2026') => {
    const c = new Caller(core);
    await c.ok('session.login', { username, password });
    return c;
  };
  return { core, dir, admin: await login(ADMIN.username, ADMIN.password), manager: await login('manager'), teller: await login('teller'), officer: await login('officer') };
}

/** The figures `got` has of those `was` recorded (fields added since are left out of the comparison). */
function same(got: Record<string, unknown>, was: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(was).map((k) => [k, got[k]]));
}

describe('a branch made before the charge catalogue, upgraded', () => {
  it('migrates, passes verify, lists each product fee as a catalogue charge, and keeps every loan and savings figure', async () => {
    const { core, manager } = await upgraded();
    try {
      expect(core.migration.applied).toContain(16);
      expect(core.migration.backupFile).not.toBeNull();
      assertInvariants(core);

      // migration 0016's names: "<name or kind> (<short name>[ <position>])"
      const products = await manager.ok('loanProducts.list', {});
      expect(products.map((p) => [p.shortName, p.accountingRule, p.charges.map((c) => [c.name, c.chargeTimeType, c.chargeCalculationType, c.amount, c.penalty])])).toEqual([
        ['BMF', 'CASH_BASED', [['Ledger fee (BMF)', 'INSTALMENT_FEE', 'FLAT', '25', false], ['Processing fee (BMF 2)', 'DISBURSEMENT', 'PERCENT_OF_AMOUNT', '2', false]]],
        ['BMP', 'CASH_BASED', [['Installment fee (BMP)', 'INSTALMENT_FEE', 'PERCENT_OF_AMOUNT_AND_INTEREST', '1', false]]],
      ]);
      expect(products[0]!.accountingMapping).toMatchObject({ loanPortfolioAccountId: 7, receivableInterestAccountId: null, receivableFeeAccountId: null, receivablePenaltyAccountId: null });
      const savingsProducts = await manager.ok('savingsProducts.list', {});
      expect(savingsProducts.map((p) => [p.shortName, p.charges.map((c) => [c.name, c.chargeTimeType, c.chargeCalculationType, c.amount])])).toEqual([
        ['AOD', [['Withdrawal fee (AOD)', 'WITHDRAWAL_FEE', 'FLAT', '20']]],
        ['APL', []],
      ]);
      expect((await manager.ok('charges.list', {})).map((c) => [c.name, c.chargeAppliesTo, c.products.map((p) => p.name)])).toEqual([
        ['Installment fee (BMP)', 'LOAN', ['Biashara Plus']],
        ['Ledger fee (BMF)', 'LOAN', ['Biashara Fees']],
        ['Processing fee (BMF 2)', 'LOAN', ['Biashara Fees']],
        ['Withdrawal fee (AOD)', 'SAVINGS', ['Akiba Overdraft']],
      ]);

      // every loan and account answers as the older version did, on the same business date
      expect((core.db.prepare("SELECT value FROM settings WHERE key = 'business_date'").get() as { value: string }).value).toBe(before.businessDate);
      for (const [loanId, was] of Object.entries(before.loans)) {
        const now = await manager.ok('loans.get', { loanId: Number(loanId) });
        expect(same(now.summary as unknown as Record<string, unknown>, was.summary), `loan ${loanId} summary`).toEqual(was.summary);
        expect(now.periods.map((p, i) => same(p as unknown as Record<string, unknown>, was.periods[i]!)), `loan ${loanId} periods`).toEqual(was.periods);
        expect(now.transactions.map((t, i) => same(t as unknown as Record<string, unknown>, was.transactions[i]!)), `loan ${loanId} transactions`).toEqual(was.transactions);
      }
      for (const [savingsId, was] of Object.entries(before.savings)) {
        const now = await manager.ok('savings.get', { savingsId: Number(savingsId) });
        // the older version's availableBalance was what a withdrawal could take: withdrawableBalance since
        // availableBalance became Fineract's (the balance less the enforced minimum, below zero in overdraft)
        const summary = { ...now.summary, availableBalance: now.summary.withdrawableBalance };
        expect(same(summary as unknown as Record<string, unknown>, was.summary), `savings ${savingsId}`).toEqual(was.summary);
        expect(now.transactions.map((t, i) => same(t as unknown as Record<string, unknown>, was.transactions[i]!)), `savings ${savingsId} transactions`).toEqual(was.transactions);
      }
      // the hand-worked first loan (fixture comment): 50,000.00 at 2 % a month, 4,727.98 + 25.00 a month, the first paid
      expect(before.loans['1']!.summary).toMatchObject({ principalOutstanding: '46272.02', feeChargesCharged: '1300.00', feeChargesPaid: '1025.00', totalOutstanding: '52282.78' });
    } finally {
      core.close();
    }
  });

  it('goes on after the upgrade: the chart gains its accrual accounts by command, loans repay, new loans take the catalogue charges, verify holds', async () => {
    const { core, admin, manager, teller, officer } = await upgraded();
    try {
      const tagged = () => core.db.prepare("SELECT code FROM gl_accounts WHERE tag IN ('PENALTIES_RECEIVABLE', 'SAVINGS_INTEREST_PAYABLE') ORDER BY code").all();
      // no migration adds them (gl_accounts is captured: verify would see rows no command wrote) ...
      expect(tagged()).toEqual([]);
      // ... the first product command does, and its log row names them
      const [bmf] = await manager.ok('loanProducts.list', {});
      const { id: bmfId, active: _a, charges, accountingMapping: _m, accountingRule: _r, description, ...terms } = bmf!;
      await manager.ok('loanProducts.update', { id: bmfId, ...terms, description, accountingRule: 'ACCRUAL_PERIODIC' } as never);
      expect(tagged()).toEqual([{ code: '1240' }, { code: '2400' }]);
      const log = core.db.prepare("SELECT entity_ids_json FROM command_log WHERE operation = 'loanProducts.update'").get() as { entity_ids_json: string };
      expect(JSON.parse(log.entity_ids_json)).toEqual(expect.arrayContaining([`loan_product:${bmfId}`, expect.stringMatching(/^gl_account:\d+$/)]));
      const after = await manager.ok('loanProducts.get', { id: bmfId });
      // left out of the update, the charges stay; the receivables are the chart's 1210, 1220 and the new 1240
      expect(after.charges).toEqual(charges);
      const penalties = (core.db.prepare("SELECT id FROM gl_accounts WHERE code = '1240'").get() as { id: number }).id;
      expect(after.accountingMapping).toMatchObject({ receivableInterestAccountId: 8, receivableFeeAccountId: 9, receivablePenaltyAccountId: penalties });
      assertInvariants(core);

      // the second installment of the first loan: 46,272.02 x 2 % = 925.44 interest, 3,802.54 principal, 25.00 fee
      setBusinessDate(core, '2026-03-05');
      await teller.ok('loans.repay', { loanId: 1, transactionAmount: '4752.98', paymentTypeCode: 'CASH' });
      expect((await manager.ok('loans.get', { loanId: 1 })).summary).toMatchObject({ principalOutstanding: '42469.48', feeChargesPaid: '1050.00' });

      // a new loan of the migrated product takes its catalogue charges: 25.00 each installment, 2 % (1,000.00) at
      // disbursement, as the loans made before
      const { loanId } = await officer.ok('loans.submit', { clientId: 1, productId: bmfId });
      const stored = JSON.parse((core.db.prepare('SELECT terms_json FROM loans WHERE id = ?').get(loanId) as { terms_json: string }).terms_json) as { charges: unknown[] };
      const ids = charges.map((c) => c.id);
      expect(stored.charges).toEqual([
        { name: 'Ledger fee (BMF)', chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '25', chargeId: ids[0], penalty: false },
        { name: 'Processing fee (BMF 2)', chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2', chargeId: ids[1], penalty: false },
      ]);
      // and the product's rule as it is now
      expect(core.db.prepare("SELECT accounting_rule FROM account_accounting WHERE account_type = 'LOAN' AND account_id = ?").get(loanId)).toEqual({ accounting_rule: 'ACCRUAL_PERIODIC' });
      await manager.ok('loans.approve', { loanId });
      await teller.ok('loans.disburse', { loanId, paymentTypeCode: 'CASH' });
      const loan = await manager.ok('loans.get', { loanId });
      expect(loan.periods[0]).toMatchObject({ interestDue: '1000.00', feeChargesDue: '25.00', totalDueForPeriod: '4752.98' });
      expect(loan.transactions.filter((t) => t.type === 'REPAYMENT_AT_DISBURSEMENT').map((t) => t.amount)).toEqual(['1000.00']);

      // the account opened with a withdrawal fee still pays 20.00 with each withdrawal: 2,480.00 - 100.00 - 20.00
      await teller.ok('savings.withdraw', { savingsId: 1, transactionAmount: '100', paymentTypeCode: 'CASH' });
      expect((await teller.ok('savings.get', { savingsId: 1 })).summary.accountBalance).toBe('2360.00');
      void admin;
      assertInvariants(core);
    } finally {
      core.close();
    }
  });
});
