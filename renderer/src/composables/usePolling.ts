import { onBeforeUnmount, onMounted } from 'vue';
import { useSessionStore } from '../stores/useSessionStore';

/**
 * Calls `load` when the screen opens and again every `everyMs` while it stays open (what the core does in the
 * background: an upload, a branch's bundles arriving). Not while the screen is locked: the core would refuse, and the
 * lock screen is what the user sees. Each call starts after the last one ended.
 */
export function usePolling(load: () => Promise<void>, everyMs: number): void {
  const session = useSessionStore();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  async function tick(): Promise<void> {
    if (!session.locked) await load();
    if (!stopped) timer = setTimeout(() => void tick(), everyMs);
  }
  onMounted(() => void tick());
  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(timer);
  });
}
