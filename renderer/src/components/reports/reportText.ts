import { useI18n } from 'vue-i18n';
import type { ReportCell, ReportColumn, ReportName, ReportRow } from '../../../../shared/contract/reports';
import { useFormat } from '../../composables/useFormat';
import { useBookText } from '../../composables/useBookText';

/**
 * A report's words and cells on screen: names, descriptions, column headers and choices from `reports.*` in the
 * i18n files; a key not translated yet shows as itself (a new column of a report never breaks the screen).
 * Money and numbers are shown in the language's way, dates in words, percentages with their sign. What the books
 * wrote in English (an account's name, a journal description, a balance sheet's section) in the language, from the
 * text the row carries beside it (`nameText`, `descriptionText`: useBookText).
 */
export function useReportText() {
  const { t, te } = useI18n();
  const fmt = useFormat();
  const books = useBookText();
  const orKey = (path: string, key: string): string => (te(path) ? t(path) : key);
  return {
    name: (name: ReportName | string) => orKey(`reports.names.${name}`, name),
    description: (name: ReportName | string) => (te(`reports.descriptions.${name}`) ? t(`reports.descriptions.${name}`) : ''),
    column: (key: string) => orKey(`reports.columns.${key}`, key),
    parameter: (name: string) => orKey(`reports.parameters.${name}`, name),
    choice: (name: string, value: string) => orKey(`reports.choices.${name}.${value}`, value),
    category: (category: string) => orKey(`reports.categories.${category}`, category),
    cell(column: ReportColumn, value: ReportCell | undefined, row?: ReportRow): string {
      if (value === null || value === undefined || value === '') return '';
      if (row && column.key === 'name' && row.nameText) return books.cell(String(value), row.nameText);
      if (row && column.key === 'description' && row.descriptionText) return books.cell(String(value), row.descriptionText);
      if (column.key === 'section' && te(`books.report.section.${String(value)}`)) return t(`books.report.section.${String(value)}`);
      switch (column.type) {
        case 'money':
          return fmt.amount(String(value));
        case 'count':
        case 'days':
          return typeof value === 'number' ? new Intl.NumberFormat(fmt.intl.value).format(value) : String(value);
        case 'percent':
          return `${fmt.decimal(String(value))} %`;
        case 'date':
          return fmt.date(String(value));
        default:
          return String(value);
      }
    },
  };
}
