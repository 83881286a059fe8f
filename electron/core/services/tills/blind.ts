import type { Db } from '../../db/connection';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { wholePercent } from '../../domain/tills';
import { getSetting, setSetting } from '../organisation';
import type { SessionRow, TillRow } from './repository';

/**
 * The blind close (DOMAIN.md "Tellers and cash", issue 19 point 3): a teller counts the till at the close without
 * knowing what it should hold, so that the count is not steered by the figure. While a teller's session is open,
 * nothing the teller is answered gives the till's cash or its expected figure (tills.current, tills.report,
 * tills.sessions, and the refusals of cash the till cannot take or pay); once the session is closed the day
 * report shows everything. A branch manager (tills.manage) always sees the figures; the branch manager may turn
 * the rule off for the branch (settings.setBlindClose), and then tellers see them too.
 */
const SETTING = 'blind_close';

/** On unless the branch manager turned it off. */
export function blindCloseOn(db: Db): boolean {
  return getSetting(db, SETTING) !== '0';
}

export function setBlindClose(db: Db, on: boolean): void {
  setSetting(db, SETTING, on ? '1' : '0');
}

/** Whether the caller may not see the cash figures of a till session (open, blind close on, not a manager). */
export function figuresHidden(ctx: HandlerContext, session: Pick<SessionRow, 'closed_at'> | undefined | null): boolean {
  if (!session || session.closed_at !== null) return false;
  if (actorOf(ctx).permissions.includes('tills.manage')) return false;
  return blindCloseOn(ctx.db);
}

/** How full the till is against its cash limit in whole percent (what a blind teller may see); null without a limit. */
export function shareOfLimit(till: Pick<TillRow, 'balance' | 'cash_limit'> | undefined): string | null {
  return till && till.cash_limit !== null && till.cash_limit > 0 ? wholePercent(till.balance, till.cash_limit) : null;
}
