import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core';
import { openDatabase } from '../../../electron/core/db/connection';
import type { Db } from '../../../electron/core/db/connection';
import { runCli, type CliIO } from '../../../electron/cli/main';
import { assertInvariants, Caller, memoryCore, tempDir, TestClock } from '../../support/core';

function io(): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => '' };
}

/** What the demo holds, in counts that do not depend on the month the demo is built in. */
function figures(db: Db): Record<string, unknown> {
  const all = (q: string) => db.prepare(q).all();
  return {
    clients: all('SELECT count(*) AS n FROM clients'),
    loans: all('SELECT status, count(*) AS n, sum(principal) AS principal FROM loans GROUP BY status ORDER BY status'),
    savings: all('SELECT status, count(*) AS n FROM savings_accounts GROUP BY status'),
    groups: all('SELECT count(*) AS n FROM groups'),
    calendars: all('SELECT count(*) AS n FROM calendars'),
    moves: all("SELECT type, count(*) AS n FROM savings_transactions WHERE type IN ('DEPOSIT', 'WITHDRAWAL') GROUP BY type"),
    operations: all("SELECT operation, count(*) AS n FROM command_log WHERE operation NOT IN ('dayEnd.run', 'savings.postInterest') GROUP BY operation ORDER BY operation"),
    opening: all("SELECT count(*) AS n FROM journal_entries WHERE source_type = 'opening_balance'"),
  };
}

describe('the training demo: the CLI and the first screen make the same branch (issue 19 point 1)', () => {
  it('branchbox seed-demo dispatches the same operations as setup.openTrainingDemo and setup.demoHistory', async () => {
    const dir = tempDir();
    const out = io();
    expect(await runCli(['seed-demo', '--data-dir', dir, '--clients', '40'], out)).toBe(0);
    expect(out.lines.join('\n')).toMatch(/History: 60 loans and 24 savings accounts over \d+ business days/);
    const fromCli = openDatabase(join(dir, DATABASE_FILE), { readonly: true });
    const cli = figures(fromCli);
    fromCli.close();
    expect(await runCli(['verify', '--data-dir', dir], io())).toBe(0);

    // the first screen's way, on the same day (the CLI ran on the PC's clock)
    const { core } = await memoryCore(new TestClock(Date.now()));
    const c = new Caller(core);
    await c.ok('setup.openTrainingDemo', { clients: 40 });
    await c.ok('setup.demoHistory', {});
    expect(figures(core.db)).toEqual(cli);
    assertInvariants(core);
    core.close();
  }, 300_000);

  it('a demo larger than 5,000 clients opens today with its cash and no history', async () => {
    const { core } = await memoryCore();
    const c = new Caller(core);
    expect((await c.ok('setup.openTrainingDemo', { clients: 5001 })).history).toBe(false);
    // a small one asked without history opens today too (a quick branch for tests: seed-demo --no-history)
    const smallCore = (await memoryCore()).core;
    const small = new Caller(smallCore);
    expect(await small.err('setup.openTrainingDemo', { clients: 3, history: 'no' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'history' }] });
    expect((await small.ok('setup.openTrainingDemo', { clients: 3, history: false })).history).toBe(false);
    expect(await small.ok('setup.demoStatus', {})).toMatchObject({ state: 'none', businessDate: '2026-03-02' });
    smallCore.close();
    expect(await c.ok('setup.demoStatus', {})).toMatchObject({ state: 'none', businessDate: '2026-03-02' });
    expect((await c.err('setup.demoHistory', {})).code).toBe('INVALID_STATE');
    const bank = core.db.prepare("SELECT sum(l.debit) - sum(l.credit) AS b FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id WHERE a.code = '1140'").get();
    // 3,000,000.00 opening less 500,000.00 into the vault
    expect(bank).toEqual({ b: 250_000_000 });
    assertInvariants(core);
    core.close();
  }, 120_000);
});

/** The books to the minor unit: every account's balance. */
function books(db: Db): unknown[] {
  return db.prepare('SELECT a.code, sum(l.debit) AS debit, sum(l.credit) AS credit FROM journal_lines l JOIN gl_accounts a ON a.id = l.gl_account_id GROUP BY a.code ORDER BY a.code').all();
}

describe('a demo history cut short is continued (issue 19 point 1)', () => {
  const at = new TestClock(Date.parse('2026-03-02T08:00:00Z'));
  // the demo built in one go, made once for both cases
  let built: Promise<{ whole: Awaited<ReturnType<typeof memoryCore>>['core']; w: Caller }> | null = null;
  const inOneGo = () =>
    (built ??= (async () => {
      const whole = (await memoryCore(new TestClock(at.now().getTime()))).core;
      const w = new Caller(whole);
      await w.ok('setup.openTrainingDemo', { clients: 30 });
      await w.ok('setup.demoHistory', {});
      return { whole, w };
    })());
  afterAll(async () => (built ? (await built).whole.close() : undefined));

  it.each([40, 900])('stopped at the %ith step of a day-end, setup.demoHistory continues it from the books and makes the same branch', async (stopAt) => {
    const { whole, w } = await inOneGo();

    // the same demo, its day-end failing once part of the way (as if the program had stopped there)
    let steps = 0;
    const cut = (await memoryCore(new TestClock(at.now().getTime()), {
      faults: { dayEnd: () => {
        steps += 1;
        if (steps === stopAt) throw new Error('the program stopped');
      } },
      log: () => undefined,
    })).core;
    const c = new Caller(cut);
    await c.ok('setup.openTrainingDemo', { clients: 30 });
    expect((await c.err('setup.demoHistory', {})).message).toMatch(/history stopped/);
    const stopped = await c.ok('setup.demoStatus', {});
    expect(stopped.state).toBe('interrupted');
    expect(stopped.done).toBeLessThan(stopped.total);

    const resumed = await c.ok('setup.demoHistory', {});
    expect(resumed.businessDate).toBe((await w.ok('setup.demoStatus', {})).businessDate);
    expect(await c.ok('setup.demoStatus', {})).toMatchObject({ state: 'done', done: stopped.total, total: stopped.total });
    expect(figures(cut.db)).toEqual(figures(whole.db));
    expect(books(cut.db)).toEqual(books(whole.db));
    assertInvariants(cut);
    expect((await c.err('setup.demoHistory', {})).message).toMatch(/already built/);
    cut.close();
  }, 300_000);
});
