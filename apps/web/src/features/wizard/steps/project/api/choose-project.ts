import type { ChooseProjectRequest, SetupState } from '@hw/wizard-api';

import { api } from '../../../../../lib/api-client.ts';
import { useSetupMutation } from '../../../api/use-setup-mutation.ts';

export function chooseProject(id: string, input: ChooseProjectRequest): Promise<SetupState> {
  return api.PUT('project', { params: { id }, body: input });
}

export function useChooseProject(id: string) {
  return useSetupMutation(id, (input: ChooseProjectRequest) => chooseProject(id, input));
}
