// What the server has sent (or tried to send), newest first.
import type { Alert } from '@hw/wizard-api';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client.ts';

export const alertHistoryQueryKey = ['alerts'] as const;

export const alertHistoryQueryOptions = () =>
  queryOptions({
    queryKey: alertHistoryQueryKey,
    queryFn: async (): Promise<Alert[]> => (await api.GET('alerts', { query: { limit: 100 } })).items,
    meta: { inlineError: true },
  });

export function useAlertHistory() {
  return useQuery(alertHistoryQueryOptions());
}
