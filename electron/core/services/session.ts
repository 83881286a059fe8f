import type { SessionInfo } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { permissionsOf, type RoleCode } from '../../../shared/permissions';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { Registry } from '../dispatch/registry';
import { checkCredentials, checkSignIn, userAuthById } from '../security/credentials';
import type { ServiceDeps } from './deps';
import { businessDate, getOffice, getOrganisation, idleLockMinutes, organisationCountry } from './organisation';

export function sessionInfo(db: Db, userId: number): SessionInfo {
  const u = sql<[number], { id: number; username: string; display_name: string; office_id: number; staff_id: number | null }>(
    db,
    'SELECT id, username, display_name, office_id, staff_id FROM users WHERE id = ?',
  ).get(userId);
  if (!u) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  const roles = sql<[number], { role_code: string }>(db, 'SELECT role_code FROM user_roles WHERE user_id = ? ORDER BY role_code')
    .all(userId)
    .map((r) => r.role_code as RoleCode);
  const org = getOrganisation(db);
  const office = getOffice(db, u.office_id);
  return {
    user: { id: u.id, username: u.username, displayName: u.display_name, roles, permissions: permissionsOf(roles), staffId: u.staff_id },
    office: { id: office.id, code: office.code, name: office.name, headOffice: office.headOffice },
    organisation: { name: org.name, country: organisationCountry(db) ?? undefined },
    currency: org.currency,
    businessDate: businessDate(db),
    training: org.training,
    idleLockMinutes: idleLockMinutes(db),
  };
}

export function registerSession(registry: Registry, deps: ServiceDeps): void {
  registry.register('session.login', (ctx, input) => {
    // the same answer, after the same work, whether or not the name is a user's (security/credentials.ts)
    const user = checkSignIn(ctx.db, deps.clock.now(), input.username, input.password);
    sql(ctx.db, 'UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(deps.clock.now().toISOString(), user.id);
    deps.sessions.delete(ctx.session.token);
    const rec = deps.sessions.create(user.id);
    ctx.session.set(rec.token);
    return sessionInfo(ctx.db, user.id);
  });

  registry.register('session.unlock', (ctx, input) => {
    const rec = deps.sessions.find(ctx.session.token);
    if (!rec) throw new AppError('UNAUTHENTICATED', 'Please sign in');
    const user = userAuthById(ctx.db, rec.userId);
    try {
      checkCredentials(ctx.db, deps.clock.now(), user, input.password);
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
