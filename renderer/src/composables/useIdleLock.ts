import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Calls `onIdle` after `minutes` without keyboard, mouse or touch input. The core locks the session on its own
 * clock as well; this makes the lock visible at once instead of at the next call (ARCHITECTURE.md section 8).
 */
export function useIdleLock(minutes: Ref<number | null>, onIdle: () => void, active: Ref<boolean>): void {
  let lastActivity = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;

  const touch = () => {
    lastActivity = Date.now();
  };

  function check(): void {
    const limit = minutes.value;
    if (!active.value || !limit || limit <= 0) return;
    if (Date.now() - lastActivity >= limit * 60_000) {
      lastActivity = Date.now();
      onIdle();
    }
  }

  onMounted(() => {
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true, capture: true });
    timer = setInterval(check, 5_000);
  });

  watch(active, (isActive) => {
    if (isActive) touch();
  });

  onBeforeUnmount(() => {
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
    if (timer) clearInterval(timer);
  });
}
