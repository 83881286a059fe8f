import { randomBytes } from 'node:crypto';
import type { Clock } from './context';

/**
 * Sessions live in memory: a restart signs everyone out, which is what a shared branch PC wants. A session
 * locks after `idleLockMinutes` without a call; a locked session answers SESSION_LOCKED until its user types
 * the password again (session.unlock) or signs in anew.
 */
export interface SessionRecord {
  token: string;
  userId: number;
  lastSeen: number;
  locked: boolean;
}

export class SessionStore {
  private readonly byToken = new Map<string, SessionRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly idleMinutes: () => number,
  ) {}

  create(userId: number): SessionRecord {
    const token = randomBytes(32).toString('base64url');
    const rec: SessionRecord = { token, userId, lastSeen: this.clock.now().getTime(), locked: false };
    this.byToken.set(token, rec);
    return rec;
  }

  /** Finds a session and applies the idle rule; does not extend it (see touch). */
  find(token: string | null | undefined): SessionRecord | null {
    if (!token) return null;
    const rec = this.byToken.get(token);
    if (!rec) return null;
    const idleMs = this.clock.now().getTime() - rec.lastSeen;
    if (!rec.locked && idleMs > this.idleMinutes() * 60_000) rec.locked = true;
    return rec;
  }

  touch(rec: SessionRecord): void {
    rec.lastSeen = this.clock.now().getTime();
  }

  lock(rec: SessionRecord): void {
    rec.locked = true;
  }

  unlock(rec: SessionRecord): void {
    rec.locked = false;
    this.touch(rec);
  }

  delete(token: string | null | undefined): void {
    if (token) this.byToken.delete(token);
  }

  /** Every open session, locked ones too (a restore is refused while someone else is signed in). */
  list(): SessionRecord[] {
    return [...this.byToken.values()];
  }

  /** Ends every session (a restore replaced the users and their passwords: everyone signs in again). */
  clear(): void {
    this.byToken.clear();
  }

  /** Ends every session of a user (deactivated, or password changed by an administrator). */
  deleteUser(userId: number, exceptToken?: string): void {
    for (const [token, rec] of this.byToken) {
      if (rec.userId === userId && token !== exceptToken) this.byToken.delete(token);
    }
  }
}
