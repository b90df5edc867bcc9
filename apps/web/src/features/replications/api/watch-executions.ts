// The execution timeline of one watch, from the server (Harbor's executions merged with its own
// archive of those Harbor has deleted). Refreshed when an event says the last execution moved.
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client.ts';

import { watchKeys } from './watches.ts';

export const WATCH_EXECUTIONS_PAGE_SIZE = 10;
export const WATCH_TASKS_PAGE_SIZE = 15;
/** Enough executions for a trend in the detail chart, in one request (the API's page limit is 100). */
export const WATCH_RECENT_EXECUTIONS = 50;

export function useWatchExecutions(watchId: string, page: number, pageSize = WATCH_EXECUTIONS_PAGE_SIZE) {
  return useQuery({
    queryKey: [...watchKeys.executions(watchId), 'list', page, pageSize],
    queryFn: () => api.GET('watchExecutions', { params: { watchId }, query: { page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useWatchTasks(watchId: string, executionId: number, page: number) {
  return useQuery({
    queryKey: [...watchKeys.executions(watchId), 'tasks', executionId, page],
    queryFn: () =>
      api.GET('watchTasks', {
        params: { watchId, executionId },
        query: { page, pageSize: WATCH_TASKS_PAGE_SIZE },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useWatchTaskLog(watchId: string, executionId: number, taskId: number) {
  return useQuery({
    queryKey: [...watchKeys.executions(watchId), 'log', executionId, taskId],
    queryFn: () => api.GET('watchTaskLog', { params: { watchId, executionId, taskId } }),
    meta: { inlineError: true },
  });
}
