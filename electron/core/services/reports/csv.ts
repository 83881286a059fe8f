import type { ReportResult } from '../../../../shared/contract/reports';
import { hasColumnTotals } from './fileText';

/** CSV: a header of column keys, one line per row, the totals last; RFC 4180 quoting. */
export function reportCsv(result: ReportResult): Buffer {
  const quote = (v: unknown): string => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const keys = result.columns.map((c) => c.key);
  const lines = [keys.map(quote).join(','), ...result.rows.map((r) => keys.map((k) => quote(r[k])).join(','))];
  if (hasColumnTotals(result)) lines.push(keys.map((k, i) => quote(i === 0 && result.totals[k] === undefined ? 'Total' : result.totals[k])).join(','));
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}
