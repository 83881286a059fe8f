import { describe, expect, it } from 'vitest';
import { operations } from '../../shared/contract';
import { ROLES, ROLE_PERMISSIONS, type PermissionCode } from '../../shared/permissions';
import { Caller, setUpBranch, snapshot } from '../support/core';

describe('permissions: each role against each operation', () => {
  it('denies exactly what a role does not grant, and writes nothing when it denies', async () => {
    const { core, admin } = await setUpBranch();
    const callers = new Map<string, Caller>();
    for (const role of ROLES) {
      const username = `user_${role.toLowerCase()}`;
      await admin.ok('users.create', { username, password: 'Str0ng-pass-2026', roles: [role], displayName: role });
      const c = new Caller(core);
      await c.ok('session.login', { username, password: 'Str0ng-pass-2026' });
      callers.set(role, c);
    }
    let checked = 0;
    for (const [name, def] of Object.entries(operations)) {
      if (def.access === 'PUBLIC' || def.access === 'AUTHENTICATED') continue;
      for (const role of ROLES) {
        const granted = ROLE_PERMISSIONS[role].includes(def.access as PermissionCode);
        const before = snapshot(core);
        const env = await callers.get(role)!.raw(name, { __probe: true });
        const code = env.ok ? 'OK' : env.error.code;
        if (granted) {
          expect(code, `${role} should reach ${name}`).not.toBe('PERMISSION_DENIED');
        } else {
          expect(code, `${role} must not reach ${name}`).toBe('PERMISSION_DENIED');
          expect(snapshot(core), `${role} on ${name} wrote something`).toBe(before);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('a teller cannot create users; a branch manager cannot either; an administrator can', async () => {
    const { core, admin } = await setUpBranch();
    await admin.ok('users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'Teller One' });
    const t = new Caller(core);
    await t.ok('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' });
    const before = snapshot(core);
    const e = await t.err('users.create', { username: 'x123', password: 'Str0ng-pass-2026', roles: ['ADMINISTRATOR'], displayName: 'X' });
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(snapshot(core)).toBe(before);
    expect((await t.ok('session.current', {})).user.permissions).not.toContain('users.manage');
  });

  it('a user with several roles gets the permissions of all of them', async () => {
    const { core, admin } = await setUpBranch();
    await admin.ok('users.create', { username: 'both', password: 'Str0ng-pass-2026', roles: ['TELLER', 'LOAN_OFFICER'], displayName: 'Both' });
    const c = new Caller(core);
    const info = await c.ok('session.login', { username: 'both', password: 'Str0ng-pass-2026' });
    expect(info.user.roles).toEqual(['LOAN_OFFICER', 'TELLER']);
    expect(info.user.permissions).toContain('clients.write');
    await c.ok('clients.create', { firstname: 'Amina', lastname: 'Odhiambo' });
  });

  it('a role change applies to a signed-in user at once', async () => {
    const { core, admin } = await setUpBranch();
    const { id } = await admin.ok('users.create', { username: 'lo1', password: 'Str0ng-pass-2026', roles: ['LOAN_OFFICER'], displayName: 'LO' });
    const c = new Caller(core);
    await c.ok('session.login', { username: 'lo1', password: 'Str0ng-pass-2026' });
    await c.ok('clients.create', { firstname: 'A', lastname: 'B' });
    await admin.ok('users.update', { id, roles: ['TELLER'] });
    expect((await c.err('clients.create', { firstname: 'C', lastname: 'D' })).code).toBe('PERMISSION_DENIED');
  });
});
