import type { createEndpointRequestSchema } from '@hw/wizard-api';
import type { SetupState } from '@hw/wizard-api';
import type { z } from 'zod';

import { api } from '../../../../../lib/api-client.ts';
import { useSetupMutation } from '../../../api/use-setup-mutation.ts';

export type SaveEndpointInput = z.input<typeof createEndpointRequestSchema>;

export function saveEndpoint(id: string, input: SaveEndpointInput): Promise<SetupState> {
  return api.PUT('endpoint', { params: { id }, body: input });
}

export function useSaveEndpoint(id: string) {
  return useSetupMutation(id, (input: SaveEndpointInput) => saveEndpoint(id, input));
}
