/** Shared helpers for the savings-engine tests. */
import type { SavingsProductTerms, SavingsTransaction } from '../../../../electron/core/domain/savings';

export const EUR = { code: 'EUR', decimalPlaces: 2, inMultiplesOf: 0 };
export const UGX100 = { code: 'UGX', decimalPlaces: 0, inMultiplesOf: 100 };

/**
 * 7.3 % a year on a 365-day year is exactly 0.0002 a day (7.3 / 100 / 365), which keeps hand arithmetic short:
 * interest = balance-days x 0.0002. Monthly compounding and posting, daily balance, no minimums, no overdraft.
 */
export function terms(over: Partial<SavingsProductTerms> = {}): SavingsProductTerms {
  return {
    nominalAnnualInterestRate: '7.3',
    interestCompoundingPeriodType: 'MONTHLY',
    interestPostingPeriodType: 'MONTHLY',
    interestCalculationType: 'DAILY_BALANCE',
    interestCalculationDaysInYearType: 365,
    enforceMinRequiredBalance: false,
    overdraft: { allowOverdraft: false, overdraftLimit: 0 },
    currency: EUR,
    ...over,
  };
}

export const deposit = (date: string, amount: number): SavingsTransaction => ({ date, type: 'DEPOSIT', amount });
export const withdrawal = (date: string, amount: number): SavingsTransaction => ({ date, type: 'WITHDRAWAL', amount });
export const fee = (date: string, amount: number): SavingsTransaction => ({ date, type: 'FEE', amount });
export const withdrawalFee = (date: string, amount: number): SavingsTransaction => ({ date, type: 'WITHDRAWAL_FEE', amount });
export const interestPosting = (date: string, amount: number): SavingsTransaction => ({ date, type: 'INTEREST_POSTING', amount });
export const overdraftInterest = (date: string, amount: number): SavingsTransaction => ({ date, type: 'OVERDRAFT_INTEREST', amount });

/**
 * January 2024 with several deposits, a withdrawal (with its fee) and two transactions on one day (EUR cents):
 *
 *   01-01 deposit 1000.00                      end of day 1000.00
 *   01-10 deposit  500.00                      end of day 1500.00
 *   01-20 withdrawal fee 0.10, withdrawal 300.00  end of day 1199.90   (the fee reduces the base too)
 *   01-25 deposit 200.00, withdrawal 50.00     end of day 1349.90   (only the day's last balance counts)
 *
 * Blocks of equal end-of-day balance:
 *   01-01..01-09   9 days x 100000 =   900000
 *   01-10..01-19  10 days x 150000 =  1500000
 *   01-20..01-24   5 days x 119990 =   599950
 *   01-25..01-31   7 days x 134990 =   944930
 *                 31 days            3944880 balance-days (cents x days)
 */
export const JANUARY: SavingsTransaction[] = [
  deposit('2024-01-01', 100000),
  deposit('2024-01-10', 50000),
  withdrawalFee('2024-01-20', 10),
  withdrawal('2024-01-20', 30000),
  deposit('2024-01-25', 20000),
  withdrawal('2024-01-25', 5000),
];
