import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../../../electron/core/db/connection';
import { installmentOutstanding, loanPosition, REPAYMENT_STRATEGY_CODES } from '../../../electron/core/domain/loans';
import { arrearsSweep } from '../../../electron/core/services/loans';
import { readInstallments } from '../../../electron/core/services/loans/repository';
import { CHECKS } from '../../../electron/core/verify';
import { accountLinesFault, dailyBalanceFault, installmentsFault, loanKeptFault } from '../../../electron/core/verify/kept';
import { loanChargesFault } from '../../../electron/core/verify/loanCharges';
import { loanReceivablesFault } from '../../../electron/core/verify/receivables';
import type { LoanView } from '../../../shared/contract';
import { assertInvariants, TestClock } from '../../support/core';
import { BIASHARA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';

/**
 * Thousands of random sequences of loan operations (repayments of any size, backdated ones, undo and change of
 * earlier repayments, interest waivers, charges added (fees and penalties due on a date, flat and percentages, some
 * after maturity making installment N+1), charge waivers per loan charge and per installment, their undo, the
 * overdue penalty run for a date, write-off, recovery, foreclosure, undo disbursal), on loans of every repayment
 * strategy booked on cash, periodic accruals or upfront accruals, with or without overdue penalties and a
 * disbursement fee, keep every
 * invariant: each journal entry balances, the loan portfolio GL equals the principal outstanding of the loan
 * accounts, each accrual loan's receivables equal what it accrued less what was paid, waived and written off,
 * every installment's fees and penalties equal its active charges, each charge's figures add up to the
 * installments', every entry belongs to a command, and no call ever fails with an internal error. After every
 * operation, refused or not, the figures the loan keeps (migration 0005) are what its installments say; after each
 * sequence, loans.list and the arrears sweep show, on the day and later, what loanPosition of the installments
 * gives, and the loan, written off when still active, has accrued all it carries with nothing left receivable.
 *
 * A second property runs the same operations with day-ends between them (penalties and accruals for each day
 * closed, as day-end's steps make them): a branch without tills (day-end refuses to run with one open), paid by
 * mobile money; fewer sequences, each day-end being a run of commands over the branch.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
/** The day-end sequences: each day closed is some ten commands. */
const DAY_END_RUNS = Math.max(1, Math.round(RUNS / 4));

type Op =
  | { kind: 'repay'; days: number; cents: number }
  | { kind: 'backdated'; back: number; cents: number }
  | { kind: 'adjust'; pick: number; undo: boolean; cents: number }
  | { kind: 'waive'; days: number; cents: number }
  | { kind: 'writeOff'; days: number }
  | { kind: 'recover'; cents: number }
  | { kind: 'foreclose'; days: number }
  | { kind: 'waiveCharge'; days: number; installment: number; penalty: boolean }
  | { kind: 'undoDisbursal' }
  | { kind: 'addCharge'; pick: number; offset: number; amount: number | null }
  | { kind: 'waiveLoanCharge'; days: number; pick: number; installment: number | null }
  | { kind: 'undoWaiver'; pick: number }
  | { kind: 'penalties'; days: number; back: number }
  | { kind: 'dayEnd'; days: number };

function ops(withDayEnds: boolean): fc.Arbitrary<Op> {
  const arbitraries: fc.WeightedArbitrary<Op>[] = [
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('repay' as const), days: fc.integer({ min: 0, max: 60 }), cents: fc.integer({ min: 1, max: 1_500_000 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('backdated' as const), back: fc.integer({ min: 0, max: 40 }), cents: fc.integer({ min: 1, max: 800_000 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('adjust' as const), pick: fc.nat(), undo: fc.boolean(), cents: fc.integer({ min: 1, max: 800_000 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('waive' as const), days: fc.integer({ min: 0, max: 20 }), cents: fc.integer({ min: 1, max: 200_000 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('writeOff' as const), days: fc.integer({ min: 0, max: 90 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('recover' as const), cents: fc.integer({ min: 1, max: 3_000_000 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreclose' as const), days: fc.integer({ min: 0, max: 30 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('waiveCharge' as const), days: fc.integer({ min: 0, max: 40 }), installment: fc.integer({ min: 1, max: 8 }), penalty: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('undoDisbursal' as const) }) },
    // due dates from before the disbursement (refused) to well after maturity (six months: N+1)
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('addCharge' as const), pick: fc.nat(), offset: fc.integer({ min: -5, max: 260 }), amount: fc.option(fc.integer({ min: 1, max: 40_000 }), { freq: 3, nil: null }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('waiveLoanCharge' as const), days: fc.integer({ min: 0, max: 30 }), pick: fc.nat(), installment: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('undoWaiver' as const), pick: fc.nat() }) },
    // the penalty run for a day up to the business date, which moves on first (installments fall overdue)
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('penalties' as const), days: fc.integer({ min: 0, max: 90 }), back: fc.integer({ min: 0, max: 30 }) }) },
  ];
  if (withDayEnds) arbitraries.push({ weight: 4, arbitrary: fc.record({ kind: fc.constant('dayEnd' as const), days: fc.integer({ min: 1, max: 10 }) }) });
  return fc.oneof(...arbitraries) as fc.Arbitrary<Op>;
}

/** The figures a loan keeps (migration 0005), as its row holds them. */
function keptFiguresOf(db: Db, loanId: number) {
  const r = db.prepare('SELECT principal_outstanding, total_outstanding, unpaid_json, oldest_unpaid_due FROM loans WHERE id = ?').get(loanId) as {
    principal_outstanding: number;
    total_outstanding: number;
    unpaid_json: string;
    oldest_unpaid_due: string | null;
  };
  return { principalOutstanding: r.principal_outstanding, totalOutstanding: r.total_outstanding, unpaid: JSON.parse(r.unpaid_json) as unknown, oldestUnpaidDue: r.oldest_unpaid_due };
}

/** The same figures recomputed from the loan's installment rows: what each still owes, the ones owing anything. */
function recomputed(db: Db, loanId: number) {
  const rows = db
    .prepare(
      `SELECT installment_number AS n, due_date AS d,
         principal_due - principal_paid - principal_waived - principal_written_off AS p,
         interest_due - interest_paid - interest_waived - interest_written_off AS i,
         fee_due - fee_paid - fee_waived - fee_written_off AS f,
         penalty_due - penalty_paid - penalty_waived - penalty_written_off AS x
       FROM loan_installments WHERE loan_id = ? ORDER BY installment_number`,
    )
    .all(loanId) as { n: number; d: string; p: number; i: number; f: number; x: number }[];
  const owing = rows.filter((r) => r.p + r.i + r.f + r.x > 0);
  return {
    principalOutstanding: rows.reduce((t, r) => t + r.p, 0),
    totalOutstanding: rows.reduce((t, r) => t + r.p + r.i + r.f + r.x, 0),
    unpaid: owing.map((r) => [r.n, r.d, r.p, r.i, r.f, r.x]),
    oldestUnpaidDue: owing.reduce<string | null>((d, r) => (d === null || r.d < d ? r.d : d), null),
  };
}

/** What loans.list showed of a loan before issue 11, from its installments (loanPosition and the next unpaid one). */
function listFiguresFromInstallments(db: Db, loanId: number, status: string, asOf: string) {
  const state = readInstallments(db, loanId);
  const pos = state.length > 0 ? loanPosition(state, asOf) : null;
  const next = state.find((i) => i.dueDate >= asOf && installmentOutstanding(i) > 0);
  const money = (minor: number) => (minor / 100).toFixed(2);
  return {
    totalOutstanding: money(pos ? pos.outstanding.total : 0),
    totalOverdue: money(pos ? pos.overdue.total : 0),
    daysInArrears: pos && status === 'ACTIVE' ? pos.daysInArrears : 0,
    nextDueDate: next?.dueDate ?? null,
    nextDueAmount: money(next ? installmentOutstanding(next) : 0),
  };
}

/** Journal entries from `afterId` on whose debits and credits differ. */
function unbalancedEntries(db: Db, afterId: number): number[] {
  return (db.prepare('SELECT entry_id AS id FROM journal_lines WHERE entry_id > ? GROUP BY entry_id HAVING sum(debit) <> sum(credit)').all(afterId) as { id: number }[]).map((r) => r.id);
}
const lastEntryId = (db: Db): number => (db.prepare('SELECT coalesce(max(id), 0) AS id FROM journal_entries').get() as { id: number }).id;

const lastSeq = (db: Db): number => (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM command_log').get() as { seq: number }).seq;

/** The invariants for what one sequence changed: its loan, its journal entries and the days they post to. */
function sequenceFaults(db: Db, loanId: number, began: { entry: number; seq: number }): string[] {
  const loans = JSON.stringify([loanId]);
  const entries = db
    .prepare(
      `SELECT e.id, coalesce(sum(l.debit), 0) AS d, coalesce(sum(l.credit), 0) AS c, count(l.id) AS n,
         EXISTS (SELECT 1 FROM command_log c WHERE c.seq = e.command_seq AND c.seq > @seq) AS logged
       FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id WHERE e.id > @entry
       GROUP BY e.id HAVING d <> c OR n < 2 OR NOT logged`,
    )
    .all(began) as { id: number }[];
  const days = (db.prepare('SELECT json_group_array(DISTINCT entry_date) AS days FROM journal_entries WHERE id > ?').get(began.entry) as { days: string }).days;
  const portfolio = db
    .prepare(
      `SELECT ln.principal_outstanding AS owed, coalesce((SELECT sum(l.debit) - sum(l.credit) FROM loan_transactions t
           JOIN journal_entries e ON e.source_type = 'loan_transaction' AND e.source_id = t.id JOIN journal_lines l ON l.entry_id = e.id
         WHERE t.loan_id = ln.id AND l.gl_account_id = json_extract(ln.gl_mapping_json, '$.portfolio')), 0) AS moved
       FROM loans ln WHERE ln.id = ?`,
    )
    .get(loanId) as { owed: number; moved: number };
  const totals = db.prepare('SELECT coalesce(sum(debits), 0) AS d, coalesce(sum(credits), 0) AS c FROM gl_daily_balances').get() as { d: number; c: number };
  return [
    ...entries.map((e) => `journal entry ${e.id} does not balance, has fewer than two lines or belongs to no command of the sequence`),
    dailyBalanceFault(db, days),
    accountLinesFault(db, days),
    loanKeptFault(db, loans),
    installmentsFault(db, loans),
    loanChargesFault(db, loans),
    loanReceivablesFault(db, loans),
    portfolio.owed === portfolio.moved ? null : `the loan's entries moved its portfolio account by ${portfolio.moved}, it owes ${portfolio.owed} principal`,
    totals.d === totals.c ? null : `total debits ${totals.d}, total credits ${totals.c}`,
  ].filter((f): f is string => f !== null);
}

const COMPONENTS = ['interest', 'fee', 'penalty'] as const;

/**
 * Per component: what the loan's live accruals add up to (adjustments taken off), and what its installments carry
 * that is earned (the interest heavensfamily-strategy waives inside a repayment, with no waiver transaction, is not).
 */
function accrualsOf(db: Db, loanId: number) {
  const accrued = db
    .prepare(
      `SELECT coalesce(sum(CASE type WHEN 'ACCRUAL' THEN interest_portion ELSE -interest_portion END), 0) AS interest,
         coalesce(sum(CASE type WHEN 'ACCRUAL' THEN fee_portion ELSE -fee_portion END), 0) AS fee,
         coalesce(sum(CASE type WHEN 'ACCRUAL' THEN penalty_portion ELSE -penalty_portion END), 0) AS penalty, count(*) AS n
       FROM loan_transactions t WHERE loan_id = ? AND type IN ('ACCRUAL', 'ACCRUAL_ADJUSTMENT')
         AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)`,
    )
    .get(loanId) as { interest: number; fee: number; penalty: number; n: number };
  const carried = db
    .prepare(
      `SELECT coalesce(sum(interest_due), 0) - coalesce(sum(interest_waived), 0)
           + (SELECT coalesce(sum(interest_portion), 0) FROM loan_transactions t WHERE t.loan_id = @loanId AND t.type = 'WAIVE_INTEREST'
                AND NOT EXISTS (SELECT 1 FROM loan_transactions r WHERE r.reverses_id = t.id)) AS interest,
         coalesce(sum(fee_due), 0) AS fee, coalesce(sum(penalty_due), 0) AS penalty
       FROM loan_installments WHERE loan_id = @loanId`,
    )
    .get({ loanId }) as { interest: number; fee: number; penalty: number };
  return { accrued, carried };
}

/** What the loan's transactions moved on the receivable accounts (1210 interest, 1220 fees, 1240 penalties). */
function receivablesMoved(db: Db, loanId: number): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT a.code, sum(l.debit) - sum(l.credit) AS net FROM loan_transactions t
         JOIN journal_entries e ON e.source_type = 'loan_transaction' AND e.source_id = t.id
         JOIN journal_lines l ON l.entry_id = e.id JOIN gl_accounts a ON a.id = l.gl_account_id
       WHERE t.loan_id = ? AND a.code IN ('1210', '1220', '1240') GROUP BY a.code`,
    )
    .all(loanId) as { code: string; net: number }[];
  return Object.fromEntries(rows.map((r) => [r.code, r.net]));
}

const cents = (s: string): number => Math.round(Number(s) * 100);

/**
 * A charge's figures add up (amount = paid + waived + written off + outstanding, and its installments' figures
 * are its own), and the charges on the installments add up, per component, to what the installments carry.
 */
function expectChargeFiguresAddUp(db: Db, loanId: number, view: LoanView): void {
  const list = view.charges;
  const sums = { fee: [0, 0, 0, 0, 0], penalty: [0, 0, 0, 0, 0] };
  for (const c of list) {
    const f = [c.amount, c.amountPaid, c.amountWaived, c.amountWrittenOff, c.amountOutstanding].map(cents);
    expect(f[0], `charge ${c.name} ${JSON.stringify(c)}`).toBe(f[1]! + f[2]! + f[3]! + f[4]!);
    for (const v of f) expect(v, `charge ${c.name}`).toBeGreaterThanOrEqual(0);
    if (c.chargeTimeType === 'DISBURSEMENT') continue;
    const inst = c.installments.map((i) => [i.amount, i.amountPaid, i.amountWaived, i.amountWrittenOff, i.amountOutstanding].map(cents));
    expect(
      inst.reduce((s, r) => s.map((v, k) => v + r[k]!), [0, 0, 0, 0, 0]),
      `charge ${c.name}: its installments`,
    ).toEqual(f);
    const into = sums[c.penalty ? 'penalty' : 'fee'];
    f.forEach((v, k) => (into[k]! += v));
  }
  const c = db
    .prepare(
      `SELECT coalesce(sum(fee_due), 0) AS fd, coalesce(sum(fee_paid), 0) AS fp, coalesce(sum(fee_waived), 0) AS fw, coalesce(sum(fee_written_off), 0) AS fo,
         coalesce(sum(penalty_due), 0) AS pd, coalesce(sum(penalty_paid), 0) AS pp, coalesce(sum(penalty_waived), 0) AS pw, coalesce(sum(penalty_written_off), 0) AS po
       FROM loan_installments WHERE loan_id = ?`,
    )
    .get(loanId) as { fd: number; fp: number; fw: number; fo: number; pd: number; pp: number; pw: number; po: number };
  expect(sums.fee, 'fee charges against the installments').toEqual([c.fd, c.fp, c.fw, c.fo, c.fd - c.fp - c.fw - c.fo]);
  expect(sums.penalty, 'penalty charges against the installments').toEqual([c.pd, c.pp, c.pw, c.po, c.pd - c.pp - c.pw - c.po]);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const ACCOUNTING_RULES = ['CASH_BASED', 'ACCRUAL_PERIODIC', 'ACCRUAL_UPFRONT'] as const;

/** The charges of the catalogue the sequences use, by the ids charges.create gave them. */
interface Catalogue {
  /** what loans.addCharge may add: specified-due-date fees and penalties, flat and percentages, and an installment fee */
  added: { id: number; flat: boolean; instalment?: boolean }[];
  /** the overdue-installment penalties a product may carry: none, flat once, or a percentage every two weeks */
  overdue: (number | null)[];
}

async function catalogueOf(b: LendingBranch): Promise<Catalogue> {
  const loanCharge = async (name: string, timeType: string, calc: string, amount: string, penalty: boolean, more: Record<string, unknown> = {}) =>
    (await b.admin.ok('charges.create', { name, currencyCode: 'KES', chargeAppliesTo: 'LOAN', chargeTimeType: timeType, chargeCalculationType: calc, amount, penalty, ...more } as never)).id;
  const added = [
    { id: await loanCharge('Field visit fee', 'SPECIFIED_DUE_DATE', 'FLAT', '150', false), flat: true },
    { id: await loanCharge('Bounced cheque penalty', 'SPECIFIED_DUE_DATE', 'FLAT', '75.50', true), flat: true },
    { id: await loanCharge('Insurance top-up', 'SPECIFIED_DUE_DATE', 'PERCENT_OF_AMOUNT', '2', false, { minCap: '20', maxCap: '600' }), flat: false },
    { id: await loanCharge('Default penalty', 'SPECIFIED_DUE_DATE', 'PERCENT_OF_AMOUNT_AND_INTEREST', '1.5', true), flat: false },
    { id: await loanCharge('Interest levy', 'SPECIFIED_DUE_DATE', 'PERCENT_OF_INTEREST', '5', false), flat: false },
    { id: await loanCharge('Savings top-up fee', 'INSTALMENT_FEE', 'FLAT', '10', false), flat: true, instalment: true },
  ];
  const overdue = [
    null,
    await loanCharge('Late payment', 'OVERDUE_INSTALLMENT', 'FLAT', '30', true),
    await loanCharge('Late payment %', 'OVERDUE_INSTALLMENT', 'PERCENT_OF_AMOUNT', '1', true, { feeFrequency: 'WEEKS', feeInterval: 2 }),
  ];
  return { added, overdue };
}

/** A product per strategy, accounting rule, overdue penalty and disbursement fee, made when a sequence first asks for it. */
function productsOf(b: LendingBranch, catalogue: Catalogue) {
  const made = new Map<string, number>();
  return async (strategy: number, rule: number, overdue: number, disbursementFee: boolean): Promise<number> => {
    const key = `${strategy}:${rule}:${overdue}:${disbursementFee ? 1 : 0}`;
    let id = made.get(key);
    if (id === undefined) {
      const penalty = catalogue.overdue[overdue];
      id = (
        await b.admin.ok('loanProducts.create', {
          ...BIASHARA,
          name: `Property ${key}`,
          shortName: `P${made.size}`,
          numberOfRepayments: 6,
          minPrincipal: '1000',
          principal: '20000',
          transactionProcessingStrategyCode: REPAYMENT_STRATEGY_CODES[strategy]!,
          accountingRule: ACCOUNTING_RULES[rule]!,
          charges: [
            { chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '25' },
            ...(disbursementFee ? [{ chargeTimeType: 'DISBURSEMENT', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '1' }] : []),
            ...(penalty === null ? [] : [{ id: penalty }]),
          ],
        } as never)
      ).id;
      made.set(key, id);
    }
    return id;
  };
}

/** One sequence's loan: which product (strategy, accounting rule, overdue penalty, a 1 % disbursement fee) and principal. */
interface LoanSpec {
  principal: number;
  strategy: number;
  rule: number;
  overdue: number;
  disbursementFee: boolean;
}
const loanArb: fc.Arbitrary<LoanSpec> = fc.record({
  principal: fc.integer({ min: 1000, max: 90_000 }),
  strategy: fc.integer({ min: 0, max: REPAYMENT_STRATEGY_CODES.length - 1 }),
  rule: fc.integer({ min: 0, max: ACCOUNTING_RULES.length - 1 }),
  overdue: fc.integer({ min: 0, max: 2 }),
  disbursementFee: fc.boolean(),
});

interface Harness {
  b: LendingBranch;
  catalogue: Catalogue;
  product: (strategy: number, rule: number, overdue: number, disbursementFee: boolean) => Promise<number>;
  /** the payment fields of money in and out: none (cash through the manager's till), or mobile money */
  pay: Record<string, string>;
  today: string;
  calls: number;
  sequences: number;
  cheapChecks: typeof CHECKS;
}

async function harness(b: LendingBranch, pay: Record<string, string>, today: string): Promise<Harness> {
  b.core.db.prepare("INSERT INTO settings (key, value) VALUES ('loans.allow_self_approval', 'true')").run();
  // overpayments of up to all the loan owed go through; beyond, a manager must approve (refused here: nobody does)
  await b.manager.ok('settings.setOverpaymentMargin', { overpaymentMarginPercent: '100' });
  const catalogue = await catalogueOf(b);
  // every FULL_EVERY sequences, every check of a full verify but the whole-file ones (the chain, integrity, and the
  // row images the export is cut from, which grow with every sequence and are about direct edits, not lending): those
  // run once at the end
  const wholeFile = new Set(['command log chain', 'integrity', 'every exportable row is its last captured image']);
  return { b, catalogue, product: productsOf(b, catalogue), pay, today, calls: 0, sequences: 0, cheapChecks: CHECKS.filter((c) => !wholeFile.has(c.name)) };
}

/** The name and input of the call an operation makes, or null when there is nothing to call it on. */
async function callOf(h: Harness, loanId: number, start: string, o: Op): Promise<[string, Record<string, unknown>] | null> {
  const { b, pay } = h;
  const view = (): Promise<LoanView> => b.manager.ok('loans.get', { loanId });
  switch (o.kind) {
    case 'repay':
      h.today = addDays(h.today, o.days);
      return ['loans.repay', { loanId, transactionAmount: money(o.cents), ...pay }];
    case 'backdated': {
      const d = addDays(h.today, -o.back);
      return ['loans.repay', { loanId, transactionAmount: money(o.cents), transactionDate: d < start ? start : d, ...pay }];
    }
    case 'adjust': {
      const live = (await view()).transactions.filter((t) => !t.reversed && t.type === 'REPAYMENT');
      if (live.length === 0) return null;
      const t = live[o.pick % live.length]!;
      return ['loans.adjustTransaction', { loanId, transactionId: t.id, transactionAmount: o.undo ? '0' : money(o.cents) }];
    }
    case 'waive':
      h.today = addDays(h.today, o.days);
      return ['loans.waiveInterest', { loanId, transactionAmount: money(o.cents) }];
    case 'writeOff':
      h.today = addDays(h.today, o.days);
      return ['loans.writeOff', { loanId }];
    case 'recover':
      return ['loans.recoverWrittenOff', { loanId, transactionAmount: money(o.cents), ...pay }];
    case 'foreclose':
      h.today = addDays(h.today, o.days);
      return ['loans.foreclose', { loanId, ...pay }];
    case 'waiveCharge':
      // the shape from before per-charge waivers: every fee (penalty) of an installment
      h.today = addDays(h.today, o.days);
      return ['loans.waiveCharge', { loanId, installmentNumber: o.installment, chargeType: o.penalty ? 'PENALTY' : 'FEE' }];
    case 'undoDisbursal':
      return ['loans.undoDisbursal', { loanId }];
    case 'addCharge': {
      const c = h.catalogue.added[o.pick % h.catalogue.added.length]!;
      // an installment fee falls on every installment: it takes no date
      const input: Record<string, unknown> = { loanId, chargeId: c.id, ...(c.instalment ? {} : { dueDate: addDays(start, o.offset) }) };
      // the amount as given, else the catalogue's: money for a flat charge, a percentage (0.01 to 10) otherwise
      if (o.amount !== null) input.amount = c.flat ? money(o.amount) : money((o.amount % 1000) + 1);
      return ['loans.addCharge', input];
    }
    case 'waiveLoanCharge': {
      h.today = addDays(h.today, o.days);
      const charges = (await view()).charges.filter((c) => c.loanChargeId !== null);
      if (charges.length === 0) return null;
      const c = charges[o.pick % charges.length]!;
      const input: Record<string, unknown> = { loanId, loanChargeId: c.loanChargeId };
      if (o.installment !== null) input.installmentNumber = c.installments.length > 0 ? c.installments[o.installment % c.installments.length]!.installmentNumber : o.installment;
      return ['loans.waiveCharge', input];
    }
    case 'undoWaiver': {
      const waivers = (await view()).transactions.filter((t) => !t.reversed && t.type === 'WAIVE_CHARGE');
      if (waivers.length === 0) return null;
      return ['loans.undoWaiveCharge', { loanId, transactionId: waivers[o.pick % waivers.length]!.id }];
    }
    case 'penalties':
      h.today = addDays(h.today, o.days);
      return ['loans.applyOverduePenalties', { asOf: addDays(h.today, -o.back) }];
    case 'dayEnd': {
      // closes the business date and the days after it: the penalties and accruals of each, dated it
      const until = addDays(h.today, o.days - 1);
      h.today = addDays(until, 1);
      return ['dayEnd.run', { untilDate: until }];
    }
  }
}

/** Refusals are fine (wrong status, too big a waiver, a charge waived already ...); an internal error never is. */
const REFUSALS = ['INVALID_STATE', 'VALIDATION_FAILED', 'OVERPAYMENT_APPROVAL_REQUIRED'];

/**
 * The full checks (over every loan, entry and day) run after every FULL_EVERY-th sequence; after each of the others
 * the same invariants are checked for what the sequence changed, as `branchbox verify` does from its mark
 * (verify/since.ts): its entries balanced and belonging to its commands, the kept GL figures of the days it posted
 * to, the kept figures, installments, charges and receivables of its loan, the portfolio its loan moved against the
 * principal it owes, and total debits against total credits; the tills' checks are among the full ones. (Over a
 * thousand sequences the full checks over the growing branch cost minutes; nothing but the sequence's loan, the
 * days it posts to and the till change: the loans before it are closed.)
 */
const FULL_EVERY = 10;

/** Runs one sequence on a new loan and checks every invariant after each operation and at its end. */
async function runSequence(h: Harness, loan: LoanSpec, sequence: Op[], later: number): Promise<void> {
  const { b } = h;
  const db = b.core.db;
  const began = { entry: lastEntryId(db), seq: lastSeq(db) };
  h.today = addDays(h.today, 1);
  setBusinessDate(b.core, h.today);
  const productId = await h.product(loan.strategy, loan.rule, loan.overdue, loan.disbursementFee);
  const { loanId } = await b.manager.ok('loans.submit', { clientId: b.clientId, productId, principal: String(loan.principal) });
  await b.manager.ok('loans.approve', { loanId });
  await b.manager.ok('loans.disburse', { loanId, ...h.pay });
  const start = h.today;
  const scope = JSON.stringify([loanId]);
  let entries = lastEntryId(db);
  for (const o of sequence) {
    const call = await callOf(h, loanId, start, o);
    if (call === null) continue;
    const [name, input] = call;
    const what = `${name} ${JSON.stringify(input)}`;
    if (name !== 'dayEnd.run') setBusinessDate(b.core, h.today);
    const env = await b.manager.raw(name, input);
    h.calls++;
    if (name === 'dayEnd.run') expect(env, what).toMatchObject({ ok: true });
    if (!env.ok) expect(REFUSALS, `${what}: ${env.error.message}`).toContain(env.error.code);
    expect(keptFiguresOf(db, loanId), `after ${what}`).toEqual(recomputed(db, loanId));
    expect(loanChargesFault(db, scope), `after ${what}`).toBeNull();
    expect(loanReceivablesFault(db, scope), `after ${what}`).toBeNull();
    expect(unbalancedEntries(db, entries), `after ${what}`).toEqual([]);
    entries = lastEntryId(db);
  }
  setBusinessDate(b.core, h.today);
  // the list and the sweep, from the kept figures, on the day and a while later
  for (const asOf of [h.today, addDays(h.today, later)]) {
    setBusinessDate(b.core, asOf);
    const [item] = await b.manager.ok('loans.list', { clientId: b.clientId, afterId: loanId + 1, limit: 1 });
    expect(item!.id).toBe(loanId);
    const { totalOutstanding, totalOverdue, daysInArrears, nextDueDate, nextDueAmount } = item!;
    const expected = listFiguresFromInstallments(db, loanId, item!.status, asOf);
    expect({ totalOutstanding, totalOverdue, daysInArrears, nextDueDate, nextDueAmount }, asOf).toEqual(expected);
    const swept = arrearsSweep(db, asOf).loans.find((l) => l.loanId === loanId);
    if (item!.status === 'ACTIVE' && expected.daysInArrears > 0) {
      const pos = loanPosition(readInstallments(db, loanId), asOf);
      expect(swept).toMatchObject({ overdue: pos.overdue, overdueSince: pos.oldestOverdueDueDate, daysInArrears: pos.daysInArrears, agingBucket: pos.agingBucket });
    } else {
      expect(swept).toBeUndefined();
    }
  }
  setBusinessDate(b.core, h.today);
  let view = await b.manager.ok('loans.get', { loanId });
  expect(Number(view.summary.principalOutstanding)).toBeGreaterThanOrEqual(0);
  expect(Number(view.summary.totalOutstanding)).toBeGreaterThanOrEqual(0);
  if (view.status === 'CLOSED_OBLIGATIONS_MET' || view.status === 'OVERPAID') expect(view.summary.totalOutstanding).toBe('0.00');
  const disbursed = view.status !== 'APPROVED';
  if (disbursed) expectChargeFiguresAddUp(db, loanId, view);
  const rule = ACCOUNTING_RULES[loan.rule]!;
  const { accrued, carried } = accrualsOf(db, loanId);
  if (rule === 'CASH_BASED' || !disbursed) {
    // nothing accrues on cash, and an undone disbursal reversed every accrual
    expect(accrued).toEqual({ interest: 0, fee: 0, penalty: 0, n: accrued.n });
    if (rule === 'CASH_BASED') expect(accrued.n).toBe(0);
  } else {
    // never more than the installments carry (upfront: all of it at once)
    for (const k of COMPONENTS) expect(accrued[k], `${k} accrued`).toBeLessThanOrEqual(carried[k]);
    if (rule === 'ACCRUAL_UPFRONT' && view.status === 'ACTIVE') expect({ ...accrued, n: 0 }).toEqual({ ...carried, n: 0 });
  }
  // a loan still active is written off (Dr losses for every component, Cr portfolio and receivables), so that the
  // penalty runs and day-ends of later sequences look at their own loan, not at centuries of overdue ones
  if (view.status === 'ACTIVE') {
    await b.manager.ok('loans.writeOff', { loanId });
    expect(keptFiguresOf(db, loanId)).toEqual(recomputed(db, loanId));
    view = await b.manager.ok('loans.get', { loanId });
    expectChargeFiguresAddUp(db, loanId, view);
  }
  // a closed loan on accruals has accrued everything it carries and has nothing left receivable
  if (rule !== 'CASH_BASED' && disbursed) {
    const after = accrualsOf(db, loanId);
    expect({ ...after.accrued, n: 0 }, view.status).toEqual({ ...after.carried, n: 0 });
    for (const [code, net] of Object.entries(receivablesMoved(db, loanId))) expect(net, `receivable ${code} of a ${view.status} loan`).toBe(0);
  }
  expect(unbalancedEntries(db, entries)).toEqual([]);
  expect(sequenceFaults(db, loanId, began)).toEqual([]);
  if (++h.sequences % FULL_EVERY === 0) for (const check of h.cheapChecks) expect(check.run(db), check.name).toBeNull();
}

describe('random sequences of loan operations', () => {
  it(`keep every invariant (${RUNS} sequences)`, async () => {
    const b = await lendingBranch({ ...BIASHARA, numberOfRepayments: 6, minPrincipal: '1000', principal: '20000' });
    // the manager pays out every loan in cash: a till deep enough for a thousand of them
    await b.manager.ok('tills.fundVault', { amount: '1000000000' });
    await b.manager.ok('tills.allocate', { username: 'manager', amount: '1000000000' });
    const h = await harness(b, {}, '2026-01-01');
    await fc.assert(
      fc.asyncProperty(loanArb, fc.array(ops(false), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 400 }), (loan, sequence, later) => runSequence(h, loan, sequence, later)),
      { numRuns: RUNS },
    );
    assertInvariants(b.core);
    expect(h.calls).toBeGreaterThan(RUNS);
  }, 600_000);

  it(`keep every invariant with day-ends between them (${DAY_END_RUNS} sequences)`, async () => {
    // no tills: day-end refuses to run while one is open; the PC's clock centuries ahead, so that any day can be closed
    const b = await lendingBranch({ ...BIASHARA, numberOfRepayments: 6, minPrincipal: '1000', principal: '20000' }, { tills: false, clock: new TestClock(Date.parse('2400-01-01T08:00:00Z')) });
    const h = await harness(b, { paymentTypeCode: 'MOBILE_MONEY' }, '2026-01-01');
    await fc.assert(
      fc.asyncProperty(loanArb, fc.array(ops(true), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 400 }), (loan, sequence, later) => runSequence(h, loan, sequence, later)),
      { numRuns: DAY_END_RUNS },
    );
    assertInvariants(b.core);
    // days were closed, and their runs applied penalties and made accruals
    const made = b.core.db
      .prepare(
        `SELECT (SELECT count(*) FROM day_end_runs WHERE finished_at IS NOT NULL) AS days,
           (SELECT count(*) FROM loan_charges WHERE time_type = 'OVERDUE_INSTALLMENT') AS penalties,
           (SELECT count(*) FROM loan_transactions WHERE type = 'ACCRUAL') AS accruals`,
      )
      .get() as { days: number; penalties: number; accruals: number };
    if (DAY_END_RUNS >= 100) expect(Math.min(made.days, made.penalties, made.accruals)).toBeGreaterThan(0);
  }, 600_000);
});
