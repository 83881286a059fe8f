import type { Output, ParsedInput, SavingsSubStatus, SavingsSubStatusView } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { daysBetween } from '../../domain/calendar';
import { accountAccounting } from '../charges/accounting';
import { assertPeriodOpen } from '../ledger';
import { newGlobalId } from '../organisation';
import { feeRefusal, occurrence, occurrenceAmount, outstandingOf, postFee } from './charges';
import {
  activeChargesOfType,
  balanceOf,
  clearNextDueDates,
  currentSubStatus,
  dormancyCandidates,
  getAccount,
  insertSubStatus,
  lastActiveDate,
  mappingOf,
  requireStatus,
  setStatus,
  statusOf,
  type AccountRow,
  type DormancyCandidate,
} from './repository';
import { journal, recordTransaction } from './transactions';

/**
 * Fineract's savings sub-status (SavingsAccountSubStatusEnum), kept as an append-only history
 * (savings_account_sub_statuses, migration 0018; the current one is the account's newest row, NONE without one):
 *
 * - Dormancy (the "Update Savings Dormant Accounts" job, SavingsSchedularServiceImpl.updateSavingsDormancyStatus),
 *   day-end's `dormancy` step for the day D it closes: an ACTIVE account of a product tracking dormancy goes
 *   NONE -> INACTIVE once D is daysToInactive days or more after its last deposit or withdrawal not reversed (its
 *   activation date when none: retrieveSavingsIdsPendingInactive), INACTIVE -> DORMANT at daysToDormancy, and
 *   DORMANT -> escheated at daysToEscheat, in that order in one pass as Fineract's three queries run one after the
 *   other (an account already past all three goes the whole way in one day-end). Only NONE accounts become inactive:
 *   a blocked account is not tracked.
 * - Going INACTIVE takes the account's no-activity fees (SAVINGS_NOACTIVITY_FEE charges: SavingsAccount
 *   .setSubStatusInactive pays each active one in full, dated the business date), once each time it goes inactive.
 * - Escheat (SavingsAccount.escheat): the account is CLOSED on D with sub-status ESCHEAT, and a positive balance
 *   leaves as an ESCHEAT transaction dated D (Dr savings control, Cr the product's escheat liability:
 *   CashBasedAccountingProcessorForSavings). As Fineract, no interest is posted first: what was earned since the
 *   last posting is not paid (Fineract passes postInterestAsOnDate false), and a negative balance is left as it is.
 * - A deposit or a withdrawal (a transfer's legs too) brings INACTIVE or DORMANT back to NONE (SavingsAccount
 *   .deposit / withdraw).
 * - Blocks, a branch manager's (SavingsAccountWritePlatformServiceJpaRepositoryImpl.blockAccount ... with
 *   reasonForBlock, required to block): BLOCK stops deposits and withdrawals; BLOCK_DEBIT withdrawals;
 *   BLOCK_CREDIT (what unblocking the debits of a BLOCK leaves) deposits. As Fineract: block replaces whatever
 *   the account was (an inactive or dormant one loses that state, so once unblocked it is counted again from its
 *   last activity and, still idle, goes inactive again at the next day-end and pays the no-activity fee again);
 *   blockDebit of a BLOCK is refused, of a BLOCK_CREDIT makes a BLOCK; unblockDebit of a BLOCK leaves BLOCK_CREDIT.
 */

const CREDITS_BLOCKED: ReadonlySet<SavingsSubStatus> = new Set(['BLOCK', 'BLOCK_CREDIT']);
const DEBITS_BLOCKED: ReadonlySet<SavingsSubStatus> = new Set(['BLOCK', 'BLOCK_DEBIT']);

export function subStatusOf(db: Db, accountId: number): SavingsSubStatus {
  return currentSubStatus(db, accountId)?.sub_status ?? 'NONE';
}

/** Writes the account's new sub-status; `byDayEnd`: no user (Fineract's system user), whoever ran the day-end. */
function setSubStatus(ctx: HandlerContext, accountId: number, subStatus: SavingsSubStatus, since: string, reason: string | null, byDayEnd = false): void {
  const id = insertSubStatus(ctx.db, {
    globalId: newGlobalId(ctx.db, 'savingssubstatus'),
    accountId,
    subStatus,
    since,
    reason,
    createdBy: byDayEnd ? null : (ctx.actor?.userId ?? null),
    now: ctx.clock.now().toISOString(),
  });
  ctx.touched('savings_account_sub_status', id);
}

/**
 * Refuses a deposit (CREDIT) or a withdrawal, transfer out or payout (DEBIT) of a blocked account: INVALID_STATE
 * naming `field` (Fineract's SavingsAccountBlockedException, SavingsAccountCreditsBlockedException,
 * SavingsAccountDebitsBlockedException).
 */
export function assertNotBlocked(db: Db, a: Pick<AccountRow, 'id' | 'account_no'>, direction: 'CREDIT' | 'DEBIT', field = 'savingsId'): void {
  const s = subStatusOf(db, a.id);
  const blocked = direction === 'CREDIT' ? CREDITS_BLOCKED.has(s) : DEBITS_BLOCKED.has(s);
  if (!blocked) return;
  const what = s === 'BLOCK' ? 'is blocked: no deposit or withdrawal' : direction === 'CREDIT' ? 'has its deposits blocked' : 'has its withdrawals blocked';
  const message = `Savings account ${a.account_no} ${what} until a branch manager lifts the block`;
  throw new AppError('INVALID_STATE', message, [{ field, code: direction === 'CREDIT' ? 'credits_blocked' : 'debits_blocked', message }], { subStatus: s });
}

/**
 * After a deposit or withdrawal (recordTransaction): an INACTIVE or DORMANT account is back to NONE, as
 * SavingsAccount.deposit and withdraw do; checked there first, a blocked account never gets here.
 */
export function afterClientActivity(ctx: HandlerContext, accountId: number, date: string): void {
  const s = subStatusOf(ctx.db, accountId);
  if (s === 'INACTIVE' || s === 'DORMANT') setSubStatus(ctx, accountId, 'NONE', date, null);
}

// ---- a branch manager's blocks

type BlockOp = 'savings.block' | 'savings.unblock' | 'savings.blockDebit' | 'savings.unblockDebit';

function refuse(message: string, code: string, subStatus: SavingsSubStatus): AppError {
  return new AppError('INVALID_STATE', message, [{ field: 'savingsId', code, message }], { subStatus });
}

/** The sub-status each block operation moves to from `s`, or the refusal (SavingsAccountBlockingServiceImpl). */
function nextOf(op: BlockOp, s: SavingsSubStatus): SavingsSubStatus {
  switch (op) {
    case 'savings.block':
      return 'BLOCK';
    case 'savings.unblock':
      if (s !== 'BLOCK') throw refuse('the account is not blocked', 'not_blocked', s);
      return 'NONE';
    case 'savings.blockDebit':
      if (s === 'BLOCK') throw refuse('the account is blocked already (deposits and withdrawals)', 'already_blocked', s);
      return s === 'BLOCK_CREDIT' ? 'BLOCK' : 'BLOCK_DEBIT';
    case 'savings.unblockDebit':
      if (s !== 'BLOCK' && s !== 'BLOCK_DEBIT') throw refuse("the account's withdrawals are not blocked", 'debits_not_blocked', s);
      return s === 'BLOCK' ? 'BLOCK_CREDIT' : 'NONE';
  }
}

export function changeBlock(ctx: HandlerContext, op: BlockOp, input: ParsedInput<'savings.block'> | ParsedInput<'savings.unblock'>): Output<'savings.block'> {
  const a = getAccount(ctx.db, input.savingsId);
  requireStatus(a, ['ACTIVE'], op === 'savings.block' || op === 'savings.blockDebit' ? 'blocked' : 'unblocked');
  const next = nextOf(op, subStatusOf(ctx.db, a.id));
  setSubStatus(ctx, a.id, next, ctx.businessDate(), input.reason ?? null);
  return { savingsId: a.id, subStatus: next };
}

// ---- day-end: dormancy

/** Accounts one chunk of day-end's dormancy step reads. */
export const DORMANCY_ACCOUNTS_PER_CHUNK = 500;

interface Tracking {
  daysToInactive: number;
  daysToDormancy: number;
  daysToEscheat: number;
}

function trackingOf(termsJson: string): Tracking | null {
  const t = JSON.parse(termsJson) as Partial<Tracking> & { isDormancyTrackingActive?: boolean };
  if (!t.isDormancyTrackingActive || !t.daysToInactive || !t.daysToDormancy || !t.daysToEscheat) return null;
  return { daysToInactive: t.daysToInactive, daysToDormancy: t.daysToDormancy, daysToEscheat: t.daysToEscheat };
}

/** The sub-statuses an account passes through when day `date` closes (none: it stays). */
export function dormancySteps(c: Pick<DormancyCandidate, 'terms_json' | 'sub_status' | 'last_active'>, date: string): ('INACTIVE' | 'DORMANT' | 'ESCHEAT')[] {
  const tracking = trackingOf(c.terms_json);
  if (!tracking) return [];
  const idle = daysBetween(c.last_active, date);
  const steps: ('INACTIVE' | 'DORMANT' | 'ESCHEAT')[] = [];
  let s = c.sub_status;
  if (s === 'NONE' && idle >= tracking.daysToInactive) steps.push((s = 'INACTIVE'));
  if (s === 'INACTIVE' && idle >= tracking.daysToDormancy) steps.push((s = 'DORMANT'));
  if (s === 'DORMANT' && idle >= tracking.daysToEscheat) steps.push('ESCHEAT');
  return steps;
}

/** Going inactive: each active no-activity fee paid in full, dated `date` (a fee the balance cannot give is skipped). */
function takeNoActivityFees(ctx: HandlerContext, a: AccountRow, date: string): number {
  let fees = 0;
  for (const c of activeChargesOfType(ctx.db, a.id, 'SAVINGS_NOACTIVITY_FEE')) {
    const amount = occurrenceAmount(c);
    if (amount <= 0) continue;
    const due = occurrence(ctx, c, date, amount);
    const owed = outstandingOf(due);
    if (owed <= 0 || feeRefusal(ctx.db, a, date, owed, 'amount')) continue;
    postFee(ctx, a, c, due, date, owed);
    fees += 1;
  }
  return fees;
}

/** Escheat (SavingsAccount.escheat): the positive balance to the escheat liability, the account closed on `date`. */
function escheat(ctx: HandlerContext, a: AccountRow, date: string): void {
  const balance = balanceOf(ctx.db, a.id);
  if (balance > 0) {
    const liability = accountAccounting(ctx.db, 'SAVINGS', a.id).accounts.escheatLiability;
    if (liability === undefined) throw new Error(`savings account ${a.account_no} tracks dormancy without an escheat liability account`);
    assertPeriodOpen(ctx.db, date, 'date');
    const id = recordTransaction(ctx, a.id, { type: 'ESCHEAT', date, amount: balance, note: 'Escheat' });
    journal(ctx, a, id, 'Savings escheat', date, [
      { accountId: mappingOf(a).control, debit: balance },
      { accountId: liability, credit: balance },
    ]);
  }
  setStatus(ctx.db, a.id, 'CLOSED', { closed_on: date }, ctx.clock.now().toISOString());
  clearNextDueDates(ctx.db, a.id);
  ctx.touched('savings_account', a.id);
}

/**
 * One chunk of day-end's dormancy step closing `date`: the next tracked ACTIVE accounts after `afterId`, each moved
 * as far as its idle days take it. Returns the changes made (sub-statuses written), the last account read and
 * whether none was left unread.
 */
export function dormancyChunk(ctx: HandlerContext, date: string, afterId: number): { changes: number; lastId: number; last: boolean } {
  const candidates = dormancyCandidates(ctx.db, afterId, DORMANCY_ACCOUNTS_PER_CHUNK);
  let changes = 0;
  for (const c of candidates) {
    const steps = dormancySteps(c, date);
    if (steps.length === 0) continue;
    const a = getAccount(ctx.db, c.id);
    for (const step of steps) {
      if (step === 'INACTIVE') takeNoActivityFees(ctx, a, date);
      if (step === 'ESCHEAT') escheat(ctx, a, date);
      // the reason is the account's last activity, which the page shows (lastActiveTransactionDate)
      setSubStatus(ctx, a.id, step, date, null, true);
      changes += 1;
    }
  }
  const last = candidates.length < DORMANCY_ACCOUNTS_PER_CHUNK;
  return { changes, lastId: candidates.length ? candidates[candidates.length - 1]!.id : afterId, last };
}

/** dayEnd.preview: the sub-statuses closing `date` will change (every tracked account read: a count, no writes). */
export function countDormancyDue(db: Db, date: string): number {
  let n = 0;
  let after = 0;
  for (;;) {
    const batch = dormancyCandidates(db, after, 5_000);
    for (const c of batch) n += dormancySteps(c, date).length;
    if (batch.length < 5_000) return n;
    after = batch[batch.length - 1]!.id;
  }
}

// ---- the account page

export function subStatusView(db: Db, a: AccountRow, businessDate: string): SavingsSubStatusView {
  const row = currentSubStatus(db, a.id);
  const tracking = trackingOf(a.terms_json);
  const s = row?.sub_status ?? 'NONE';
  const last = statusOf(a) === 'ACTIVE' || statusOf(a) === 'CLOSED' ? lastActiveDate(db, a.id) : null;
  // Fineract's daysToInactive ... (SavingsAccountReadPlatformServiceImpl): days from today to the date each step
  // falls, only for an active account and the steps still ahead of its sub-status
  const left = (days: number, before: SavingsSubStatus[]) => (tracking && last && statusOf(a) === 'ACTIVE' && before.includes(s) ? daysBetween(businessDate, last) + days : null);
  return {
    subStatus: s,
    since: row?.since ?? null,
    reason: row?.reason ?? null,
    setBy: row ? row.set_by : null,
    tracking,
    lastActiveTransactionDate: tracking ? last : null,
    daysLeftToInactive: tracking ? left(tracking.daysToInactive, ['NONE']) : null,
    daysLeftToDormancy: tracking ? left(tracking.daysToDormancy, ['NONE', 'INACTIVE']) : null,
    daysLeftToEscheat: tracking ? left(tracking.daysToEscheat, ['NONE', 'INACTIVE', 'DORMANT']) : null,
  };
}
