import { z } from 'zod';
import { isoDate } from '../../../../shared/contract/fields';
import { trialBalance } from '../accounting/views';
import { defineReport, type ReportDef } from './catalogue';
import { notAfterBusinessDate } from './dates';

/** The accounting reports (FINERACT-NOTES.md 1.14) and the branch's cash. */

const trialBalanceReport = defineReport({
  name: 'trialBalance',
  category: 'accounting',
  access: 'reports.accounting',
  scopedToOfficer: false,
  printable: true,
  parameters: [{ name: 'asOf', type: 'date', required: false, default: 'businessDate' }],
  schema: z.strictObject({ asOf: isoDate.optional() }),
  run(ctx, p) {
    const asOf = p.asOf ?? ctx.businessDate;
    notAfterBusinessDate(asOf, ctx.businessDate, 'asOf');
    const tb = trialBalance(ctx.db, asOf);
    return {
      parameters: { asOf },
      columns: [
        { key: 'glCode', type: 'text' },
        { key: 'name', type: 'text' },
        { key: 'type', type: 'text' },
        { key: 'debit', type: 'money', total: true },
        { key: 'credit', type: 'money', total: true },
      ],
      rows: tb.rows.map((r) => ({ glCode: r.glCode, name: r.name, type: r.type, debit: r.debit, credit: r.credit })),
      totals: { debit: tb.totalDebit, credit: tb.totalCredit },
    };
  },
});

export const accountingReports: ReportDef[] = [trialBalanceReport];
