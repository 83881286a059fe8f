import { AppError } from '../../../../shared/errors';
import { sql } from '../../db/statements';
import type { Db } from '../../db/connection';
import type { HandlerContext } from '../../dispatch/context';
import { clearAccountCache } from '../ledger';

/**
 * The template accounts accrual accounting adds to the chart of migration 0002: penalties receivable (beside 1210
 * interest and 1220 fees receivable) and interest payable on savings. Their global ids are the same at every branch
 * ("GL-1240", "GL-2400"), as the template's are, so head office consolidates one chart.
 *
 * Why not a migration: gl_accounts is a captured table (db/capture.ts). On a branch made before them, capture has
 * already recorded where it began for gl_accounts, so a row a migration inserted would be a row with no image,
 * written outside any command, and `branchbox verify` would fail. So they are inserted by commands, which capture
 * them like any other change and export them to head office: the set-up command makes them with a new branch
 * (services/setup.ts), and on an older branch the first loan or savings product command adds them (they are the
 * defaults of a product's accrual mapping). One idempotent function does both: a branch that has them is untouched.
 * A code an accountant already took for another account is left alone; the product then names the account itself.
 */
const ACCRUAL_TEMPLATE = [
  { globalId: 'GL-1240', code: '1240', name: 'Penalties receivable', type: 'ASSET', parentGlobalId: 'GL-1000', tag: 'PENALTIES_RECEIVABLE' },
  { globalId: 'GL-2400', code: '2400', name: 'Interest payable on savings', type: 'LIABILITY', parentGlobalId: 'GL-2000', tag: 'SAVINGS_INTEREST_PAYABLE' },
] as const;

/** Adds the accrual template accounts a branch lacks; `ctx` names them in the command's log row when a command adds them. */
export function ensureAccrualAccounts(db: Db, ctx?: Pick<HandlerContext, 'touched'>): void {
  for (const a of ACCRUAL_TEMPLATE) {
    if (sql<[string], { id: number }>(db, 'SELECT id FROM gl_accounts WHERE tag = ?').get(a.tag)) continue;
    const taken = sql<[string, string], { id: number }>(db, 'SELECT id FROM gl_accounts WHERE code = ? OR global_id = ?').get(a.code, a.globalId);
    const parent = sql<[string], { id: number }>(db, 'SELECT id FROM gl_accounts WHERE global_id = ?').get(a.parentGlobalId);
    if (taken || !parent) continue;
    const id = Number(
      sql(
        db,
        `INSERT INTO gl_accounts (global_id, code, name, type, usage, parent_id, tag, manual_entries_allowed, active)
         VALUES (?, ?, ?, ?, 'DETAIL', ?, ?, 0, 1)`,
      ).run(a.globalId, a.code, a.name, a.type, parent.id, a.tag).lastInsertRowid,
    );
    ctx?.touched('gl_account', id);
    clearAccountCache(db);
  }
}

/** An account a product's accountingMapping names: an active detail GL account, else VALIDATION_FAILED naming the field. */
export function mappedAccount(db: Db, key: string, given: number): number {
  const a = sql<[number], { usage: string; active: number }>(db, 'SELECT usage, active FROM gl_accounts WHERE id = ?').get(given);
  if (!a || a.usage !== 'DETAIL' || a.active !== 1) {
    throw new AppError('VALIDATION_FAILED', `accountingMapping.${key}: not an active detail GL account`, [
      { field: `accountingMapping.${key}`, code: 'invalid_account', message: 'must be an active detail GL account' },
    ]);
  }
  return given;
}

/** The chart's account of a role a product leaves out of its mapping; a chart without it asks the product to name one. */
export function taggedAccount(db: Db, tag: string, key: string): number {
  const r = sql<[string], { id: number }>(db, 'SELECT id FROM gl_accounts WHERE tag = ?').get(tag);
  if (!r) {
    throw new AppError('VALIDATION_FAILED', `accountingMapping.${key}: the chart has no account tagged ${tag}`, [
      { field: `accountingMapping.${key}`, code: 'required', message: 'is required: the chart of accounts has no default for it' },
    ]);
  }
  return r.id;
}
