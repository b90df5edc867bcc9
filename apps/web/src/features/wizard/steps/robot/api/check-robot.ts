import { robotNameSchema } from '@hw/wizard-api';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export function checkRobot(id: string, name: string) {
  return api.GET('robotCheck', { params: { id }, query: { name } });
}

export const robotCheckQueryOptions = (id: string, name: string) =>
  queryOptions({
    queryKey: ['setup', id, 'robot-check', name],
    queryFn: () => checkRobot(id, name),
    staleTime: 5_000,
    meta: { inlineError: true },
  });

/** Live uniqueness, asked only for names Harbor would accept. */
export function useRobotCheck(id: string, name: string) {
  const valid = name !== '' && robotNameSchema.safeParse(name).success;
  return useQuery({ ...robotCheckQueryOptions(id, name), enabled: valid });
}
