// Executions of this setup's rule: list, one, start ("Replicate now"), stop. A running execution
// followed live (execution-events.ts) is not polled; others are, slowly, until Harbor reports a
// final status.
import type { Execution } from '@hw/wizard-api';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';
import { liveExecutions } from './live-executions.ts';
import { polling } from './polling.ts';

export const EXECUTIONS_PAGE_SIZE = 10;

export type ExecutionFilter = {
  status?: 'InProgress' | 'Succeed' | 'Failed' | 'Stopped';
  trigger?: 'manual' | 'scheduled' | 'event_based';
};

export const executionKeys = {
  all: (id: string) => ['setup', id, 'executions'] as const,
  list: (id: string, page: number, filter: ExecutionFilter) =>
    ['setup', id, 'executions', 'list', page, filter] as const,
  one: (id: string, executionId: number) => ['setup', id, 'executions', 'one', executionId] as const,
  recent: (id: string) => ['setup', id, 'executions', 'recent'] as const,
};

/** A list polls while it shows a running execution that no live stream keeps fresh. */
const listInterval =
  (id: string) =>
  (query: { state: { data?: { items: Execution[] } | undefined } }): number | false => {
    const running = query.state.data?.items.filter((e) => !e.final) ?? [];
    if (running.length === 0) return polling.idleIntervalMs;
    return running.every((e) => liveExecutions.has(id, e.id)) ? false : polling.intervalMs;
  };

/** How many executions the chart shows: enough to see a trend, one request (the API's page limit is 100). */
export const RECENT_EXECUTIONS = 50;

/** The newest executions whatever the table's page and filter; polled like the table while one runs. */
export function useRecentExecutions(id: string) {
  return useQuery({
    queryKey: executionKeys.recent(id),
    queryFn: () => api.GET('executions', { params: { id }, query: { page: 1, pageSize: RECENT_EXECUTIONS } }),
    placeholderData: keepPreviousData,
    refetchInterval: listInterval(id),
  });
}

export const executionsQueryOptions = (id: string, page: number, filter: ExecutionFilter = {}) =>
  queryOptions({
    queryKey: executionKeys.list(id, page, filter),
    queryFn: () =>
      api.GET('executions', { params: { id }, query: { page, pageSize: EXECUTIONS_PAGE_SIZE, ...filter } }),
  });

export function useExecutions(id: string, page: number, filter: ExecutionFilter = {}) {
  return useQuery({
    ...executionsQueryOptions(id, page, filter),
    placeholderData: keepPreviousData,
    refetchInterval: listInterval(id),
    refetchOnWindowFocus: true,
  });
}

export const executionQueryOptions = (id: string, executionId: number) =>
  queryOptions({
    queryKey: executionKeys.one(id, executionId),
    queryFn: () => api.GET('execution', { params: { id, executionId } }),
  });

export function useExecution(id: string, executionId: number | null) {
  return useQuery({
    ...executionQueryOptions(id, executionId ?? 0),
    enabled: executionId !== null,
    refetchInterval: (query) =>
      query.state.data && !query.state.data.final && !liveExecutions.has(id, query.state.data.id)
        ? polling.intervalMs
        : false,
  });
}

function useExecutionMutation(id: string, mutationFn: () => Promise<Execution>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta: { inlineError: true },
    onSuccess: async (execution) => {
      queryClient.setQueryData(executionKeys.one(id, execution.id), execution);
      await queryClient.invalidateQueries({ queryKey: executionKeys.all(id) });
    },
  });
}

export function useStartExecution(id: string) {
  return useExecutionMutation(id, () => api.POST('executions', { params: { id } }));
}

export function useStopExecution(id: string, executionId: number) {
  return useExecutionMutation(id, () => api.POST('stopExecution', { params: { id, executionId } }));
}
