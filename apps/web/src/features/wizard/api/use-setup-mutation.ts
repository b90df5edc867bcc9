// Every step action answers with the whole setup state: keep the cached copy equal to the server's.
import type { SetupState } from '@hw/wizard-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { setupQueryOptions } from './get-setup.ts';

export function useSetupMutation<TInput>(id: string, mutationFn: (input: TInput) => Promise<SetupState>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta: { inlineError: true },
    onSuccess: (state) => queryClient.setQueryData(setupQueryOptions(id).queryKey, state),
  });
}
