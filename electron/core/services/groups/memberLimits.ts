import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { getSetting, setSetting } from '../organisation';

/**
 * Fineract's global configurations `min-clients-in-group` and `max-clients-in-group` (F-init: both 5 and disabled):
 * here a number, or off when unset or 'off'. Checked together when a group is activated, the maximum alone when
 * members are added (Fineract's validateGroupRulesBeforeActivation / BeforeClientAssociation); active clients only.
 */
const MIN_KEY = 'min-clients-in-group';
const MAX_KEY = 'max-clients-in-group';

export interface GroupMemberLimits {
  minClientsInGroup: number | null;
  maxClientsInGroup: number | null;
}

function read(db: Db, key: string): number | null {
  const v = getSetting(db, key);
  return v === null || v === 'off' ? null : Number(v);
}

export function groupMemberLimits(db: Db): GroupMemberLimits {
  return { minClientsInGroup: read(db, MIN_KEY), maxClientsInGroup: read(db, MAX_KEY) };
}

/** settings.update's part: either limit, a number or null (off); the minimum may not pass the maximum. */
export function setGroupMemberLimits(ctx: HandlerContext, change: { minClientsInGroup?: number | null | undefined; maxClientsInGroup?: number | null | undefined }): void {
  const current = groupMemberLimits(ctx.db);
  const min = change.minClientsInGroup === undefined ? current.minClientsInGroup : change.minClientsInGroup;
  const max = change.maxClientsInGroup === undefined ? current.maxClientsInGroup : change.maxClientsInGroup;
  if (min !== null && max !== null && min > max) {
    const field = change.minClientsInGroup !== undefined ? 'minClientsInGroup' : 'maxClientsInGroup';
    throw new AppError('VALIDATION_FAILED', `The minimum members of a group (${min}) is above the maximum (${max})`, [
      { field, code: 'min_above_max', message: `minimum ${min} is above maximum ${max}` },
    ]);
  }
  for (const [key, value] of [[MIN_KEY, change.minClientsInGroup], [MAX_KEY, change.maxClientsInGroup]] as const) {
    if (value === undefined) continue;
    setSetting(ctx.db, key, value === null ? 'off' : String(value));
    ctx.touched('setting', key);
  }
}
