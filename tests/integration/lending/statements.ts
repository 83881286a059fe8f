import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Core } from '../../../electron/core';

/**
 * The SQL statements a call runs, in order. Every statement runs through a better-sqlite3 Statement's run, get,
 * all or iterate (the `sql` helper of db/statements.ts caches the prepared statements, so counting `prepare` would
 * miss all but the first call): the wrapper replaces those four methods of the Statement prototype while the call
 * runs and records each execution's SQL text. `exec` of the connection is counted too.
 */
export async function statementsOf(core: Core, call: () => Promise<unknown>): Promise<string[]> {
  const proto = Object.getPrototypeOf(core.db.prepare('SELECT 1')) as Record<string, unknown>;
  const methods = ['run', 'get', 'all', 'iterate'] as const;
  const originals = methods.map((m) => proto[m] as (...args: unknown[]) => unknown);
  const executed: string[] = [];
  methods.forEach((m, k) => {
    proto[m] = function (this: Statement, ...args: unknown[]) {
      executed.push(this.source.replace(/\s+/g, ' ').trim());
      return originals[k]!.apply(this, args);
    };
  });
  const exec = core.db.exec;
  core.db.exec = function (this: Core['db'], text: string) {
    executed.push(text.replace(/\s+/g, ' ').trim());
    return exec.call(this, text);
  };
  try {
    await call();
  } finally {
    methods.forEach((m, k) => (proto[m] = originals[k]));
    core.db.exec = exec;
  }
  return executed;
}

/** The tables whose size grows with the branch: a hot statement reads them only through an index. */
export const BIG_TABLES = ['loans', 'loan_installments', 'loan_transactions', 'receipts', 'journal_entries', 'journal_lines'] as const;

/**
 * SQLite's plan of a statement (EXPLAIN QUERY PLAN), one line per step, each table named by itself rather than its
 * alias ("SEARCH loans AS l USING INDEX ..."): the parameters are bound to NULL, which the plan does not depend on.
 */
export function planOf(core: Core, text: string): string[] {
  const named = [...new Set([...text.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
  const positional = (text.replace(/'[^']*'/g, '').match(/\?/g) ?? []).length;
  const stmt = core.db.prepare(`EXPLAIN QUERY PLAN ${text}`);
  const rows = (named.length > 0 ? stmt.all(Object.fromEntries(named.map((n) => [n, null]))) : stmt.all(...Array<null>(positional).fill(null))) as { detail: string }[];
  const aliases = aliasesOf(text);
  return rows.map((r) => r.detail.replace(/^(SCAN|SEARCH) (\w+)/, (all, how: string, name: string) => (aliases.has(name) ? `${how} ${aliases.get(name)!} AS ${name}` : all)));
}

/** Table aliases of a statement ("FROM loans l", "JOIN receipts r ON", "journal_entries AS e"), alias -> table. */
function aliasesOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const keywords = new Set(['WHERE', 'JOIN', 'ON', 'LEFT', 'INNER', 'CROSS', 'ORDER', 'GROUP', 'LIMIT', 'SET', 'VALUES', 'USING', 'AND', 'OR', 'WITH']);
  for (const m of text.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+AS)?\s+(\w+)/gi)) {
    if (!keywords.has(m[2]!.toUpperCase())) out.set(m[2]!, m[1]!);
  }
  return out;
}

/**
 * The steps of a plan that read a whole big table, as "statement: step": a SCAN (covering index or not), or a SEARCH
 * on a source's type alone (`receipts_source (source_type=?)`: every loan receipt of the branch, the read issue 11
 * measured on loans.get).
 */
export function bigTableReads(core: Core, statements: readonly string[]): string[] {
  const big = new Set<string>(BIG_TABLES);
  return [...new Set(statements)].flatMap((s) =>
    /^(SELECT|UPDATE|DELETE|INSERT|WITH)\b/i.test(s)
      ? planOf(core, s)
          .filter((step) => {
            const m = /^(SCAN|SEARCH) (\w+)/.exec(step);
            return m !== null && big.has(m[2]!) && (m[1] === 'SCAN' || /\(source_type=\?\)/.test(step));
          })
          .map((step) => `${s}: ${step}`)
      : [],
  );
}
