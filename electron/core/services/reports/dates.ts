import { AppError } from '../../../../shared/errors';

/** A report looks at the books up to the business date, never after it (a date after it is refused, naming the field). */
export function notAfterBusinessDate(date: string, businessDate: string, field: string): void {
  if (date > businessDate) {
    throw new AppError('VALIDATION_FAILED', `The date ${date} is after the business date ${businessDate}`, [{ field, code: 'after_business_date', message: 'may not be after the business date' }]);
  }
}
