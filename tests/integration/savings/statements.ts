import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Core } from '../../../electron/core';

/** One execution of a prepared statement: its SQL text and the parameters it was bound to. */
export interface Executed {
  text: string;
  args: unknown[];
}

/**
 * The SQL statements a call executes, in order, with their parameters. Counted by wrapping the execution methods of
 * better-sqlite3's Statement (run, get, all, iterate) while the call runs: `sql()` caches prepared statements, so
 * counting db.prepare would miss re-runs.
 */
export async function statementsOf<T>(core: Core, call: () => Promise<T>): Promise<{ result: T; statements: Executed[] }> {
  const proto = Object.getPrototypeOf(core.db.prepare('SELECT 1')) as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown>;
  const originals = { run: proto.run, get: proto.get, all: proto.all, iterate: proto.iterate };
  const statements: Executed[] = [];
  for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
    const original = originals[name];
    proto[name] = function (this: Statement, ...args: unknown[]) {
      statements.push({ text: this.source, args });
      return original.apply(this, args);
    };
  }
  try {
    return { result: await call(), statements };
  } finally {
    Object.assign(proto, originals);
  }
}

/** SQLite's plan of an executed statement (EXPLAIN QUERY PLAN with the same parameters), one line per step. */
export function planOf(core: Core, s: Executed): string[] {
  const rows = core.db.prepare(`EXPLAIN QUERY PLAN ${s.text}`).all(...s.args) as { detail: string }[];
  return rows.map((r) => r.detail);
}
