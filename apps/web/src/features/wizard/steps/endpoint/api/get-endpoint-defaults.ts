import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export function getEndpointDefaults(id: string) {
  return api.GET('endpointDefaults', { params: { id } });
}

export const endpointDefaultsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['setup', id, 'endpoint-defaults'],
    queryFn: () => getEndpointDefaults(id),
    meta: { inlineError: true },
  });

export function useEndpointDefaults(id: string) {
  return useQuery(endpointDefaultsQueryOptions(id));
}
