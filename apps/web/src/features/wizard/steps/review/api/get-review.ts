import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export function getReview(id: string) {
  return api.GET('review', { params: { id } });
}

export const reviewQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['setup', id, 'review'],
    queryFn: () => getReview(id),
    staleTime: 0,
    meta: { inlineError: true },
  });

export function useReview(id: string) {
  return useQuery(reviewQueryOptions(id));
}
