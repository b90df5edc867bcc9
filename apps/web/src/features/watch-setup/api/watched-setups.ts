// Which setups are already watched, and by which watch (a watch outlives its setup, so the list of
// watches says so).
import type { WatchSummary } from '@hw/wizard-api';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client.ts';

export async function getWatchesBySetup(): Promise<ReadonlyMap<string, WatchSummary>> {
  const { items } = await api.GET('watches');
  return new Map(items.map((w) => [w.setupId, w]));
}

export const watchesBySetupQueryOptions = () =>
  queryOptions({
    queryKey: ['watches', 'by-setup'],
    queryFn: getWatchesBySetup,
    meta: { inlineError: true },
  });

export function useWatchesBySetup() {
  return useQuery(watchesBySetupQueryOptions());
}
