import { apiPaths } from '@hw/wizard-api';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { finishedSetup, session, SETUP_ID, watchSummary } from '../../../testing/fixtures.ts';
import { server } from '../../../testing/mocks/server.ts';
import { renderApp } from '../../../testing/test-utils.tsx';

const DEMO_TARGET = 'http://127.0.0.1:9002';
const watch = watchSummary(SETUP_ID, {
  targetUrl: DEMO_TARGET,
  watchRobots: [
    {
      side: 'source',
      name: 'robot$replication-watch-3f9a2c',
      expiresAt: 1_900_000_000,
      source: 'harbor',
      checkedAt: null,
    },
    {
      side: 'target',
      name: 'robot$replication-watch-3f9a2c',
      expiresAt: 1_900_000_000,
      source: 'harbor',
      checkedAt: null,
    },
  ],
});

/** One finished setup, watched, whose target is the server's demo Harbor. */
function stopHandlers() {
  let watching = true;
  const stops: unknown[] = [];
  return {
    stops,
    handlers: [
      http.get(apiPaths.session, () =>
        HttpResponse.json(
          session({
            demo: { available: true, sourceUrl: 'http://127.0.0.1:9001', targetUrl: DEMO_TARGET },
            history: [finishedSetup(SETUP_ID, { targetUrl: DEMO_TARGET })],
          }),
        ),
      ),
      http.get(apiPaths.watches, () => HttpResponse.json({ items: watching ? [watch] : [] })),
      http.post(apiPaths.watchStop(watch.id), async ({ request }) => {
        const body = (await request.json()) as { keepRobots: boolean };
        stops.push(body);
        watching = false;
        return HttpResponse.json({
          robots: watch.watchRobots.map((r) => ({
            side: r.side,
            name: r.name,
            deleted: !body.keepRobots,
            message: body.keepRobots
              ? 'Left on Harbor, as you chose: delete it in Harbor’s Robot Accounts page.'
              : 'Deleted from Harbor.',
          })),
        });
      }),
    ],
  };
}

async function openStopDialog(user: ReturnType<typeof renderApp>['user']) {
  const list = await screen.findByRole('region', { name: 'Your setups' });
  expect(await within(list).findByText('Watched')).toBeInTheDocument();
  const stop = within(list).getByRole('button', { name: 'Stop' });
  expect(stop).toHaveAccessibleDescription(/to-target/);
  await user.click(stop);
  return screen.findByRole('dialog', { name: 'Stop watching to-target' });
}

describe('Stop watching from the setups list', () => {
  it('deletes the watch robots with the admin login of the non-demo Harbor, then offers Watch again', async () => {
    const { handlers, stops } = stopHandlers();
    server.use(...handlers);
    const { user, queryClient } = renderApp('/start');
    const dialog = await openStopDialog(user);
    const source = within(dialog).getByRole('group', { name: 'Source Harbor: https://source.example.com' });
    const target = within(dialog).getByRole('group', { name: `Target Harbor: ${DEMO_TARGET}` });
    expect(within(target).getByText(/no login needed/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Delete the watch robots' }));
    expect(await within(source).findByText('Enter the user name')).toBeInTheDocument();
    expect(stops).toEqual([]);

    await user.type(within(source).getByLabelText(/User name/), 'admin');
    await user.type(within(source).getByLabelText(/Password/), 'Harbor12345');
    await user.click(within(dialog).getByRole('button', { name: 'Delete the watch robots' }));
    const outcome = await within(dialog).findByRole('status', { name: 'Watch stopped' });
    expect(within(outcome).getAllByText(/deleted\. Deleted from Harbor\./)).toHaveLength(2);
    expect(stops).toEqual([
      {
        keepRobots: false,
        logins: { source: { username: 'admin', password: 'Harbor12345' }, target: { demo: true } },
      },
    ]);
    const recorded = queryClient
      .getMutationCache()
      .getAll()
      .map((m) => m.state.variables as { logins: { source: { password: string } } });
    expect(recorded.map((v) => v.logins.source.password)).toEqual(['']);

    await user.click(within(outcome).getByRole('button', { name: 'Close' }));
    const list = screen.getByRole('region', { name: 'Your setups' });
    expect(await within(list).findByRole('button', { name: 'Watch' })).toBeInTheDocument();
    expect(within(list).queryByText('Watched')).not.toBeInTheDocument();
  });

  it('can leave the robots on Harbor without any login, and lists them', async () => {
    const { handlers, stops } = stopHandlers();
    server.use(...handlers);
    const { user } = renderApp('/start');
    const dialog = await openStopDialog(user);
    await user.click(
      within(dialog).getByRole('checkbox', { name: 'Stop watching but leave the watch robots on Harbor' }),
    );
    expect(within(dialog).queryByLabelText(/Password/)).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Stop and leave the robots' }));
    const outcome = await within(dialog).findByRole('status', { name: 'Watch stopped' });
    expect(within(outcome).getAllByText(/not deleted\. Left on Harbor, as you chose/)).toHaveLength(2);
    expect(stops).toEqual([{ keepRobots: true, logins: {} }]);
  });
});
