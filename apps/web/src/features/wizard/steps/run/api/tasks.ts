import { LIVE_TASKS_PAGE_SIZE } from '@hw/wizard-api';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';
import { polling } from './polling.ts';

/** The live stream sends the first page of this size, so the table's first page needs no request. */
export const TASKS_PAGE_SIZE = LIVE_TASKS_PAGE_SIZE;

export const tasksQueryOptions = (id: string, executionId: number, page: number) =>
  queryOptions({
    queryKey: ['setup', id, 'executions', 'tasks', executionId, page],
    queryFn: () =>
      api.GET('tasks', { params: { id, executionId }, query: { page, pageSize: TASKS_PAGE_SIZE } }),
  });

/**
 * Polls while the execution runs, unless it is followed live (then the stream's `tasks` events
 * refresh it); `running` comes from the execution, the source of truth.
 */
export function useTasks(id: string, executionId: number, page: number, running: boolean) {
  return useQuery({
    ...tasksQueryOptions(id, executionId, page),
    placeholderData: keepPreviousData,
    refetchInterval: running ? polling.intervalMs : false,
  });
}

export function useTaskLog(id: string, executionId: number, taskId: number, running: boolean) {
  return useQuery({
    queryKey: ['setup', id, 'executions', 'log', executionId, taskId],
    queryFn: () => api.GET('taskLog', { params: { id, executionId, taskId } }),
    refetchInterval: running ? polling.intervalMs : false,
    meta: { inlineError: true },
  });
}
