import type { SetupState } from '@hw/wizard-api';

import { api } from '../../../../../lib/api-client.ts';
import { useSetupMutation } from '../../../api/use-setup-mutation.ts';

/** Creates the policy from the saved draft, or updates it; the server makes a retry safe. */
export function createRule(id: string): Promise<SetupState> {
  return api.PUT('rule', { params: { id } });
}

export function useCreateRule(id: string) {
  return useSetupMutation(id, () => createRule(id));
}
