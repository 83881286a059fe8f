import { AppError } from '../../../../shared/errors';
import type { HandlerContext } from '../../dispatch/context';

/**
 * Dates of money movements, shared by every area that posts (loans, savings, tills, groups, day-end): a transaction
 * is dated the business date unless the user names an earlier day, never a later one (DOMAIN.md "Day-end").
 */
export function transactionDate(ctx: HandlerContext, given: string | undefined, field: string): string {
  const date = given ?? ctx.businessDate();
  if (date > ctx.businessDate()) {
    throw new AppError('VALIDATION_FAILED', `${field} is after the business date ${ctx.businessDate()}`, [
      { field, code: 'after_business_date', message: 'cannot be after the business date' },
    ]);
  }
  return date;
}

/** Refuses a date before an earlier event of the same account ("the disbursement date", "the activation date"). */
export function notBefore(date: string, earliest: string, field: string, what: string): void {
  if (date < earliest) {
    throw new AppError('VALIDATION_FAILED', `${field} is before ${what} (${earliest})`, [
      { field, code: 'too_early', message: `cannot be before ${what} (${earliest})` },
    ]);
  }
}
