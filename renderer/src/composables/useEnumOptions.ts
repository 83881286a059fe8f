import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';

export interface EnumOption {
  value: string;
  label: string;
}

/**
 * Select options for the values of a contract enum, in the contract's order: a z.enum's `options` (or the list it
 * is built from), or the names of a Fineract code map such as REPAYMENT_FREQUENCY_TYPES. Each value is labelled by
 * `<labels>.<value>` in the i18n files, so neither the values nor their words are written again in a view.
 */
export function useEnumOptions(labels: string, values: readonly string[] | Readonly<Record<string, number>>): ComputedRef<EnumOption[]> {
  const { t } = useI18n();
  const list: readonly string[] = Array.isArray(values) ? values : Object.keys(values);
  return computed(() => list.map((value) => ({ value, label: t(`${labels}.${value}`) })));
}
