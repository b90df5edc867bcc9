// The run step follows a running execution by the server's server-sent events (one Harbor poll
// shared by every tab) instead of polling it, and polls slowly only when no stream can be had.
import { apiPaths } from '@hw/wizard-api';
import type { Execution } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { eventStream, forever, pause } from '../../../../../testing/mocks/event-stream.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';
import { live } from '../api/execution-events.ts';
import { polling } from '../api/polling.ts';
import { running, succeeded, task } from './run-fixtures.ts';

/** The plain reads of a running execution 12, counted; the events route is each test's own. */
function readHandlers(now: () => Execution = () => running(12, 0)) {
  const reads = { execution: 0, tasks: 0, lists: 0 };
  return {
    reads,
    handlers: [
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('run', { lastExecutionId: 12 }))),
      http.get(apiPaths.executions(SETUP_ID), () => {
        reads.lists += 1;
        return HttpResponse.json({ items: [now()], total: 1 });
      }),
      http.get(apiPaths.execution(SETUP_ID, 12), () => {
        reads.execution += 1;
        return HttpResponse.json(now());
      }),
      http.get(apiPaths.tasks(SETUP_ID, 12), () => {
        reads.tasks += 1;
        return HttpResponse.json({ items: [task(1, 'InProgress')], total: 1 });
      }),
      http.get(apiPaths.verification(SETUP_ID), () =>
        HttpResponse.json({
          ok: false,
          checkedAt: '2026-11-26T10:22:00.000Z',
          targetUrl: 'https://target.example.com',
          repositories: [],
        }),
      ),
    ],
  };
}

describe('run step: live execution', () => {
  const saved = { ...polling, ...live };
  beforeEach(() => {
    // Polling fast enough that any poll would show within the test.
    polling.intervalMs = 40;
    polling.idleIntervalMs = 40;
    live.reconnectMs = 20;
  });
  afterEach(() => {
    polling.intervalMs = saved.intervalMs;
    polling.idleIntervalMs = saved.idleIntervalMs;
    live.maxFailures = saved.maxFailures;
    live.reconnectMs = saved.reconnectMs;
  });

  it('shows what the stream sends — counters, tasks — and does not poll the execution, its tasks or the lists meanwhile', async () => {
    const { reads, handlers } = readHandlers();
    let sent = 0;
    server.use(
      ...handlers,
      http.get(apiPaths.executionEvents(SETUP_ID, 12), () =>
        eventStream(async function* () {
          for (let done = 1; done <= 3; done += 1) {
            await pause(60);
            yield { event: 'execution', data: running(12, done) };
            sent += 1;
          }
          yield { event: 'tasks', data: { items: [task(1, 'Succeed'), task(2, 'InProgress')], total: 2 } };
          sent += 1;
          await forever();
        }),
      ),
    );
    renderApp(`/setup/${SETUP_ID}/run`);
    await waitFor(() =>
      expect(screen.getByLabelText('Task counters')).toHaveTextContent('3 of 4 tasks done (75 %)'),
    );
    const tasks = await screen.findByRole('table', { name: 'Tasks' });
    await waitFor(() => expect(within(tasks).getAllByRole('row')).toHaveLength(3));
    expect(within(tasks).getByText('Succeeded')).toBeInTheDocument();
    expect(sent).toBe(4);
    // Once live, quiet: over many polling intervals, nothing but the stream.
    const before = { ...reads };
    await pause(polling.intervalMs * 8);
    expect(reads).toEqual(before);
    // The first render's reads, and at most one poll of the execution before the stream took over.
    expect(reads.execution).toBeLessThanOrEqual(2);
    expect(reads.tasks).toBe(1);
  });

  it("shows the server's Harbor failure from the stream while the server retries, and clears it on the next event", async () => {
    const { handlers } = readHandlers();
    server.use(
      ...handlers,
      http.get(apiPaths.executionEvents(SETUP_ID, 12), () =>
        eventStream(async function* () {
          yield { event: 'execution', data: running(12, 1) };
          yield {
            event: 'failure',
            data: {
              code: 'harbor-unavailable',
              message: 'The Harbor answered 503 Service Unavailable.',
              harbor: { status: 503, errors: [{ code: 'UNAVAILABLE', message: 'jobservice is down' }] },
            },
          };
          await pause(300);
          yield { event: 'execution', data: running(12, 2) };
          await forever();
        }),
      ),
    );
    renderApp(`/setup/${SETUP_ID}/run`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The Harbor answered 503 Service Unavailable.');
    expect(alert).toHaveTextContent('UNAVAILABLE: jobservice is down');
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(screen.getByLabelText('Task counters')).toHaveTextContent('2 of 4 tasks done (50 %)');
  });

  it('falls back to a slow poll after the stream failed several times in a row, until the execution is final', async () => {
    live.maxFailures = 3;
    let streams = 0;
    // Ends only once the page has given up the stream: the last reads are the fallback poll's.
    const { handlers, reads } = readHandlers(() =>
      streams >= live.maxFailures && reads.execution >= 3 ? succeeded(12) : running(12, 1),
    );
    server.use(
      ...handlers,
      http.get(apiPaths.executionEvents(SETUP_ID, 12), () => {
        streams += 1;
        return apiError(503, { code: 'unavailable', message: 'The server is restarting.' });
      }),
    );
    renderApp(`/setup/${SETUP_ID}/run`);
    await waitFor(() =>
      expect(screen.getByLabelText('Task counters')).toHaveTextContent('4 of 4 tasks done (100 %)'),
    );
    expect(streams).toBe(live.maxFailures);
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
  });
});
