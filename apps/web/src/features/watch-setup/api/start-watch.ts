// "Keep watching": the server creates the read-only watch robots and starts polling. It is
// idempotent per setup, so a retry after a failure never creates a second robot.
import type { AdminLogins, WatchSummary } from '@hw/wizard-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { blankPasswords } from '@/features/watch-setup/watch-login-form.ts';
import { api } from '@/lib/api-client.ts';

export type StartWatchInput = {
  /** Days until the watch robots expire, as the plan shown said (-1 = never). */
  durationDays?: number | undefined;
  /** Needed once the setup is completed; empty while the session still holds its passwords. */
  logins?: AdminLogins;
};

export function startWatch(setupId: string, input: StartWatchInput): Promise<WatchSummary> {
  return api.POST('watchStart', {
    params: { id: setupId },
    body: { durationDays: input.durationDays, logins: input.logins ?? {} },
  });
}

export function useStartWatch(setupId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StartWatchInput) => startWatch(setupId, input),
    meta: { inlineError: true },
    onSettled: (_result, _error, input) => blankPasswords(input.logins),
    // Every list of watches (this feature's and the Replications page's) now has one more row.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['watches'] }),
  });
}
