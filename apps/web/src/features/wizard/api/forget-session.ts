import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, forgetCsrfToken } from '../../../lib/api-client.ts';
import { sessionQueryOptions } from './get-session.ts';

/** "Forget me": the server purges this session's secrets and setups' secrets. */
export function forgetSession(): Promise<void> {
  return api.DELETE('session');
}

export function useForgetSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: forgetSession,
    meta: { inlineError: true },
    onSuccess: async () => {
      forgetCsrfToken();
      queryClient.removeQueries({ queryKey: ['setup'] });
      await queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
    },
  });
}
