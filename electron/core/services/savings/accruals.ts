import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { accountAccounting } from '../charges/accounting';
import { accountByTag, reverseEntriesOf } from '../ledger';
import { accountTerms } from './products';
import { interestOf } from './interest';
import { mappingOf, readTransactions, type AccountRow, type TxnRow } from './repository';
import { journal, recordTransaction } from './transactions';

/**
 * Savings interest accrued on periodic accrual (Fineract's SavingsAccrualWritePlatformServiceImpl and
 * AccrualBasedAccountingProcessorForSavings; services/charges/README.md "Accounting rules"): for each day D that
 * day-end closes, an ACCRUAL transaction of the interest earned up to the end of D not yet accrued, posted Dr
 * interest on savings (expense) / Cr interest payable; the interest posting then debits interest payable instead of
 * the expense. An accrual moves no money: the balance, the interest engine and the withdrawal checks never see it
 * (domain/savings/balance.ts NEUTRAL_TYPES).
 *
 * What is earned up to D is the engine's: every finished posting period's interest (rounded once for the period, as
 * it is posted) and the period under way up to D, rounded. Each day accrues the rise of that figure, so a period's
 * accruals add up to exactly what is posted for it and the payable holds only the period under way. (Fineract
 * accrues each day's interest rounded on its own, so its accruals and its posting can part by a few minor units, and
 * it reads the posting period from the interest calculation type: neither is kept here.) When what is earned falls
 * (a backdated withdrawal), the latest accruals are reversed until it is covered and the rest accrued again.
 */

/** The interest payable account of an account on accruals: its own, else the chart's SAVINGS_INTEREST_PAYABLE; null on cash. */
export function savingsPayable(db: Db, accountId: number): number | null {
  const a = accountAccounting(db, 'SAVINGS', accountId);
  if (a.rule !== 'ACCRUAL_PERIODIC' && a.rule !== 'ACCRUAL_UPFRONT') return null;
  if (a.accounts.interestPayable !== undefined) return a.accounts.interestPayable;
  try {
    return accountByTag(db, 'SAVINGS_INTEREST_PAYABLE');
  } catch {
    throw new AppError('INVALID_STATE', `Savings account ${accountId} is on accrual accounting but its product names no interest payable account`, undefined, { savingsId: accountId });
  }
}

/** Interest accrued and interest posted, by the account's live transactions. */
function accruedAndPosted(rows: readonly TxnRow[]): { accrued: number; posted: number } {
  let accrued = 0;
  let posted = 0;
  for (const t of rows) {
    if (t.reversed) continue;
    if (t.type === 'ACCRUAL') accrued += t.amount;
    if (t.type === 'INTEREST_POSTING') posted += t.amount;
  }
  return { accrued, posted };
}

/**
 * The interest earned up to the end of `upTo`: when the engine resumes from the account's checkpoint, every period
 * before it is posted (a posting run leaves the checkpoint after the last period it posted, and any change dated
 * before it drops it), so what is earned is what was posted plus the periods computed from there; otherwise the
 * engine's figures from activation are the whole of it.
 */
function earned(db: Db, a: AccountRow, upTo: string, rows: TxnRow[]): number {
  if (upTo < a.activated_on!) return 0;
  const { computed } = interestOf(db, a, accountTerms(db, a), upTo, rows);
  const fromEngine = computed.periods.reduce((s, p) => s + p.interest, 0) + (computed.current?.interest ?? 0);
  return computed.startDate > a.activated_on! ? accruedAndPosted(rows).posted + fromEngine : fromEngine;
}

function accrue(ctx: HandlerContext, a: AccountRow, payable: number, amount: number, date: string, note: string): number {
  const id = recordTransaction(ctx, a.id, { type: 'ACCRUAL', date, amount, note });
  journal(ctx, a, id, 'Interest accrued', date, [{ accountId: mappingOf(a).interestExpense, debit: amount }, { accountId: payable, credit: amount }]);
  return id;
}

/**
 * Takes what is accrued to `target`, dated `date`: the latest accruals reversed first while more is accrued than
 * `target`, then the rest accrued. Returns how many transactions it wrote.
 */
function accrueTo(ctx: HandlerContext, a: AccountRow, payable: number, rows: readonly TxnRow[], target: number, date: string): number {
  let { accrued } = accruedAndPosted(rows);
  let written = 0;
  if (accrued > target) {
    const live = rows.filter((t) => !t.reversed && t.type === 'ACCRUAL').reverse();
    for (const t of live) {
      if (accrued <= target) break;
      recordTransaction(ctx, a.id, { type: 'REVERSAL', date: t.transaction_date, amount: t.amount, reversesId: t.id, note: 'Interest recomputed' });
      reverseEntriesOf(ctx, 'savings_transaction', t.id);
      accrued -= t.amount;
      written += 1;
    }
  }
  if (target > accrued) {
    accrue(ctx, a, payable, target - accrued, date, `Interest accrued to ${date}`);
    written += 1;
  }
  return written;
}

/**
 * Day-end's accrual of one account for the day D it closes: what is earned up to the end of D less what is already
 * accrued, dated D (the latest accruals reversed first when less is earned now). Returns how many transactions it
 * wrote.
 */
export function accrueSavings(ctx: HandlerContext, a: AccountRow, tillDate: string): number {
  const payable = savingsPayable(ctx.db, a.id);
  if (payable === null) return 0;
  const rows = readTransactions(ctx.db, a.id);
  return accrueTo(ctx, a, payable, rows, earned(ctx.db, a, tillDate, rows), tillDate);
}

/**
 * At closing, once the closing interest is posted: an account on accruals keeps exactly what was posted accrued (a
 * close dated before the last day accrued takes the later accruals back), so its payable ends at zero.
 */
export function settleAccruals(ctx: HandlerContext, a: AccountRow, date: string): void {
  const payable = savingsPayable(ctx.db, a.id);
  if (payable === null) return;
  const rows = readTransactions(ctx.db, a.id);
  accrueTo(ctx, a, payable, rows, accruedAndPosted(rows).posted, date);
}

/**
 * Before an interest posting of `amount` on an account on accruals: the payable must hold it. What is missing (the
 * days since the last accrual, when no day-end accrued them) is accrued first, dated `date`. Returns the payable
 * account, or null for an account on cash (the posting debits the interest expense).
 */
export function payableForPosting(ctx: HandlerContext, a: AccountRow, amount: number, date: string): number | null {
  const payable = savingsPayable(ctx.db, a.id);
  if (payable === null) return null;
  const { accrued, posted } = accruedAndPosted(readTransactions(ctx.db, a.id));
  const short = posted + amount - accrued;
  if (short > 0) accrue(ctx, a, payable, short, date, 'Interest accrued for its posting');
  return payable;
}
