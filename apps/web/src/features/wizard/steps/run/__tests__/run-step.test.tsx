import { apiPaths, ruleDraftSchema } from '@hw/wizard-api';
import type { Verification } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { eventStream, forever, pause } from '../../../../../testing/mocks/event-stream.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';
import { running, succeeded, task } from './run-fixtures.ts';
import { polling } from '../api/polling.ts';

const verification: Verification = {
  ok: true,
  checkedAt: '2026-11-26T10:22:00.000Z',
  targetUrl: 'https://target.example.com',
  repositories: [{ repository: 'dst/app-1', expectedTags: ['v1'], presentTags: ['v1'], missingTags: [] }],
};

/**
 * A Harbor execution that the server's live feed reports `InProgress` for `polls` events, then
 * `Succeed` (its final tasks first, as the server sends them); the plain reads answer the same.
 */
function runHandlers(polls: number) {
  let state = setupAt('run');
  let started = false;
  let finished = false;
  const counter = { executionReads: 0, taskReads: 0, streams: 0 };
  const current = () => (finished ? succeeded(12) : running(12, 0));
  const tasks = () => {
    const done = finished ? 'Succeed' : 'InProgress';
    return { items: [task(1, done), task(2, done)], total: 2 };
  };
  return {
    counter,
    handlers: [
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
      http.post(apiPaths.executions(SETUP_ID), () => {
        started = true;
        state = { ...state, lastExecutionId: 12 };
        return HttpResponse.json(running(12, 0));
      }),
      http.get(apiPaths.executions(SETUP_ID), () =>
        HttpResponse.json(started ? { items: [current()], total: 1 } : { items: [], total: 0 }),
      ),
      http.get(apiPaths.execution(SETUP_ID, 12), () => {
        counter.executionReads += 1;
        return HttpResponse.json(current());
      }),
      http.get(apiPaths.tasks(SETUP_ID, 12), () => {
        counter.taskReads += 1;
        return HttpResponse.json(tasks());
      }),
      http.get(apiPaths.executionEvents(SETUP_ID, 12), () => {
        counter.streams += 1;
        return eventStream(async function* () {
          for (let i = 1; i <= polls; i += 1) {
            await pause(polling.intervalMs);
            yield { event: 'execution', data: running(12, Math.min(3, i)) };
          }
          finished = true;
          yield { event: 'tasks', data: tasks() };
          yield { event: 'execution', data: succeeded(12) };
        });
      }),
      http.get(
        apiPaths.taskLog(SETUP_ID, 12, 1),
        () =>
          new HttpResponse('2026-11-26T10:20:05Z [INFO] copying src/app-1:v1\n', {
            headers: { 'content-type': 'text/plain' },
          }),
      ),
      http.get(apiPaths.verification(SETUP_ID), () => {
        state = setupAt('done');
        return HttpResponse.json(verification);
      }),
    ],
  };
}

describe('run step', () => {
  const original = polling.intervalMs;
  beforeEach(() => {
    polling.intervalMs = 50;
  });
  afterEach(() => {
    polling.intervalMs = original;
  });

  it('replicates now, follows the execution until it is final, then stops polling and verifies the target', async () => {
    const { handlers, counter } = runHandlers(2);
    server.use(...handlers);
    const { user, path } = renderApp(`/setup/${SETUP_ID}/run`);
    expect(await screen.findByText('Replicate now and let the execution finish.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Replicate now' }));

    expect(await screen.findByRole('progressbar', { name: 'Execution 12 progress' })).toBeInTheDocument();
    const verified = await screen.findByText('Verified on the target');
    expect(verified).toBeInTheDocument();
    expect(screen.getByLabelText('Task counters')).toHaveTextContent('4 of 4 tasks done (100 %)');
    const tasks = screen.getByRole('table', { name: 'Tasks' });
    await waitFor(() => expect(within(tasks).getAllByText('Succeeded')).toHaveLength(2));

    // Final: no more reads of the execution or its tasks, nor streams, however long the page stays open.
    const reads = { ...counter };
    await new Promise((resolve) => setTimeout(resolve, polling.intervalMs * 6));
    expect(counter).toEqual(reads);

    await waitFor(() => expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/done`));
  });

  it('shows a run Harbor started by itself (a push event) without a reload, while none was running', async () => {
    const idle = polling.idleIntervalMs;
    polling.idleIntervalMs = 50;
    try {
      let listReads = 0;
      server.use(
        http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('run'))),
        http.get(apiPaths.executions(SETUP_ID), () => {
          listReads += 1;
          const items = listReads > 2 ? [{ ...succeeded(21), trigger: 'event_based' }] : [];
          return HttpResponse.json({ items, total: items.length });
        }),
      );
      renderApp(`/setup/${SETUP_ID}/run`);
      const table = await screen.findByRole('table', { name: 'Executions' });
      await waitFor(() => expect(within(table).getByText('Succeeded')).toBeInTheDocument());
      expect(listReads).toBeGreaterThan(2);
    } finally {
      polling.idleIntervalMs = idle;
    }
  });

  it('shows the executions table and a task log inline', async () => {
    const { handlers } = runHandlers(0);
    server.use(...handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/run`);
    await user.click(await screen.findByRole('button', { name: 'Replicate now' }));
    const table = await screen.findByRole('table', { name: 'Executions' });
    await waitFor(() => expect(within(table).getByText('Succeeded')).toBeInTheDocument());
    expect(within(table).getByText('Manual')).toBeInTheDocument();
    expect(within(table).getByText('1 min 30 s')).toBeInTheDocument();
    expect(within(table).getByText('100 %')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Show log of task 1' }));
    expect(await screen.findByLabelText('Log of task 1')).toHaveTextContent('[INFO] copying src/app-1:v1');
  });

  it('stops a running execution', async () => {
    let stopped = false;
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('run', { lastExecutionId: 12 }))),
      http.get(apiPaths.executions(SETUP_ID), () =>
        HttpResponse.json({
          items: [stopped ? { ...running(12, 1), status: 'Stopped', final: true } : running(12, 1)],
          total: 1,
        }),
      ),
      http.get(apiPaths.execution(SETUP_ID, 12), () =>
        HttpResponse.json(
          stopped
            ? {
                ...running(12, 1),
                status: 'Stopped',
                stopped: 3,
                inProgress: 0,
                final: true,
                endTime: '2026-11-26T10:20:40.000Z',
              }
            : running(12, 1),
        ),
      ),
      http.get(apiPaths.tasks(SETUP_ID, 12), () =>
        HttpResponse.json({ items: [task(1, 'InProgress')], total: 1 }),
      ),
      http.get(apiPaths.executionEvents(SETUP_ID, 12), () =>
        eventStream(async function* () {
          yield { event: 'execution', data: running(12, 1) };
          await forever();
        }),
      ),
      http.post(apiPaths.stopExecution(SETUP_ID, 12), () => {
        stopped = true;
        return HttpResponse.json({ ...running(12, 1), status: 'Stopped', final: true });
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/run`);
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument());
    expect(stopped).toBe(true);
    expect(screen.getByText(/did not succeed/)).toBeInTheDocument();
  });

  it('explains why Harbor refused to start (disabled rule)', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('run'))),
      http.get(apiPaths.executions(SETUP_ID), () => HttpResponse.json({ items: [], total: 0 })),
      http.post(apiPaths.executions(SETUP_ID), () =>
        apiError(412, {
          code: 'rule-disabled',
          message: 'The rule is disabled, so Harbor will not run it.',
          hint: 'Turn on "Enable rule" on the rule step, save, and create the rule again.',
          harbor: { status: 412, errors: [{ code: 'PRECONDITION', message: 'the policy is disabled' }] },
        }),
      ),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/run`);
    await user.click(await screen.findByRole('button', { name: 'Replicate now' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('PRECONDITION: the policy is disabled');
    expect(alert).toHaveTextContent('Turn on "Enable rule"');
  });

  it('keeps Next disabled and lists what is missing when the target is incomplete', async () => {
    server.use(
      http.get(apiPaths.verification(SETUP_ID), () =>
        HttpResponse.json({
          ...verification,
          ok: false,
          repositories: [
            { repository: 'dst/app-1', expectedTags: ['v1'], presentTags: ['v1'], missingTags: [] },
            { repository: 'dst/app-2', expectedTags: ['v1', 'v2'], presentTags: ['v1'], missingTags: ['v2'] },
          ],
        }),
      ),
      ...runHandlers(0).handlers,
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/run`);
    await user.click(await screen.findByRole('button', { name: 'Replicate now' }));
    expect(await screen.findByText('1 repositories are incomplete on the target')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Repositories on the target' });
    expect(within(table).getByText('dst/app-2')).toBeInTheDocument();
    expect(within(table).queryByText('dst/app-1')).not.toBeInTheDocument();
    expect(screen.getByText(/Some repositories or tags are missing on the target/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Show all 2 repositories' }));
    expect(
      within(screen.getByRole('table', { name: 'Repositories on the target' })).getByText('dst/app-1'),
    ).toBeInTheDocument();
  });

  it('charts the last 50 executions, not only the page or filter the table shows', async () => {
    const chartQueries: string[] = [];
    const many = Array.from({ length: 50 }, (_, i) =>
      i % 7 === 3 ? { ...succeeded(60 - i), status: 'Failed', failed: 1, succeed: 3 } : succeeded(60 - i),
    );
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('run', { lastExecutionId: 60 }))),
      http.get(apiPaths.executions(SETUP_ID), ({ request }) => {
        const params = new URL(request.url).searchParams;
        const pageSize = Number(params.get('pageSize'));
        if (pageSize > 10) chartQueries.push(`${pageSize}|${params.get('status') ?? ''}`);
        return HttpResponse.json({ items: many.slice(0, pageSize), total: 73 });
      }),
      http.get(apiPaths.execution(SETUP_ID, 60), () => HttpResponse.json(succeeded(60))),
      http.get(apiPaths.tasks(SETUP_ID, 60), () => HttpResponse.json({ items: [], total: 0 })),
      http.get(apiPaths.verification(SETUP_ID), () => HttpResponse.json(verification)),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/run`);
    expect(
      await screen.findByText('Duration and status of the last 50 of 73 executions'),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText('Duration and status of recent executions')).toBeInTheDocument();
    // The table's filter narrows the table only; the chart keeps its unfiltered query.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by status' }), 'Failed');
    expect(chartQueries.length).toBeGreaterThan(0);
    expect(chartQueries.every((q) => q === '50|')).toBe(true);
    expect(screen.getByText('Duration and status of the last 50 of 73 executions')).toBeInTheDocument();
  });

  it('shows no chart for a single execution', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('run', { lastExecutionId: 12 }))),
      http.get(apiPaths.executions(SETUP_ID), () => HttpResponse.json({ items: [succeeded(12)], total: 1 })),
      http.get(apiPaths.execution(SETUP_ID, 12), () => HttpResponse.json(succeeded(12))),
      http.get(apiPaths.tasks(SETUP_ID, 12), () => HttpResponse.json({ items: [], total: 0 })),
      http.get(apiPaths.verification(SETUP_ID), () => HttpResponse.json(verification)),
    );
    renderApp(`/setup/${SETUP_ID}/run`);
    await screen.findByRole('table', { name: 'Executions' });
    expect(screen.queryByText(/Duration and status of/)).not.toBeInTheDocument();
  });

  it('shows source and destination of a task on two lines, breakable at "/", with the full status', async () => {
    const long = 'platform/very-long-team-name/pipelines/nightly-batch-ingest';
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('run', { lastExecutionId: 12 }))),
      http.get(apiPaths.executions(SETUP_ID), () => HttpResponse.json({ items: [succeeded(12)], total: 1 })),
      http.get(apiPaths.execution(SETUP_ID, 12), () => HttpResponse.json(succeeded(12))),
      http.get(apiPaths.tasks(SETUP_ID, 12), () =>
        HttpResponse.json({
          items: [
            {
              ...task(1, 'Succeed'),
              source: `${long} [3 item(s) in total]`,
              destination: `mirror/${long} [3 item(s) in total]`,
            },
          ],
          total: 1,
        }),
      ),
      http.get(apiPaths.verification(SETUP_ID), () => HttpResponse.json(verification)),
    );
    renderApp(`/setup/${SETUP_ID}/run`);
    const tasks = await screen.findByRole('table', { name: 'Tasks' });
    const row = within(tasks).getAllByRole('row')[1]!;
    const cell = within(row).getAllByRole('cell')[2]!;
    // Read aloud as "source (3 artifacts) to destination"; the count is not repeated.
    expect(cell).toHaveTextContent(`${long} (3 artifacts)→ to mirror/${long}`);
    expect(cell.querySelectorAll('wbr')).toHaveLength(3 + 4);
    const badge = within(row).getByText('Succeeded');
    expect(badge.textContent).toBe('Succeeded');
    expect(badge.closest('[data-status]')).toHaveStyle({ overflow: 'visible' });
  });

  it('filters the executions by status and trigger, as Harbor does', async () => {
    const queries: string[] = [];
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('run', { lastExecutionId: 12 }))),
      http.get(apiPaths.executions(SETUP_ID), ({ request }) => {
        const params = new URL(request.url).searchParams;
        queries.push(`${params.get('status') ?? ''}|${params.get('trigger') ?? ''}`);
        const failed = { ...succeeded(11), status: 'Failed', failed: 1, succeed: 3 };
        return HttpResponse.json(
          params.get('status') === 'Failed'
            ? { items: [failed], total: 1 }
            : { items: [succeeded(12), failed], total: 2 },
        );
      }),
      http.get(apiPaths.execution(SETUP_ID, 12), () => HttpResponse.json(succeeded(12))),
      http.get(apiPaths.tasks(SETUP_ID, 12), () => HttpResponse.json({ items: [], total: 0 })),
      http.get(apiPaths.verification(SETUP_ID), () => HttpResponse.json(verification)),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/run`);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Filter by status' }), 'Failed');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by trigger' }), 'Scheduled');
    await waitFor(() => expect(queries).toContain('Failed|scheduled'));
    await waitFor(() =>
      expect(within(screen.getByRole('table', { name: 'Executions' })).getAllByRole('row')).toHaveLength(2),
    );
  });
});

describe('run step: finishing and large runs', () => {
  const rule = ruleDraftSchema.parse({
    name: 'to-target',
    filters: { name: 'src/**' },
    destination: { namespace: 'dst' },
    trigger: { type: 'scheduled', cron: '0 0 2 * * *' },
    bandwidth: {},
  });

  function sizedHandlers(tags: number, repositories: number) {
    let state = setupAt('run', { rule });
    const calls = { starts: 0, completes: [] as unknown[] };
    return {
      calls,
      handlers: [
        http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
        http.get(apiPaths.executions(SETUP_ID), () => HttpResponse.json({ items: [], total: 0 })),
        http.post(apiPaths.preview(SETUP_ID), () =>
          HttpResponse.json({
            items: [],
            total: repositories,
            totals: {
              scannedRepositories: repositories,
              matchedRepositories: repositories,
              artifacts: tags,
              tags,
              collisions: 0,
              errors: 0,
            },
            collisions: [],
            warnings: [],
            harborCalls: 2,
          }),
        ),
        http.post(apiPaths.executions(SETUP_ID), () => {
          calls.starts += 1;
          return HttpResponse.json(running(12, 0));
        }),
        http.get(apiPaths.execution(SETUP_ID, 12), () => HttpResponse.json(running(12, 0))),
        http.get(apiPaths.tasks(SETUP_ID, 12), () => HttpResponse.json({ items: [], total: 0 })),
        http.get(apiPaths.executionEvents(SETUP_ID, 12), () =>
          eventStream(async function* () {
            yield { event: 'execution', data: running(12, 0) };
            await forever();
          }),
        ),
        http.post(apiPaths.complete(SETUP_ID), async ({ request }) => {
          calls.completes.push(await request.json());
          state = {
            ...state,
            status: 'completed',
            step: 'done',
            completedSteps: [...state.completedSteps, 'run', 'done'],
            finishedWithoutRun: true,
          };
          return HttpResponse.json(state);
        }),
      ],
    };
  }

  it('finishes without running now: no execution starts, and the Done step says the verification is still to do', async () => {
    const { handlers, calls } = sizedHandlers(3, 1);
    server.use(...handlers);
    const { user, path } = renderApp(`/setup/${SETUP_ID}/run`);
    expect(await screen.findByRole('button', { name: 'Next' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Finish without running now' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/done`));
    expect(calls.completes).toEqual([{ withoutRun: true }]);
    expect(calls.starts).toBe(0);
    expect(await screen.findByText('Not verified yet: the rule has not run')).toBeInTheDocument();
    expect(screen.getByText(/Administration → Replications/)).toBeInTheDocument();
  });

  it('asks before a large "Replicate now", and starts only once confirmed', async () => {
    const { handlers, calls } = sizedHandlers(240, 12);
    server.use(...handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/run`);
    expect(await screen.findByText('The dry run matches 240 tags in 12 repositories.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Replicate now' }));
    const dialog = screen.getByRole('alertdialog', {
      name: 'This copies 240 tags of 12 repositories now — continue?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.starts).toBe(0);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Replicate now' }));
    await user.click(screen.getByRole('button', { name: 'Replicate 240 tags now' }));
    await waitFor(() => expect(calls.starts).toBe(1));
  });

  it('starts a small run at once', async () => {
    const { handlers, calls } = sizedHandlers(8, 3);
    server.use(...handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/run`);
    await screen.findByText('The dry run matches 8 tags in 3 repositories.');
    await user.click(screen.getByRole('button', { name: 'Replicate now' }));
    await waitFor(() => expect(calls.starts).toBe(1));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});
