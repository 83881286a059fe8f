import type { ColumnDef, RowData } from '@tanstack/vue-table';

declare module '@tanstack/vue-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-aligned (inline-end) tabular figures: amounts, counts. */
    numeric?: boolean;
    /** An account or receipt number, in the monospaced font. */
    mono?: boolean;
    /** Text that may take several lines (a name, a description) rather than be cut with an ellipsis. */
    wrap?: boolean;
    /** The cells' test id (`cell-<column id>` by default). */
    testid?: string;
  }
}

/**
 * One column of UiDataTable. TanStack's own advice for an array of columns whose values differ in type is
 * `ColumnDef<T, any>`; `unknown` does not work there (cell functions are contravariant in the value type).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TableColumn<T> = ColumnDef<T, any>;
