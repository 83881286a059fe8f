import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { formatAmount, formatBytes, formatDate, formatDecimal, formatInstant, formatMoney, type DateStyle } from '../format';
import { intlLocale, type AppLocale } from '../i18n';
import { useSessionStore } from '../stores/useSessionStore';

/** Locale-aware formatters for templates; they follow the language switch and the branch's currency. */
export function useFormat() {
  const { locale } = useI18n();
  const session = useSessionStore();
  const intl = computed(() => intlLocale(locale.value as AppLocale));
  const currency = computed(() => session.session?.currency ?? { code: 'XXX', decimalPlaces: 2, inMultiplesOf: 0 });

  return {
    intl,
    currency,
    date: (iso: string | null | undefined, style: DateStyle = 'medium') => formatDate(iso, intl.value, style),
    instant: (iso: string | null | undefined) => formatInstant(iso, intl.value),
    amount: (text: string | null | undefined) => formatAmount(text, currency.value, intl.value),
    money: (text: string | null | undefined) => formatMoney(text, currency.value, intl.value),
    /** A decimal as written in the language ("12.50" reads "12,50" in French). */
    decimal: (text: string) => formatDecimal(text, intl.value),
    bytes: (n: number) => formatBytes(n, intl.value),
  };
}
