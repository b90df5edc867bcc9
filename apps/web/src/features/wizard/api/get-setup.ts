import type { SetupState } from '@hw/wizard-api';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api-client.ts';

export function getSetup(id: string): Promise<SetupState> {
  return api.GET('setup', { params: { id } });
}

export const setupQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['setup', id], queryFn: () => getSetup(id), meta: { inlineError: true } });

export function useSetup(id: string) {
  return useQuery(setupQueryOptions(id));
}
