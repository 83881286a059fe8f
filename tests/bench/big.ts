/**
 * `npm run bench -- --big`: the figures of issue 11 on the big branch (tests/bench/bigBranch.ts), each printed
 * with the size it was measured at, its goal from the issue and its ratio to the raw baseline of the same run.
 * The kept branch is copied to a temporary folder first, so every run measures the same branch: the figures that
 * write (repayments, re-postings, interest runs) change only the copy.
 *
 * It measures whatever the code does when it runs: where an operation has learned paging (an `afterId`, a
 * `limit`) or a new operation exists (clients.list, the arrears sweep), the figure uses it, and says so.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openCore, DATABASE_FILE, type Core } from '../../electron/core';
import { isOperationName, operations } from '../../shared/contract';
import { addDays, addMonths } from '../../electron/core/domain/calendar';
import { ADMIN, END, ensureBigBranch, runVerify, User, type Manifest } from './bigBranch';
import { ms, percentile, type Figure } from './support';

interface BigFigure extends Figure {
  note?: string;
}

const MB = 1024 * 1024;

function sizeLabel(loans: number): string {
  return loans >= 1000 && loans % 1000 === 0 ? `${loans / 1000}k loans` : `${loans.toLocaleString('en')} loans`;
}

/** Whether an operation's input takes `field` (paging the code may or may not have yet). */
function accepts(name: string, field: string): boolean {
  if (!isOperationName(name)) return false;
  const input = operations[name].input as unknown as { shape?: Record<string, unknown> };
  return input.shape?.[field] !== undefined;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; out: T }> {
  const s = process.hrtime.bigint();
  const out = await fn();
  return { ms: ms(s), out };
}

/** Calls `fn` `n` times (after one warm-up call unless `warm` is false); returns the samples and the last output. */
async function sample<T>(n: number, fn: (i: number) => Promise<T>, warm = true): Promise<{ samples: number[]; out: T }> {
  if (warm) await fn(-1);
  const samples: number[] = [];
  let out: T | undefined;
  for (let i = 0; i < n; i++) {
    const t = await timed(() => fn(i));
    samples.push(t.ms);
    out = t.out;
  }
  return { samples, out: out! };
}

const rows = (data: unknown): number => {
  if (Array.isArray(data)) return data.length;
  if (data && typeof data === 'object') {
    for (const k of ['items', 'lines', 'entries', 'rows', 'loans', 'accounts']) {
      const v = (data as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v.length;
    }
  }
  return 0;
};

const jsonBytes = (data: unknown): number => Buffer.byteLength(JSON.stringify(data) ?? '');

function print(figures: BigFigure[], rawCommitMs: number, size: string): void {
  for (const f of figures) {
    const value = f.value >= 100 || f.unit === 'MB' ? Math.round(f.value).toLocaleString('en') : f.value.toFixed(f.value >= 10 ? 1 : 3);
    const inMs = f.unit === 'ms' ? f.value : f.unit === 's' ? f.value * 1000 : null;
    const times = inMs !== null && rawCommitMs > 0 ? inMs / rawCommitMs : null;
    const ratio = times === null ? '' : `${times < 10 ? times.toFixed(2) : Math.round(times).toLocaleString('en')}x raw`;
    console.log(
      `${f.name.padEnd(84)} ${value.padStart(10)} ${f.unit.padEnd(3)} ${ratio.padStart(12)}  [${size}]  ${f.goal ? `goal ${f.goal}` : ''}${f.note ? `  (${f.note})` : ''}`,
    );
  }
}

/** Reads of the database by SQL, to choose what the figures work on (never timed). */
function ids(core: Core, sql: string, ...params: unknown[]): number[] {
  return (core.db.prepare(sql).all(...params) as { id: number }[]).map((r) => r.id);
}

/** `n` ids spread evenly over `all`. */
function spread(all: number[], n: number): number[] {
  if (all.length <= n) return all;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(all[Math.floor(((i + 0.5) * all.length) / n)]!);
  return out;
}

interface LiveTransaction {
  id: number;
  type: string;
  transaction_date: string;
  payment_type_id: number | null;
}

/** A loan's transactions not undone, in the order they apply. */
function liveTransactions(core: Core, loanId: number): LiveTransaction[] {
  const all = core.db
    .prepare('SELECT id, type, transaction_date, payment_type_id, reverses_id FROM loan_transactions WHERE loan_id = ? ORDER BY transaction_date, id')
    .all(loanId) as (LiveTransaction & { reverses_id: number | null })[];
  const undone = new Set(all.filter((t) => t.reverses_id !== null).map((t) => t.reverses_id));
  return all.filter((t) => t.type !== 'REVERSAL' && !undone.has(t.id));
}

/** The raw baseline on the big branch itself: a read by primary key, and one pass over every journal line. */
function rawReads(core: Core, loanIds: number[]): BigFigure[] {
  const byId = core.db.prepare('SELECT * FROM loans WHERE id = ?');
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const s = process.hrtime.bigint();
    byId.get(loanIds[(i * 7919) % loanIds.length]);
    samples.push(ms(s));
  }
  const s = process.hrtime.bigint();
  const lines = core.db.prepare('SELECT count(*) AS n, sum(debit) AS d FROM journal_lines').get() as { n: number };
  const scan = ms(s);
  return [
    { name: 'raw read of a loan row by primary key p50 (baseline)', value: percentile(samples, 50), unit: 'ms' },
    { name: `raw pass over all ${lines.n.toLocaleString('en')} journal lines (baseline)`, value: scan, unit: 'ms' },
  ];
}

/**
 * The figures on the kept branch of `loans` loans (built first when missing). `raw` is the baseline measured at
 * the start of the run. After a build the figures are measured by a new run of this program (`again`): its own
 * baseline, and the host's memory without what the build held.
 */
export async function benchBig(loans: number, raw: Figure[], again: () => number, options: { migrate?: boolean } = {}): Promise<void> {
  const size = sizeLabel(loans);
  const { dir: kept, manifest, built } = await ensureBigBranch(loans, options);
  if (built) {
    console.log('\n[big] the figures, in a new process:\n');
    const code = again();
    if (code !== 0) throw new Error(`the figures' run exited with ${code}`);
    return;
  }
  const rawCommit = raw.find((f) => f.name.startsWith('raw single-row commit p50'))?.value ?? 0;
  const m: Manifest = manifest;
  console.log(
    `\nBig branch [${size}]: ${m.counts.clients?.toLocaleString('en')} clients, ${m.counts.loans?.toLocaleString('en')} loans (${m.counts.loansActive?.toLocaleString('en')} active), ` +
      `${m.counts.installments?.toLocaleString('en')} installments, ${m.counts.repayments?.toLocaleString('en')} repayments, ${m.counts.savingsAccounts?.toLocaleString('en')} savings accounts, ` +
      `${m.counts.deposits?.toLocaleString('en')} deposits, ${m.counts.journalLines?.toLocaleString('en')} journal lines, ${(m.fileBytes / 1e9).toFixed(2)} GB; ` +
      `built ${built ? 'now' : m.builtAt} in ${(m.buildSeconds / 60).toFixed(1)} min, verify --full ${m.verifySeconds.toFixed(1)} s at build; business date ${END}`,
  );

  // the copy every figure works on
  const work = mkdtempSync(join(tmpdir(), 'branchbox-bench-big-'));
  const figures: BigFigure[] = [];
  let peakRss = 0;
  const out = (f: BigFigure[]) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    figures.push(...f);
    print(f, rawCommit, size);
  };
  try {
    const copyStart = process.hrtime.bigint();
    copyFileSync(join(kept, DATABASE_FILE), join(work, DATABASE_FILE));
    console.log(`(copied the kept branch to ${work} in ${(ms(copyStart) / 1000).toFixed(1)} s)`);
    console.log(`(columns: figure, value, unit, times the raw single-row commit p50 of this run (${rawCommit.toFixed(3)} ms), [size], goal from issue 11)\n`);
    const opened = await timed(() => openCore({ dataDir: work }));
    const core = opened.out;
    out([{ name: 'open the big branch (openCore: pragmas, migrations check)', value: opened.ms, unit: 'ms', note: core.migration.applied.length ? `applied migrations ${core.migration.applied.join(', ')}` : undefined }]);
    const admin = new User(core, ADMIN.username);
    await admin.login(ADMIN.password);
    const manager = new User(core, 'manager');
    const teller = new User(core, 'teller');
    const accountant = new User(core, 'accountant');
    for (const u of [manager, teller, accountant]) await u.login();

    const activeLoans = ids(core, 'SELECT id FROM loans WHERE status = 300 ORDER BY id');
    const activeSavings = ids(core, 'SELECT id FROM savings_accounts WHERE status = 300 ORDER BY id');
    out(rawReads(core, activeLoans));

    // reads of one account
    {
      const pick = spread(activeLoans, 101);
      const r = await sample(100, (i) => teller.send('loans.get', { loanId: pick[i + 1] ?? pick[0] }));
      out([
        { name: 'loans.get of an ordinary loan p50', value: percentile(r.samples, 50), unit: 'ms', goal: '< 10 ms' },
        { name: 'loans.get of an ordinary loan p95', value: percentile(r.samples, 95), unit: 'ms', goal: '< 10 ms' },
      ]);
      const s = spread(activeSavings, 101);
      const g = await sample(100, (i) => teller.send('savings.get', { savingsId: s[i + 1] ?? s[0] }));
      out([
        { name: 'savings.get p50', value: percentile(g.samples, 50), unit: 'ms', goal: '< 10 ms' },
        { name: 'savings.get p95', value: percentile(g.samples, 95), unit: 'ms', goal: '< 10 ms' },
      ]);
    }

    // the ledger
    {
      const tb = await sample(5, () => accountant.send('accounting.trialBalance', {}));
      out([{ name: 'accounting.trialBalance p50', value: percentile(tb.samples, 50), unit: 'ms', goal: '< 100 ms' }]);
      const past = addMonths(END, -7).slice(0, 8) + '15';
      const asOf = await sample(5, (i) => accountant.send('accounting.trialBalance', { asOf: i < 0 ? addDays(past, -30) : addDays(past, i) }));
      out([{ name: `balances as of a past date (trialBalance asOf ${past}) p50`, value: percentile(asOf.samples, 50), unit: 'ms', goal: '< 100 ms' }]);
      const je = await sample(5, () => accountant.send('accounting.journalEntries', {}));
      out([{ name: `accounting.journalEntries first page (${rows(je.out)} entries) p50`, value: percentile(je.samples, 50), unit: 'ms', goal: '< 50 ms' }]);
      const maxEntry = (core.db.prepare('SELECT max(id) AS id FROM journal_entries').get() as { id: number }).id;
      const deep = await sample(5, (i) => accountant.send('accounting.journalEntries', { beforeId: Math.floor(maxEntry / 2) + Math.max(0, i) * 1000 }));
      out([{ name: `accounting.journalEntries a page half way back (beforeId, ${rows(deep.out)} entries) p50`, value: percentile(deep.samples, 50), unit: 'ms', goal: '< 50 ms' }]);
      const portfolio = (core.db.prepare("SELECT id FROM gl_accounts WHERE tag = 'LOAN_PORTFOLIO'").get() as { id: number }).id;
      const rssBefore = process.memoryUsage().rss;
      const first = await timed(() => accountant.send('accounting.accountStatement', { glAccountId: portfolio }));
      const rssAfter = process.memoryUsage().rss;
      const bytes = jsonBytes(first.out);
      let value = first.ms;
      if (first.ms < 2000) value = percentile((await sample(4, () => accountant.send('accounting.accountStatement', { glAccountId: portfolio }), false)).samples, 50);
      out([
        {
          name: `accounting.accountStatement loan portfolio, whole history, first page (${rows(first.out).toLocaleString('en')} lines)`,
          value, unit: 'ms', goal: '< 50 ms', note: `${(bytes / MB).toFixed(1)} MB of JSON; RSS ${Math.round(rssBefore / MB)} -> ${Math.round(rssAfter / MB)} MB`,
        },
      ]);
    }

    // lists
    {
      const rare = await sample(10, () => teller.send('loans.list', { status: 'APPROVED' }));
      out([{ name: `loans.list with a rare status (APPROVED: ${rows(rare.out)} loans) p50`, value: percentile(rare.samples, 50), unit: 'ms', goal: 'paged by index' }]);
      const firstPage = await sample(10, () => teller.send('loans.list', {}));
      out([{ name: `loans.list first page (${rows(firstPage.out)} loans) p50`, value: percentile(firstPage.samples, 50), unit: 'ms' }]);
      if (accepts('loans.list', 'afterId')) {
        const mid = activeLoans[Math.floor(activeLoans.length / 2)]!;
        const page = await sample(10, (i) => teller.send('loans.list', { afterId: mid + Math.max(0, i) * 7 }));
        out([{ name: `loans.list a page half way (afterId, ${rows(page.out)} loans) p50`, value: percentile(page.samples, 50), unit: 'ms' }]);
      }
      const savingsInput: Record<string, unknown> = accepts('savings.list', 'limit') ? { limit: 200 } : {};
      const sl = await sample(5, () => teller.send('savings.list', savingsInput));
      out([{
        name: `savings.list${savingsInput.limit ? ' first page' : ' (no paging: every account)'} (${rows(sl.out).toLocaleString('en')} accounts) p50`,
        value: percentile(sl.samples, 50), unit: 'ms', note: `${(jsonBytes(sl.out) / MB).toFixed(2)} MB of JSON`,
      }]);
      if (accepts('savings.list', 'afterId')) {
        const mid = activeSavings[Math.floor(activeSavings.length / 2)]!;
        const page = await sample(5, (i) => teller.send('savings.list', { ...savingsInput, afterId: mid + Math.max(0, i) * 7 }));
        out([{ name: `savings.list a page half way (afterId, ${rows(page.out)} accounts) p50`, value: percentile(page.samples, 50), unit: 'ms' }]);
      }
      const clientsList = isOperationName('clients.list')
        ? { name: 'clients.list', input: {} as Record<string, unknown> }
        : { name: 'clients.search', input: { query: '', limit: 50 } as Record<string, unknown> };
      const cl = await sample(10, () => teller.send(clientsList.name, clientsList.input));
      out([{ name: `clients list page (${clientsList.name} ${JSON.stringify(clientsList.input)}: ${rows(cl.out)} clients) p50`, value: percentile(cl.samples, 50), unit: 'ms' }]);
      if (accepts(clientsList.name, 'afterId')) {
        const clientIds = ids(core, 'SELECT id FROM clients ORDER BY id');
        const mid = clientIds[Math.floor(clientIds.length / 2)]!;
        const page = await sample(10, (i) => teller.send(clientsList.name, { ...clientsList.input, afterId: mid + Math.max(0, i) * 7 }));
        out([{ name: `clients list a page half way (afterId, ${rows(page.out)} clients) p50`, value: percentile(page.samples, 50), unit: 'ms' }]);
      }
    }

    // everyday teller work on the big branch
    {
      const payees = spread(activeLoans, 420);
      const repay = await sample(400, (i) => teller.send('loans.repay', { loanId: payees[i + 20] ?? payees[0], transactionAmount: '500', paymentTypeCode: 'CASH' }));
      out([
        { name: 'repayment (loans.repay, cash, through the till) p50', value: percentile(repay.samples, 50), unit: 'ms' },
        { name: 'repayment (loans.repay, cash, through the till) p95', value: percentile(repay.samples, 95), unit: 'ms' },
      ]);
      const savers = spread(activeSavings, 420);
      const dep = await sample(400, (i) => teller.send('savings.deposit', { savingsId: savers[i + 20] ?? savers[0], transactionAmount: '150', paymentTypeCode: 'CASH' }));
      out([
        { name: 'deposit (savings.deposit, cash, through the till) p50', value: percentile(dep.samples, 50), unit: 'ms' },
        { name: 'deposit (savings.deposit, cash, through the till) p95', value: percentile(dep.samples, 95), unit: 'ms' },
      ]);
      const people = core.db
        .prepare(`SELECT c.account_no, c.firstname, c.lastname, c.mobile_no, i.document_key FROM clients c JOIN client_identifiers i ON i.client_id = c.id
                  WHERE c.id % 97 = 3 ORDER BY c.id LIMIT 400`)
        .all() as { account_no: string; firstname: string; lastname: string; mobile_no: string; document_key: string }[];
      const queries = people.map((c, i) =>
        [c.lastname.slice(1, 6), `${c.firstname} ${c.lastname}`, c.mobile_no.slice(-9), c.account_no, c.document_key, c.firstname.slice(0, 4)][i % 6]!,
      );
      const search = await sample(queries.length, (i) => teller.send('clients.search', { query: queries[Math.max(0, i)], limit: 50 }));
      out([
        { name: 'client search (clients.search) p50', value: percentile(search.samples, 50), unit: 'ms' },
        { name: 'client search (clients.search) p95', value: percentile(search.samples, 95), unit: 'ms', goal: '< 20 ms' },
      ]);
    }

    // re-posting: a repayment dated before twelve of a loan's transactions, and an undo of one with twelve after it
    {
      // loans paid in two halves a month, disbursed early enough to have fourteen repayments or more
      const active = new Set(activeLoans);
      const candidates: { id: number; live: LiveTransaction[] }[] = [];
      for (const id of m.splitLoans) {
        if (candidates.length >= 10) break;
        if (!active.has(id)) continue;
        const live = liveTransactions(core, id);
        if (live.filter((t) => t.type === 'REPAYMENT').length >= 14) candidates.push({ id, live });
      }
      const back: number[] = [];
      const backAfter: number[] = [];
      const undo: number[] = [];
      const undoAfter: number[] = [];
      for (const c of candidates.slice(0, 5)) {
        const later = c.live.slice(-12);
        const date = addDays(later[0]!.transaction_date, -1);
        backAfter.push(c.live.filter((t) => t.transaction_date > date).length);
        back.push((await timed(() => teller.send('loans.repay', { loanId: c.id, transactionDate: date, transactionAmount: '100', paymentTypeCode: 'MOBILE_MONEY' }))).ms);
      }
      for (const c of candidates.slice(5, 10)) {
        const target = c.live.filter((t) => t.type === 'REPAYMENT').slice(-13)[0]!;
        undoAfter.push(c.live.filter((t) => t.transaction_date > target.transaction_date || (t.transaction_date === target.transaction_date && t.id > target.id)).length);
        undo.push((await timed(() => manager.send('loans.adjustTransaction', { loanId: c.id, transactionId: target.id, transactionAmount: '0', note: 'Posted to the wrong loan' }))).ms);
      }
      const med = (a: number[]) => percentile(a, 50);
      if (back.length) {
        out([
          { name: `backdated repayment re-posting ${med(backAfter)} transactions p50 (${back.length} loans)`, value: med(back), unit: 'ms', goal: '< 100 ms' },
          { name: `backdated repayment re-posting ${med(backAfter)} transactions max`, value: Math.max(...back), unit: 'ms', goal: '< 100 ms' },
        ]);
      } else console.log('(no loan with enough repayments for the backdated repayment figure)');
      if (undo.length) {
        out([
          { name: `undo of a repayment re-posting ${med(undoAfter)} transactions p50 (${undo.length} loans)`, value: med(undo), unit: 'ms', goal: '< 100 ms' },
          { name: `undo of a repayment re-posting ${med(undoAfter)} transactions max`, value: Math.max(...undo), unit: 'ms', goal: '< 100 ms' },
        ]);
      } else console.log('(no loan with enough repayments for the undo figure)');
    }

    // the interest run when nothing is due (the month's run was made on the first)
    {
      const r = await timed(() => manager.send('savings.postInterest', {}));
      out([{ name: `savings.postInterest, nothing due (${r.out.accounts?.toLocaleString('en')} accounts, ${r.out.created} posted)`, value: r.ms / 1000, unit: 's', note: 'issue: 5.4-6.7 s before' }]);
    }

    // the arrears sweep over all loans
    {
      const businessDate = (core.db.prepare("SELECT value FROM settings WHERE key = 'business_date'").get() as { value: string }).value;
      const sweepOp = Object.keys(operations).find((n) => /arrears/i.test(n));
      let sweep: { fn: () => Promise<unknown> | unknown; what: string };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const arrearsModule = (() => { try { return require(resolve(__dirname, '../../electron/core/services/loans/arrears.js')) as Record<string, unknown>; } catch { return {}; } })();
      if (sweepOp) sweep = { fn: () => manager.send(sweepOp, {}), what: `operation ${sweepOp}` };
      else if (typeof arrearsModule.arrearsSweep === 'function') {
        const fn = arrearsModule.arrearsSweep as (db: unknown, asOf: string) => unknown;
        sweep = { fn: () => fn(core.db, businessDate), what: 'services/loans/arrears.ts arrearsSweep(db, asOf)' };
      } else {
        // what exists: each active loan's installments read and its position computed (the loans' own read path)
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const repo = require(resolve(__dirname, '../../electron/core/services/loans/repository.js')) as { readInstallments: (db: unknown, id: number) => unknown[] };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const domain = require(resolve(__dirname, '../../electron/core/domain/loans/index.js')) as { loanPosition: (state: unknown[], asOf: string) => { daysInArrears: number } };
        sweep = {
          fn: () => {
            const inArrears: number[] = [];
            for (const id of ids(core, 'SELECT id FROM loans WHERE status = 300')) if (domain.loanPosition(repo.readInstallments(core.db, id), businessDate).daysInArrears > 0) inArrears.push(id);
            return { loans: inArrears };
          },
          what: 'NO SWEEP FUNCTION YET: each loan\'s installments read and loanPosition computed',
        };
      }
      const r = await timed(async () => sweep.fn());
      const result = r.out as { loans?: unknown[] } | undefined;
      out([{ name: `arrears sweep over all loans (${Array.isArray(result?.loans) ? result.loans.length.toLocaleString('en') : '?'} in arrears)`, value: r.ms / 1000, unit: 's', goal: '< 2 s', note: sweep.what }]);
    }

    // day-end of the first of the next month (issue 12): arrears over every loan, November's interest on every
    // savings account (dated 1 December), the snapshot; the teller's till closed first. The status is asked every
    // 10 ms while it runs: how long it waits, and when the day is closed (the rest is the verified backup).
    const next = `${addMonths(END, 1).slice(0, 8)}01`;
    {
      core.db.prepare("UPDATE settings SET value = ? WHERE key = 'business_date'").run(next);
      // the teller's close is blind (issue 19 point 3): the manager knows what the till holds
      const till = (await manager.send('tills.vault', {})).tills.find((t: { username: string; balance: string }) => t.username === 'teller')!;
      await teller.send('tills.close', { count: [{ denomination: '1000', quantity: Math.floor(Number(till.balance) / 1000) }] });
      const active = (core.db.prepare('SELECT count(*) AS n FROM loans WHERE status = 300').get() as { n: number }).n;
      const start = process.hrtime.bigint();
      let finished = false;
      const job = manager.send('dayEnd.run', { untilDate: next }).finally(() => { finished = true; });
      const waits: number[] = [];
      let closedAt = 0;
      let longest = { wait: 0, at: '' };
      // a wait counts from when the question was due (a chunk under way delays the timer itself) to the answer
      while (!finished) {
        const due = performance.now() + 10;
        await new Promise((r) => setTimeout(r, 10));
        const st = await manager.send('dayEnd.status', {});
        const wait = performance.now() - due;
        waits.push(wait);
        if (!closedAt && st.lastClosed === next) closedAt = ms(start);
        // where the run stood when the longest wait ended: a step and its progress, or the backup after the close
        if (wait > longest.wait) longest = { wait, at: `${closedAt ? 'the backup, after the close' : `step ${st.step ?? '-'} ${st.done}/${st.total}`}` };
      }
      const result = await job;
      const total = ms(start);
      const day = result.days[0];
      // SQLite's own online backup of the same file, the baseline of the verified backup
      const plain = await timed(() => core.db.backup(join(work, 'plain-backup.sqlite')));
      rmSync(join(work, 'plain-backup.sqlite'), { force: true });
      const backup = total - (closedAt || total);
      out([
        { name: `day-end of ${next} without the backup (${active.toLocaleString('en')} active loans, ${day.loansInArrears.toLocaleString('en')} in arrears, ${day.interestPostings.toLocaleString('en')} interest postings)`, value: (closedAt || total) / 1000, unit: 's', goal: '< 10 s (issue 12)' },
        { name: `day-end's verified backup (${result.backupFile ? 'written' : 'none'}, quick_check and audit chain of the copy)`, value: backup / 1000, unit: 's', goal: `< 2 x the baseline below: ${(backup / plain.ms).toFixed(2)} x` },
        { name: 'SQLite online backup of the same file (baseline)', value: plain.ms / 1000, unit: 's' },
        { name: `dayEnd.status while it runs, longest wait of ${waits.length} (from when asked)`, value: Math.max(...waits), unit: 'ms', goal: '< 100 ms (issue 12)', note: `at ${longest.at}` },
      ]);
    }

    // the interest run at the next month end, the business date moved on a month (a job: a teller asking for an
    // account meanwhile waits at most one chunk)
    {
      const later = `${addMonths(next, 1).slice(0, 8)}01`;
      core.db.prepare("UPDATE settings SET value = ? WHERE key = 'business_date'").run(later);
      const savers = ids(core, 'SELECT id FROM savings_accounts ORDER BY id LIMIT 50');
      let finished = false;
      const job = timed(() => manager.send('savings.postInterest', {}).finally(() => { finished = true; }));
      const waits: number[] = [];
      while (!finished) {
        const due = performance.now() + 5;
        await new Promise((r) => setTimeout(r, 5));
        await teller.send('savings.get', { savingsId: savers[waits.length % savers.length] });
        waits.push(performance.now() - due);
      }
      const r = await job;
      out([
        { name: `savings.postInterest at a month end (${later}: ${r.out.accounts?.toLocaleString('en')} accounts, ${r.out.created?.toLocaleString('en')} posted)`, value: r.ms / 1000, unit: 's', note: 'issue: 9.8 s before' },
        { name: `a teller's savings.get during that run, longest wait of ${waits.length} (from when asked)`, value: Math.max(...waits), unit: 'ms', note: 'one chunk of 200 accounts at most' },
      ]);
    }

    const rss = process.memoryUsage().rss;
    out([
      { name: 'host memory (RSS) after these', value: rss / MB, unit: 'MB', goal: '< 300 MB' },
      { name: 'host memory (RSS) peak seen after a figure', value: Math.max(peakRss, rss) / MB, unit: 'MB', goal: '< 300 MB' },
    ]);
    core.close();

    // branchbox verify, as the CLI runs it, on the copy after the figures' writes
    {
      const help = spawnSync(process.execPath, [resolve(__dirname, '../../electron/cli/main.js'), 'help'], { encoding: 'utf8' });
      const knowsFull = /--full/.test(`${help.stdout}${help.stderr}`);
      // the first run checks everything the figures above changed (every savings account twice over, a day-end),
      // the second only what changed since the first
      const def = runVerify(work);
      const again = runVerify(work);
      const full = runVerify(work, ['--full']);
      const verdict = (r: { code: number; output: string }) => {
        const lines = r.output.split('\n');
        return r.code === 0 ? `OK: ${lines[0]!.slice(0, 80)}` : (lines.find((l) => l.startsWith('FAULT')) ?? `exit ${r.code}: ${lines[0]}`);
      };
      out([
        { name: 'branchbox verify (default), after the figures above', value: def.ms / 1000, unit: 's', goal: '< 5 s', note: verdict(def) },
        { name: 'branchbox verify (default), run again', value: again.ms / 1000, unit: 's', goal: '< 5 s', note: verdict(again) },
        { name: 'branchbox verify --full', value: full.ms / 1000, unit: 's', note: `${verdict(full)}${knowsFull ? '' : '; this build has no --full: the same check as the default'}` },
      ]);
    }
    console.log(`\n(file after the figures: ${(statSync(join(work, DATABASE_FILE)).size / 1e9).toFixed(2)} GB)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
