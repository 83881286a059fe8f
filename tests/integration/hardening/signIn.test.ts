import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Caller, setUpBranch, snapshot } from '../../support/core';
import { savingsBranch } from '../../support/savings';

/**
 * Issue 14 point 5: a name typed at sign-in tells nothing about whether it is a user's, by the answer, by the lockout
 * or by the work done (no timed test: the hashing and the writes are counted instead; `npm run bench` measures).
 */
const verified = vi.hoisted(() => ({ hashes: [] as string[] }));
vi.mock('../../../electron/core/security/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../electron/core/security/password')>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      verified.hashes.push(stored);
      return real.verifyPassword(password, stored);
    },
  };
});

const TELLER = { username: 'teller1', password: 'Tell3r-pass-2026' };

async function branchWithTeller() {
  const b = await setUpBranch();
  await b.admin.ok('settings.update', { idleLockMinutes: 240 });
  const { id } = await b.admin.ok('users.create', { ...TELLER, roles: ['TELLER'], displayName: 'Teller One' });
  return { ...b, tellerId: id };
}

const changes = (b: { core: { db: { prepare(sql: string): { get(): unknown } } } }) => (b.core.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

beforeEach(() => {
  verified.hashes.length = 0;
});

describe('sign-in answers a user and a name that is nobody the same way', () => {
  it('gives the same body for a wrong password and an unknown name, try after try, up to and past the lockout', async () => {
    const b = await branchWithTeller();
    const c = new Caller(b.core);
    const bodies: unknown[] = [];
    for (let i = 1; i <= 8; i++) {
      const known = await c.err('session.login', { username: TELLER.username, password: `wrong-pass-${i}` });
      const unknown = await c.err('session.login', { username: 'teller9', password: `wrong-pass-${i}` });
      expect(unknown, `try ${i}`).toStrictEqual(known);
      bodies.push(known);
    }
    // four warnings, the lock at the fifth, then locked: the same story for both
    expect(bodies.slice(0, 4)).toStrictEqual([4, 3, 2, 1].map((attemptsLeft) => ({ code: 'INVALID_CREDENTIALS', message: 'The username or password is not right', details: { attemptsLeft } })));
    expect(bodies[4]).toMatchObject({ code: 'ACCOUNT_LOCKED', message: 'This account is now locked after too many failed sign-ins', details: { lockedUntil: '2026-03-02T08:15:00.000Z' } });
    expect(bodies[5]).toStrictEqual({ code: 'ACCOUNT_LOCKED', message: 'This account is locked after too many failed sign-ins', details: { lockedUntil: '2026-03-02T08:15:00.000Z' } });

    // the right password of the locked user is answered as any password for the locked unknown name
    const right = await c.err('session.login', TELLER);
    expect(await c.err('session.login', { username: 'teller9', password: TELLER.password })).toStrictEqual(right);
    expect(right.code).toBe('ACCOUNT_LOCKED');

    // the lock passes for both at the same time, and both start counting again
    b.clock.advanceMinutes(16);
    const again = await c.err('session.login', { username: TELLER.username, password: 'wrong-pass-9' });
    expect(await c.err('session.login', { username: 'teller9', password: 'wrong-pass-9' })).toStrictEqual(again);
    expect(again.details).toStrictEqual({ attemptsLeft: 4 });
    expect((await c.ok('session.login', TELLER)).user.username).toBe('teller1');
  });

  it('answers a disabled user with the right password as it answers a name that is nobody', async () => {
    const b = await branchWithTeller();
    await b.admin.ok('users.update', { id: b.tellerId, active: false });
    const c = new Caller(b.core);
    for (let i = 0; i < 6; i++) {
      expect(await c.err('session.login', { username: 'teller9', password: TELLER.password })).toStrictEqual(await c.err('session.login', TELLER));
    }
  });

  it('the names differ only in case as the users table compares them: ADMIN is admin, and TELLER9 is teller9', async () => {
    const b = await branchWithTeller();
    const c = new Caller(b.core);
    for (let i = 0; i < 3; i++) {
      const known = await c.err('session.login', { username: i % 2 ? 'TELLER1' : 'teller1', password: 'wrong-pass-1' });
      const unknown = await c.err('session.login', { username: i % 2 ? 'TELLER9' : 'teller9', password: 'wrong-pass-1' });
      expect(unknown).toStrictEqual(known);
    }
  });

  it('does the same work for both: one scrypt check with the same cost, and one committed write of the failure', async () => {
    const b = await branchWithTeller();
    const c = new Caller(b.core);
    const userHash = (b.core.db.prepare('SELECT password_hash AS h FROM users WHERE id = ?').get(b.tellerId) as { h: string }).h;
    const cost = (h: string) => h.split('$').slice(0, 4).join('$') + `$${Buffer.from(h.split('$')[5]!, 'base64url').length}`;
    for (let i = 1; i <= 6; i++) {
      for (const username of [TELLER.username, 'teller9']) {
        verified.hashes.length = 0;
        const before = changes(b);
        await c.err('session.login', { username, password: `wrong-pass-${i}` });
        expect(verified.hashes, `${username} try ${i}`).toHaveLength(1);
        expect(cost(verified.hashes[0]!)).toBe(cost(userHash));
        // a failure writes one row (the user's count, or the name's); while locked, nothing
        expect(changes(b) - before, `${username} try ${i}`).toBe(i <= 5 ? 1 : 0);
      }
    }
  });

  it('keeps no name in clear, and forgets a name once its lock has passed', async () => {
    const b = await branchWithTeller();
    const c = new Caller(b.core);
    for (let i = 0; i < 5; i++) await c.err('session.login', { username: 'Tell3r-pass-2026', password: 'wrong-pass-1' });
    const rows = b.core.db.prepare('SELECT * FROM sign_in_failures').all() as { name_hash: string }[];
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('Tell3r');
    b.clock.advanceMinutes(16);
    await c.err('session.login', { username: 'someone-else', password: 'wrong-pass-1' });
    expect((b.core.db.prepare('SELECT count(*) AS n FROM sign_in_failures').get() as { n: number }).n).toBe(1);
  });

  it('answers an approval typed at a teller prompt the same way for a manager and a name that is nobody', async () => {
    const b = await savingsBranch();
    await b.manager.ok('tills.setLimit', { username: 'teller', cashLimit: '10000000' });
    for (let i = 0; i < 6; i++) {
      const known = await b.teller.err('savings.deposit', { savingsId: b.savingsId, transactionAmount: '10', approval: { username: 'manager', password: `guess-${i}-2026` } });
      const unknown = await b.teller.err('savings.deposit', { savingsId: b.savingsId, transactionAmount: '10', approval: { username: 'manag3r', password: `guess-${i}-2026` } });
      // the message names the typed name; all else is the same
      expect({ ...unknown, message: '' }).toStrictEqual({ ...known, message: '' });
      expect(known.code).toBe(i < 4 ? 'INVALID_CREDENTIALS' : 'ACCOUNT_LOCKED');
    }
  });
});

describe('open sessions and the two kinds of lock', () => {
  it('a lock by failed sign-ins stops new sign-ins only: the session already open goes on', async () => {
    const b = await branchWithTeller();
    const teller = new Caller(b.core);
    await teller.ok('session.login', TELLER);
    const guesser = new Caller(b.core);
    for (let i = 0; i < 5; i++) await guesser.err('session.login', { username: TELLER.username, password: `wrong-pass-${i}` });
    expect((await guesser.err('session.login', TELLER)).code).toBe('ACCOUNT_LOCKED');
    expect((await teller.ok('session.current', {})).user.username).toBe('teller1');
  });

  it('an idle-locked session whose unlock is guessed five times ends; an administrator disabling the user ends it at once', async () => {
    const b = await branchWithTeller();
    await b.admin.ok('settings.update', { idleLockMinutes: 5 });
    const teller = new Caller(b.core);
    await teller.ok('session.login', TELLER);
    b.clock.advanceMinutes(6);
    for (let i = 0; i < 4; i++) expect((await teller.err('session.unlock', { password: `wrong-pass-${i}` })).code).toBe('INVALID_CREDENTIALS');
    expect((await teller.err('session.unlock', { password: 'wrong-pass-5' })).code).toBe('ACCOUNT_LOCKED');
    expect(teller.token).toBeNull();

    const other = new Caller(b.core);
    b.clock.advanceMinutes(16);
    await other.ok('session.login', TELLER);
    await b.admin.ok('session.unlock', { password: 'Adm1n-pass-2026' });
    await b.admin.ok('users.update', { id: b.tellerId, active: false });
    expect((await other.err('session.current', {})).code).toBe('UNAUTHENTICATED');
  });

  it('a wrong current password when changing it counts towards the lockout, and writes nothing else', async () => {
    const b = await branchWithTeller();
    const teller = new Caller(b.core);
    await teller.ok('session.login', TELLER);
    const before = snapshot(b.core);
    expect((await teller.err('users.changePassword', { currentPassword: 'wrong-pass-1', newPassword: 'N3w-teller-pass' })).fields![0]!.field).toBe('currentPassword');
    expect((b.core.db.prepare('SELECT failed_attempts AS n FROM users WHERE id = ?').get(b.tellerId) as { n: number }).n).toBe(1);
    b.core.db.prepare('UPDATE users SET failed_attempts = 0 WHERE id = ?').run(b.tellerId);
    expect(snapshot(b.core)).toBe(before);
  });
});
