import { AppError } from '../../../shared/errors';
import { permissionsOf } from '../../../shared/permissions';
import type { ManagerApproval } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { HandlerContext } from '../dispatch/context';
import { actorOf } from '../dispatch/context';
import { clearFailedAttempts, recordFailedAttempt, userAuthById, userAuthByName } from './credentials';
import { DUMMY_HASH, verifyPassword } from './password';

export type { ManagerApproval };

function rolesOf(db: Db, userId: number): string[] {
  return sql<[number], { role_code: string }>(db, 'SELECT role_code FROM user_roles WHERE user_id = ?').all(userId).map((r) => r.role_code);
}

/**
 * Four eyes on the same PC (ARCHITECTURE.md section 8): a branch manager types their username and password into
 * the teller's prompt. The approver must be a different, active, unlocked user holding `permission`; a wrong
 * password counts towards the approver's lockout exactly as at sign-in (written after the command rolls back, or
 * guessing a manager's password here would be free). Returns the approver's user id, kept on what they approved.
 */
export function checkManagerApproval(ctx: HandlerContext, approval: ManagerApproval, permission: 'tills.manage' = 'tills.manage'): number {
  const db = ctx.db;
  const u = userAuthByName(db, approval.username, true);
  const now = ctx.clock.now();
  if (u && u.locked_until !== null && u.locked_until > now.toISOString()) {
    throw new AppError('ACCOUNT_LOCKED', `${u.username} is locked after too many failed sign-ins`, [
      { field: 'approval.username', code: 'locked', message: 'is locked after too many failed sign-ins' },
    ], { lockedUntil: u.locked_until });
  }
  if (!u || u.active !== 1 || !verifyPassword(approval.password, u.password_hash)) {
    if (u) ctx.afterRollback(() => void recordFailedAttempt(db, now, userAuthById(db, u.id)!));
    else verifyPassword(approval.password, DUMMY_HASH);
    throw new AppError('INVALID_CREDENTIALS', 'The approving username or password is not right', [
      { field: 'approval.password', code: 'invalid_credentials', message: 'the username or password is not right' },
    ]);
  }
  if (u.id === actorOf(ctx).userId) {
    throw new AppError('PERMISSION_DENIED', 'Another person must approve: a teller cannot approve their own cash limit', [
      { field: 'approval.username', code: 'same_user', message: 'must be someone else (a branch manager)' },
    ]);
  }
  if (!permissionsOf(rolesOf(db, u.id)).includes(permission)) {
    throw new AppError('PERMISSION_DENIED', `${approval.username} may not approve cash limits (a branch manager may)`, [
      { field: 'approval.username', code: 'not_a_manager', message: 'is not a branch manager' },
    ]);
  }
  clearFailedAttempts(db, u.id);
  return u.id;
}
