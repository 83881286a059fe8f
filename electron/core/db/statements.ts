import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from './connection';

/**
 * Prepared statements cached per connection: each SQL text is compiled once. Every statement binds its
 * parameters; SQL is never built from user input.
 */
const cache = new WeakMap<Db, Map<string, Statement>>();

export function sql<P extends unknown[] | object = unknown[], R = unknown>(db: Db, text: string): Statement<P, R> {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let s = byText.get(text);
  if (!s) {
    s = db.prepare(text);
    byText.set(text, s);
  }
  return s as unknown as Statement<P, R>;
}
