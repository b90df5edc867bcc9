import { apiPaths } from '@hw/wizard-api';
import type { WatchSummary } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { server } from '@/testing/mocks/server.ts';
import { renderApp } from '@/testing/test-utils.tsx';

import { watchEventsRetry } from '../api/watch-events.ts';
import { daysFromNow, execution, FakeEventSource, stubEventSource, watchSummary } from './watch-fixtures.ts';

function serveWatches(items: () => WatchSummary[]) {
  const counter = { reads: 0 };
  server.use(
    http.get(apiPaths.watches, () => {
      counter.reads += 1;
      return HttpResponse.json({ items: items() });
    }),
  );
  return counter;
}

/** The table's rows (without the header), each as the rule name it shows. */
function ruleNames(): string[] {
  const table = screen.getByRole('table', { name: 'Replications' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('link')[0]!.textContent ?? '');
}

function rowOf(ruleName: string): HTMLElement {
  const link = screen.getByRole('link', { name: ruleName });
  const row = link.closest('tr');
  if (!row) throw new Error(`no row for ${ruleName}`);
  return row;
}

stubEventSource();

describe('Replications page', () => {
  it('shows per rule the verdict in words with its reason, the robots’ countdown, the schedule and the last run', async () => {
    serveWatches(() => [
      watchSummary('w1', {
        verdict: 'failing',
        reason: 'the last 3 runs failed: http error: code 403, message unauthorized',
        consecutiveFailures: 3,
        lastExecution: execution(41, {
          status: 'Failed',
          succeed: 1,
          failed: 3,
          durationSeconds: 75,
        }),
        replicationRobot: {
          side: 'target',
          name: 'robot$dst+replication',
          expiresAt: daysFromNow(12),
          source: 'recorded',
          checkedAt: null,
        },
        watchRobots: [
          {
            side: 'source',
            name: 'robot$replication-watch-1',
            expiresAt: -1,
            source: 'harbor',
            checkedAt: null,
          },
          {
            side: 'target',
            name: 'robot$replication-watch-2',
            expiresAt: null,
            source: 'harbor',
            checkedAt: null,
          },
        ],
        endpoint: { id: 5, name: 'harbor-b', health: 'unhealthy' },
      }),
    ]);
    renderApp('/replications');

    expect(await screen.findByRole('heading', { name: 'Replications' })).toBeInTheDocument();
    const row = await waitFor(() => rowOf('rule-w1'));
    const cells = within(row);
    expect(cells.getByText('Failing')).toBeInTheDocument();
    expect(
      cells.getByText('the last 3 runs failed: http error: code 403, message unauthorized'),
    ).toBeInTheDocument();
    // The replication robot expires in 12 days (a warning), the watch robots never / unknown.
    expect(cells.getByText('in 12 days')).toBeInTheDocument();
    expect(cells.getByText('never')).toBeInTheDocument();
    expect(cells.getByText('unknown')).toBeInTheDocument();
    // Next scheduled run in UTC, machine-readable.
    const next = cells.getByText(/2026-12-07 02:00 UTC/);
    expect(next.tagName).toBe('TIME');
    expect(next).toHaveAttribute('datetime', '2026-12-07T02:00:00.000Z');
    // The last run in words, its duration and progress; the failures in a row.
    expect(cells.getAllByText('Failed').length).toBeGreaterThan(0);
    expect(cells.getByText(/1 min 15 s/)).toBeInTheDocument();
    expect(cells.getByText(/4 of 4 tasks done · 3 failed/)).toBeInTheDocument();
    expect(cells.getByRole('cell', { name: '3' })).toBeInTheDocument();
    expect(cells.getByRole('img', { name: 'Last 2 executions: 1 succeeded · 1 failed' })).toBeInTheDocument();
    expect(cells.getByText('unhealthy')).toBeInTheDocument();
    expect(cells.getByRole('link', { name: 'rule-w1' })).toHaveAttribute('href', '/replications/w1');
    expect(screen.getByRole('link', { name: 'Alerts' })).toHaveAttribute('href', '/replications/alerts');
  });

  it("counts a robot's days left on its Harbor's clock, and sorts by that expiry", async () => {
    const robot = (expiresAt: number, clockSkewSeconds?: number): WatchSummary['replicationRobot'] => ({
      side: 'target',
      name: 'robot$dst+replication',
      expiresAt,
      source: 'harbor',
      checkedAt: null,
      ...(clockSkewSeconds === undefined ? {} : { clockSkewSeconds }),
    });
    serveWatches(() => [
      // 10 days by the browser's clock, but its Harbor's clock runs 4 days ahead: 6 days there.
      watchSummary('ahead', { watchRobots: [], replicationRobot: robot(daysFromNow(10), 4 * 86_400) }),
      watchSummary('level', { watchRobots: [], replicationRobot: robot(daysFromNow(8)) }),
    ]);
    const { user } = renderApp('/replications');
    await screen.findByRole('table', { name: 'Replications' });
    expect(within(rowOf('rule-ahead')).getByText('in 6 days')).toBeInTheDocument();
    expect(within(rowOf('rule-level')).getByText('in 8 days')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Sort by'), 'Robot expiry, soonest first');
    expect(ruleNames()).toEqual(['rule-ahead', 'rule-level']);
  });

  it('lists the worst first, sorts by name on request and filters by verdict', async () => {
    serveWatches(() => [
      watchSummary('alpha', { verdict: 'healthy' }),
      watchSummary('bravo', { verdict: 'expiring', reason: 'a robot expires in 5 days' }),
      watchSummary('charlie', { verdict: 'unreachable', reason: 'the target Harbor does not answer' }),
      watchSummary('delta', { verdict: 'failing', reason: 'the last run failed' }),
    ]);
    const { user } = renderApp('/replications');
    await screen.findByRole('table', { name: 'Replications' });
    expect(ruleNames()).toEqual(['rule-charlie', 'rule-delta', 'rule-bravo', 'rule-alpha']);

    await user.selectOptions(screen.getByLabelText('Sort by'), 'Name');
    expect(ruleNames()).toEqual(['rule-alpha', 'rule-bravo', 'rule-charlie', 'rule-delta']);

    await user.selectOptions(screen.getByLabelText('Verdict'), 'Failing');
    expect(ruleNames()).toEqual(['rule-delta']);
    expect(screen.getByText('1 of 4 watched rules')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Verdict'), 'Pending');
    expect(screen.getByText('No watched rule has this verdict.')).toBeInTheDocument();
  });

  it('updates a row from a server-sent event and drops it on a "removed" event', async () => {
    serveWatches(() => [watchSummary('w1'), watchSummary('w2')]);
    renderApp('/replications');
    await screen.findByRole('table', { name: 'Replications' });
    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.last();
    expect(source.url).toBe('/api/watches/events');
    source.open();

    source.emit({
      type: 'watch',
      watch: watchSummary('w1', { verdict: 'stuck', reason: 'execution 41 has not moved for 31 minutes' }),
    });
    expect(await within(rowOf('rule-w1')).findByText('Stuck')).toBeInTheDocument();
    expect(
      within(rowOf('rule-w1')).getByText('execution 41 has not moved for 31 minutes'),
    ).toBeInTheDocument();
    expect(within(rowOf('rule-w2')).getByText('Healthy')).toBeInTheDocument();

    source.emit({ type: 'removed', id: 'w2' });
    await waitFor(() => expect(ruleNames()).toEqual(['rule-w1']));
  });

  it('reconnects when the stream fails and reloads the list it may have missed', async () => {
    watchEventsRetry.firstDelayMs = 10;
    let items = [watchSummary('w1')];
    const counter = serveWatches(() => items);
    renderApp('/replications');
    await screen.findByRole('table', { name: 'Replications' });
    const reads = counter.reads;

    items = [watchSummary('w1'), watchSummary('w3', { verdict: 'failing', reason: 'the last run failed' })];
    FakeEventSource.last().fail();
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    FakeEventSource.last().open();
    await waitFor(() => expect(counter.reads).toBeGreaterThan(reads));
    expect(await screen.findByRole('link', { name: 'rule-w3' })).toBeInTheDocument();
    expect(FakeEventSource.instances[0]!.readyState).toBe(FakeEventSource.CLOSED);
    watchEventsRetry.firstDelayMs = 1000;
  });

  it('opens a row’s detail from its link, from the list already loaded', async () => {
    serveWatches(() => [watchSummary('w1', { verdict: 'failing', reason: 'the last run failed' })]);
    const watchReads = { count: 0 };
    server.use(
      http.get(apiPaths.watch('w1'), () => {
        watchReads.count += 1;
        return HttpResponse.json(watchSummary('w1'));
      }),
      http.get(apiPaths.watchExecutions('w1'), () => HttpResponse.json({ items: [], total: 0 })),
    );
    const { user, path } = renderApp('/replications');
    await user.click(await screen.findByRole('link', { name: 'rule-w1' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'rule-w1' })).toBeInTheDocument();
    expect(path()).toBe('/replications/w1');
    expect(
      within(screen.getByRole('region', { name: 'Summary' })).getByText('the last run failed'),
    ).toBeInTheDocument();
    expect(watchReads.count).toBe(0);
  });

  it('explains watching and how to start when nothing is watched', async () => {
    serveWatches(() => []);
    renderApp('/replications');
    expect(await screen.findByRole('heading', { name: 'Nothing is watched yet' })).toBeInTheDocument();
    expect(screen.getByText(/Keep watching this replication/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'the setups list' })).toHaveAttribute('href', '/start');
    expect(screen.queryByLabelText('Verdict')).not.toBeInTheDocument();
  });
});

describe('Home page', () => {
  it('goes to the Replications page once anything is watched', async () => {
    serveWatches(() => [watchSummary('w1')]);
    const { path } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Replications' })).toBeInTheDocument();
    expect(path()).toBe('/replications');
    // The wizard stays reachable.
    expect(screen.getByRole('link', { name: 'New setup' })).toHaveAttribute('href', '/start');
  });

  it('stays on the start page while nothing is watched, with the Replications link in the header', async () => {
    serveWatches(() => []);
    const { path, user } = renderApp('/');
    expect(await screen.findByRole('button', { name: 'Start setup' })).toBeInTheDocument();
    expect(path()).toBe('/');
    await user.click(screen.getByRole('link', { name: 'Replications' }));
    expect(await screen.findByRole('heading', { name: 'Nothing is watched yet' })).toBeInTheDocument();
    expect(path()).toBe('/replications');
  });
});
