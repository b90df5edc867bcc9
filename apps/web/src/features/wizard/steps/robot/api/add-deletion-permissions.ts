import type { SetupState } from '@hw/wizard-api';

import { api } from '../../../../../lib/api-client.ts';
import { useSetupMutation } from '../../../api/use-setup-mutation.ts';

/** Harbor's robot update: the permissions change, the secret (and the endpoint using it) stays. */
export function addDeletionPermissions(id: string): Promise<SetupState> {
  return api.PUT('robotPermissions', { params: { id }, body: { deletion: true } });
}

export function useAddDeletionPermissions(id: string) {
  return useSetupMutation(id, () => addDeletionPermissions(id));
}
