import type {
  CountLine,
  Denomination,
  TillMovementKind,
  TillMovementView,
  TillPosition,
  TillReport,
  TillSessionSummary,
  TillSummary,
} from '../../../shared/contract';
import { denominationsOf } from '../../../shared/denominations';
import { AppError } from '../../../shared/errors';
import { formatMoney, parseMoneyField } from '../../../shared/money';
import { permissionsOf } from '../../../shared/permissions';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { actorOf, type HandlerContext } from '../dispatch/context';
import type { Registry } from '../dispatch/registry';
import { DUMMY_HASH, verifyPassword } from '../security/password';
import { recordFailedAttempt, USER_AUTH, type UserAuthRow } from './session';
import { accountByTag, clearAccountCache, postJournalEntry } from './ledger';
import { getOrganisation, newGlobalId, nextSequence } from './organisation';

/**
 * Tellers' tills and the branch vault (DOMAIN.md "Tellers and cash"). The vault and each till are GL cash accounts;
 * a till belongs to one user and has its own detail account under 1120 "Tellers' tills". Every movement of a
 * till's cash is a journal line on its account and a till_movements row, so that a till's GL balance, its
 * `balance` column and the sum of its movements agree (verify checks it). A cash transaction needs the acting
 * user's till open; taking the till over its cash limit needs a branch manager's approval given on the same PC.
 */
export interface TillRow {
  id: number;
  user_id: number;
  gl_account_id: number;
  cash_limit: number | null;
  balance: number;
}

interface SessionRow {
  id: number;
  till_id: number;
  user_id: number;
  business_date: string;
  opened_at: string;
  opening_float: number;
  opening_count_json: string;
  closed_at: string | null;
  closed_by: number | null;
  closing_count_json: string | null;
  expected: number | null;
  counted: number | null;
  difference: number | null;
}

interface PaymentTypeLike {
  is_cash: number;
  gl_account_id: number;
}

/** A branch manager's username and password, typed into the teller's approval prompt (never stored). */
export type ManagerApproval = { username: string; password: string };

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

function dp(db: Db): number {
  return getOrganisation(db).currency.decimalPlaces;
}

function tillOfUser(db: Db, userId: number): TillRow | undefined {
  return sql<[number], TillRow>(db, 'SELECT id, user_id, gl_account_id, cash_limit, balance FROM tills WHERE user_id = ?').get(userId);
}

function openSession(db: Db, tillId: number): SessionRow | undefined {
  return sql<[number], SessionRow>(db, 'SELECT * FROM till_sessions WHERE till_id = ? AND closed_at IS NULL').get(tillId);
}

function userByName(db: Db, username: string, field = 'username'): { id: number; username: string; display_name: string; active: number } {
  const u = sql<[string], { id: number; username: string; display_name: string; active: number }>(
    db,
    'SELECT id, username, display_name, active FROM users WHERE username = ? COLLATE NOCASE',
  ).get(username);
  if (!u) throw new AppError('NOT_FOUND', `There is no user ${username}`, [{ field, code: 'not_found', message: 'no such user' }]);
  return u;
}

/** The user's till, made (with its GL account under 1120) the first time it is needed. */
function ensureTill(ctx: HandlerContext, user: { id: number; username: string; display_name: string }): TillRow {
  const db = ctx.db;
  const existing = tillOfUser(db, user.id);
  if (existing) return existing;
  const header = accountByTag(db, 'TELLER_TILLS');
  const parent = sql<[number], { code: string }>(db, 'SELECT code FROM gl_accounts WHERE id = ?').get(header)!;
  let code: string;
  do code = `${parent.code}.${String(nextSequence(db, 'till.account')).padStart(2, '0')}`;
  while (sql<[string], { id: number }>(db, 'SELECT id FROM gl_accounts WHERE code = ?').get(code));
  const accountId = Number(
    sql(
      db,
      `INSERT INTO gl_accounts (global_id, code, name, type, usage, parent_id, tag, manual_entries_allowed, active, description)
       VALUES (?, ?, ?, 'ASSET', 'DETAIL', ?, NULL, 0, 1, ?)`,
    ).run(newGlobalId(db, 'glaccount'), code, `Till: ${user.display_name} (${user.username})`, header, `Cash in the till of ${user.username}`).lastInsertRowid,
  );
  clearAccountCache(db);
  const id = Number(
    sql(db, 'INSERT INTO tills (global_id, user_id, gl_account_id, created_at) VALUES (?, ?, ?, ?)').run(
      newGlobalId(db, 'till'),
      user.id,
      accountId,
      ctx.clock.now().toISOString(),
    ).lastInsertRowid,
  );
  ctx.touched('till', id);
  return tillOfUser(db, user.id)!;
}

/** A branch manager's approval typed into the teller's prompt: a different, active user who may manage tills. */
function checkApproval(ctx: HandlerContext, approval: ManagerApproval): number {
  const db = ctx.db;
  const u = sql<[string], UserAuthRow>(db, `${USER_AUTH} WHERE username = ? COLLATE NOCASE`).get(approval.username);
  const now = ctx.clock.now();
  if (u && u.locked_until !== null && u.locked_until > now.toISOString()) {
    throw new AppError('ACCOUNT_LOCKED', `${u.username} is locked after too many failed sign-ins`, [
      { field: 'approval.username', code: 'locked', message: 'is locked after too many failed sign-ins' },
    ], { lockedUntil: u.locked_until });
  }
  if (!u || u.active !== 1 || !verifyPassword(approval.password, u.password_hash)) {
    // a wrong password at the prompt counts towards the approver's lockout as at sign-in: written after the
    // command rolls back, or guessing a manager's password here would be free
    if (u) ctx.afterRollback(() => void recordFailedAttempt(db, now, sql<[number], UserAuthRow>(db, `${USER_AUTH} WHERE id = ?`).get(u.id)!));
    else verifyPassword(approval.password, DUMMY_HASH);
    throw new AppError('INVALID_CREDENTIALS', 'The approving username or password is not right', [
      { field: 'approval.password', code: 'invalid_credentials', message: 'the username or password is not right' },
    ]);
  }
  if (u.id === actorOf(ctx).userId) {
    throw new AppError('PERMISSION_DENIED', 'Another person must approve: a teller cannot approve their own cash limit', [
      { field: 'approval.username', code: 'same_user', message: 'must be someone else (a branch manager)' },
    ]);
  }
  const roles = sql<[number], { role_code: string }>(db, 'SELECT role_code FROM user_roles WHERE user_id = ?').all(u.id).map((r) => r.role_code);
  if (!permissionsOf(roles).includes('tills.manage')) {
    throw new AppError('PERMISSION_DENIED', `${approval.username} may not approve cash limits (a branch manager may)`, [
      { field: 'approval.username', code: 'not_a_manager', message: 'is not a branch manager' },
    ]);
  }
  sql(db, 'UPDATE users SET failed_attempts = 0 WHERE id = ? AND failed_attempts <> 0').run(u.id);
  return u.id;
}

/** Writes one movement of a till's cash (after its journal lines are posted by the caller). */
function recordMovement(ctx: HandlerContext, till: TillRow, sessionId: number | null, use: CashUse, approvedBy: number | null): TillRow {
  const after = till.balance + use.amount;
  sql(
    ctx.db,
    `INSERT INTO till_movements (till_id, session_id, kind, amount, balance_after, business_date, reference, description, command_seq,
       created_by, approved_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(till.id, sessionId, use.kind, use.amount, after, ctx.businessDate(), use.reference, use.description, ctx.commandSeq(), ctx.actor?.userId ?? null, approvedBy, ctx.clock.now().toISOString());
  sql(ctx.db, 'UPDATE tills SET balance = ? WHERE id = ?').run(after, till.id);
  return { ...till, balance: after };
}

function insufficientTill(db: Db, till: TillRow, amount: number, field: string): AppError {
  const places = dp(db);
  return new AppError('INSUFFICIENT_FUNDS', `The till holds ${formatMoney(till.balance, places)}: it cannot pay out ${formatMoney(amount, places)}`, [
    { field, code: 'till_short', message: `the till holds only ${formatMoney(till.balance, places)}`, params: { tillBalance: formatMoney(till.balance, places) } },
  ], { tillBalance: formatMoney(till.balance, places) });
}

/**
 * The GL account a payment moves. Cash moves the acting user's open till (TILL_NOT_OPEN without one): a payout
 * needs the cash in the till (INSUFFICIENT_FUNDS), a receipt that takes the till over its cash limit needs a branch
 * manager's approval (APPROVAL_REQUIRED); the movement is recorded. Other payment types post to their own account.
 */
export function tillCash(ctx: HandlerContext, paymentType: PaymentTypeLike, use: CashUse): number {
  if (paymentType.is_cash !== 1) return paymentType.gl_account_id;
  const db = ctx.db;
  const me = actorOf(ctx);
  const till = tillOfUser(db, me.userId);
  const session = till ? openSession(db, till.id) : undefined;
  if (!till || !session) {
    throw new AppError('TILL_NOT_OPEN', `${me.username} has no open till: open the till before handling cash`, [
      { field: use.field ?? 'paymentTypeCode', code: 'till_not_open', message: 'open your till before handling cash' },
    ]);
  }
  const field = use.field ?? 'transactionAmount';
  const change = use.net ?? use.amount;
  if (change < 0 && till.balance + change < 0) throw insufficientTill(db, till, -change, field);
  if (use.amount < 0 && till.balance + use.amount < 0) throw insufficientTill(db, till, -use.amount, field);
  let approvedBy: number | null = null;
  if (change > 0 && till.cash_limit !== null && till.balance + change > till.cash_limit) {
    if (!use.approval) {
      const places = dp(db);
      throw new AppError('APPROVAL_REQUIRED', `This takes the till to ${formatMoney(till.balance + change, places)}, over its cash limit of ${formatMoney(till.cash_limit, places)}: a branch manager must approve`, [
        { field: 'approval', code: 'required', message: 'a branch manager must approve going over the cash limit' },
      ], { cashLimit: formatMoney(till.cash_limit, places), balanceAfter: formatMoney(till.balance + change, places) });
    }
    approvedBy = checkApproval(ctx, use.approval);
  }
  recordMovement(ctx, till, session.id, use, approvedBy);
  return till.gl_account_id;
}

/** The till (if any) whose GL account this is: an undo of a cash transaction moves cash again. */
export function isTillAccount(db: Db, accountId: number | null): boolean {
  if (accountId === null) return false;
  return sql<[number], { id: number }>(db, 'SELECT id FROM tills WHERE gl_account_id = ?').get(accountId) !== undefined;
}

/** Day-end refuses while any till is open (DOMAIN.md "Day-end"). */
export function assertNoOpenTills(db: Db): void {
  const open = sql<[], { username: string }>(
    db,
    'SELECT u.username FROM till_sessions s JOIN tills t ON t.id = s.till_id JOIN users u ON u.id = t.user_id WHERE s.closed_at IS NULL ORDER BY u.username',
  ).all();
  if (open.length > 0) {
    throw new AppError('INVALID_STATE', `The day cannot be closed while a till is open: ${open.map((o) => o.username).join(', ')}`, undefined, {
      reason: 'TILLS_OPEN',
      openTills: open.map((o) => o.username),
    });
  }
}

function glBalance(db: Db, accountId: number): number {
  return sql<[number], { b: number }>(db, 'SELECT coalesce(sum(debit - credit), 0) AS b FROM journal_lines WHERE gl_account_id = ?').get(accountId)!.b;
}

/** A count by denomination: each a note or coin of the currency, counted once; returns the total in minor units. */
function countTotal(db: Db, count: CountLine[]): { total: number; lines: CountLine[] } {
  const currency = getOrganisation(db).currency;
  const allowed = new Map(denominationsOf(currency.code).map((d) => [parseMoneyField(d.value, currency.decimalPlaces, 'denomination'), d.value]));
  const seen = new Set<number>();
  let total = 0;
  const lines: CountLine[] = [];
  count.forEach((line, i) => {
    const field = `count.${i}.denomination`;
    const value = parseMoneyField(line.denomination, currency.decimalPlaces, field);
    const canonical = allowed.get(value);
    if (canonical === undefined) {
      throw new AppError('VALIDATION_FAILED', `${line.denomination} is not a note or coin of ${currency.code}`, [
        { field, code: 'not_a_denomination', message: `is not a note or coin of ${currency.code}`, params: { currency: currency.code } },
      ]);
    }
    if (seen.has(value)) throw new AppError('VALIDATION_FAILED', `${line.denomination} is counted twice`, [{ field, code: 'duplicate', message: 'is counted twice' }]);
    seen.add(value);
    total += value * line.quantity;
    if (!Number.isSafeInteger(total)) throw new AppError('VALIDATION_FAILED', 'The count is too large', [{ field: `count.${i}.quantity`, code: 'too_big', message: 'is too large' }]);
    if (line.quantity > 0) lines.push({ denomination: canonical, quantity: line.quantity });
  });
  return { total, lines };
}

function vaultAccount(db: Db): number {
  return accountByTag(db, 'CASH_VAULT');
}

function money(db: Db, v: number): string {
  return formatMoney(v, dp(db));
}

function sessionSummary(db: Db, s: SessionRow, balance: number): TillSessionSummary {
  const closer = s.closed_by === null ? undefined : sql<[number], { username: string }>(db, 'SELECT username FROM users WHERE id = ?').get(s.closed_by);
  return {
    sessionId: s.id,
    status: s.closed_at === null ? 'OPEN' : 'CLOSED',
    businessDate: s.business_date,
    openedAt: s.opened_at,
    closedAt: s.closed_at,
    closedBy: closer?.username ?? null,
    openingFloat: money(db, s.opening_float),
    expected: s.expected !== null ? money(db, s.expected) : s.closed_at === null ? money(db, balance) : null,
    counted: s.counted !== null ? money(db, s.counted) : null,
    difference: s.difference !== null ? money(db, s.difference) : null,
  };
}

/** The till of a user named in the input, or the caller's own; another user's needs the manage permission. */
function targetUser(ctx: HandlerContext, username: string | undefined): { id: number; username: string; display_name: string } {
  const me = actorOf(ctx);
  if (username === undefined || username.toLowerCase() === me.username.toLowerCase()) return { id: me.userId, username: me.username, display_name: me.displayName };
  if (!me.permissions.includes('tills.manage')) {
    throw new AppError('PERMISSION_DENIED', "Only a branch manager may see another teller's till", [{ field: 'username', code: 'not_yours', message: "is another teller's till" }]);
  }
  return userByName(ctx.db, username);
}

function reportOf(db: Db, till: TillRow, user: { username: string; display_name: string }, s: SessionRow): TillReport {
  const places = dp(db);
  const account = sql<[number], { code: string; name: string }>(db, 'SELECT code, name FROM gl_accounts WHERE id = ?').get(till.gl_account_id)!;
  const rows = sql<[number], { id: number; kind: TillMovementKind; amount: number; balance_after: number; business_date: string; reference: string | null; description: string; created_at: string; by: string; approved: string | null }>(
    db,
    `SELECT m.id, m.kind, m.amount, m.balance_after, m.business_date, m.reference, m.description, m.created_at,
       u.username AS by, a.display_name AS approved
     FROM till_movements m LEFT JOIN users u ON u.id = m.created_by LEFT JOIN users a ON a.id = m.approved_by
     WHERE m.session_id = ? ORDER BY m.id`,
  ).all(s.id);
  const movements: TillMovementView[] = rows.map((r) => ({
    id: r.id,
    at: r.created_at,
    date: r.business_date,
    kind: r.kind,
    reference: r.reference,
    description: r.description,
    amountIn: formatMoney(r.amount > 0 ? r.amount : 0, places),
    amountOut: formatMoney(r.amount < 0 ? -r.amount : 0, places),
    balance: formatMoney(r.balance_after, places),
    by: r.by,
    approvedBy: r.approved,
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
    ...sessionSummary(db, s, till.balance),
    till: { id: till.id, username: user.username, displayName: user.display_name, accountCode: account.code, accountName: account.name },
    currencyCode: getOrganisation(db).currency.code,
    openingCount: JSON.parse(s.opening_count_json) as CountLine[],
    closingCount: s.closing_count_json ? (JSON.parse(s.closing_count_json) as CountLine[]) : null,
    movements,
    totals: [...byKind.entries()].map(([kind, t]) => ({ kind, count: t.count, amountIn: formatMoney(t.in, places), amountOut: formatMoney(t.out, places) })),
    cashIn: formatMoney(cashIn, places),
    cashOut: formatMoney(cashOut, places),
    balance: formatMoney(balance, places),
  };
}

/** Vault <-> till: a balanced entry between the two accounts and the till's movement. */
function vaultTransfer(ctx: HandlerContext, till: TillRow, amount: number, kind: 'ALLOCATION' | 'SETTLEMENT', username: string, note: string | null | undefined) {
  const db = ctx.db;
  const vault = vaultAccount(db);
  if (kind === 'ALLOCATION') {
    const inVault = glBalance(db, vault);
    if (inVault < amount) {
      throw new AppError('INSUFFICIENT_FUNDS', `The vault holds ${money(db, inVault)}: it cannot give ${money(db, amount)}`, [
        { field: 'amount', code: 'vault_short', message: `the vault holds only ${money(db, inVault)}`, params: { vaultBalance: money(db, inVault) } },
      ], { vaultBalance: money(db, inVault) });
    }
  } else if (till.balance < amount) {
    throw insufficientTill(db, till, amount, 'amount');
  }
  const into = kind === 'ALLOCATION' ? till.gl_account_id : vault;
  const from = kind === 'ALLOCATION' ? vault : till.gl_account_id;
  const description = kind === 'ALLOCATION' ? `Cash from the vault to the till of ${username}` : `Cash from the till of ${username} to the vault`;
  postJournalEntry(ctx, {
    date: ctx.businessDate(),
    description: note ? `${description}: ${note}` : description,
    sourceType: 'till',
    sourceId: till.id,
    lines: [{ accountId: into, debit: amount }, { accountId: from, credit: amount }],
  });
  const session = openSession(db, till.id);
  const after = recordMovement(ctx, till, session?.id ?? null, { kind, amount: kind === 'ALLOCATION' ? amount : -amount, reference: 'VAULT', description: note ?? description }, null);
  return { tillId: till.id, tillBalance: money(db, after.balance), vaultBalance: money(db, glBalance(db, vault)) };
}

/**
 * A training branch starts with cash: the vault funded from the bank and a float allocated to each demo teller
 * (who opens the till with a count as the first step of a demo).
 */
export function seedTrainingCash(ctx: HandlerContext, vaultCash: number, floats: Record<string, number>): void {
  const db = ctx.db;
  postJournalEntry(ctx, {
    date: ctx.businessDate(),
    description: 'Cash brought into the vault (training)',
    sourceType: 'vault',
    sourceId: null,
    lines: [{ accountId: vaultAccount(db), debit: vaultCash }, { accountId: accountByTag(db, 'BANK'), credit: vaultCash }],
  });
  for (const [username, amount] of Object.entries(floats)) {
    const user = userByName(db, username);
    vaultTransfer(ctx, ensureTill(ctx, user), amount, 'ALLOCATION', user.username, 'Opening float (training)');
  }
}

export function registerTills(registry: Registry): void {
  registry.register('tills.current', (ctx): TillPosition => {
    const db = ctx.db;
    const me = actorOf(ctx);
    const till = tillOfUser(db, me.userId);
    const session = till ? openSession(db, till.id) : undefined;
    const currency = getOrganisation(db).currency;
    const denominations: Denomination[] = denominationsOf(currency.code);
    return {
      hasTill: till !== undefined,
      open: session !== undefined,
      sessionId: session?.id ?? null,
      openedAt: session?.opened_at ?? null,
      balance: money(db, till?.balance ?? 0),
      cashLimit: till?.cash_limit != null ? money(db, till.cash_limit) : null,
      currencyCode: currency.code,
      denominations,
    };
  });

  registry.register('tills.open', (ctx, input) => {
    const db = ctx.db;
    const me = actorOf(ctx);
    const till = ensureTill(ctx, { id: me.userId, username: me.username, display_name: me.displayName });
    if (openSession(db, till.id)) throw new AppError('INVALID_STATE', 'Your till is already open', undefined, { reason: 'TILL_ALREADY_OPEN' });
    const { total, lines } = countTotal(db, input.count);
    if (total !== till.balance) {
      throw new AppError('VALIDATION_FAILED', `You counted ${money(db, total)} but the till holds ${money(db, till.balance)}: count again, or ask the branch manager to correct the allocation`, [
        { field: 'count', code: 'count_mismatch', message: `adds up to ${money(db, total)}; the till holds ${money(db, till.balance)}`, params: { counted: money(db, total), tillBalance: money(db, till.balance) } },
      ], { counted: money(db, total), tillBalance: money(db, till.balance) });
    }
    const sessionId = Number(
      sql(
        db,
        `INSERT INTO till_sessions (global_id, till_id, user_id, business_date, opened_at, opening_float, opening_count_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(newGlobalId(db, 'tillsession'), till.id, me.userId, ctx.businessDate(), ctx.clock.now().toISOString(), total, JSON.stringify(lines)).lastInsertRowid,
    );
    ctx.touched('till_session', sessionId);
    return { sessionId, openingFloat: money(db, total), balance: money(db, till.balance) };
  });

  registry.register('tills.close', (ctx, input) => {
    const db = ctx.db;
    const me = targetUser(ctx, input.username);
    const mine = me.id === actorOf(ctx).userId;
    const till = tillOfUser(db, me.id);
    const session = till ? openSession(db, till.id) : undefined;
    if (!till || !session) {
      throw new AppError('TILL_NOT_OPEN', mine ? 'Your till is not open' : `The till of ${me.username} is not open`, [
        { field: mine ? 'count' : 'username', code: 'till_not_open', message: mine ? 'your till is not open' : 'the till is not open' },
      ]);
    }
    const { total: counted, lines } = countTotal(db, input.count);
    const expected = till.balance;
    const difference = counted - expected;
    let entryId: number | null = null;
    if (difference !== 0) {
      const overShort = accountByTag(db, 'CASH_OVER_SHORT');
      const shortage = difference < 0;
      const amount = Math.abs(difference);
      const description = `${shortage ? 'Cash short' : 'Cash over'} at the close of the till of ${me.username}${mine ? '' : ` (closed by ${actorOf(ctx).username})`}`;
      entryId = postJournalEntry(ctx, {
        date: ctx.businessDate(),
        description: input.note ? `${description}: ${input.note}` : description,
        sourceType: 'till_session',
        sourceId: session.id,
        lines: shortage
          ? [{ accountId: overShort, debit: amount }, { accountId: till.gl_account_id, credit: amount }]
          : [{ accountId: till.gl_account_id, debit: amount }, { accountId: overShort, credit: amount }],
      });
      recordMovement(ctx, till, session.id, { kind: 'OVER_SHORT', amount: difference, reference: null, description }, null);
    }
    const closedAt = ctx.clock.now().toISOString();
    sql(db, 'UPDATE till_sessions SET closed_at = ?, closed_by = ?, closing_count_json = ?, expected = ?, counted = ?, difference = ?, over_short_entry_id = ? WHERE id = ?').run(
      closedAt,
      actorOf(ctx).userId,
      JSON.stringify(lines),
      expected,
      counted,
      difference,
      entryId,
      session.id,
    );
    ctx.touched('till_session', session.id);
    return {
      sessionId: session.id,
      openingFloat: money(db, session.opening_float),
      expected: money(db, expected),
      counted: money(db, counted),
      difference: money(db, difference),
      closedAt,
      journalEntryId: entryId,
    };
  });

  registry.register('tills.allocate', (ctx, input) => {
    const user = userByName(ctx.db, input.username);
    if (user.active !== 1) throw new AppError('INVALID_STATE', `${user.username} is not active`, [{ field: 'username', code: 'inactive', message: 'is not an active user' }]);
    const amount = parseMoneyField(input.amount, dp(ctx.db), 'amount');
    return vaultTransfer(ctx, ensureTill(ctx, user), amount, 'ALLOCATION', user.username, input.note);
  });

  registry.register('tills.settle', (ctx, input) => {
    const user = userByName(ctx.db, input.username);
    const till = tillOfUser(ctx.db, user.id);
    if (!till || till.balance === 0) throw new AppError('INVALID_STATE', `The till of ${user.username} holds no cash`, [{ field: 'username', code: 'till_empty', message: 'the till holds no cash' }]);
    const amount = input.amount !== undefined ? parseMoneyField(input.amount, dp(ctx.db), 'amount') : till.balance;
    return vaultTransfer(ctx, till, amount, 'SETTLEMENT', user.username, input.note);
  });

  registry.register('tills.fundVault', (ctx, input) => {
    const db = ctx.db;
    const amount = parseMoneyField(input.amount, dp(db), 'amount');
    const from = sql<[string], { id: number; type: string; usage: string; active: number; manual_entries_allowed: number }>(db, 'SELECT id, type, usage, active, manual_entries_allowed FROM gl_accounts WHERE code = ?').get(input.fromAccountCode);
    const vault = vaultAccount(db);
    // only an account a manual entry could credit: the automatic ones (the loan portfolio, savings deposits, cash
    // over and short ...) each stand for a subledger that verify checks them against
    if (!from || from.usage !== 'DETAIL' || from.active !== 1 || from.manual_entries_allowed !== 1 || from.id === vault || isTillAccount(db, from.id)) {
      throw new AppError('VALIDATION_FAILED', `GL account ${input.fromAccountCode} cannot fund the vault`, [
        { field: 'fromAccountCode', code: 'not_postable', message: 'must be an active detail account open to manual entries, other than the vault and the tills (the bank account 1140 by default)' },
      ]);
    }
    const description = 'Cash brought into the vault';
    const journalEntryId = postJournalEntry(ctx, {
      date: ctx.businessDate(),
      description: input.note ? `${description}: ${input.note}` : description,
      sourceType: 'vault',
      sourceId: null,
      lines: [{ accountId: vault, debit: amount }, { accountId: from.id, credit: amount }],
    });
    return { vaultBalance: money(db, glBalance(db, vault)), journalEntryId };
  });

  registry.register('tills.setLimit', (ctx, input) => {
    const user = userByName(ctx.db, input.username);
    const till = ensureTill(ctx, user);
    const limit = input.cashLimit === null ? null : parseMoneyField(input.cashLimit, dp(ctx.db), 'cashLimit');
    sql(ctx.db, 'UPDATE tills SET cash_limit = ? WHERE id = ?').run(limit, till.id);
    ctx.touched('till', till.id);
    return { tillId: till.id, cashLimit: limit === null ? null : money(ctx.db, limit) };
  });

  registry.register('tills.vault', (ctx) => {
    const db = ctx.db;
    const vault = vaultAccount(db);
    const account = sql<[number], { code: string; name: string }>(db, 'SELECT code, name FROM gl_accounts WHERE id = ?').get(vault)!;
    const tills = sql<[], TillRow & { username: string; display_name: string; code: string }>(
      db,
      `SELECT t.id, t.user_id, t.gl_account_id, t.cash_limit, t.balance, u.username, u.display_name, a.code
       FROM tills t JOIN users u ON u.id = t.user_id JOIN gl_accounts a ON a.id = t.gl_account_id ORDER BY u.username`,
    ).all();
    const lastSession = sql<[number], SessionRow>(db, 'SELECT * FROM till_sessions WHERE till_id = ? ORDER BY id DESC LIMIT 1');
    return {
      accountCode: account.code,
      accountName: account.name,
      balance: money(db, glBalance(db, vault)),
      currencyCode: getOrganisation(db).currency.code,
      tills: tills.map((t): TillSummary => {
        const s = lastSession.get(t.id);
        return {
          tillId: t.id,
          username: t.username,
          displayName: t.display_name,
          accountCode: t.code,
          balance: money(db, t.balance),
          cashLimit: t.cash_limit !== null ? money(db, t.cash_limit) : null,
          open: s !== undefined && s.closed_at === null,
          session: s ? sessionSummary(db, s, t.balance) : null,
        };
      }),
    };
  });

  registry.register('tills.report', (ctx, input) => {
    const db = ctx.db;
    let user = targetUser(ctx, input.username);
    let session: SessionRow | undefined;
    if (input.sessionId !== undefined) {
      session = sql<[number], SessionRow>(db, 'SELECT * FROM till_sessions WHERE id = ?').get(input.sessionId);
      if (!session) throw new AppError('NOT_FOUND', `There is no till session ${input.sessionId}`, [{ field: 'sessionId', code: 'not_found', message: 'no such till session' }]);
      if (session.user_id !== user.id) user = targetUser(ctx, sql<[number], { username: string }>(db, 'SELECT username FROM users WHERE id = ?').get(session.user_id)!.username);
    }
    const till = tillOfUser(db, user.id);
    if (!till) throw new AppError('NOT_FOUND', `${user.username} has no till yet`, [{ field: 'username', code: 'no_till', message: 'has no till yet' }]);
    session ??= sql<[number], SessionRow>(db, 'SELECT * FROM till_sessions WHERE till_id = ? ORDER BY id DESC LIMIT 1').get(till.id);
    if (!session) throw new AppError('NOT_FOUND', `${user.username} has not opened the till yet`, [{ field: 'sessionId', code: 'no_session', message: 'the till was never opened' }]);
    return reportOf(db, till, user, session);
  });

  registry.register('tills.sessions', (ctx, input) => {
    const db = ctx.db;
    const user = targetUser(ctx, input.username);
    const till = tillOfUser(db, user.id);
    if (!till) return [];
    return sql<[number, string], SessionRow>(db, 'SELECT * FROM till_sessions WHERE till_id = ? AND business_date >= ? ORDER BY id DESC LIMIT 200')
      .all(till.id, input.from ?? '0000-01-01')
      .map((s) => sessionSummary(db, s, till.balance));
  });
}
