// The watched rules: the list (the Replications page), one watch (its detail page), and how a
// server-sent WatchEvent lands in the cache, so both pages show the same rows without refetching.
import type { WatchEvent, WatchSummary } from '@hw/wizard-api';
import type { QueryClient } from '@tanstack/react-query';
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client.ts';

export const watchKeys = {
  all: ['watches'] as const,
  list: () => ['watches', 'list'] as const,
  one: (watchId: string) => ['watches', 'one', watchId] as const,
  executions: (watchId: string) => ['watches', 'executions', watchId] as const,
};

/**
 * Asked afresh on every visit (a watch may have started on another page since); while a page shows
 * the list, the event stream keeps it current (see watch-events).
 */
export function useWatches() {
  return useQuery({
    queryKey: watchKeys.list(),
    queryFn: async () => (await api.GET('watches')).items,
    staleTime: 0,
  });
}

/** One watch; a row of the list already loaded shows at once. */
export function useWatch(watchId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: watchKeys.one(watchId),
    queryFn: () => api.GET('watch', { params: { watchId } }),
    initialData: () =>
      queryClient.getQueryData<WatchSummary[]>(watchKeys.list())?.find((w) => w.id === watchId),
    initialDataUpdatedAt: () => queryClient.getQueryState(watchKeys.list())?.dataUpdatedAt,
  });
}

function upsert(items: WatchSummary[], watch: WatchSummary): WatchSummary[] {
  const index = items.findIndex((w) => w.id === watch.id);
  if (index === -1) return [...items, watch];
  return items.map((w, i) => (i === index ? watch : w));
}

/** One event from `/api/watches/events` into the list and the detail caches. */
export function applyWatchEvent(queryClient: QueryClient, event: WatchEvent): void {
  if (event.type === 'removed') {
    queryClient.setQueryData<WatchSummary[]>(watchKeys.list(), (items) =>
      items?.filter((w) => w.id !== event.id),
    );
    // A detail page open on it asks again and learns that the watch is gone.
    void queryClient.invalidateQueries({ queryKey: watchKeys.one(event.id) });
    return;
  }
  const { watch } = event;
  const before =
    queryClient.getQueryData<WatchSummary>(watchKeys.one(watch.id)) ??
    queryClient.getQueryData<WatchSummary[]>(watchKeys.list())?.find((w) => w.id === watch.id);
  queryClient.setQueryData<WatchSummary[]>(watchKeys.list(), (items) =>
    items ? upsert(items, watch) : items,
  );
  queryClient.setQueryData(watchKeys.one(watch.id), watch);
  // The timeline pages change only when an execution did.
  const last = watch.lastExecution;
  const previous = before?.lastExecution;
  if (
    !previous ||
    !last ||
    previous.id !== last.id ||
    previous.status !== last.status ||
    previous.succeed + previous.failed + previous.stopped !== last.succeed + last.failed + last.stopped
  )
    void queryClient.invalidateQueries({ queryKey: watchKeys.executions(watch.id) });
}
