import type { SetupState } from '@hw/wizard-api';

import { api } from '../../../../../lib/api-client.ts';
import { useSetupMutation } from '../../../api/use-setup-mutation.ts';

export function confirmHandOff(id: string): Promise<SetupState> {
  return api.POST('robotHandOff', { params: { id }, body: { stored: true } });
}

export function useConfirmHandOff(id: string) {
  return useSetupMutation(id, () => confirmHandOff(id));
}
