import type { Db } from '../db/connection';
import type { Scope } from './kept';

/**
 * Escheated savings accounts (migration 0018; services/savings/dormancy.ts) against their rows: an account whose
 * current sub-status is ESCHEAT is CLOSED with nothing left on it (its positive balance left by the escheat), and an
 * account holding a live ESCHEAT transaction is one whose current sub-status is ESCHEAT (day-end writes both in one
 * chunk; nothing undoes an escheat). `accounts`: the savings accounts to check (a JSON array), or null for all.
 */
export function savingsEscheatFault(db: Db, accounts: Scope): string | null {
  const only = accounts === null ? '' : 'WHERE x.id IN (SELECT value FROM json_each(@accounts))';
  const bad = db
    .prepare(
      `SELECT x.account_no, x.status, x.balance, x.sub, x.escheated FROM (
         SELECT a.id, a.account_no, a.status, a.balance,
           coalesce((SELECT s.sub_status FROM savings_account_sub_statuses s WHERE s.account_id = a.id ORDER BY s.id DESC LIMIT 1), 'NONE') AS sub,
           EXISTS (SELECT 1 FROM savings_transactions t WHERE t.account_id = a.id AND t.type = 'ESCHEAT'
                     AND NOT EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = t.id)) AS escheated
         FROM savings_accounts a
         WHERE a.id IN (SELECT account_id FROM savings_account_sub_statuses WHERE sub_status = 'ESCHEAT'
                        UNION SELECT account_id FROM savings_transactions WHERE type = 'ESCHEAT')) x
       ${only}
       ${only ? 'AND' : 'WHERE'} ((x.sub = 'ESCHEAT' AND (x.status <> 600 OR x.balance > 0)) OR (x.escheated = 1 AND x.sub <> 'ESCHEAT'))
       LIMIT 1`,
    )
    .get(accounts === null ? {} : { accounts }) as { account_no: string; status: number; balance: number; sub: string; escheated: number } | undefined;
  if (!bad) return null;
  return bad.sub === 'ESCHEAT'
    ? `savings escheat: account ${bad.account_no} is escheated but ${bad.status !== 600 ? `in status ${bad.status}, not closed` : `still holds ${bad.balance}`}`
    : `savings escheat: account ${bad.account_no} has an escheat transaction but its sub-status is ${bad.sub}`;
}
