import { projectNameSchema } from '@hw/wizard-api';
import type { HarborSide } from '@hw/wizard-api';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export function checkProject(id: string, side: HarborSide, name: string) {
  return api.GET('projectCheck', { params: { id }, query: { name, side } });
}

export const projectCheckQueryOptions = (id: string, side: HarborSide, name: string) =>
  queryOptions({
    queryKey: ['setup', id, 'project-check', side, name],
    queryFn: () => checkProject(id, side, name),
    staleTime: 5_000,
    meta: { inlineError: true },
  });

/** Whether the project exists; asked only for names Harbor would accept. */
export function useProjectCheck(id: string, side: HarborSide, name: string) {
  const valid = name !== '' && projectNameSchema.safeParse(name).success;
  return useQuery({ ...projectCheckQueryOptions(id, side, name), enabled: valid });
}
