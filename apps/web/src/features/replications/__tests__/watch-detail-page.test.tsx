import { apiPaths } from '@hw/wizard-api';
import type { ArchivedTask, WatchExecution } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { session } from '@/testing/fixtures.ts';
import { server } from '@/testing/mocks/server.ts';
import { renderApp } from '@/testing/test-utils.tsx';

import { execution, FakeEventSource, stubEventSource, watchSummary } from './watch-fixtures.ts';

const failing = watchSummary('w1', {
  rule: { ...watchSummary('w1').rule, name: 'nightly-to-dr' },
  verdict: 'failing',
  reason: 'the last run failed: http error: code 403, message unauthorized',
  conditions: [
    {
      kind: 'failing',
      severity: 'alert',
      message: 'the last run failed',
      since: '2026-12-01T02:01:00.000Z',
    },
    {
      kind: 'expiring',
      severity: 'warning',
      message: 'robot$dst+replication expires in 20 days',
      since: '2026-12-01T00:00:00.000Z',
    },
  ],
});

const archivedTask: ArchivedTask = {
  id: 901,
  executionId: 7,
  status: 'Failed',
  operation: 'copy',
  resourceType: 'image',
  source: 'library/app:v1',
  destination: 'dr/app:v1',
  startTime: '2026-11-20T02:00:05.000Z',
  endTime: '2026-11-20T02:00:09.000Z',
  logTail: 'http error: code 403, message unauthorized',
};

function serveDetail(pages: Record<number, WatchExecution[]>, total: number) {
  const pageRequests: string[] = [];
  server.use(
    http.get(apiPaths.watch('w1'), () => HttpResponse.json(failing)),
    http.get(apiPaths.watchExecutions('w1'), ({ request }) => {
      const url = new URL(request.url);
      const page = Number(url.searchParams.get('page') ?? 1);
      pageRequests.push(`${page}/${url.searchParams.get('pageSize')}`);
      return HttpResponse.json({ items: pages[page] ?? [], total });
    }),
    http.get(apiPaths.watchTasks('w1', 7), () => HttpResponse.json({ items: [archivedTask], total: 1 })),
    http.get(apiPaths.watchTaskLog('w1', 7, 901), () =>
      HttpResponse.text('<b>not html</b>\nhttp error: code 403, message unauthorized'),
    ),
    http.get(apiPaths.watchTasks('w1', 8), () => HttpResponse.json({ items: [], total: 0 })),
  );
  return pageRequests;
}

stubEventSource();

describe('A watched rule', () => {
  it('shows the summary with its conditions and the timeline with archived executions, tasks and logs', async () => {
    const requests = serveDetail(
      {
        1: [execution(8, { status: 'Failed', statusText: 'http error: code 403' })],
        2: [execution(7, { status: 'Failed', archivedOnly: true, startTime: '2026-11-20T02:00:00.000Z' })],
      },
      11,
    );
    const { user } = renderApp('/replications/w1');

    expect(await screen.findByRole('heading', { level: 2, name: 'nightly-to-dr' })).toBeInTheDocument();
    const summary = screen.getByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('Failing')).toBeInTheDocument();
    expect(
      within(summary).getByText('the last run failed: http error: code 403, message unauthorized'),
    ).toBeInTheDocument();
    const conditions = within(summary).getByRole('list', { name: 'Conditions' });
    expect(
      within(conditions)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringMatching(/^Alert.*Failing: the last run failed/),
      expect.stringMatching(/^Warning.*Expiring: robot\$dst\+replication expires in 20 days/),
    ]);

    // Page 1: execution 8 is still on Harbor, no marker.
    const executions = await screen.findByRole('table', { name: 'Executions' });
    expect(within(executions).queryByText('archived')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Executions page 2' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Executions' })).getByRole('button', {
          name: 'Show execution 7',
        }),
      ).toBeInTheDocument(),
    );
    expect(requests).toContain('2/10');
    const row7 = screen.getByRole('button', { name: 'Show execution 7' }).closest('tr')!;
    expect(within(row7).getByText('archived')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Show execution 7' }));
    const selected = await screen.findByRole('region', { name: 'Execution 7' });
    const tasks = await within(selected).findByRole('table', { name: 'Tasks' });
    expect(within(tasks).getByText('Failed')).toBeInTheDocument();
    await user.click(within(tasks).getByRole('button', { name: 'Show log of task 901' }));
    const log = await screen.findByLabelText('Log of task 901');
    // Harbor's text stays text.
    expect(log).toHaveTextContent('<b>not html</b>');
    expect(log.querySelector('b')).toBeNull();
  });

  it("follows the server's events: a new verdict at once, and the timeline once an execution moved", async () => {
    let latest = [execution(8, { status: 'Failed' })];
    const requests = serveDetail({}, 1);
    server.use(
      http.get(apiPaths.watchExecutions('w1'), () => {
        requests.push('list');
        return HttpResponse.json({ items: latest, total: latest.length });
      }),
      http.get(apiPaths.watchTasks('w1', 9), () => HttpResponse.json({ items: [], total: 0 })),
    );
    renderApp('/replications/w1');
    await screen.findByRole('button', { name: 'Show execution 8' });
    const source = FakeEventSource.last();
    source.open();

    // Same execution, same counters: the summary changes, the timeline is not asked again.
    const reads = requests.length;
    source.emit({
      type: 'watch',
      watch: { ...failing, verdict: 'expiring', reason: 'a robot expires in 5 days' },
    });
    expect(await screen.findByText('a robot expires in 5 days')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Summary' })).getByText('Expiring')).toBeInTheDocument();
    // Give a needless refetch the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests.length).toBe(reads);

    latest = [execution(9, { status: 'InProgress', final: false, endTime: null }), ...latest];
    source.emit({ type: 'watch', watch: { ...failing, lastExecution: latest[0]! } });
    expect(await screen.findByRole('button', { name: 'Show execution 9' })).toBeInTheDocument();
  });

  it('stops watching with the admin login of a real Harbor and none for the demo one, then goes back', async () => {
    serveDetail({ 1: [execution(8)] }, 1);
    const demo = { available: true, sourceUrl: 'https://harbor-a.example.com', targetUrl: 'https://x' };
    const bodies: unknown[] = [];
    server.use(
      http.get(apiPaths.session, () => HttpResponse.json(session({ demo }))),
      http.post(apiPaths.watchStop('w1'), async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({
          robots: [{ side: 'target', name: 'robot$replication-watch-2', deleted: true, message: 'deleted' }],
        });
      }),
      http.get(apiPaths.watches, () => HttpResponse.json({ items: [] })),
    );
    const stopping = {
      ...failing,
      watchRobots: [
        { ...failing.watchRobots[0]!, side: 'source' as const },
        { ...failing.watchRobots[0]!, side: 'target' as const, name: 'robot$replication-watch-2' },
      ],
    };
    server.use(http.get(apiPaths.watch('w1'), () => HttpResponse.json(stopping)));
    const { user, path } = renderApp('/replications/w1');

    await user.click(await screen.findByRole('button', { name: 'Stop watching' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(/Demo Harbor run by this server: no login needed/),
    ).toBeInTheDocument();
    // One login only: the target's.
    expect(within(dialog).getAllByLabelText(/User name/)).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: 'Delete the watch robots' }));
    expect(await within(dialog).findByText('Enter the user name')).toBeInTheDocument();
    expect(bodies).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/User name/), 'admin');
    await user.type(within(dialog).getByLabelText(/^Password/), 'Harbor12345');
    await user.click(within(dialog).getByRole('button', { name: 'Delete the watch robots' }));
    await waitFor(() => expect(path()).toBe('/replications'));
    expect(bodies).toEqual([
      {
        logins: { source: { demo: true }, target: { username: 'admin', password: 'Harbor12345' } },
        keepRobots: false,
      },
    ]);
  });

  it('can stop and leave the robots without any login', async () => {
    serveDetail({ 1: [execution(8)] }, 1);
    const bodies: unknown[] = [];
    server.use(
      http.post(apiPaths.watchStop('w1'), async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ robots: [] });
      }),
    );
    const { user, path } = renderApp('/replications/w1');
    await user.click(await screen.findByRole('button', { name: 'Stop watching' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('Stop watching but leave the watch robots on Harbor'));
    expect(within(dialog).queryByLabelText(/User name/)).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Stop and leave the robots' }));
    await waitFor(() => expect(path()).toBe('/replications'));
    expect(bodies).toEqual([{ logins: {}, keepRobots: true }]);
  });
});
