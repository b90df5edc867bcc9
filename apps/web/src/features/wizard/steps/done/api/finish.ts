import type { CleanupResult, SetupState } from '@hw/wizard-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';
import { sessionQueryOptions } from '../../../api/get-session.ts';
import { useSetupMutation } from '../../../api/use-setup-mutation.ts';

/** Marks the setup completed; the server erases its secrets. */
export function completeSetup(id: string): Promise<SetupState> {
  return api.POST('complete', { params: { id } });
}

export function useCompleteSetup(id: string) {
  return useSetupMutation(id, () => completeSetup(id));
}

export function cleanup(id: string, dryRun: boolean): Promise<CleanupResult> {
  return api.POST('cleanup', { params: { id }, body: { dryRun } });
}

export function useCleanup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dryRun: boolean) => cleanup(id, dryRun),
    meta: { inlineError: true },
    onSuccess: (_result, dryRun) => {
      if (!dryRun) void queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
    },
  });
}
