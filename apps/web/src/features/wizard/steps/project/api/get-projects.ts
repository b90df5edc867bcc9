import type { HarborSide } from '@hw/wizard-api';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export function getProjects(id: string, side: HarborSide, q: string) {
  return api.GET('projects', { params: { id }, query: { side, q, page: 1, pageSize: 20 } });
}

export const projectsQueryOptions = (id: string, side: HarborSide, q: string) =>
  queryOptions({ queryKey: ['setup', id, 'projects', side, q], queryFn: () => getProjects(id, side, q) });

export function useProjects(id: string, side: HarborSide, q: string) {
  return useQuery({ ...projectsQueryOptions(id, side, q), placeholderData: keepPreviousData });
}
