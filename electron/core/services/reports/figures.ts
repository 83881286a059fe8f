import Decimal from 'decimal.js';
import { z } from 'zod';
import { id, isoDate } from '../../../../shared/contract/fields';
import type { ReportColumn, ReportName, ReportParameter, ReportRow } from '../../../../shared/contract/reports';
import { daysBetween } from '../../domain/calendar/isoDate';
import type { Db } from '../../db/connection';
import { defineReport, type ReportContext, type ReportDef } from './catalogue';
import { activeLoansKept, descriptionNames, loansOnDateFromKept, loansOnDateRecomputed, type DescriptionNames, type KeptLoanRow, type KeptSelection, type LoanDescriptionRow, type LoanOnDateKeptRow, type LoanOnDateRow, type PortfolioFilter } from './repository';

/**
 * Each active loan's figures on an as-of date, the one source of the portfolio reports (portfolio.ts, arrears.ts).
 * A loan is in arrears from the day after an installment's due date while anything of it is unpaid; days in arrears
 * count from the oldest such due date (DOMAIN.md "Repayments, arrears, closure"; Fineract's overdue_since_date).
 * Unlike Fineract, which reads m_loan_arrears_aging as the last job left it and counts days to CURDATE()
 * (FINERACT-NOTES.md 1.0), arrears are recomputed for the as-of date itself.
 */

export interface Components {
  principal: number;
  interest: number;
  fee: number;
  penalty: number;
}

export interface LoanFigures {
  loanId: number;
  accountNo: string;
  clientId: number;
  clientAccountNo: string;
  clientName: string;
  officeId: number;
  officeName: string;
  officerId: number | null;
  officerName: string | null;
  productId: number;
  productName: string;
  currencyCode: string;
  /** the loan amount */
  principal: number;
  disbursedOn: string;
  /** the last installment's due date and number (null in the summaries, which do not read them) */
  maturityDate: string | null;
  lastInstallment: number | null;
  outstanding: Components;
  /** what installments due before the date still owe */
  overdue: Components;
  overdueSince: string | null;
  daysInArrears: number;
  /** the first installment due on or after the date that still owes something */
  nextUnpaidInstallment: number | null;
}

/**
 * A loan's figures: what the row describes (names from `names`, as the joins would give them: an officer not found
 * none) and its amounts on the date, one object literal (no spread: 100,000 loans).
 */
function figuresOf(r: LoanDescriptionRow, names: DescriptionNames, outstanding: Components, overdue: Components, overdueSince: string | null, asOf: string, next: number | null): LoanFigures {
  const officerId = r[6];
  return {
    loanId: r[0],
    accountNo: r[1],
    clientId: r[2],
    clientAccountNo: r[3],
    clientName: r[4],
    officeId: r[5],
    officeName: names.offices.get(r[5])!,
    officerId,
    officerName: officerId === null ? null : (names.officers.get(officerId) ?? null),
    productId: r[7],
    productName: names.products.get(r[7])!,
    currencyCode: r[8],
    principal: r[9],
    disbursedOn: r[10],
    maturityDate: r[11],
    lastInstallment: r[12],
    outstanding,
    overdue,
    overdueSince,
    daysInArrears: overdueSince ? daysBetween(overdueSince, asOf) : 0,
    nextUnpaidInstallment: next,
  };
}

/**
 * Adds what a loan's unpaid installments (unpaid_json) owe into `outstanding` (unless null) and, for those due before
 * `asOf`, into `overdue`; the oldest such due date and the first installment due on or after `asOf` found so far.
 */
function addUnpaid(unpaidJson: string, asOf: string, outstanding: Components | null, overdue: Components, since: string | null, next: number | null): { since: string | null; next: number | null } {
  for (const [n, due, p, i, f, x] of JSON.parse(unpaidJson) as [number, string, number, number, number, number][]) {
    if (outstanding) {
      outstanding.principal += p;
      outstanding.interest += i;
      outstanding.fee += f;
      outstanding.penalty += x;
    }
    if (due < asOf) {
      overdue.principal += p;
      overdue.interest += i;
      overdue.fee += f;
      overdue.penalty += x;
      if (since === null || due < since) since = due;
    } else if (next === null || n < next) next = n;
  }
  return { since, next };
}

/** A loan's figures on `asOf` from what it keeps: exact when no live transaction after `asOf` touched it. */
function fromKept(r: KeptLoanRow, names: DescriptionNames, asOf: string): LoanFigures {
  const outstanding = { principal: 0, interest: 0, fee: 0, penalty: 0 };
  const overdue = { principal: 0, interest: 0, fee: 0, penalty: 0 };
  const { since, next } = addUnpaid(r[DESCRIBED], asOf, outstanding, overdue, null, null);
  return figuresOf(r as unknown as LoanDescriptionRow, names, outstanding, overdue, since, asOf, next);
}

/** How many values of a row describe the loan (LoanDescriptionRow); what follows are its figures. */
const DESCRIBED = 13;

/** A loan's figures on `asOf` recomputed from its installments and the transactions dated on or before it. */
function recomputed(r: LoanOnDateRow, names: DescriptionNames, asOf: string): LoanFigures {
  const [po, io, fo, xo, pd, id, fd, xd, since, next] = r.slice(DESCRIBED) as [number, number, number, number, number, number, number, number, string | null, number | null];
  return figuresOf(r as unknown as LoanDescriptionRow, names, { principal: po, interest: io, fee: fo, penalty: xo }, { principal: pd, interest: id, fee: fd, penalty: xd }, since, asOf, next);
}

/**
 * A loan's figures on a past `asOf` that a live transaction dated after it touched (or that is closed or written off
 * since): each installment owed then what it owes now (unpaid_json, loan_figures) plus what the transactions after
 * `asOf` settled of it (repository.loansOnDateFromKept). Null when it owed nothing on `asOf` (onDateSql leaves it out).
 */
function touchedOn(r: LoanOnDateKeptRow, names: DescriptionNames, asOf: string): LoanFigures | null {
  const [unpaidJson, , kp, ki, kf, kx, ap, ai, af, ax, dp, di, df, dx, afterSince, afterNext] = r.slice(DESCRIBED) as [
    string, 0 | 1, number | null, number | null, number | null, number | null, number | null, number | null, number | null, number | null,
    number | null, number | null, number | null, number | null, string | null, number | null,
  ];
  const outstanding = { principal: (kp ?? 0) + (ap ?? 0), interest: (ki ?? 0) + (ai ?? 0), fee: (kf ?? 0) + (af ?? 0), penalty: (kx ?? 0) + (ax ?? 0) };
  if (outstanding.principal + outstanding.interest + outstanding.fee + outstanding.penalty <= 0) return null;
  const overdue = { principal: dp ?? 0, interest: di ?? 0, fee: df ?? 0, penalty: dx ?? 0 };
  const { since, next } = addUnpaid(unpaidJson, asOf, null, overdue, afterSince, afterNext);
  return figuresOf(r as unknown as LoanDescriptionRow, names, outstanding, overdue, since, asOf, next);
}

/**
 * The loans active on `asOf`, as the books now say for that date: each installment's due amounts less what the
 * live transactions dated on or before `asOf` paid, waived or wrote off of it, arrears counted to `asOf`. What a loan
 * keeps (loan_figures and loans.unpaid_json, written with its installments and checked by verify) is that computation over ALL its
 * live transactions, so it is exactly the figure on `asOf` whenever none of them is dated after `asOf`: on the
 * business date for every loan, on a past date for the loans no later transaction touched; for the others what the
 * transactions after `asOf` settled is added back to what they keep (touchedOn: only those transactions are read).
 * Never today's balances for a loan that moved since. `fromTransactions` recomputes every loan from all its
 * transactions (the tests prove every way gives the same figures).
 */
export function loanFiguresOn(db: Db, asOf: string, businessDate: string, filter: PortfolioFilter, fromTransactions = false, withMaturity = true, which: KeptSelection = 'all'): LoanFigures[] {
  const names = descriptionNames(db);
  if (fromTransactions) return loansOnDateRecomputed(db, asOf, filter).map((r) => recomputed(r, names, asOf));
  if (asOf === businessDate) return activeLoansKept(db, filter, asOf, which, withMaturity).map((r) => fromKept(r, names, asOf));
  const loans: LoanFigures[] = [];
  for (const r of loansOnDateFromKept(db, asOf, filter, which, withMaturity)) {
    const l = r[DESCRIBED + 1] ? touchedOn(r, names, asOf) : fromKept(r as unknown as KeptLoanRow, names, asOf);
    if (l) loans.push(l);
  }
  return loans;
}

/** loanFiguresOn for the summaries: without each loan's last installment (maturityDate and lastInstallment null). */
export function loanSummariesOn(db: Db, asOf: string, businessDate: string, filter: PortfolioFilter): LoanFigures[] {
  return loanFiguresOn(db, asOf, businessDate, filter, false, false);
}

/**
 * loanFiguresOn's loans that `which` selects, chosen in SQL among those whose kept figures hold on `asOf` (the
 * others, recomputed, are all returned: the report's own test keeps those it lists).
 */
export function loansSelectedOn(which: KeptSelection): typeof loanFiguresOn {
  return (db, asOf, businessDate, filter) => loanFiguresOn(db, asOf, businessDate, filter, false, true, which);
}

/** loanFiguresOn's loans in arrears on `asOf` only (a loan untouched since keeps its oldest unpaid due date, indexed). */
export function loansInArrearsOn(db: Db, asOf: string, businessDate: string, filter: PortfolioFilter): LoanFigures[] {
  return loanFiguresOn(db, asOf, businessDate, filter, false, true, 'inArrears').filter((l) => l.daysInArrears > 0);
}

/**
 * A percentage as text with two places, `num * 100 / den` rounded half up as MySQL's round() does in Fineract's
 * report SQL; computed in decimals, never floats. Null when there is nothing to divide by (Fineract's NULL).
 */
export function percent(num: number, den: number): string | null {
  if (den === 0) return null;
  return new Decimal(num).times(100).div(den).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** The parameters every portfolio report on a date takes, and their checks. */
export const portfolioParameters = [
  { name: 'asOf', type: 'date', required: false, default: 'businessDate' },
  { name: 'loanOfficerId', type: 'staff', required: false },
  { name: 'productId', type: 'loanProduct', required: false },
  { name: 'currencyCode', type: 'currency', required: false },
] as const satisfies readonly ReportParameter[];
export const portfolioSchema = { asOf: isoDate.optional(), loanOfficerId: id.optional(), productId: id.optional(), currencyCode: z.string().length(3).optional() };

export interface PortfolioParams {
  asOf?: string;
  loanOfficerId?: number;
  productId?: number;
  currencyCode?: string;
}

/**
 * The as-of date (the business date by default) and the filter, a loan officer's own portfolio when scoped. A date
 * after the business date reads the books as they stand on it: nothing is posted after the business date, so what
 * falls due by then counts as unpaid (the portfolio at risk if nothing more is paid).
 */
export function portfolioScope(ctx: ReportContext, p: PortfolioParams): { asOf: string; filter: PortfolioFilter; applied: Record<string, string | number | null> } {
  const asOf = p.asOf ?? ctx.businessDate;
  const filter = { staffId: ctx.staffScope ?? p.loanOfficerId ?? null, productId: p.productId ?? null, currencyCode: p.currencyCode ?? null };
  return { asOf, filter, applied: { asOf, loanOfficerId: filter.staffId, productId: filter.productId, currencyCode: filter.currencyCode } };
}

/** One row of a loan's figures, as the detail reports show it (Fineract's Active Loans - Details, report 12). */
export function loanDetailCells(ctx: { money(m: number): string }, l: LoanFigures) {
  return {
    loanId: l.loanId,
    officeName: l.officeName,
    currencyCode: l.currencyCode,
    loanOfficer: l.officerName,
    clientAccountNo: l.clientAccountNo,
    clientName: l.clientName,
    accountNo: l.accountNo,
    productName: l.productName,
    loanAmount: ctx.money(l.principal),
    disbursedOn: l.disbursedOn,
    maturityDate: l.maturityDate,
    principalOutstanding: ctx.money(l.outstanding.principal),
    interestOutstanding: ctx.money(l.outstanding.interest),
    feesOutstanding: ctx.money(l.outstanding.fee),
    penaltiesOutstanding: ctx.money(l.outstanding.penalty),
    principalOverdue: ctx.money(l.overdue.principal),
    interestOverdue: ctx.money(l.overdue.interest),
    feesOverdue: ctx.money(l.overdue.fee),
    penaltiesOverdue: ctx.money(l.overdue.penalty),
    daysInArrears: l.daysInArrears,
  };
}

export const LOAN_DETAIL_COLUMNS = [
  { key: 'officeName', type: 'text' },
  { key: 'currencyCode', type: 'text' },
  { key: 'loanOfficer', type: 'text' },
  { key: 'clientAccountNo', type: 'text' },
  { key: 'clientName', type: 'text' },
  { key: 'accountNo', type: 'text' },
  { key: 'productName', type: 'text' },
  { key: 'loanAmount', type: 'money', total: true },
  { key: 'disbursedOn', type: 'date' },
  { key: 'maturityDate', type: 'date' },
  { key: 'principalOutstanding', type: 'money', total: true },
  { key: 'interestOutstanding', type: 'money', total: true },
  { key: 'feesOutstanding', type: 'money', total: true },
  { key: 'penaltiesOutstanding', type: 'money', total: true },
  { key: 'principalOverdue', type: 'money', total: true },
  { key: 'interestOverdue', type: 'money', total: true },
  { key: 'feesOverdue', type: 'money', total: true },
  { key: 'penaltiesOverdue', type: 'money', total: true },
  { key: 'daysInArrears', type: 'days' },
] as const satisfies readonly ReportColumn[];

/** By office, currency, client account and loan account, as Fineract orders its detail reports. */
export function byOfficeClientLoan(a: LoanFigures, b: LoanFigures): number {
  return cmp(a.officeName, b.officeName) || cmp(a.currencyCode, b.currencyCode) || cmp(a.clientAccountNo, b.clientAccountNo) || cmp(a.accountNo, b.accountNo);
}

/** Plain code-unit order (fast on 100,000 rows; names and account numbers sort as Fineract's SQL ORDER BY would). */
export function cmp(a: string | null, b: string | null): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A loan portfolio report: category portfolio, permission reports.portfolio, a loan officer's own loans only, printable. */
export function portfolioReport<P extends object>(def: Omit<ReportDef<P>, 'category' | 'access' | 'scopedToOfficer' | 'printable'>): ReportDef {
  return defineReport<P>({ category: 'portfolio', access: 'reports.portfolio', scopedToOfficer: true, printable: true, ...def });
}

/**
 * A report listing the active loans on the as-of date that `keep` selects, with the detail columns and `extra`
 * ones, in Fineract's order (office, currency, client account, loan account).
 */
export function loanListReport(
  name: ReportName,
  keep: (l: LoanFigures, asOf: string) => boolean,
  extra: { columns: ReportColumn[]; cells(l: LoanFigures, asOf: string): ReportRow; source?: typeof loanFiguresOn } = { columns: [], cells: () => ({}) },
): ReportDef {
  return portfolioReport({
    name,
    parameters: [...portfolioParameters],
    schema: z.strictObject(portfolioSchema),
    run(ctx, p) {
      const { asOf, filter, applied } = portfolioScope(ctx, p);
      const loans = (extra.source ?? loanFiguresOn)(ctx.db, asOf, ctx.businessDate, filter).filter((l) => keep(l, asOf)).sort(byOfficeClientLoan);
      const taken = new Set(extra.columns.map((c) => c.key));
      return {
        parameters: applied,
        columns: [...LOAN_DETAIL_COLUMNS.filter((c) => !taken.has(c.key)), ...extra.columns],
        // no spread for a report without columns of its own (100,000 rows: each object made costs)
        rows: extra.columns.length === 0 ? loans.map((l) => loanDetailCells(ctx, l)) : loans.map((l) => ({ ...loanDetailCells(ctx, l), ...extra.cells(l, asOf) })),
      };
    },
  });
}
