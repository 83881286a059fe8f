import { describe, expect, it } from 'vitest';
import { compareCells, isNumericColumn } from '../../../renderer/src/components/reports/reportCells';
import { REPORT_NAMES, type ReportColumn } from '../../../shared/contract/reports';
import en from '../../../renderer/src/i18n/en.json';
import fr from '../../../renderer/src/i18n/fr.json';

/** The report screens (issue 18): every report named and described in both languages; cells ordered by their type. */
describe('report screens', () => {
  it('names and describes every report, and every category, in English and French', () => {
    for (const messages of [en, fr]) {
      const reports = messages.reports as unknown as Record<string, Record<string, unknown>>;
      for (const name of REPORT_NAMES) {
        expect(reports['names']![name], name).toBeTruthy();
        expect(reports['descriptions']![name], name).toBeTruthy();
      }
      for (const category of ['portfolio', 'flows', 'clients', 'savings', 'accounting', 'cash']) expect(reports['categories']![category]).toBeTruthy();
    }
  });

  it('orders money and numbers by value, text by the language, empty cells last', () => {
    const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });
    const money: ReportColumn = { key: 'principal', type: 'money' };
    const text: ReportColumn = { key: 'clientName', type: 'text' };
    const sorted = (column: ReportColumn, values: (string | number | null)[]) => [...values].sort((a, b) => compareCells(column, a, b, collator));
    // as text "10000.00" would come before "9.50"
    expect(sorted(money, ['10000.00', null, '9.50', '-3.00', '125.25'])).toEqual(['-3.00', '9.50', '125.25', '10000.00', null]);
    expect(sorted({ key: 'daysInArrears', type: 'days' }, [35, 5, 100])).toEqual([5, 35, 100]);
    expect(sorted(text, ['Élodie', 'zawadi', '', 'Akinyi', 'Client 10', 'Client 9'])).toEqual(['Akinyi', 'Client 9', 'Client 10', 'Élodie', 'zawadi', '']);
    expect([money, text, { key: 'par30Ratio', type: 'percent' }, { key: 'submittedOn', type: 'date' }].map((c) => isNumericColumn(c as ReportColumn))).toEqual([true, false, true, false]);
  });
});
