import { describe, expect, it } from 'vitest';
import { moneyRules } from '../../../../electron/core/domain/loans/money';
import { firstDueDateFrom, followingDueDate, parseMonthDay, withdrawalFeeAmount, type RecurringFee } from '../../../../electron/core/domain/savings';

/**
 * Fineract's SavingsAccountCharge due dates (getNextDueDateFrom, calculateNextDueDate) and withdrawal fee
 * (calculateWithdralFeeAmount), with hand-worked dates and amounts.
 */
const annual = (feeOnMonthDay: string): RecurringFee => ({ timeType: 'ANNUAL_FEE', feeOnMonthDay });
const monthly = (feeOnMonthDay: string, feeInterval = 1): RecurringFee => ({ timeType: 'MONTHLY_FEE', feeOnMonthDay, feeInterval });
const weekly = (anchorDate: string, feeInterval = 1): RecurringFee => ({ timeType: 'WEEKLY_FEE', anchorDate, feeInterval });

function dates(fee: RecurringFee, start: string, n: number): string[] {
  const out = [firstDueDateFrom(fee, start)];
  while (out.length < n) out.push(followingDueDate(fee, out.at(-1)!));
  return out;
}

describe('savings fees: when they fall due', () => {
  it('an annual fee on its day of the year, from the starting day (ClientSavingsIntegrationTest: "15 January" from 28 September 2022)', () => {
    // 2022-01-15 is before the start: a year later
    expect(dates(annual('01-15'), '2022-09-28', 3)).toEqual(['2023-01-15', '2024-01-15', '2025-01-15']);
    expect(firstDueDateFrom(annual('01-15'), '2023-01-15')).toBe('2023-01-15');
  });

  it('an annual fee on 29 February falls on the 28th in other years and the 29th in a leap year', () => {
    // 2023-02-29 does not exist: 28 February 2023 is before the start, then 2024's is the 29th
    expect(dates(annual('02-29'), '2023-03-01', 3)).toEqual(['2024-02-29', '2025-02-28', '2026-02-28']);
  });

  it('a monthly fee given its month starts from that month of the starting year (ChargesHelper "04 March", every 2 months)', () => {
    // 4 March 2022 before 28 September 2022: + 2 months until not before it: 4 May, 4 July, 4 September, 4 November
    expect(dates(monthly('03-04', 2), '2022-09-28', 3)).toEqual(['2022-11-04', '2023-01-04', '2023-03-04']);
    // Fineract's oddity, kept: "04 December" monthly from 10 February 2024 falls first on 4 December 2024
    expect(firstDueDateFrom(monthly('12-04'), '2024-02-10')).toBe('2024-12-04');
  });

  it("a monthly fee given only its day starts in the starting day's month; the 31st falls on a shorter month's last day", () => {
    expect(dates(monthly('15'), '2026-01-16', 2)).toEqual(['2026-02-15', '2026-03-15']);
    // 31 Jan + 1 month = 29 Feb (leap 2024); the 31st again in March
    expect(dates(monthly('31'), '2024-01-31', 4)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
  });

  it('a weekly fee on the weekday of its date, every feeInterval weeks, the first on or after the start', () => {
    // Monday 5 January 2026, every 2 weeks: 5, 19 January, 2 February ...; from 6 January the first is the 19th
    expect(dates(weekly('2026-01-05', 2), '2026-01-06', 3)).toEqual(['2026-01-19', '2026-02-02', '2026-02-16']);
    expect(firstDueDateFrom(weekly('2026-01-05'), '2026-01-05')).toBe('2026-01-05');
  });

  it('reads feeOnMonthDay as MM-DD (ISO --MM-DD too) and, for a monthly fee, DD; refuses a day that is no day, naming the field', () => {
    expect(parseMonthDay('01-15')).toEqual({ month: 1, day: 15 });
    expect(parseMonthDay('--02-29')).toEqual({ month: 2, day: 29 });
    expect(parseMonthDay('7', 'feeOnMonthDay', true)).toEqual({ month: null, day: 7 });
    for (const bad of ['13-01', '02-30', '00-10', '15', 'March 4']) {
      expect(() => parseMonthDay(bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'feeOnMonthDay' })] }));
    }
    expect(() => parseMonthDay('32', 'feeOnMonthDay', true)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('savings fees: a withdrawal fee', () => {
  const kes = moneyRules({ code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 });
  const pct = (percentage: string) => ({ calculationType: 'PERCENT_OF_AMOUNT', amount: 0, percentage });

  it('is its flat amount, or the % of the amount withdrawn rounded once half-even', () => {
    expect(withdrawalFeeAmount({ calculationType: 'FLAT', amount: 2000, percentage: null }, 123456, kes)).toBe(2000);
    // 1,234.56 x 1.5 % = 18.5184 -> 18.52
    expect(withdrawalFeeAmount(pct('1.5'), 123456, kes)).toBe(1852);
    // 5.00 x 0.5 % = 0.025: half-even to 0.02 (half-up would give 0.03); 3.00 x 0.5 % = 0.015 -> 0.02
    expect(withdrawalFeeAmount(pct('0.5'), 500, kes)).toBe(2);
    expect(withdrawalFeeAmount(pct('0.5'), 300, kes)).toBe(2);
  });

  it('in a currency without decimals that rounds cash to a multiple, takes Money.of: to the multiple first', () => {
    const ugx = moneyRules({ code: 'UGX', decimalPlaces: 0, inMultiplesOf: 50 });
    // 12,345 x 2 % = 246.9 -> the nearest 50: 250
    expect(withdrawalFeeAmount(pct('2'), 12345, ugx)).toBe(250);
  });
});
