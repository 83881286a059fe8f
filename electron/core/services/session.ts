import type { SessionInfo } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { permissionsOf, type RoleCode } from '../../../shared/permissions';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { Registry } from '../dispatch/registry';
import { DUMMY_HASH, verifyPassword } from '../security/password';
import type { ServiceDeps } from './deps';
import { businessDate, getOffice, getOrganisation, idleLockMinutes } from './organisation';

/** Five failed sign-ins lock the account for 15 minutes (or until an administrator unlocks it). */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

export interface UserAuthRow {
  id: number;
  username: string;
  password_hash: string;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
}

export function sessionInfo(db: Db, userId: number): SessionInfo {
  const u = sql<[number], { id: number; username: string; display_name: string; office_id: number }>(
    db,
    'SELECT id, username, display_name, office_id FROM users WHERE id = ?',
  ).get(userId);
  if (!u) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  const roles = sql<[number], { role_code: string }>(db, 'SELECT role_code FROM user_roles WHERE user_id = ? ORDER BY role_code')
    .all(userId)
    .map((r) => r.role_code as RoleCode);
  const org = getOrganisation(db);
  const office = getOffice(db, u.office_id);
  return {
    user: { id: u.id, username: u.username, displayName: u.display_name, roles, permissions: permissionsOf(roles) },
    office: { id: office.id, code: office.code, name: office.name, headOffice: office.headOffice },
    organisation: { name: org.name },
    currency: org.currency,
    businessDate: businessDate(db),
    training: org.training,
    idleLockMinutes: idleLockMinutes(db),
  };
}

/**
 * Checks a password for a user and keeps the failed-attempt count. Throws ACCOUNT_LOCKED while locked and
 * INVALID_CREDENTIALS on a wrong password (the same answer for an unknown username, after the same work).
 */
export function checkCredentials(db: Db, deps: ServiceDeps, user: UserAuthRow | undefined, password: string): void {
  const now = deps.clock.now();
  if (!user) {
    verifyPassword(password, DUMMY_HASH);
    throw new AppError('INVALID_CREDENTIALS', 'The username or password is not right');
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    throw new AppError('ACCOUNT_LOCKED', 'This account is locked after too many failed sign-ins', undefined, {
      lockedUntil: user.locked_until,
    });
  }
  if (!verifyPassword(password, user.password_hash) || user.active !== 1) throw recordFailedAttempt(db, now, user);
  sql(db, 'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(user.id);
}

/**
 * Counts a wrong password for a user and locks the account at the fifth; returns the error to answer
 * (INVALID_CREDENTIALS with the attempts left, or ACCOUNT_LOCKED).
 */
export function recordFailedAttempt(db: Db, now: Date, user: UserAuthRow): AppError {
  const failed = user.failed_attempts + 1;
  if (failed >= MAX_FAILED_SIGN_INS) {
    const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
    sql(db, 'UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?').run(until, user.id);
    return new AppError('ACCOUNT_LOCKED', 'This account is now locked after too many failed sign-ins', undefined, { lockedUntil: until });
  }
  sql(db, 'UPDATE users SET failed_attempts = ? WHERE id = ?').run(failed, user.id);
  return new AppError('INVALID_CREDENTIALS', 'The username or password is not right', undefined, { attemptsLeft: MAX_FAILED_SIGN_INS - failed });
}

export const USER_AUTH = 'SELECT id, username, password_hash, active, failed_attempts, locked_until FROM users';

export function registerSession(registry: Registry, deps: ServiceDeps): void {
  registry.register('session.login', (ctx, input) => {
    const user = sql<[string], UserAuthRow>(ctx.db, `${USER_AUTH} WHERE username = ?`).get(input.username);
    checkCredentials(ctx.db, deps, user, input.password);
    sql(ctx.db, 'UPDATE users SET last_login_at = ? WHERE id = ?').run(deps.clock.now().toISOString(), user!.id);
    deps.sessions.delete(ctx.session.token);
    const rec = deps.sessions.create(user!.id);
    ctx.session.set(rec.token);
    return sessionInfo(ctx.db, user!.id);
  });

  registry.register('session.unlock', (ctx, input) => {
    const rec = deps.sessions.find(ctx.session.token);
    if (!rec) throw new AppError('UNAUTHENTICATED', 'Please sign in');
    const user = sql<[number], UserAuthRow>(ctx.db, `${USER_AUTH} WHERE id = ?`).get(rec.userId);
    try {
      checkCredentials(ctx.db, deps, user, input.password);
    } catch (err) {
      if (err instanceof AppError && err.code === 'ACCOUNT_LOCKED') {
        deps.sessions.delete(rec.token);
        ctx.session.set(null);
      }
      throw err;
    }
    deps.sessions.unlock(rec);
    return sessionInfo(ctx.db, rec.userId);
  });

  registry.register('session.current', (ctx) => sessionInfo(ctx.db, ctx.actor!.userId));

  registry.register('session.lock', (ctx) => {
    const rec = deps.sessions.find(ctx.session.token);
    if (rec) deps.sessions.lock(rec);
    return { locked: true as const };
  });

  registry.register('session.logout', (ctx) => {
    deps.sessions.delete(ctx.session.token);
    ctx.session.set(null);
    return { signedOut: true as const };
  });
}
