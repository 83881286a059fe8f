import { AppError } from '../../../../shared/errors';
import type { ReportContext } from './catalogue';
import { notAfterBusinessDate } from './dates';

/**
 * A report's period: `toDate` the business date unless given, `fromDate` the first day of toDate's month unless
 * given; refused naming the field when fromDate is after toDate, or toDate after the business date (unless `future`:
 * a report of what falls due may look ahead).
 */
export function periodOf(ctx: ReportContext, p: { fromDate?: string | undefined; toDate?: string | undefined }, options: { future?: boolean } = {}): { fromDate: string; toDate: string } {
  const toDate = p.toDate ?? ctx.businessDate;
  if (!options.future) notAfterBusinessDate(toDate, ctx.businessDate, 'toDate');
  const fromDate = p.fromDate ?? `${toDate.slice(0, 8)}01`;
  if (fromDate > toDate) {
    throw new AppError('VALIDATION_FAILED', `The period starts (${fromDate}) after it ends (${toDate})`, [{ field: 'fromDate', code: 'after_to_date', message: 'may not be after toDate' }]);
  }
  return { fromDate, toDate };
}

/** A report's as-of date: the business date unless given, refused naming `asOf` when after it. */
export function asOfOf(ctx: ReportContext, p: { asOf?: string | undefined }): string {
  const asOf = p.asOf ?? ctx.businessDate;
  notAfterBusinessDate(asOf, ctx.businessDate, 'asOf');
  return asOf;
}

/** The officer a loan report is limited to: the caller's own portfolio when scoped, else the filter given. */
export function officerOf(ctx: ReportContext, loanOfficerId: number | undefined): number | null {
  return ctx.staffScope ?? loanOfficerId ?? null;
}
