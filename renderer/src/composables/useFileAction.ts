import { computed, ref } from 'vue';
import { isApiError } from '../api/client';
import { readFileText } from './download';
import { errorText, fieldErrorText } from './errorText';

/**
 * A file the user chooses, read as text and handed to `run` (an operation that takes a file's contents: a pairing
 * file, head office's confirmation). `busy` while it works; `errorText` says why it was refused: the reason the core
 * gave for `field` (the file itself) when it gave one, else the error's general words.
 */
export function useFileAction(field: string, run: (text: string) => Promise<void>) {
  const busy = ref(false);
  const error = ref<unknown>(null);

  async function choose(files: File[]): Promise<void> {
    const file = files[0];
    if (!file) return;
    busy.value = true;
    error.value = null;
    try {
      await run(await readFileText(file));
    } catch (e) {
      error.value = e;
    } finally {
      busy.value = false;
    }
  }

  const text = computed(() => {
    const e = error.value;
    const reason = isApiError(e) ? e.fields.find((f) => f.field === field) : undefined;
    return reason ? fieldErrorText(reason) : errorText(e);
  });

  return { busy, error, errorText: text, choose };
}
