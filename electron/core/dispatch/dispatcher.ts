import { operations, isOperationName, type Envelope, type OperationKind, type OperationName, type Warning } from '../../../shared/contract';
import { AppError, type ErrorBody } from '../../../shared/errors';
import { parseInput } from '../../../shared/contract/parse';
import { grants, permissionsOf, type RoleCode } from '../../../shared/permissions';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { captureFor } from '../db/capture';
import { diskFullError, isDiskFull } from '../db/dataFolder';
import { appendCommandLog, nextCommandSeq } from './commandLog';
import { findIdempotentResult, rememberIdempotentResult } from './idempotency';
import type { Actor, Clock, HandlerContext } from './context';
import type { Registry } from './registry';
import type { SessionRecord, SessionStore } from './sessions';

/** What a host knows about a call: the session token it holds for the caller (cookie, window). */
export interface CallerContext {
  sessionToken?: string | null;
}

export interface DispatchResult {
  envelope: Envelope<unknown>;
  /** Set when the call signed in (new token) or out (null); undefined when unchanged. */
  sessionToken?: string | null;
}

export interface DispatcherDeps {
  db: Db;
  registry: Registry;
  sessions: SessionStore;
  clock: Clock;
  businessDate: () => string;
  localOfficeCode: () => string;
  /** Why this installation does not do `name` (a head office does no branch work, a branch no head office's), or null. */
  refuse?: (name: OperationName) => AppError | null;
  log?: (message: string, err: unknown) => void;
}

/** What a context collects while a handler or a chunk runs. */
interface ContextState {
  entityIds: string[];
  warnings: Warning[];
  after: (() => void)[];
  failed: (() => void)[];
  checks: (() => void)[];
  /** the seq of the command_log row the command's transaction will write, once it has begun */
  seq?: number;
}

/** Session operations that work on a locked session (they are how one leaves the lock). */
const ALLOWED_WHEN_LOCKED = new Set<OperationName>(['session.unlock', 'session.logout', 'session.login', 'session.lock']);

/**
 * The one door for every call (ARCHITECTURE.md section 3): session -> permission -> zod parse -> handler ->
 * envelope. A command's handler and its command_log row commit in one transaction or not at all.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  async dispatch(name: string, rawInput: unknown, caller: CallerContext = {}): Promise<DispatchResult> {
    let newToken: string | null | undefined;
    try {
      const { data, warnings } = await this.run(name, rawInput, caller, (t) => {
        newToken = t;
      });
      const envelope: Envelope<unknown> = warnings.length > 0 ? { ok: true, data, warnings } : { ok: true, data };
      return newToken === undefined ? { envelope } : { envelope, sessionToken: newToken };
    } catch (err) {
      const result: DispatchResult = { envelope: { ok: false, error: this.toErrorBody(err) } };
      if (newToken !== undefined) result.sessionToken = newToken;
      return result;
    }
  }

  private async run(
    name: string,
    rawInput: unknown,
    caller: CallerContext,
    setToken: (t: string | null) => void,
  ): Promise<{ data: unknown; warnings: Warning[] }> {
    if (!isOperationName(name)) throw new AppError('NOT_FOUND', `There is no operation named ${name}`);
    const def = operations[name];
    const handler = this.deps.registry.get(name);
    if (!handler) throw new AppError('NOT_FOUND', `Operation ${name} is not available in this build`);

    // 1. session
    const session = this.deps.sessions.find(caller.sessionToken);
    let actor: Actor | null = null;
    if (def.access !== 'PUBLIC') {
      if (!session) throw new AppError('UNAUTHENTICATED', 'Please sign in');
      if (session.locked && !ALLOWED_WHEN_LOCKED.has(name)) {
        throw new AppError('SESSION_LOCKED', 'The session is locked: type your password to continue');
      }
      actor = this.loadActor(session);
      this.deps.sessions.touch(session);
      // 2. permission (deny by default)
      if (!grants(def.access, actor.permissions)) {
        throw new AppError('PERMISSION_DENIED', `Your role does not allow ${name}`, undefined, {
          permission: def.access,
        });
      }
    } else if (session && !session.locked) {
      actor = this.tryLoadActor(session);
    }

    // 3. input
    const input = parseInput(def.input, rawInput);
    const refused = this.deps.refuse?.(name);
    if (refused) throw refused;

    // 4. handler
    const warnings: Warning[] = [];
    const after: (() => void)[] = [];
    if (def.kind === 'command') {
      // the same idempotency key again answers what the first call answered, writing nothing
      const replay = findIdempotentResult(this.deps.db, actor?.userId ?? null, name, input);
      if (replay !== undefined) return { data: replay, warnings };
      const data = this.commit(
        name,
        input,
        actor,
        caller,
        setToken,
        warnings,
        after,
        (ctx) => {
          const out = handler(ctx, input as never);
          if (out instanceof Promise) throw new Error(`command ${name} returned a promise: commands must be synchronous`);
          return out;
        },
        (out) => rememberIdempotentResult(this.deps.db, actor?.userId ?? null, name, input, out),
      );
      for (const fn of after) fn();
      return { data, warnings };
    }
    const ctx = this.context(name, def.kind, actor, caller, setToken, { entityIds: [], warnings, after, failed: [], checks: [] });
    const data = await handler(ctx, input as never);
    for (const fn of after) fn();
    return { data, warnings };
  }

  /**
   * Runs `body` as one command: one transaction holding the change, its journal entries and its command_log row
   * (input `input`, the entities it touched), all or nothing. A job's chunks each run through here.
   */
  private commit<T>(
    name: OperationName,
    input: unknown,
    actor: Actor | null,
    caller: CallerContext,
    setToken: (t: string | null) => void,
    warnings: Warning[],
    after: (() => void)[],
    body: (ctx: HandlerContext) => T,
    logged?: (out: T) => void,
  ): T {
    const state: ContextState = { entityIds: [], warnings, after, failed: [], checks: [] };
    const ctx = this.context(name, 'command', actor, caller, setToken, state);
    const run = this.deps.db.transaction(() => {
      // the row images the body writes are this command's (db/capture.ts); the seq stays the command's until its
      // command_log row (commandSeq answers it without reading the log again for each journal entry)
      state.seq = nextCommandSeq(this.deps.db);
      captureFor(this.deps.db, state.seq);
      const out = body(ctx);
      for (const check of state.checks) check();
      appendCommandLog(this.deps.db, {
        officeCode: this.deps.localOfficeCode(),
        operation: name,
        userId: ctx.actor?.userId ?? null,
        username: ctx.actor?.username ?? null,
        businessDate: this.deps.businessDate(),
        recordedAt: this.deps.clock.now().toISOString(),
        input,
        entityIds: state.entityIds,
      });
      logged?.(out);
      return out;
    });
    try {
      // IMMEDIATE: the write lock first, waiting (busy_timeout) for a CLI command writing beside the host; a deferred
      // transaction that read first would fail at once with "database is locked" (issue 14 point 6)
      return run.immediate();
    } catch (err) {
      state.seq = undefined;
      if (state.failed.length > 0) this.deps.db.transaction(() => state.failed.forEach((fn) => fn())).immediate();
      throw err;
    } finally {
      state.seq = undefined;
    }
  }

  private context(
    name: OperationName,
    kind: OperationKind,
    actor: Actor | null,
    caller: CallerContext,
    setToken: (t: string | null) => void,
    state: ContextState,
  ): HandlerContext {
    return {
      db: this.deps.db,
      clock: this.deps.clock,
      actor,
      businessDate: this.deps.businessDate,
      touched: (entity, id) => state.entityIds.push(`${entity}:${id}`),
      warn: (w) => state.warnings.push(w),
      beforeCommit: (fn) => state.checks.push(fn),
      afterCommit: (fn) => state.after.push(fn),
      afterRollback: (fn) => state.failed.push(fn),
      commandSeq: () => {
        if (kind !== 'command') throw new Error(`${name} is not a command${kind === 'job' ? ' (a job writes in its chunks)' : ''}: it has no command_log row`);
        return state.seq ?? nextCommandSeq(this.deps.db);
      },
      chunk: async (record, body) => {
        if (kind !== 'job') throw new Error(`${name} is not a job: only a job runs chunks`);
        const out = this.commit(name, record, actor, caller, setToken, state.warnings, state.after, body);
        // the host answers other calls (and status queries) between chunks
        await new Promise<void>((resolve) => setImmediate(resolve));
        return out;
      },
      session: {
        token: caller.sessionToken ?? null,
        set: setToken,
      },
    };
  }

  private tryLoadActor(session: SessionRecord): Actor | null {
    try {
      return this.loadActor(session);
    } catch {
      return null;
    }
  }

  /** Reads the user and roles afresh on every call: a deactivated user or a changed role applies at once. */
  private loadActor(session: SessionRecord): Actor {
    const db = this.deps.db;
    const user = sql<[number], { id: number; username: string; display_name: string; office_id: number; active: number }>(
      db,
      'SELECT id, username, display_name, office_id, active FROM users WHERE id = ?',
    ).get(session.userId);
    if (!user || user.active !== 1) {
      this.deps.sessions.delete(session.token);
      throw new AppError('UNAUTHENTICATED', 'Please sign in');
    }
    const roles = (
      sql<[number], { role_code: string }>(db, 'SELECT role_code FROM user_roles WHERE user_id = ? ORDER BY role_code').all(
        user.id,
      )
    ).map((r) => r.role_code as RoleCode);
    return {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      officeId: user.office_id,
      roles,
      permissions: permissionsOf(roles),
    };
  }

  private toErrorBody(err: unknown): ErrorBody {
    if (err instanceof AppError) return err.toBody();
    if (isDiskFull(err)) {
      // the transaction was rolled back: what was saved before is whole (issue 14 point 8)
      (this.deps.log ?? defaultLog)('the disk is full', err);
      return diskFullError().toBody();
    }
    (this.deps.log ?? defaultLog)('unexpected error in the core', err);
    return { code: 'INTERNAL', message: 'Something went wrong inside Branchbox; nothing was saved. The details are in the log.' };
  }
}

function defaultLog(message: string, err: unknown): void {
  console.error(`[branchbox] ${message}:`, err);
}
