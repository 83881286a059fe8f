import type { ReportExportFormat, ReportFile, ReportResult } from '../../../../shared/contract/reports';
import { AppError } from '../../../../shared/errors';

/**
 * A report as a file. CSV: a header of column keys, one line per row, the totals last; RFC 4180 quoting.
 * (XLSX and PDF: to come.)
 */
export function exportReport(result: ReportResult, format: ReportExportFormat): ReportFile {
  if (format !== 'csv') throw new AppError('VALIDATION_FAILED', `Exporting as ${format} is not available yet`, [{ field: 'format', code: 'unsupported', message: 'is not available yet' }]);
  const quote = (v: unknown): string => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const keys = result.columns.map((c) => c.key);
  const lines = [keys.map(quote).join(','), ...result.rows.map((r) => keys.map((k) => quote(r[k])).join(','))];
  if (Object.keys(result.totals).length > 0) lines.push(keys.map((k, i) => quote(i === 0 && result.totals[k] === undefined ? 'Total' : result.totals[k])).join(','));
  const text = lines.join('\r\n') + '\r\n';
  return { fileName: `${result.report}-${String(result.parameters.asOf ?? result.parameters.toDate ?? '')}.csv`.replace('-.csv', '.csv'), mimeType: 'text/csv', base64: Buffer.from(text, 'utf8').toString('base64'), rows: result.rows.length };
}
