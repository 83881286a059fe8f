import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call } from '../api/client';
import type { TillPosition } from '../../../shared/contract';
import { atLeastPercentOf } from '../format/cash';
import { useSessionStore } from './useSessionStore';

/** How full a till may get, in % of its cash limit, before the cash position turns to the warning colour. */
export const NEAR_LIMIT_PERCENT = 90;

/**
 * The signed-in user's till (`tills.current`), for users who handle cash (`tills.operate`): the header's cash
 * position and the till screen read it; every cash command refreshes it. `blind` hides the amounts while the
 * teller counts the till for closing, so that the count is not steered by the expected figure; a teller whose close
 * is blind for the branch (`position.figuresHidden`) has no amount at all while the till is open, only the share of
 * the cash limit.
 */
export const useTillStore = defineStore('till', () => {
  const session = useSessionStore();
  const position = ref<TillPosition | null>(null);
  const loadError = ref<unknown>(null);
  const blind = ref(false);

  const enabled = computed(() => session.canCall('tills.current'));
  const nearLimit = computed(() => {
    const p = position.value;
    if (!p?.cashLimit) return false;
    // a blind teller has the share of the limit only (whole percent), never the amount
    if (p.balance === null) return p.shareOfLimit !== null && atLeastPercentOf(p.shareOfLimit, '100', NEAR_LIMIT_PERCENT);
    return atLeastPercentOf(p.balance, p.cashLimit, NEAR_LIMIT_PERCENT);
  });

  let latest = 0;
  async function refresh(): Promise<TillPosition | null> {
    const ticket = ++latest;
    if (!enabled.value) {
      position.value = null;
      return null;
    }
    try {
      const p = await call('tills.current', {});
      if (ticket === latest) {
        position.value = p;
        loadError.value = null;
      }
      return p;
    } catch (e) {
      if (ticket === latest) loadError.value = e;
      return null;
    }
  }

  function clear(): void {
    latest++;
    position.value = null;
    loadError.value = null;
    blind.value = false;
  }

  return { position, loadError, blind, enabled, nearLimit, refresh, clear };
});
