import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';
import { setupQueryOptions } from '../../../api/get-setup.ts';

export function runConnectionTest(id: string) {
  return api.POST('connectionTest', { params: { id } });
}

export function useConnectionTest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => runConnectionTest(id),
    meta: { inlineError: true },
    // The server stores the result in the setup (and completes the step when it passed).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: setupQueryOptions(id).queryKey }),
  });
}
