import type { Core } from '../../electron/core';
import { Caller, SETUP_INPUT, setUpBranch, TestClock } from './core';

/** A branch for accrual tests: no tills (payments by mobile money), a manager, a client, its PC's clock in June 2027. */
export interface AccrualBranch {
  core: Core;
  admin: Caller;
  manager: Caller;
  clientId: number;
}

export async function accrualBranch(): Promise<AccrualBranch> {
  const { core, admin } = await setUpBranch(new TestClock(new Date('2027-06-01T08:00:00Z').getTime()), SETUP_INPUT);
  await admin.ok('settings.update', { idleLockMinutes: 240 });
  await admin.ok('users.create', { username: 'manager', password: 'Str0ng-pass-2026', roles: ['BRANCH_MANAGER'], displayName: 'manager' });
  const manager = new Caller(core);
  await manager.ok('session.login', { username: 'manager', password: 'Str0ng-pass-2026' });
  const { id: clientId } = await admin.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo', mobileNo: '+254700000001' });
  return { core, admin, manager, clientId };
}

export const businessDateOf = (core: Core): string => (core.db.prepare("SELECT value FROM settings WHERE key = 'business_date'").get() as { value: string }).value;

/** Runs day-end for each day up to `until`, calling `each` with the day just closed. */
export async function closeDays(b: AccrualBranch, until: string, each?: (closed: string) => void): Promise<void> {
  while (businessDateOf(b.core) <= until) {
    const date = businessDateOf(b.core);
    await b.manager.ok('dayEnd.run', {});
    each?.(date);
  }
}

/** Debits less credits of a GL account (by code) over every journal line, in minor units. */
export function glBalance(core: Core, code: string): number {
  return (
    core.db.prepare('SELECT coalesce(sum(l.debit) - sum(l.credit), 0) AS b FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id WHERE a.code = ?').get(code) as {
      b: number;
    }
  ).b;
}

/** Total debits equal total credits: the trial balance balances. */
export function trialBalanced(core: Core): boolean {
  const t = core.db.prepare('SELECT sum(debit) AS d, sum(credit) AS c FROM journal_lines').get() as { d: number; c: number };
  return t.d === t.c;
}
