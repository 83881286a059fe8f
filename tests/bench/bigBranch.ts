/**
 * The big branch of issue 11, built through the core's own operations (dispatcher calls as signed-in users make
 * them: an officer submits, a manager approves, a teller disburses and takes repayments and deposits) over about a
 * year of business dates, and kept between runs in `.bench-cache/` (ignored by git).
 *
 * Clients come from the demo seeder (as the existing bench), everything else from commands. For speed, commits are
 * grouped: one transaction holds several thousand commands (class Group). The dispatcher runs a command
 * synchronously when called, so each command inside is its own SAVEPOINT with its own command_log row, and each
 * result is checked. The monthly interest run is awaited outside any group (it may become a chunked job).
 *
 * The kept database is rebuilt when BUILDER_VERSION or the migrations change, and is kept only once
 * `branchbox verify --full` passes on it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCore, DATABASE_FILE, type Core } from '../../electron/core';
import { loadMigrations } from '../../electron/core/db/migrate';
import { addDays, addMonths } from '../../electron/core/domain/calendar';
import { prng, seedDemo } from '../../electron/core/services/demo';
import { recordAsCommand } from '../../electron/core/dispatch/commandLog';

/** Bump when the builder makes a different branch: the kept one is then rebuilt. */
export const BUILDER_VERSION = 1;

/** The calendar of the branch: clients seeded on START, loans from START, the business date left on END. */
export const START = '2025-11-01';
export const END = '2026-11-16';
/** Commands started before their results are awaited, and commands per grouped commit. */
const CHUNK = 1000;
const COMMIT_EVERY = 5000;

export const PASSWORD = 'Str0ng-pass-2026';
export const ADMIN = { username: 'admin', password: 'Adm1n-pass-2026' };

export const LOAN_PRODUCT = {
  name: 'Biashara Monthly', shortName: 'BM12', currencyCode: 'KES', principal: '50000', minPrincipal: '5000', maxPrincipal: '200000',
  numberOfRepayments: 12, repaymentEvery: 1, repaymentFrequencyType: 'MONTHS', interestRatePerPeriod: '24', interestRateFrequencyType: 'PER_YEAR',
  interestType: 'DECLINING_BALANCE', amortizationType: 'EQUAL_INSTALLMENTS', interestCalculationPeriodType: 'SAME_AS_REPAYMENT_PERIOD',
  daysInYearType: 'ACTUAL', daysInMonthType: 'ACTUAL', transactionProcessingStrategyCode: 'mifos-standard-strategy',
};

export const SAVINGS_PRODUCT = {
  name: 'Akiba Voluntary', shortName: 'AKV', currencyCode: 'KES', nominalAnnualInterestRate: '6', interestCompoundingPeriodType: 'MONTHLY',
  interestPostingPeriodType: 'MONTHLY', interestCalculationType: 'DAILY_BALANCE', interestCalculationDaysInYearType: 365,
};

// ---------------------------------------------------------------------------------------------------------------
// The plan: every command of every business date, decided up front from a fixed seed (same branch every build)

/** How a borrower pays. */
type Payer = 'REGULAR' | 'SPLIT' | 'IRREGULAR' | 'STOPS' | 'NEVER';

export interface PlannedLoan {
  index: number;
  clientIndex: number;
  principal: number; // whole KES
  submitOn: string;
  approveOn: string | null;
  disburseOn: string | null;
  outcome: 'DISBURSED' | 'PENDING' | 'APPROVED_ONLY' | 'REJECTED' | 'WITHDRAWN';
  payer: Payer;
  cash: boolean;
}

type RepaymentKind = 'CATCH_UP' | 'HALF' | 'PARTIAL' | 'BACKDATED';

interface PlannedRepayment {
  loan: number;
  kind: RepaymentKind;
}

interface PlannedDeposit {
  account: number;
  amount: number; // whole KES
  cash: boolean;
}

interface Day {
  date: string;
  submit: number[];
  approve: number[];
  reject: number[];
  withdraw: number[];
  disburse: number[];
  repay: PlannedRepayment[];
  openSavings: number[];
  deposit: PlannedDeposit[];
  postInterest: boolean;
}

export interface Plan {
  loans: number;
  clients: number;
  savingsAccounts: number;
  days: Day[];
  planned: PlannedLoan[];
  savingsClient: number[];
  counts: { commands: number; repayments: number; backdated: number; deposits: number; interestRuns: number; loansApplied: number };
}

function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The plan for a branch of `loans` disbursed loans (clients as many, savings accounts half as many). */
export function planBranch(loans: number): Plan {
  const rand = prng(11_2026);
  const dates = daysFrom(START, END);
  const dayOf = new Map(dates.map((d, i) => [d, i] as const));
  const days: Day[] = dates.map((date) => ({
    date, submit: [], approve: [], reject: [], withdraw: [], disburse: [], repay: [], openSavings: [], deposit: [], postInterest: date.endsWith('-01') && date > START,
  }));
  const at = (date: string): Day | undefined => {
    const i = dayOf.get(date);
    return i === undefined ? undefined : days[i];
  };
  const clients = loans;
  const savingsAccounts = Math.round(loans / 2);
  const planned: PlannedLoan[] = [];
  const principals = [10_000, 15_000, 20_000, 30_000, 50_000, 50_000, 75_000, 100_000, 150_000];
  // disbursements spread over the year from the third day to three days before END
  const firstDisbursal = addDays(START, 2);
  const lastDisbursal = addDays(END, -3);
  const span = dayOf.get(lastDisbursal)! - dayOf.get(firstDisbursal)!;
  let repayments = 0;
  let backdated = 0;
  const extra = Math.max(4, Math.round(loans * 0.004)); // applications that end otherwise (pending, approved, rejected, withdrawn)
  for (let i = 0; i < loans + extra; i++) {
    const clientIndex = i % clients;
    const principal = principals[Math.floor(rand() * principals.length)]!;
    const r = rand();
    const payer: Payer = r < 0.66 ? 'REGULAR' : r < 0.78 ? 'SPLIT' : r < 0.9 ? 'IRREGULAR' : r < 0.97 ? 'STOPS' : 'NEVER';
    const cash = payer !== 'SPLIT' && rand() < 0.3;
    if (i >= loans) {
      // the last few days' applications: waiting for approval, approved and waiting for the money, or closed
      const k = i - loans;
      const outcome = (['PENDING', 'APPROVED_ONLY', 'PENDING', 'REJECTED', 'WITHDRAWN'] as const)[k % 5]!;
      const submitOn = addDays(END, -Math.floor(rand() * 3));
      const approveOn = outcome === 'APPROVED_ONLY' ? END : null;
      planned.push({ index: i, clientIndex, principal, submitOn, approveOn, disburseOn: null, outcome, payer, cash });
      at(submitOn)!.submit.push(i);
      if (approveOn) at(approveOn)!.approve.push(i);
      if (outcome === 'REJECTED') at(END)!.reject.push(i);
      if (outcome === 'WITHDRAWN') at(END)!.withdraw.push(i);
      continue;
    }
    // a growing branch: more loans each month than the month before
    const disburseOn = addDays(firstDisbursal, Math.min(span, Math.floor((i / loans) ** 0.75 * span + rand() * 3)));
    const submitOn = addDays(disburseOn, -2);
    const approveOn = addDays(disburseOn, -1);
    planned.push({ index: i, clientIndex, principal, submitOn, approveOn, disburseOn, outcome: 'DISBURSED', payer, cash });
    at(submitOn)!.submit.push(i);
    at(approveOn)!.approve.push(i);
    at(disburseOn)!.disburse.push(i);
    // the repayments: each installment's due date is a month apart from the disbursement
    const stopsAfter = payer === 'STOPS' ? 1 + Math.floor(rand() * 5) : payer === 'NEVER' ? 0 : 12;
    let lastPaid = null as string | null;
    for (let k = 1; k <= Math.min(12, stopsAfter); k++) {
      const due = addMonths(disburseOn, k);
      if (due > END) break;
      const post = (date: string, kind: RepaymentKind) => {
        const day = at(date);
        if (!day) return false;
        day.repay.push({ loan: i, kind });
        repayments++;
        lastPaid = date;
        return true;
      };
      if (payer === 'SPLIT') {
        post(addDays(due, -7), 'HALF');
        post(due, 'CATCH_UP');
        continue;
      }
      if (payer === 'IRREGULAR') {
        const x = rand();
        if (x < 0.25) continue; // missed: caught up by the next payment
        const late = Math.floor(rand() * 35);
        const date = addDays(due, late);
        if (lastPaid !== null && date <= lastPaid) continue;
        post(date, x < 0.4 ? 'PARTIAL' : 'CATCH_UP');
        continue;
      }
      const x = rand();
      const late = x < 0.6 ? 0 : x < 0.9 ? 1 + Math.floor(rand() * 5) : 6 + Math.floor(rand() * 15);
      post(addDays(due, late), 'CATCH_UP');
    }
    // a few repayments are posted a week after the day they were paid (the mobile money statement came late):
    // dated before the loan's last transaction, so the later ones are re-posted
    if (payer === 'REGULAR' && lastPaid !== null && rand() < 0.006) {
      const date = addDays(lastPaid, 7);
      const day = at(date);
      if (day) {
        day.repay.push({ loan: i, kind: 'BACKDATED' });
        repayments++;
        backdated++;
      }
    }
  }
  // savings: accounts opened through the year, about three deposits each (the first on the opening day)
  const savingsClient: number[] = [];
  const firstOpen = dayOf.get(addDays(START, 1))!;
  const openSpan = dayOf.get(addDays(END, -1))! - firstOpen;
  let deposits = 0;
  for (let j = 0; j < savingsAccounts; j++) {
    savingsClient.push((j * 2 + 1) % clients);
    const openIndex = firstOpen + Math.floor(Math.sqrt(rand()) * openSpan); // more accounts later in the year
    days[openIndex]!.openSavings.push(j);
    const n = 1 + Math.floor(rand() * 3) + (rand() < 0.6 ? 1 : 0) + (rand() < 0.4 ? 1 : 0);
    const amounts = [200, 500, 1000, 1500, 2000, 3000, 5000, 10_000, 20_000];
    for (let k = 0; k < n; k++) {
      const idx = k === 0 ? openIndex : openIndex + Math.floor(rand() * (days.length - openIndex));
      days[idx]!.deposit.push({ account: j, amount: amounts[Math.floor(rand() * amounts.length)]!, cash: rand() < 0.5 });
      deposits++;
    }
  }
  // deposits of an account on its opening day come after the opening (the day's order is open, then deposit)
  const interestRuns = days.filter((d) => d.postInterest).length;
  const loansApplied = planned.length;
  const commands =
    planned.reduce((s, l) => s + 1 + (l.approveOn ? 1 : 0) + (l.disburseOn ? 1 : 0) + (l.outcome === 'REJECTED' || l.outcome === 'WITHDRAWN' ? 1 : 0), 0) +
    repayments + savingsAccounts * 3 + deposits + interestRuns;
  return { loans, clients, savingsAccounts, days, planned, savingsClient, counts: { commands, repayments, backdated, deposits, interestRuns, loansApplied } };
}

// ---------------------------------------------------------------------------------------------------------------
// Calling the core as signed-in users

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a driver reads fields of many outputs
type Data = any;

export class User {
  token: string | null = null;
  constructor(readonly core: Core, readonly username: string) {}

  /** Starts the call now (a command runs before this returns) and resolves to its data, or rejects with its error. */
  send(name: string, input: unknown): Promise<Data> {
    return this.core.dispatch(name, input, { sessionToken: this.token }).then((r) => {
      if (r.sessionToken !== undefined) this.token = r.sessionToken;
      if (!r.envelope.ok) throw new Error(`${this.username} ${name} ${JSON.stringify(input)}: ${JSON.stringify(r.envelope.error)}`);
      return r.envelope.data;
    });
  }

  async login(password = PASSWORD): Promise<void> {
    await this.send('session.login', { username: this.username, password });
  }
}

/** Fails a build when too many calls fail; prints the first few. */
class Failures {
  count = 0;
  onFail: () => void = () => undefined;
  constructor(private readonly limit: number) {}
  add(err: unknown): void {
    this.count++;
    this.onFail();
    if (this.count <= 10) console.error(`  [big] call failed: ${err instanceof Error ? err.message : String(err)}`);
    if (this.count > this.limit) throw new Error(`more than ${this.limit} calls failed while building the big branch`);
  }
}

/**
 * Commits grouped over many commands: a transaction opened with BEGIN stays open across the day's phases (and
 * days) until COMMIT_EVERY commands ran in it. Each command's own transaction is a SAVEPOINT inside it, so a
 * refused command still rolls back alone. Nothing else uses the connection while it is open.
 */
class Group {
  private since = 0;
  constructor(private readonly core: Core) {}
  open(): void {
    if (!this.core.db.inTransaction) this.core.db.exec('BEGIN');
  }
  ran(n: number): void {
    this.since += n;
    if (this.since >= COMMIT_EVERY) this.commit();
  }
  commit(): void {
    if (this.core.db.inTransaction) this.core.db.exec('COMMIT');
    this.since = 0;
  }
}

/**
 * Runs `start(item)` for every item inside the open group (each command runs to its end before `start` returns),
 * then waits for the calls' results and hands them to `done`.
 */
async function grouped<T>(group: Group, items: readonly T[], start: (item: T) => Promise<Data>, done: (item: T, data: Data) => void, failures: Failures): Promise<void> {
  for (let from = 0; from < items.length; from += CHUNK) {
    const chunk = items.slice(from, from + CHUNK);
    const calls: Promise<void>[] = [];
    group.open();
    for (const item of chunk) calls.push(start(item).then((data) => done(item, data), (err: unknown) => failures.add(err)));
    await Promise.all(calls);
    group.ran(chunk.length);
  }
}

function setBusinessDate(core: Core, date: string): void {
  core.db.prepare("UPDATE settings SET value = ? WHERE key = 'business_date'").run(date);
}

const money = (minor: number) => (minor / 100).toFixed(2);
const minorOf = (text: string) => Math.round(Number(text) * 100);

// ---------------------------------------------------------------------------------------------------------------
// The build

export interface Manifest {
  builderVersion: number;
  schema: string;
  /** version:checksum of each migration applied, to tell whether the current ones only add to them */
  migrations: string[];
  /** set when the branch was built under earlier migrations and migrated forward (--big-migrate) */
  migratedFrom?: string;
  loans: number;
  clients: number;
  savingsAccounts: number;
  start: string;
  end: string;
  buildSeconds: number;
  verifySeconds: number;
  fileBytes: number;
  counts: Record<string, number>;
  builtAt: string;
  /** Loans paid in two halves a month (many repayments), for the re-posting figures. */
  splitLoans: number[];
}

interface LoanState {
  id: number;
  emi: number;
  paid: number;
  outstanding: number;
  disbursedOn: string;
  repaidOn: string[];
}

/** The migrations the code would apply: a kept branch made under other migrations is rebuilt. */
export function migrationList(): string[] {
  return loadMigrations().map((m) => `${m.version}:${m.checksum}`);
}

export function schemaKey(list: string[] = migrationList()): string {
  return createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 16);
}

function fmtDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Builds the branch in `dir` (a new folder). Returns the manifest without the verify figures. */
export async function buildBigBranch(dir: string, loans: number): Promise<Manifest> {
  const began = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - began) / 1e9;
  const plan = planBranch(loans);
  console.log(
    `[big] plan: ${plan.clients.toLocaleString('en')} clients, ${plan.counts.loansApplied.toLocaleString('en')} loan applications (${loans.toLocaleString('en')} disbursed), ` +
      `${plan.counts.repayments.toLocaleString('en')} repayments (${plan.counts.backdated} backdated), ${plan.savingsAccounts.toLocaleString('en')} savings accounts, ` +
      `${plan.counts.deposits.toLocaleString('en')} deposits, ${plan.counts.interestRuns} interest runs: ${plan.counts.commands.toLocaleString('en')} commands over ${plan.days.length} business dates`,
  );
  const core = await openCore({ dataDir: dir });
  // the builder's connection keeps more pages in memory (a build speed-up only: the figures run with the defaults)
  core.db.pragma('cache_size = -262144');
  const failures = new Failures(Math.max(50, Math.round(plan.counts.commands / 1000)));
  const admin = new User(core, ADMIN.username);
  await admin.send('setup.initialize', {
    organisation: { name: 'Big Bench MFI' },
    currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
    office: { code: 'BIG', name: 'Big Branch', headOffice: false },
    admin: ADMIN,
  });
  setBusinessDate(core, START);
  await admin.send('settings.update', { idleLockMinutes: 240 });
  const users: Record<string, User> = {};
  for (const [username, role] of [['manager', 'BRANCH_MANAGER'], ['officer', 'LOAN_OFFICER'], ['teller', 'TELLER'], ['accountant', 'ACCOUNTANT']] as const) {
    await admin.send('users.create', { username, password: PASSWORD, roles: [role], displayName: username });
    users[username] = new User(core, username);
    await users[username].login();
  }
  const { manager, officer, teller } = users as Record<'manager' | 'officer' | 'teller', User>;

  // clients from the demo seeder (as the existing bench), dated START
  const office = core.db.prepare('SELECT id FROM offices WHERE is_local = 1').get() as { id: number };
  // one command, as the CLI's seed-demo writes it (its rows captured and logged)
  const now = new Date().toISOString();
  recordAsCommand(
    core.db,
    () =>
      seedDemo(core.db, {
        clients: plan.clients, officeId: office.id, businessDate: START, now,
        onProgress: (done, total) => { if (done % 20_000 === 0) console.log(`[big] clients ${done.toLocaleString('en')}/${total.toLocaleString('en')}`); },
      }),
    () => ({ officeCode: 'BIG', operation: 'bench.seedClients', userId: null, username: null, businessDate: START, recordedAt: now, input: { clients: plan.clients }, entityIds: [] }),
  );
  const clientIds = (core.db.prepare('SELECT id FROM clients ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  console.log(`[big] ${clientIds.length.toLocaleString('en')} clients seeded (${fmtDuration(elapsed())})`);

  const { id: loanProductId } = await manager.send('loanProducts.create', LOAN_PRODUCT);
  const { id: savingsProductId } = await manager.send('savingsProducts.create', SAVINGS_PRODUCT);
  // the teller's till: cash repayments and deposits come in through it all year
  await manager.send('tills.fundVault', { amount: '1000000' });
  await manager.send('tills.allocate', { username: 'teller', amount: '1000000' });
  await teller.send('tills.open', { count: [{ denomination: '1000', quantity: 1000 }] });

  // a grouped first call shows the dispatcher still runs a command synchronously inside an outer transaction
  {
    const before = (core.db.prepare('SELECT count(*) AS n FROM command_log').get() as { n: number }).n;
    let p: Promise<Data> | undefined;
    let inside = -1;
    core.db.transaction(() => {
      p = admin.send('settings.update', { idleLockMinutes: 240 });
      inside = (core.db.prepare('SELECT count(*) AS n FROM command_log').get() as { n: number }).n;
    })();
    await p;
    if (inside !== before + 1) throw new Error('the dispatcher no longer runs a command synchronously when called: grouping commits would not work');
  }

  const loanIds = new Map<number, number>(); // plan index -> loan id
  const loanState = new Map<number, LoanState>();
  const savingsIds = new Map<number, number>();
  const split = new Set<number>();
  let done = 0;
  let repaid = 0;
  let disbursed = 0;
  let deposited = 0;
  let lastReport = elapsed();
  let windowStart = { t: elapsed(), done: 0 };
  const report = (date: string, force = false) => {
    const t = elapsed();
    if (!force && t - lastReport < 30) return;
    const rate = (done - windowStart.done) / Math.max(0.001, t - windowStart.t);
    const eta = (plan.counts.commands - done) / Math.max(1, rate);
    console.log(
      `[big] ${date}  commands ${done.toLocaleString('en')}/${plan.counts.commands.toLocaleString('en')} (${((100 * done) / plan.counts.commands).toFixed(1)}%)  ` +
        `loans ${disbursed.toLocaleString('en')}  repayments ${repaid.toLocaleString('en')}  deposits ${deposited.toLocaleString('en')}  ` +
        `${Math.round(rate).toLocaleString('en')} commands/s  elapsed ${fmtDuration(t)}  eta ${fmtDuration(eta)}`,
    );
    lastReport = t;
    windowStart = { t, done };
  };
  const count = () => {
    done++;
  };
  failures.onFail = count;

  const group = new Group(core);
  for (const day of plan.days) {
    if (day.postInterest) {
      // the month's interest run, as the manager starts it on the first of the month (not grouped: it may be a job)
      group.commit();
      setBusinessDate(core, day.date);
      const s = elapsed();
      try {
        const r = await manager.send('savings.postInterest', {});
        console.log(`[big] ${day.date} interest run: ${r.accounts} accounts, ${r.created} postings (${(elapsed() - s).toFixed(1)} s)`);
        count();
      } catch (err) {
        failures.add(err);
      }
    }
    group.open();
    setBusinessDate(core, day.date);
    // applications, then decisions and disbursements, then the money of the day
    await grouped(group, day.submit, (i) => {
      const l = plan.planned[i]!;
      return officer.send('loans.submit', { clientId: clientIds[l.clientIndex], productId: loanProductId, principal: String(l.principal) });
    }, (i, data) => { loanIds.set(i, data.loanId); count(); }, failures);
    await grouped(group, day.openSavings, (j) => teller.send('savings.submit', { clientId: clientIds[plan.savingsClient[j]!], productId: savingsProductId }),
      (j, data) => { savingsIds.set(j, data.savingsId); count(); }, failures);
    const decisions: { kind: 'approve' | 'reject' | 'withdraw' | 'disburse' | 'savingsApprove' | 'savingsActivate'; i: number }[] = [
      ...day.approve.map((i) => ({ kind: 'approve' as const, i })),
      ...day.reject.map((i) => ({ kind: 'reject' as const, i })),
      ...day.withdraw.map((i) => ({ kind: 'withdraw' as const, i })),
      ...day.disburse.map((i) => ({ kind: 'disburse' as const, i })),
      ...day.openSavings.flatMap((j) => [{ kind: 'savingsApprove' as const, i: j }, { kind: 'savingsActivate' as const, i: j }]),
    ];
    await grouped(group, decisions.filter((d) => d.kind.startsWith('savings') ? savingsIds.has(d.i) : loanIds.has(d.i)), (d) => {
      switch (d.kind) {
        case 'approve': return manager.send('loans.approve', { loanId: loanIds.get(d.i) });
        case 'reject': return manager.send('loans.reject', { loanId: loanIds.get(d.i), note: 'Business not yet running' });
        case 'withdraw': return officer.send('loans.withdraw', { loanId: loanIds.get(d.i), note: 'The client changed her mind' });
        case 'disburse': return teller.send('loans.disburse', { loanId: loanIds.get(d.i), paymentTypeCode: 'MOBILE_MONEY' });
        case 'savingsApprove': return manager.send('savings.approve', { savingsId: savingsIds.get(d.i) });
        case 'savingsActivate': return manager.send('savings.activate', { savingsId: savingsIds.get(d.i) });
      }
    }, (d, data) => {
      count();
      if (d.kind !== 'disburse') return;
      const l = plan.planned[d.i]!;
      disbursed++;
      if (l.payer === 'SPLIT') split.add(data.loanId);
      loanState.set(d.i, {
        id: data.loanId, emi: minorOf(data.summary.nextDueAmount), paid: 0, outstanding: minorOf(data.summary.totalOutstanding), disbursedOn: day.date, repaidOn: [],
      });
    }, failures);
    // repayments: what is due so far less what was paid (a half, a part, or a late-posted small payment)
    const repayments: { loan: LoanState; amount: number; date?: string; cash: boolean }[] = [];
    const left = new Map<LoanState, number>(); // outstanding after the day's earlier planned repayments of the loan
    for (const r of day.repay) {
      const s = loanState.get(r.loan);
      const outstanding = s ? left.get(s) ?? s.outstanding : 0;
      if (!s || outstanding <= 0) {
        count(); // nothing left to pay: the planned repayment is not made
        continue;
      }
      let dueCount = 0;
      while (dueCount < 12 && addMonths(s.disbursedOn, dueCount + 1) <= day.date) dueCount++;
      let amount: number;
      let date: string | undefined;
      if (r.kind === 'HALF') amount = Math.round(s.emi / 2);
      else if (r.kind === 'BACKDATED') {
        amount = 50_000; // KES 500 paid a week ago, posted today
        date = addDays(day.date, -7);
        if (date < s.disbursedOn) {
          count();
          continue;
        }
      } else {
        amount = dueCount * s.emi - s.paid;
        if (r.kind === 'PARTIAL') amount = Math.round(amount / 2);
      }
      amount = Math.min(amount, outstanding);
      if (amount <= 0) {
        count();
        continue;
      }
      left.set(s, outstanding - amount);
      repayments.push({ loan: s, amount, ...(date ? { date } : {}), cash: plan.planned[r.loan]!.cash });
    }
    await grouped(group, repayments, (r) => teller.send('loans.repay', {
      loanId: r.loan.id, transactionAmount: money(r.amount), paymentTypeCode: r.cash ? 'CASH' : 'MOBILE_MONEY', ...(r.date ? { transactionDate: r.date } : {}),
    }), (r, data) => {
      count();
      repaid++;
      r.loan.paid += r.amount;
      r.loan.outstanding = minorOf(data.summary.totalOutstanding);
      r.loan.repaidOn.push(r.date ?? day.date);
    }, failures);
    await grouped(group, day.deposit.filter((d) => savingsIds.has(d.account)), (d) => teller.send('savings.deposit', {
      savingsId: savingsIds.get(d.account), transactionAmount: String(d.amount), paymentTypeCode: d.cash ? 'CASH' : 'MOBILE_MONEY',
    }), () => { count(); deposited++; }, failures);
    report(day.date);
  }
  group.commit();
  report(END, true);
  const buildSeconds = elapsed();
  const n = (q: string) => (core.db.prepare(q).get() as { n: number }).n;
  const counts: Record<string, number> = {
    clients: n('SELECT count(*) AS n FROM clients'),
    loans: n('SELECT count(*) AS n FROM loans'),
    loansActive: n('SELECT count(*) AS n FROM loans WHERE status = 300'),
    loansClosed: n('SELECT count(*) AS n FROM loans WHERE status = 600'),
    loansApprovedOnly: n('SELECT count(*) AS n FROM loans WHERE status = 200'),
    loansPending: n('SELECT count(*) AS n FROM loans WHERE status = 100'),
    installments: n('SELECT count(*) AS n FROM loan_installments'),
    loanTransactions: n('SELECT count(*) AS n FROM loan_transactions'),
    repayments: n("SELECT count(*) AS n FROM loan_transactions WHERE type = 'REPAYMENT'"),
    savingsAccounts: n('SELECT count(*) AS n FROM savings_accounts'),
    deposits: n("SELECT count(*) AS n FROM savings_transactions WHERE type = 'DEPOSIT'"),
    interestPostings: n("SELECT count(*) AS n FROM savings_transactions WHERE type = 'INTEREST_POSTING'"),
    journalEntries: n('SELECT count(*) AS n FROM journal_entries'),
    journalLines: n('SELECT count(*) AS n FROM journal_lines'),
    commands: n('SELECT count(*) AS n FROM command_log'),
    failedCalls: failures.count,
  };
  core.close();
  return {
    builderVersion: BUILDER_VERSION, schema: schemaKey(), migrations: migrationList(), loans, clients: plan.clients, savingsAccounts: plan.savingsAccounts, start: START, end: END,
    buildSeconds, verifySeconds: 0, fileBytes: statSync(join(dir, DATABASE_FILE)).size, counts, builtAt: new Date().toISOString(),
    splitLoans: [...split].sort((a, b) => a - b),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The kept branch

/** The repository root (where package.json names branchbox), from the working folder up. */
export function repositoryRoot(): string {
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"branchbox"/.test(readFileSync(pkg, 'utf8'))) return dir;
    const up = resolve(dir, '..');
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** `.bench-cache/` at the repository root (ignored by git), or BENCH_CACHE_DIR. */
export function cacheRoot(): string {
  return process.env.BENCH_CACHE_DIR ?? join(repositoryRoot(), '.bench-cache');
}

/** `branchbox verify` as the CLI runs it, in a child process; returns its exit code, output and time. */
export function runVerify(dataDir: string, flags: string[] = []): { code: number; ms: number; output: string } {
  const main = resolve(__dirname, '../../electron/cli/main.js');
  const s = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [main, 'verify', ...flags, '--data-dir', dataDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  return { code: r.status ?? -1, ms, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/**
 * Migrates the kept branch forward (openCore applies the new migrations, as an upgraded branch would) and verifies
 * it; true when it passed and the manifest was updated.
 */
async function migrateKept(root: string, dir: string, manifest: Manifest): Promise<boolean> {
  const now = migrationList();
  if (now.length <= manifest.migrations.length || manifest.migrations.some((m, i) => now[i] !== m)) return false;
  const s = process.hrtime.bigint();
  const core = await openCore({ dataDir: dir });
  const applied = core.migration.applied;
  core.close();
  rmSync(join(dir, 'backups'), { recursive: true, force: true });
  const seconds = Number(process.hrtime.bigint() - s) / 1e9;
  const verify = runVerify(dir, ['--full']);
  if (verify.code !== 0) {
    console.log(`[big] verify failed after migrating the kept branch:\n${verify.output.split('\n').slice(0, 6).join('\n')}`);
    return false;
  }
  console.log(`[big] migrated the kept branch forward (migrations ${applied.join(', ')}) in ${seconds.toFixed(1)} s; verify --full passed in ${(verify.ms / 1000).toFixed(1)} s`);
  const migratedFrom = `${manifest.migratedFrom ? `${manifest.migratedFrom}, then ` : ''}schema ${manifest.schema}`;
  Object.assign(manifest, { schema: schemaKey(now), migrations: now, migratedFrom, verifySeconds: verify.ms / 1000, fileBytes: statSync(join(dir, DATABASE_FILE)).size });
  writeFileSync(join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return true;
}

/**
 * The kept branch of `loans` loans: built (and verified) when missing or made by another builder version or under
 * other migrations; with `migrate`, a branch built under fewer migrations is migrated forward instead of rebuilt.
 * Returns its folder and manifest.
 */
export async function ensureBigBranch(loans: number, options: { migrate?: boolean } = {}): Promise<{ dir: string; manifest: Manifest; built: boolean }> {
  const root = join(cacheRoot(), `big-${loans}`);
  const manifestFile = join(root, 'manifest.json');
  const dir = join(root, 'branch');
  const schema = schemaKey();
  if (existsSync(manifestFile) && existsSync(join(dir, DATABASE_FILE))) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.builderVersion === BUILDER_VERSION && manifest.schema === schema) return { dir, manifest, built: false };
    if (manifest.builderVersion === BUILDER_VERSION && options.migrate && (await migrateKept(root, dir, manifest))) return { dir, manifest, built: false };
    console.log(
      `[big] the kept branch was built by builder ${manifest.builderVersion} under schema ${manifest.schema}; now builder ${BUILDER_VERSION}, schema ${schema}: rebuilding` +
        (options.migrate ? '' : ' (--big-migrate would migrate it forward instead, when the migrations only add to its own)'),
    );
  }
  rmSync(root, { recursive: true, force: true });
  const building = join(root, 'building');
  mkdirSync(building, { recursive: true });
  console.log(`[big] building a branch of ${loans.toLocaleString('en')} loans in ${building}`);
  const manifest = await buildBigBranch(building, loans);
  console.log(`[big] built in ${fmtDuration(manifest.buildSeconds)}; ${(manifest.fileBytes / 1e9).toFixed(2)} GB; ${JSON.stringify(manifest.counts)}`);
  const verify = runVerify(building, ['--full']);
  manifest.verifySeconds = verify.ms / 1000;
  if (verify.code !== 0) {
    const failed = join(root, 'failed');
    renameSync(building, failed);
    throw new Error(`branchbox verify failed on the built branch (kept in ${failed} to look at):\n${verify.output}`);
  }
  console.log(`[big] verify --full passed in ${(verify.ms / 1000).toFixed(1)} s: ${verify.output.split('\n')[0]}`);
  renameSync(building, dir);
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  return { dir, manifest, built: true };
}
