/**
 * What a loan keeps of its installments (keptFigures) and its position from that alone (positionFromUnpaid): on any
 * state and any date, the same figures as loanPosition of the full state, and the same next due installment as the
 * list computed from the full state (issue 11: lists and the arrears sweep read no installments).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Minor } from '../../../../shared/money';
import { parseScheduleInput, type CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import {
  allocateRepayment,
  COMPONENTS,
  generateSchedule,
  installmentOutstanding,
  installmentStatesFromSchedule,
  keptFigures,
  loanPosition,
  outstandingOf,
  positionFromUnpaid,
  toLoanTerms,
  type ComponentState,
  type InstallmentState,
} from '../../../../electron/core/domain/loans';
import { addDays } from '../../../../electron/core/domain/calendar';
import { EUR } from './helpers';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

/** A component: due, and paid / waived / written off never beyond it; often fully settled or untouched. */
const component: fc.Arbitrary<ComponentState> = fc
  .record({ due: fc.oneof(fc.constant(0), fc.nat({ max: 50_000 })), kind: fc.constantFrom('settled', 'part', 'none'), a: fc.nat(), b: fc.nat(), c: fc.nat() })
  .map(({ due, kind, a, b, c }) => {
    if (kind === 'none' || due === 0) return { due: due as Minor, paid: 0 as Minor, waived: 0 as Minor, writtenOff: 0 as Minor };
    const paid = kind === 'settled' ? due - (b % (due + 1)) : a % (due + 1);
    const waived = b % (due - paid + 1);
    const writtenOff = kind === 'settled' ? due - paid - waived : c % (due - paid - waived + 1);
    return { due: due as Minor, paid: paid as Minor, waived: waived as Minor, writtenOff: writtenOff as Minor };
  });

/** A state: installments in due-date order (two may fall on one day), each from the previous due date. */
const state: fc.Arbitrary<InstallmentState[]> = fc
  .record({
    start: fc.integer({ min: 0, max: 3000 }),
    rows: fc.array(fc.record({ gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })), principal: component, interest: component, fee: component, penalty: component }), {
      maxLength: 24,
    }),
  })
  .map(({ start, rows }) => {
    let due = addDays('2020-01-01', start);
    return rows.map((r, k) => {
      const fromDate = due;
      due = addDays(due, r.gap);
      return { installmentNumber: k + 1, fromDate, dueDate: due, principal: r.principal, interest: r.interest, fee: r.fee, penalty: r.penalty };
    });
  });

/** The next due installment as loans.list found it from the full state before issue 11. */
function nextDueOfState(s: readonly InstallmentState[], asOf: string) {
  const next = s.find((i) => i.dueDate >= asOf && installmentOutstanding(i) > 0);
  return { nextDueDate: next?.dueDate ?? null, nextDueAmount: next ? installmentOutstanding(next) : 0 };
}

describe('positionFromUnpaid', () => {
  it(`gives loanPosition's figures and the next due from the kept unpaid installments alone (${RUNS} states)`, () => {
    fc.assert(
      fc.property(state, fc.integer({ min: -60, max: 1200 }), (s, offset) => {
        const asOf = addDays(s[0]?.fromDate ?? '2024-01-01', offset);
        const kept = keptFigures(s);
        expect(positionFromUnpaid(kept.unpaid, asOf)).toEqual({ ...loanPosition(s, asOf), ...nextDueOfState(s, asOf) });
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the outstanding totals, only the installments still owing, and the oldest of their due dates', () => {
    fc.assert(
      fc.property(state, (s) => {
        const kept = keptFigures(s);
        const owing = s.filter((i) => installmentOutstanding(i) > 0);
        expect(kept.principalOutstanding).toBe(s.reduce((t, i) => t + outstandingOf(i.principal), 0));
        expect(kept.totalOutstanding).toBe(s.reduce((t, i) => t + installmentOutstanding(i), 0));
        expect(kept.unpaid.map((u) => u.installmentNumber)).toEqual(owing.map((i) => i.installmentNumber));
        for (const u of kept.unpaid) {
          const i = s[u.installmentNumber - 1]!;
          for (const c of COMPONENTS) expect(u[c]).toBe(outstandingOf(i[c]));
          expect(u.dueDate).toBe(i.dueDate);
        }
        expect(kept.oldestUnpaidDue).toBe(owing[0]?.dueDate ?? null);
      }),
      { numRuns: RUNS },
    );
  });

  it('on a real loan part-paid: overdue since the oldest unpaid due date, the next due after the date', () => {
    const input = parseScheduleInput({
      principal: '5000',
      numberOfRepayments: 6,
      repaymentFrequencyType: 'MONTHS',
      interestRatePerPeriod: '12',
      interestType: 'DECLINING_BALANCE',
      expectedDisbursementDate: '2022-11-01',
      currency: EUR,
    }) as CompleteScheduleInput;
    const schedule = installmentStatesFromSchedule(generateSchedule(toLoanTerms(input)));
    // one and a half installments paid by mid-January
    const paid = allocateRepayment(schedule, '2023-01-15', Math.round(installmentOutstanding(schedule[0]!) * 1.5) as Minor).state;
    const kept = keptFigures(paid);
    expect(kept.unpaid[0]!.installmentNumber).toBe(2);
    expect(kept.oldestUnpaidDue).toBe('2023-01-01');
    const pos = positionFromUnpaid(kept.unpaid, '2023-02-10');
    expect(pos).toMatchObject({ oldestOverdueDueDate: '2023-01-01', daysInArrears: 40, agingBucket: 'DAYS_31_60', overdueInstallments: [2, 3], nextDueDate: '2023-03-01' });
    expect(pos.overdue.total).toBe(installmentOutstanding(paid[1]!) + installmentOutstanding(paid[2]!));
    expect(pos).toEqual({ ...loanPosition(paid, '2023-02-10'), ...nextDueOfState(paid, '2023-02-10') });
    // nothing owed: nothing overdue, no next due
    expect(positionFromUnpaid([], '2023-02-10')).toMatchObject({ daysInArrears: 0, agingBucket: 'CURRENT', oldestOverdueDueDate: null, nextDueDate: null, nextDueAmount: 0 });
  });

  it('refuses a date that is not one', () => {
    expect(() => positionFromUnpaid([], '2023-02-30')).toThrow(/asOf/);
  });
});
