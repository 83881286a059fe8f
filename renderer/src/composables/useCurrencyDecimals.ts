import { computed, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { formatAmount } from '../format';
import { intlLocale, type AppLocale } from '../i18n';

/**
 * A currency's decimal places on a set-up screen: the currency's usual decimals (0 for UGX or XOF, 2 for KES, 3 for
 * JOD) are suggested as its code is typed, until the user picks; the options show an amount written with each.
 */
export function useCurrencyDecimals(code: Ref<string>) {
  const { t, locale } = useI18n();
  const decimalPlaces = ref<string | null>('2');
  let touched = false;

  watch(code, (typed) => {
    const upper = typed.trim().toUpperCase();
    if (touched || !/^[A-Z]{3}$/.test(upper)) return;
    try {
      const digits = new Intl.NumberFormat('en', { style: 'currency', currency: upper }).resolvedOptions().maximumFractionDigits;
      if (digits !== undefined) decimalPlaces.value = String(digits);
    } catch {
      // Not a code Intl knows: leave the choice to the user.
    }
  });

  /** The user picked: no more suggestions. */
  function choose(value: string | null): void {
    touched = true;
    decimalPlaces.value = value;
  }

  const options = computed(() =>
    [0, 1, 2, 3, 4].map((d) => ({
      value: String(d),
      label: t('setup.decimalsOption', {
        count: d,
        example: formatAmount('1500', { code: 'XXX', decimalPlaces: d }, intlLocale(locale.value as AppLocale)),
      }),
    })),
  );

  /** The choice as the contract takes it (NaN when none: the schema says so beside the field). */
  const asNumber = computed(() => (decimalPlaces.value === null ? Number.NaN : Number(decimalPlaces.value)));

  return { decimalPlaces, options, choose, asNumber };
}
