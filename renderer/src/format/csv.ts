/**
 * CSV text for reports (trial balance, account statement, journal): every field quoted, quotes doubled, CRLF line
 * ends (RFC 4180), amounts as the plain decimal strings the core sends ("1500.00", never "1,500.00"), so a
 * spreadsheet in any language reads them as numbers. A text that a spreadsheet would run as a formula (=, +, @)
 * gets a leading apostrophe; negative amounts ("-12.50") stay as they are.
 */
export type CsvCell = string | number | boolean | null | undefined;

const NUMBER = /^-?\d+(\.\d+)?$/;

export function csvField(value: CsvCell): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+@\t\r-]/.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
