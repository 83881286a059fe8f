import { AppError } from '../../../shared/errors';
import { permissionsOf, type PermissionCode } from '../../../shared/permissions';
import type { ManagerApproval } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { HandlerContext } from '../dispatch/context';
import { actorOf } from '../dispatch/context';
import { checkSignIn, clearFailedAttempts } from './credentials';

export type { ManagerApproval };

function rolesOf(db: Db, userId: number): string[] {
  return sql<[number], { role_code: string }>(db, 'SELECT role_code FROM user_roles WHERE user_id = ?').all(userId).map((r) => r.role_code);
}

/** What a manager approves on a teller's PC: the permission it takes, and how a refusal says it. */
const PURPOSES = {
  /** cash that takes a till over its cash limit (tills/cash.ts) */
  cashLimit: { permission: 'tills.manage', what: 'cash limits', own: 'their own cash limit' },
  /** a loan payment that overpays the loan by more than the branch's margin (loans/overpayment.ts) */
  overpayment: { permission: 'tills.manage', what: 'overpayments', own: 'their own overpayment' },
  /** a teller's undo or change of a savings transaction not their own of the day (savings/corrections.ts) */
  savingsCorrection: { permission: 'savings.waive', what: 'corrections of savings transactions', own: 'their own correction' },
  /** a teller's undo of a loan repayment of their own of the day (loans/undoRepayment.ts) */
  loanCorrection: { permission: 'loans.adjust', what: 'undoing loan repayments', own: 'their own undo' },
} as const satisfies Record<string, { permission: PermissionCode; what: string; own: string }>;
export type ApprovalPurpose = keyof typeof PURPOSES;

/** Approvals already checked in a command (a batch of payments, or a payment over both the cash limit and the margin): one password check each. */
const checked = new WeakMap<HandlerContext, WeakMap<ManagerApproval, number>>();

/**
 * Four eyes on the same PC (ARCHITECTURE.md section 8): a branch manager types their username and password into
 * the teller's prompt. The approver must be a different, active, unlocked user holding the purpose's permission; a
 * wrong password counts towards the approver's lockout exactly as at sign-in (written after the command rolls back,
 * or guessing a manager's password here would be free), and a name that is nobody's is answered and locked the same
 * way (security/credentials.ts). Returns the approver's user id, kept on what they approved.
 */
export function checkManagerApproval(ctx: HandlerContext, approval: ManagerApproval, purpose: ApprovalPurpose = 'cashLimit'): number {
  const db = ctx.db;
  const { permission, what, own } = PURPOSES[purpose];
  let seen = checked.get(ctx);
  let approverId = seen?.get(approval);
  if (approverId === undefined) {
    try {
      approverId = checkSignIn(db, ctx.clock.now(), approval.username, approval.password, { deferWrite: (write) => ctx.afterRollback(write) }).id;
    } catch (err) {
      if (err instanceof AppError && err.code === 'ACCOUNT_LOCKED') {
        throw new AppError('ACCOUNT_LOCKED', `${approval.username} is locked after too many failed sign-ins`, [
          { field: 'approval.username', code: 'locked', message: 'is locked after too many failed sign-ins' },
        ], err.details);
      }
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') {
        throw new AppError('INVALID_CREDENTIALS', 'The approving username or password is not right', [
          { field: 'approval.password', code: 'invalid_credentials', message: 'the username or password is not right' },
        ]);
      }
      throw err;
    }
    if (!seen) checked.set(ctx, (seen = new WeakMap()));
    seen.set(approval, approverId);
  }
  if (approverId === actorOf(ctx).userId) {
    throw new AppError('PERMISSION_DENIED', `Another person must approve: a teller cannot approve ${own}`, [
      { field: 'approval.username', code: 'same_user', message: 'must be someone else (a branch manager)' },
    ]);
  }
  if (!permissionsOf(rolesOf(db, approverId)).includes(permission)) {
    throw new AppError('PERMISSION_DENIED', `${approval.username} may not approve ${what} (a branch manager may)`, [
      { field: 'approval.username', code: 'not_a_manager', message: 'is not a branch manager' },
    ]);
  }
  clearFailedAttempts(db, approverId);
  return approverId;
}
