import { apiPaths, labelOptionSchema } from '@hw/wizard-api';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '../../../../../lib/api-client.ts';

const labelListSchema = z.object({ items: z.array(labelOptionSchema) });

export function getLabels(id: string) {
  return api.get(apiPaths.labels(id), labelListSchema);
}

export const labelsQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['setup', id, 'labels'], queryFn: () => getLabels(id), staleTime: 5 * 60_000 });

export function useLabels(id: string) {
  return useQuery(labelsQueryOptions(id));
}
