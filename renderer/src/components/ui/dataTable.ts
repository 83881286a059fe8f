import type { RowData } from '@tanstack/vue-table';

declare module '@tanstack/vue-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-aligned (inline-end) tabular figures: amounts, counts. */
    numeric?: boolean;
  }
}

export {};
