import { onBeforeUnmount, watch, type WatchSource } from 'vue';

/**
 * Runs `effect` once the watched source has stopped changing for `delay` ms (typing in a search box).
 * Only the latest run's result matters: `effect` receives an `isStale` check for answers that arrive late.
 */
export function useDebouncedWatch<T>(
  source: WatchSource<T>,
  effect: (value: T, isStale: () => boolean) => void | Promise<void>,
  delay = 250,
  options: { immediate?: boolean } = {},
): { flush: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let pending: T | undefined;
  let hasPending = false;

  function run(value: T): void {
    const mine = ++generation;
    hasPending = false;
    void effect(value, () => mine !== generation);
  }

  const stop = watch(
    source,
    (value) => {
      pending = value;
      hasPending = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => run(value), delay);
    },
    { deep: true },
  );

  if (options.immediate) {
    const initial = typeof source === 'function' ? (source as () => T)() : (source as { value: T }).value;
    run(initial);
  }

  onBeforeUnmount(() => {
    stop();
    if (timer) clearTimeout(timer);
  });

  return {
    flush: () => {
      if (timer) clearTimeout(timer);
      if (hasPending) run(pending as T);
    },
  };
}
