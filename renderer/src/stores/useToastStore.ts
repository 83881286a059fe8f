import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ToastKind = 'success' | 'error' | 'warning' | 'info';

export interface ToastMessage {
  id: number;
  kind: ToastKind;
  title: string;
  description?: string;
  open: boolean;
}

/** Short-lived messages ("Client saved") shown by components/ui/UiToastHost.vue. Texts are already translated. */
export const useToastStore = defineStore('toast', () => {
  const toasts = ref<ToastMessage[]>([]);
  let next = 1;

  function show(kind: ToastKind, title: string, description?: string): number {
    const id = next++;
    const message: ToastMessage = { id, kind, title, open: true };
    if (description !== undefined) message.description = description;
    toasts.value = [...toasts.value.slice(-3), message];
    return id;
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  /** Forgets every message (a new user signs in: the previous user's messages are not theirs). */
  function clear(): void {
    toasts.value = [];
  }

  return {
    toasts,
    show,
    dismiss,
    clear,
    success: (title: string, description?: string) => show('success', title, description),
    error: (title: string, description?: string) => show('error', title, description),
    warning: (title: string, description?: string) => show('warning', title, description),
    info: (title: string, description?: string) => show('info', title, description),
  };
});
