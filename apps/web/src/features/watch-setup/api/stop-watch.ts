// "Stop watching": the server stops polling and deletes the watch robots with the admin logins
// given (or, with `keepRobots`, forgets their secrets and lists them for the operator to delete).
import type { AdminLogins, stopWatchResultSchema } from '@hw/wizard-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';

import { blankPasswords } from '@/features/watch-setup/watch-login-form.ts';
import { api } from '@/lib/api-client.ts';

export type StopWatchInput = { logins: AdminLogins; keepRobots: boolean };
export type StopWatchResult = z.output<typeof stopWatchResultSchema>;

export function stopWatch(watchId: string, body: StopWatchInput): Promise<StopWatchResult> {
  return api.POST('watchStop', { params: { watchId }, body });
}

export function useStopWatch(watchId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StopWatchInput) => stopWatch(watchId, input),
    meta: { inlineError: true },
    onSettled: (_result, _error, input) => blankPasswords(input.logins),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['watches'] }),
  });
}
