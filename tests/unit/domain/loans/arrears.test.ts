/**
 * Arrears, aging, prepayment and foreclosure (DOMAIN.md "Repayments, arrears, closure").
 */
import { describe, expect, it } from 'vitest';
import type { Minor } from '../../../../shared/money';
import { parseScheduleInput, type CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import {
  agingBucket,
  allocateRepayment,
  foreclosureAmount,
  generateSchedule,
  installmentStatesFromSchedule,
  loanPosition,
  prepaymentAmount,
  toLoanTerms,
  waiveInterest,
} from '../../../../electron/core/domain/loans';
import { EUR } from './helpers';

const m = (n: number) => n as Minor;

/** Fineract's RS02 loan: 5000 at 12 % over 18 months from 1 Nov 2022, installments of 305.00. */
function rs02() {
  const input = parseScheduleInput({
    principal: '5000',
    numberOfRepayments: 18,
    repaymentFrequencyType: 'MONTHS',
    interestRatePerPeriod: '12',
    interestType: 'DECLINING_BALANCE',
    installmentAmountInMultiplesOf: 1,
    expectedDisbursementDate: '2022-11-01',
    currency: EUR,
  }) as CompleteScheduleInput;
  return installmentStatesFromSchedule(generateSchedule(toLoanTerms(input)));
}

describe('aging buckets', () => {
  it.each([
    [0, 'CURRENT'],
    [1, 'DAYS_1_30'],
    [30, 'DAYS_1_30'],
    [31, 'DAYS_31_60'],
    [60, 'DAYS_31_60'],
    [61, 'DAYS_61_90'],
    [90, 'DAYS_61_90'],
    [91, 'DAYS_91_180'],
    [180, 'DAYS_91_180'],
    [181, 'OVER_180'],
  ] as const)('%i days -> %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });
});

describe('loan position on a date', () => {
  it('is current before the first due date and on it', () => {
    const state = rs02();
    const before = loanPosition(state, '2022-11-20');
    expect(before).toMatchObject({ daysInArrears: 0, agingBucket: 'CURRENT', oldestOverdueDueDate: null });
    expect(before.due.total).toBe(0);
    const onDue = loanPosition(state, '2022-12-01');
    expect(onDue.due.total).toBe(30500);
    expect(onDue.overdue.total).toBe(0);
    expect(onDue.daysInArrears).toBe(0);
  });

  it('counts days in arrears from the oldest unpaid due date', () => {
    const state = rs02();
    const p = loanPosition(state, '2023-01-15');
    expect(p.daysInArrears).toBe(45);
    expect(p.agingBucket).toBe('DAYS_31_60');
    expect(p.overdue).toEqual({ principal: 51255, interest: 9745, fee: 0, penalty: 0, total: 61000 });
    expect(p.overdueInstallments).toEqual([1, 2]);
    // once installment 1 is paid, arrears count from installment 2
    const paid = allocateRepayment(state, '2023-01-15', m(30500)).state;
    expect(loanPosition(paid, '2023-01-15')).toMatchObject({ daysInArrears: 14, oldestOverdueDueDate: '2023-01-01' });
    // a partly paid installment still counts
    const partly = allocateRepayment(state, '2023-01-15', m(30000)).state;
    expect(loanPosition(partly, '2023-01-15').daysInArrears).toBe(45);
  });

  it('prepayment is everything outstanding, future interest included', () => {
    expect(prepaymentAmount(rs02())).toEqual({ principal: 500000, interest: 48822, fee: 0, penalty: 0, total: 548822 });
  });
});

describe('foreclosure', () => {
  it('charges interest up to the date, pro-rated in the running period, and drops future interest', () => {
    // 16 Jan 2023: periods 1-2 due and unpaid (50.00 + 47.45); period 3 runs 1 Jan - 1 Feb (31 days),
    // 15 days elapsed: 44.87 x 15 / 31 = 21.71.
    expect(foreclosureAmount(rs02(), '2023-01-16', EUR)).toEqual({
      principal: 500000,
      interest: 5000 + 4745 + 2171,
      fee: 0,
      penalty: 0,
      total: 500000 + 11916,
    });
  });

  it('after on-time payments owes the remaining principal and the accrued interest only', () => {
    let state = rs02();
    state = allocateRepayment(state, '2022-12-01', m(30500)).state;
    state = allocateRepayment(state, '2023-01-01', m(30500)).state;
    const f = foreclosureAmount(state, '2023-01-16', EUR);
    expect(f).toEqual({ principal: 448745, interest: 2171, fee: 0, penalty: 0, total: 450916 });
  });

  it('on a due date takes that installment whole', () => {
    const f = foreclosureAmount(rs02(), '2022-12-01', EUR);
    expect(f.interest).toBe(5000);
  });

  it('credits interest paid in advance on future installments against principal', () => {
    // pay 40.00 of interest ahead through a waiver-free early payment of the whole of installment 1 and more
    let state = rs02();
    state = allocateRepayment(state, '2022-11-15', m(30500 + 5000)).state; // installment 1, then 47.45 interest... of 2
    const f = foreclosureAmount(state, '2022-11-15', EUR);
    // installment 1 is running (14 of 30 days): 50.00 x 14/30 = 23.33 accrued, 50.00 paid: 26.67 credited;
    // installment 2: 47.45 interest paid ahead, 2.55 of its principal paid
    expect(f.interest).toBe(0);
    expect(f.principal).toBe(500000 - 25500 - 255 - 2667 - 4745);
  });

  it('a waiver cancels interest but is not credited as money', () => {
    const waived = waiveInterest(rs02(), '2022-11-15', m(5000)).state; // all of installment 1's interest
    const f = foreclosureAmount(waived, '2022-11-15', EUR);
    expect(f).toMatchObject({ principal: 500000, interest: 0 });
  });
});
