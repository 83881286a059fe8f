import { AppError } from '../../../shared/errors';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { HandlerContext } from '../dispatch/context';
import { findLocalOffice, newGlobalId } from './organisation';

/**
 * Posting to the general ledger (ARCHITECTURE.md section 6): a journal entry is two or more lines that balance to
 * the minor unit, on active detail accounts, dated on or after the last accounting closure, written in the same
 * transaction as the business change and tied to its command_log row. Posted entries are never edited: a
 * correction is a reversal (the same lines, debit and credit swapped) that points at what it reverses.
 */
export interface PostingLine {
  accountId: number;
  debit?: number;
  credit?: number;
}

export interface NewJournalEntry {
  date: string;
  description: string;
  sourceType: string;
  sourceId: number | null;
  lines: PostingLine[];
  manual?: boolean;
  reversalOf?: number;
  /**
   * Set only by tills/cash.ts, which records the till movement of the entry's cash line in the same transaction:
   * a line on a till's account without it is refused, so a till's GL balance and its movements cannot drift apart.
   */
  throughTill?: true;
}

/** The GL account that plays a template role (CASH_VAULT, LOAN_PORTFOLIO ...). */
export function accountByTag(db: Db, tag: string): number {
  const r = sql<[string], { id: number }>(db, 'SELECT id FROM gl_accounts WHERE tag = ?').get(tag);
  if (!r) throw new Error(`the chart of accounts has no account tagged ${tag}`);
  return r.id;
}

export function lastClosingDate(db: Db): string | null {
  const r = sql<[], { d: string | null }>(db, 'SELECT max(closing_date) AS d FROM accounting_closures').get();
  return r?.d ?? null;
}

/** Refuses a posting dated on or before the last accounting closure. */
export function assertPeriodOpen(db: Db, date: string, field = 'transactionDate'): void {
  const closed = lastClosingDate(db);
  if (closed !== null && date <= closed) {
    throw new AppError('PERIOD_CLOSED', `The books are closed up to ${closed}: nothing can be posted on ${date}`, [
      { field, code: 'period_closed', message: `the books are closed up to ${closed}` },
    ], { closedUpTo: closed });
  }
}

/**
 * Account facts a posting checks, cached per connection: the chart changes rarely (accounting.createAccount and
 * updateAccount clear the cache) while every posting reads it.
 */
export interface AccountFacts {
  usage: string;
  active: number;
  code: string;
  /** 1 for a teller's till account (its cash moves only with a till movement) */
  till: number;
}

const accountCache = new WeakMap<Db, Map<number, AccountFacts | undefined>>();

export function clearAccountCache(db: Db): void {
  accountCache.delete(db);
}

/** What a posting checks of an account (usage, active, code, whether it is a till's), cached per connection. */
export function postable(db: Db, id: number): AccountFacts | undefined {
  let byId = accountCache.get(db);
  if (!byId) {
    byId = new Map();
    accountCache.set(db, byId);
  }
  if (!byId.has(id)) {
    byId.set(
      id,
      sql<[number], AccountFacts>(db, 'SELECT usage, active, code, EXISTS (SELECT 1 FROM tills t WHERE t.gl_account_id = a.id) AS till FROM gl_accounts a WHERE id = ?').get(id),
    );
  }
  return byId.get(id);
}

/** Checks and writes one balanced journal entry; returns its id. */
export function postJournalEntry(ctx: HandlerContext, entry: NewJournalEntry): number {
  const db = ctx.db;
  const lines = entry.lines.filter((l) => (l.debit ?? 0) !== 0 || (l.credit ?? 0) !== 0);
  let debits = 0;
  let credits = 0;
  for (const l of lines) {
    const d = l.debit ?? 0;
    const c = l.credit ?? 0;
    if (!Number.isSafeInteger(d) || !Number.isSafeInteger(c) || d < 0 || c < 0 || (d > 0 && c > 0)) {
      throw new AppError('VALIDATION_FAILED', 'Each journal line is a positive debit or a positive credit', [
        { field: 'lines', code: 'invalid_line', message: 'each line is a positive debit or a positive credit' },
      ]);
    }
    debits += d;
    credits += c;
  }
  if (lines.length < 2 || debits !== credits || debits === 0) {
    throw new AppError('VALIDATION_FAILED', `The entry does not balance: debits ${debits}, credits ${credits}`, [
      { field: 'lines', code: 'unbalanced', message: 'debits and credits must be equal and not zero' },
    ], { debits, credits });
  }
  assertPeriodOpen(db, entry.date);
  for (const l of lines) {
    const a = postable(db, l.accountId);
    if (!a || a.usage !== 'DETAIL' || a.active !== 1) {
      throw new AppError('VALIDATION_FAILED', `GL account ${a?.code ?? l.accountId} cannot take postings (missing, a header or inactive)`, [
        { field: 'lines', code: 'account_not_postable', message: `account ${a?.code ?? l.accountId} cannot take postings` },
      ]);
    }
    if (a.till === 1 && !entry.throughTill) throw new Error(`a line on till account ${a.code} must be posted with its till movement (tills/cash.ts)`);
  }
  const office = findLocalOffice(db)!;
  const entryId = Number(
    sql(
      db,
      `INSERT INTO journal_entries (global_id, office_id, entry_date, command_seq, source_type, source_id, description, manual,
         reversal_of, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      newGlobalId(db, 'je', office.code),
      office.id,
      entry.date,
      ctx.commandSeq(),
      entry.sourceType,
      entry.sourceId,
      entry.description,
      entry.manual ? 1 : 0,
      entry.reversalOf ?? null,
      ctx.actor?.userId ?? null,
      ctx.clock.now().toISOString(),
    ).lastInsertRowid,
  );
  const insertLine = sql(db, 'INSERT INTO journal_lines (entry_id, gl_account_id, debit, credit) VALUES (?, ?, ?, ?)');
  for (const l of lines) insertLine.run(entryId, l.accountId, l.debit ?? 0, l.credit ?? 0);
  ctx.touched('journal_entry', entryId);
  return entryId;
}

/** Posts the reversal of an entry (same date, lines swapped); refuses an entry already reversed. */
export function reverseJournalEntry(ctx: HandlerContext, entryId: number, description?: string, how: ReversalPosting = {}): number {
  const db = ctx.db;
  const e = sql<[number], { id: number; entry_date: string; description: string; source_type: string; source_id: number | null }>(
    db,
    'SELECT id, entry_date, description, source_type, source_id FROM journal_entries WHERE id = ?',
  ).get(entryId);
  if (!e) throw new AppError('NOT_FOUND', `There is no journal entry ${entryId}`, [{ field: 'entryId', code: 'not_found', message: 'no such entry' }]);
  const already = sql<[number], { id: number }>(db, 'SELECT id FROM journal_entries WHERE reversal_of = ?').get(entryId);
  if (already) throw new AppError('INVALID_STATE', `Journal entry ${entryId} is already reversed by ${already.id}`);
  const lines = sql<[number], { gl_account_id: number; debit: number; credit: number }>(
    db,
    'SELECT gl_account_id, debit, credit FROM journal_lines WHERE entry_id = ? ORDER BY id',
  ).all(entryId);
  return (how.post ?? postJournalEntry)(ctx, {
    date: e.entry_date,
    description: description ?? `Reversal of: ${e.description}`,
    sourceType: e.source_type,
    sourceId: e.source_id,
    lines: lines.map((l) => ({ accountId: how.moveTo?.get(l.gl_account_id) ?? l.gl_account_id, debit: l.credit, credit: l.debit })),
    reversalOf: e.id,
  });
}

/**
 * How a reversal is posted: `moveTo` sends a line to another account (an undone cash payment leaves the till of
 * whoever undoes it, not the original one); `post` posts the reversed entry (tills/cash.ts, when it moves a till).
 */
export interface ReversalPosting {
  moveTo?: ReadonlyMap<number, number>;
  post?: (ctx: HandlerContext, entry: NewJournalEntry) => number;
}

/**
 * Reverses every not-yet-reversed entry posted for a business source (an undone loan transaction). The entries are
 * found through journal_entries_source, so the cost is the source's own entries: `+e.reversal_of` keeps the planner
 * off the reversal_of index, where `IS NULL` matches nearly every entry of the journal.
 */
export function reverseEntriesOf(ctx: HandlerContext, sourceType: string, sourceId: number, how: ReversalPosting = {}): void {
  const entries = sql<[string, number], { id: number }>(
    ctx.db,
    `SELECT e.id FROM journal_entries e WHERE e.source_type = ? AND e.source_id = ? AND +e.reversal_of IS NULL
       AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reversal_of = e.id) ORDER BY e.id`,
  ).all(sourceType, sourceId);
  for (const e of entries) reverseJournalEntry(ctx, e.id, undefined, how);
}

/** The GL accounts on the lines of a business source's entries not reversed (an undo finds the till a payment went through). */
export function liveEntryAccountsOf(db: Db, sourceType: string, sourceId: number): number[] {
  return sql<[string, number], { gl_account_id: number }>(
    db,
    `SELECT DISTINCT l.gl_account_id FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
     WHERE e.source_type = ? AND e.source_id = ? AND +e.reversal_of IS NULL
       AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reversal_of = e.id)`,
  )
    .all(sourceType, sourceId)
    .map((r) => r.gl_account_id);
}

/**
 * An account's balance, debits less credits, over every posted line: from its kept daily figures
 * (gl_daily_balances, kept by a trigger as lines are posted), so it costs the account's days, not its lines.
 */
export function accountBalance(db: Db, accountId: number): number {
  return sql<[number], { b: number }>(db, 'SELECT coalesce(sum(debits - credits), 0) AS b FROM gl_daily_balances WHERE gl_account_id = ?').get(accountId)!.b;
}
