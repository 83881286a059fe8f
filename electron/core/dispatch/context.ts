import type { Db } from '../db/connection';
import type { Warning } from '../../../shared/contract';
import type { PermissionCode, RoleCode } from '../../../shared/permissions';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Who is calling, as loaded for this call from the database (roles changed by an admin apply at once). */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  officeId: number;
  roles: RoleCode[];
  permissions: PermissionCode[];
}

/** What a handler may use. Repositories take `db`; nothing here reaches a host. */
export interface HandlerContext {
  readonly db: Db;
  readonly clock: Clock;
  /** null only for PUBLIC operations called without a session. */
  readonly actor: Actor | null;
  /** The branch's business date (moved by day-end, not by the wall clock). */
  businessDate(): string;
  /** Names what a command created or changed, for its command_log row ("client:12"). */
  touched(entity: string, id: number | string): void;
  /** A warning returned beside the result (the command still succeeds). */
  warn(warning: Warning): void;
  /** The command_log sequence number this command's row will take (commands only; journal entries point at it). */
  commandSeq(): number;
  /**
   * Runs inside the command's transaction after its handler, before its command_log row: a check of the command as
   * a whole (a throw rolls everything back).
   */
  beforeCommit(fn: () => void): void;
  /** Runs after the command's transaction committed (e.g. creating a session); never for a rolled-back one. */
  afterCommit(fn: () => void): void;
  /**
   * Runs, in a transaction of its own, after the command failed and rolled back: only for what must outlive a
   * refusal (a wrong password typed at an approval prompt counts towards the lockout).
   */
  afterRollback(fn: () => void): void;
  /**
   * Jobs only (long work: interest runs, day-end): runs `body` as one command of its own (one transaction, its own
   * command_log row recording `record`), then lets the host answer other calls before the next chunk. A crash
   * loses only the chunk under way; the job records its progress so that a rerun continues.
   */
  chunk<T>(record: unknown, body: (ctx: HandlerContext) => T): Promise<T>;
  /** Session operations only: the caller's session token, and a way to replace it (login) or drop it. */
  readonly session: SessionHandle;
}

export interface SessionHandle {
  readonly token: string | null;
  set(token: string | null): void;
}

/** The actor of an operation that requires a session (access is not PUBLIC). */
export function actorOf(ctx: HandlerContext): Actor {
  if (!ctx.actor) throw new Error('operation needs a signed-in user but ran without one');
  return ctx.actor;
}
