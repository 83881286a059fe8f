import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { applyOverduePenalty } from '../../../electron/core/services/penalties';
import { getLoanRow } from '../../../electron/core/services/loans/repository';
import type { HandlerContext } from '../../../electron/core/dispatch/context';
import { assertInvariants, snapshot, TestClock } from '../../support/core';
import { BIASHARA, lendingBranch, setBusinessDate, type LendingBranch } from '../../support/lending';
import { loanWithOverdueCharges, type OverdueChargeSpec } from '../../support/penalties';

/**
 * Overdue-installment penalties (issue 15) as Fineract's close of business applies them: the manager's run for a
 * date (loans.applyOverduePenalties) and day-end's penalty step, with the two settings (penalty-wait-period,
 * backdate-penalties-enabled). The loan everywhere: BIASHARA, 50,000.00 KES at 24 % a year over 12 months, disbursed
 * 5 January 2026, installments of 4,727.98 due on the 5th from 5 February. Installment 1: 1,000.00 interest
 * (50,000.00 x 2 %) and 3,727.98 principal; installment 2: 925.44 interest (46,272.02 x 2 % = 925.4404) and 3,802.54
 * principal. Hand-worked figures; the rules are domain/loans/penalties.ts's (Fineract's, cited there).
 */
const FLAT_150: OverdueChargeSpec = { id: 901, name: 'Late payment penalty', chargeCalculationType: 'FLAT', amount: '150' };
const DAILY_10: OverdueChargeSpec = { id: 911, name: 'Daily late fee', chargeCalculationType: 'FLAT', amount: '10', feeFrequency: 'DAYS', feeInterval: 1 };
const WEEKLY_50: OverdueChargeSpec = { id: 912, name: 'Weekly late fee', chargeCalculationType: 'FLAT', amount: '50', feeFrequency: 'WEEKS', feeInterval: 1 };

async function branch(options: Parameters<typeof lendingBranch>[1] = {}): Promise<LendingBranch> {
  // no tills: day-end refuses while one is open; payments come by mobile money
  return lendingBranch(BIASHARA, { tills: false, ...options });
}

interface PenaltyRow {
  chargeId: number;
  penalised: number;
  dueDate: string;
  amount: number;
  onInstallment: number;
}

const penaltiesOf = (b: LendingBranch, loanId: number) =>
  b.core.db
    .prepare(
      `SELECT lc.charge_id AS chargeId, lc.installment_number AS penalised, lc.due_date AS dueDate, lc.amount, ci.installment_number AS onInstallment
       FROM loan_charges lc JOIN loan_charge_installments ci ON ci.loan_charge_id = lc.id
       WHERE lc.loan_id = ? AND lc.time_type = 'OVERDUE_INSTALLMENT' AND lc.active = 1 ORDER BY lc.installment_number, lc.due_date, lc.charge_id`,
    )
    .all(loanId) as PenaltyRow[];

/** [installment penalised, date, installment it sits on] */
const brief = (rows: PenaltyRow[]) => rows.map((r) => [r.penalised, r.dueDate, r.onInstallment]);

const journalCount = (b: LendingBranch) => (b.core.db.prepare('SELECT count(*) AS n FROM journal_entries').get() as { n: number }).n;

const repay = (b: LendingBranch, loanId: number, amount: string) => b.teller.ok('loans.repay', { loanId, transactionAmount: amount, paymentTypeCode: 'MOBILE_MONEY' });

/** A PC whose clock says 1 April 2026: day-end may close every day up to 31 March. */
const april = () => new TestClock(new Date('2026-04-01T08:00:00Z').getTime());

describe('loans.applyOverduePenalties: the penalties of a date, run by a manager', () => {
  it('applies what the close of a past date would have, then of the business date; never twice; refuses a later date and a teller', async () => {
    const b = await branch();
    const loanId = await loanWithOverdueCharges(b, '2026-01-05', [FLAT_150]);
    setBusinessDate(b.core, '2026-03-20');
    const journals = journalCount(b);
    // installment 1 (due 5 February) is penalised by the close of 7 February (2 days' wait), not of 6 February
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-02-06' })).toEqual({ asOf: '2026-02-06', penalties: 0, loans: 0 });
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-02-07' })).toEqual({ asOf: '2026-02-07', penalties: 1, loans: 1 });
    expect(penaltiesOf(b, loanId)).toEqual([{ chargeId: 901, penalised: 1, dueDate: '2026-02-05', amount: 15000, onInstallment: 1 }]);
    // the business date: installment 2 (due 5 March) too; installment 1's is not applied again
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-03-20' })).toEqual({ asOf: '2026-03-20', penalties: 1, loans: 1 });
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-03-20' })).toEqual({ asOf: '2026-03-20', penalties: 0, loans: 0 });
    expect(brief(penaltiesOf(b, loanId))).toEqual([[1, '2026-02-05', 1], [2, '2026-03-05', 2]]);
    const loan = await b.manager.ok('loans.get', { loanId });
    expect(loan.summary.penaltyChargesOutstanding).toBe('300.00');
    // cash accounting: applying a penalty posts nothing (it posts when paid)
    expect(journalCount(b)).toBe(journals);
    // the teller's view on 20 March: installments 1 and 2 late, split as Fineract's arrears (principal 3,727.98 +
    // 3,802.54; interest 1,000.00 + 925.44; penalties 150.00 + 150.00), 43 days from 5 February
    expect(await b.teller.ok('loans.overdue', { loanId })).toEqual({
      loanId,
      asOf: '2026-03-20',
      principalOverdue: '7530.52',
      interestOverdue: '1925.44',
      feeChargesOverdue: '0.00',
      penaltyChargesOverdue: '300.00',
      totalOverdue: '9755.96',
      daysInArrears: 43,
      penaltyChargesOutstanding: '300.00',
      penaltiesApplied: [
        { loanChargeId: expect.any(Number), name: 'Late payment penalty', installmentNumber: 2, dueDate: '2026-03-05', amount: '150.00' },
        { loanChargeId: expect.any(Number), name: 'Late payment penalty', installmentNumber: 1, dueDate: '2026-02-05', amount: '150.00' },
      ],
    });

    const before = snapshot(b.core);
    expect(await b.manager.err('loans.applyOverduePenalties', { asOf: '2026-03-21' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'asOf', code: 'after_business_date' }] });
    expect((await b.manager.err('loans.applyOverduePenalties', { asOf: '2026-02-30' })).fields).toMatchObject([{ field: 'asOf' }]);
    expect((await b.teller.err('loans.applyOverduePenalties', { asOf: '2026-03-20' })).code).toBe('PERMISSION_DENIED');
    expect(snapshot(b.core)).toBe(before);

    // paid under mifos-standard: installment 1's penalty first, income only now: Cr penalty income 150.00
    const paid = await repay(b, loanId, '4877.98');
    const txn = (await b.manager.ok('loans.get', { loanId })).transactions.find((t) => t.id === paid.transactionId)!;
    expect(txn).toMatchObject({ penaltyChargesPortion: '150.00', interestPortion: '1000.00', principalPortion: '3727.98' });
    const penaltyAccount = (JSON.parse(getLoanRow(b.core.db, loanId).gl_mapping_json) as { penalty: number }).penalty;
    const credited = b.core.db
      .prepare(
        `SELECT sum(l.credit) - sum(l.debit) AS n FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE e.source_type = 'loan_transaction' AND e.source_id = ? AND l.gl_account_id = ?`,
      )
      .get(paid.transactionId, penaltyAccount) as { n: number };
    expect(credited.n).toBe(15_000);
    assertInvariants(b.core);
  });

  it('takes a percentage of what the installment owes: principal, principal and interest, or interest, within the caps', async () => {
    const b = await branch();
    const loanId = await loanWithOverdueCharges(b, '2026-01-05', [
      { id: 902, name: '% of amount', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2' },
      { id: 903, name: '% of amount and interest', chargeCalculationType: 'PERCENT_OF_AMOUNT_AND_INTEREST', amount: '2' },
      { id: 904, name: '% of interest', chargeCalculationType: 'PERCENT_OF_INTEREST', amount: '2' },
      { id: 905, name: '% of amount, at most 50', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2', maxCap: 5000 },
      { id: 906, name: '% of interest, at least 25', chargeCalculationType: 'PERCENT_OF_INTEREST', amount: '2', minCap: 2500 },
    ]);
    setBusinessDate(b.core, '2026-02-07');
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-02-07' })).toEqual({ asOf: '2026-02-07', penalties: 5, loans: 1 });
    // installment 1: 2 % of 3,727.98 = 74.5596 -> 74.56; of 4,727.98 = 94.5596 -> 94.56; of 1,000.00 = 20.00;
    // 74.56 above the 50.00 cap -> 50.00; 20.00 below the 25.00 minimum -> 25.00
    expect(penaltiesOf(b, loanId).map((p) => [p.chargeId, p.amount])).toEqual([[902, 7456], [903, 9456], [904, 2000], [905, 5000], [906, 2500]]);
    const loan = await b.manager.ok('loans.get', { loanId });
    // 74.56 + 94.56 + 20.00 + 50.00 + 25.00 = 264.12
    expect(loan.summary.penaltyChargesOutstanding).toBe('264.12');
    expect(loan.periods[0]).toMatchObject({ penaltyChargesDue: '264.12' });
    assertInvariants(b.core);
  });

  it('sees a past date as the loan stood then: an installment paid later is penalised, and the later payment pays the penalty first', async () => {
    const b = await branch();
    const loanId = await loanWithOverdueCharges(b, '2026-01-05', [{ id: 902, name: '% of amount', chargeCalculationType: 'PERCENT_OF_AMOUNT', amount: '2' }]);
    setBusinessDate(b.core, '2026-02-20');
    const payment = await repay(b, loanId, '4727.98'); // installment 1 in full, 15 days late
    // on the business date installment 1 owes nothing: no penalty
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-02-20' })).toMatchObject({ penalties: 0, loans: 0 });
    // on 10 February it was unpaid: 2 % of 3,727.98 = 74.56, dated 5 February
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-02-10' })).toMatchObject({ penalties: 1, loans: 1 });
    expect(penaltiesOf(b, loanId)).toEqual([{ chargeId: 902, penalised: 1, dueDate: '2026-02-05', amount: 7456, onInstallment: 1 }]);
    // the payment of 20 February is re-allocated (reversed and made again): 74.56 penalty, 1,000.00 interest,
    // 3,653.42 principal; installment 1 still owes 74.56 principal
    const loan = await b.manager.ok('loans.get', { loanId });
    const remade = loan.transactions.filter((t) => t.type === 'REPAYMENT' && !t.reversed);
    expect(remade).toHaveLength(1);
    expect(remade[0]!.id).not.toBe(payment.transactionId);
    expect(remade[0]).toMatchObject({ amount: '4727.98', penaltyChargesPortion: '74.56', interestPortion: '1000.00', principalPortion: '3653.42' });
    expect(loan.periods[0]).toMatchObject({ principalOutstanding: '74.56', penaltyChargesDue: '74.56' });
    assertInvariants(b.core);
  });

  it('follows the two settings an administrator keeps: the wait period and backdating', async () => {
    const b = await branch();
    // Fineract's defaults
    expect(await b.manager.ok('settings.get', {})).toMatchObject({ penaltyWaitPeriod: 2, backdatePenaltiesEnabled: true });
    expect((await b.manager.err('settings.update', { penaltyWaitPeriod: 5 })).code).toBe('PERMISSION_DENIED');
    expect((await b.admin.err('settings.update', { penaltyWaitPeriod: -1 })).fields).toMatchObject([{ field: 'penaltyWaitPeriod' }]);
    expect(await b.admin.ok('settings.update', { penaltyWaitPeriod: 5 })).toMatchObject({ penaltyWaitPeriod: 5, backdatePenaltiesEnabled: true, idleLockMinutes: 240 });
    const loanId = await loanWithOverdueCharges(b, '2026-01-05', [FLAT_150]);
    setBusinessDate(b.core, '2026-03-20');
    // a 5-day wait: installment 1 (due 5 February) waits for the close of 10 February
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-02-09' })).toMatchObject({ penalties: 0 });
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-02-10' })).toMatchObject({ penalties: 1 });

    // backdating off (and 2 days again): only the installment falling late on the day closed
    expect(await b.admin.ok('settings.update', { penaltyWaitPeriod: 2, backdatePenaltiesEnabled: false })).toMatchObject({ penaltyWaitPeriod: 2, backdatePenaltiesEnabled: false });
    const other = await loanWithOverdueCharges(b, '2026-01-05', [{ ...FLAT_150, id: 907, name: 'Late payment penalty (2)' }]);
    setBusinessDate(b.core, '2026-03-20');
    // the close of 8 March: no installment fell due on 6 March, none is penalised (installment 1's lateness is not caught up)
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-03-08' })).toMatchObject({ penalties: 0 });
    // the close of 7 March: installment 2 of both loans (due 5 March); installment 1 of the second loan never
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-03-07' })).toMatchObject({ penalties: 2, loans: 2 });
    expect(brief(penaltiesOf(b, other))).toEqual([[2, '2026-03-05', 2]]);
    expect(brief(penaltiesOf(b, loanId))).toEqual([[1, '2026-02-05', 1], [2, '2026-03-05', 2]]);
    assertInvariants(b.core);
  });

  it('refuses the same installment\'s penalty for the same date twice, with a clear answer, and the index refuses it too', async () => {
    const b = await branch();
    const loanId = await loanWithOverdueCharges(b, '2026-01-05', [FLAT_150]);
    setBusinessDate(b.core, '2026-02-07');
    await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-02-07' });
    const ctx = { db: b.core.db, clock: b.clock, actor: null, businessDate: () => '2026-02-07', touched: () => undefined, warn: () => undefined } as unknown as HandlerContext;
    const charge = { chargeId: 901, name: 'Late payment penalty', chargeCalculationType: 'FLAT' as const, amount: 15000, percentage: '0', feeFrequency: null, feeInterval: null, minCap: null, maxCap: null };
    const again = { chargeId: 901, installmentNumber: 1, dueDate: '2026-02-05', frequencyNumber: 1, amount: 15000, basis: 0 } as never;
    let refusal: unknown;
    try {
      applyOverduePenalty(ctx, getLoanRow(b.core.db, loanId), charge, again);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already carries the Late payment penalty of installment 1 for 2026-02-05/) });
    expect(() =>
      b.core.db
        .prepare(
          `INSERT INTO loan_charges (global_id, loan_id, charge_id, name, time_type, calculation_type, penalty, amount, due_date, installment_number, created_at)
           VALUES ('dup', ?, 901, 'x', 'OVERDUE_INSTALLMENT', 'FLAT', 1, 15000, '2026-02-05', 1, 'now')`,
        )
        .run(loanId),
    ).toThrow(/UNIQUE/);
    expect(penaltiesOf(b, loanId)).toHaveLength(1);
  });
});

describe('day-end: the penalties of each day closed', () => {
  it('a month of day-ends: a daily and a weekly penalty fall while installments stay late, a payment clearing one stops its own', async () => {
    const b = await branch({ clock: april() });
    const daily = await loanWithOverdueCharges(b, '2026-01-05', [DAILY_10]);
    const weekly = await loanWithOverdueCharges(b, '2026-01-05', [WEEKLY_50]);
    setBusinessDate(b.core, '2026-02-01');
    const days = (await b.manager.ok('dayEnd.run', { untilDate: '2026-02-14' })).days;
    // installment 1 is due 5 February; a penalty with a frequency starts the day after the 2-day wait (Fineract's
    // start = due + wait + 1): the close of 8 February applies the first of each, dated 5 February; the daily one
    // falls again on each close after (dated 6, 7 ... February), the weekly one on the close of 15 February
    expect(days.map((d) => [d.date, d.penaltiesApplied]).filter(([, n]) => n !== 0)).toEqual([
      ['2026-02-08', 2],
      ['2026-02-09', 1],
      ['2026-02-10', 1],
      ['2026-02-11', 1],
      ['2026-02-12', 1],
      ['2026-02-13', 1],
      ['2026-02-14', 1],
    ]);
    // seven daily penalties dated 5 to 11 February: the first on installment 1, the others in installment 2's period
    // (5 February < date <= 5 March), where Fineract puts them
    expect(brief(penaltiesOf(b, daily))).toEqual([
      [1, '2026-02-05', 1],
      [1, '2026-02-06', 2],
      [1, '2026-02-07', 2],
      [1, '2026-02-08', 2],
      [1, '2026-02-09', 2],
      [1, '2026-02-10', 2],
      [1, '2026-02-11', 2],
    ]);
    // 15 February: the client pays installment 1 with its 10.00 penalty: 4,737.98 clears it, no more penalties for it
    const loan = await b.teller.ok('loans.get', { loanId: daily });
    expect(loan.periods[0]).toMatchObject({ totalOutstandingForPeriod: '4737.98' });
    await repay(b, daily, '4737.98');
    const preview = await b.manager.ok('dayEnd.preview', {});
    // the close of 15 February: only the weekly loan's second (dated 12 February)
    expect(preview).toMatchObject({ businessDate: '2026-02-15', penaltiesDue: 1, loansPenalised: 1 });
    expect(preview.steps).toContainEqual({ step: 'penalties', count: 1 });
    const rest = (await b.manager.ok('dayEnd.run', { untilDate: '2026-03-07' })).days;
    expect(rest.map((d) => [d.date, d.penaltiesApplied]).filter(([, n]) => n !== 0)).toEqual([
      ['2026-02-15', 1],
      ['2026-02-22', 1],
      ['2026-03-01', 1],
    ]);
    // installment 2 falls due 5 March: on the close of 8 March the daily loan's installment 2 (dated 5 March, on
    // installment 2) and the weekly loan's installment 1 again (its fifth week, dated 5 March) and installment 2
    const march8 = await b.manager.ok('dayEnd.preview', {});
    expect(march8).toMatchObject({ businessDate: '2026-03-08', penaltiesDue: 3, loansPenalised: 2 });
    const end = (await b.manager.ok('dayEnd.run', { untilDate: '2026-03-10' })).days;
    expect(end.map((d) => [d.date, d.penaltiesApplied])).toEqual([['2026-03-08', 3], ['2026-03-09', 1], ['2026-03-10', 1]]);
    expect(brief(penaltiesOf(b, daily)).slice(7)).toEqual([
      [2, '2026-03-05', 2],
      [2, '2026-03-06', 3],
      [2, '2026-03-07', 3],
    ]);
    expect(brief(penaltiesOf(b, weekly))).toEqual([
      [1, '2026-02-05', 1],
      [1, '2026-02-12', 2],
      [1, '2026-02-19', 2],
      [1, '2026-02-26', 2],
      [1, '2026-03-05', 2],
      [2, '2026-03-05', 2],
    ]);
    // daily: 10 penalties of 10.00, 10.00 of them paid; weekly: 6 of 50.00
    expect((await b.manager.ok('loans.get', { loanId: daily })).summary).toMatchObject({ penaltyChargesPaid: '10.00', penaltyChargesOutstanding: '90.00' });
    expect((await b.manager.ok('loans.get', { loanId: weekly })).summary).toMatchObject({ penaltyChargesOutstanding: '300.00' });
    // a manager's run for a day already closed finds nothing left to apply
    expect(await b.manager.ok('loans.applyOverduePenalties', { asOf: '2026-03-10' })).toMatchObject({ penalties: 0, loans: 0 });
    assertInvariants(b.core);
  }, 120_000);

  it('finishes the penalties of a day after a crash before or inside the step, applying nothing twice', async () => {
    const closeThrough = async (b: LendingBranch, daily: number) => {
      const r = await b.manager.raw('dayEnd.run', { untilDate: '2026-02-12' });
      return { ok: r.ok, penalties: brief(penaltiesOf(b, daily)) };
    };
    const reference = await branch({ clock: april() });
    const refLoan = await loanWithOverdueCharges(reference, '2026-01-05', [DAILY_10]);
    setBusinessDate(reference.core, '2026-02-05');
    const expected = await closeThrough(reference, refLoan);
    expect(expected.penalties).toHaveLength(5); // dated 5 to 9 February, by the closes of 8 to 12 February
    for (const point of ['2026-02-10:penalties:0:before', '2026-02-10:penalties:0:inside', '2026-02-10:arrears:0:before']) {
      let armed = true;
      const b = await branch({
        clock: april(),
        core: {
          log: () => undefined,
          faults: {
            dayEnd: (p) => {
              if (armed && p === point) {
                armed = false;
                throw new Error(`power cut at ${p}`);
              }
            },
          },
        },
      });
      const loanId = await loanWithOverdueCharges(b, '2026-01-05', [DAILY_10]);
      setBusinessDate(b.core, '2026-02-05');
      expect((await closeThrough(b, loanId)).ok, point).toBe(false);
      assertInvariants(b.core);
      const again = await closeThrough(b, loanId);
      expect(again, point).toEqual(expected);
      assertInvariants(b.core);
    }
  }, 120_000);
});

describe('the issue\'s example: a catalogue charge on a product, then day-end', () => {
  it('charges.create\'s daily 2 % late payment penalty, carried by a product, falls on its loans at each close', async () => {
    const b = await branch({ clock: april() });
    // the call exactly as the issue writes it
    const { id: chargeId } = await b.admin.ok('charges.create', {
      name: 'Late payment penalty',
      currencyCode: 'KES',
      chargeAppliesTo: 'LOAN',
      chargeTimeType: 'OVERDUE_INSTALLMENT',
      chargeCalculationType: 'PERCENT_OF_AMOUNT',
      amount: '2',
      penalty: true,
      feeFrequency: 'DAYS',
      feeInterval: 1,
    } as never);
    const { id: productId } = await b.admin.ok('loanProducts.create', { ...BIASHARA, name: 'Biashara with penalty', shortName: 'BMP', charges: [{ id: chargeId }] } as never);
    setBusinessDate(b.core, '2026-01-05');
    const { loanId } = await b.officer.ok('loans.submit', { clientId: b.clientId, productId });
    await b.manager.ok('loans.approve', { loanId });
    await b.manager.ok('loans.disburse', { loanId, paymentTypeCode: 'MOBILE_MONEY' });
    setBusinessDate(b.core, '2026-02-01');
    const days = (await b.manager.ok('dayEnd.run', { untilDate: '2026-02-10' })).days;
    // the closes of 8, 9 and 10 February: 2 % of installment 1's principal outstanding, 3,727.98 x 2 % = 74.5596
    // -> 74.56, dated 5, 6 and 7 February (the first on installment 1, the others in installment 2's period)
    expect(days.filter((d) => d.penaltiesApplied > 0).map((d) => d.date)).toEqual(['2026-02-08', '2026-02-09', '2026-02-10']);
    expect(penaltiesOf(b, loanId).map((p) => [p.chargeId, p.dueDate, p.amount, p.onInstallment])).toEqual([
      [chargeId, '2026-02-05', 7456, 1],
      [chargeId, '2026-02-06', 7456, 2],
      [chargeId, '2026-02-07', 7456, 2],
    ]);
    expect((await b.teller.ok('loans.overdue', { loanId })).penaltyChargesOutstanding).toBe('223.68');
    assertInvariants(b.core);
  }, 60_000);
});
