import type { ReportCell, ReportColumn, ReportResult } from '../../../../shared/contract/reports';

/** Right-aligned, tabular: every column type that holds a number. */
export function isNumericColumn(column: ReportColumn): boolean {
  return column.type === 'money' || column.type === 'count' || column.type === 'days' || column.type === 'percent';
}

/**
 * Orders two cells of a column: numbers (money and percentages are decimal text) by value, the rest as text in
 * the language's collation; empty cells last. Only for ordering: no sum is made of these numbers.
 */
export function compareCells(column: ReportColumn, a: ReportCell | undefined, b: ReportCell | undefined, collator: Intl.Collator): number {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (isNumericColumn(column)) return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/** A report's own totals that are no column's (a balance sheet's assets, liabilities and equity): shown under the table. */
export function summaryOf(result: ReportResult): { key: string; column: ReportColumn; value: ReportCell }[] {
  const columns = new Set(result.columns.map((c) => c.key));
  return Object.entries(result.totals)
    .filter(([key, value]) => !columns.has(key) && value !== null)
    .map(([key, value]) => ({ key, value, column: { key, type: typeof value === 'number' ? 'count' : 'money' } }));
}
