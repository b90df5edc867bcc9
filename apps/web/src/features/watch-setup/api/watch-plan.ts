// What "Keep watching" would create on each Harbor, asked before anything is created.
import type { WatchPlan } from '@hw/wizard-api';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client.ts';

export function getWatchPlan(setupId: string): Promise<WatchPlan> {
  return api.GET('watchPlan', { params: { id: setupId } });
}

export const watchPlanQueryOptions = (setupId: string) =>
  queryOptions({
    queryKey: ['watch-plan', setupId],
    queryFn: () => getWatchPlan(setupId),
    meta: { inlineError: true },
  });

export function useWatchPlan(setupId: string, enabled = true) {
  return useQuery({ ...watchPlanQueryOptions(setupId), enabled });
}
