import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { readMark, runVerify } from '../../../electron/core/verify';
import { lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';
import { lendingAndSavings, rewriteAndRechain } from './tamper';

/**
 * `branchbox verify` from its mark (issue 11): the first run checks everything and leaves a mark; later runs check
 * the chain from the mark and the invariants for what changed since; --full checks everything again. Edits are made
 * as an attacker (or a bug) with the SQLite file would make them, dropping a guard trigger where one blocks them.
 */
const rent = (date: string, amount = '250') => ({ transactionDate: date, description: 'Office rent', lines: [{ glCode: '5400', debit: amount }, { glCode: '1140', credit: amount }] });

function lastSeq(core: Core): number {
  return (core.db.prepare('SELECT max(seq) AS s FROM command_log').get() as { s: number }).s;
}

/** A branch with tills and manual entries only: its kept figures are all kept by triggers and the tills' own code. */
async function cashBranch(): Promise<LendingBranch> {
  const b = await lendingBranch();
  setBusinessDate(b.core, '2026-01-15');
  await b.accountant.ok('accounting.postEntry', rent('2026-01-10'));
  return b;
}

describe('branchbox verify from the mark', () => {
  it('checks everything the first time, then only what came since, storing the mark after each clean run; --full checks everything again', async () => {
    const b = await cashBranch();
    const first = runVerify(b.core.db);
    expect(first).toMatchObject({ ok: true, faults: [], mode: 'full', fullBecause: 'no mark', mark: null, through: lastSeq(b.core) });
    expect(first.checks).toContain('kept daily GL balances equal the journal lines');
    const mark = readMark(b.core.db)!;
    expect(mark).toMatchObject({ seq: first.through, full: true });
    expect(mark.hash).toBe((b.core.db.prepare('SELECT hash FROM command_log WHERE seq = ?').get(mark.seq) as { hash: string }).hash);

    await b.accountant.ok('accounting.postEntry', rent('2026-01-11'));
    await b.manager.ok('tills.fundVault', { amount: '5000' });
    await b.manager.ok('tills.allocate', { username: 'teller', amount: '5000' });
    const since = runVerify(b.core.db);
    expect(since).toMatchObject({ ok: true, faults: [], mode: 'since', fullBecause: null, commands: 3, through: mark.seq + 3 });
    expect(since.mark).toEqual(mark);
    expect(since.checks).toContain('kept figures of the loans touched');
    expect(readMark(b.core.db)).toMatchObject({ seq: mark.seq + 3, full: false });

    const full = runVerify(b.core.db, { full: true });
    expect(full).toMatchObject({ ok: true, mode: 'full', fullBecause: 'asked', through: mark.seq + 3 });
    expect(full.checks).toEqual(first.checks);
  });

  it('catches a daily GL balance broken on a day posted to since the mark, and keeps the mark where it was', async () => {
    const b = await cashBranch();
    runVerify(b.core.db);
    const mark = readMark(b.core.db);
    await b.accountant.ok('accounting.postEntry', rent('2026-01-12', '300'));
    // debits and credits both moved: the totals still agree, only the day's figure is wrong
    b.core.db.exec(
      "UPDATE gl_daily_balances SET debits = debits + 100, credits = credits + 100 WHERE entry_date = '2026-01-12' AND gl_account_id = (SELECT id FROM gl_accounts WHERE code = '5400')",
    );
    const run = runVerify(b.core.db);
    expect(run.faults).toEqual(['kept figures: account 5400 on 2026-01-12 keeps debits 30100 and credits 100, its journal lines say debits 30000 and credits 0']);
    expect(readMark(b.core.db)).toEqual(mark);
  });

  it("catches a till's balance edited after its cash moved since the mark", async () => {
    const b = await cashBranch();
    runVerify(b.core.db);
    await b.manager.ok('tills.fundVault', { amount: '5000' });
    await b.manager.ok('tills.allocate', { username: 'teller', amount: '5000' });
    b.core.db.exec("UPDATE tills SET balance = balance + 1 WHERE user_id = (SELECT id FROM users WHERE username = 'teller')");
    // a kept figure: not a captured column (db/capture.ts), found by its own check
    expect(runVerify(b.core.db).faults).toEqual([
      'tills: the till of teller has GL balance 1000500000, movements 1000500000 and balance 1000500001',
      'kept figures: the balance of the till of teller was written outside any command (the database file was edited directly)',
    ]);
  });

  it('catches an entry posted since the mark that does not balance', async () => {
    const b = await cashBranch();
    runVerify(b.core.db);
    const { id } = await b.accountant.ok('accounting.postEntry', rent('2026-01-12'));
    b.core.db.exec(`DROP TRIGGER journal_lines_no_update; UPDATE journal_lines SET debit = debit + 1 WHERE entry_id = ${id} AND debit > 0`);
    // the guard dropped: the default run does not trust the mark any more and checks everything
    const run = runVerify(b.core.db);
    expect(run).toMatchObject({ mode: 'full', fullBecause: 'triggers changed' });
    const faults = run.faults;
    expect(faults[0]).toMatch(/^journal: total debits (\d+)1 differ from total credits \d+0$/);
    expect(faults).toContain('kept figures: account 5400 on 2026-01-12 keeps debits 25000 and credits 0, its journal lines say debits 25001 and credits 0');
  });

  it('passes a kept figure edited where nothing changed since the mark (it is not read), which --full catches', async () => {
    const b = await cashBranch();
    runVerify(b.core.db);
    b.core.db.exec(
      "UPDATE gl_daily_balances SET debits = debits + 7, credits = credits + 7 WHERE entry_date = '2026-01-10' AND gl_account_id = (SELECT id FROM gl_accounts WHERE code = '5400')",
    );
    await b.accountant.ok('accounting.postEntry', rent('2026-01-12'));
    expect(runVerify(b.core.db)).toMatchObject({ ok: true, mode: 'since', commands: 1 });
    expect(runVerify(b.core.db, { full: true }).faults).toEqual([
      'kept figures: account 5400 on 2026-01-10 keeps debits 25007 and credits 7, its journal lines say debits 25000 and credits 0',
    ]);
  });

  it('refuses a log rewritten and re-chained before the mark (its row no longer hashes to the mark), by default and with --full', async () => {
    const b = await cashBranch();
    runVerify(b.core.db);
    const mark = readMark(b.core.db)!;
    await b.accountant.ok('accounting.postEntry', rent('2026-01-12'));
    rewriteAndRechain(b.core.db, 3, () => ({ username: 'mallory' }));
    const fault = `command_log: row ${mark.seq} is not the row verified on ${mark.verifiedAt} (its hash changed): the log up to the mark was rewritten`;
    const dropped = 'triggers: the protective trigger command_log_no_update is missing (dropped: the database file was edited)';
    expect(runVerify(b.core.db).faults).toEqual([fault, dropped]);
    expect(runVerify(b.core.db, { full: true }).faults).toEqual([fault, dropped]);
  });

  it('an edit or a deletion before the mark that was not re-chained, the guard trigger made again: the default run sees the trigger made again and checks everything', async () => {
    for (const [trigger, edit] of [
      ['command_log_no_update', "UPDATE command_log SET username = 'mallory' WHERE seq = 3"],
      ['command_log_no_delete', 'DELETE FROM command_log WHERE seq = 3'],
    ] as const) {
      const b = await cashBranch();
      runVerify(b.core.db);
      // the trigger dropped for the edit is made again as it was (left dropped, every run names it)
      const { sql } = b.core.db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(trigger) as { sql: string };
      b.core.db.exec(`DROP TRIGGER ${trigger}; ${edit}; ${sql}`);
      await b.accountant.ok('accounting.postEntry', rent('2026-01-12'));
      // the default run re-hashes the mark's row and the rows after it, not every row before (that is --full); the
      // trigger made again has a new place in the schema, so the mark is not trusted and every row is re-hashed
      const fault = /^command_log: (row 3 \(users.create\) was altered after it was written|expected seq 3 but found 4)/;
      const run = runVerify(b.core.db);
      expect(run).toMatchObject({ ok: false, mode: 'full', fullBecause: 'triggers changed' });
      expect(run.faults[0]).toMatch(fault);
      expect(runVerify(b.core.db, { full: true }).faults[0]).toMatch(fault);
    }
  });

  it("catches a till movement since the mark that does not follow the one before it", async () => {
    const b = await cashBranch();
    runVerify(b.core.db);
    await b.manager.ok('tills.fundVault', { amount: '5000' });
    await b.manager.ok('tills.allocate', { username: 'teller', amount: '5000' });
    const id = (b.core.db.prepare('SELECT max(id) AS id FROM till_movements').get() as { id: number }).id;
    b.core.db.exec(`DROP TRIGGER till_movements_no_update; UPDATE till_movements SET balance_after = balance_after + 1 WHERE id = ${id}`);
    const outside = `row_changes: till_movements row ${id} was written outside any command (the database file was edited directly)`;
    const dropped = 'triggers: the protective trigger till_movements_no_update is missing (dropped: the database file was edited)';
    const full = ['tills: the last movement of the till of teller leaves 1000500001, its movements sum to 1000500000', dropped, outside];
    // the guard dropped: the default run checks everything
    expect(runVerify(b.core.db)).toMatchObject({ mode: 'full', fullBecause: 'triggers changed', faults: full });
    expect(runVerify(b.core.db, { full: true }).faults).toEqual(full);
  });
});

describe('branchbox verify from the mark: loans and savings', () => {
  it('passes a clean branch with loans and savings both ways', async () => {
    const { b, loanA } = await lendingAndSavings();
    expect(runVerify(b.core.db).faults).toEqual([]);
    await b.teller.ok('loans.repay', { loanId: loanA, transactionAmount: '4727.98' });
    await b.teller.ok('savings.withdraw', { savingsId: b.savingsId, transactionAmount: '1000' });
    expect(runVerify(b.core.db)).toMatchObject({ ok: true, faults: [], mode: 'since', commands: 2 });
    expect(runVerify(b.core.db, { full: true }).faults).toEqual([]);
  });

  it("catches a loan's kept figure broken after a repayment since the mark", async () => {
    const { b, loanA, accountNo } = await lendingAndSavings();
    expect(runVerify(b.core.db).faults).toEqual([]);
    await b.teller.ok('loans.repay', { loanId: loanA, transactionAmount: '4727.98' });
    const kept = (b.core.db.prepare('SELECT principal_outstanding AS p FROM loans WHERE id = ?').get(loanA) as { p: number }).p;
    b.core.db.prepare('UPDATE loans SET principal_outstanding = principal_outstanding + 1 WHERE id = ?').run(loanA);
    const faults = runVerify(b.core.db).faults;
    expect(faults[0]).toBe(`kept figures: loan ${accountNo('loans', loanA)} keeps principal outstanding ${kept + 1}, its installments say ${kept}`);
    expect(faults[1]).toMatch(/^loans: the loan portfolio GL balance \d+ of account 1200 differs from the principal outstanding kept on the loan accounts booked to it \d+$/);
  });

  it("catches a loan's loan_figures row (migration 0024) broken after a repayment since the mark, and one edited outside any command", async () => {
    const { b, loanA, loanB, accountNo } = await lendingAndSavings();
    expect(runVerify(b.core.db).faults).toEqual([]);
    await b.teller.ok('loans.repay', { loanId: loanA, transactionAmount: '4727.98' });
    const row = (id: number) => b.core.db.prepare('SELECT * FROM loan_figures WHERE loan_id = ?').get(id) as Record<string, number | string | null>;
    const a = row(loanA);
    expect(a).toMatchObject({ last_installment: 12, last_unpaid: 12 });
    b.core.db.prepare('UPDATE loan_figures SET interest_outstanding = interest_outstanding + 1 WHERE loan_id = ?').run(loanA);
    const values = (r: Record<string, number | string | null>) =>
      JSON.stringify([r.principal_outstanding, r.interest_outstanding, r.fee_outstanding, r.penalty_outstanding, r.first_unpaid, r.first_unpaid_due, r.last_unpaid, r.last_unpaid_due, r.prior_unpaid_due, r.last_installment, r.maturity_date]);
    const faults = runVerify(b.core.db).faults;
    expect(faults[0]).toBe(`kept figures: loan ${accountNo('loans', loanA)} keeps in loan_figures ${values(row(loanA))}, its installments say ${values(a)}`);
    expect(faults.at(-1)).toBe(`kept figures: loan_figures row ${loanA} was written outside any command (the database file was edited directly)`);
    // a loan untouched since the mark: its edit is named as written outside any command; --full checks it too
    b.core.db.prepare('UPDATE loan_figures SET interest_outstanding = interest_outstanding - 1 WHERE loan_id = ?').run(loanA);
    b.core.db.prepare("UPDATE loan_figures SET maturity_date = '2030-01-01' WHERE loan_id = ?").run(loanB);
    expect(runVerify(b.core.db, { full: true }).faults.filter((f) => f.includes(`loan ${accountNo('loans', loanB)} keeps in loan_figures`))).toHaveLength(1);
  });

  it('catches a savings balance broken after a deposit since the mark', async () => {
    const { b, accountNo } = await lendingAndSavings();
    expect(runVerify(b.core.db).faults).toEqual([]);
    await b.teller.ok('savings.deposit', { savingsId: b.savingsId, transactionAmount: '100' });
    b.core.db.prepare('UPDATE savings_accounts SET balance = balance - 1 WHERE id = ?').run(b.savingsId);
    expect(runVerify(b.core.db).faults).toEqual([
      `kept figures: savings account ${accountNo('savings_accounts', b.savingsId)} keeps balance 509999, its transactions say 510000`,
      'savings: savings control less overdraft portfolio 510000 differs from the kept balances of the savings accounts 509999',
      `kept figures: the balance of savings account ${accountNo('savings_accounts', b.savingsId)} was written outside any command (the database file was edited directly)`,
    ]);
  });

  it('catches a kept figure edited on a loan not touched since the mark: written outside any command; --full also against its installments', async () => {
    const { b, loanA, loanB, accountNo } = await lendingAndSavings();
    expect(runVerify(b.core.db).faults).toEqual([]);
    await b.teller.ok('loans.repay', { loanId: loanA, transactionAmount: '4727.98' });
    // a kept figure is not a captured column (db/capture.ts), but its write outside any command is recorded (migration 0015)
    b.core.db.prepare("UPDATE loans SET oldest_unpaid_due = '2030-01-01' WHERE id = ?").run(loanB);
    const outside = `kept figures: the outstanding amounts of loan ${accountNo('loans', loanB)} were written outside any command (the database file was edited directly)`;
    expect(runVerify(b.core.db)).toMatchObject({ ok: false, mode: 'since', faults: [outside] });
    expect(runVerify(b.core.db, { full: true }).faults).toEqual([
      `kept figures: loan ${accountNo('loans', loanB)} keeps oldest unpaid due date 2030-01-01, its installments say 2026-02-05`,
      outside,
    ]);
  });
});
