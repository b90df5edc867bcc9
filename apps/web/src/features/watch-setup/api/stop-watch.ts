// "Stop watching": the server stops polling and deletes the watch robots with the admin logins
// given (or, with `keepRobots`, forgets their secrets and lists them for the operator to delete).
import type { AdminLogins, stopWatchResultSchema, WatchSummary } from '@hw/wizard-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';

import { watchKeys } from '@/features/replications/api/watches.ts';
import { watchesBySetupQueryOptions } from '@/features/watch-setup/api/watched-setups.ts';
import { blankPasswords } from '@/features/watch-setup/watch-login-form.ts';
import { api } from '@/lib/api-client.ts';

export type StopWatchInput = { logins: AdminLogins; keepRobots: boolean };
export type StopWatchResult = z.output<typeof stopWatchResultSchema>;

export function useStopWatch(watchId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StopWatchInput) => api.POST('watchStop', { params: { watchId }, body }),
    meta: { inlineError: true },
    onSettled: (_result, _error, input) => blankPasswords(input.logins),
    onSuccess: () => {
      // The watch is gone: no page asks for it again (a detail page open on it is being left).
      queryClient.setQueryData<WatchSummary[]>(watchKeys.list(), (items) =>
        items?.filter((w) => w.id !== watchId),
      );
      queryClient.removeQueries({ queryKey: watchKeys.one(watchId) });
      queryClient.removeQueries({ queryKey: watchKeys.executions(watchId) });
      void queryClient.invalidateQueries({ queryKey: watchesBySetupQueryOptions().queryKey });
    },
  });
}
