import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, memoryCore, TestClock } from '../../support/core';
import type { Core } from '../../../electron/core';
import { HISTORY_DAYS } from '../../../electron/core/services/training';

/**
 * Issue 19 points 1 and 10: the training demo opens ready to teach. setup.openTrainingDemo makes the branch as of
 * HISTORY_DAYS ago with its opening balances and cash; setup.demoHistory (a job) posts its weeks of business through
 * the dispatcher, each day closed by day-end, up to today (the clock's 2026-03-02).
 */
const TODAY = '2026-03-02';

async function openDemo(clients?: number): Promise<{ core: Core; clock: TestClock; public: Caller; seconds: number; statuses: { done: number; total: number }[] }> {
  const { core, clock } = await memoryCore();
  const c = new Caller(core);
  const opened = await c.ok('setup.openTrainingDemo', clients === undefined ? {} : { clients });
  expect(opened.history).toBe(true);
  expect(await c.ok('setup.demoStatus', {})).toMatchObject({ state: 'pending' });
  // the status is answered between the job's chunks
  const statuses: { done: number; total: number }[] = [];
  let finished = false;
  const job = c.ok('setup.demoHistory', {}).finally(() => {
    finished = true;
  });
  while (!finished) {
    const s = await c.ok('setup.demoStatus', {});
    if (s.state === 'running') statuses.push({ done: s.done, total: s.total });
    await new Promise((r) => setTimeout(r, 5));
  }
  const result = await job;
  expect(result.businessDate).toBe(TODAY);
  return { core, clock, public: c, seconds: result.seconds, statuses };
}

function counts(core: Core, sqlText: string): Record<string, number> {
  return Object.fromEntries((core.db.prepare(sqlText).all() as { k: string | number; n: number }[]).map((r) => [String(r.k), r.n]));
}

describe('the training demo (issue 19 points 1 and 10)', () => {
  it('opens with products, loans in every state, savings with history, a center, a funded vault and balanced books', async () => {
    const { core, public: c, seconds, statuses } = await openDemo();
    console.log(`[demo] 200 clients: history built in ${seconds} s`);
    // the job reported its progress day by day while it ran
    expect(statuses.length).toBeGreaterThan(3);
    expect(statuses.at(-1)!.done).toBeGreaterThan(statuses[0]!.done);
    expect(await c.ok('setup.demoStatus', {})).toMatchObject({ state: 'done', businessDate: TODAY });
    expect((await c.err('setup.demoHistory', {})).code).toBe('INVALID_STATE');

    // 300 loans (1.5 a client) in every state: submitted 100, approved 200, active 300, closed 600, written off 601
    const byStatus = counts(core, 'SELECT status AS k, count(*) AS n FROM loans GROUP BY status');
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(300);
    for (const s of ['100', '200', '300', '600', '601']) expect(byStatus[s] ?? 0).toBeGreaterThan(0);

    const manager = new Caller(core);
    await manager.ok('session.login', { username: 'manager', password: 'Demo-manager-2026' });
    const active = await manager.ok('loans.list', { status: 'ACTIVE', limit: 1000 });
    const late = (d: number) => active.filter((l) => l.daysInArrears === d).length;
    // the plan's late loans: their oldest unpaid installment fell due 5, 35, 65 and 95 days before today
    for (const d of [5, 35, 65, 95]) expect(late(d), `${d} days late`).toBeGreaterThan(0);
    const onTime = active.filter((l) => l.daysInArrears === 0);
    expect(onTime.length).toBeGreaterThan(50);
    // loans with an installment due today: the teller has something to take
    expect(onTime.filter((l) => l.nextDueDate === TODAY).length).toBeGreaterThan(20);

    // savings with history (deposits, withdrawals, interest posted by day-end on the first of the month)
    const savingsTx = counts(core, 'SELECT type AS k, count(*) AS n FROM savings_transactions GROUP BY type');
    expect(Object.keys(savingsTx).length).toBeGreaterThanOrEqual(3);
    expect(core.db.prepare("SELECT count(*) AS n FROM savings_accounts WHERE status = 300").get()).toEqual({ n: 120 });

    // a center with its groups and its weekly meeting
    expect(core.db.prepare('SELECT count(*) AS n FROM calendars').get()).toEqual({ n: 1 });
    const centers = await manager.ok('centers.list', {} as never);
    expect(centers.length).toBe(1);

    // the books: the bank and the vault positive, the teller's till closed holding her float
    const accounts = await manager.ok('accounting.accounts', {});
    const balance = (code: string) => Number(accounts.find((a) => a.code === code)!.balance);
    expect(balance('1140')).toBeGreaterThan(0);
    expect(balance('1110')).toBeGreaterThan(0);
    expect(balance('1130')).toBeGreaterThan(0);
    const vault = await manager.ok('tills.vault', {});
    expect(vault.tills.find((t) => t.username === 'teller')).toMatchObject({ open: false, balance: '20000.00' });
    const trial = await manager.ok('accounting.trialBalance', {});
    expect(trial.totalDebit).toBe(trial.totalCredit);

    // the business went through the operations: their audit rows, day-end closing every day from the first
    const ops = counts(core, 'SELECT operation AS k, count(*) AS n FROM command_log GROUP BY operation');
    for (const op of ['loans.submit', 'loans.approve', 'loans.disburse', 'loans.repay', 'loans.writeOff', 'savings.deposit', 'savings.withdraw', 'tills.open', 'tills.close', 'dayEnd.run', 'setup.demoHistory']) {
      expect(ops[op] ?? 0, op).toBeGreaterThan(0);
    }
    expect(core.db.prepare('SELECT count(DISTINCT business_date) AS n FROM day_end_runs WHERE finished_at IS NOT NULL').get()).toEqual({ n: HISTORY_DAYS });
    assertInvariants(core);

    // the trainer's path: the teller opens her till with her count, takes a repayment and a deposit
    const teller = new Caller(core);
    await teller.ok('session.login', { username: 'teller', password: 'Demo-teller-2026' });
    await teller.ok('tills.open', { count: [{ denomination: '1000', quantity: 20 }] });
    const due = onTime.find((l) => l.nextDueDate === TODAY)!;
    const paid = await teller.ok('loans.repay', { loanId: due.id, transactionAmount: due.nextDueAmount, paymentTypeCode: 'CASH' });
    expect(paid.receipt).not.toBeNull();
    const account = (await teller.ok('savings.list', {} as never))[0]!;
    await teller.ok('savings.deposit', { savingsId: account.id, transactionAmount: '500', paymentTypeCode: 'CASH' });
    assertInvariants(core);
    core.close();
  }, 300_000);
});
