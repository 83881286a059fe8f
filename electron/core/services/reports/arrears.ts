import { z } from 'zod';
import { daysBetween } from '../../domain/calendar/isoDate';
import type { ReportRow } from '../../../../shared/contract/reports';
import { cmp, loanListReport, loanSummariesOn, loansInArrearsOn, loansSelectedOn, portfolioParameters, portfolioReport, portfolioSchema, portfolioScope } from './figures';
import { agingKept, arrearsKept } from './repository';

/**
 * Arrears reports as Fineract ships them (FINERACT-NOTES.md 1.2-1.4): Aging Detail (52), Aging Summary in weeks
 * (53) and months (61), Active Loans Passed Final Maturity (55), Active Loans in last installment (57). Days in
 * arrears are recomputed for the as-of date (figures.ts), not read from a snapshot.
 */

/** Aging Detail's "Weeks In Arrears Band": `<1` below 7 days, then day 7 is week 1 and days 8-14 week 2 (Fineract's SQL, inconsistent with the summary's, kept), up to `12+` from day 85. */
export function weeksBand(days: number): string {
  if (days < 7) return '<1';
  if (days < 85) return String(Math.floor((days - 1) / 7) + 1);
  return '12+';
}

/** Aging Detail's "Days in Arrears Band" and Aging Summary (months)'s buckets: the labels overlap, the upper bounds are inclusive (0-30, 31-60, ...). */
export function daysBand(days: number): string {
  if (days < 31) return '0 - 30';
  if (days < 61) return '30 - 60';
  if (days < 91) return '60 - 90';
  if (days < 181) return '90 - 180';
  if (days < 361) return '180 - 360';
  return '> 360';
}

const WEEK_BUCKETS = ['On Schedule', ...Array.from({ length: 12 }, (_, i) => String(i + 1)), '12+'];
const MONTH_BUCKETS = ['On Schedule', '0 - 30', '30 - 60', '60 - 90', '90 - 180', '180 - 360', '> 360'];

/** Aging Summary's buckets: day 0 "On Schedule", weeks 1-7 days "1", 8-14 "2", ... or the day ranges of the months report. */
export function summaryBucket(days: number, bands: 'weeks' | 'months'): string {
  if (days < 1) return 'On Schedule';
  if (bands === 'months') return daysBand(days);
  return days < 85 ? String(Math.floor((days - 1) / 7) + 1) : '12+';
}

export const agingDetail = loanListReport('agingDetail', (l) => l.daysInArrears > 0, {
  columns: [
    { key: 'overdueSince', type: 'date' },
    { key: 'daysInArrears', type: 'days' },
    { key: 'weeksInArrearsBand', type: 'text' },
    { key: 'daysInArrearsBand', type: 'text' },
  ],
  cells: (l) => ({ overdueSince: l.overdueSince, weeksInArrearsBand: weeksBand(l.daysInArrears), daysInArrearsBand: daysBand(l.daysInArrears) }),
  source: loansInArrearsOn,
});

export const agingSummary = portfolioReport({
  name: 'agingSummary',
  parameters: [...portfolioParameters, { name: 'bands', type: 'choice', required: false, choices: ['weeks', 'months'], default: 'weeks' }],
  schema: z.strictObject({ ...portfolioSchema, bands: z.enum(['weeks', 'months']).optional() }),
  run(ctx, p) {
    const { asOf, filter, applied } = portfolioScope(ctx, p);
    const bands = p.bands ?? 'weeks';
    const currencies = new Set<string>();
    const rows = new Map<string, { loans: number; disbursed: number; outstanding: number; principalOverdue: number; interestOverdue: number }>();
    const add = (currencyCode: string, days: number, loans: number, disbursed: number, outstanding: number, principalOverdue: number, interestOverdue: number) => {
      currencies.add(currencyCode);
      const k = `${summaryBucket(days, bands)}|${currencyCode}`;
      const r = rows.get(k) ?? { loans: 0, disbursed: 0, outstanding: 0, principalOverdue: 0, interestOverdue: 0 };
      r.loans += loans;
      r.disbursed += disbursed;
      r.outstanding += outstanding;
      r.principalOverdue += principalOverdue;
      r.interestOverdue += interestOverdue;
      rows.set(k, r);
    };
    if (asOf === ctx.businessDate) {
      // from what the loans keep: counts and principal per oldest overdue due date, the overdue amounts of the
      // loans in arrears alone (a loan on schedule owes nothing overdue); the same figures as every loan's (test)
      for (const g of agingKept(ctx.db, asOf, filter)) add(g.currency_code, g.since === null ? 0 : daysBetween(g.since, asOf), g.loans, g.disbursed, g.outstanding, 0, 0);
      for (const r of arrearsKept(ctx.db, asOf, filter)) {
        let p = 0;
        let i = 0;
        for (const [, due, principal, interest] of JSON.parse(r.unpaid_json) as [number, string, number, number][]) {
          if (due >= asOf) break;
          p += principal;
          i += interest;
        }
        add(r.currency_code, daysBetween(r.since, asOf), 0, 0, 0, p, i);
      }
    } else {
      for (const l of loanSummariesOn(ctx.db, asOf, ctx.businessDate, filter)) add(l.currencyCode, l.daysInArrears, 1, l.principal, l.outstanding.principal, l.overdue.principal, l.overdue.interest);
    }
    // every bucket for every currency in use, empty ones included (Fineract's cross join)
    const out: ReportRow[] = [];
    for (const currencyCode of [...currencies].sort(cmp)) {
      for (const arrearsBand of bands === 'weeks' ? WEEK_BUCKETS : MONTH_BUCKETS) {
        const r = rows.get(`${arrearsBand}|${currencyCode}`);
        out.push({
          arrearsBand,
          currencyCode,
          loans: r?.loans ?? 0,
          principalDisbursed: ctx.money(r?.disbursed ?? 0),
          principalOutstanding: ctx.money(r?.outstanding ?? 0),
          principalOverdue: ctx.money(r?.principalOverdue ?? 0),
          interestOverdue: ctx.money(r?.interestOverdue ?? 0),
        });
      }
    }
    return {
      parameters: { ...applied, bands },
      columns: [
        { key: 'arrearsBand', type: 'text' },
        { key: 'currencyCode', type: 'text' },
        { key: 'loans', type: 'count', total: true },
        { key: 'principalDisbursed', type: 'money', total: true },
        { key: 'principalOutstanding', type: 'money', total: true },
        { key: 'principalOverdue', type: 'money', total: true },
        { key: 'interestOverdue', type: 'money', total: true },
      ],
      rows: out,
    };
  },
});

export const loansPastMaturity = loanListReport('loansPastMaturity', (l, asOf) => l.maturityDate !== null && l.maturityDate < asOf, {
  columns: [{ key: 'daysPastMaturity', type: 'days' }],
  cells: (l, asOf) => ({ daysPastMaturity: daysBetween(l.maturityDate!, asOf) }),
  source: loansSelectedOn('pastMaturity'),
});

// Fineract's 57: the earliest installment not completed and due on or after the date is the last one
export const loansInLastInstallment = loanListReport('loansInLastInstallment', (l) => l.nextUnpaidInstallment !== null && l.nextUnpaidInstallment === l.lastInstallment, {
  columns: [],
  cells: () => ({}),
  source: loansSelectedOn('lastInstallment'),
});
