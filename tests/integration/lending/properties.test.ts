import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../../../electron/core/db/connection';
import { installmentOutstanding, loanPosition } from '../../../electron/core/domain/loans';
import { arrearsSweep } from '../../../electron/core/services/loans';
import { readInstallments } from '../../../electron/core/services/loans/repository';
import { CHECKS } from '../../../electron/core/verify';
import { assertInvariants } from '../../support/core';
import { BIASHARA, lendingBranch, setBusinessDate } from '../../support/lending';

/**
 * Thousands of random sequences of loan operations (repayments of any size, backdated ones, undo and change of
 * earlier repayments, waivers, write-off, recovery, foreclosure) keep every invariant: each journal entry balances,
 * the loan portfolio GL equals the principal outstanding of the loan accounts, every entry belongs to a command,
 * and no call ever fails with an internal error. After every operation, refused or not, the figures the loan keeps
 * (migration 0005) are what its installments say; after each sequence, loans.list and the arrears sweep show, on
 * the day and later, what loanPosition of the installments gives.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

type Op =
  | { kind: 'repay'; days: number; cents: number }
  | { kind: 'backdated'; back: number; cents: number }
  | { kind: 'adjust'; pick: number; undo: boolean; cents: number }
  | { kind: 'waive'; days: number; cents: number }
  | { kind: 'writeOff'; days: number }
  | { kind: 'recover'; cents: number }
  | { kind: 'foreclose'; days: number }
  | { kind: 'waiveCharge'; days: number; installment: number }
  | { kind: 'undoDisbursal' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('repay' as const), days: fc.integer({ min: 0, max: 60 }), cents: fc.integer({ min: 1, max: 1_500_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('backdated' as const), back: fc.integer({ min: 0, max: 40 }), cents: fc.integer({ min: 1, max: 800_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('adjust' as const), pick: fc.nat(), undo: fc.boolean(), cents: fc.integer({ min: 1, max: 800_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('waive' as const), days: fc.integer({ min: 0, max: 20 }), cents: fc.integer({ min: 1, max: 200_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('writeOff' as const), days: fc.integer({ min: 0, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('recover' as const), cents: fc.integer({ min: 1, max: 3_000_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreclose' as const), days: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('waiveCharge' as const), days: fc.integer({ min: 0, max: 40 }), installment: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undoDisbursal' as const) }) },
);

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

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

describe('random sequences of loan operations', () => {
  it(`keep every invariant (${RUNS} sequences)`, async () => {
    const b = await lendingBranch({ ...BIASHARA, numberOfRepayments: 6, minPrincipal: '1000', principal: '20000', charges: [{ chargeTimeType: 'INSTALMENT_FEE', chargeCalculationType: 'FLAT', amount: '25' }] });
    b.core.db.prepare("INSERT INTO settings (key, value) VALUES ('loans.allow_self_approval', 'true')").run();
    // overpayments of up to all the loan owed go through; beyond, a manager must approve (refused here: nobody does)
    await b.manager.ok('settings.setOverpaymentMargin', { overpaymentMarginPercent: '100' });
    // the manager pays out every loan in cash: a till deep enough for a thousand of them
    await b.manager.ok('tills.fundVault', { amount: '1000000000' });
    await b.manager.ok('tills.allocate', { username: 'manager', amount: '1000000000' });
    let today = '2026-01-01';
    // after each sequence, every check but the whole-file ones (the chain, integrity, and the row images the export is
    // cut from, which grow with every sequence and are about direct edits, not lending): those run once at the end
    const wholeFile = new Set(['command log chain', 'integrity', 'every exportable row is its last captured image']);
    const cheapChecks = CHECKS.filter((c) => !wholeFile.has(c.name));
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1000, max: 90_000 }), fc.array(op, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 400 }), async (principal, ops, later) => {
        today = addDays(today, 1);
        setBusinessDate(b.core, today);
        const { loanId } = await b.manager.ok('loans.submit', { clientId: b.clientId, productId: b.productId, principal: String(principal) });
        await b.manager.ok('loans.approve', { loanId });
        await b.manager.ok('loans.disburse', { loanId });
        const start = today;
        for (const o of ops) {
          let name: string;
          let input: Record<string, unknown>;
          switch (o.kind) {
            case 'repay':
              today = addDays(today, o.days);
              name = 'loans.repay';
              input = { loanId, transactionAmount: money(o.cents) };
              break;
            case 'backdated': {
              const d = addDays(today, -o.back);
              name = 'loans.repay';
              input = { loanId, transactionAmount: money(o.cents), transactionDate: d < start ? start : d };
              break;
            }
            case 'adjust': {
              const loan = await b.manager.ok('loans.get', { loanId });
              const live = loan.transactions.filter((t) => !t.reversed && t.type === 'REPAYMENT');
              if (live.length === 0) continue;
              const t = live[o.pick % live.length]!;
              name = 'loans.adjustTransaction';
              input = { loanId, transactionId: t.id, transactionAmount: o.undo ? '0' : money(o.cents) };
              break;
            }
            case 'waive':
              today = addDays(today, o.days);
              name = 'loans.waiveInterest';
              input = { loanId, transactionAmount: money(o.cents) };
              break;
            case 'writeOff':
              today = addDays(today, o.days);
              name = 'loans.writeOff';
              input = { loanId };
              break;
            case 'recover':
              name = 'loans.recoverWrittenOff';
              input = { loanId, transactionAmount: money(o.cents) };
              break;
            case 'foreclose':
              today = addDays(today, o.days);
              name = 'loans.foreclose';
              input = { loanId };
              break;
            case 'waiveCharge':
              today = addDays(today, o.days);
              name = 'loans.waiveCharge';
              input = { loanId, installmentNumber: o.installment, chargeType: 'FEE' };
              break;
            case 'undoDisbursal':
              name = 'loans.undoDisbursal';
              input = { loanId };
              break;
          }
          setBusinessDate(b.core, today);
          const env = await b.manager.raw(name, input);
          calls++;
          // refusals are fine (wrong status, too big a waiver ...); an internal error never is
          if (!env.ok) expect(['INVALID_STATE', 'VALIDATION_FAILED', 'OVERPAYMENT_APPROVAL_REQUIRED'], `${name} ${JSON.stringify(input)}: ${env.error.message}`).toContain(env.error.code);
          expect(keptFiguresOf(b.core.db, loanId), `after ${name} ${JSON.stringify(input)}`).toEqual(recomputed(b.core.db, loanId));
        }
        // the list and the sweep, from the kept figures, on the day and a while later
        for (const asOf of [today, addDays(today, later)]) {
          setBusinessDate(b.core, asOf);
          const [item] = await b.manager.ok('loans.list', { clientId: b.clientId, afterId: loanId + 1, limit: 1 });
          expect(item!.id).toBe(loanId);
          const { totalOutstanding, totalOverdue, daysInArrears, nextDueDate, nextDueAmount } = item!;
          const expected = listFiguresFromInstallments(b.core.db, loanId, item!.status, asOf);
          expect({ totalOutstanding, totalOverdue, daysInArrears, nextDueDate, nextDueAmount }, asOf).toEqual(expected);
          const swept = arrearsSweep(b.core.db, asOf).loans.find((l) => l.loanId === loanId);
          if (item!.status === 'ACTIVE' && expected.daysInArrears > 0) {
            const pos = loanPosition(readInstallments(b.core.db, loanId), asOf);
            expect(swept).toMatchObject({ overdue: pos.overdue, overdueSince: pos.oldestOverdueDueDate, daysInArrears: pos.daysInArrears, agingBucket: pos.agingBucket });
          } else {
            expect(swept).toBeUndefined();
          }
        }
        setBusinessDate(b.core, today);
        for (const check of cheapChecks) expect(check.run(b.core.db), check.name).toBeNull();
        const loan = await b.manager.ok('loans.get', { loanId });
        expect(Number(loan.summary.principalOutstanding)).toBeGreaterThanOrEqual(0);
        expect(Number(loan.summary.totalOutstanding)).toBeGreaterThanOrEqual(0);
        if (loan.status === 'CLOSED_OBLIGATIONS_MET' || loan.status === 'OVERPAID') expect(loan.summary.totalOutstanding).toBe('0.00');
      }),
      { numRuns: RUNS },
    );
    assertInvariants(b.core);
    expect(calls).toBeGreaterThan(RUNS);
  }, 600_000);
});
