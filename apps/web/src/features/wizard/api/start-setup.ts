import type { ReplicationMode, SetupState } from '@hw/wizard-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../lib/api-client.ts';
import { goToStep } from './go-to-step.ts';
import { sessionQueryOptions } from './get-session.ts';
import { setupQueryOptions } from './get-setup.ts';

/** Creates the setup; step 0 is then done, so the server records the move to "connect target". */
export async function startSetup(mode: ReplicationMode): Promise<SetupState> {
  const state = await api.POST('setups', { body: { mode } });
  return state.step === 'start' ? goToStep(state.id, 'connect-target') : state;
}

export function useStartSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startSetup,
    meta: { inlineError: true },
    onSuccess: async (state) => {
      queryClient.setQueryData(setupQueryOptions(state.id).queryKey, state);
      await queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
    },
  });
}
