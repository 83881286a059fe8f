import { z } from 'zod';
import { addDays } from '../../domain/calendar/isoDate';
import type { ReportCell, ReportColumn, ReportRow } from '../../../../shared/contract/reports';
import type { ReportContext } from './catalogue';
import { cmp, percent, portfolioParameters, portfolioReport, portfolioSchema, portfolioScope, type Components, type LoanFigures } from './figures';
import { parArrearsKept, parGroupsKept, portfolioGroupsKept, portfolioGroupsOn, portfolioStraddlersKept, type ParGroupBy, type PortfolioFilter, type PortfolioGroupRow } from './repository';

/**
 * Portfolio at risk (FINERACT-NOTES.md 1.1 and 2) and the loan officers' portfolios (1.5), both measures side by
 * side and named apart by their column keys:
 * - `arrearsRate`: Fineract's "Portfolio at Risk %" of the chosen `parType` (reports 15/16/11): the amounts
 *   overdue over the amounts outstanding, with no days threshold. 1 principal; 2 principal + interest; 3 + fees;
 *   4 + penalties, where Fineract's denominator adds penalties *overdue*, not outstanding (its SQL does so in both
 *   its MySQL and PostgreSQL versions): Branchbox does as Fineract does, so that the figure matches Mifos X.
 * - `par1Ratio` ... `par90Ratio` (with `par1Principal` ... `par90Principal`): the industry's PAR (CGAP, SEEP, MIX):
 *   the whole outstanding principal of the loans with an installment more than N days late, over all outstanding
 *   principal (written-off loans are not active, so out of both).
 */

export const PAR_DAYS = [1, 30, 60, 90] as const;

/** What a group of loans adds up to. */
export interface ParMeasures {
  loans: number;
  clients: Set<number>;
  /** the distinct clients when counted in SQL (parGroupsFromKept) rather than gathered in `clients` */
  distinctClients?: number;
  loansInArrears: number;
  outstanding: Components;
  overdue: Components;
  /** outstanding principal of the loans more than N days in arrears, by N */
  atRisk: Record<(typeof PAR_DAYS)[number], number>;
}

export function emptyMeasures(): ParMeasures {
  return { loans: 0, clients: new Set(), loansInArrears: 0, outstanding: { principal: 0, interest: 0, fee: 0, penalty: 0 }, overdue: { principal: 0, interest: 0, fee: 0, penalty: 0 }, atRisk: { 1: 0, 30: 0, 60: 0, 90: 0 } };
}

export function addLoan(m: ParMeasures, l: LoanFigures): void {
  m.loans += 1;
  m.clients.add(l.clientId);
  if (l.daysInArrears > 0) m.loansInArrears += 1;
  for (const k of ['principal', 'interest', 'fee', 'penalty'] as const) {
    m.outstanding[k] += l.outstanding[k];
    m.overdue[k] += l.overdue[k];
  }
  for (const n of PAR_DAYS) if (l.daysInArrears > n) m.atRisk[n] += l.outstanding.principal;
}

export const PAR_TYPES = [1, 2, 3, 4] as const;
export type ParType = (typeof PAR_TYPES)[number];

/** Fineract's "Portfolio at Risk %" of a parType (FINERACT-NOTES.md 1.1), its type-4 denominator kept. */
export function arrearsRate(m: ParMeasures, parType: ParType): string | null {
  const { outstanding: o, overdue: d } = m;
  switch (parType) {
    case 1:
      return percent(d.principal, o.principal);
    case 2:
      return percent(d.principal + d.interest, o.principal + o.interest);
    case 3:
      return percent(d.principal + d.interest + d.fee, o.principal + o.interest + o.fee);
    case 4:
      // Fineract's type 4 divides by principal + interest + fees outstanding + penalties OVERDUE (not outstanding):
      // a known flaw of its report SQL, kept so that the figure is Mifos X's.
      return percent(d.principal + d.interest + d.fee + d.penalty, o.principal + o.interest + o.fee + d.penalty);
  }
}

/** The outstanding amounts a parType divides by (Fineract's report shows all four; these are the ones its rate uses). */
const OUTSTANDING_OF: Record<ParType, readonly (keyof Components)[]> = {
  1: ['principal'],
  2: ['principal', 'interest'],
  3: ['principal', 'interest', 'fee'],
  4: ['principal', 'interest', 'fee'],
};
const COMPONENT_KEY = { principal: 'principal', interest: 'interest', fee: 'fees', penalty: 'penalties' } as const;

/** The measures' columns: the outstanding amounts the parType uses, the four overdue, the rate, PAR1 to PAR90. */
export function parColumns(parType: ParType): ReportColumn[] {
  return [
    { key: 'activeLoans', type: 'count', total: true },
    ...OUTSTANDING_OF[parType].map((k): ReportColumn => ({ key: `${COMPONENT_KEY[k]}Outstanding`, type: 'money', total: true })),
    ...(['principal', 'interest', 'fee', 'penalty'] as const).map((k): ReportColumn => ({ key: `${COMPONENT_KEY[k]}Overdue`, type: 'money', total: true })),
    { key: 'parType', type: 'count' },
    { key: 'arrearsRate', type: 'percent' },
    ...PAR_DAYS.flatMap((n): ReportColumn[] => [
      { key: `par${n}Principal`, type: 'money', total: true },
      { key: `par${n}Ratio`, type: 'percent' },
    ]),
  ];
}

export function parCells(ctx: ReportContext, m: ParMeasures, parType: ParType): ReportRow {
  const row: ReportRow = { activeLoans: m.loans };
  for (const k of OUTSTANDING_OF[parType]) row[`${COMPONENT_KEY[k]}Outstanding`] = ctx.money(m.outstanding[k]);
  for (const k of ['principal', 'interest', 'fee', 'penalty'] as const) row[`${COMPONENT_KEY[k]}Overdue`] = ctx.money(m.overdue[k]);
  row.parType = parType;
  row.arrearsRate = arrearsRate(m, parType);
  for (const n of PAR_DAYS) {
    row[`par${n}Principal`] = ctx.money(m.atRisk[n]);
    row[`par${n}Ratio`] = percent(m.atRisk[n], m.outstanding.principal);
  }
  return row;
}

/** Adds one group's measures into another (the totals row). */
export function mergeInto(all: ParMeasures, m: ParMeasures): void {
  all.loans += m.loans;
  all.loansInArrears += m.loansInArrears;
  for (const c of m.clients) all.clients.add(c);
  for (const k of ['principal', 'interest', 'fee', 'penalty'] as const) {
    all.outstanding[k] += m.outstanding[k];
    all.overdue[k] += m.overdue[k];
  }
  for (const n of PAR_DAYS) all.atRisk[n] += m.atRisk[n];
}

/** Adds what a loan's unpaid installments (unpaid_json) due before `asOf` owe to the group's overdue amounts. */
function addOverdue(m: ParMeasures, unpaidJson: string, asOf: string): void {
  for (const [, due, p, i, f, x] of JSON.parse(unpaidJson) as [number, string, number, number, number, number][]) {
    if (due >= asOf) continue;
    m.overdue.principal += p;
    m.overdue.interest += i;
    m.overdue.fee += f;
    m.overdue.penalty += x;
  }
}

type Group = { name: string | null; currencyCode: string; m: ParMeasures };

/**
 * portfolioAtRisk of parType 1 on the business date from what the loans keep, without reading every loan: the
 * principal outstanding and at risk added up per group in SQL (a loan is more than N days late when its oldest
 * unpaid installment fell due before asOf - N days), the overdue amounts from the unpaid installments of the loans
 * in arrears alone. The same figures as loanFiguresOn's (the test runs both); interest, fees and penalties
 * outstanding, which type 1 does not use, are not added up (left 0, never shown).
 */
function parGroupsFromKept(ctx: ReportContext, groupBy: ParGroupBy, asOf: string, filter: PortfolioFilter, withOverdue = true, withClients = true): Group[] {
  const before = { d1: addDays(asOf, -1), d30: addDays(asOf, -30), d60: addDays(asOf, -60), d90: addDays(asOf, -90) };
  const groups = new Map<string, Group>();
  for (const r of parGroupsKept(ctx.db, groupBy, asOf, before, filter, withClients)) {
    const m = emptyMeasures();
    m.loans = r.loans;
    m.distinctClients = r.clients ?? undefined;
    m.loansInArrears = r.in_arrears;
    m.outstanding.principal = r.principal_outstanding;
    m.atRisk = { 1: r.par1, 30: r.par30, 60: r.par60, 90: r.par90 };
    groups.set(`${r.gid ?? ''}|${r.currency_code}`, { name: r.name, currencyCode: r.currency_code, m });
  }
  for (const [gid, currencyCode, unpaidJson] of withOverdue ? parArrearsKept(ctx.db, groupBy, asOf, filter) : []) addOverdue(groups.get(`${gid ?? ''}|${currencyCode}`)!.m, unpaidJson, asOf);
  return [...groups.values()].sort(byGroup);
}

/**
 * Every measure of the active loans per group on the business date from what they keep (loan_figures), for any
 * parType: outstanding and principal at risk added up in SQL, overdue too (all a loan owes when every installment
 * owing fell due before the date, nothing when none did), the unpaid installments read only of the loans owing on
 * both sides. The same figures as loanSummariesOn's (the tests run both); `disbursed`: the loans' principal.
 */
export function groupsFromKept(ctx: ReportContext, groupBy: ParGroupBy, asOf: string, filter: PortfolioFilter): (Group & { disbursed: number })[] {
  const before = { d1: addDays(asOf, -1), d30: addDays(asOf, -30), d60: addDays(asOf, -60), d90: addDays(asOf, -90) };
  return groupsOf(portfolioGroupsKept(ctx.db, groupBy, asOf, before, filter), portfolioStraddlersKept(ctx.db, groupBy, asOf, filter), asOf);
}

/**
 * groupsFromKept's measures on a past as-of date, as the books now say for it (repository.portfolioGroupsOn: what
 * the loans keep plus what the live transactions after the date settled, added up per group in SQL; the loans owing
 * on both sides of the date read in JavaScript): the same figures as loanSummariesOn's added up (the tests run both),
 * and `clients` the distinct clients of all the groups.
 */
export function groupsOnDate(ctx: ReportContext, groupBy: ParGroupBy, asOf: string, filter: PortfolioFilter): { groups: (Group & { disbursed: number })[]; clients: number } {
  const before = { d1: addDays(asOf, -1), d30: addDays(asOf, -30), d60: addDays(asOf, -60), d90: addDays(asOf, -90) };
  const rows = portfolioGroupsOn(ctx.db, groupBy, asOf, before, filter);
  const clients = new Set<string>();
  for (const r of rows) for (const c of r.client_ids.split(',')) clients.add(c);
  return { groups: groupsOf(rows, portfolioStraddlersKept(ctx.db, groupBy, asOf, filter, true), asOf), clients: clients.size };
}

/** The groups of portfolioGroupsKept's rows (or portfolioGroupsOn's), the overdue of the loans owing on both sides of `asOf` added. */
function groupsOf(rows: PortfolioGroupRow[], straddlers: { gid: number | null; currency_code: string; unpaid_json: string }[], asOf: string): (Group & { disbursed: number })[] {
  const groups = new Map<string, Group & { disbursed: number }>();
  for (const r of rows) {
    const m = emptyMeasures();
    m.loans = r.loans;
    m.distinctClients = r.clients;
    m.loansInArrears = r.in_arrears;
    m.outstanding = { principal: r.principal_outstanding, interest: r.interest_outstanding, fee: r.fee_outstanding, penalty: r.penalty_outstanding };
    m.overdue = { principal: r.principal_overdue, interest: r.interest_overdue, fee: r.fee_overdue, penalty: r.penalty_overdue };
    m.atRisk = { 1: r.par1, 30: r.par30, 60: r.par60, 90: r.par90 };
    groups.set(`${r.gid ?? ''}|${r.currency_code}`, { name: r.name, currencyCode: r.currency_code, m, disbursed: r.disbursed });
  }
  for (const r of straddlers) addOverdue(groups.get(`${r.gid ?? ''}|${r.currency_code}`)!.m, r.unpaid_json, asOf);
  return [...groups.values()].sort(byGroup);
}

function byGroup(a: Group, b: Group): number {
  return cmp(a.name, b.name) || cmp(a.currencyCode, b.currencyCode);
}

const GROUP_BY = ['branch', 'loanOfficer', 'product'] as const;
type GroupBy = (typeof GROUP_BY)[number];

const GROUP_KEY: Record<GroupBy, { key: string; of(l: LoanFigures): [number | null, string | null] }> = {
  branch: { key: 'officeName', of: (l) => [l.officeId, l.officeName] },
  loanOfficer: { key: 'loanOfficer', of: (l) => [l.officerId, l.officerName] },
  product: { key: 'productName', of: (l) => [l.productId, l.productName] },
};

/** Loans grouped by a key and their currency, in the order of the key's name. */
export function groupMeasures(loans: LoanFigures[], of: (l: LoanFigures) => [number | null, string | null]): Group[] {
  const groups = new Map<string, Group>();
  for (const l of loans) {
    const [gid, name] = of(l);
    const k = `${gid ?? ''}|${l.currencyCode}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { name, currencyCode: l.currencyCode, m: emptyMeasures() }));
    addLoan(g.m, l);
  }
  return [...groups.values()].sort(byGroup);
}

/** The totals row of a measures report: the money columns added, the ratios of the totals (never an average of ratios). */
function totalsOf(ctx: ReportContext, groups: Group[], parType: ParType): Record<string, ReportCell> {
  const all = emptyMeasures();
  for (const g of groups) mergeInto(all, g.m);
  const { parType: _p, ...cells } = parCells(ctx, all, parType);
  return cells;
}

export const portfolioAtRisk = portfolioReport({
  name: 'portfolioAtRisk',
  parameters: [
    ...portfolioParameters,
    { name: 'groupBy', type: 'choice', required: false, choices: [...GROUP_BY], default: 'branch' },
    { name: 'parType', type: 'choice', required: false, choices: PAR_TYPES.map(String), default: 1 },
  ],
  schema: z.strictObject({
    ...portfolioSchema,
    groupBy: z.enum(GROUP_BY).optional(),
    parType: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])).optional(),
  }),
  run(ctx, p) {
    const { asOf, filter, applied } = portfolioScope(ctx, p);
    const groupBy = p.groupBy ?? 'branch';
    const parType = (p.parType ?? 1) as ParType;
    const g = GROUP_KEY[groupBy];
    // on the business date from what the loans keep: type 1 from the covering index alone (its clients not counted:
    // the report does not show them), the others from loan_figures;
    // on another date the same plus what the transactions after it settled
    const groups =
      asOf !== ctx.businessDate ? groupsOnDate(ctx, groupBy, asOf, filter).groups : parType === 1 ? parGroupsFromKept(ctx, groupBy, asOf, filter, true, false) : groupsFromKept(ctx, groupBy, asOf, filter);
    const rows = groups.map(({ name, currencyCode, m }) => ({ [g.key]: name, currencyCode, ...parCells(ctx, m, parType) }));
    return {
      parameters: { ...applied, groupBy, parType },
      columns: [{ key: g.key, type: 'text' }, { key: 'currencyCode', type: 'text' }, ...parColumns(parType)],
      rows,
      totals: totalsOf(ctx, groups, parType),
    };
  },
});

export const loanOfficerPortfolio = portfolioReport({
  name: 'loanOfficerPortfolio',
  parameters: [...portfolioParameters],
  schema: z.strictObject(portfolioSchema),
  run(ctx, p) {
    const { asOf, filter, applied } = portfolioScope(ctx, p);
    const cells = (m: ParMeasures): ReportRow => ({
      clients: m.distinctClients ?? m.clients.size,
      activeLoans: m.loans,
      principalOutstanding: ctx.money(m.outstanding.principal),
      loansInArrears: m.loansInArrears,
      principalOverdue: ctx.money(m.overdue.principal),
      totalOverdue: ctx.money(m.overdue.principal + m.overdue.interest + m.overdue.fee + m.overdue.penalty),
      arrearsRate: arrearsRate(m, 1),
      par30Principal: ctx.money(m.atRisk[30]),
      par30Ratio: percent(m.atRisk[30], m.outstanding.principal),
    });
    // on the business date from what the loans keep, as portfolioAtRisk of type 1; on another date as portfolioAtRisk's
    const onBusinessDate = asOf === ctx.businessDate;
    const onDate = onBusinessDate ? null : groupsOnDate(ctx, 'loanOfficer', asOf, filter);
    const groups = onDate ? onDate.groups : parGroupsFromKept(ctx, 'loanOfficer', asOf, filter);
    const rows = groups.map(({ name, currencyCode, m }) => ({ loanOfficer: name, currencyCode, ...cells(m) }));
    const all = emptyMeasures();
    for (const g of groups) mergeInto(all, g.m);
    // clients are counted once in the totals even when two officers lend to the same client
    all.distinctClients = onDate ? onDate.clients : parGroupsFromKept(ctx, 'all', asOf, filter, false).reduce((n, g) => n + (g.m.distinctClients ?? 0), 0);
    return {
      parameters: applied,
      columns: [
        { key: 'loanOfficer', type: 'text' },
        { key: 'currencyCode', type: 'text' },
        { key: 'clients', type: 'count', total: true },
        { key: 'activeLoans', type: 'count', total: true },
        { key: 'principalOutstanding', type: 'money', total: true },
        { key: 'loansInArrears', type: 'count', total: true },
        { key: 'principalOverdue', type: 'money', total: true },
        { key: 'totalOverdue', type: 'money', total: true },
        { key: 'arrearsRate', type: 'percent' },
        { key: 'par30Principal', type: 'money', total: true },
        { key: 'par30Ratio', type: 'percent' },
      ],
      rows,
      totals: cells(all),
    };
  },
});

