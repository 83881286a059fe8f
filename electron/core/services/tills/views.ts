import type { CountLine, TillMovementKind, TillMovementView, TillPosition, TillReport, TillSessionSummary, TillSummary } from '../../../../shared/contract';
import { denominationsOf } from '../../../../shared/denominations';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { amountText, getOrganisation } from '../organisation';
import { pendingAllocations } from './acknowledge';
import { figuresHidden, shareOfLimit } from './blind';
import { targetUser } from './sessions';
import { vaultAccount, vaultBalance } from './vault';
import {
  glAccountOf,
  lastSessionOf,
  movementsOfSession,
  openSessionOf,
  sessionById,
  sessionsSince,
  tillOfUser,
  tillsWithLastSession,
  usernameOf,
  type SessionRow,
  type TillRow,
  type UserRef,
} from './repository';

/**
 * What tellers and managers read of tills: the caller's position, the vault, a session's day report. `hidden`: the
 * session is open and its close blind for the caller (blind.ts), so no figure of what the till holds goes out.
 */
function sessionSummary(db: Db, s: SessionRow, balance: number, hidden = false): TillSessionSummary {
  const money = (v: number) => amountText(db, v);
  return {
    sessionId: s.id,
    status: s.closed_at === null ? 'OPEN' : 'CLOSED',
    businessDate: s.business_date,
    openedAt: s.opened_at,
    closedAt: s.closed_at,
    closedBy: s.closed_by === null ? null : (usernameOf(db, s.closed_by) ?? null),
    openingFloat: money(s.opening_float),
    expected: s.expected !== null ? money(s.expected) : s.closed_at === null && !hidden ? money(balance) : null,
    counted: s.counted !== null ? money(s.counted) : null,
    difference: s.difference !== null ? money(s.difference) : null,
  };
}

export function currentTill(ctx: HandlerContext): TillPosition {
  const db = ctx.db;
  const till = tillOfUser(db, actorOf(ctx).userId);
  const session = till ? openSessionOf(db, till.id) : undefined;
  const currency = getOrganisation(db).currency;
  const hidden = figuresHidden(ctx, session);
  return {
    hasTill: till !== undefined,
    open: session !== undefined,
    sessionId: session?.id ?? null,
    openedAt: session?.opened_at ?? null,
    balance: hidden ? null : amountText(db, till?.balance ?? 0),
    cashLimit: till?.cash_limit != null ? amountText(db, till.cash_limit) : null,
    shareOfLimit: shareOfLimit(till),
    figuresHidden: hidden,
    currencyCode: currency.code,
    denominations: denominationsOf(currency.code),
    pendingAllocations: session ? pendingAllocations(db, session.id) : [],
  };
}

export function vaultView(ctx: HandlerContext) {
  const db = ctx.db;
  const account = glAccountOf(db, vaultAccount(ctx));
  return {
    accountCode: account.code,
    accountName: account.name,
    balance: amountText(db, vaultBalance(ctx)),
    currencyCode: getOrganisation(db).currency.code,
    tills: tillsWithLastSession(db).map((t): TillSummary => ({
      tillId: t.id,
      username: t.username,
      displayName: t.display_name,
      accountCode: t.code,
      balance: amountText(db, t.balance),
      cashLimit: t.cash_limit !== null ? amountText(db, t.cash_limit) : null,
      open: t.session !== null && t.session.closed_at === null,
      session: t.session ? sessionSummary(db, t.session, t.balance) : null,
    })),
  };
}

function reportOf(db: Db, till: TillRow, user: UserRef, s: SessionRow, hidden: boolean): TillReport {
  const money = (v: number) => (hidden ? null : amountText(db, v));
  const account = glAccountOf(db, till.gl_account_id);
  const rows = movementsOfSession(db, s.id);
  const movements: TillMovementView[] = rows.map((r) => ({
    id: r.id,
    at: r.created_at,
    date: r.business_date,
    kind: r.kind,
    reference: r.reference,
    description: r.description,
    amountIn: money(r.amount > 0 ? r.amount : 0),
    amountOut: money(r.amount < 0 ? -r.amount : 0),
    balance: money(r.balance_after),
    by: r.by,
    approvedBy: r.approved,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
  }));
  const byKind = new Map<TillMovementKind, { count: number; in: number; out: number }>();
  let cashIn = 0;
  let cashOut = 0;
  for (const r of rows) {
    const t = byKind.get(r.kind) ?? { count: 0, in: 0, out: 0 };
    t.count += 1;
    if (r.amount > 0) t.in += r.amount;
    else t.out -= r.amount;
    byKind.set(r.kind, t);
    // the over/short adjustment is the difference, not a cash movement of the day
    if (r.kind === 'OVER_SHORT') continue;
    if (r.amount > 0) cashIn += r.amount;
    else cashOut -= r.amount;
  }
  const balance = s.closed_at === null ? till.balance : (s.counted ?? 0);
  return {
    ...sessionSummary(db, s, till.balance, hidden),
    till: { id: till.id, username: user.username, displayName: user.display_name, accountCode: account.code, accountName: account.name },
    currencyCode: getOrganisation(db).currency.code,
    openingCount: JSON.parse(s.opening_count_json) as CountLine[],
    closingCount: s.closing_count_json ? (JSON.parse(s.closing_count_json) as CountLine[]) : null,
    movements,
    totals: [...byKind.entries()].map(([kind, t]) => ({ kind, count: t.count, amountIn: money(t.in), amountOut: money(t.out) })),
    cashIn: money(cashIn),
    cashOut: money(cashOut),
    balance: money(balance),
    figuresHidden: hidden,
  };
}

/** A till's day report: a named session, or the user's last one. */
export function tillReport(ctx: HandlerContext, input: { username?: string | undefined; sessionId?: number | undefined }): TillReport {
  const db = ctx.db;
  let user = targetUser(ctx, input.username);
  let session: SessionRow | undefined;
  if (input.sessionId !== undefined) {
    session = sessionById(db, input.sessionId);
    if (!session) throw new AppError('NOT_FOUND', `There is no till session ${input.sessionId}`, [{ field: 'sessionId', code: 'not_found', message: 'no such till session' }]);
    if (session.user_id !== user.id) user = targetUser(ctx, usernameOf(db, session.user_id)!);
  }
  const till = tillOfUser(db, user.id);
  if (!till) throw new AppError('NOT_FOUND', `${user.username} has no till yet`, [{ field: 'username', code: 'no_till', message: 'has no till yet' }]);
  session ??= lastSessionOf(db, till.id);
  if (!session) throw new AppError('NOT_FOUND', `${user.username} has not opened the till yet`, [{ field: 'sessionId', code: 'no_session', message: 'the till was never opened' }]);
  return reportOf(db, till, user, session, figuresHidden(ctx, session));
}

export function tillSessions(ctx: HandlerContext, input: { username?: string | undefined; from?: string | undefined }): TillSessionSummary[] {
  const db = ctx.db;
  const till = tillOfUser(db, targetUser(ctx, input.username).id);
  if (!till) return [];
  return sessionsSince(db, till.id, input.from ?? '0000-01-01', 200).map((s) => sessionSummary(db, s, till.balance, figuresHidden(ctx, s)));
}
