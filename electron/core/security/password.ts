import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are hashed with scrypt and a per-user random salt, stored in a self-describing format
 * `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later without breaking old hashes.
 */
const DEFAULT = { N: 16384, r: 8, p: 1, keyLength: 32 };

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFKC'), salt, DEFAULT.keyLength, {
    N: DEFAULT.N,
    r: DEFAULT.r,
    p: DEFAULT.p,
    maxmem: 64 * 1024 * 1024,
  });
  return ['scrypt', DEFAULT.N, DEFAULT.r, DEFAULT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Compares in constant time. A malformed stored value never matches. */
export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashText, 'base64url');
  const actual = scryptSync(password.normalize('NFKC'), Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password: used to spend the same time when the username does not exist. */
export const DUMMY_HASH = hashPassword(randomBytes(12).toString('hex'));
