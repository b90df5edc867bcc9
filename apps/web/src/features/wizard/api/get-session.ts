import type { Session } from '@hw/wizard-api';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, rememberCsrfToken } from '../../../lib/api-client.ts';

export async function getSession(): Promise<Session> {
  const session = await api.GET('session');
  rememberCsrfToken(session.csrfToken);
  return session;
}

export const sessionQueryOptions = () => queryOptions({ queryKey: ['session'], queryFn: getSession });

export function useSession() {
  return useQuery(sessionQueryOptions());
}
