import type { ReportName, ReportResult } from '../../../../shared/contract/reports';

/**
 * The words of a report file (XLSX and PDF). The core has no translations (the screen translates
 * `reports.names.<name>` and `reports.columns.<key>`): a file says a report's and a column's stable name in plain
 * English words, "daysPendingApproval" -> "Days pending approval".
 */
export function words(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function reportTitle(name: ReportName): string {
  return words(name);
}

export function columnTitle(key: string): string {
  return words(key);
}

/** "As of 2026-03-02 · Loan officer id 2": the parameters as applied, those given. */
export function parametersLine(result: ReportResult): string {
  const parts = Object.entries(result.parameters)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${words(k)}: ${String(v)}`);
  if (result.scopedToStaffId !== null) parts.push(`Own portfolio of loan officer ${result.scopedToStaffId}`);
  return parts.join(' · ');
}

/** The title block's rows above the header row of an XLSX sheet (four lines and a blank one). */
export const TITLE_ROWS = 5;

/**
 * A report's own totals that are not a column's (balanceSheet's assets, liabilities and equity, incomeStatement's
 * netProfit, glAccountDetail's opening and closing balance): written under the table as "Assets  1,234.00".
 */
export function summaryOf(result: ReportResult): [string, string | number][] {
  const columns = new Set(result.columns.map((c) => c.key));
  return Object.entries(result.totals).filter((e): e is [string, string | number] => !columns.has(e[0]) && e[1] !== null);
}

/** Whether a totals row is written: a column is totalled (a report's own totals alone go under the table). */
export function hasColumnTotals(result: ReportResult): boolean {
  return result.columns.some((c) => result.totals[c.key] !== undefined);
}
