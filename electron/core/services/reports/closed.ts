import { z } from 'zod';
import { isoDate } from '../../../../shared/contract/fields';
import { AppError } from '../../../../shared/errors';
import type { ReportContext } from './catalogue';
import { notAfterBusinessDate } from './dates';
import { portfolioParameters, portfolioReport, portfolioSchema, portfolioScope } from './figures';
import { obligationsMetRows, writeOffRows } from './repository';

/**
 * Loans closed over a period (FINERACT-NOTES.md 1.11, 1.12): Obligation Met Loans - Details (13), by closing date,
 * and Written-Off Loans (51), one row per live write-off on a loan still written off. The period runs from
 * `fromDate` (by default the first day of the business date's month) to `toDate` (by default the business date).
 */

const period = [
  { name: 'fromDate', type: 'date', required: false },
  { name: 'toDate', type: 'date', required: false, default: 'businessDate' },
  ...portfolioParameters.filter((x) => x.name !== 'asOf'),
] as const;
const { asOf: _asOf, ...filters } = portfolioSchema;
const periodSchema = z.strictObject({ fromDate: isoDate.optional(), toDate: isoDate.optional(), ...filters });

function periodOf(ctx: ReportContext, p: { fromDate?: string; toDate?: string }): { fromDate: string; toDate: string } {
  const toDate = p.toDate ?? ctx.businessDate;
  notAfterBusinessDate(toDate, ctx.businessDate, 'toDate');
  const fromDate = p.fromDate ?? `${toDate.slice(0, 8)}01`;
  if (fromDate > toDate) throw new AppError('VALIDATION_FAILED', 'The period starts after it ends', [{ field: 'fromDate', code: 'after_to_date', message: 'may not be after toDate' }]);
  return { fromDate, toDate };
}

export const obligationsMet = portfolioReport({
  name: 'obligationsMet',
  parameters: [...period],
  schema: periodSchema,
  run(ctx, p) {
    const { fromDate, toDate } = periodOf(ctx, p);
    const { filter, applied } = portfolioScope(ctx, { ...p, asOf: toDate });
    const rows = obligationsMetRows(ctx.db, fromDate, toDate, filter).map((r) => ({
      loanId: r.loan_id,
      clientAccountNo: r.client_account_no,
      clientName: r.client_name,
      accountNo: r.account_no,
      productName: r.product_name,
      currencyCode: r.currency_code,
      loanAmount: ctx.money(r.principal),
      totalRepaid: ctx.money(r.principal_paid + r.interest_paid + r.fee_paid + r.penalty_paid),
      disbursedOn: r.disbursed_on,
      closedOn: r.closed_on,
      principalRepaid: ctx.money(r.principal_paid),
      interestRepaid: ctx.money(r.interest_paid),
      feesRepaid: ctx.money(r.fee_paid),
      penaltiesRepaid: ctx.money(r.penalty_paid),
      interestWaived: ctx.money(r.interest_waived),
      chargesWaived: ctx.money(r.fee_waived),
      loanOfficer: r.officer_name,
    }));
    const { asOf: _a, ...rest } = applied;
    return {
      parameters: { fromDate, toDate, ...rest },
      columns: [
        { key: 'clientAccountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'accountNo', type: 'text' },
        { key: 'productName', type: 'text' },
        { key: 'currencyCode', type: 'text' },
        { key: 'loanAmount', type: 'money', total: true },
        { key: 'totalRepaid', type: 'money', total: true },
        { key: 'disbursedOn', type: 'date' },
        { key: 'closedOn', type: 'date' },
        { key: 'principalRepaid', type: 'money', total: true },
        { key: 'interestRepaid', type: 'money', total: true },
        { key: 'feesRepaid', type: 'money', total: true },
        { key: 'penaltiesRepaid', type: 'money', total: true },
        { key: 'interestWaived', type: 'money', total: true },
        { key: 'chargesWaived', type: 'money', total: true },
        { key: 'loanOfficer', type: 'text' },
      ],
      rows,
    };
  },
});

export const writtenOff = portfolioReport({
  name: 'writtenOff',
  parameters: [...period],
  schema: periodSchema,
  run(ctx, p) {
    const { fromDate, toDate } = periodOf(ctx, p);
    const { filter, applied } = portfolioScope(ctx, { ...p, asOf: toDate });
    const rows = writeOffRows(ctx.db, fromDate, toDate, filter).map((r) => ({
      loanId: r.loan_id,
      currencyCode: r.currency_code,
      clientAccountNo: r.client_account_no,
      clientName: r.client_name,
      accountNo: r.account_no,
      productName: r.product_name,
      disbursedOn: r.disbursed_on,
      writtenOffOn: r.written_off_on,
      loanAmount: ctx.money(r.principal),
      principalWrittenOff: ctx.money(r.principal_portion),
      interestWrittenOff: ctx.money(r.interest_portion),
      feesWrittenOff: ctx.money(r.fee_portion),
      penaltiesWrittenOff: ctx.money(r.penalty_portion),
      reason: r.note,
      loanOfficer: r.officer_name,
    }));
    const { asOf: _a, ...rest } = applied;
    return {
      parameters: { fromDate, toDate, ...rest },
      columns: [
        { key: 'currencyCode', type: 'text' },
        { key: 'clientAccountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'accountNo', type: 'text' },
        { key: 'productName', type: 'text' },
        { key: 'disbursedOn', type: 'date' },
        { key: 'writtenOffOn', type: 'date' },
        { key: 'loanAmount', type: 'money', total: true },
        { key: 'principalWrittenOff', type: 'money', total: true },
        { key: 'interestWrittenOff', type: 'money', total: true },
        { key: 'feesWrittenOff', type: 'money', total: true },
        { key: 'penaltiesWrittenOff', type: 'money', total: true },
        { key: 'reason', type: 'text' },
        { key: 'loanOfficer', type: 'text' },
      ],
      rows,
    };
  },
});
