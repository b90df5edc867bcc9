// "Stop watching": the server deletes the watch robots with the admin logins given here (used for
// this one request, never stored), or leaves them on Harbor when asked to.
import type { AdminLogins, WatchSummary } from '@hw/wizard-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client.ts';

import { watchKeys } from './watches.ts';

export type StopWatchInput = { logins: AdminLogins; keepRobots: boolean };

export function useStopWatch(watchId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ logins, keepRobots }: StopWatchInput) =>
      api.POST('watchStop', { params: { watchId }, body: { logins, keepRobots } }),
    meta: { inlineError: true },
    onSuccess: () => {
      queryClient.setQueryData<WatchSummary[]>(watchKeys.list(), (items) =>
        items?.filter((w) => w.id !== watchId),
      );
      queryClient.removeQueries({ queryKey: watchKeys.one(watchId) });
    },
  });
}
