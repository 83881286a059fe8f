import { AppError } from '../../../../shared/errors';
import { parseMoneyField } from '../../../../shared/money';
import type { Registry } from '../../dispatch/registry';
import { amountText, getOrganisation } from '../organisation';
import { acknowledgeAllocation } from './acknowledge';
import { closeTill, ensureTill, openTill, requireUser } from './sessions';
import { fundVault, vaultTransfer } from './vault';
import { currentTill, tillReport, tillSessions, vaultView } from './views';
import { setCashLimit, tillOfUser } from './repository';

/**
 * Tellers' tills and the branch vault (DOMAIN.md "Tellers and cash"). The vault and each till are GL cash accounts;
 * a till belongs to one user and has its own detail account under 1120 "Tellers' tills". Every movement of a
 * till's cash is a journal line on its account and a till_movements row, posted together by `postMoneyMovement`
 * (cash.ts), so that a till's GL balance, its `balance` column and the sum of its movements agree (verify checks
 * it). A cash transaction needs the acting user's till open; taking the till over its cash limit needs a branch
 * manager's approval given on the same PC (security/approval.ts).
 */
export { cashAccount, isTillAccount, postMoneyMovement, postReallocation, type CashUse } from './cash';
export { assertNoOpenTills, ensureTill, requireUser } from './sessions';
export { fundVault, vaultTransfer } from './vault';
export { openTillUsers } from './repository';

export function registerTills(registry: Registry): void {
  const places = (db: Parameters<typeof getOrganisation>[0]) => getOrganisation(db).currency.decimalPlaces;

  registry.register('tills.current', (ctx) => currentTill(ctx));
  registry.register('tills.open', (ctx, input) => openTill(ctx, input.count));
  registry.register('tills.close', (ctx, input) => closeTill(ctx, input));
  registry.register('tills.acknowledge', (ctx, input) => acknowledgeAllocation(ctx, input.movementId));

  registry.register('tills.allocate', (ctx, input) => {
    const user = requireUser(ctx, input.username);
    if (user.active !== 1) throw new AppError('INVALID_STATE', `${user.username} is not active`, [{ field: 'username', code: 'inactive', message: 'is not an active user' }]);
    const amount = parseMoneyField(input.amount, places(ctx.db), 'amount');
    return vaultTransfer(ctx, ensureTill(ctx, user), amount, 'ALLOCATION', user, input.note);
  });

  registry.register('tills.settle', (ctx, input) => {
    const user = requireUser(ctx, input.username);
    const till = tillOfUser(ctx.db, user.id);
    if (!till || till.balance === 0) throw new AppError('INVALID_STATE', `The till of ${user.username} holds no cash`, [{ field: 'username', code: 'till_empty', message: 'the till holds no cash' }]);
    const amount = input.amount !== undefined ? parseMoneyField(input.amount, places(ctx.db), 'amount') : till.balance;
    return vaultTransfer(ctx, till, amount, 'SETTLEMENT', user, input.note);
  });

  registry.register('tills.fundVault', (ctx, input) => fundVault(ctx, input.fromAccountCode, parseMoneyField(input.amount, places(ctx.db), 'amount'), input.note));

  registry.register('tills.setLimit', (ctx, input) => {
    const till = ensureTill(ctx, requireUser(ctx, input.username));
    const limit = input.cashLimit === null ? null : parseMoneyField(input.cashLimit, places(ctx.db), 'cashLimit');
    setCashLimit(ctx.db, till.id, limit);
    ctx.touched('till', till.id);
    return { tillId: till.id, cashLimit: limit === null ? null : amountText(ctx.db, limit) };
  });

  registry.register('tills.vault', (ctx) => vaultView(ctx));
  registry.register('tills.report', (ctx, input) => tillReport(ctx, input));
  registry.register('tills.sessions', (ctx, input) => tillSessions(ctx, input));
}
