// Finishing a setup (the server erases its secrets): from the Done step, or from the Run step
// without a run ("Finish without running now").
import type { SetupState } from '@hw/wizard-api';

import { api } from '../../../lib/api-client.ts';
import { useSetupMutation } from './use-setup-mutation.ts';

export function completeSetup(id: string, withoutRun: boolean): Promise<SetupState> {
  return api.POST('complete', { params: { id }, body: { withoutRun } });
}

export function useCompleteSetup(id: string) {
  return useSetupMutation(id, (withoutRun: boolean) => completeSetup(id, withoutRun));
}
