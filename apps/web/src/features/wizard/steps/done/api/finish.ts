import type { CleanupResult } from '@hw/wizard-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';
import { sessionQueryOptions } from '../../../api/get-session.ts';
import { setupQueryOptions } from '../../../api/get-setup.ts';

/** `keepProject` unset: the server's default (keep a project that holds repositories). */
export type CleanupRequest = { dryRun: boolean; keepProject?: boolean | undefined };

export function cleanup(id: string, body: CleanupRequest): Promise<CleanupResult> {
  return api.POST('cleanup', { params: { id }, body });
}

export function useCleanup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CleanupRequest) => cleanup(id, body),
    meta: { inlineError: true },
    onSuccess: (_result, body) => {
      if (body.dryRun) return;
      // A run changes the setup's status and records each object's state: the page and the setups list show it.
      void queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: setupQueryOptions(id).queryKey });
    },
  });
}
