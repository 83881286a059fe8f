import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { DUMMY_HASH, verifyPassword } from './password';

/**
 * Who may sign in, and the lockout that stops guessing (ARCHITECTURE.md section 8): used by sign-in, unlock,
 * password change and the manager approval typed at a teller's prompt, so a guess counts the same everywhere.
 *
 * A name typed at sign-in tells nothing about whether it is a user's (issue 14 point 5): a wrong password and a
 * name that is nobody's get the same answer (code, message, attempts left), after the same work (one scrypt
 * verification, against a dummy hash for an unknown name, and one committed write of the failure), and an unknown
 * name locks after the same number of tries, for as long: its failures are counted in `sign_in_failures` as a
 * user's are in `users`. A disabled user's right password is a failure like any other.
 *
 * A lock by failed sign-ins stops new sign-ins (and the unlock of an idle-locked session, which then ends): it
 * does not end sessions already open, or anyone could sign a teller out in the middle of a payment by typing their
 * name five times. What ends open sessions at once is the administrator's own lock: disabling the user (or
 * changing their password), in services/users.ts, and the dispatcher refuses an inactive user's every call.
 */

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

/** The failed-attempt count and lock a typed name has: its user's, or, for a name that is nobody's, its own. */
interface Attempts {
  user: UserAuthRow | undefined;
  /** sign_in_failures' key when the name is nobody's */
  nameHash: string | null;
  failed: number;
  lockedUntil: string | null;
}

/** How the users table compares names (COLLATE NOCASE folds ASCII letters only), hashed: sign_in_failures' key. */
function nameHash(username: string): string {
  return createHash('sha256').update(username.replace(/[A-Z]/g, (c) => c.toLowerCase())).digest('hex');
}

const USER_COLUMNS = 'u.id, u.username, u.password_hash, u.active, u.failed_attempts, u.locked_until';

/** One statement for a known and an unknown name alike: the user's row, if any, and the name's own failures. */
function attemptsOfName(db: Db, username: string): Attempts {
  const hash = nameHash(username);
  const r = sql<[string, string], Partial<UserAuthRow> & { name_failed: number | null; name_locked_until: string | null }>(
    db,
    `SELECT ${USER_COLUMNS}, f.failed_attempts AS name_failed, f.locked_until AS name_locked_until
     FROM (SELECT ? AS name, ? AS hash) q
     LEFT JOIN users u ON u.username = q.name
     LEFT JOIN sign_in_failures f ON f.name_hash = q.hash`,
  ).get(username, hash)!;
  if (r.id === null || r.id === undefined) return { user: undefined, nameHash: hash, failed: r.name_failed ?? 0, lockedUntil: r.name_locked_until ?? null };
  const user: UserAuthRow = { id: r.id, username: r.username!, password_hash: r.password_hash!, active: r.active!, failed_attempts: r.failed_attempts!, locked_until: r.locked_until ?? null };
  return { user, nameHash: null, failed: user.failed_attempts, lockedUntil: user.locked_until };
}

function attemptsOfUser(user: UserAuthRow): Attempts {
  return { user, nameHash: null, failed: user.failed_attempts, lockedUntil: user.locked_until };
}

export interface CheckOptions {
  /**
   * Where the write of a failure goes: by default it is written at once (sign-in runs outside any transaction);
   * a command passes `ctx.afterRollback`, its own transaction being about to roll back.
   */
  deferWrite?: (write: () => void) => void;
}

/**
 * Checks the password typed with a name: returns the user when the name is an active user's, the password is
 * right and the account is not locked. Otherwise throws, the same for every name: ACCOUNT_LOCKED while the name is
 * locked (lockedUntil in the details), else INVALID_CREDENTIALS with the attempts left (or ACCOUNT_LOCKED at the
 * fifth), after counting the failure.
 */
export function checkSignIn(db: Db, now: Date, username: string, password: string, options: CheckOptions = {}): UserAuthRow {
  return check(db, now, attemptsOfName(db, username), password, options);
}

/**
 * The same check for a user already known (the signed-in user unlocking their session or changing their password):
 * throws ACCOUNT_LOCKED while locked and INVALID_CREDENTIALS on a wrong password, counting it.
 */
export function checkCredentials(db: Db, now: Date, user: UserAuthRow | undefined, password: string, options: CheckOptions = {}): void {
  if (!user) {
    verifyPassword(password, DUMMY_HASH);
    throw invalidCredentials(MAX_FAILED_SIGN_INS);
  }
  check(db, now, attemptsOfUser(user), password, options);
}

function check(db: Db, now: Date, a: Attempts, password: string, options: CheckOptions): UserAuthRow {
  // the same scrypt work for every name, before anything else is decided
  const right = verifyPassword(password, a.user?.password_hash ?? DUMMY_HASH);
  if (a.lockedUntil !== null && a.lockedUntil > now.toISOString()) {
    throw new AppError('ACCOUNT_LOCKED', 'This account is locked after too many failed sign-ins', undefined, { lockedUntil: a.lockedUntil });
  }
  if (a.user && right && a.user.active === 1) return a.user;
  const { error, write } = failure(db, now, a);
  if (options.deferWrite) options.deferWrite(write);
  else write();
  throw error;
}

function invalidCredentials(attemptsLeft: number): AppError {
  return new AppError('INVALID_CREDENTIALS', 'The username or password is not right', undefined, { attemptsLeft });
}

/**
 * One more failure for a name: the answer (INVALID_CREDENTIALS with the attempts left, or ACCOUNT_LOCKED at the
 * fifth) and its write, the same statements for a user and for a name that is nobody's, in one transaction (one
 * commit, the cost that told the two apart when only a user's failures were written).
 */
function failure(db: Db, now: Date, a: Attempts): { error: AppError; write: () => void } {
  const failed = a.failed + 1;
  const locks = failed >= MAX_FAILED_SIGN_INS;
  const until = locks ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
  const count = locks ? 0 : failed;
  const write = (): void =>
    db.transaction(() => {
      // names whose lock has passed hold nothing any more
      sql(db, 'DELETE FROM sign_in_failures WHERE locked_until <= ?').run(now.toISOString());
      if (a.user) sql(db, 'UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(count, until, a.user.id);
      else {
        sql(
          db,
          `INSERT INTO sign_in_failures (name_hash, failed_attempts, locked_until) VALUES (?, ?, ?)
           ON CONFLICT (name_hash) DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until`,
        ).run(a.nameHash!, count, until);
      }
    })();
  const error = locks
    ? new AppError('ACCOUNT_LOCKED', 'This account is now locked after too many failed sign-ins', undefined, { lockedUntil: until })
    : invalidCredentials(MAX_FAILED_SIGN_INS - failed);
  return { error, write };
}

export const USER_AUTH = 'SELECT id, username, password_hash, active, failed_attempts, locked_until FROM users';

export function userAuthById(db: Db, id: number): UserAuthRow | undefined {
  return sql<[number], UserAuthRow>(db, `${USER_AUTH} WHERE id = ?`).get(id);
}

/** A right password clears the count of failed attempts (and a lock that has passed). */
export function clearFailedAttempts(db: Db, userId: number): void {
  sql(db, 'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ? AND (failed_attempts <> 0 OR locked_until IS NOT NULL)').run(userId);
}
