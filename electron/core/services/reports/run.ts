import { AppError } from '../../../../shared/errors';
import { parseInput } from '../../../../shared/contract/parse';
import type { ReportCell, ReportInfo, ReportName, ReportParameters, ReportResult } from '../../../../shared/contract/reports';
import { formatMoney, parseMoney } from '../../../../shared/money';
import { actorOf, type Actor, type HandlerContext } from '../../dispatch/context';
import { staffIdOfUser } from '../groups/repository';
import { findLocalOffice, getOrganisation } from '../organisation';
import type { ReportBody, ReportContext, ReportDef } from './catalogue';
import { accountingReports } from './accounting';
import { flowReports } from './flows';
import { portfolioReports } from './portfolio';

/** Every report, by name. */
export const REPORTS: ReadonlyMap<ReportName, ReportDef> = new Map([...portfolioReports, ...flowReports, ...accountingReports].map((r) => [r.name, r]));

function mayRun(actor: Actor, def: ReportDef): boolean {
  return actor.permissions.includes(def.access);
}

/** The reports the signed-in user may run, with their parameters. */
export function listReports(ctx: HandlerContext): ReportInfo[] {
  const actor = actorOf(ctx);
  return [...REPORTS.values()]
    .filter((def) => mayRun(actor, def))
    .map((def) => ({ name: def.name, category: def.category, parameters: def.parameters, printable: def.printable, scopedToOfficer: def.scopedToOfficer && !actor.permissions.includes('reports.branch') }));
}

/** A report run for the caller: its permission checked, its parameters checked, scoped to a loan officer's own portfolio. */
export function runReport(ctx: HandlerContext, input: ReportParameters): ReportResult {
  const actor = actorOf(ctx);
  const def = REPORTS.get(input.report);
  if (!def) throw new AppError('NOT_FOUND', `There is no report ${input.report}`, [{ field: 'report', code: 'not_found', message: 'is not a report' }]);
  if (!mayRun(actor, def)) throw new AppError('PERMISSION_DENIED', 'You may not run this report', [{ field: 'report', code: 'forbidden', message: 'needs ' + def.access }]);
  const { report: _report, ...rest } = input;
  const params = parseInput(def.schema, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
  const org = getOrganisation(ctx.db);
  const decimals = org.currency.decimalPlaces;
  let staffScope: number | null = null;
  if (def.scopedToOfficer && !actor.permissions.includes('reports.branch')) {
    staffScope = staffIdOfUser(ctx.db, actor.userId);
    if (staffScope === null) throw new AppError('PERMISSION_DENIED', 'This report shows a loan officer their own portfolio, and your user is not a loan officer', [{ field: 'report', code: 'not_loan_officer', message: 'your user is not linked to a loan officer' }]);
  }
  const rctx: ReportContext = { db: ctx.db, businessDate: ctx.businessDate(), decimals, money: (m) => formatMoney(m, decimals), staffScope };
  const body = def.run(rctx, params);
  return {
    report: def.name,
    parameters: body.parameters,
    columns: body.columns,
    rows: body.rows,
    totals: body.totals ?? totalsOf(body, decimals),
    scopedToStaffId: staffScope,
    organisation: org.name,
    office: findLocalOffice(ctx.db)?.name ?? '',
    currencyCode: org.currency.code,
    generatedBy: actor.displayName,
    generatedAt: ctx.clock.now().toISOString(),
  };
}

/**
 * A money cell back in minor units: the text formatMoney wrote ("-1234.50": digits, the point, exactly `decimals`
 * digits) read by dropping the point (100,000 rows of 10 money columns: a regular expression each costs), any
 * other text through parseMoney.
 */
function minorOf(text: string, decimals: number): number {
  const point = text.length - decimals - 1;
  if (decimals === 0 || point < 1 || text.charCodeAt(point) !== 46) return parseMoney(text, decimals);
  const negative = text.charCodeAt(0) === 45;
  let n = 0;
  for (let k = negative ? 1 : 0; k < text.length; k++) {
    if (k === point) continue;
    const c = text.charCodeAt(k) - 48;
    if (c < 0 || c > 9 || (negative && point === 1)) return parseMoney(text, decimals);
    n = n * 10 + c;
  }
  return Number.isSafeInteger(n) ? (negative ? -n : n) : parseMoney(text, decimals);
}

/** The columns marked `total`, added up (money in minor units, never as floats). */
function totalsOf(body: ReportBody, decimals: number): Record<string, ReportCell> {
  const totals: Record<string, ReportCell> = {};
  for (const column of body.columns) {
    if (!column.total) continue;
    let sum = 0;
    for (const row of body.rows) {
      const v = row[column.key];
      if (v === null || v === undefined) continue;
      sum += column.type === 'money' ? minorOf(String(v), decimals) : Number(v);
    }
    totals[column.key] = column.type === 'money' ? formatMoney(sum, decimals) : sum;
  }
  return totals;
}
