import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { addDays } from '../../../electron/core/domain/calendar';
import { assertInvariants } from '../../support/core';
import { AKIBA, setBusinessDate } from '../../support/lending';
import { openSavings, savingsBranch, type SavingsBranch } from '../../support/savings';
import { OVERDRAFT } from './products';
import { statementsOf } from './statements';
import { interestState, livePostings as postings } from './dayEndBranch';

/**
 * savings.postInterest resumes each account from the checkpoint of its last run and skips the accounts with nothing
 * due without reading them; a transaction written before the checkpoint sends the account back to a computation
 * from activation. Both must give exactly the postings of a run computed from activation every time.
 */

/** postInterest as of the business date, with the statements it ran. */
async function run(b: SavingsBranch, date: string) {
  setBusinessDate(b.core, date);
  return statementsOf(b.core, () => b.accountant.ok('savings.postInterest', {}));
}

/**
 * The `from` each read of an account's transactions started at ('' = from activation): one account's read, or a
 * chunk's read of its accounts ([id, from] pairs as JSON).
 */
function readsFrom(statements: { text: string; args: unknown[] }[]): unknown[] {
  return statements.flatMap((s) => {
    if (s.text.includes('FROM savings_transactions t WHERE t.account_id = ? AND t.transaction_date >= ?')) return [s.args[1]];
    if (s.text.includes('FROM json_each(?) j CROSS JOIN savings_transactions t')) return (JSON.parse(String(s.args[0])) as [number, string][]).map((p) => p[1]);
    return [];
  });
}

describe('savings.postInterest: resume and skip', () => {
  it('posts month by month from the checkpoint, skips when nothing is due, and re-posts from activation after a backdated deposit (hand-worked)', async () => {
    // Akiba: 6 % a year, monthly compounding and posting, 365 days: 36,500.00 earns exactly 6.00 a day, 3,650.00 0.60
    const b = await savingsBranch();
    const id = b.savingsId;
    expect(interestState(b.core, id)).toEqual({ checkpoint: null, dueOn: '2026-02-01' }); // activated 1 January
    await b.teller.ok('savings.deposit', { savingsId: id, transactionAmount: '36500' });

    // January: 31 x 6.00 = 186.00, posted 1 February
    let r = await run(b, '2026-02-01');
    expect(r.result).toEqual({ accounts: 1, created: 1, reversed: 0 });
    expect(readsFrom(r.statements)).toEqual(['']);
    expect(interestState(b.core, id)).toEqual({ checkpoint: '2026-02-01', dueOn: '2026-03-01' });
    // February, resumed from 1 February (January's transactions not read): (36,500.00 + 186.00) x 6 % x 28 / 365 =
    // 168.856 -> 168.86
    r = await run(b, '2026-03-01');
    expect(r.result).toEqual({ accounts: 1, created: 1, reversed: 0 });
    expect(readsFrom(r.statements)).toEqual(['2026-02-01']);
    // March: (36,500.00 + 186.00 + 168.856110) x 6 % x 31 / 365 = 187.808 -> 187.81
    r = await run(b, '2026-04-01');
    expect(readsFrom(r.statements)).toEqual(['2026-03-01']);
    expect(postings(b.core, id)).toEqual([['2026-02-01', 18600], ['2026-03-01', 16886], ['2026-04-01', 18781]]);
    expect(interestState(b.core, id)).toEqual({ checkpoint: '2026-04-01', dueOn: '2026-05-01' });

    // 15 April: nothing due before 1 May; the run does not read the account's transactions at all
    r = await run(b, '2026-04-15');
    expect(r.result).toEqual({ accounts: 0, created: 0, reversed: 0 });
    expect(r.statements.filter((s) => s.text.includes('savings_transactions'))).toEqual([]);
    // nor for this one account
    expect(await b.accountant.ok('savings.postInterest', { savingsId: id })).toEqual({ accounts: 0, created: 0, reversed: 0 });

    // 3,650.00 backdated to 16 January: before the checkpoint, which is dropped; due from that day
    await b.teller.ok('savings.deposit', { savingsId: id, transactionAmount: '3650', transactionDate: '2026-01-16' });
    expect(interestState(b.core, id)).toEqual({ checkpoint: null, dueOn: '2026-01-16' });
    // recomputed from activation: January 15 x 6.00 + 16 x 6.60 = 195.60; February (40,150.00 + 195.60) x 6 % x
    // 28 / 365 = 185.700 -> 185.70; March (40,150.00 + 381.300296) x 6 % x 31 / 365 = 206.543 -> 206.54: all three
    // reversed and posted again
    r = await run(b, '2026-04-15');
    expect(r.result).toEqual({ accounts: 1, created: 3, reversed: 3 });
    expect(readsFrom(r.statements)).toEqual(['']);
    expect(postings(b.core, id)).toEqual([['2026-02-01', 19560], ['2026-03-01', 18570], ['2026-04-01', 20654]]);
    expect(interestState(b.core, id)).toEqual({ checkpoint: '2026-04-01', dueOn: '2026-05-01' });

    // April, from the new checkpoint: (40,150.00 + 587.843361) x 6 % x 30 / 365 = 200.899 -> 200.90
    r = await run(b, '2026-05-01');
    expect(r.result).toEqual({ accounts: 1, created: 1, reversed: 0 });
    expect(readsFrom(r.statements)).toEqual(['2026-04-01']);
    expect(postings(b.core, id).at(-1)).toEqual(['2026-05-01', 20090]);

    // a deposit dated on the checkpoint's day keeps it; one the day before drops it
    setBusinessDate(b.core, '2026-05-10');
    await b.teller.ok('savings.deposit', { savingsId: id, transactionAmount: '100', transactionDate: '2026-05-01' });
    expect(interestState(b.core, id)).toEqual({ checkpoint: '2026-05-01', dueOn: '2026-06-01' });
    // 3,650.00 on 30 April earns 0.60 in April: 200.90 -> 201.50
    await b.teller.ok('savings.deposit', { savingsId: id, transactionAmount: '3650', transactionDate: '2026-04-30' });
    expect(interestState(b.core, id)).toEqual({ checkpoint: null, dueOn: '2026-04-30' });
    r = await run(b, '2026-05-10');
    expect(r.result).toEqual({ accounts: 1, created: 1, reversed: 1 });
    expect(postings(b.core, id).at(-1)).toEqual(['2026-05-01', 20150]);
    // the interest under way on the account's page is computed from the checkpoint too: 1-9 May on 43,900.00 (the
    // 100.00 of 1 May included) + 789.342 compounded = 44,689.342 x 6 % x 9 / 365 = 66.115 -> 66.12
    expect(interestState(b.core, id)).toEqual({ checkpoint: '2026-05-01', dueOn: '2026-06-01' });
    expect((await b.teller.ok('savings.get', { savingsId: id })).summary.interestNotPosted).toBe('66.12');
    assertInvariants(b.core);
  });

  it('computes at the next run an account never computed (opened before migration 0006, or written without activation)', async () => {
    const b = await savingsBranch();
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '36500' });
    // an ACTIVE account as a benchmark writes one, straight into the table: interest_due_on takes its default ''
    const raw = Number(
      b.core.db
        .prepare(
          `INSERT INTO savings_accounts (global_id, account_no, client_id, product_id, office_id, status, currency_code, terms_json, gl_mapping_json,
             submitted_on, submitted_by, approved_on, approved_by, activated_on, created_at, updated_at)
           SELECT 'raw-1', 'RAW-1', client_id, product_id, office_id, status, currency_code, terms_json, gl_mapping_json,
             submitted_on, submitted_by, approved_on, approved_by, activated_on, created_at, updated_at FROM savings_accounts WHERE id = ?`,
        )
        .run(b.savingsId).lastInsertRowid,
    );
    expect(interestState(b.core, raw)).toEqual({ checkpoint: null, dueOn: '' });
    // due at once, even before the first posting date: computed, nothing to post, then left until 1 February
    let r = await run(b, '2026-01-20');
    expect(r.result).toEqual({ accounts: 1, created: 0, reversed: 0 });
    expect(interestState(b.core, raw)).toEqual({ checkpoint: null, dueOn: '2026-02-01' });
    r = await run(b, '2026-02-01');
    expect(r.result).toEqual({ accounts: 2, created: 1, reversed: 0 });
    expect(interestState(b.core, raw)).toEqual({ checkpoint: '2026-02-01', dueOn: '2026-03-01' });
  });
});

const DAILY = {
  ...AKIBA,
  name: 'Daily',
  shortName: 'DLY',
  nominalAnnualInterestRate: '7.5',
  interestCompoundingPeriodType: 'DAILY',
  interestPostingPeriodType: 'QUARTERLY',
  interestCalculationDaysInYearType: 360,
  minRequiredBalance: undefined,
  enforceMinRequiredBalance: false,
  minBalanceForInterestCalculation: '500',
};
const AVERAGE = {
  ...AKIBA,
  name: 'Average',
  shortName: 'AVG',
  nominalAnnualInterestRate: '5.25',
  interestPostingPeriodType: 'BIANNUAL',
  interestCalculationType: 'AVERAGE_DAILY_BALANCE',
  minRequiredBalance: undefined,
  enforceMinRequiredBalance: false,
  minBalanceForInterestCalculation: '1000',
};

/** Makes the next run compute every account from activation, as every run did before checkpoints. */
function forgetCheckpoints(core: Core): void {
  core.db
    .prepare(
      `UPDATE savings_accounts SET interest_checkpoint_date = NULL, interest_checkpoint_balance = NULL, interest_checkpoint_compounded = NULL,
         interest_checkpoint_pending = NULL, interest_due_on = ''`,
    )
    .run();
}

/**
 * A step of a random branch: days on, perhaps an account opened, up to four deposits or withdrawals (an account, a
 * chance of being backdated and by how much, an amount, a chance of being a deposit: each in 0..99 or minor units),
 * then perhaps a posting run (as of today below 50, as of `earlier` days before below 60).
 */
const stepArb = fc.record({
  days: fc.integer({ min: 1, max: 12 }),
  product: fc.nat(99),
  ops: fc.array(fc.record({ account: fc.nat(99), backdated: fc.nat(99), back: fc.nat(69), amount: fc.integer({ min: 1, max: 2_000_000 }), deposit: fc.nat(99) }), { maxLength: 4 }),
  run: fc.nat(99),
  earlier: fc.nat(24),
});
const planArb = fc.array(stepArb, { minLength: 40, maxLength: 40 });

/**
 * Half a year of random deposits and withdrawals (some backdated up to ten weeks, some refused), on five accounts of
 * four products (monthly; daily compounding with quarterly posting and a minimum; average daily balance with
 * half-yearly posting; an overdraft with its interest and a fee), one of them activated on the way, with posting
 * runs at random days (some as of an earlier date), then what was written. The steps come from fast-check with a
 * fixed seed, so that both branches of a comparison replay the same ones. `fromActivation`: each run (and each
 * account page) computes from activation.
 */
async function randomBranch(seed: number, fromActivation: boolean) {
  const [plan] = fc.sample(planArb, { seed, numRuns: 1 });
  const b = await savingsBranch();
  const products = [b.savingsProductId];
  for (const p of [DAILY, AVERAGE, { ...OVERDRAFT, overdraftLimit: '5000' }]) {
    products.push((await b.manager.ok('savingsProducts.create', p as never)).id);
  }
  // amounts up to 20,000.00; on the overdraft product up to 3,000.00 and more often out than in, so that it often
  // goes below zero
  const overdraft = products[3]!;
  const account = async (product: number, activated: string) => ({
    id: product === b.savingsProductId && activated === '2026-01-01' ? b.savingsId : await openSavings(b, product),
    activated,
    scale: product === overdraft ? 300_000 : 2_000_000,
    deposits: product === overdraft ? 40 : 60,
  });
  const accounts = [];
  for (const p of products) accounts.push(await account(p, '2026-01-01'));
  const runAsOf = async (postingDate?: string) => {
    if (fromActivation) forgetCheckpoints(b.core);
    await b.accountant.raw('savings.postInterest', postingDate ? { postingDate } : {});
  };
  let date = '2026-01-01';
  for (const step of plan!) {
    date = addDays(date, step.days);
    if (date > '2026-07-20') break;
    setBusinessDate(b.core, date);
    if (accounts.length === 4 && date > '2026-02-10') accounts.push(await account(products[step.product % products.length]!, date));
    for (const op of step.ops) {
      const a = accounts[op.account % accounts.length]!;
      const backdated = op.backdated < 30 ? addDays(date, -op.back) : date;
      const day = backdated < a.activated ? a.activated : backdated;
      const amount = (1 + (op.amount % a.scale)) / 100;
      const kind = op.deposit < a.deposits ? 'savings.deposit' : 'savings.withdraw';
      await b.teller.raw(kind, { savingsId: a.id, transactionAmount: amount.toFixed(2), transactionDate: day });
    }
    if (step.run < 50) await runAsOf();
    else if (step.run < 60) await runAsOf(addDays(date, -step.earlier));
  }
  await runAsOf();
  // account by account, in the order written (a run takes the due accounts in due-date order, so accounts may take
  // turns differently); a reversal names what it reverses by its place in the account's own list
  const written = b.core.db
    .prepare('SELECT id, account_id, type, transaction_date, amount, overdraft_portion, reverses_id, note FROM savings_transactions ORDER BY account_id, id')
    .all() as { id: number; account_id: number; type: string; reverses_id: number | null }[];
  const place = new Map(written.map((t) => [t.id, written.filter((u) => u.account_id === t.account_id).indexOf(t)]));
  const rows = written.map(({ id: _id, reverses_id, ...t }) => ({ ...t, reverses: reverses_id === null ? null : place.get(reverses_id) }));
  if (fromActivation) forgetCheckpoints(b.core);
  const views = [];
  for (const a of accounts) views.push((await b.teller.ok('savings.get', { savingsId: a.id })).summary);
  assertInvariants(b.core);
  return { rows, views };
}

describe('savings.postInterest: resumed runs against runs from activation', () => {
  for (const seed of [11, 2026, 90210]) {
    it(`writes exactly the same transactions and shows the same interest under way (seed ${seed})`, async () => {
      const resumed = await randomBranch(seed, false);
      const reference = await randomBranch(seed, true);
      expect(resumed.rows.length).toBeGreaterThan(60);
      for (const type of ['REVERSAL', 'OVERDRAFT_INTEREST', 'WITHDRAWAL_FEE']) expect(resumed.rows.filter((t) => t.type === type).length, type).toBeGreaterThan(0);
      expect(resumed.rows).toEqual(reference.rows);
      expect(resumed.views).toEqual(reference.views);
    });
  }
});

describe('savings.postInterest over the branch: a job in chunks', () => {
  it('commits 200 accounts at a time, answers a teller between chunks, and a second run finds nothing due', async () => {
    const b = await savingsBranch();
    const ids = [b.savingsId];
    for (let i = 1; i < 401; i += 1) ids.push(await openSavings(b, b.savingsProductId));
    for (const savingsId of ids.slice(0, 3)) await b.teller.ok('savings.deposit', { savingsId, transactionAmount: '36500' });
    setBusinessDate(b.core, '2026-02-01');
    const seqOf = (op: string) => (b.core.db.prepare('SELECT seq, input_json AS input FROM command_log WHERE operation = ? ORDER BY seq').all(op) as { seq: number; input: string }[]);
    const before = seqOf('savings.postInterest').length;

    const job = b.accountant.ok('savings.postInterest', {});
    // the teller's deposit is taken while the run goes on: it lands between two of its chunks
    const deposit = await b.teller.ok('savings.deposit', { savingsId: ids[400]!, transactionAmount: '100' });
    expect(await job).toEqual({ accounts: 401, created: 3, reversed: 0 });

    const chunks = seqOf('savings.postInterest').slice(before);
    expect(chunks.map((c) => JSON.parse(c.input))).toEqual([1, 2, 3].map((chunk) => ({ postingDate: '2026-02-01', chunk })));
    const depositSeq = seqOf('savings.deposit').at(-1)!.seq;
    expect(depositSeq).toBeGreaterThan(chunks[0]!.seq);
    expect(depositSeq).toBeLessThan(chunks[2]!.seq);
    expect(deposit.accountBalance).toBe('100.00');
    // January's 186.00 on each of the three 36,500.00; every account now due on 1 March
    expect(postings(b.core, ids[2]!)).toEqual([['2026-02-01', 18600]]);
    expect(b.core.db.prepare("SELECT count(*) AS n FROM savings_accounts WHERE interest_due_on <= '2026-02-01'").get()).toEqual({ n: 0 });

    // nothing due: nothing computed, nothing written (not even a command_log row)
    expect(await b.accountant.ok('savings.postInterest', {})).toEqual({ accounts: 0, created: 0, reversed: 0 });
    expect(seqOf('savings.postInterest').length).toBe(before + 3);
    assertInvariants(b.core);
  });
});
