// Which setups are already watched (a watch outlives its setup, so the list of watches says so).
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client.ts';

export async function getWatchedSetupIds(): Promise<ReadonlySet<string>> {
  const { items } = await api.GET('watches');
  return new Set(items.map((w) => w.setupId));
}

export const watchedSetupsQueryOptions = () =>
  queryOptions({
    queryKey: ['watches', 'setup-ids'],
    queryFn: getWatchedSetupIds,
    meta: { inlineError: true },
  });

export function useWatchedSetupIds() {
  return useQuery(watchedSetupsQueryOptions());
}
