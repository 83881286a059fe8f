import { basename } from 'node:path';
import type { AuditEntry, Settings } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { Registry } from '../dispatch/registry';
import type { ServiceDeps } from './deps';
import { encryptionStatus, turnOnEncryption } from './encryption';
import { idleLockMinutes, listOffices, setSetting } from './organisation';
import { overpaymentMarginPercent, setOverpaymentMarginPercent } from './loans/overpayment';
import { penaltyRules, setPenaltyRules } from './penalties/run';
import { changeSavingsPeriodSettings, savingsPeriodSettings } from './savings/periodSettings';
import { groupMemberLimits, setGroupMemberLimits } from './groups/memberLimits';
import { blindCloseOn, setBlindClose } from './tills/blind';

function settingsOf(db: Db): Settings {
  return { idleLockMinutes: idleLockMinutes(db), overpaymentMarginPercent: overpaymentMarginPercent(db), ...penaltyRules(db), ...savingsPeriodSettings(db), ...groupMemberLimits(db), blindClose: blindCloseOn(db) };
}

export function registerSettings(registry: Registry, deps: Pick<ServiceDeps, 'dataDir' | 'keyWrapper'>): void {
  registry.register('settings.get', (ctx) => settingsOf(ctx.db));

  registry.register('settings.update', (ctx, input) => {
    if (input.idleLockMinutes !== undefined) setSetting(ctx.db, 'idle_lock_minutes', String(input.idleLockMinutes));
    ctx.touched('setting', 'idle_lock_minutes');
    setPenaltyRules(ctx, input);
    changeSavingsPeriodSettings(ctx, input);
    setGroupMemberLimits(ctx, input);
    return settingsOf(ctx.db);
  });

  registry.register('settings.setOverpaymentMargin', (ctx, input) => {
    setOverpaymentMarginPercent(ctx.db, input.overpaymentMarginPercent);
    ctx.touched('setting', 'overpayment_margin_percent');
    return settingsOf(ctx.db);
  });

  registry.register('settings.setBlindClose', (ctx, input) => {
    setBlindClose(ctx.db, input.blindClose);
    ctx.touched('setting', 'blind_close');
    return settingsOf(ctx.db);
  });

  registry.register('settings.encryption', (ctx) => encryptionStatus(ctx.db, deps.dataDir));

  registry.register('settings.turnOnEncryption', async (ctx, input) => {
    const done = await turnOnEncryption(ctx.db, deps.dataDir, input.passphrase, {
      ...(deps.keyWrapper ? { wrapper: deps.keyWrapper } : {}),
      now: ctx.clock.now(),
      backupFirst: true,
    });
    // recorded once the file is encrypted (never the passphrase): who turned it on, when, from which backup
    await ctx.chunk({ encrypted: true, backup: done.backup ? basename(done.backup) : null, backupsEncrypted: done.backupsEncrypted, backupsLeftPlain: done.backupsLeftPlain }, (c) => {
      c.touched('setting', 'encryption');
    });
    if (done.backupsLeftPlain.length > 0) {
      ctx.warn({ code: 'BACKUPS_LEFT_PLAIN', message: `These backups could not be encrypted (damaged?): ${done.backupsLeftPlain.join(', ')}`, details: { files: done.backupsLeftPlain } });
    }
    return encryptionStatus(ctx.db, deps.dataDir);
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
