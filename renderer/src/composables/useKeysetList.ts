import { ref, type Ref } from 'vue';

/**
 * A list read a page at a time, newest first, by keyset (`afterId`: the last id of the page before), as the core's
 * list operations page (savings.list, loans.list). `load()` starts the list again (a new filter); `loadMore()`
 * adds the next page. A page that answers an older list (the filter changed meanwhile) is dropped.
 */
export function useKeysetList<T extends { id: number }>(fetchPage: (afterId: number | undefined, limit: number) => Promise<T[]>, pageSize = 200) {
  const items = ref([]) as Ref<T[]>;
  const loading = ref(false);
  const loadingMore = ref(false);
  /** the last page came back full: there may be more after it */
  const hasMore = ref(false);
  const error = ref<unknown>(null);
  let generation = 0;

  async function read(more: boolean): Promise<void> {
    const last = items.value.at(-1);
    if (more && (!hasMore.value || loading.value || loadingMore.value || !last)) return;
    const mine = more ? generation : ++generation;
    (more ? loadingMore : loading).value = true;
    try {
      const page = await fetchPage(more ? last!.id : undefined, pageSize);
      if (mine !== generation) return;
      items.value = more ? [...items.value, ...page] : page;
      hasMore.value = page.length === pageSize;
      error.value = null;
    } catch (e) {
      if (mine === generation) error.value = e;
    } finally {
      if (more) loadingMore.value = false;
      else if (mine === generation) loading.value = false;
    }
  }

  return { items, loading, loadingMore, hasMore, error, load: () => read(false), loadMore: () => read(true) };
}
