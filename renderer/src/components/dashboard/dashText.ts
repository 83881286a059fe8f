import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useFormat } from '../../composables/useFormat';

/** The dashboards' ways of writing a figure: a percentage, an amount, a short date; a dash for nothing. */
export function useDashText() {
  const { t } = useI18n();
  const fmt = useFormat();
  return computed(() => ({
    percent: (v: string | null | undefined) => (v === null || v === undefined ? '—' : t('dashboard.percent', { value: fmt.decimal(v) })),
    money: (v: string | null | undefined) => (v === null || v === undefined ? '—' : fmt.money(v)),
    amount: (v: string) => fmt.amount(v),
    date: (d: string) => fmt.date(d),
    shortDate: (d: string) => fmt.date(d, 'short'),
    /** a decimal text as a number for a chart's scale only (never added up) */
    plot: (v: string | null) => (v === null ? null : Number(v)),
  }));
}
