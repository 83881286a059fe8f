import type { PendingAllocation } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { amountText } from '../organisation';
import { allocationById, allocationsOfSession, openSessionOf, tillOfUser } from './repository';

/**
 * Cash given to an open till during the day (issue 19 point 15): the branch manager hands the teller cash from the
 * vault (tills.allocate) and the teller, having counted it, acknowledges its receipt (tills.acknowledge), so that
 * each side of the handover is on record under its own name. Cash allocated while the till is closed needs none:
 * the opening count acknowledges it. A teller's own close waits for every acknowledgement (sessions.ts); a branch
 * manager counting the till of an absent teller does not.
 */

/** The allocations of a session not acknowledged yet, oldest first. */
export function pendingAllocations(db: Db, sessionId: number): PendingAllocation[] {
  return allocationsOfSession(db, sessionId)
    .filter((a) => a.acknowledged_at === null)
    .map((a) => ({ movementId: a.id, amount: amountText(db, a.amount), at: a.created_at, from: a.from_name, note: a.description }));
}

export function acknowledgeAllocation(ctx: HandlerContext, movementId: number): { movementId: number; acknowledgedAt: string } {
  const db = ctx.db;
  const till = tillOfUser(db, actorOf(ctx).userId);
  const allocation = allocationById(db, movementId);
  // another teller's allocation is answered as none at all: a teller sees only their own till
  if (!allocation || !till || allocation.till_id !== till.id) {
    throw new AppError('NOT_FOUND', `There is no cash given to your till under movement ${movementId}`, [{ field: 'movementId', code: 'not_found', message: 'no cash given to your till under this number' }]);
  }
  const session = openSessionOf(db, till.id);
  if (allocation.session_id === null || !session || allocation.session_id !== session.id) {
    throw new AppError('INVALID_STATE', 'Only cash given to your till while it is open is acknowledged (the opening count covers the rest)', [
      { field: 'movementId', code: 'not_open_session', message: 'was not given during your open session' },
    ]);
  }
  if (allocation.acknowledged_at !== null) {
    throw new AppError('INVALID_STATE', 'You have already acknowledged this cash', [{ field: 'movementId', code: 'already_acknowledged', message: 'already acknowledged' }], { acknowledgedAt: allocation.acknowledged_at });
  }
  ctx.touched('till_movement', movementId);
  return { movementId, acknowledgedAt: ctx.clock.now().toISOString() };
}
