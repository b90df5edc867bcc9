import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export function getSampleRepositories(id: string) {
  return api.GET('sampleRepositories', { params: { id } });
}

export const sampleRepositoriesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['setup', id, 'sample-repositories'],
    queryFn: () => getSampleRepositories(id),
    staleTime: 5 * 60_000,
  });

export function useSampleRepositories(id: string) {
  return useQuery(sampleRepositoriesQueryOptions(id));
}
