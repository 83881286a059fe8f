import type { Db } from '../db/connection';
import type { Scope } from './kept';

/**
 * Transfers between savings accounts (migration 0017; services/savings/transfers.ts) against their legs: the source
 * leg a WITHDRAWAL and the destination leg a DEPOSIT of another account, both of the transfer's amount and date; both
 * legs live or both reversed (an undo reverses the pair, never one leg); and a fee the transfer took is a
 * WITHDRAWAL_FEE of the source on the same date, reversed when the legs are (a fee may be undone alone, as any fee).
 * `accounts`: the savings accounts whose transfers to check (a JSON array), or null for all.
 */
export function savingsTransfersFault(db: Db, accounts: Scope): string | null {
  const only = accounts === null ? '' : 'AND (f.account_id IN (SELECT value FROM json_each(@accounts)) OR t.account_id IN (SELECT value FROM json_each(@accounts)))';
  const params = accounts === null ? {} : { accounts };
  const REVERSED = (alias: string) => `EXISTS (SELECT 1 FROM savings_transactions r WHERE r.reverses_id = ${alias}.id)`;
  const bad = db
    .prepare(
      `SELECT x.id, f.type AS ftype, t.type AS ttype, f.amount AS famount, t.amount AS tamount, x.amount, f.transaction_date AS fdate,
         t.transaction_date AS tdate, x.transfer_date AS date, f.account_id AS faccount, t.account_id AS taccount,
         ${REVERSED('f')} AS frev, ${REVERSED('t')} AS trev
       FROM savings_transfers x JOIN savings_transactions f ON f.id = x.from_transaction_id JOIN savings_transactions t ON t.id = x.to_transaction_id
       WHERE (f.type <> 'WITHDRAWAL' OR t.type <> 'DEPOSIT' OR f.amount <> x.amount OR t.amount <> x.amount OR f.transaction_date <> x.transfer_date
         OR t.transaction_date <> x.transfer_date OR f.account_id = t.account_id OR ${REVERSED('f')} <> ${REVERSED('t')}) ${only}
       ORDER BY x.id LIMIT 1`,
    )
    .get(params) as
    | { id: number; ftype: string; ttype: string; famount: number; tamount: number; amount: number; fdate: string; tdate: string; date: string; faccount: number; taccount: number; frev: number; trev: number }
    | undefined;
  if (bad) {
    if (bad.frev !== bad.trev) return `savings transfers: transfer ${bad.id} has its ${bad.frev ? 'withdrawal' : 'deposit'} reversed and its ${bad.frev ? 'deposit' : 'withdrawal'} live`;
    if (bad.ftype !== 'WITHDRAWAL' || bad.ttype !== 'DEPOSIT' || bad.faccount === bad.taccount) {
      return `savings transfers: transfer ${bad.id} links a ${bad.ftype} of account ${bad.faccount} and a ${bad.ttype} of account ${bad.taccount}`;
    }
    return `savings transfers: transfer ${bad.id} of ${bad.amount} on ${bad.date} has legs of ${bad.famount} on ${bad.fdate} and ${bad.tamount} on ${bad.tdate}`;
  }
  const fee = db
    .prepare(
      `SELECT x.id, c.id AS fee FROM savings_transfer_fees s JOIN savings_transfers x ON x.id = s.transfer_id
         JOIN savings_transactions f ON f.id = x.from_transaction_id JOIN savings_transactions t ON t.id = x.to_transaction_id
         JOIN savings_transactions c ON c.id = s.transaction_id
       WHERE (c.type <> 'WITHDRAWAL_FEE' OR c.account_id <> f.account_id OR c.transaction_date <> x.transfer_date OR (${REVERSED('f')} AND NOT ${REVERSED('c')})) ${only}
       ORDER BY x.id LIMIT 1`,
    )
    .get(params) as { id: number; fee: number } | undefined;
  return fee ? `savings transfers: transfer ${fee.id} took fee transaction ${fee.fee}, which is not a live withdrawal fee of its source on its date (or was left when the transfer was undone)` : null;
}
