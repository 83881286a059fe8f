import PDFDocument from 'pdfkit';
import type { ReportColumn, ReportResult } from '../../../../shared/contract/reports';
import { columnTitle, hasColumnTotals, parametersLine, reportTitle, summaryOf } from './fileText';

/**
 * A printable report as a PDF (pdfkit, its built-in Helvetica: no font file): A4 landscape; on every page the
 * organisation and office, the report and its as-of date or period, who printed it and when, and "Page n of m"
 * (pages are buffered, then numbered once their count is known); the table's header repeated on each page, money
 * and numbers right-aligned, the totals row last, then a report's own totals (assets, liabilities, equity). Cells too
 * long for their column end with an ellipsis.
 */
export function reportPdf(result: ReportResult): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, bufferPages: true, info: { Title: reportTitle(result.report), Author: result.generatedBy } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom - 18;
  const widths = columnWidths(result.columns, width);
  const rowHeight = 13;
  const printed = `Printed by ${result.generatedBy} on ${result.generatedAt.slice(0, 16).replace('T', ' ')} UTC`;

  let y = 0;
  const pageTop = (): void => {
    doc.font('Helvetica-Bold').fontSize(13).fillColor('black').text(reportTitle(result.report), left, doc.page.margins.top, { width, lineBreak: false });
    doc.font('Helvetica').fontSize(9).text(`${result.organisation} - ${result.office}`, left, doc.page.margins.top + 17, { width, lineBreak: false });
    doc.text(parametersLine(result), left, doc.page.margins.top + 29, { width, lineBreak: false, ellipsis: true });
    y = doc.page.margins.top + 44;
    // headers may take two lines (a narrow number column: "Days pending / approval")
    row(result.columns.map((c) => columnTitle(c.key)), true, 2);
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.8).stroke();
    y += 2;
  };
  const row = (cells: string[], bold: boolean, lines = 1): void => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    const height = rowHeight + (lines - 1) * 9;
    let x = left;
    cells.forEach((text, i) => {
      const w = widths[i]!;
      const numeric = isNumeric(result.columns[i]!);
      doc.text(text, x + 2, y + 2, { width: w - 4, height: height - 2, align: numeric ? 'right' : 'left', lineBreak: lines > 1, ellipsis: true });
      x += w;
    });
    y += height;
  };
  const cellsOf = (r: Record<string, unknown>): string[] =>
    result.columns.map((c) => {
      const v = r[c.key];
      if (v === null || v === undefined) return '';
      return c.type === 'money' || c.type === 'count' ? grouped(String(v)) : c.type === 'percent' ? `${String(v)} %` : String(v);
    });

  pageTop();
  for (const r of result.rows) {
    if (y + rowHeight > bottom) {
      doc.addPage();
      pageTop();
    }
    row(cellsOf(r), false);
  }
  if (hasColumnTotals(result)) {
    if (y + rowHeight + 4 > bottom) {
      doc.addPage();
      pageTop();
    }
    doc.moveTo(left, y + 1).lineTo(left + width, y + 1).lineWidth(0.8).stroke();
    y += 2;
    const totals = cellsOf(result.totals);
    if (result.columns[0] && result.totals[result.columns[0].key] === undefined) totals[0] = 'Total';
    row(totals, true);
  }

  const summary = summaryOf(result);
  if (summary.length > 0) {
    if (y + 6 + summary.length * rowHeight > bottom) {
      doc.addPage();
      pageTop();
    }
    y += 6;
    doc.font('Helvetica-Bold').fontSize(9);
    for (const [key, value] of summary) {
      doc.text(columnTitle(key), left, y, { width: 160, lineBreak: false });
      doc.text(grouped(String(value)), left + 160, y, { width: 100, align: 'right', lineBreak: false });
      y += rowHeight;
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // writing below the bottom margin would add a page: lift the margin while the footer is written
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#444444');
    doc.text(printed, left, doc.page.height - margin - 10, { width: width / 2, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, left + width / 2, doc.page.height - margin - 10, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

function isNumeric(c: ReportColumn): boolean {
  return c.type !== 'text' && c.type !== 'date';
}

/** Text columns share what numbers and dates leave, by weight; numbers and dates get a fixed width. */
function columnWidths(columns: ReportColumn[], total: number): number[] {
  const fixed = (c: ReportColumn): number => (c.type === 'money' ? 72 : c.type === 'date' ? 58 : c.type === 'text' ? 0 : 64);
  const fixedSum = columns.reduce((s, c) => s + fixed(c), 0);
  const textCount = columns.filter((c) => fixed(c) === 0).length;
  if (textCount === 0 || fixedSum >= total) return columns.map((c) => (fixed(c) || 40) * (total / Math.max(fixedSum, 1)));
  const each = (total - fixedSum) / textCount;
  return columns.map((c) => fixed(c) || each);
}

/** "1234567.50" -> "1,234,567.50": thousands grouped on paper, in the text (never through a float). */
export function grouped(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}
