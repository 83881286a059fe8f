import { AppError } from '../../../shared/errors';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { DUMMY_HASH, verifyPassword } from './password';

/**
 * Who may sign in, and the lockout that stops guessing (ARCHITECTURE.md section 8): used by sign-in, unlock,
 * password change and the manager approval typed at a teller's prompt, so a guess counts the same everywhere.
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

/**
 * Checks a password for a user and keeps the failed-attempt count. Throws ACCOUNT_LOCKED while locked and
 * INVALID_CREDENTIALS on a wrong password (the same answer for an unknown username, after the same work).
 */
export function checkCredentials(db: Db, now: Date, user: UserAuthRow | undefined, password: string): void {
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

/** The sign-in facts of a user by username (case as typed at sign-in) or id. */
export function userAuthByName(db: Db, username: string, caseless = false): UserAuthRow | undefined {
  return sql<[string], UserAuthRow>(db, `${USER_AUTH} WHERE username = ?${caseless ? ' COLLATE NOCASE' : ''}`).get(username);
}

export function userAuthById(db: Db, id: number): UserAuthRow | undefined {
  return sql<[number], UserAuthRow>(db, `${USER_AUTH} WHERE id = ?`).get(id);
}

/** A right password clears the count of failed attempts. */
export function clearFailedAttempts(db: Db, userId: number): void {
  sql(db, 'UPDATE users SET failed_attempts = 0 WHERE id = ? AND failed_attempts <> 0').run(userId);
}
