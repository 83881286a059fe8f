import { z } from 'zod';
import { id, isoDate } from '../../../../shared/contract/fields';
import { defineReport, type ReportDef } from './catalogue';
import { pendingApproval } from './repository';
import { notAfterBusinessDate } from './dates';

/** The loan portfolio's reports (FINERACT-NOTES.md 1.1-1.5, 1.10-1.12, 2). */

const awaitingApproval = defineReport({
  name: 'awaitingApproval',
  category: 'portfolio',
  access: 'reports.portfolio',
  scopedToOfficer: true,
  printable: true,
  parameters: [
    { name: 'asOf', type: 'date', required: false, default: 'businessDate' },
    { name: 'loanOfficerId', type: 'staff', required: false },
    { name: 'productId', type: 'loanProduct', required: false },
  ],
  schema: z.strictObject({ asOf: isoDate.optional(), loanOfficerId: id.optional(), productId: id.optional() }),
  run(ctx, p) {
    const asOf = p.asOf ?? ctx.businessDate;
    notAfterBusinessDate(asOf, ctx.businessDate, 'asOf');
    const staffId = ctx.staffScope ?? p.loanOfficerId ?? null;
    const rows = pendingApproval(ctx.db, asOf, staffId, p.productId ?? null).map((r) => ({
      loanId: r.loan_id,
      accountNo: r.account_no,
      clientAccountNo: r.client_account_no,
      clientName: r.client_name,
      productName: r.product_name,
      currencyCode: r.currency_code,
      principal: ctx.money(r.principal),
      submittedOn: r.submitted_on,
      daysPendingApproval: daysBetween(r.submitted_on, asOf),
      purpose: r.purpose,
      loanOfficer: r.officer_name,
    }));
    return {
      parameters: { asOf, loanOfficerId: staffId, productId: p.productId ?? null },
      columns: [
        { key: 'accountNo', type: 'text' },
        { key: 'clientAccountNo', type: 'text' },
        { key: 'clientName', type: 'text' },
        { key: 'productName', type: 'text' },
        { key: 'currencyCode', type: 'text' },
        { key: 'principal', type: 'money', total: true },
        { key: 'submittedOn', type: 'date' },
        { key: 'daysPendingApproval', type: 'days' },
        { key: 'purpose', type: 'text' },
        { key: 'loanOfficer', type: 'text' },
      ],
      rows,
    };
  },
});

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const portfolioReports: ReportDef[] = [awaitingApproval];
