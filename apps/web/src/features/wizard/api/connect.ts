import type { ConnectRequest, HarborSide, SetupState } from '@hw/wizard-api';

import { api } from '../../../lib/api-client.ts';
import { useSetupMutation } from './use-setup-mutation.ts';

export type ConnectInput = { demo: true } | ConnectRequest;

export function connect(id: string, side: HarborSide, input: ConnectInput): Promise<SetupState> {
  return api.POST('connect', { params: { id, side }, body: input });
}

export function useConnect(id: string, side: HarborSide) {
  return useSetupMutation(id, (input: ConnectInput) => connect(id, side, input));
}
