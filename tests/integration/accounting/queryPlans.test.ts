import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { assertInvariants } from '../../support/core';
import { setBusinessDate } from '../../support/lending';
import { booksWithHistory, type Books } from './books';

/**
 * The hot accounting statements read what they return, not the journal (issue 11). Each test runs the real
 * operation, records every statement it executes with the values bound to it, and asks SQLite how it runs each one
 * that reads the journal or the kept figures (EXPLAIN QUERY PLAN, same values). Branchbox never runs ANALYZE, so the
 * planner decides from the schema alone and plans here as it does on a branch of 2.5 million journal lines.
 */

interface Executed {
  text: string;
  args: unknown[];
}

/** The statements `call` executes (run, get, all, iterate of better-sqlite3's Statement), with their bound values. */
async function executedBy(core: Core, call: () => Promise<unknown>): Promise<Executed[]> {
  const proto = Object.getPrototypeOf(core.db.prepare('SELECT 1')) as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown>;
  const saved = { run: proto.run, get: proto.get, all: proto.all, iterate: proto.iterate };
  const seen: Executed[] = [];
  for (const name of ['run', 'get', 'all', 'iterate'] as const) {
    const original = saved[name];
    proto[name] = function (this: Statement, ...args: unknown[]) {
      seen.push({ text: this.source.replace(/\s+/g, ' ').trim(), args });
      return original.apply(this, args);
    };
  }
  try {
    await call();
  } finally {
    for (const name of ['run', 'get', 'all', 'iterate'] as const) proto[name] = saved[name];
  }
  return seen;
}

const LEDGER_TABLES = /\b(journal_entries|journal_lines|gl_daily_balances|gl_account_lines)\b/;

/** SQLite's plan of an executed statement, one step a line ("SEARCH e USING INTEGER PRIMARY KEY (rowid=?)"). */
function plan(core: Core, e: Executed): string[] {
  return (core.db.prepare(`EXPLAIN QUERY PLAN ${e.text}`).all(...e.args) as { detail: string }[]).map((r) => r.detail);
}

/** The executed statements that read the ledger, each with its plan (each text once). */
function ledgerPlans(core: Core, executed: Executed[]): { text: string; plan: string[] }[] {
  const byText = new Map<string, Executed>();
  for (const e of executed) if (LEDGER_TABLES.test(e.text) && /^\s*(SELECT|WITH)\b/i.test(e.text)) byText.set(e.text, e);
  return [...byText.values()].map((e) => ({ text: e.text, plan: plan(core, e) }));
}

/**
 * The steps that read a whole table, as "statement: step": any SCAN but of json_each (a page's ids) and of those
 * `allowed` (the kept daily figures for a trial balance, the chart of accounts).
 */
function scans(plans: { text: string; plan: string[] }[], allowed: RegExp[] = []): string[] {
  return plans.flatMap((p) =>
    p.plan.filter((step) => /^SCAN /.test(step) && !/^SCAN json_each VIRTUAL TABLE/.test(step) && !allowed.some((a) => a.test(step))).map((step) => `${p.text}: ${step}`),
  );
}

/** The one plan whose statement contains `marker`. */
function planOf(plans: { text: string; plan: string[] }[], marker: string): string[] {
  const found = plans.filter((p) => p.text.includes(marker));
  expect(found.map((p) => p.text), marker).toHaveLength(1);
  return found[0]!.plan;
}

describe('query plans of the hot accounting statements', () => {
  let b: Books;
  beforeAll(async () => {
    b = await booksWithHistory();
  }, 120_000);

  it('the check catches the reads issue 11 measured', () => {
    const run = (text: string, args: unknown[]) => [{ text, plan: plan(b.core, { text, args }) }];
    // the trial balance summed every journal line
    const trialBefore = 'SELECT l.gl_account_id AS id, sum(l.debit) AS debits, sum(l.credit) AS credits FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.entry_date <= ? GROUP BY l.gl_account_id';
    expect(scans(run(trialBefore, ['2026-03-31']))).toEqual([`${trialBefore}: SCAN l USING INDEX journal_lines_account`]);
    // a page of the journal went through the date index and sorted all of it
    const pageBefore = 'SELECT e.* FROM journal_entries e WHERE e.entry_date >= ? AND e.entry_date <= ? AND e.id < ? ORDER BY e.id DESC LIMIT ?';
    expect(run(pageBefore, ['0000-01-01', '9999-12-31', 1e9, 200])[0]!.plan).toEqual(['SEARCH e USING INDEX journal_entries_date (entry_date>? AND entry_date<?)', 'USE TEMP B-TREE FOR ORDER BY']);
    // the entries of a source to reverse: the planner took reversal_of IS NULL, nearly every entry of the journal
    const reverseBefore = 'SELECT e.id FROM journal_entries e WHERE e.source_type = ? AND e.source_id = ? AND e.reversal_of IS NULL ORDER BY e.id';
    expect(run(reverseBefore, ['loan_transaction', 1])[0]!.plan[0]).toBe('SEARCH e USING INDEX sqlite_autoindex_journal_entries_2 (reversal_of=?)');
  });

  it('the trial balance and the chart of accounts read the kept daily figures, not the journal', async () => {
    for (const call of [
      () => b.accountant.ok('accounting.trialBalance', {}),
      () => b.accountant.ok('accounting.trialBalance', { asOf: '2026-02-15' }),
      () => b.accountant.ok('accounting.accounts', { includeInactive: true }),
    ]) {
      const executed = await executedBy(b.core, call);
      expect(executed.filter((e) => /journal_(entries|lines)/.test(e.text))).toEqual([]);
      const plans = ledgerPlans(b.core, executed);
      // one pass over accounts x days, in key order: grouped by account without a sort
      expect(planOf(plans, 'FROM gl_daily_balances')).toEqual(['SCAN gl_daily_balances']);
      expect(scans(plans, [/^SCAN gl_daily_balances$/])).toEqual([]);
    }
  });

  it("an account's balance (the vault's, for tills.vault) reads its own kept daily figures", async () => {
    const plans = ledgerPlans(b.core, await executedBy(b.core, () => b.manager.ok('tills.vault', {})));
    expect(planOf(plans, 'sum(debits - credits)')).toEqual(['SEARCH gl_daily_balances USING PRIMARY KEY (gl_account_id=?)']);
    expect(scans(plans)).toEqual([]);
  });

  it("a statement page: the period's opening and closing from the kept figures, its lines by gl_account_lines from the cursor", async () => {
    const input = { glAccountId: b.rent, fromDate: '2026-02-01', toDate: '2026-03-31', limit: 5 };
    let first: { nextCursor: string | null } | undefined;
    const firstPlans = ledgerPlans(b.core, await executedBy(b.core, async () => (first = await b.accountant.ok('accounting.accountStatement', input))));
    expect(first!.nextCursor).not.toBeNull();
    const nextPlans = ledgerPlans(b.core, await executedBy(b.core, () => b.accountant.ok('accounting.accountStatement', { ...input, cursor: first!.nextCursor! })));
    for (const plans of [firstPlans, nextPlans]) {
      expect(planOf(plans, 'entry_date < ?')).toEqual(['SEARCH gl_daily_balances USING PRIMARY KEY (gl_account_id=? AND entry_date<?)']);
      expect(planOf(plans, 'entry_date >= ? AND entry_date <= ?')).toEqual(['SEARCH gl_daily_balances USING PRIMARY KEY (gl_account_id=? AND entry_date>? AND entry_date<?)']);
      // the page is read in key order from the cursor and stops at limit + 1: no sort, every line and entry by id
      expect(planOf(plans, 'FROM gl_account_lines g')).toEqual([
        'SEARCH g USING PRIMARY KEY (gl_account_id=? AND (entry_date,line_id)>(?,?) AND entry_date<?)',
        'SEARCH l USING INTEGER PRIMARY KEY (rowid=?)',
        'SEARCH e USING INTEGER PRIMARY KEY (rowid=?)',
      ]);
      expect(scans(plans)).toEqual([]);
    }
  });

  it('a page of the journal, filtered or not, reads the page from an index in id order, or a window of dates through its index', async () => {
    const cases: [Record<string, unknown>, string, string[]][] = [
      // newest first: the entries from beforeId down, the dates only filtering
      [{ limit: 200 }, 'FROM journal_entries e LEFT JOIN', ['SEARCH e USING INTEGER PRIMARY KEY (rowid<?)']],
      [{ limit: 20, beforeId: 30, fromDate: '2026-02-01' }, 'FROM journal_entries e LEFT JOIN', ['SEARCH e USING INTEGER PRIMARY KEY (rowid<?)']],
      // one account: its lines from beforeId down (journal_lines_account), an entry once however many lines it has there
      [{ limit: 200, glAccountId: b.rent }, 'FROM journal_lines x', ['SEARCH x USING COVERING INDEX journal_lines_account (gl_account_id=? AND entry_id<?)']],
      [{ limit: 20, glAccountId: b.vault, beforeId: 30, toDate: '2026-03-01' }, 'FROM journal_lines x', ['SEARCH x USING COVERING INDEX journal_lines_account (gl_account_id=? AND entry_id<?)']],
      // a window of dates: the window's entries (or the account's lines of the window), then a sort of the window only
      [{ limit: 200, fromDate: '2026-02-01', toDate: '2026-02-28' }, 'FROM journal_entries e LEFT JOIN', ['SEARCH e USING INDEX journal_entries_date (entry_date>? AND entry_date<?)']],
      [{ limit: 200, glAccountId: b.rent, fromDate: '2026-02-01', toDate: '2026-02-28' }, 'FROM gl_account_lines g', ['SEARCH g USING PRIMARY KEY (gl_account_id=? AND entry_date>? AND entry_date<?)']],
    ];
    for (const [input, marker, drivenBy] of cases) {
      const what = JSON.stringify(input);
      const plans = ledgerPlans(b.core, await executedBy(b.core, () => b.accountant.ok('accounting.journalEntries', input as never)));
      const page = planOf(plans, marker);
      expect(page.slice(0, drivenBy.length), what).toEqual(drivenBy);
      if (input.fromDate === undefined || input.toDate === undefined) expect(page.join('\n'), what).not.toMatch(/TEMP B-TREE/);
      // each entry of the page: its reversal by the unique index of reversal_of, its lines by entry in one query
      expect(page.join('\n'), what).toMatch(/SEARCH r USING COVERING INDEX sqlite_autoindex_journal_entries_2 \(reversal_of=\?\)/);
      if (input.glAccountId !== undefined) expect(page.join('\n'), what).toMatch(/SEARCH y USING COVERING INDEX journal_lines_account \(gl_account_id=\? AND entry_id=\? AND rowid<\?\)/);
      expect(planOf(plans, 'json_each'), what).toEqual(expect.arrayContaining(['SEARCH l USING INDEX journal_lines_entry (entry_id=?)']));
      expect(scans(plans), what).toEqual([]);
    }
  });

  it("reversing: a source's entries through journal_entries_source, an entry, its reversal and its lines by their indexes", async () => {
    // a repayment dated before the 5 March one re-posts it: its entries are reversed (reverseEntriesOf)
    setBusinessDate(b.core, '2026-03-31');
    const repayment = ledgerPlans(
      b.core,
      await executedBy(b.core, () => b.teller.ok('loans.repay', { loanId: b.loanId, transactionAmount: '300', transactionDate: '2026-02-25', paymentTypeCode: 'CASH' })),
    );
    expect(planOf(repayment, 'e.source_type = ? AND e.source_id = ?')).toEqual([
      'SEARCH e USING INDEX journal_entries_source (source_type=? AND source_id=?)',
      'CORRELATED SCALAR SUBQUERY 1',
      'SEARCH r USING COVERING INDEX sqlite_autoindex_journal_entries_2 (reversal_of=?)',
    ]);
    // a manual entry reversed (reverseJournalEntry): the entry by id, whether it is reversed, its lines
    const { id } = await b.accountant.ok('accounting.postEntry', { description: 'Rent', lines: [{ glCode: '5400', debit: '5' }, { glCode: '1110', credit: '5' }] });
    const reversal = ledgerPlans(b.core, await executedBy(b.core, () => b.accountant.ok('accounting.reverseEntry', { entryId: id })));
    for (const plans of [repayment, reversal]) {
      expect(planOf(plans, 'source_type, source_id FROM journal_entries WHERE id = ?')).toEqual(['SEARCH journal_entries USING INTEGER PRIMARY KEY (rowid=?)']);
      expect(planOf(plans, 'SELECT id FROM journal_entries WHERE reversal_of = ?')).toEqual(['SEARCH journal_entries USING COVERING INDEX sqlite_autoindex_journal_entries_2 (reversal_of=?)']);
      expect(planOf(plans, 'FROM journal_lines WHERE entry_id = ? ORDER BY id')).toEqual(['SEARCH journal_lines USING INDEX journal_lines_entry (entry_id=?)']);
      expect(scans(plans)).toEqual([]);
    }
    assertInvariants(b.core);
  });
});
