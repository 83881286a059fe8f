import { z } from 'zod';
import { op } from './operation';
import { id, isoDate } from './fields';
import type { PermissionCode } from '../permissions';

/**
 * Reports (issue 18; FINERACT-NOTES.md sections 1 and 2): each has a stable name, its parameters, its permission,
 * and gives columns, rows and totals. Money is decimal text in the branch's currency (as everywhere in the API),
 * counts and days are numbers, percentages decimal text with two places ("12.35"), dates ISO text.
 * A loan or accounting report for a past date is computed as the books now say for that date.
 */
export const REPORT_NAMES = [
  'portfolioAtRisk',
  'agingDetail',
  'agingSummary',
  'activeLoans',
  'activeLoansDetails',
  'loansPastMaturity',
  'loansInLastInstallment',
  'obligationsMet',
  'writtenOff',
  'awaitingApproval',
  'awaitingDisbursal',
  'disbursals',
  'collections',
  'expectedPayments',
  'expectedCashFlow',
  'loanOfficerPortfolio',
  'clientListing',
  'clientLoansListing',
  'savingsBalances',
  'dormantAccounts',
  'trialBalance',
  'balanceSheet',
  'incomeStatement',
  'glAccountDetail',
  'tellerCashSummary',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/**
 * The permissions reports.run and reports.export check per report (their own access is AUTHENTICATED): each report
 * asks for one of the first three; `reports.branch` lifts a loan officer's scope to the whole branch.
 */
export const REPORT_PERMISSIONS = ['reports.portfolio', 'reports.accounting', 'reports.cash', 'reports.branch'] as const satisfies readonly PermissionCode[];

export type ReportCategory = 'portfolio' | 'flows' | 'clients' | 'savings' | 'accounting' | 'cash';

/** How a column's values are shown and exported (XLSX number formats, alignment, totals). */
export type ReportColumnType = 'text' | 'money' | 'count' | 'days' | 'percent' | 'date';

export interface ReportColumn {
  /** the row key; the screen's header is the translation `reports.columns.<key>` */
  key: string;
  type: ReportColumnType;
  /** whether the totals row adds this column up */
  total?: boolean;
}

export type ReportCell = string | number | null;
export type ReportRow = Record<string, ReportCell>;

/** The parameters a report takes (its screen builds the form from them). */
export interface ReportParameter {
  name: string;
  type: 'date' | 'staff' | 'loanProduct' | 'savingsProduct' | 'currency' | 'glAccount' | 'choice' | 'count';
  required: boolean;
  /** for 'choice': the values, each translated `reports.choices.<name>.<value>` */
  choices?: string[];
  /** the value taken when none is given ('businessDate' for a date: the branch's business date) */
  default?: string | number;
}

export interface ReportInfo {
  name: ReportName;
  category: ReportCategory;
  parameters: ReportParameter[];
  /** whether it prints on A4 landscape and exports as PDF */
  printable: boolean;
  /** for a loan officer without the branch-wide permission: only their own portfolio */
  scopedToOfficer: boolean;
}

export interface ReportResult {
  report: ReportName;
  /** the parameters as applied (defaults filled in: asOf the business date, ...) */
  parameters: Record<string, string | number | null>;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** the totals row, by column key (and a report's own totals, such as assets, liabilities and equity) */
  totals: Record<string, ReportCell>;
  /** the loan officer a scoped report was limited to (a loan officer's own), or null: the whole branch */
  scopedToStaffId: number | null;
  organisation: string;
  office: string;
  currencyCode: string;
  /** who ran it and when (printed on every page) */
  generatedBy: string;
  generatedAt: string;
}

export const REPORT_EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];

export interface ReportFile {
  fileName: string;
  mimeType: string;
  base64: string;
  rows: number;
}

/**
 * The parameters every report may take; a report refuses those it does not take (`unknown_field`), and checks
 * its own (a parameter of the wrong kind is named).
 */
const parameters = {
  report: z.enum(REPORT_NAMES),
  asOf: isoDate.optional(),
  fromDate: isoDate.optional(),
  toDate: isoDate.optional(),
  loanOfficerId: id.optional(),
  productId: id.optional(),
  currencyCode: z.string().min(3).max(3).optional(),
  groupBy: z.string().max(40).optional(),
  bands: z.string().max(40).optional(),
  parType: z.union([z.number().int(), z.string().max(40)]).optional(),
  glAccountId: id.optional(),
  weeks: z.number().int().min(1).max(52).optional(),
  days: z.number().int().min(1).max(3650).optional(),
};
export const reportParameters = z.strictObject(parameters);
export type ReportParameters = z.output<typeof reportParameters>;

export const reportsOperations = {
  /** Every report the signed-in user may run, with its parameters. */
  'reports.list': op<ReportInfo[]>()({ kind: 'query', access: 'AUTHENTICATED', input: z.strictObject({}) }),
  /** A report's columns, rows and totals (the report's own permission is checked). */
  'reports.run': op<ReportResult>()({ kind: 'query', access: 'AUTHENTICATED', input: reportParameters }),
  /** A report as a file: CSV, XLSX, or PDF where printable. */
  'reports.export': op<ReportFile>()({
    kind: 'query',
    access: 'AUTHENTICATED',
    input: z.strictObject({
      ...parameters,
      format: z.enum(REPORT_EXPORT_FORMATS),
      /**
       * The reader's words for what the books wrote in English (shared/bookText.ts): the messages under `books.` of
       * the screen's language, by key ("accounts.1110": "Coffre de l'agence"); the file shows account names and
       * journal descriptions with them (the core has no translations). Left out: as stored.
       */
      words: z
        .record(z.string().max(80), z.string().max(400))
        .refine((w) => Object.keys(w).length <= 500, { message: 'at most 500 messages' })
        .optional(),
    }),
  }),
} as const;
