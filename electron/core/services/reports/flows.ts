import Decimal from 'decimal.js';
import { z } from 'zod';
import { id, isoDate } from '../../../../shared/contract/fields';
import type { ReportColumn, ReportRow } from '../../../../shared/contract/reports';
import { addDays } from '../../domain/calendar/isoDate';
import { defineReport, type ReportContext, type ReportDef } from './catalogue';
import { clientReports } from './clients';
import {
  collectionsIn,
  disbursalsExpectedBetween,
  disbursalsIn,
  installmentMovesUpTo,
  installmentsDueIn,
  repaymentsDueBetween,
  type DemandRow,
  type InstallmentMoveRow,
  type LoanFlowRow,
  type PeriodFilter,
} from './flowsRepository';
import { asOfOf, officerOf, periodOf } from './period';
import { savingsReports } from './savings';

/**
 * Money in and out of the portfolio over a period (FINERACT-NOTES.md 1.6-1.9): disbursals, collections, expected
 * payments (demand against collected) and the branch's expected cash flow. Clients are in clients.ts, savings in
 * savings.ts; `flowReports` gathers the three families. Every figure comes from live transactions (not reversed)
 * dated in the period: a period in the past gives the same figures after later postings.
 */

const periodParameters = [
  { name: 'fromDate', type: 'date', required: false },
  { name: 'toDate', type: 'date', required: false, default: 'businessDate' },
  { name: 'loanOfficerId', type: 'staff', required: false },
  { name: 'productId', type: 'loanProduct', required: false },
] as const;
const periodSchema = z.strictObject({ fromDate: isoDate.optional(), toDate: isoDate.optional(), loanOfficerId: id.optional(), productId: id.optional() });

const loanColumns = [
  { key: 'accountNo', type: 'text' },
  { key: 'clientAccountNo', type: 'text' },
  { key: 'clientName', type: 'text' },
  { key: 'productName', type: 'text' },
  { key: 'loanOfficer', type: 'text' },
  { key: 'currencyCode', type: 'text' },
] as const;

/**
 * A per-loan report over a period (disbursals, collections): the period and filters checked and applied, its
 * columns after the loan's.
 */
function loanPeriodReport(name: 'disbursals' | 'collections', columns: ReportColumn[], rowsOf: (ctx: ReportContext, f: PeriodFilter) => ReportRow[]): ReportDef {
  return defineReport({
    name,
    category: 'flows',
    access: 'reports.portfolio',
    scopedToOfficer: true,
    printable: true,
    parameters: [...periodParameters],
    schema: periodSchema,
    run(ctx, p) {
      const { fromDate, toDate } = periodOf(ctx, p);
      const staff = officerOf(ctx, p.loanOfficerId);
      const product = p.productId ?? null;
      return {
        parameters: { fromDate, toDate, loanOfficerId: staff, productId: product },
        columns: [...loanColumns, ...columns],
        rows: rowsOf(ctx, { from: fromDate, to: toDate, staff, product }),
      };
    },
  });
}

const loanCells = (r: LoanFlowRow) => ({
  loanId: r.loan_id,
  accountNo: r.account_no,
  clientAccountNo: r.client_account_no,
  clientName: r.client_name,
  productName: r.product_name,
  loanOfficer: r.officer_name,
  currencyCode: r.currency_code,
});

// Fineract's Disbursal Report: one row per disbursement not reversed (closed and written-off loans still count),
// the amount disbursed, and the fees taken at disbursement (its "repayment at disbursement")
const disbursals = loanPeriodReport(
  'disbursals',
  [{ key: 'disbursedOn', type: 'date' }, { key: 'principal', type: 'money', total: true }, { key: 'fees', type: 'money', total: true }, { key: 'receiptNumber', type: 'text' }],
  (ctx, f) =>
    disbursalsIn(ctx.db, f).map((r) => ({ ...loanCells(r), disbursedOn: r.disbursed_on, principal: ctx.money(r.principal), fees: ctx.money(r.fees), receiptNumber: r.receipt_number })),
);

// Fineract's Collection Report (repayments and recovery repayments not reversed, split by what they paid; each row
// the loan's cells added to, no spread: 30,000 loans paying in a month on a big branch) picks them
// by the instant they were entered (created_date); here by the date they are booked on, so that a past period reads
// as the books say for it and stays the same after later postings
const collectionMoney = ['principal', 'interest', 'fees', 'penalties', 'overpayment', 'recovered', 'total'] as const;
const collections = loanPeriodReport(
  'collections',
  [{ key: 'payments', type: 'count', total: true }, ...collectionMoney.map((key) => ({ key, type: 'money' as const, total: true })), { key: 'lastPaidOn', type: 'date' }],
  (ctx, f) =>
    collectionsIn(ctx.db, f).map((r) => {
      const row: ReportRow = loanCells(r);
      row.payments = r.payments;
      for (const k of collectionMoney) row[k] = ctx.money(r[k]);
      row.lastPaidOn = r.last_paid_on;
      return row;
    }),
);

/** A percentage of two minor amounts with 2 places, half-even (null when nothing was due). */
function rate(part: number, whole: number): string | null {
  if (whole === 0) return null;
  return new Decimal(part).mul(100).div(whole).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/**
 * Each installment's demand as the books stood at the period's end: scheduled less what live transactions dated by
 * then waived or wrote off; collected: what they paid of it (whenever paid, in advance too). The kept figures of the
 * installment are those unless the loan has a transaction dated after the period: its loans' splits are then read.
 */
function demandOf(rows: DemandRow[], movesOf: (loanIds: number[]) => InstallmentMoveRow[]) {
  const moved = new Map<string, Record<InstallmentMoveRow['kind'], [number, number, number, number]>>();
  for (const m of movesOf([...new Set(rows.filter((r) => r.moved_after === 1).map((r) => r.loan_id))])) {
    const k = `${m.loan_id}:${m.installment_number}`;
    const entry = moved.get(k) ?? { PAID: [0, 0, 0, 0], WAIVED: [0, 0, 0, 0], WRITTEN_OFF: [0, 0, 0, 0] };
    entry[m.kind] = [m.principal, m.interest, m.fee, m.penalty];
    moved.set(k, entry);
  }
  const none = { PAID: [0, 0, 0, 0], WAIVED: [0, 0, 0, 0], WRITTEN_OFF: [0, 0, 0, 0] };
  // one small object per installment (100,000 installments in a month on a big branch)
  return rows.map((r) => {
    let less: [number, number, number, number];
    let paid: number;
    if (r.moved_after === 1) {
      const m = moved.get(`${r.loan_id}:${r.installment_number}`) ?? none;
      less = [m.WAIVED[0]! + m.WRITTEN_OFF[0]!, m.WAIVED[1]! + m.WRITTEN_OFF[1]!, m.WAIVED[2]! + m.WRITTEN_OFF[2]!, m.WAIVED[3]! + m.WRITTEN_OFF[3]!];
      paid = m.PAID[0]! + m.PAID[1]! + m.PAID[2]! + m.PAID[3]!;
    } else {
      less = [r.waived_principal + r.written_off_principal, r.waived_interest + r.written_off_interest, r.waived_fee + r.written_off_fee, r.waived_penalty + r.written_off_penalty];
      paid = r.paid;
    }
    const principal = r.principal - less[0];
    const interest = r.interest - less[1];
    const fees = r.fee - less[2];
    const penalties = r.penalty - less[3];
    return { loan_id: r.loan_id, due_date: r.due_date, officer_id: r.officer_id, officer_name: r.officer_name, principal, interest, fees, penalties, collected: Math.min(paid, principal + interest + fees + penalties) };
  });
}

const DEMAND_MONEY = ['principal', 'interest', 'fees', 'penalties', 'demand', 'collected', 'notCollected'] as const;

/** Loans, installments, demand by component, collected, not collected and the rate of some installments' lines. */
function demandFigures(ctx: ReportContext, lines: ReturnType<typeof demandOf>): ReportRow {
  const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((n, l) => n + f(l), 0);
  const demand = sum((l) => l.principal + l.interest + l.fees + l.penalties);
  const collected = sum((l) => l.collected);
  return {
    loans: new Set(lines.map((l) => l.loan_id)).size,
    installments: lines.length,
    principal: ctx.money(sum((l) => l.principal)),
    interest: ctx.money(sum((l) => l.interest)),
    fees: ctx.money(sum((l) => l.fees)),
    penalties: ctx.money(sum((l) => l.penalties)),
    demand: ctx.money(demand),
    collected: ctx.money(collected),
    notCollected: ctx.money(demand - collected),
    collectionRate: rate(collected, demand),
  };
}

const expectedPayments = defineReport({
  name: 'expectedPayments',
  category: 'flows',
  access: 'reports.portfolio',
  scopedToOfficer: true,
  printable: true,
  parameters: [...periodParameters, { name: 'groupBy', type: 'choice', required: false, choices: ['loanOfficer', 'day'], default: 'loanOfficer' }],
  schema: periodSchema.extend({ groupBy: z.enum(['loanOfficer', 'day']).optional() }),
  run(ctx, p) {
    // a period ahead too (what falls due next week): demand is the schedule, collected what is paid so far
    const { fromDate, toDate } = periodOf(ctx, p, { future: true });
    const staff = officerOf(ctx, p.loanOfficerId);
    const product = p.productId ?? null;
    const groupBy = p.groupBy ?? 'loanOfficer';
    // Fineract's Expected Payments By Date (93) lists unpaid installments due in the period and takes the waived
    // part off only when nothing was paid (ifnull(paid, waived)); here demand is every installment due in the
    // period less what was waived and written off by its end, and collected what was paid of it by then
    // (FINERACT-NOTES.md 1.7 "Demand Vs Collection", 1.8)
    const due = installmentsDueIn(ctx.db, { from: fromDate, to: toDate, staff, product });
    const lines = demandOf(due, (loanIds) => installmentMovesUpTo(ctx.db, loanIds, toDate));
    const groups = new Map<string, typeof lines>();
    for (const l of lines) {
      const key = groupBy === 'day' ? l.due_date : `${l.officer_name ?? ''}\u0000${l.officer_id ?? 0}`;
      const group = groups.get(key);
      if (group) group.push(l);
      else groups.set(key, [l]);
    }
    const rows: ReportRow[] = [...groups.keys()].sort().map((key) => {
      const group = groups.get(key)!;
      const first = group[0]!;
      return { ...(groupBy === 'day' ? { dueDate: first.due_date } : { loanOfficerId: first.officer_id, loanOfficer: first.officer_name }), ...demandFigures(ctx, group) };
    });
    const columns = [
      ...(groupBy === 'day' ? [{ key: 'dueDate', type: 'date' as const }] : [{ key: 'loanOfficer', type: 'text' as const }]),
      { key: 'loans', type: 'count' as const, total: true },
      { key: 'installments', type: 'count' as const, total: true },
      ...DEMAND_MONEY.map((key) => ({ key, type: 'money' as const, total: true })),
      { key: 'collectionRate', type: 'percent' as const },
    ];
    // the totals row as a group of every line (a loan due on several days counts once, the rate of the whole)
    const totals = demandFigures(ctx, lines);
    return { parameters: { fromDate, toDate, loanOfficerId: staff, productId: product, groupBy }, columns, rows, totals };
  },
});

const expectedCashFlow = defineReport({
  name: 'expectedCashFlow',
  category: 'flows',
  access: 'reports.portfolio',
  scopedToOfficer: true,
  printable: true,
  parameters: [
    { name: 'asOf', type: 'date', required: false, default: 'businessDate' },
    { name: 'weeks', type: 'count', required: false, default: 8 },
    { name: 'loanOfficerId', type: 'staff', required: false },
  ],
  schema: z.strictObject({ asOf: isoDate.optional(), weeks: z.number().int().min(1).max(52).optional(), loanOfficerId: id.optional() }),
  run(ctx, p) {
    const asOf = asOfOf(ctx, p);
    const weeks = p.weeks ?? 8;
    const staff = officerOf(ctx, p.loanOfficerId);
    const end = addDays(asOf, weeks * 7 - 1);
    // Fineract's Branch Expected Cash Flow (92): installments due in the range and not completed, and the expected
    // disbursals of loans pending or approved. It counts an installment's whole principal even when part is paid;
    // here what is still owed on each (scheduled less paid, waived and written off), the money the branch expects.
    // Weeks of seven days from asOf.
    const repayments = repaymentsDueBetween(ctx.db, asOf, end, staff);
    const outflows = disbursalsExpectedBetween(ctx.db, asOf, end, staff);
    const rows: ReportRow[] = [];
    for (let w = 0; w < weeks; w++) {
      const from = addDays(asOf, w * 7);
      const to = addDays(from, 6);
      const inWeek = <T extends { due_date?: string; date?: string }>(r: T) => {
        const d = r.due_date ?? r.date!;
        return d >= from && d <= to;
      };
      const rep = repayments.filter(inWeek);
      const out = outflows.filter(inWeek);
      const sum = (k: 'principal' | 'interest' | 'fee' | 'penalty') => rep.reduce((s, r) => s + r[k], 0);
      const principal = sum('principal');
      const interest = sum('interest');
      const fees = sum('fee');
      const penalties = sum('penalty');
      const repaymentsDue = principal + interest + fees + penalties;
      const disbursals = out.reduce((s, r) => s + r.principal, 0);
      rows.push({
        week: w + 1,
        fromDate: from,
        toDate: to,
        principal: ctx.money(principal),
        interest: ctx.money(interest),
        fees: ctx.money(fees),
        penalties: ctx.money(penalties),
        repaymentsDue: ctx.money(repaymentsDue),
        expectedDisbursals: ctx.money(disbursals),
        netInflow: ctx.money(repaymentsDue - disbursals),
      });
    }
    return {
      parameters: { asOf, weeks, loanOfficerId: staff },
      columns: [
        { key: 'week', type: 'count' },
        { key: 'fromDate', type: 'date' },
        { key: 'toDate', type: 'date' },
        ...(['principal', 'interest', 'fees', 'penalties', 'repaymentsDue', 'expectedDisbursals', 'netInflow'] as const).map((key) => ({ key, type: 'money' as const, total: true })),
      ],
      rows,
    };
  },
});

export const flowReports: ReportDef[] = [disbursals, collections, expectedPayments, expectedCashFlow, ...clientReports, ...savingsReports];
