import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export function getLabels(id: string) {
  return api.GET('labels', { params: { id } });
}

export const labelsQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['setup', id, 'labels'], queryFn: () => getLabels(id), staleTime: 5 * 60_000 });

export function useLabels(id: string) {
  return useQuery(labelsQueryOptions(id));
}
