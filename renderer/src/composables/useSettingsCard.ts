import { computed, onMounted, ref } from 'vue';
import { call, isApiError } from '../api/client';
import type { Settings } from '../../../shared/contract';
import { useToastStore } from '../stores/useToastStore';
import { useFormErrors } from './useFormErrors';

/**
 * A card of the settings screen: the branch's settings are read once (settings.get) and shown in the card's fields
 * (`show`); `save` sends a settings command, shows what the core kept, says so in a toast, or spreads its errors
 * over the card's `fields`. `banner`: what the card's banner says, unless every problem already stands beside its
 * field (a refusal naming the setting says why there, better than the error's general words).
 */
export function useSettingsCard(options: { fields: readonly string[]; show: (settings: Settings) => void }) {
  const toast = useToastStore();
  const errors = useFormErrors({ known: (path) => options.fields.includes(path) });
  const loading = ref(true);
  const loadError = ref<unknown>(null);
  const saving = ref(false);
  const fieldsSayItAll = ref(false);
  const banner = computed(() => (fieldsSayItAll.value ? null : errors.general.value));

  onMounted(async () => {
    try {
      options.show(await call('settings.get', {}));
    } catch (e) {
      loadError.value = e;
    } finally {
      loading.value = false;
    }
  });

  async function save(send: () => Promise<Settings>, savedText: string): Promise<void> {
    errors.clear();
    fieldsSayItAll.value = false;
    saving.value = true;
    try {
      options.show(await send());
      toast.success(savedText);
    } catch (e) {
      const placed = errors.apply(e);
      fieldsSayItAll.value = isApiError(e) && placed.length > 0 && placed.length === e.fields.length;
    } finally {
      saving.value = false;
    }
  }

  return { errors, banner, loading, loadError, saving, save };
}
