import { AppError } from '../../../shared/errors';
import type { Db } from '../db/connection';
import { actorOf } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import { backupFileOf, listBackups, restoreBooks, type LiveBooks } from '../restore';
import type { ServiceDeps } from './deps';

/**
 * `backups.list` and `backups.restore` (issue 14, "Restore"; electron/core/restore.ts does the work). What a host
 * gives the restore: its data folder, the live books it holds, and a way to keep other calls out while the books
 * are replaced.
 */
export interface RestoreHost {
  dataDir: string;
  liveFile: string;
  live: LiveBooks;
  /** the database key the live books are open with, when they are encrypted (backups keep the same) */
  key?: (db: Db) => Buffer | undefined;
  /**
   * Refuses new calls and waits for those under way (a day-end, an export) to end; resolves to the release.
   * Rejects when other work does not end in time.
   */
  hold(): Promise<() => void>;
}

function inMemory(): AppError {
  return new AppError('INVALID_STATE', 'This branch keeps its books in memory: there are no backups to restore', undefined, { reason: 'NO_DATA_FOLDER' });
}

/** "Peter Otieno (peter)" for each other user signed in. */
function signedInOthers(db: Db, deps: ServiceDeps, me: number): { username: string; displayName: string }[] {
  const ids = [...new Set(deps.sessions.list().map((s) => s.userId))].filter((id) => id !== me);
  const byId = db.prepare('SELECT username, display_name AS displayName FROM users WHERE id = ?');
  return ids.map((id) => (byId.get(id) as { username: string; displayName: string } | undefined) ?? { username: `#${id}`, displayName: `#${id}` });
}

export function registerBackups(registry: Registry, deps: ServiceDeps, host: RestoreHost | null): void {
  registry.register('backups.list', (ctx) => {
    if (!host) throw inMemory();
    return listBackups(ctx.db, host.dataDir, host.key?.(ctx.db));
  });

  registry.register('backups.restore', async (ctx, input) => {
    if (!host) throw inMemory();
    const actor = actorOf(ctx);
    const backupFile = backupFileOf(ctx.db, host.dataDir, input.file);
    const others = signedInOthers(ctx.db, deps, actor.userId);
    if (others.length > 0) {
      const names = others.map((u) => `${u.displayName} (${u.username})`).join(', ');
      throw new AppError('INVALID_STATE', `Other users are signed in: ${names}. They must sign out before the books are restored (a restore replaces the books they work on).`, undefined, { reason: 'USERS_SIGNED_IN', users: others });
    }
    const release = await host.hold();
    try {
      const out = await restoreBooks(
        {
          dataDir: host.dataDir,
          liveFile: host.liveFile,
          backupFile,
          backupName: input.file,
          by: { userId: actor.userId, username: actor.username, via: 'screen' },
          now: () => ctx.clock.now(),
          ...(host.key?.(ctx.db) ? { key: host.key(ctx.db)! } : {}),
        },
        host.live,
      );
      // the users and their passwords are now those of the backup: everyone signs in again
      deps.sessions.clear();
      ctx.session.set(null);
      return { ...out, signedOut: true as const };
    } finally {
      release();
    }
  });
}
