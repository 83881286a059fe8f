import type { StaffSummary, UserSummary } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { RoleCode } from '../../../shared/permissions';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { actorOf } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import { hashPassword } from '../security/password';
import type { ServiceDeps } from './deps';
import { checkCredentials, userAuthById } from '../security/credentials';
import { findLocalOffice, getOffice, newGlobalId } from './organisation';

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  roles: readonly RoleCode[];
  officeId: number;
  staffId?: number | null;
  createdAt: string;
}

/** Inserts a user with roles; refuses a username already taken (case-insensitive). */
export function insertUser(db: Db, u: NewUser): number {
  const taken = sql<[string], { id: number }>(db, 'SELECT id FROM users WHERE username = ?').get(u.username);
  if (taken) {
    throw new AppError('DUPLICATE', `The username ${u.username} is already taken`, [
      { field: 'username', code: 'duplicate', message: 'is already taken' },
    ]);
  }
  if (u.staffId != null) getStaffRow(db, u.staffId);
  const id = Number(
    sql(
      db,
      `INSERT INTO users (global_id, username, display_name, password_hash, office_id, staff_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(newGlobalId(db, 'user'), u.username, u.displayName, hashPassword(u.password), u.officeId, u.staffId ?? null, u.createdAt)
      .lastInsertRowid,
  );
  setRoles(db, id, u.roles);
  return id;
}

function setRoles(db: Db, userId: number, roles: readonly RoleCode[]): void {
  sql(db, 'DELETE FROM user_roles WHERE user_id = ?').run(userId);
  for (const role of new Set(roles)) sql(db, 'INSERT INTO user_roles (user_id, role_code) VALUES (?, ?)').run(userId, role);
}

function getStaffRow(db: Db, id: number): StaffRow {
  const s = sql<[number], StaffRow>(db, 'SELECT * FROM staff WHERE id = ?').get(id);
  if (!s) throw new AppError('NOT_FOUND', `There is no staff member ${id}`, [{ field: 'staffId', code: 'not_found', message: 'no such staff member' }]);
  return s;
}

interface StaffRow {
  id: number;
  office_id: number;
  firstname: string;
  lastname: string;
  is_loan_officer: number;
  active: number;
  mobile_no: string | null;
}

function toStaff(r: StaffRow): StaffSummary {
  return {
    id: r.id,
    officeId: r.office_id,
    firstname: r.firstname,
    lastname: r.lastname,
    displayName: `${r.firstname} ${r.lastname}`,
    isLoanOfficer: r.is_loan_officer === 1,
    active: r.active === 1,
    mobileNo: r.mobile_no,
  };
}

export function insertStaff(
  db: Db,
  s: { officeId: number; firstname: string; lastname: string; isLoanOfficer: boolean; mobileNo?: string | null },
): number {
  return Number(
    sql(
      db,
      'INSERT INTO staff (global_id, office_id, firstname, lastname, is_loan_officer, mobile_no) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(newGlobalId(db, 'staff'), s.officeId, s.firstname, s.lastname, s.isLoanOfficer ? 1 : 0, s.mobileNo ?? null)
      .lastInsertRowid,
  );
}

/** A loan officer must be an active staff member flagged as loan officer. */
export function requireLoanOfficer(db: Db, staffId: number, field = 'loanOfficerId'): StaffSummary {
  const s = sql<[number], StaffRow>(db, 'SELECT * FROM staff WHERE id = ?').get(staffId);
  if (!s || s.active !== 1 || s.is_loan_officer !== 1) {
    throw new AppError('VALIDATION_FAILED', `${field}: staff ${staffId} is not an active loan officer`, [
      { field, code: 'not_loan_officer', message: 'is not an active loan officer' },
    ]);
  }
  return toStaff(s);
}

export function registerUsers(registry: Registry, deps: ServiceDeps): void {
  registry.register('users.create', (ctx, input) => {
    const office = findLocalOffice(ctx.db)!;
    const id = insertUser(ctx.db, {
      username: input.username,
      password: input.password,
      displayName: input.displayName,
      roles: input.roles,
      officeId: office.id,
      staffId: input.staffId ?? null,
      createdAt: ctx.clock.now().toISOString(),
    });
    ctx.touched('user', id);
    return { id };
  });

  registry.register('users.update', (ctx, input) => {
    const user = sql<[number], { id: number }>(ctx.db, 'SELECT id FROM users WHERE id = ?').get(input.id);
    if (!user) throw new AppError('NOT_FOUND', `There is no user ${input.id}`, [{ field: 'id', code: 'not_found', message: 'no such user' }]);
    const me = actorOf(ctx);
    if (input.id === me.userId && (input.active === false || (input.roles && !input.roles.includes('ADMINISTRATOR')))) {
      throw new AppError('VALIDATION_FAILED', 'You cannot deactivate yourself or remove your own administrator role', [
        { field: input.active === false ? 'active' : 'roles', code: 'self_lockout', message: 'would lock you out' },
      ]);
    }
    if (input.displayName !== undefined) sql(ctx.db, 'UPDATE users SET display_name = ? WHERE id = ?').run(input.displayName, input.id);
    if (input.active !== undefined) sql(ctx.db, 'UPDATE users SET active = ? WHERE id = ?').run(input.active ? 1 : 0, input.id);
    if (input.password !== undefined) sql(ctx.db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(hashPassword(input.password), input.id);
    if (input.staffId !== undefined) {
      if (input.staffId !== null) getStaffRow(ctx.db, input.staffId);
      sql(ctx.db, 'UPDATE users SET staff_id = ? WHERE id = ?').run(input.staffId, input.id);
    }
    if (input.roles !== undefined) setRoles(ctx.db, input.id, input.roles);
    if (input.active === false || input.password !== undefined) {
      ctx.afterCommit(() => deps.sessions.deleteUser(input.id));
    }
    ctx.touched('user', input.id);
    return { id: input.id };
  });

  registry.register('users.unlock', (ctx, input) => {
    const r = sql(ctx.db, 'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(input.id);
    if (r.changes === 0) throw new AppError('NOT_FOUND', `There is no user ${input.id}`, [{ field: 'id', code: 'not_found', message: 'no such user' }]);
    ctx.touched('user', input.id);
    return { id: input.id };
  });

  registry.register('users.changePassword', (ctx, input) => {
    const me = actorOf(ctx);
    const row = userAuthById(ctx.db, me.userId);
    try {
      // a wrong current password counts towards the lockout: written after this command rolls back
      checkCredentials(ctx.db, deps.clock.now(), row, input.currentPassword, { deferWrite: (write) => ctx.afterRollback(write) });
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') {
        throw new AppError('VALIDATION_FAILED', 'The current password is not right', [
          { field: 'currentPassword', code: 'wrong_password', message: 'is not right' },
        ]);
      }
      throw err;
    }
    sql(ctx.db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(hashPassword(input.newPassword), me.userId);
    ctx.touched('user', me.userId);
    return { id: me.userId };
  });

  registry.register('users.list', (ctx) => {
    const now = ctx.clock.now().toISOString();
    const rows = sql<[], { id: number; username: string; display_name: string; active: number; locked_until: string | null; staff_id: number | null; last_login_at: string | null; roles: string | null }>(
      ctx.db,
      `SELECT u.id, u.username, u.display_name, u.active, u.locked_until, u.staff_id, u.last_login_at,
              (SELECT group_concat(role_code) FROM user_roles r WHERE r.user_id = u.id) AS roles
       FROM users u ORDER BY u.username`,
    ).all();
    return rows.map(
      (r): UserSummary => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        roles: (r.roles ? r.roles.split(',').sort() : []) as RoleCode[],
        active: r.active === 1,
        locked: r.locked_until !== null && r.locked_until > now,
        staffId: r.staff_id,
        lastLoginAt: r.last_login_at,
      }),
    );
  });

  registry.register('staff.create', (ctx, input) => {
    const officeId = input.officeId ?? findLocalOffice(ctx.db)!.id;
    getOffice(ctx.db, officeId);
    const id = insertStaff(ctx.db, { ...input, officeId });
    ctx.touched('staff', id);
    return { id };
  });

  registry.register('staff.list', (ctx, input) => {
    const rows = sql<[number], StaffRow>(
      ctx.db,
      'SELECT * FROM staff WHERE active = 1 AND (? = 0 OR is_loan_officer = 1) ORDER BY firstname, lastname',
    ).all(input.loanOfficersOnly ? 1 : 0);
    return rows.map(toStaff);
  });
}
