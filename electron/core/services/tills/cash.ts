import type { TillMovementKind } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/connection';
import { actorOf, type HandlerContext } from '../../dispatch/context';
import { checkManagerApproval, type ManagerApproval } from '../../security/approval';
import type { PaymentType } from '../common/paymentTypes';
import { postable, postJournalEntry, type NewJournalEntry } from '../ledger';
import { amountText, getOrganisation } from '../organisation';
import { checkBalanceLimit } from '../../../../shared/money';
import { figuresHidden } from './blind';
import { insertMovement, openSessionOf, tillOfAccount, tillOfUser, type SessionRow, type TillRow } from './repository';

/**
 * The one way cash is posted (DOMAIN.md "Tellers and cash"). A money movement is its whole balanced journal entry;
 * when a line of it is on a till's account, `postMoneyMovement` posts the entry and the till movement together, in
 * the command's transaction, and checks that the till line is the movement. Nothing else may post to a till's
 * account (the ledger refuses it), so a till's GL balance, its `balance` column and its movements agree (verify).
 */
export interface CashUse {
  kind: TillMovementKind;
  /** Signed, minor units: positive is cash into the till (a repayment, a deposit). */
  amount: number;
  reference: string | null;
  description: string;
  /** The input field the amount came from, named in errors. */
  field?: string;
  approval?: ManagerApproval | undefined;
  /**
   * When one command moves the same till more than once (a disbursement and the fees kept back from it, a changed
   * repayment and the undo of the first amount), the first movement carries the net change of them all: the till
   * is checked on where it ends (the cash it must hold, the cash limit), not on each leg.
   */
  net?: number;
}

/** Movements between the vault and a till, and a close's over/short: not cash over the counter, so no limit. */
const BACK_OFFICE: ReadonlySet<TillMovementKind> = new Set(['ALLOCATION', 'SETTLEMENT', 'OVER_SHORT']);

function tillNotOpen(ctx: HandlerContext, field: string): AppError {
  return new AppError('TILL_NOT_OPEN', `${actorOf(ctx).username} has no open till: open the till before handling cash`, [
    { field, code: 'till_not_open', message: 'open your till before handling cash' },
  ]);
}

/**
 * The GL account a payment moves: for cash the acting user's open till (TILL_NOT_OPEN without one), for the other
 * payment types their own account. The journal entry of the movement puts its cash line on this account.
 */
export function cashAccount(ctx: HandlerContext, paymentType: Pick<PaymentType, 'is_cash' | 'gl_account_id'>, field = 'paymentTypeCode'): number {
  if (paymentType.is_cash !== 1) return paymentType.gl_account_id;
  const till = tillOfUser(ctx.db, actorOf(ctx).userId);
  if (!till || !openSessionOf(ctx.db, till.id)) throw tillNotOpen(ctx, field);
  return till.gl_account_id;
}

/** Whether this GL account is a till's: an undo of a transaction paid through it moves cash again. */
export function isTillAccount(db: Db, accountId: number | null): boolean {
  return accountId !== null && tillOfAccount(db, accountId) !== undefined;
}

/**
 * A payout the till cannot cover, and the way out: the branch manager brings cash from the vault. `hidden`: the
 * caller's close is blind (blind.ts), so the refusal says the till cannot cover it without any figure of the till.
 */
export function insufficientTill(db: Db, till: TillRow, amount: number, field: string, hidden = false): AppError {
  if (hidden) {
    return new AppError('INSUFFICIENT_FUNDS', 'The till cannot cover this payout: ask the branch manager for cash', [
      { field, code: 'till_short', message: 'the till cannot cover this: ask the branch manager for cash' },
    ], { reason: 'TILL_SHORT' });
  }
  const [held, asked] = [amountText(db, till.balance), amountText(db, amount)];
  return new AppError('INSUFFICIENT_FUNDS', `The till holds ${held}: it cannot pay out ${asked}; ask the branch manager for cash`, [
    { field, code: 'till_short', message: `the till holds only ${held}`, params: { tillBalance: held, amount: asked } },
  ], { reason: 'TILL_SHORT', tillBalance: held, amount: asked });
}

/** The till lines of an entry, netted per account (debit positive: cash into the till). */
function tillLines(db: Db, entry: NewJournalEntry): Map<TillRow, number> {
  const byAccount = new Map<number, number>();
  for (const l of entry.lines) byAccount.set(l.accountId, (byAccount.get(l.accountId) ?? 0) + (l.debit ?? 0) - (l.credit ?? 0));
  const out = new Map<TillRow, number>();
  for (const [accountId, net] of byAccount) {
    // the ledger's cached account facts say which accounts are tills: no query for the others
    if (postable(db, accountId)?.till !== 1) continue;
    const till = tillOfAccount(db, accountId);
    if (till) out.set(till, net);
  }
  return out;
}

/**
 * Counter cash (not back office) is checked before it moves: a payout needs the cash in the till
 * (INSUFFICIENT_FUNDS); a receipt that takes the till over its cash limit needs a branch manager's approval typed
 * on the same PC (APPROVAL_REQUIRED until it comes). Returns the approver, if one was needed.
 */
function checkCounterCash(ctx: HandlerContext, till: TillRow, session: SessionRow, use: CashUse): number | null {
  const db = ctx.db;
  const field = use.field ?? 'transactionAmount';
  const change = use.net ?? use.amount;
  const hidden = figuresHidden(ctx, session);
  if (change < 0 && till.balance + change < 0) throw insufficientTill(db, till, -change, field, hidden);
  if (use.amount < 0 && till.balance + use.amount < 0) throw insufficientTill(db, till, -use.amount, field, hidden);
  if (change > 0 && till.cash_limit !== null && till.balance + change > till.cash_limit) {
    if (!use.approval && hidden) {
      throw new AppError('APPROVAL_REQUIRED', 'This takes the till over its cash limit: a branch manager must approve', [
        { field: 'approval', code: 'required', message: 'a branch manager must approve going over the cash limit' },
      ]);
    }
    if (!use.approval) {
      const after = amountText(db, till.balance + change);
      const limit = amountText(db, till.cash_limit);
      throw new AppError('APPROVAL_REQUIRED', `This takes the till to ${after}, over its cash limit of ${limit}: a branch manager must approve`, [
        { field: 'approval', code: 'required', message: 'a branch manager must approve going over the cash limit' },
      ], { cashLimit: limit, balanceAfter: after });
    }
    return checkManagerApproval(ctx, use.approval);
  }
  return null;
}

/**
 * Posts a money movement: the whole journal entry, and, when a line of it is on a till's account, that till's
 * movement (`use`), whose amount must equal the till line's net. Counter cash needs the till open and passes the
 * checks above; vault transfers and a close's over/short do not. An entry with no till line (mobile money, a bank
 * transfer, the vault alone) is posted as it is. Returns the journal entry's id.
 */
export function postMoneyMovement(ctx: HandlerContext, entry: NewJournalEntry, use: CashUse | null): number {
  const db = ctx.db;
  const tills = tillLines(db, entry);
  if (tills.size === 0) return postJournalEntry(ctx, entry);
  if (tills.size > 1) throw new Error('a money movement moves one till');
  const [till, net] = [...tills][0]!;
  if (!use) throw new Error(`the entry "${entry.description}" moves a till but names no till movement`);
  if (net !== use.amount) throw new Error(`the till line of "${entry.description}" (${net}) is not its till movement (${use.amount})`);
  const batch = batches.get(ctx);
  if (batch && batch.tillId === till.id && !BACK_OFFICE.has(use.kind) && use.amount > 0 && use.net === undefined) {
    // handed over with the rest of the batch: the till moves once, by the sum, when the batch ends
    batch.totals.set(use.kind, (batch.totals.get(use.kind) ?? 0) + use.amount);
    return postJournalEntry(ctx, { ...entry, throughTill: true });
  }
  moveTill(ctx, till, use);
  return postJournalEntry(ctx, { ...entry, throughTill: true });
}

/** A till's movement `use`, checked first (open, cash held, cash limit, balance limit); its GL side is the caller's. */
function moveTill(ctx: HandlerContext, till: TillRow, use: CashUse): void {
  const db = ctx.db;
  const session = openSessionOf(db, till.id);
  let approvedBy: number | null = null;
  if (!BACK_OFFICE.has(use.kind)) {
    if (!session) throw tillNotOpen(ctx, use.field ?? 'paymentTypeCode');
    approvedBy = checkCounterCash(ctx, till, session, use);
  }
  checkBalanceLimit(till.balance + use.amount, use.field ?? 'transactionAmount', getOrganisation(db).currency.decimalPlaces);
  insertMovement(db, {
    tillId: till.id,
    sessionId: session?.id ?? null,
    kind: use.kind,
    amount: use.amount,
    balanceAfter: till.balance + use.amount,
    businessDate: ctx.businessDate(),
    reference: use.reference,
    description: use.description,
    commandSeq: ctx.commandSeq(),
    createdBy: ctx.actor?.userId ?? null,
    approvedBy,
    createdAt: ctx.clock.now().toISOString(),
  });
}

const batches = new WeakMap<HandlerContext, { tillId: number; totals: Map<TillMovementKind, number> }>();

/**
 * Counter cash of many postings handed over at once in one command (a collection sheet's): inside `body`, the
 * acting user's cash coming into their till is posted entry by entry (each journal entry keeps its till line) but
 * the till moves once per kind, by the sum, when `body` is done: one LOAN_REPAYMENT and one SAVINGS_DEPOSIT
 * movement for the sheet, checked as one handover (the till open, its cash limit with `approval`, the balance
 * limit). Payouts and back-office movements are not batched. The till's GL lines and its movements still add up.
 */
export function withCashBatch<T>(ctx: HandlerContext, handover: { reference: string | null; description: string; field?: string; approval?: ManagerApproval | undefined }, body: () => T): T {
  const till = tillOfUser(ctx.db, actorOf(ctx).userId);
  if (!till || batches.has(ctx)) return body();
  const totals = new Map<TillMovementKind, number>();
  batches.set(ctx, { tillId: till.id, totals });
  let out: T;
  try {
    out = body();
  } finally {
    batches.delete(ctx);
  }
  for (const [kind, amount] of totals) {
    const now = tillOfUser(ctx.db, actorOf(ctx).userId)!;
    moveTill(ctx, now, { kind, amount, reference: handover.reference, description: handover.description, approval: handover.approval, ...(handover.field ? { field: handover.field } : {}) });
  }
  return out;
}

const reallocations = new WeakMap<HandlerContext, Map<number, number>>();

/**
 * Posts an entry whose till lines move no cash: the reversal of a payment that a replay re-allocates, and its
 * re-creation on the same till (DOMAIN.md reverse-replay). The money stayed in the drawer, so there is no till
 * movement; the command is refused unless these lines net to zero on every till by the time it commits.
 */
export function postReallocation(ctx: HandlerContext, entry: NewJournalEntry): number {
  const tills = tillLines(ctx.db, entry);
  if (tills.size === 0) return postJournalEntry(ctx, entry);
  let open = reallocations.get(ctx);
  if (!open) {
    const sums = new Map<number, number>();
    open = sums;
    reallocations.set(ctx, sums);
    ctx.beforeCommit(() => {
      for (const [tillId, sum] of sums) if (sum !== 0) throw new Error(`re-allocated till lines on till ${tillId} do not net to zero (${sum})`);
    });
  }
  for (const [till, net] of tills) open.set(till.id, (open.get(till.id) ?? 0) + net);
  return postJournalEntry(ctx, { ...entry, throughTill: true });
}

