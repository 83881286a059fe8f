import type { Core } from '../../../electron/core';
import { Caller, SETUP_INPUT, setUpBranch, TestClock } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';

/**
 * A branch whose savings are run by day-end (no till open, so that days can be closed: money moves by mobile money):
 * the administrator, a branch manager and a client. The PC's clock is at the end of 2026, so that any day of 2026
 * can be closed.
 */
export interface DayEndSavings {
  core: Core;
  admin: Caller;
  manager: Caller;
  clientId: number;
}

export async function dayEndSavingsBranch(setup: typeof SETUP_INPUT = SETUP_INPUT): Promise<DayEndSavings> {
  const { core, admin } = await setUpBranch(new TestClock(new Date('2026-12-31T08:00:00Z').getTime()), setup);
  await admin.ok('settings.update', { idleLockMinutes: 240 });
  await admin.ok('users.create', { username: 'manager', password: 'Str0ng-pass-2026', roles: ['BRANCH_MANAGER'], displayName: 'manager' });
  const manager = new Caller(core);
  await manager.ok('session.login', { username: 'manager', password: 'Str0ng-pass-2026' });
  const { id: clientId } = await admin.ok('clients.create', { firstname: 'Wanjiru', lastname: 'Kamau', mobileNo: '+254700000002' });
  return { core, admin, manager, clientId };
}

/** Opens (submits, approves, activates) an account of `productId` on `date`; returns its id. */
export async function openOn(b: DayEndSavings, productId: number, date: string): Promise<number> {
  setBusinessDate(b.core, date);
  const { savingsId } = await b.admin.ok('savings.submit', { clientId: b.clientId, productId });
  await b.manager.ok('savings.approve', { savingsId });
  await b.manager.ok('savings.activate', { savingsId });
  return savingsId;
}

/** A savings product like the README's Akiba with these terms (7.3 % a year on 365 days: 0.0002 a day). */
export function product(name: string, shortName: string, terms: Record<string, unknown>): Record<string, unknown> {
  return { ...AKIBA, name, shortName, nominalAnnualInterestRate: '7.3', minRequiredBalance: undefined, enforceMinRequiredBalance: false, ...terms };
}

export function businessDate(core: Core): string {
  return (core.db.prepare("SELECT value FROM settings WHERE key = 'business_date'").get() as { value: string }).value;
}

/** The live interest postings of an account: [date, amount in minor units]. */
export function livePostings(core: Core, id: number): [string, number][] {
  const rows = core.db
    .prepare(
      `SELECT transaction_date AS date, amount FROM savings_transactions t
       WHERE account_id = ? AND type = 'INTEREST_POSTING' AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)
       ORDER BY transaction_date, id`,
    )
    .all(id) as { date: string; amount: number }[];
  return rows.map((r) => [r.date, r.amount]);
}

/** Every interest posting ever written on an account, reversed ones included: [date, amount, reversed]. */
export function allPostings(core: Core, id: number): [string, number, boolean][] {
  const rows = core.db
    .prepare(
      `SELECT transaction_date AS date, amount, EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id) AS reversed
       FROM savings_transactions t WHERE account_id = ? AND type = 'INTEREST_POSTING' ORDER BY id`,
    )
    .all(id) as { date: string; amount: number; reversed: number }[];
  return rows.map((r) => [r.date, r.amount, r.reversed === 1]);
}

/** The account's interest run state: its checkpoint's date and the first day a run has something to do. */
export function interestState(core: Core, id: number): { checkpoint: string | null; dueOn: string } {
  return core.db.prepare('SELECT interest_checkpoint_date AS checkpoint, interest_due_on AS dueOn FROM savings_accounts WHERE id = ?').get(id) as { checkpoint: string | null; dueOn: string };
}
