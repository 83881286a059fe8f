import { openCore, type Core } from '../../../electron/core';
import { Caller, SETUP_INPUT, TestClock, tempDir } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';

/**
 * A branch for the savings charges tests: a data folder (day-end makes its backup there), a manager, a teller and an
 * accountant, no till open (day-end refuses while one is), money moving by mobile money and bank transfer. The PC's
 * clock is 2 March 2026: day-end may close any day up to 1 March 2026.
 */
export interface ChargesBranch {
  core: Core;
  admin: Caller;
  manager: Caller;
  teller: Caller;
  accountant: Caller;
  clientId: number;
  productId: number;
}

export async function chargesBranch(product: Record<string, unknown> = AKIBA, faults?: { dayEnd?: (point: string) => void }): Promise<ChargesBranch> {
  const core = await openCore({
    dataDir: tempDir('branchbox-savings-charges-'),
    clock: new TestClock(new Date('2026-03-02T08:00:00Z').getTime()),
    // a simulated power cut is expected: keep it out of the test's output
    ...(faults ? { faults, log: () => undefined } : {}),
  });
  const admin = new Caller(core);
  await admin.ok('setup.initialize', SETUP_INPUT);
  await admin.ok('settings.update', { idleLockMinutes: 240 });
  const users: Record<string, Caller> = {};
  for (const [username, role] of [['manager', 'BRANCH_MANAGER'], ['teller', 'TELLER'], ['accountant', 'ACCOUNTANT']] as const) {
    await admin.ok('users.create', { username, password: 'Str0ng-pass-2026', roles: [role], displayName: username });
    users[username] = new Caller(core);
    await users[username]!.ok('session.login', { username, password: 'Str0ng-pass-2026' });
  }
  setBusinessDate(core, '2026-01-01');
  const { id: clientId } = await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo', mobileNo: '+254700000001' });
  const { id: productId } = await users.manager!.ok('savingsProducts.create', product as never);
  return { core, admin, manager: users.manager!, teller: users.teller!, accountant: users.accountant!, clientId, productId };
}

/** A savings charge of the catalogue (charges.create, Fineract's names); returns its id. */
export async function savingsCharge(b: ChargesBranch, fields: Record<string, unknown>): Promise<number> {
  const { id } = await b.manager.ok('charges.create', {
    name: `Charge ${Math.random().toString(36).slice(2, 8)}`,
    currencyCode: 'KES',
    chargeAppliesTo: 'SAVINGS',
    chargeCalculationType: 'FLAT',
    penalty: false,
    ...fields,
  } as never);
  return id;
}

/** Submits an account, adds `charges` while it is pending (an activation fee must be), approves and activates it on the business date. */
export async function openWithCharges(b: ChargesBranch, charges: Record<string, unknown>[] = [], productId = b.productId): Promise<number> {
  const { savingsId } = await b.teller.ok('savings.submit', { clientId: b.clientId, productId });
  for (const c of charges) await b.manager.ok('savings.addCharge', { savingsId, ...c } as never);
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId });
  return savingsId;
}

export const businessDate = (core: Core): string =>
  (core.db.prepare("SELECT value FROM settings WHERE key = 'business_date'").get() as { value: string }).value;

/** A GL account's balance by code, debits less credits, in minor units. */
export const glBalance = (core: Core, code: string): number =>
  (
    core.db
      .prepare('SELECT coalesce(sum(l.debit) - sum(l.credit), 0) AS b FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id WHERE a.code = ?')
      .get(code) as { b: number }
  ).b;
