// A running execution as the server's one poll of it sees it: server-sent events written into the
// query cache, so every tab shares one Harbor poll instead of polling by itself. When the stream
// cannot be had (it failed `maxFailures` times in a row without an event), the queries fall back
// to a slow poll of their own.
import type { ApiError, Execution, Task } from '@hw/wizard-api';
import { apiErrorSchema, apiPaths, EXECUTION_EVENTS, executionSchema, taskSchema } from '@hw/wizard-api';
import type { Query, QueryClient } from '@tanstack/react-query';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';

import { ApiRequestError } from '../../../../../lib/api-client.ts';
import { executionKeys } from './executions.ts';
import { liveExecutions } from './live-executions.ts';
import { tasksQueryOptions } from './tasks.ts';

/** Tests shorten both. */
export const live = { maxFailures: 3, reconnectMs: 3_000 };

const taskPageSchema = z.object({ items: z.array(taskSchema), total: z.number().int() });

type Page<T> = { items: T[]; total: number };

const isListOf = (setupId: string) => (query: Query) => {
  const key = query.queryKey;
  return key[1] === setupId && key[2] === 'executions' && (key[3] === 'list' || key[3] === 'recent');
};

/** The execution into its own query and, in place, into every list showing it: no request. */
function applyExecution(queryClient: QueryClient, setupId: string, execution: Execution): void {
  const key = executionKeys.one(setupId, execution.id);
  const before = queryClient.getQueryData<Execution>(key);
  queryClient.setQueryData(key, execution);
  queryClient.setQueriesData<Page<Execution>>({ predicate: isListOf(setupId) }, (page) =>
    page?.items.some((e) => e.id === execution.id)
      ? { ...page, items: page.items.map((e) => (e.id === execution.id ? execution : e)) }
      : page,
  );
  // A new status can move it between filtered lists and pages: those ask the server once.
  if (before && before.status !== execution.status)
    void queryClient.invalidateQueries({ predicate: isListOf(setupId) });
}

/** The first page of tasks as sent; other pages and open logs of the execution ask the server once. */
function applyTasks(queryClient: QueryClient, setupId: string, executionId: number, page: Page<Task>): void {
  queryClient.setQueryData(tasksQueryOptions(setupId, executionId, 1).queryKey, page);
  void queryClient.invalidateQueries({
    predicate: (query) => {
      const key = query.queryKey;
      return (
        key[1] === setupId &&
        key[4] === executionId &&
        ((key[3] === 'tasks' && key[5] !== 1) || key[3] === 'log')
      );
    },
  });
}

function parse<T>(schema: z.ZodType<T>, data: unknown): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(String(data)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type LiveExecution = {
  /** A stream has been open for this execution (it stays so once final): its queries need not poll. */
  live: boolean;
  /** The server could not read Harbor at its last poll (it retries by itself). */
  failure: ApiRequestError | null;
};

/** Follows execution `executionId` over server-sent events while `running`. */
export function useExecutionEvents(
  setupId: string,
  executionId: number | null,
  running: boolean,
): LiveExecution {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveExecution & { executionId: number | null }>({
    executionId,
    live: false,
    failure: null,
  });

  useEffect(() => {
    if (!running || executionId === null || typeof EventSource === 'undefined') return;
    const url = new URL(apiPaths.executionEvents(setupId, executionId), window.location.origin);
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    /** Errors in a row without an event in between. */
    let failures = 0;
    let stopped = false;
    let opened = false;
    const stop = () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
      liveExecutions.delete(setupId, executionId);
    };
    const open = () => {
      const es = new EventSource(url, { withCredentials: true });
      source = es;
      es.addEventListener('open', () => {
        if (opened) return;
        opened = true;
        setState({ executionId, live: true, failure: null });
      });
      es.addEventListener(EXECUTION_EVENTS.execution, (event) => {
        const execution = parse(executionSchema, event.data);
        if (!execution) return;
        failures = 0;
        setState((s) => (s.failure ? { ...s, failure: null } : s));
        applyExecution(queryClient, setupId, execution);
        // Final: the server has sent the last tasks before it, and ends the stream.
        if (execution.final) stop();
      });
      es.addEventListener(EXECUTION_EVENTS.tasks, (event) => {
        const page = parse(taskPageSchema, event.data);
        if (!page) return;
        failures = 0;
        applyTasks(queryClient, setupId, executionId, page);
      });
      es.addEventListener(EXECUTION_EVENTS.failure, (event) => {
        const body: ApiError | null = parse(apiErrorSchema, event.data);
        if (body) setState((s) => ({ ...s, failure: new ApiRequestError(body.harbor?.status ?? 502, body) }));
      });
      es.addEventListener('error', () => {
        if (stopped) return;
        failures += 1;
        if (failures >= live.maxFailures) {
          // No stream to be had: the queries poll slowly by themselves from now on.
          stop();
          setState({ executionId, live: false, failure: null });
          void queryClient.invalidateQueries({ queryKey: executionKeys.all(setupId) });
          return;
        }
        // The browser reconnects by itself after a network error, but not after an error answer.
        if (es.readyState === es.CLOSED) {
          es.close();
          reopen = setTimeout(open, live.reconnectMs);
        }
      });
    };
    // From now on the stream covers it: its queries stop polling unless the stream cannot be had.
    liveExecutions.add(setupId, executionId);
    open();
    return stop;
  }, [setupId, executionId, running, queryClient]);

  // Another execution shown: what was known of the previous one no longer applies.
  if (state.executionId !== executionId) return { live: false, failure: null };
  return { live: state.live, failure: state.failure };
}
