import type { RuleDraftInput, SetupState } from '@hw/wizard-api';

import { api } from '../../../../../lib/api-client.ts';
import { useSetupMutation } from '../../../api/use-setup-mutation.ts';

export function saveRuleDraft(id: string, draft: RuleDraftInput): Promise<SetupState> {
  return api.PUT('ruleDraft', { params: { id }, body: draft });
}

export function useSaveRuleDraft(id: string) {
  return useSetupMutation(id, (draft: RuleDraftInput) => saveRuleDraft(id, draft));
}
