// The repair flows of a watch (apps/server/src/repair): a plan first, then admin logins, then
// advances until done, waiting on a choice, or failed. Every answer is the whole flow, so the page
// always shows what the server holds (a reload reads it again and goes on).
import type { AdminLogins, RepairFlow, RepairOptionsInput } from '@hw/wizard-api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { blankPasswords } from '@/features/watch-setup/watch-login-form.ts';
import { api } from '@/lib/api-client.ts';

export const repairKeys = {
  all: ['repairs'] as const,
  one: (repairId: string) => ['repairs', 'one', repairId] as const,
  ofWatch: (watchId: string) => ['repairs', 'watch', watchId] as const,
};

export function useRepair(repairId: string) {
  return useQuery({
    queryKey: repairKeys.one(repairId),
    queryFn: () => api.GET('repair', { params: { repairId } }),
    // Another tab's advance is at work: follow it until it answers, then this page may go on.
    refetchInterval: (query) => (query.state.data?.active ? 2_000 : false),
  });
}

/** A watch's flows, newest first: the detail page links back to one left unfinished. */
export function useWatchRepairs(watchId: string) {
  return useQuery({
    queryKey: repairKeys.ofWatch(watchId),
    queryFn: async () => (await api.GET('repairs', { params: { watchId } })).items,
  });
}

export function useStartRepair(watchId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (options: RepairOptionsInput) =>
      api.POST('repairs', { params: { watchId }, body: { options } }),
    meta: { inlineError: true },
    onSuccess: (flow) => {
      queryClient.setQueryData(repairKeys.one(flow.id), flow);
      void queryClient.invalidateQueries({ queryKey: repairKeys.ofWatch(watchId) });
    },
  });
}

function useFlowMutation<V>(repairId: string, call: (vars: V) => Promise<RepairFlow>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    meta: { inlineError: true },
    onSuccess: (flow) => queryClient.setQueryData(repairKeys.one(repairId), flow),
  });
}

export function useRepairLogins(repairId: string) {
  return useFlowMutation(repairId, async (logins: AdminLogins) => {
    try {
      return await api.POST('repairLogins', { params: { repairId }, body: { logins } });
    } finally {
      // React-query keeps a mutation's variables: nothing typed may stay there.
      blankPasswords(logins);
    }
  });
}

export type AdvanceInput = { choice?: NonNullable<RepairFlow['choice']>['options'][number]['value'] };

export function useAdvanceRepair(repairId: string) {
  return useFlowMutation(repairId, ({ choice }: AdvanceInput) =>
    api.POST('repairAdvance', { params: { repairId }, body: choice ? { choice } : {} }),
  );
}

export function useCancelRepair(repairId: string) {
  return useFlowMutation(repairId, () => api.POST('repairCancel', { params: { repairId } }));
}

/** The new robot file, served once by the server (a second download answers 410). */
export function fetchRepairExport(repairId: string): Promise<string> {
  return api.GET('repairExport', { params: { repairId } });
}
