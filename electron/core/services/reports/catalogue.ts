import type { z } from 'zod';
import type { Db } from '../../db/connection';
import type { PermissionCode } from '../../../../shared/permissions';
import type { ReportCategory, ReportColumn, ReportName, ReportParameter, ReportParameters, ReportRow, ReportCell } from '../../../../shared/contract/reports';

/**
 * What a report is: its stable name, its permission, its parameters (their names and kinds for reports.list and the
 * screen; a zod schema checking the values, strict so that a parameter it does not take is named), and `run`,
 * which reads the books for the parameters and gives columns, rows and totals. One file per family of reports
 * (portfolio.ts, flows.ts, accounting.ts) exports its definitions; index.ts gathers them.
 */
export interface ReportDef<P extends object = Record<string, unknown>> {
  name: ReportName;
  category: ReportCategory;
  access: PermissionCode;
  /** a loan officer without reports.branch sees only their own portfolio (the run gets scope.staffId) */
  scopedToOfficer: boolean;
  printable: boolean;
  parameters: ReportParameter[];
  /** checks the parameters given (without `report`); unknown ones refused naming them */
  schema: z.ZodType<P>;
  run(ctx: ReportContext, params: P): ReportBody;
}

export interface ReportContext {
  db: Db;
  /** the branch's business date: the default as-of date, and the latest a report may look at */
  businessDate: string;
  /** the currency's decimal places; `money(minor)` formats an amount as the API does */
  decimals: number;
  money(minor: number): string;
  /** the loan officer (staff id) a scoped report is limited to, or null: the whole branch */
  staffScope: number | null;
}

export interface ReportBody {
  /** the parameters as applied, defaults filled in */
  parameters: Record<string, string | number | null>;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** the totals row: by default the columns marked `total` added up by index.ts; a report may give its own */
  totals?: Record<string, ReportCell>;
}

/** Defines a report (typed by its schema). */
export function defineReport<P extends object>(def: ReportDef<P>): ReportDef {
  return def as unknown as ReportDef;
}

export type { ReportParameters };
