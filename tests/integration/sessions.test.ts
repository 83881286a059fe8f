import { describe, expect, it } from 'vitest';
import { Caller, setUpBranch, ADMIN } from '../support/core';

describe('sign-in, lockout, idle lock and sign-out', () => {
  it('signs in with the right password only, and the username is not case-sensitive', async () => {
    const { core } = await setUpBranch();
    const c = new Caller(core);
    expect((await c.err('session.login', { username: 'admin', password: 'wrong-password-1' })).code).toBe('INVALID_CREDENTIALS');
    expect((await c.err('session.login', { username: 'nobody', password: 'wrong-password-1' })).code).toBe('INVALID_CREDENTIALS');
    expect((await c.ok('session.login', { username: 'ADMIN', password: ADMIN.password })).user.username).toBe('admin');
  });

  it('stores passwords as salted scrypt hashes', async () => {
    const { core, admin } = await setUpBranch();
    await admin.ok('users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'T' });
    await admin.ok('users.create', { username: 'teller2', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'T' });
    const hashes = core.db.prepare("SELECT password_hash AS h FROM users WHERE username LIKE 'teller%'").all() as { h: string }[];
    for (const { h } of hashes) {
      expect(h).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
      expect(h).not.toContain('Tell3r');
    }
    expect(hashes[0]!.h).not.toBe(hashes[1]!.h); // per-user salt
  });

  it('locks an account after five failed sign-ins for 15 minutes, or until an administrator unlocks it', async () => {
    const { core, clock, admin } = await setUpBranch();
    await admin.ok('settings.update', { idleLockMinutes: 240 });
    await admin.ok('users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'T' });
    const t = new Caller(core);
    for (let i = 1; i <= 4; i++) {
      const e = await t.err('session.login', { username: 'teller1', password: 'bad-password-9' });
      expect(e.code).toBe('INVALID_CREDENTIALS');
      expect(e.details).toMatchObject({ attemptsLeft: 5 - i });
    }
    expect((await t.err('session.login', { username: 'teller1', password: 'bad-password-9' })).code).toBe('ACCOUNT_LOCKED');
    // even the right password is refused while locked
    expect((await t.err('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' })).code).toBe('ACCOUNT_LOCKED');
    expect((await admin.ok('users.list', {})).find((u) => u.username === 'teller1')!.locked).toBe(true);
    clock.advanceMinutes(14);
    expect((await t.err('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' })).code).toBe('ACCOUNT_LOCKED');
    clock.advanceMinutes(2);
    expect((await t.ok('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' })).user.username).toBe('teller1');

    // locked again, then unlocked by the administrator at once
    const t2 = new Caller(core);
    for (let i = 0; i < 5; i++) await t2.err('session.login', { username: 'teller1', password: 'bad-password-9' });
    expect((await t2.err('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' })).code).toBe('ACCOUNT_LOCKED');
    const id = (await admin.ok('users.list', {})).find((u) => u.username === 'teller1')!.id;
    await admin.ok('users.unlock', { id });
    expect((await t2.ok('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' })).user.username).toBe('teller1');
  });

  it('locks an idle session after the configured minutes: every call answers SESSION_LOCKED until the password is typed', async () => {
    const { core, clock, admin } = await setUpBranch();
    expect((await admin.ok('settings.get', {})).idleLockMinutes).toBe(5);
    clock.advanceMinutes(4);
    await admin.ok('clients.search', { query: '' }); // activity keeps it open
    clock.advanceMinutes(4);
    await admin.ok('clients.search', { query: '' });
    clock.advanceMinutes(6);
    expect((await admin.err('clients.search', { query: '' })).code).toBe('SESSION_LOCKED');
    expect((await admin.err('session.current', {})).code).toBe('SESSION_LOCKED');
    expect((await admin.err('clients.create', { firstname: 'A', lastname: 'B' })).code).toBe('SESSION_LOCKED');
    expect((await admin.err('session.unlock', { password: 'wrong-password-1' })).code).toBe('INVALID_CREDENTIALS');
    expect((await admin.err('clients.search', { query: '' })).code).toBe('SESSION_LOCKED');
    await admin.ok('session.unlock', { password: ADMIN.password });
    await admin.ok('clients.search', { query: '' });
    void core;
  });

  it('uses the idle minutes set by the administrator, and locks on demand', async () => {
    const { clock, admin } = await setUpBranch();
    await admin.ok('settings.update', { idleLockMinutes: 2 });
    clock.advanceMinutes(3);
    expect((await admin.err('clients.search', { query: '' })).code).toBe('SESSION_LOCKED');
    await admin.ok('session.unlock', { password: ADMIN.password });
    await admin.ok('session.lock', {});
    expect((await admin.err('clients.search', { query: '' })).code).toBe('SESSION_LOCKED');
  });

  it('signs out: the old session no longer works', async () => {
    const { core, admin } = await setUpBranch();
    const token = admin.token;
    await admin.ok('session.logout', {});
    expect(admin.token).toBeNull();
    const replay = new Caller(core);
    replay.token = token;
    expect((await replay.err('clients.search', { query: '' })).code).toBe('UNAUTHENTICATED');
  });

  it('ends the sessions of a deactivated user at once', async () => {
    const { core, admin } = await setUpBranch();
    const { id } = await admin.ok('users.create', { username: 'teller1', password: 'Tell3r-pass-2026', roles: ['TELLER'], displayName: 'T' });
    const t = new Caller(core);
    await t.ok('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' });
    await admin.ok('users.update', { id, active: false });
    expect((await t.err('clients.search', { query: '' })).code).toBe('UNAUTHENTICATED');
    expect((await t.err('session.login', { username: 'teller1', password: 'Tell3r-pass-2026' })).code).toBe('INVALID_CREDENTIALS');
  });

  it('lets a user change their own password', async () => {
    const { core, admin } = await setUpBranch();
    expect((await admin.err('users.changePassword', { currentPassword: 'nope-nope-1', newPassword: 'N3w-admin-pass' })).fields![0]!.field).toBe('currentPassword');
    await admin.ok('users.changePassword', { currentPassword: ADMIN.password, newPassword: 'N3w-admin-pass' });
    const c = new Caller(core);
    await c.ok('session.login', { username: 'admin', password: 'N3w-admin-pass' });
  });

  it('refuses weak passwords naming the field', async () => {
    const { admin } = await setUpBranch();
    const e = await admin.err('users.create', { username: 'teller1', password: 'short', roles: ['TELLER'], displayName: 'T' });
    expect(e.fields!.map((f) => f.field)).toEqual(['password']);
  });
});
