import type { SetupState, StepId } from '@hw/wizard-api';

import { api } from '../../../lib/api-client.ts';

/** Records on the server where the operator is, so a reload or a restart resumes there. */
export function goToStep(id: string, step: StepId): Promise<SetupState> {
  return api.PUT('step', { params: { id }, body: { step } });
}
