import type { AuditEntry } from '../../../shared/contract';
import { sql } from '../db/statements';
import type { Registry } from '../dispatch/registry';
import { idleLockMinutes, listOffices, setSetting } from './organisation';

export function registerSettings(registry: Registry): void {
  registry.register('settings.get', (ctx) => ({ idleLockMinutes: idleLockMinutes(ctx.db) }));

  registry.register('settings.update', (ctx, input) => {
    if (input.idleLockMinutes !== undefined) setSetting(ctx.db, 'idle_lock_minutes', String(input.idleLockMinutes));
    ctx.touched('setting', 'idle_lock_minutes');
    return { idleLockMinutes: idleLockMinutes(ctx.db) };
  });

  registry.register('offices.list', (ctx) => listOffices(ctx.db));

  registry.register('audit.list', (ctx, input) => {
    const rows = sql<[number, number], { seq: number; operation: string; username: string | null; business_date: string; recorded_at: string; entity_ids_json: string }>(
      ctx.db,
      `SELECT seq, operation, username, business_date, recorded_at, entity_ids_json FROM command_log
       WHERE seq < ? ORDER BY seq DESC LIMIT ?`,
    ).all(input.beforeSeq ?? Number.MAX_SAFE_INTEGER, input.limit);
    return rows.map(
      (r): AuditEntry => ({
        seq: r.seq,
        operation: r.operation,
        username: r.username,
        businessDate: r.business_date,
        recordedAt: r.recorded_at,
        entityIds: JSON.parse(r.entity_ids_json) as string[],
      }),
    );
  });
}
