import { computed, reactive, ref } from 'vue';
import { isApiError, type ApiError } from '../api/client';
import { errorText, fieldErrorText, isTillShort } from './errorText';
import { i18n } from '../i18n';

interface StoredFieldError {
  code: string;
  message: string;
  /** the core's facts for a precise message (a range's bounds) */
  params?: Record<string, string | number> | undefined;
}

/**
 * Field errors for one form. The core names fields by dotted path ("office.code", "identifiers.0.documentKey");
 * the form shows each beside its field via `of(path)`. Anything the form has no field for goes to the general
 * banner. Texts are produced at render time so that switching language re-translates them.
 */
export function useFormErrors(options: { known?: (path: string) => boolean } = {}) {
  const fields = reactive(new Map<string, StoredFieldError>());
  const generalError = ref<ApiError | Error | null>(null);
  const generalKey = ref<string | null>(null);
  const unmapped = ref<StoredFieldError[]>([]);

  function clear(): void {
    fields.clear();
    generalError.value = null;
    generalKey.value = null;
    unmapped.value = [];
  }

  function clearField(path: string): void {
    fields.delete(path);
  }

  /** A problem found in the renderer itself (e.g. "required", "mismatch"). */
  function set(path: string, code: string): void {
    fields.set(path, { code, message: '' });
  }

  /** Spreads an error over the form. Returns the list of field paths that received an error. */
  function apply(error: unknown): string[] {
    clear();
    if (!isApiError(error)) {
      generalError.value = error instanceof Error ? error : new Error(String(error));
      return [];
    }
    // a till that cannot cover a payout is one message, not the same again on the field (issue 19 point 6)
    if (isTillShort(error)) {
      generalError.value = error;
      return [];
    }
    const placed: string[] = [];
    for (const f of error.fields) {
      const known = options.known ? options.known(f.field) : true;
      if (known) {
        if (!fields.has(f.field)) fields.set(f.field, { code: f.code, message: f.message, params: f.params });
        placed.push(f.field);
      } else {
        unmapped.value.push({ code: f.code, message: f.message, params: f.params });
      }
    }
    if (error.code === 'VALIDATION_FAILED' && placed.length > 0 && unmapped.value.length === 0) {
      generalKey.value = 'form.fixFields';
    } else {
      generalError.value = error;
    }
    return placed;
  }

  /** Field errors found before sending (validateInput); they are all expected to have a field on the form. */
  function applyFields(list: { field: string; code: string; message: string }[]): void {
    clear();
    for (const f of list) if (!fields.has(f.field)) fields.set(f.field, { code: f.code, message: f.message });
    if (list.length > 0) generalKey.value = 'form.fixFields';
  }

  function of(path: string): string | undefined {
    const f = fields.get(path);
    return f ? fieldErrorText(f) : undefined;
  }

  const hasErrors = computed(() => fields.size > 0 || generalError.value !== null || generalKey.value !== null);

  /** The banner text, or null. */
  const general = computed<string | null>(() => {
    if (generalKey.value) return i18n.global.t(generalKey.value);
    if (!generalError.value) return null;
    const base = errorText(generalError.value);
    if (unmapped.value.length === 0) return base;
    return [base, ...unmapped.value.map((u) => fieldErrorText(u))].join(' ');
  });

  function firstPath(): string | undefined {
    return fields.keys().next().value;
  }

  return { fields, of, set, apply, applyFields, clear, clearField, general, hasErrors, firstPath };
}

export type FormErrors = ReturnType<typeof useFormErrors>;
