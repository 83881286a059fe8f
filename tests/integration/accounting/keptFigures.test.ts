import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { addDays } from '../../../electron/core/domain/calendar/isoDate';
import type { TrialBalance } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import { assertInvariants } from '../../support/core';
import { booksWithHistory } from './books';
import { accountNameText } from '../../../electron/core/services/accounting/bookTexts';

/**
 * The trial balance, the chart's balances and an account's balance are read from the figures kept per account and
 * day (gl_daily_balances, migration 0005), not from the journal (issue 11): on books with backdated entries,
 * reversals and a re-posted loan, they are what summing the journal gives, as of every date.
 */

/** The trial balance summed from the journal's lines dated on or before `asOf`. */
function trialBalanceFromJournal(core: Core, asOf: string): TrialBalance {
  const sums = core.db
    .prepare(
      `SELECT a.id, a.code, a.name, a.type, sum(l.debit) AS debits, sum(l.credit) AS credits
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN gl_accounts a ON a.id = l.gl_account_id
       WHERE e.entry_date <= ? GROUP BY a.id ORDER BY a.code`,
    )
    .all(asOf) as { id: number; code: string; name: string; type: TrialBalance['rows'][number]['type']; debits: number; credits: number }[];
  const rows = sums
    .filter((s) => s.debits !== s.credits)
    .map((s) => ({ glAccountId: s.id, glCode: s.code, name: s.name, nameText: accountNameText(s.code, s.name), type: s.type, net: s.debits - s.credits }));
  const total = (side: 1 | -1) => rows.reduce((t, r) => t + Math.max(0, side * r.net), 0);
  return {
    asOf,
    rows: rows.map(({ net, ...r }) => ({ ...r, debit: formatMoney(Math.max(0, net), 2), credit: formatMoney(Math.max(0, -net), 2) })),
    totalDebit: formatMoney(total(1), 2),
    totalCredit: formatMoney(total(-1), 2),
  };
}

describe('figures kept per account and day', () => {
  it('give the trial balance the journal sums to, as of every day, the chart its balances and a till its vault', async () => {
    const b = await booksWithHistory();
    const days: string[] = [];
    for (let d = '2025-11-30'; d <= '2026-04-01'; d = addDays(d, 1)) days.push(d);
    for (const asOf of days) {
      expect(await b.accountant.ok('accounting.trialBalance', { asOf }), asOf).toEqual(trialBalanceFromJournal(b.core, asOf));
    }
    const today = await b.accountant.ok('accounting.trialBalance', {});
    expect(today).toEqual(trialBalanceFromJournal(b.core, '2026-03-31'));
    expect(today.totalDebit).toBe(today.totalCredit);
    expect(today.rows.map((r) => r.glCode)).toEqual(expect.arrayContaining(['1110', '1200', '3100', '5400']));

    // the chart: each detail account's balance on its normal side, over every line
    const chart = await b.accountant.ok('accounting.accounts', { includeInactive: true });
    const journal = new Map(
      (b.core.db.prepare('SELECT gl_account_id AS id, sum(debit) - sum(credit) AS net FROM journal_lines GROUP BY gl_account_id').all() as { id: number; net: number }[]).map((r) => [r.id, r.net]),
    );
    for (const a of chart.filter((x) => x.usage === 'DETAIL')) {
      const net = journal.get(a.id) ?? 0;
      expect(a.balance, a.code).toBe(formatMoney(a.type === 'ASSET' || a.type === 'EXPENSE' ? net : -net, 2));
    }
    // the vault's balance (the ledger's accountBalance) as tills.vault shows it
    expect((await b.manager.ok('tills.vault', {})).balance).toBe(formatMoney(journal.get(b.vault)!, 2));

    // and the kept rows are exactly the journal's, grouped by account and day; its lines by account and date
    const kept = b.core.db.prepare('SELECT gl_account_id, entry_date, debits, credits FROM gl_daily_balances ORDER BY 1, 2').all();
    const grouped = b.core.db
      .prepare(
        `SELECT l.gl_account_id, e.entry_date, sum(l.debit) AS debits, sum(l.credit) AS credits FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all();
    expect(kept).toEqual(grouped);
    expect(b.core.db.prepare('SELECT gl_account_id, entry_date, line_id FROM gl_account_lines ORDER BY 3').all()).toEqual(
      b.core.db.prepare('SELECT l.gl_account_id, e.entry_date, l.id AS line_id FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id ORDER BY l.id').all(),
    );
    assertInvariants(b.core);
  });
});
