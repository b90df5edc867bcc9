import { apiPaths, createEndpointRequestSchema, setupStateSchema } from '@hw/wizard-api';
import type { SetupState } from '@hw/wizard-api';
import type { z } from 'zod';

import { api } from '../../../../../lib/api-client.ts';
import { useSetupMutation } from '../../../api/use-setup-mutation.ts';

export type SaveEndpointInput = z.input<typeof createEndpointRequestSchema>;

export function saveEndpoint(id: string, input: SaveEndpointInput): Promise<SetupState> {
  return api.put(apiPaths.endpoint(id), setupStateSchema, createEndpointRequestSchema.parse(input));
}

export function useSaveEndpoint(id: string) {
  return useSetupMutation(id, (input: SaveEndpointInput) => saveEndpoint(id, input));
}
