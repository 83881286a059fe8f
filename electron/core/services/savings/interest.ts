import type { Output, ParsedInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { addDays } from '../../domain/calendar';
import {
  accountBalance,
  computeInterest,
  interestPostingsDue,
  nextPostingDate,
  splitDebit,
  type InterestComputation,
  type InterestPostingToCreate,
  type PeriodInterest,
  type SavingsProductTerms,
} from '../../domain/savings';
import { reverseEntriesOf } from '../ledger';
import { withGlobalIdBlocks } from '../organisation';
import { accountTerms } from './products';
import {
  balanceOf,
  dueAccounts,
  getAccount,
  interestCheckpointOf,
  lastInterestPostingDate,
  live,
  mappingOf,
  readTransactions,
  readTransactionsOf,
  requireStatus,
  storeInterestState,
  type AccountRow,
  type InterestState,
  type Mapping,
  type TxnRow,
} from './repository';
import { journal, recordTransaction } from './transactions';
import { payableForPosting } from './accruals';

/**
 * The interest posting run (DOMAIN.md "Savings (Fineract)"): the savings engine computes the periods; each finished
 * period not yet posted is posted the day after it ends, and a posting that differs is reversed and posted again
 * (so a backdated deposit rewrites earlier postings). Interest Dr interest on savings Cr savings control; overdraft
 * interest Dr savings control (and the overdraft portfolio below zero) Cr interest income.
 *
 * Each account keeps where its next run resumes (the engine's checkpoint after its last posted period) and the
 * first day a run can have anything to write for it (`interest_due_on`: the next posting date). A run skips the
 * accounts not due without reading them, and computes the others from their checkpoint, reading only the
 * transactions from its date on: the same postings as computing from activation (the engine's checkpoints are exact,
 * domain/savings README), because a transaction written or reversed before the checkpoint drops it and makes the
 * account due from that day (repository `insertTransaction`), and the next run computes it from activation.
 */
type InterestLine = Pick<InterestPostingToCreate, 'type' | 'postingDate' | 'amount' | 'fromDate' | 'toDate'>;

export interface InterestRun {
  created: number;
  reversed: number;
}

/**
 * The engine's interest for an account up to `upTo` (inclusive), with the transactions it used: resumed from the
 * stored checkpoint when there is one not after the day after `upTo` (only the transactions from its date on), else
 * from activation. `allRows`: the account's transactions dated `readFrom` or later (every one by default), already
 * read; else, or when the computation needs earlier ones, they are read from the database, from the checkpoint's
 * date on.
 */
export function interestOf(db: Db, a: AccountRow, terms: SavingsProductTerms, upTo: string, allRows?: TxnRow[], readFrom = ''): { computed: InterestComputation; rows: TxnRow[] } {
  const checkpoint = interestCheckpointOf(a);
  const resumeFrom = checkpoint && checkpoint.date <= addDays(upTo, 1) ? checkpoint : undefined;
  const from = resumeFrom?.date ?? '';
  const rows = allRows && readFrom <= from ? allRows.filter((t) => t.transaction_date >= from) : readTransactions(db, a.id, from);
  return { computed: computeInterest(live(rows), terms, { activationDate: a.activated_on!, upTo, resumeFrom }), rows };
}

/**
 * One account's run as of `asOf` (its posting date): interest computed up to the day before (up to `asOf` itself when
 * the branch posts on the period's last day: day-end closing `asOf` has all of its transactions); every finished
 * period not yet posted is posted (dated the day after it ends, or its last day); a posting that differs is reversed
 * and posted again; then the checkpoint and the next posting date are stored. Skipped (null, nothing read or computed) when the account is
 * not due by `asOf`. A chunk of a long run calls this on each account of its list.
 */
export function postInterestFor(ctx: HandlerContext, a: AccountRow, asOf: string, fromCheckpoint?: TxnRow[]): InterestRun | null {
  if (a.interest_due_on > asOf) return null;
  const { created, reversed } = runInterest(ctx, a, asOf, undefined, fromCheckpoint);
  return { created, reversed };
}

/**
 * After a correction dated `from` (savings/corrections.ts): when interest is posted on or after that date, the
 * periods up to the latest posting are computed again from the corrected balances, and every posting that differs
 * is reversed and posted again, as Fineract's undoTransaction and adjustSavingsTransaction post interest again when
 * the transaction falls before the last posting period. Nothing newer is posted: that stays day-end's work.
 */
export function repostInterestAfter(ctx: HandlerContext, accountId: number, from: string): InterestRun {
  const last = lastInterestPostingDate(ctx.db, accountId);
  if (last === null || last < from) return { created: 0, reversed: 0 };
  // the account read again: the correction's reversal may have dropped its checkpoint
  const { created, reversed } = runInterest(ctx, getAccount(ctx.db, accountId), last);
  return { created, reversed };
}

/**
 * The run for one account, due or not; also returns the period under way (computed up to `upTo`: the day before
 * `asOf`, or `asOf` itself when posting at the period's end). `fromCheckpoint`: the account's transactions from its
 * stored checkpoint's date on, already read (a chunk reads its accounts' in one statement).
 */
function runInterest(ctx: HandlerContext, a: AccountRow, asOf: string, upToDay?: string, fromCheckpoint?: TxnRow[]): InterestRun & { current: PeriodInterest | null } {
  const terms = accountTerms(ctx.db, a);
  const upTo = upToDay ?? (terms.postingAtPeriodEnd ? asOf : addDays(asOf, -1));
  if (upTo < a.activated_on!) {
    storeInterestState(ctx.db, a.id, null, nextPostingDate(a.activated_on!, terms));
    return { created: 0, reversed: 0, current: null };
  }
  const { computed, rows } = interestOf(ctx.db, a, terms, upTo, fromCheckpoint, a.interest_checkpoint_date ?? '');
  const posted = rows
    .filter((t) => !t.reversed && (t.type === 'INTEREST_POSTING' || t.type === 'OVERDRAFT_INTEREST'))
    .map((t) => ({ postingDate: t.transaction_date, amount: t.amount, type: t.type as 'INTEREST_POSTING' | 'OVERDRAFT_INTEREST', ref: t.id }));
  const plan = interestPostingsDue(computed, posted, asOf);
  // where the next run starts, stored after the writes (one dated before the old checkpoint dropped it)
  const checkpoint = computed.checkpoint;
  const dueOn = nextPostingDate(checkpoint?.date ?? a.activated_on!, terms);
  // a run over the branch takes the accounts still due chunk after chunk: each run must leave its account not due
  // (a closing run stops a day short, and the account closes)
  if (dueOn <= asOf && upToDay === undefined) throw new Error(`savings account ${a.id}: interest run as of ${asOf} left it due on ${dueOn}`);
  for (const p of plan.reverse) {
    recordTransaction(ctx, a.id, { type: 'REVERSAL', date: p.postingDate, amount: p.amount, reversesId: p.ref!, note: 'Interest recomputed' });
    reverseEntriesOf(ctx, 'savings_transaction', p.ref!);
  }
  const m = mappingOf(a);
  // the last posting, the run's last write to the account, stores the state with its balance (one write, not two)
  plan.create.forEach((c, i) => postInterestLine(ctx, a, m, c, i === plan.create.length - 1 ? { checkpoint, dueOn } : undefined));
  if (plan.create.length === 0) storeInterestState(ctx.db, a.id, checkpoint, dueOn);
  return { created: plan.create.length, reversed: plan.reverse.length, current: computed.current };
}

/** The balance at the end of `date`: the kept balance less what the transactions dated after it moved. */
function balanceAtEndOf(db: Db, accountId: number, date: string): number {
  return balanceOf(db, accountId) - accountBalance(live(readTransactions(db, accountId, addDays(date, 1))));
}

/** Posts one period's interest (or overdraft interest) with its journal entry (`state`: stored with its balance). */
function postInterestLine(ctx: HandlerContext, a: AccountRow, m: Mapping, c: InterestLine, state?: InterestState): void {
  if (c.type === 'INTEREST_POSTING') {
    // on accruals the interest was accrued to the payable: the posting clears it (Fineract's
    // AccrualBasedAccountingProcessorForSavings); on cash it is the expense (savings/accruals.ts)
    const payable = payableForPosting(ctx, a, c.amount, c.postingDate);
    const id = recordTransaction(ctx, a.id, { type: 'INTEREST_POSTING', date: c.postingDate, amount: c.amount, note: `Interest ${c.fromDate} to ${c.toDate}`, interestState: state });
    journal(ctx, a, id, 'Interest on savings', c.postingDate, [{ accountId: payable ?? m.interestExpense, debit: c.amount }, { accountId: m.control, credit: c.amount }]);
    return;
  }
  const split = splitDebit(balanceAtEndOf(ctx.db, a.id, c.postingDate), c.amount);
  const id = recordTransaction(ctx, a.id, { type: 'OVERDRAFT_INTEREST', date: c.postingDate, amount: c.amount, overdraft: split.fromOverdraft, note: `Overdraft interest ${c.fromDate} to ${c.toDate}`, interestState: state });
  journal(ctx, a, id, 'Overdraft interest', c.postingDate, [
    { accountId: m.control, debit: split.fromBalance },
    { accountId: m.overdraftPortfolio, debit: split.fromOverdraft },
    { accountId: m.overdraftInterestIncome, credit: c.amount },
  ]);
}

/**
 * At closing (Fineract's close): after the run up to `date`, the part of the posting period under way, up to the
 * day before, is posted too, dated the closing day.
 */
export function postClosingInterest(ctx: HandlerContext, a: AccountRow, date: string): void {
  const { current } = runInterest(ctx, a, date, addDays(date, -1));
  if (!current) return;
  const m = mappingOf(a);
  const period = { fromDate: current.fromDate, toDate: current.toDate, postingDate: date };
  if (current.interest > 0) postInterestLine(ctx, a, m, { ...period, type: 'INTEREST_POSTING', amount: current.interest });
  if (current.overdraftInterest > 0) postInterestLine(ctx, a, m, { ...period, type: 'OVERDRAFT_INTEREST', amount: current.overdraftInterest });
}

/** How many accounts one chunk of a run over the branch computes (one transaction; other users are answered between). */
export const ACCOUNTS_PER_CHUNK = 200;

/**
 * The run as of `asOf` over a list of accounts (one chunk of a long run), counting the accounts computed and the
 * postings created and reversed.
 */
export function postInterestOn(ctx: HandlerContext, accounts: readonly AccountRow[], asOf: string): Output<'savings.postInterest'> {
  const total = { accounts: 0, created: 0, reversed: 0 };
  const due = accounts.filter((a) => a.interest_due_on <= asOf);
  // the transactions of the accounts due from their checkpoints, read in one statement (each account's writes touch
  // no other account)
  const rows = readTransactionsOf(ctx.db, due.map((a) => ({ id: a.id, from: a.interest_checkpoint_date ?? '' })));
  // a posting each (a transaction and its journal entry) is the common case: their global ids taken in one write
  withGlobalIdBlocks(ctx.db, ['savingstxn', 'je'], due.length, () => {
    for (const a of due) {
      const r = postInterestFor(ctx, a, asOf, rows.get(a.id))!;
      total.accounts += 1;
      total.created += r.created;
      total.reversed += r.reversed;
    }
  });
  return total;
}

/**
 * One chunk of the run over the branch: the first `ACCOUNTS_PER_CHUNK` accounts still due by `asOf` (each account
 * run moves its next posting date past `asOf`, so the next chunk takes the following ones). `last`: no account was
 * left behind this chunk.
 */
export function postInterestChunk(ctx: HandlerContext, asOf: string): Output<'savings.postInterest'> & { last: boolean } {
  const accounts = dueAccounts(ctx.db, asOf, ACCOUNTS_PER_CHUNK);
  return { ...postInterestOn(ctx, accounts, asOf), last: accounts.length < ACCOUNTS_PER_CHUNK };
}

/**
 * savings.postInterest, a job: the run for one account, or for every ACTIVE account due, as of a date not after
 * the business date. Over the branch it commits chunk by chunk (each its own command), so tellers are answered
 * while it runs and a run cut short is finished by the next one (what committed is no longer due).
 */
export async function postInterest(ctx: HandlerContext, input: ParsedInput<'savings.postInterest'>): Promise<Output<'savings.postInterest'>> {
  const asOf = input.postingDate ?? ctx.businessDate();
  if (asOf > ctx.businessDate()) throw new AppError('VALIDATION_FAILED', 'postingDate is after the business date', [{ field: 'postingDate', code: 'after_business_date', message: 'cannot be after the business date' }]);
  const savingsId = input.savingsId;
  if (savingsId !== undefined) {
    return ctx.chunk({ savingsId, postingDate: asOf }, (c) => {
      const a = getAccount(c.db, savingsId);
      requireStatus(a, ['ACTIVE'], 'given interest');
      return postInterestOn(c, [a], asOf);
    });
  }
  const total = { accounts: 0, created: 0, reversed: 0 };
  // nothing due writes nothing (not even a command_log row)
  for (let chunk = 1; dueAccounts(ctx.db, asOf, 1).length > 0; chunk += 1) {
    const r = await ctx.chunk({ postingDate: asOf, chunk }, (c) => postInterestChunk(c, asOf));
    total.accounts += r.accounts;
    total.created += r.created;
    total.reversed += r.reversed;
    if (r.last) break;
  }
  return total;
}
