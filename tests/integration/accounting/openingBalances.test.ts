import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, setUpBranch, snapshot } from '../../support/core';
import { setBusinessDate } from '../../support/lending';

/**
 * Issue 19 point 10: a branch enters its opening balances as of a date (Fineract's opening balances screen,
 * defineOpeningBalance). Figures by hand: the bank 500,000.00 and the mobile-money float 100,000.00 are debits of
 * 600,000.00, balanced by a credit of 600,000.00 on 3300 Opening balance equity.
 */
async function branch() {
  const b = await setUpBranch(); // business date 2026-03-02
  const as = async (username: string, role: 'ACCOUNTANT' | 'BRANCH_MANAGER' | 'TELLER') => {
    await b.admin.ok('users.create', { username, password: 'Str0ng-pass-2026', roles: [role], displayName: username });
    const c = new Caller(b.core);
    await c.ok('session.login', { username, password: 'Str0ng-pass-2026' });
    return c;
  };
  return { ...b, accountant: await as('accountant', 'ACCOUNTANT'), manager: await as('manager', 'BRANCH_MANAGER'), teller: await as('teller', 'TELLER') };
}

const OPENING = {
  transactionDate: '2026-03-01',
  lines: [
    { glCode: '1140', debit: '500000' },
    { glCode: '1130', debit: '100000' },
    { glCode: '3300', credit: '600000' },
  ],
};

const balanceOf = async (c: Caller, code: string) => (await c.ok('accounting.accounts', {})).find((a) => a.code === code)?.balance;

describe('accounting.openingBalances (issue 19 point 10)', () => {
  it('posts one balanced opening entry against 3300 Opening balance equity, and replaces it when entered again', async () => {
    const { core, accountant, manager } = await branch();
    const { id, reversed } = await accountant.ok('accounting.openingBalances', OPENING);
    expect(reversed).toBeNull();
    expect(await balanceOf(accountant, '1140')).toBe('500000.00');
    expect(await balanceOf(accountant, '1130')).toBe('100000.00');
    expect(await balanceOf(accountant, '3300')).toBe('600000.00');
    const view = await manager.ok('accounting.openingBalancesView', {});
    expect(view.equityAccount).toMatchObject({ code: '3300', name: 'Opening balance equity' });
    expect(view.entry).toMatchObject({ id, entryDate: '2026-03-01', sourceType: 'opening_balance', manual: true });
    expect(view.entry!.lines).toHaveLength(3);

    // the branch manager may enter them too; the entry in force is reversed (Fineract's way), the new one posted
    const again = await manager.ok('accounting.openingBalances', { transactionDate: '2026-03-01', lines: [{ glCode: '1140', debit: '450000' }, { glCode: '3300', credit: '450000' }] });
    expect(again.reversed).not.toBeNull();
    expect(await balanceOf(accountant, '1140')).toBe('450000.00');
    expect(await balanceOf(accountant, '1130')).toBe('0.00');
    expect(await balanceOf(accountant, '3300')).toBe('450000.00');
    expect((await manager.ok('accounting.openingBalancesView', {})).entry?.id).toBe(again.id);

    // cash brought into the vault from the bank leaves the bank positive: 450,000.00 - 200,000.00
    await manager.ok('tills.fundVault', { amount: '200000' });
    expect(await balanceOf(accountant, '1140')).toBe('250000.00');
    assertInvariants(core);
  });

  it('refuses, naming the field and writing nothing: unbalanced lines, an automatic account, a date after later business, a teller', async () => {
    const { core, accountant, manager, teller } = await branch();
    const before = snapshot(core);
    const unbalanced = await accountant.err('accounting.openingBalances', { transactionDate: '2026-03-01', lines: [{ glCode: '1140', debit: '500000' }, { glCode: '3300', credit: '400000' }] });
    expect(unbalanced.code).toBe('VALIDATION_FAILED');
    expect(unbalanced.fields).toEqual([expect.objectContaining({ field: 'lines', code: 'unbalanced' })]);
    expect(unbalanced.message).toContain('100000.00');
    expect(unbalanced.message).toContain('3300 Opening balance equity');

    const automatic = await accountant.err('accounting.openingBalances', { transactionDate: '2026-03-01', lines: [{ glCode: '1200', debit: '1000' }, { glCode: '3300', credit: '1000' }] });
    expect(automatic.fields).toEqual([expect.objectContaining({ field: 'lines.0.glCode', code: 'manual_not_allowed' })]);

    const twice = await accountant.err('accounting.openingBalances', { transactionDate: '2026-03-01', lines: [{ glCode: '1140', debit: '1000' }, { glCode: '1140', credit: '1000' }] });
    expect(twice.fields).toEqual([expect.objectContaining({ field: 'lines.1.glCode', code: 'duplicate' })]);

    const later = await accountant.err('accounting.openingBalances', { ...OPENING, transactionDate: '2026-03-03' });
    expect(later.fields).toEqual([expect.objectContaining({ field: 'transactionDate', code: 'after_business_date' })]);

    expect((await teller.err('accounting.openingBalances', OPENING)).code).toBe('PERMISSION_DENIED');
    expect(snapshot(core)).toBe(before);

    // once business is in the books (cash into the vault on 2 March), opening balances are dated on or before it
    await manager.ok('tills.fundVault', { amount: '1000' });
    setBusinessDate(core, '2026-03-05');
    const after = snapshot(core);
    const afterBusiness = await accountant.err('accounting.openingBalances', { ...OPENING, transactionDate: '2026-03-04' });
    expect(afterBusiness.fields).toEqual([expect.objectContaining({ field: 'transactionDate', code: 'after_first_posting' })]);
    expect(snapshot(core)).toBe(after);
    await accountant.ok('accounting.openingBalances', { ...OPENING, transactionDate: '2026-03-02' });
    assertInvariants(core);
  });
});

describe('a new branch posts its opening balances at setup (issue 19 point 10)', () => {
  it('setup.initialize takes them as of the first business date; unbalanced ones refuse the setup, naming the field', async () => {
    const { memoryCore, SETUP_INPUT } = await import('../../support/core');
    const { core } = await memoryCore();
    const c = new Caller(core);
    const refused = await c.err('setup.initialize', { ...SETUP_INPUT, openingBalances: [{ glCode: '1140', debit: '800000' }, { glCode: '3300', credit: '700000' }] });
    expect(refused.fields).toEqual([expect.objectContaining({ field: 'openingBalances', code: 'unbalanced' })]);
    expect(await c.ok('setup.status', {})).toMatchObject({ initialized: false });
    // the bank 800,000.00 and share capital 200,000.00 against opening-balance equity 600,000.00
    await c.ok('setup.initialize', { ...SETUP_INPUT, openingBalances: [{ glCode: '1140', debit: '800000' }, { glCode: '3100', credit: '200000' }, { glCode: '3300', credit: '600000' }] });
    expect(await balanceOf(c, '1140')).toBe('800000.00');
    expect(await balanceOf(c, '3100')).toBe('200000.00');
    expect((await c.ok('accounting.openingBalancesView', {})).entry).toMatchObject({ entryDate: '2026-03-02' });
    assertInvariants(core);
  });
});
