import { captureFor } from '../../electron/core/db/capture';
import { appendCommandLog, nextCommandSeq } from '../../electron/core/dispatch/commandLog';
import type { HandlerContext } from '../../electron/core/dispatch/context';
import type { Core } from '../../electron/core';
import type { TestClock } from './core';

/**
 * Runs `body` as `username` inside a transaction shaped like a command's, as the dispatcher runs one: what it
 * writes is captured as the command's (db/capture.ts), the checks it leaves for the commit run, and a command_log
 * row named `operation` closes it. For driving a service function directly (one a test cannot reach by a call).
 */
export function asCommand<T>(b: { core: Core; clock: TestClock }, username: string, body: (ctx: HandlerContext) => T, operation = 'test.command'): T {
  const db = b.core.db;
  const user = db.prepare('SELECT id, username, display_name FROM users WHERE username = ?').get(username) as { id: number; username: string; display_name: string };
  const checks: (() => void)[] = [];
  const ctx: HandlerContext = {
    db,
    clock: b.clock,
    actor: { userId: user.id, username: user.username, displayName: user.display_name, officeId: 1, roles: ['TELLER'], permissions: [] },
    businessDate: () => (db.prepare("SELECT value FROM settings WHERE key = 'business_date'").get() as { value: string }).value,
    touched: () => undefined,
    warn: () => undefined,
    commandSeq: () => nextCommandSeq(db),
    beforeCommit: (fn) => checks.push(fn),
    afterCommit: () => undefined,
    afterRollback: () => undefined,
    chunk: () => Promise.reject(new Error('not a job')),
    session: { token: null, set: () => undefined },
  };
  return db.transaction(() => {
    captureFor(db, nextCommandSeq(db));
    const out = body(ctx);
    for (const c of checks) c();
    const officeCode = (db.prepare('SELECT code FROM offices ORDER BY id LIMIT 1').get() as { code: string }).code;
    appendCommandLog(db, { officeCode, operation, userId: user.id, username: user.username, businessDate: ctx.businessDate(), recordedAt: b.clock.now().toISOString(), input: {}, entityIds: [] });
    return out;
  })();
}
