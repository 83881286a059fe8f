import { describe, expect, it } from 'vitest';
import { postJournalEntry } from '../../../electron/core/services/ledger';
import { postMoneyMovement, postReallocation } from '../../../electron/core/services/tills';
import { asCommand } from '../../support/command';
import { assertInvariants, snapshot } from '../../support/core';
import { lendingBranch, tillCash, type LendingBranch } from '../../support/lending';

/**
 * The one way cash is posted (tills/cash.ts): the ledger refuses a line on a till's account without its till
 * movement; postMoneyMovement checks that the till line is the movement; postReallocation's lines must net to zero
 * by the end of the command. Driven directly, inside a transaction shaped like a command's, as the dispatcher runs one.
 */
function accounts(b: LendingBranch): { till: number; vault: number; bank: number } {
  const db = b.core.db;
  const till = (db.prepare("SELECT t.gl_account_id AS id FROM tills t JOIN users u ON u.id = t.user_id WHERE u.username = 'teller'").get() as { id: number }).id;
  const tag = (t: string) => (db.prepare('SELECT id FROM gl_accounts WHERE tag = ?').get(t) as { id: number }).id;
  return { till, vault: tag('CASH_VAULT'), bank: tag('BANK') };
}

const entry = (lines: { accountId: number; debit?: number; credit?: number }[]) => ({ date: '2026-01-05', description: 'test movement', sourceType: 'test', sourceId: null, lines });

describe('the one way cash is posted', () => {
  it('refuses a journal line on a till account posted without its till movement, writing nothing', async () => {
    const b = await lendingBranch();
    const { till, bank } = accounts(b);
    const before = snapshot(b.core);
    expect(() => asCommand(b, 'teller', (ctx) => postJournalEntry(ctx, entry([{ accountId: till, debit: 500 }, { accountId: bank, credit: 500 }])))).toThrow(/must be posted with its till movement/);
    expect(() => asCommand(b, 'teller', (ctx) => postMoneyMovement(ctx, entry([{ accountId: till, debit: 500 }, { accountId: bank, credit: 500 }]), null))).toThrow(/names no till movement/);
    expect(snapshot(b.core)).toBe(before);
  });

  it('refuses a till movement that is not the till line of its entry', async () => {
    const b = await lendingBranch();
    const { till, bank } = accounts(b);
    const before = snapshot(b.core);
    const use = { kind: 'SAVINGS_DEPOSIT' as const, amount: 400, reference: null, description: 'deposit' };
    expect(() => asCommand(b, 'teller', (ctx) => postMoneyMovement(ctx, entry([{ accountId: till, debit: 500 }, { accountId: bank, credit: 500 }]), use))).toThrow(/is not its till movement/);
    expect(snapshot(b.core)).toBe(before);
  });

  it('posts the entry and the movement together: GL, balance column and movements agree', async () => {
    const b = await lendingBranch();
    const { till, bank } = accounts(b);
    const glBefore = (await b.accountant.ok('accounting.accounts', {})).find((a) => a.id === till)!.balance;
    asCommand(b, 'teller', (ctx) => postMoneyMovement(ctx, entry([{ accountId: till, debit: 12_345 }, { accountId: bank, credit: 12_345 }]), { kind: 'SAVINGS_DEPOSIT', amount: 12_345, reference: 'X', description: 'deposit' }));
    // 10,000,000.00 + 123.45
    expect(glBefore).toBe('10000000.00');
    expect((await b.accountant.ok('accounting.accounts', {})).find((a) => a.id === till)!.balance).toBe('10000123.45');
    expect((await tillCash(b.manager, 'teller'))).toBe('10000123.45');
    const last = b.core.db.prepare('SELECT kind, amount, balance_after FROM till_movements ORDER BY id DESC LIMIT 1').get();
    expect(last).toEqual({ kind: 'SAVINGS_DEPOSIT', amount: 12_345, balance_after: 1_000_012_345 });
    assertInvariants(b.core);
  });

  it('lets re-allocated till lines through only when they net to zero by the end of the command', async () => {
    const b = await lendingBranch();
    const { till, bank } = accounts(b);
    const before = snapshot(b.core);
    expect(() => asCommand(b, 'teller', (ctx) => postReallocation(ctx, entry([{ accountId: bank, debit: 700 }, { accountId: till, credit: 700 }])))).toThrow(/do not net to zero/);
    expect(snapshot(b.core)).toBe(before);
    asCommand(b, 'teller', (ctx) => {
      postReallocation(ctx, entry([{ accountId: bank, debit: 700 }, { accountId: till, credit: 700 }]));
      postReallocation(ctx, entry([{ accountId: till, debit: 700 }, { accountId: bank, credit: 700 }]));
    });
    expect((await tillCash(b.manager, 'teller'))).toBe('10000000.00');
    expect((await b.accountant.ok('accounting.accounts', {})).find((a) => a.id === till)!.balance).toBe('10000000.00');
    assertInvariants(b.core);
  });
});
