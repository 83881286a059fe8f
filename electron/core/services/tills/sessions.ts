import type { CountLine, TillCloseResult } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { countTotal } from '../../domain/tills';
import { accountByTag, clearAccountCache } from '../ledger';
import { amountText, getOrganisation, newGlobalId, nextSequence } from '../organisation';
import { pendingAllocations } from './acknowledge';
import { postMoneyMovement } from './cash';
import {
  closeSession,
  glAccountByCode,
  glAccountOf,
  insertSession,
  insertTill,
  insertTillAccount,
  openSessionOf,
  openTillUsers,
  tillOfUser,
  userByName,
  type TillRow,
  type UserRef,
} from './repository';

/**
 * A till's day (DOMAIN.md "Tellers and cash"): the till made the first time it is needed, opened with a count that
 * must equal what it holds (not blind), closed with a blind count whose difference posts to cash over and short.
 */

/** The user named in an input, refused naming the field when there is none. */
export function requireUser(ctx: HandlerContext, username: string, field = 'username'): UserRef & { active: number } {
  const u = userByName(ctx.db, username);
  if (!u) throw new AppError('NOT_FOUND', `There is no user ${username}`, [{ field, code: 'not_found', message: 'no such user' }]);
  return u;
}

/** The till of a user named in the input, or the caller's own; another user's needs the manage permission. */
export function targetUser(ctx: HandlerContext, username: string | undefined): UserRef {
  const me = actorOf(ctx);
  if (username === undefined || username.toLowerCase() === me.username.toLowerCase()) return { id: me.userId, username: me.username, display_name: me.displayName };
  if (!me.permissions.includes('tills.manage')) {
    throw new AppError('PERMISSION_DENIED', "Only a branch manager may see another teller's till", [{ field: 'username', code: 'not_yours', message: "is another teller's till" }]);
  }
  return requireUser(ctx, username);
}

/** The user's till, made (with its GL account under 1120) the first time it is needed. */
export function ensureTill(ctx: HandlerContext, user: UserRef): TillRow {
  const db = ctx.db;
  const existing = tillOfUser(db, user.id);
  if (existing) return existing;
  const header = accountByTag(db, 'TELLER_TILLS');
  const parent = glAccountOf(db, header);
  let code: string;
  do code = `${parent.code}.${String(nextSequence(db, 'till.account')).padStart(2, '0')}`;
  while (glAccountByCode(db, code));
  const accountId = insertTillAccount(db, {
    globalId: newGlobalId(db, 'glaccount'),
    code,
    name: `Till: ${user.display_name} (${user.username})`,
    parentId: header,
    description: `Cash in the till of ${user.display_name}`,
  });
  clearAccountCache(db);
  const id = insertTill(db, { globalId: newGlobalId(db, 'till'), userId: user.id, accountId, createdAt: ctx.clock.now().toISOString() });
  ctx.touched('till', id);
  return tillOfUser(db, user.id)!;
}

/** Day-end refuses while any till is open (DOMAIN.md "Day-end"). */
export function assertNoOpenTills(db: Db): void {
  const open = openTillUsers(db).map((t) => t.username);
  if (open.length > 0) {
    throw new AppError('TILLS_OPEN', `The day cannot be closed while a till is open: ${open.join(', ')} must count and close first`, undefined, { openTills: open });
  }
}

export function openTill(ctx: HandlerContext, count: CountLine[]): { sessionId: number; openingFloat: string; balance: string } {
  const db = ctx.db;
  const me = actorOf(ctx);
  const till = ensureTill(ctx, { id: me.userId, username: me.username, display_name: me.displayName });
  if (openSessionOf(db, till.id)) throw new AppError('INVALID_STATE', 'Your till is already open', undefined, { reason: 'TILL_ALREADY_OPEN' });
  const { total, lines } = countTotal(getOrganisation(db).currency, count);
  if (total !== till.balance) {
    const counted = amountText(db, total);
    const holds = amountText(db, till.balance);
    throw new AppError('VALIDATION_FAILED', `You counted ${counted} but the till holds ${holds}: count again, or ask the branch manager to correct the allocation`, [
      { field: 'count', code: 'count_mismatch', message: `adds up to ${counted}; the till holds ${holds}`, params: { counted, tillBalance: holds } },
    ], { counted, tillBalance: holds });
  }
  const sessionId = insertSession(db, {
    globalId: newGlobalId(db, 'tillsession'),
    tillId: till.id,
    userId: me.userId,
    businessDate: ctx.businessDate(),
    openedAt: ctx.clock.now().toISOString(),
    openingFloat: total,
    openingCountJson: JSON.stringify(lines),
  });
  ctx.touched('till_session', sessionId);
  return { sessionId, openingFloat: amountText(db, total), balance: amountText(db, till.balance) };
}

/** The blind close: the count against what the till should hold, the difference to cash over and short. */
export function closeTill(ctx: HandlerContext, input: { username?: string | undefined; count: CountLine[]; note?: string | null | undefined }): TillCloseResult {
  const db = ctx.db;
  const me = targetUser(ctx, input.username);
  const actor = actorOf(ctx);
  const mine = me.id === actor.userId;
  const till = tillOfUser(db, me.id);
  const session = till ? openSessionOf(db, till.id) : undefined;
  if (!till || !session) {
    throw new AppError('TILL_NOT_OPEN', mine ? 'Your till is not open' : `The till of ${me.username} is not open`, [
      { field: mine ? 'count' : 'username', code: 'till_not_open', message: mine ? 'your till is not open' : 'the till is not open' },
    ]);
  }
  const waiting = mine ? pendingAllocations(db, session.id) : [];
  if (waiting.length > 0) {
    throw new AppError('INVALID_STATE', 'Acknowledge the cash the branch manager gave your till before closing it', [
      { field: 'count', code: 'allocation_not_acknowledged', message: 'cash given to your till is not acknowledged yet' },
    ], { reason: 'ALLOCATION_NOT_ACKNOWLEDGED', movementIds: waiting.map((w) => w.movementId) });
  }
  const { total: counted, lines } = countTotal(getOrganisation(db).currency, input.count);
  const expected = till.balance;
  const difference = counted - expected;
  let entryId: number | null = null;
  if (difference !== 0) {
    const overShort = accountByTag(db, 'CASH_OVER_SHORT');
    const shortage = difference < 0;
    const amount = Math.abs(difference);
    const description = `${shortage ? 'Cash short' : 'Cash over'} at the close of the till of ${me.display_name}${mine ? '' : ` (closed by ${actor.displayName})`}`;
    entryId = postMoneyMovement(ctx, {
      date: ctx.businessDate(),
      description: input.note ? `${description}: ${input.note}` : description,
      sourceType: 'till_session',
      sourceId: session.id,
      lines: shortage
        ? [{ accountId: overShort, debit: amount }, { accountId: till.gl_account_id, credit: amount }]
        : [{ accountId: till.gl_account_id, debit: amount }, { accountId: overShort, credit: amount }],
    }, { kind: 'OVER_SHORT', amount: difference, reference: null, description });
  }
  const closedAt = ctx.clock.now().toISOString();
  closeSession(db, session.id, { closedAt, closedBy: actor.userId, closingCountJson: JSON.stringify(lines), expected, counted, difference, overShortEntryId: entryId });
  ctx.touched('till_session', session.id);
  return {
    sessionId: session.id,
    openingFloat: amountText(db, session.opening_float),
    expected: amountText(db, expected),
    counted: amountText(db, counted),
    difference: amountText(db, difference),
    closedAt,
    journalEntryId: entryId,
  };
}
