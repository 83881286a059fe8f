/**
 * Overdue-installment penalties as Fineract's close of business applies them (domain/loans/penalties.ts):
 * which installments, the dates each charge falls on, the amounts. Figures are Fineract's published ones where it
 * publishes them (fineract-e2e-tests-runner LoanCharge.feature, FEE04 and FEE05) and worked by hand otherwise.
 */
import { describe, expect, it } from 'vitest';
import type { Minor } from '../../../../shared/money';
import { parseScheduleInput, type CompleteScheduleInput } from '../../../../shared/contract/loanSchedule';
import {
  allocateRepayment,
  generateSchedule,
  installmentStatesFromSchedule,
  isPenaltyDue,
  overduePenalties,
  penaltyAmount,
  penaltyDates,
  penaltyKey,
  toLoanTerms,
  type InstallmentState,
  type OverdueCharge,
  type PenaltyRules,
} from '../../../../electron/core/domain/loans';
import { EUR, UGX100 } from './helpers';

const m = (n: number) => n as Minor;
const DEFAULTS: PenaltyRules = { penaltyWaitPeriod: 2, backdatePenaltiesEnabled: true };

function charge(over: Partial<OverdueCharge>): OverdueCharge {
  return { chargeId: 1, name: 'Late fee', chargeCalculationType: 'FLAT', amount: 0, percentage: '0', feeFrequency: null, feeInterval: null, minCap: null, maxCap: null, ...over };
}

/**
 * FEE04/FEE05's loan: 3000 EUR, 12 % a year flat, 3 monthly installments from 1 January 2023: 1000.00 principal and
 * 30.00 interest each (3000 x 12 % / 12), due 1 February, 1 March, 1 April.
 */
function fee04(): InstallmentState[] {
  const input = parseScheduleInput({
    principal: '3000',
    numberOfRepayments: 3,
    repaymentFrequencyType: 'MONTHS',
    interestRatePerPeriod: '12',
    interestRateFrequencyType: 'PER_YEAR',
    interestType: 'FLAT',
    expectedDisbursementDate: '2023-01-01',
    currency: EUR,
  }) as CompleteScheduleInput;
  return installmentStatesFromSchedule(generateSchedule(toLoanTerms(input)));
}

const brief = (ps: ReturnType<typeof overduePenalties>) => ps.map((p) => [p.installmentNumber, p.dueDate, p.amount]);

describe('the amount: flat, or a percentage of what the installment still owes (LoanChargeAssembler.createNewFromJson)', () => {
  it('1.5 % of the principal outstanding: 15.00 a late installment (Fineract FEE04, business date 1 May 2023)', () => {
    const lateFee = charge({ chargeCalculationType: 'PERCENT_OF_AMOUNT', percentage: '1.5' });
    // COB closes 30 April (the business date is 1 May): all three installments are past their wait
    expect(brief(overduePenalties(fee04(), '2023-04-30', [lateFee], DEFAULTS, EUR))).toEqual([
      [1, '2023-02-01', 1500],
      [2, '2023-03-01', 1500],
      [3, '2023-04-01', 1500],
    ]);
  });

  it('1.5 % of principal and interest outstanding: 1.5 % of 1030.00 = 15.45 (Fineract FEE05)', () => {
    const lateFee = charge({ chargeCalculationType: 'PERCENT_OF_AMOUNT_AND_INTEREST', percentage: '1.5' });
    expect(brief(overduePenalties(fee04(), '2023-04-30', [lateFee], DEFAULTS, EUR))).toEqual([
      [1, '2023-02-01', 1545],
      [2, '2023-03-01', 1545],
      [3, '2023-04-01', 1545],
    ]);
  });

  it('a percentage of the interest outstanding: 1.5 % of 30.00 = 0.45; flat: the amount itself (Fineract\'s "Fixed Late fee" 25)', () => {
    const state = fee04();
    expect(penaltyAmount(state[0]!, charge({ chargeCalculationType: 'PERCENT_OF_INTEREST', percentage: '1.5' }), EUR)).toEqual({ amount: 45, basis: 3000 });
    expect(penaltyAmount(state[0]!, charge({ chargeCalculationType: 'FLAT', amount: 2500 }), EUR)).toEqual({ amount: 2500, basis: 0 });
  });

  it('what is still owed when the step runs: a part-paid installment is penalised on its remainder', () => {
    // 530.00 paid on 1 February under mifos-standard: 30.00 interest, 500.00 principal; 500.00 principal and no interest left
    const state = allocateRepayment(fee04(), '2023-02-01', m(53000)).state;
    const pct = (type: OverdueCharge['chargeCalculationType']) => penaltyAmount(state[0]!, charge({ chargeCalculationType: type, percentage: '2' }), EUR).amount;
    expect([pct('PERCENT_OF_AMOUNT'), pct('PERCENT_OF_AMOUNT_AND_INTEREST'), pct('PERCENT_OF_INTEREST')]).toEqual([1000, 1000, 0]);
  });

  it('rounds half-even to the currency: 1.5 % of 255.00 = 3.825 -> 3.82 (DOMAIN.md rule 1)', () => {
    const i = { ...fee04()[0]!, principal: { due: m(25500), paid: m(0), waived: m(0), writtenOff: m(0) } };
    expect(penaltyAmount(i, charge({ chargeCalculationType: 'PERCENT_OF_AMOUNT', percentage: '1.5' }), EUR).amount).toBe(382);
  });

  it('keeps 8 significant digits before rounding to the currency (LoanCharge.percentageOf, MathContext(8))', () => {
    // 1 % of 123,456,784.49 = 1,234,567.8449; to 8 digits 1,234,567.8, so 1,234,567.80 (12 digits would give .84)
    const i = { ...fee04()[0]!, principal: { due: m(12_345_678_449), paid: m(0), waived: m(0), writtenOff: m(0) } };
    expect(penaltyAmount(i, charge({ chargeCalculationType: 'PERCENT_OF_AMOUNT', percentage: '1' }), EUR).amount).toBe(123_456_780);
  });

  it('rounds to the currency multiple: 1.5 % of 1,234,567 UGX = 18,518.505 -> 18,500 in hundreds (Money.of)', () => {
    const i = { ...fee04()[0]!, principal: { due: m(1_234_567), paid: m(0), waived: m(0), writtenOff: m(0) } };
    expect(penaltyAmount(i, charge({ chargeCalculationType: 'PERCENT_OF_AMOUNT', percentage: '1.5' }), UGX100).amount).toBe(18_500);
  });

  it('keeps a percentage between its caps; an installment owing nothing still takes the minimum cap (minimumAndMaximumCap)', () => {
    const i = fee04()[0]!; // 1000.00 principal
    const pct = { chargeCalculationType: 'PERCENT_OF_AMOUNT' as const, percentage: '1.5' };
    // 15.00 above a 10.00 maximum: 10.00; below a 20.00 minimum: 20.00; between 10.00 and 20.00: 15.00
    expect(penaltyAmount(i, charge({ ...pct, maxCap: 1000 }), EUR).amount).toBe(1000);
    expect(penaltyAmount(i, charge({ ...pct, minCap: 2000 }), EUR).amount).toBe(2000);
    expect(penaltyAmount(i, charge({ ...pct, minCap: 1000, maxCap: 2000 }), EUR).amount).toBe(1500);
    // interest paid in full: 1.5 % of 0 is 0, which is below the 1.00 minimum: 1.00 (Fineract's oddity, kept)
    const noInterest = { ...i, interest: { ...i.interest, paid: i.interest.due } };
    expect(penaltyAmount(noInterest, charge({ chargeCalculationType: 'PERCENT_OF_INTEREST', percentage: '1.5', minCap: 100 }), EUR).amount).toBe(100);
  });

  it('applies no penalty of 0 (Fineract\'s testAvoidUnncessaryPenaltyWhenAmountZeroForOverdueLoansJobOutcome)', () => {
    const tiny = charge({ chargeCalculationType: 'PERCENT_OF_AMOUNT_AND_INTEREST', percentage: '0.000001' });
    expect(overduePenalties(fee04(), '2023-04-30', [tiny], DEFAULTS, EUR)).toEqual([]);
  });
});

describe('which installments: the wait period and backdating (retrieveAllOverdueInstallmentsForLoan)', () => {
  const flat = charge({ amount: 2500 });

  it('penalises an installment once the day closed is the wait period past its due date, dated on its due date', () => {
    // installment 1 is due 1 February; with the default 2 days the close of 3 February penalises it, not 2 February's
    expect(overduePenalties(fee04(), '2023-02-02', [flat], DEFAULTS, EUR)).toEqual([]);
    expect(overduePenalties(fee04(), '2023-02-03', [flat], DEFAULTS, EUR)).toEqual([
      { chargeId: 1, installmentNumber: 1, dueDate: '2023-02-01', frequencyNumber: 1, amount: 2500, basis: 0 },
    ]);
    // a wait of 0: the close of the due date itself; of 5: the close of 6 February
    expect(isPenaltyDue('2023-02-01', '2023-02-01', { penaltyWaitPeriod: 0, backdatePenaltiesEnabled: true })).toBe(true);
    expect(isPenaltyDue('2023-02-01', '2023-02-05', { penaltyWaitPeriod: 5, backdatePenaltiesEnabled: true })).toBe(false);
    expect(isPenaltyDue('2023-02-01', '2023-02-06', { penaltyWaitPeriod: 5, backdatePenaltiesEnabled: true })).toBe(true);
  });

  it('backdating on (the default): every late installment not yet penalised; off: only the one falling late on the day closed', () => {
    const off: PenaltyRules = { penaltyWaitPeriod: 2, backdatePenaltiesEnabled: false };
    expect(brief(overduePenalties(fee04(), '2023-03-03', [flat], DEFAULTS, EUR))).toEqual([[1, '2023-02-01', 2500], [2, '2023-03-01', 2500]]);
    // off: installment 2 (due 1 March) falls late on the close of 3 March; installment 1 is never caught up
    expect(brief(overduePenalties(fee04(), '2023-03-03', [flat], off, EUR))).toEqual([[2, '2023-03-01', 2500]]);
    expect(brief(overduePenalties(fee04(), '2023-03-04', [flat], off, EUR))).toEqual([]);
  });

  it('skips installments paid in full; one whose principal and interest are paid but penalty is not stays overdue', () => {
    // installment 1 paid in full on time: nothing for it
    const paid = allocateRepayment(fee04(), '2023-02-01', m(103000)).state;
    expect(brief(overduePenalties(paid, '2023-03-03', [flat], DEFAULTS, EUR))).toEqual([[2, '2023-03-01', 2500]]);
    // installment 1 owing only a 25.00 penalty: a flat charge falls again on it (its obligations are not met), a
    // percentage of nothing does not
    const owingPenalty = paid.map((i) => (i.installmentNumber === 1 ? { ...i, penalty: { due: m(2500), paid: m(0), waived: m(0), writtenOff: m(0) } } : i));
    const daily = charge({ amount: 2500, feeFrequency: 'DAYS', feeInterval: 1 });
    expect(overduePenalties(owingPenalty, '2023-02-04', [daily], DEFAULTS, EUR, new Set([penaltyKey(1, 1, '2023-02-01')]))).toEqual([]);
    expect(brief(overduePenalties(owingPenalty, '2023-02-05', [daily], DEFAULTS, EUR, new Set([penaltyKey(1, 1, '2023-02-01')])))).toEqual([[1, '2023-02-02', 2500]]);
    const pct = charge({ chargeCalculationType: 'PERCENT_OF_AMOUNT', percentage: '1.5', feeFrequency: 'DAYS', feeInterval: 1 });
    expect(overduePenalties(owingPenalty, '2023-02-05', [pct], DEFAULTS, EUR, new Set([penaltyKey(1, 1, '2023-02-01')]))).toEqual([]);
  });

  it('never penalises the installment added for penalties after the last due date', () => {
    const state = fee04();
    const last = state[2]!;
    const extra: InstallmentState = {
      ...last,
      installmentNumber: 4,
      fromDate: last.dueDate,
      dueDate: '2023-04-05',
      principal: { due: m(0), paid: m(0), waived: m(0), writtenOff: m(0) },
      interest: { due: m(0), paid: m(0), waived: m(0), writtenOff: m(0) },
      penalty: { due: m(2500), paid: m(0), waived: m(0), writtenOff: m(0) },
    };
    const all = overduePenalties([...state, extra], '2023-04-30', [flat], DEFAULTS, EUR);
    expect(all.map((p) => p.installmentNumber)).toEqual([1, 2, 3]);
  });

  it('leaves out what is already applied: the same installment, charge and date never twice', () => {
    const applied = new Set([penaltyKey(1, 1, '2023-02-01')]);
    expect(brief(overduePenalties(fee04(), '2023-03-03', [flat], DEFAULTS, EUR, applied))).toEqual([[2, '2023-03-01', 2500]]);
    // another charge on the same installment and date is its own penalty
    expect(brief(overduePenalties(fee04(), '2023-02-03', [flat, charge({ chargeId: 2, amount: 100 })], DEFAULTS, EUR, applied))).toEqual([[1, '2023-02-01', 100]]);
  });

  it('refuses a bad date or wait period, naming the field', () => {
    expect(() => overduePenalties(fee04(), '2023-02-30', [flat], DEFAULTS, EUR)).toThrow(/asOf/);
    expect(() => overduePenalties(fee04(), '2023-03-01', [flat], { penaltyWaitPeriod: -1, backdatePenaltiesEnabled: true }, EUR)).toThrow(/penaltyWaitPeriod/);
  });
});

describe('the dates a charge falls on: fee frequency and interval (applyChargeToOverdueLoanInstallment)', () => {
  it('without a frequency: once, on the installment\'s due date, whenever the day is closed', () => {
    expect(penaltyDates('2023-02-01', '2023-02-03', 2, null, null)).toEqual(['2023-02-01']);
    expect(penaltyDates('2023-02-01', '2023-12-31', 2, null, null)).toEqual(['2023-02-01']);
  });

  it('daily: from the due date, one more each day closed, the first a day after the wait (Fineract\'s start = due + wait + 1)', () => {
    // due 1 Feb, wait 2: start 4 Feb; on the close of 3 Feb the first start is still ahead (a charge without a
    // frequency falls that day); on 4 Feb: 1 Feb; on 10 Feb: starts 4..10 Feb, each less 3 days: 1..7 Feb
    expect(penaltyDates('2023-02-01', '2023-02-03', 2, 'DAYS', 1)).toEqual([]);
    expect(penaltyDates('2023-02-01', '2023-02-04', 2, 'DAYS', 1)).toEqual(['2023-02-01']);
    expect(penaltyDates('2023-02-01', '2023-02-10', 2, 'DAYS', 1)).toEqual(['2023-02-01', '2023-02-02', '2023-02-03', '2023-02-04', '2023-02-05', '2023-02-06', '2023-02-07']);
    // every 3 days: starts 4, 7, 10 Feb
    expect(penaltyDates('2023-02-01', '2023-02-10', 2, 'DAYS', 3)).toEqual(['2023-02-01', '2023-02-04', '2023-02-07']);
  });

  it('weekly: starts 4, 11, 18 and 25 February by the close of 28 February, each less 3 days', () => {
    expect(penaltyDates('2023-02-01', '2023-02-28', 2, 'WEEKS', 1)).toEqual(['2023-02-01', '2023-02-08', '2023-02-15', '2023-02-22']);
  });

  it('monthly: the start moves a month at a time and month ends clamp cumulatively, as LocalDate.plusMonths does', () => {
    // due 28 Jan, wait 2: starts 31 Jan, 28 Feb (clamped), 28 Mar (from 28 Feb): dates 28 Jan, 25 Feb, 25 Mar
    expect(penaltyDates('2023-01-28', '2023-03-31', 2, 'MONTHS', 1)).toEqual(['2023-01-28', '2023-02-25', '2023-03-25']);
    // yearly: 29 Feb 2024 + 3 days = 3 Mar 2024, then 3 Mar 2025: dates 29 Feb 2024 and 28 Feb 2025
    expect(penaltyDates('2024-02-29', '2025-03-03', 2, 'YEARS', 1)).toEqual(['2024-02-29', '2025-02-28']);
  });

  it('backdating off: a charge with a frequency never falls in COB (the installment qualifies only when its first start is ahead)', () => {
    const daily = charge({ amount: 100, feeFrequency: 'DAYS', feeInterval: 1 });
    const off: PenaltyRules = { penaltyWaitPeriod: 2, backdatePenaltiesEnabled: false };
    for (const closing of ['2023-02-03', '2023-02-04', '2023-02-10']) expect(overduePenalties(fee04(), closing, [daily], off, EUR)).toEqual([]);
  });

  it('numbers the penalties of one installment: the k-th date is frequency number k, those applied are skipped', () => {
    const daily = charge({ amount: 100, feeFrequency: 'DAYS', feeInterval: 1 });
    const applied = new Set([penaltyKey(1, 1, '2023-02-01'), penaltyKey(1, 1, '2023-02-02')]);
    const ps = overduePenalties(fee04(), '2023-02-06', [daily], DEFAULTS, EUR, applied);
    expect(ps.map((p) => [p.dueDate, p.frequencyNumber])).toEqual([['2023-02-03', 3]]);
  });
});
