/**
 * Report files (issue 18): an XLSX of 100,000 rows under 10 seconds (exceljs's streaming writer), beside the CSV of
 * the same rows and a PDF of 5,000 rows. The rows are made here (the shape of awaitingApproval: ten columns, text,
 * money, date, days), so the figure is the file's writing alone; the reports' own run times are in the big-branch
 * bench. `BENCH_ONLY=reportFiles npm run bench`, or `benchReportFiles(rows)` from another bench.
 */
import type { ReportResult, ReportRow } from '../../shared/contract/reports';
import { reportCsv } from '../../electron/core/services/reports/csv';
import { reportPdf } from '../../electron/core/services/reports/pdf';
import { reportXlsx } from '../../electron/core/services/reports/xlsx';
import type { Figure } from './support';

// (not support's ms: this bench loads the file writers alone, not the core)
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

export function syntheticReport(rows: number): ReportResult {
  const data: ReportRow[] = [];
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const principal = 500_000 + ((i * 7919) % 9_000_000);
    total += principal;
    data.push({
      accountNo: `00${String(100000 + i)}`,
      clientAccountNo: `C${String(200000 + i)}`,
      clientName: `Client ${i} Kamau`,
      productName: i % 2 ? 'Biashara' : 'Kilimo',
      currencyCode: 'KES',
      principal: (principal / 100).toFixed(2),
      submittedOn: `2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
      daysPendingApproval: i % 90,
      purpose: 'Stock',
      loanOfficer: `Officer ${i % 40}`,
    });
  }
  return {
    report: 'awaitingApproval',
    parameters: { asOf: '2026-12-03', loanOfficerId: null, productId: null },
    columns: [
      { key: 'accountNo', type: 'text' },
      { key: 'clientAccountNo', type: 'text' },
      { key: 'clientName', type: 'text' },
      { key: 'productName', type: 'text' },
      { key: 'currencyCode', type: 'text' },
      { key: 'principal', type: 'money', total: true },
      { key: 'submittedOn', type: 'date' },
      { key: 'daysPendingApproval', type: 'days' },
      { key: 'purpose', type: 'text' },
      { key: 'loanOfficer', type: 'text' },
    ],
    rows: data,
    totals: { principal: (total / 100).toFixed(2) },
    scopedToStaffId: null,
    organisation: 'Bench MFI',
    office: 'Bench branch',
    currencyCode: 'KES',
    generatedBy: 'manager',
    generatedAt: '2026-12-03T10:00:00.000Z',
  };
}

export async function benchReportFiles(rows = Number(process.env.BENCH_REPORT_ROWS ?? 100_000)): Promise<Figure[]> {
  const result = syntheticReport(rows);
  let start = process.hrtime.bigint();
  const xlsx = await reportXlsx(result, 2);
  xlsx.toString('base64');
  const xlsxMs = ms(start);
  start = process.hrtime.bigint();
  reportCsv(result).toString('base64');
  const csvMs = ms(start);
  const pdfRows = Math.min(rows, 5_000);
  start = process.hrtime.bigint();
  const pdf = await reportPdf({ ...result, rows: result.rows.slice(0, pdfRows) });
  const pdfMs = ms(start);
  const n = rows.toLocaleString('en');
  return [
    { name: `report XLSX of ${n} rows (${Math.round(xlsx.length / 1024).toLocaleString('en')} KiB)`, value: xlsxMs, unit: 'ms', goal: '< 10,000' },
    { name: `report CSV of ${n} rows`, value: csvMs, unit: 'ms' },
    { name: `report PDF of ${pdfRows.toLocaleString('en')} rows (${Math.round(pdf.length / 1024).toLocaleString('en')} KiB)`, value: pdfMs, unit: 'ms' },
  ];
}
