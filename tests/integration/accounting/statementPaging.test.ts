import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { accountingOperations, type AccountStatement, type JournalEntryView } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import { assertInvariants, snapshot } from '../../support/core';
import { booksWithHistory, type Books } from './books';
import { accountNameText, journalText } from '../../../electron/core/services/accounting/bookTexts';

/**
 * accounting.accountStatement in pages (issue 11): any page size gives exactly the lines and running balances of
 * the whole statement, which is what the journal says, across backdated entries; and accounting.journalEntries
 * filtered by an account gives each entry touching it once, newest first, page after page.
 */

type Statement = Omit<AccountStatement, 'nextCursor'>;

/** An account's statement computed from the journal itself: every line of the period in date, entry, line order. */
function statementFromJournal(core: Core, accountId: number, fromDate: string | null, toDate: string): Statement {
  const row = core.db.prepare('SELECT id, code, name, type FROM gl_accounts WHERE id = ?').get(accountId) as Omit<AccountStatement['account'], 'nameText'>;
  const a: AccountStatement['account'] = { ...row, nameText: accountNameText(row.code, row.name) };
  const sign = a.type === 'ASSET' || a.type === 'EXPENSE' ? 1 : -1;
  const before = core.db
    .prepare('SELECT coalesce(sum(l.debit - l.credit), 0) AS net FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.gl_account_id = ? AND e.entry_date < ?')
    .get(accountId, fromDate ?? '') as { net: number };
  const rows = core.db
    .prepare(
      `SELECT l.entry_id, e.entry_date, e.description, e.source_type, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
       WHERE l.gl_account_id = ? AND e.entry_date >= ? AND e.entry_date <= ? ORDER BY e.entry_date, e.id, l.id`,
    )
    .all(accountId, fromDate ?? '', toDate) as { entry_id: number; entry_date: string; description: string; source_type: string; debit: number; credit: number }[];
  let balance = sign * before.net;
  const opening = balance;
  const lines = rows.map((r) => {
    balance += sign * (r.debit - r.credit);
    return { entryId: r.entry_id, date: r.entry_date, description: r.description, text: journalText(r.description, r.source_type), debit: formatMoney(r.debit, 2), credit: formatMoney(r.credit, 2), balance: formatMoney(balance, 2) };
  });
  return { account: a, fromDate, toDate, openingBalance: formatMoney(opening, 2), lines, closingBalance: formatMoney(balance, 2) };
}

describe('accounting.accountStatement in pages', () => {
  let b: Books;
  beforeAll(async () => {
    b = await booksWithHistory();
  }, 120_000);

  it('gives, in pages of any size, exactly the lines and running balances of one page, which are what the journal says', async () => {
    const portfolio = (b.core.db.prepare("SELECT id FROM gl_accounts WHERE code = '1200'").get() as { id: number }).id;
    let lines = 0;
    for (const glAccountId of [b.rent, b.capital, b.vault, portfolio]) {
      for (const fromDate of [undefined, '2026-01-06', '2026-02-10', '2026-03-20']) {
        for (const toDate of ['2026-03-31', '2026-02-28']) {
          const what = JSON.stringify({ glAccountId, fromDate, toDate });
          const input = { glAccountId, toDate, ...(fromDate ? { fromDate } : {}) };
          const whole = await b.accountant.ok('accounting.accountStatement', { ...input, limit: 5000 });
          const { nextCursor, ...statement } = whole;
          expect(nextCursor, what).toBeNull();
          expect(statement, what).toEqual(statementFromJournal(b.core, glAccountId, fromDate ?? null, toDate));
          lines += whole.lines.length;
          for (const limit of [1, 2, 7]) {
            const pages: AccountStatement[] = [];
            let cursor: string | null = null;
            do {
              const page: AccountStatement = await b.accountant.ok('accounting.accountStatement', { ...input, limit, ...(cursor ? { cursor } : {}) });
              pages.push(page);
              cursor = page.nextCursor;
            } while (cursor !== null);
            expect(pages.flatMap((p) => p.lines), `${what} in pages of ${limit}`).toEqual(whole.lines);
            expect(pages.length, `${what} in pages of ${limit}`).toBe(Math.max(1, Math.ceil(whole.lines.length / limit)));
            for (const p of pages) {
              expect(p.lines.length).toBeLessThanOrEqual(limit);
              // the period's opening and closing balances on every page
              expect({ ...p, lines: [], nextCursor: null }, what).toEqual({ ...whole, lines: [] });
            }
          }
        }
      }
    }
    expect(lines).toBeGreaterThan(300); // the cases are not empty
    // the journal is not in date order on these accounts: an entry posted later is dated earlier
    const outOfOrder = b.core.db
      .prepare('SELECT count(*) AS n FROM journal_entries a JOIN journal_entries z ON z.id > a.id AND z.entry_date < a.entry_date WHERE a.manual = 1 AND z.manual = 1')
      .get() as { n: number };
    expect(outOfOrder.n).toBeGreaterThan(10);
  });

  it('answers a call without limit or cursor as before: the whole of a statement shorter than 500 lines, nextCursor null', async () => {
    const s = await b.accountant.ok('accounting.accountStatement', { glAccountId: b.rent });
    expect(s.nextCursor).toBeNull();
    expect(s.lines.length).toBeGreaterThan(20);
    expect(s.lines.at(-1)!.balance).toBe(s.closingBalance);
    const { nextCursor: _, ...statement } = s;
    expect(statement).toEqual(statementFromJournal(b.core, b.rent, null, '2026-03-31')); // toDate: the business date
    expect(accountingOperations['accounting.accountStatement'].input.parse({ glAccountId: 1 })).toEqual({ glAccountId: 1, limit: 500 });
  });

  it('a later page continues from where its cursor ended: a line posted after it is on the next page, its balance running on', async () => {
    const first = await b.accountant.ok('accounting.accountStatement', { glAccountId: b.capital, limit: 3 });
    const { id } = await b.accountant.ok('accounting.postEntry', { description: 'More capital', lines: [{ glCode: '1110', debit: '100' }, { glCode: '3100', credit: '100' }] });
    const rest: AccountStatement['lines'] = [];
    for (let cursor = first.nextCursor; cursor !== null; ) {
      const page: AccountStatement = await b.accountant.ok('accounting.accountStatement', { glAccountId: b.capital, limit: 50, cursor });
      rest.push(...page.lines);
      cursor = page.nextCursor;
    }
    const now = await b.accountant.ok('accounting.accountStatement', { glAccountId: b.capital });
    expect([...first.lines, ...rest]).toEqual(now.lines);
    expect(rest.at(-1)).toMatchObject({ entryId: id, credit: '100.00', balance: now.closingBalance });
    assertInvariants(b.core);
  });

  it('refuses a cursor of another account or period, or no cursor at all, and a page size out of 1 to 5000, naming the field', async () => {
    const page = await b.accountant.ok('accounting.accountStatement', { glAccountId: b.rent, fromDate: '2026-02-01', limit: 2 });
    const cursor = page.nextCursor!;
    const before = snapshot(b.core);
    for (const input of [
      { glAccountId: b.vault, fromDate: '2026-02-01', cursor },
      { glAccountId: b.rent, cursor },
      { glAccountId: b.rent, fromDate: '2026-02-02', cursor },
      { glAccountId: b.rent, fromDate: '2026-02-01', cursor: 'not-a-cursor' },
      { glAccountId: b.rent, fromDate: '2026-02-01', cursor: Buffer.from(JSON.stringify({ a: b.rent, f: '2026-02-01', d: '2026-02-03', l: 'x', b: 0 })).toString('base64url') },
    ]) {
      expect(await b.accountant.err('accounting.accountStatement', input), JSON.stringify(input)).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'cursor', code: 'invalid_cursor' }] });
    }
    for (const limit of [0, 5001, 2.5]) {
      expect(await b.accountant.err('accounting.accountStatement', { glAccountId: b.rent, limit })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'limit' }] });
    }
    expect((await b.teller.err('accounting.accountStatement', { glAccountId: b.rent, cursor })).code).toBe('PERMISSION_DENIED');
    expect(snapshot(b.core)).toBe(before);
    // the same cursor still continues its own statement
    expect((await b.accountant.ok('accounting.accountStatement', { glAccountId: b.rent, fromDate: '2026-02-01', limit: 2, cursor })).lines[0]).toEqual(
      (await b.accountant.ok('accounting.accountStatement', { glAccountId: b.rent, fromDate: '2026-02-01', limit: 3 })).lines[2],
    );
  });
});

describe('accounting.journalEntries filtered by an account, in pages', () => {
  let b: Books;
  beforeAll(async () => {
    b = await booksWithHistory();
  }, 120_000);

  /** The ids of the entries with a line on the account (dated in the window), newest first, from the journal. */
  function entriesFromJournal(core: Core, accountId: number | null, fromDate = '0000-01-01', toDate = '9999-12-31'): number[] {
    return (
      core.db
        .prepare(
          `SELECT e.id FROM journal_entries e WHERE e.entry_date BETWEEN ? AND ?
             AND (? IS NULL OR e.id IN (SELECT entry_id FROM journal_lines WHERE gl_account_id = ?)) ORDER BY e.id DESC`,
        )
        .all(fromDate, toDate, accountId, accountId) as { id: number }[]
    ).map((r) => r.id);
  }

  it('lists each entry touching the account once (two lines on it or one), newest first, page after page by beforeId', async () => {
    for (const glAccountId of [b.rent, b.vault, null]) {
      for (const window of [{}, { fromDate: '2026-02-01', toDate: '2026-02-28' }, { toDate: '2026-02-15' }, { fromDate: '2026-03-01' }]) {
        const what = JSON.stringify({ glAccountId, window });
        const filter = { ...window, ...(glAccountId !== null ? { glAccountId } : {}) };
        const expected = entriesFromJournal(b.core, glAccountId, window.fromDate, window.toDate);
        const whole = await b.accountant.ok('accounting.journalEntries', { ...filter, limit: 2000 });
        expect(whole.map((e) => e.id), what).toEqual(expected);
        const paged: JournalEntryView[] = [];
        for (let beforeId: number | undefined; ; ) {
          const page: JournalEntryView[] = await b.accountant.ok('accounting.journalEntries', { ...filter, limit: 4, ...(beforeId ? { beforeId } : {}) });
          paged.push(...page);
          if (page.length < 4) break;
          beforeId = page.at(-1)!.id;
        }
        expect(paged, what).toEqual(whole);
      }
    }
    // the rent account has entries with two lines on it: listed once, with both lines
    const split = (await b.accountant.ok('accounting.journalEntries', { glAccountId: b.rent, limit: 2000 })).filter((e) => e.lines.filter((l) => l.glAccountId === b.rent).length === 2);
    expect(split.length).toBeGreaterThan(3);
  });
});
