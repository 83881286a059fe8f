import type { Output, ParsedInput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { HandlerContext } from '../../dispatch/context';
import { addDays } from '../../domain/calendar';
import { accountBalance, computeInterest, interestPostingsDue, splitDebit, type InterestPostingToCreate } from '../../domain/savings';
import { reverseEntriesOf } from '../ledger';
import { accountTerms } from './products';
import { accountIdsWithStatus, getAccount, live, mappingOf, readTransactions, requireStatus, type AccountRow, type Mapping } from './repository';
import { journal, recordTransaction } from './transactions';

/**
 * The interest posting run (DOMAIN.md "Savings (Fineract)"): the savings engine computes every period from
 * activation; each finished period not yet posted is posted the day after it ends, and a posting that differs is
 * reversed and posted again (so a backdated deposit rewrites earlier postings). Interest Dr interest on savings
 * Cr savings control; overdraft interest Dr savings control (and the overdraft portfolio below zero) Cr interest
 * income.
 */
type InterestLine = Pick<InterestPostingToCreate, 'type' | 'postingDate' | 'amount' | 'fromDate' | 'toDate'>;

/**
 * One account's posting run: interest computed from activation up to the day before `asOf`; every finished period
 * not yet posted is posted (dated the day after it ends); a posting that differs is reversed and posted again.
 */
export function postInterestFor(ctx: HandlerContext, a: AccountRow, asOf: string): { created: number; reversed: number } {
  const terms = accountTerms(ctx.db, a);
  const m = mappingOf(a);
  const rows = readTransactions(ctx.db, a.id);
  const upTo = addDays(asOf, -1);
  if (upTo < a.activated_on!) return { created: 0, reversed: 0 };
  const computed = computeInterest(live(rows), terms, { activationDate: a.activated_on!, upTo });
  const posted = rows
    .filter((t) => !t.reversed && (t.type === 'INTEREST_POSTING' || t.type === 'OVERDRAFT_INTEREST'))
    .map((t) => ({ postingDate: t.transaction_date, amount: t.amount, type: t.type as 'INTEREST_POSTING' | 'OVERDRAFT_INTEREST', ref: t.id }));
  const plan = interestPostingsDue(computed, posted, asOf);
  for (const p of plan.reverse) {
    recordTransaction(ctx, a.id, { type: 'REVERSAL', date: p.postingDate, amount: p.amount, reversesId: p.ref!, note: 'Interest recomputed' });
    reverseEntriesOf(ctx, 'savings_transaction', p.ref!);
  }
  for (const c of plan.create) postInterestLine(ctx, a, m, c);
  return { created: plan.create.length, reversed: plan.reverse.length };
}

/** Posts one period's interest (or overdraft interest) with its journal entry. */
function postInterestLine(ctx: HandlerContext, a: AccountRow, m: Mapping, c: InterestLine): void {
  if (c.type === 'INTEREST_POSTING') {
    const id = recordTransaction(ctx, a.id, { type: 'INTEREST_POSTING', date: c.postingDate, amount: c.amount, note: `Interest ${c.fromDate} to ${c.toDate}` });
    journal(ctx, a, id, 'Interest on savings', c.postingDate, [{ accountId: m.interestExpense, debit: c.amount }, { accountId: m.control, credit: c.amount }]);
    return;
  }
  const before = accountBalance(live(readTransactions(ctx.db, a.id)).filter((t) => t.date <= c.postingDate));
  const split = splitDebit(before, c.amount);
  const id = recordTransaction(ctx, a.id, { type: 'OVERDRAFT_INTEREST', date: c.postingDate, amount: c.amount, overdraft: split.fromOverdraft, note: `Overdraft interest ${c.fromDate} to ${c.toDate}` });
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
  postInterestFor(ctx, a, date);
  const upTo = addDays(date, -1);
  if (upTo < a.activated_on!) return;
  const current = computeInterest(live(readTransactions(ctx.db, a.id)), accountTerms(ctx.db, a), { activationDate: a.activated_on!, upTo }).current;
  if (!current) return;
  const m = mappingOf(a);
  const period = { fromDate: current.fromDate, toDate: upTo, postingDate: date };
  if (current.interest > 0) postInterestLine(ctx, a, m, { ...period, type: 'INTEREST_POSTING', amount: current.interest });
  if (current.overdraftInterest > 0) postInterestLine(ctx, a, m, { ...period, type: 'OVERDRAFT_INTEREST', amount: current.overdraftInterest });
}

/** savings.postInterest: the run for one account, or for every ACTIVE account, as of a date not after today. */
export function postInterest(ctx: HandlerContext, input: ParsedInput<'savings.postInterest'>): Output<'savings.postInterest'> {
  const db = ctx.db;
  const asOf = input.postingDate ?? ctx.businessDate();
  if (asOf > ctx.businessDate()) throw new AppError('VALIDATION_FAILED', 'postingDate is after the business date', [{ field: 'postingDate', code: 'after_business_date', message: 'cannot be after the business date' }]);
  if (input.savingsId !== undefined) requireStatus(getAccount(db, input.savingsId), ['ACTIVE'], 'given interest');
  const ids = input.savingsId !== undefined ? [input.savingsId] : accountIdsWithStatus(db, 'ACTIVE');
  let created = 0;
  let reversed = 0;
  for (const id of ids) {
    const r = postInterestFor(ctx, getAccount(db, id), asOf);
    created += r.created;
    reversed += r.reversed;
  }
  return { accounts: ids.length, created, reversed };
}
