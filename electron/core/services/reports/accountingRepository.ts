import type { GlAccountType } from '../../../../shared/contract';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/** The SQL of the accounting and cash reports (accounting.ts). Each statement reads the books; none writes. */

export interface GlAccountRow {
  id: number;
  code: string;
  name: string;
  type: GlAccountType;
  usage: 'HEADER' | 'DETAIL';
}

export function glAccounts(db: Db): GlAccountRow[] {
  return sql<[], GlAccountRow>(db, 'SELECT id, code, name, type, usage FROM gl_accounts ORDER BY code').all();
}

/** The last accounting closure on or before `date` (its closing date), or null. */
export function lastClosingOnOrBefore(db: Db, date: string): string | null {
  return sql<[string], { d: string | null }>(db, 'SELECT max(closing_date) AS d FROM accounting_closures WHERE closing_date <= ?').get(date)?.d ?? null;
}

/** Debits and credits of every account over the entries dated from `from` to `to` (its kept daily figures). */
export function movementsPerAccount(db: Db, from: string, to: string): { id: number; debits: number; credits: number }[] {
  return sql<[string, string], { id: number; debits: number; credits: number }>(
    db,
    `SELECT gl_account_id AS id, sum(debits) AS debits, sum(credits) AS credits
     FROM gl_daily_balances WHERE entry_date >= ? AND entry_date <= ? GROUP BY gl_account_id`,
  ).all(from, to);
}

export interface CashAccountDay {
  gl_account_id: number;
  code: string;
  name: string;
  opening: number;
  debits: number;
  credits: number;
}

/** The vault's GL account (tag CASH_VAULT): its balance before `date` and its debits and credits on it. */
export function vaultDay(db: Db, date: string): CashAccountDay | undefined {
  return sql<{ date: string }, CashAccountDay>(
    db,
    `SELECT a.id AS gl_account_id, a.code, a.name,
       coalesce((SELECT sum(b.debits - b.credits) FROM gl_daily_balances b WHERE b.gl_account_id = a.id AND b.entry_date < @date), 0) AS opening,
       coalesce((SELECT sum(b.debits) FROM gl_daily_balances b WHERE b.gl_account_id = a.id AND b.entry_date = @date), 0) AS debits,
       coalesce((SELECT sum(b.credits) FROM gl_daily_balances b WHERE b.gl_account_id = a.id AND b.entry_date = @date), 0) AS credits
     FROM gl_accounts a WHERE a.tag = 'CASH_VAULT'`,
  ).get({ date });
}

export interface TillDayRow {
  till_id: number;
  code: string;
  username: string;
  display_name: string;
  /** what the till held at the end of the day before (its movements of earlier business dates added up) */
  opening: number;
  cash_in: number;
  cash_out: number;
  over_short: number;
  movements: number;
  closing: number;
  counted: number | null;
  difference: number | null;
}

/**
 * Every till used on or before `date` with its day: opening (its movements of earlier business dates added up), cash
 * in and out (movements of the day, a closing count's over/short apart), closing (every movement up to the day), and
 * its sessions of that business date, closed (counted and difference; a session opens and closes on one business
 * date, day-end refusing while a till is open).
 */
export function tillsDay(db: Db, date: string): TillDayRow[] {
  return sql<{ date: string }, TillDayRow>(
    db,
    `SELECT t.id AS till_id, a.code, u.username, u.display_name,
       coalesce((SELECT sum(m.amount) FROM till_movements m WHERE m.till_id = t.id AND m.business_date < @date), 0) AS opening,
       coalesce((SELECT sum(m.amount) FROM till_movements m WHERE m.till_id = t.id AND m.business_date = @date AND m.amount > 0 AND m.kind <> 'OVER_SHORT'), 0) AS cash_in,
       coalesce((SELECT -sum(m.amount) FROM till_movements m WHERE m.till_id = t.id AND m.business_date = @date AND m.amount < 0 AND m.kind <> 'OVER_SHORT'), 0) AS cash_out,
       coalesce((SELECT sum(m.amount) FROM till_movements m WHERE m.till_id = t.id AND m.business_date = @date AND m.kind = 'OVER_SHORT'), 0) AS over_short,
       (SELECT count(*) FROM till_movements m WHERE m.till_id = t.id AND m.business_date = @date) AS movements,
       coalesce((SELECT sum(m.amount) FROM till_movements m WHERE m.till_id = t.id AND m.business_date <= @date), 0) AS closing,
       (SELECT sum(s.counted) FROM till_sessions s WHERE s.till_id = t.id AND s.business_date = @date AND s.closed_at IS NOT NULL) AS counted,
       (SELECT sum(s.difference) FROM till_sessions s WHERE s.till_id = t.id AND s.business_date = @date AND s.closed_at IS NOT NULL) AS difference
     FROM tills t JOIN users u ON u.id = t.user_id JOIN gl_accounts a ON a.id = t.gl_account_id
     WHERE EXISTS (SELECT 1 FROM till_movements m WHERE m.till_id = t.id AND m.business_date <= @date)
        OR EXISTS (SELECT 1 FROM till_sessions s WHERE s.till_id = t.id AND s.business_date <= @date)
     ORDER BY a.code`,
  ).all({ date });
}
