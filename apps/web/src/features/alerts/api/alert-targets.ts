// Webhook targets for alerts: list, add, delete, and a test alert through one of them.
import type { Alert, AlertTarget } from '@hw/wizard-api';
import type { alertTargetRequestSchema } from '@hw/wizard-api';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';

import { api } from '@/lib/api-client.ts';

import { alertHistoryQueryKey } from './alert-history.ts';

const targetsKey = ['alert-targets'] as const;

export const alertTargetsQueryOptions = () =>
  queryOptions({
    queryKey: targetsKey,
    queryFn: async (): Promise<AlertTarget[]> => (await api.GET('alertTargets')).items,
    meta: { inlineError: true },
  });

export function useAlertTargets() {
  return useQuery(alertTargetsQueryOptions());
}

export type NewAlertTarget = z.output<typeof alertTargetRequestSchema>;

export function useAddAlertTarget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAlertTarget) => api.POST('alertTargets', { body }),
    meta: { inlineError: true },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: targetsKey }),
  });
}

export function useDeleteAlertTarget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (targetId: string) => api.DELETE('alertTarget', { params: { targetId } }),
    meta: { inlineError: true },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: targetsKey }),
  });
}

/** The server sends a test alert through the target and answers with its delivery outcome. */
export function useSendTestAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (targetId: string): Promise<Alert> => api.POST('alertTest', { params: { targetId } }),
    meta: { inlineError: true },
    // The history lists the test alert too, whatever its outcome.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: alertHistoryQueryKey }),
  });
}
