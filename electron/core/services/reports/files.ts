import type { ReportExportFormat, ReportFile, ReportParameters, ReportResult, ReportRow } from '../../../../shared/contract/reports';
import { AppError } from '../../../../shared/errors';
import { bookTextOfCell, fillMessage, renderBookText, type Say } from '../../../../shared/bookText';
import type { HandlerContext } from '../../dispatch/context';
import { getOrganisation } from '../organisation';
import { reportCsv } from './csv';
import { reportPdf } from './pdf';
import { REPORTS, runReport } from './run';
import { reportXlsx } from './xlsx';

const MIME: Record<ReportExportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/**
 * `reports.export`: the report run for the caller (its permission, parameters and scope as `reports.run`), as a
 * file. PDF only for a printable report (refused naming `format`, before the report is run). With the reader's
 * `words`, account names and journal descriptions are written in the reader's language.
 */
export async function exportReport(ctx: HandlerContext, input: ReportParameters, format: ReportExportFormat, words?: Record<string, string>): Promise<ReportFile> {
  if (format === 'pdf' && REPORTS.get(input.report)?.printable === false) {
    throw new AppError('VALIDATION_FAILED', `The report ${input.report} is not printable: export it as CSV or XLSX`, [{ field: 'format', code: 'not_printable', message: 'this report does not print' }]);
  }
  const result = inReadersWords(runReport(ctx, input), words);
  const decimals = getOrganisation(ctx.db).currency.decimalPlaces;
  const data = format === 'csv' ? reportCsv(result) : format === 'xlsx' ? await reportXlsx(result, decimals) : await reportPdf(result);
  return { fileName: fileNameOf(result, format), mimeType: MIME[format], base64: data.toString('base64'), rows: result.rows.length };
}

/** "awaitingApproval-2026-03-02.xlsx": the report and its as-of date, or the end of its period. */
function fileNameOf(result: ReportResult, format: ReportExportFormat): string {
  const date = String(result.parameters.asOf ?? result.parameters.toDate ?? '');
  return `${result.report}${date ? `-${date}` : ''}.${format}`;
}

/**
 * The rows with their account names (`nameText` beside `name`), journal descriptions (`descriptionText` beside
 * `description`) and a statement's sections said with the reader's words; a text without its message stays as stored.
 */
export function inReadersWords(result: ReportResult, words: Record<string, string> | undefined): ReportResult {
  if (!words || Object.keys(words).length === 0) return result;
  const say: Say = (key, params) => (words[key] === undefined ? null : fillMessage(words[key], params));
  const said = (cell: unknown, stored: ReportResult['rows'][number][string]) => {
    const text = bookTextOfCell(cell);
    return text === null ? stored : (renderBookText(text, say) ?? stored);
  };
  const section = (r: ReportRow): ReportRow => (typeof r.section === 'string' && words[`report.section.${r.section}`] !== undefined ? { section: words[`report.section.${r.section}`]! } : {});
  const rows = result.rows.map((r): ReportRow => ({
    ...r,
    ...(r.nameText ? { name: said(r.nameText, r.name ?? null) } : {}),
    ...(r.descriptionText ? { description: said(r.descriptionText, r.description ?? null) } : {}),
    ...section(r),
  }));
  return { ...result, rows };
}
