import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { api } from '../../../../../lib/api-client.ts';
import { setupQueryOptions } from '../../../api/get-setup.ts';

export const verificationQueryOptions = (id: string, executionId: number) =>
  queryOptions({
    queryKey: ['setup', id, 'verification', executionId],
    queryFn: () => api.GET('verification', { params: { id } }),
    meta: { inlineError: true },
  });

/** Checks the target once the execution succeeded; a passed check completes the step on the server. */
export function useVerification(id: string, executionId: number, enabled: boolean) {
  const queryClient = useQueryClient();
  const query = useQuery({ ...verificationQueryOptions(id, executionId), enabled });
  const ok = query.data?.ok;
  useEffect(() => {
    if (ok) void queryClient.invalidateQueries({ queryKey: setupQueryOptions(id).queryKey });
  }, [id, ok, queryClient]);
  return query;
}
