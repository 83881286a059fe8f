import { ref, type WatchSource } from 'vue';
import type { ScheduleOutput } from '../../../shared/contract';
import { useDebouncedWatch } from './useDebouncedWatch';

/**
 * An application's schedule preview that follows the form (debounced): `ask` gives the call to make, or null when
 * the form cannot be previewed yet (no product). Only the latest answer is shown; a refusal is kept for the screen.
 */
export function useSchedulePreview<T>(source: WatchSource<T>, ask: () => (() => Promise<ScheduleOutput>) | null) {
  const preview = ref<ScheduleOutput | null>(null);
  const previewError = ref<unknown>(null);
  const previewing = ref(false);
  useDebouncedWatch(
    source,
    async (_v, isStale) => {
      const request = ask();
      if (!request) {
        preview.value = null;
        return;
      }
      previewing.value = true;
      try {
        const result = await request();
        if (isStale()) return;
        preview.value = result;
        previewError.value = null;
      } catch (e) {
        if (!isStale()) {
          preview.value = null;
          previewError.value = e;
        }
      } finally {
        if (!isStale()) previewing.value = false;
      }
    },
    300,
  );
  return { preview, previewError, previewing };
}
