/**
 * `npm run bench`: performance figures, each printed beside a raw better-sqlite3 baseline measured in the
 * same run, so a ratio holds on a noisy machine. Timing goals live here, never in tests.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../electron/core/db/connection';
import { openCore } from '../../electron/core';
import { createTrainingBranch } from '../../electron/core/services/setup';
import { searchClients } from '../../electron/core/services/clients';
import { benchLending } from './lending';
import { benchSavings } from './savings';
import { benchDailyPosting } from './dailyPosting';
import { benchBig } from './big';
import { benchExports } from './exports';
import { benchSignIn } from './signIn';
import { benchCollectionSheet } from './collectionSheet';
import { benchReportFiles } from './reportFiles';
import { benchReports } from './reports';
import { benchClientList } from './clientList';

import { ms, percentile, type Figure } from './support';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'branchbox-bench-'));
}

/** Raw baseline: one-row INSERT commits with synchronous=FULL, and a batch of rows in one transaction. */
export function rawBaseline(): Figure[] {
  const db = openDatabase(join(tempDir(), 'raw.sqlite'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (a, b) VALUES (?, ?)');
  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const s = process.hrtime.bigint();
    insert.run(i, 'row');
    samples.push(ms(s));
  }
  const rows = 20_000;
  const s = process.hrtime.bigint();
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(i, 'batch row');
  })();
  const batchMs = ms(s);
  db.close();
  return [
    { name: 'raw single-row commit p50 (baseline)', value: percentile(samples, 50), unit: 'ms' },
    { name: 'raw single-row commit p95 (baseline)', value: percentile(samples, 95), unit: 'ms' },
    { name: 'raw batch insert (baseline)', value: Math.round(rows / (batchMs / 1000)), unit: 'rows/s' },
  ];
}

/** Client search on a branch of `size` clients: queries a teller types (name parts, phone, account, id). */
export async function clientSearch(size: number, dir: string): Promise<Figure[]> {
  const core = await openCore({ dataDir: dir });
  const seedStart = process.hrtime.bigint();
  core.db.transaction(() => createTrainingBranch({ db: core.db, clock: { now: () => new Date() } }, size))();
  const seedMs = ms(seedStart);
  const sample = core.db
    .prepare('SELECT c.account_no, c.firstname, c.lastname, c.mobile_no, i.document_key FROM clients c JOIN client_identifiers i ON i.client_id = c.id ORDER BY c.id')
    .all() as { account_no: string; firstname: string; lastname: string; mobile_no: string; document_key: string }[];
  const queries: string[] = [];
  for (let i = 0; i < 400; i++) {
    const c = sample[(i * 7919) % sample.length]!;
    switch (i % 6) {
      case 0: queries.push(c.lastname.slice(1, 6)); break; // part of a surname
      case 1: queries.push(`${c.firstname} ${c.lastname}`); break; // a full name
      case 2: queries.push(c.mobile_no.slice(-9)); break; // phone without the country code
      case 3: queries.push(c.account_no); break;
      case 4: queries.push(c.document_key); break;
      default: queries.push(c.firstname.slice(0, 4)); break; // the start of a first name
    }
  }
  const samples: number[] = [];
  for (const q of queries) {
    const s = process.hrtime.bigint();
    searchClients(core.db, q, 50);
    samples.push(ms(s));
  }
  // the client list's pages by each filter (issue 19 point 11), on the same clients
  const list = benchClientList(core, size);
  core.close();
  return [
    { name: `seed ${size.toLocaleString('en')} demo clients`, value: Math.round(seedMs / 100) / 10, unit: 's' },
    { name: `client search p50 on ${size.toLocaleString('en')} clients`, value: percentile(samples, 50), unit: 'ms' },
    { name: `client search p95 on ${size.toLocaleString('en')} clients`, value: percentile(samples, 95), unit: 'ms', goal: '< 20 ms' },
    ...list,
  ];
}

/** From spawning `branchbox serve` to its "ready at" line. */
export function serveToReady(dataDir: string): Promise<number> {
  const main = resolve(__dirname, '../../electron/cli/main.js');
  return new Promise((ok, fail) => {
    const s = process.hrtime.bigint();
    const child = spawn(process.execPath, [main, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => {
      if (/ready at/.test(String(chunk))) {
        const elapsed = ms(s);
        child.kill('SIGTERM');
        ok(elapsed);
      }
    });
    child.on('exit', (code) => fail(new Error(`serve exited with ${code} before it was ready`)));
  });
}

function print(figures: Figure[]): void {
  for (const f of figures) {
    const value = f.value >= 100 ? Math.round(f.value).toLocaleString('en') : f.value.toFixed(3);
    console.log(`${f.name.padEnd(58)} ${value.padStart(12)} ${f.unit.padEnd(10)} ${f.goal ? `goal ${f.goal}` : ''}`);
  }
}

async function main(): Promise<void> {
  const size = Number(process.env.BENCH_CLIENTS ?? 100_000);
  console.log(`Branchbox benchmarks (${new Date().toISOString()}, Node ${process.version})\n`);
  const raw = rawBaseline();
  print(raw);
  const rawBatch = raw.find((f) => f.name.startsWith('raw batch'))!.value;
  if (process.argv.includes('--big')) {
    // the big branch of issue 11 (tests/bench/big.ts), 100,000 loans: `--big-loans N` for another size,
    // `--big-migrate` to migrate a kept branch forward rather than build it again when migrations were added
    const at = process.argv.indexOf('--big-loans');
    const loans = Number(at > 0 ? process.argv[at + 1] : (process.env.BENCH_BIG_LOANS ?? 100_000));
    if (!Number.isInteger(loans) || loans < 100) throw new Error('--big-loans needs a whole number of at least 100');
    const again = () => spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit' }).status ?? 1;
    await benchBig(loans, raw, again, { migrate: process.argv.includes('--big-migrate') });
    return;
  }
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'lending') print(await benchLending(rawBatch));
  if (process.env.BENCH_ONLY === 'lending') return;
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'savings') print(await benchSavings());
  if (process.env.BENCH_ONLY === 'savings') return;
  // a day-end posting daily interest on 50,000 accounts (BENCH_DAILY_ACCOUNTS for another size)
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'daily') print(await benchDailyPosting(rawBatch));
  if (process.env.BENCH_ONLY === 'daily') return;
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'exports') print(await benchExports(rawBatch));
  if (process.env.BENCH_ONLY === 'exports') return;
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'signin') print(await benchSignIn());
  if (process.env.BENCH_ONLY === 'signin') return;
  // the collection sheet of a 500-member center (issue 17): generated and posted
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'collectionSheet') print(await benchCollectionSheet(rawBatch));
  if (process.env.BENCH_ONLY === 'collectionSheet') return;
  // report files (issue 18): an XLSX of 100,000 rows under 10 s (BENCH_REPORT_ROWS for another size)
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'reportFiles') print(await benchReportFiles());
  if (process.env.BENCH_ONLY === 'reportFiles') return;
  // the portfolio reports on 100,000 loans and 1.2 million installments (issue 18; BENCH_REPORT_LOANS for another size)
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'reports') print(await benchReports());
  if (process.env.BENCH_ONLY === 'reports') return;
  const dir = tempDir();
  print(await clientSearch(size, dir));
  const fresh = tempDir();
  print([
    { name: 'branchbox serve to ready (fresh data folder)', value: await serveToReady(fresh), unit: 'ms' },
    { name: `branchbox serve to ready (${size.toLocaleString('en')} clients)`, value: await serveToReady(dir), unit: 'ms' },
  ]);
  const savingsBench = join(__dirname, 'savingsInterest.js');
  if (existsSync(savingsBench)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { benchSavingsInterest } = require(savingsBench) as { benchSavingsInterest: () => Figure[] };
    print(benchSavingsInterest());
  }
  const loanBench = join(__dirname, 'loanEngine.js');
  if (existsSync(loanBench)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { benchLoanEngine } = require(loanBench) as { benchLoanEngine: () => Figure[] };
    print(benchLoanEngine());
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(fresh, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
