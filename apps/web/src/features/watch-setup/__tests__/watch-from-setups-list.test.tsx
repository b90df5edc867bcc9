import { apiPaths } from '@hw/wizard-api';
import type { SetupSummary } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import {
  connection,
  finishedSetup,
  session,
  SETUP_ID,
  setupAt,
  watchPlan,
  watchSummary,
} from '../../../testing/fixtures.ts';
import { apiError } from '../../../testing/mocks/handlers.ts';
import { server } from '../../../testing/mocks/server.ts';
import { renderApp } from '../../../testing/test-utils.tsx';

function finished(id: string, ruleName: string): SetupSummary {
  return finishedSetup(id, { targetUrl: 'http://127.0.0.1:9002', policyName: ruleName, ruleName });
}

/** Two finished setups, the second watched already; the target of the first is the demo Harbor. */
function listHandlers(answer: () => Response) {
  const watched = new Set(['setup-2']);
  const starts: unknown[] = [];
  const setupsCreated: unknown[] = [];
  return {
    starts,
    setupsCreated,
    handlers: [
      http.get(apiPaths.session, () =>
        HttpResponse.json(
          session({ history: [finished(SETUP_ID, 'nightly'), finished('setup-2', 'hourly')] }),
        ),
      ),
      http.get(apiPaths.watches, () =>
        HttpResponse.json({ items: [...watched].map((id) => watchSummary(id)) }),
      ),
      http.get(apiPaths.setup(SETUP_ID), () =>
        HttpResponse.json(
          setupAt('done', {
            target: connection({ url: 'http://127.0.0.1:9002', demo: true, username: 'admin' }),
          }),
        ),
      ),
      http.get(apiPaths.watchPlan(SETUP_ID), () => HttpResponse.json(watchPlan())),
      http.post(apiPaths.watchStart(SETUP_ID), async ({ request }) => {
        starts.push(await request.json());
        const response = answer();
        if (response.ok) watched.add(SETUP_ID);
        return response;
      }),
      http.post(apiPaths.setups, async ({ request }) => {
        setupsCreated.push(await request.json());
        return HttpResponse.json(setupAt('connect-target'));
      }),
    ],
  };
}

async function openWatchDialog(user: ReturnType<typeof renderApp>['user']) {
  const list = await screen.findByRole('region', { name: 'Your setups' });
  const buttons = await within(list).findAllByRole('button', { name: 'Watch' });
  // The watched setup says so instead of offering the button.
  expect(buttons).toHaveLength(1);
  expect(buttons[0]).toHaveAccessibleDescription('source.example.com → 127.0.0.1:9002, nightly');
  expect(within(list).getByText('Watched')).toBeInTheDocument();
  await user.click(buttons[0]!);
  return screen.findByRole('dialog', { name: /Watch source.example.com/ });
}

describe('Watch from the setups list', () => {
  it('shows the plan, asks only the non-demo Harbor for an admin login, sends it once and forgets it', async () => {
    const { handlers, starts, setupsCreated } = listHandlers(() => HttpResponse.json(watchSummary(SETUP_ID)));
    server.use(...handlers);
    const { user } = renderApp('/start');
    const dialog = await openWatchDialog(user);
    expect(
      await within(dialog).findByRole('region', { name: 'What the watch robots can do' }),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('region', { name: 'What they cannot do' })).toBeInTheDocument();
    const source = within(dialog).getByRole('group', { name: 'Source Harbor: https://source.example.com' });
    const target = within(dialog).getByRole('group', { name: 'Target Harbor: http://127.0.0.1:9002' });
    expect(within(target).getByText(/Demo Harbor run by this server: no login needed/)).toBeInTheDocument();
    expect(within(target).queryByLabelText(/Password/)).not.toBeInTheDocument();
    expect(within(source).getByLabelText(/User name/)).toHaveValue('admin');

    // Nothing is sent without the password.
    await user.click(within(dialog).getByRole('button', { name: 'Start watching' }));
    expect(await within(source).findByText('Enter the password')).toBeInTheDocument();
    expect(starts).toEqual([]);

    await user.type(within(source).getByLabelText(/Password/), 's3cret');
    await user.click(within(dialog).getByRole('button', { name: 'Start watching' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(starts).toEqual([
      {
        durationDays: 180,
        logins: { source: { username: 'admin', password: 's3cret' }, target: { demo: true } },
      },
    ]);
    const list = screen.getByRole('region', { name: 'Your setups' });
    await waitFor(() => expect(within(list).getAllByText('Watched')).toHaveLength(2));
    expect(within(list).queryByRole('button', { name: 'Watch' })).not.toBeInTheDocument();
    // The dialog's form is not the start page's: no setup was started by it.
    expect(setupsCreated).toEqual([]);
  });

  it('when Harbor refuses the login, shows why, clears the password and lets the operator retry', async () => {
    let refuse = true;
    const { handlers, starts } = listHandlers(() =>
      refuse
        ? apiError(401, {
            code: 'harbor-unauthorized',
            message: 'The source Harbor refused the login.',
            hint: 'Check the user name and password of a Harbor administrator.',
            harbor: { status: 401, errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] },
          })
        : HttpResponse.json(watchSummary(SETUP_ID)),
    );
    server.use(...handlers);
    const { user, queryClient } = renderApp('/start');
    const dialog = await openWatchDialog(user);
    const password = await within(dialog).findByLabelText(/Password/);
    await user.type(password, 'wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Start watching' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The source Harbor refused the login.');
    expect(alert).toHaveTextContent('UNAUTHORIZED: unauthorized');
    expect(alert).toHaveTextContent('Check the user name and password');
    expect(password).toHaveValue('');
    expect(within(dialog).getByLabelText(/User name/)).toHaveValue('admin');
    // Nor does react-query's record of the call keep it.
    const recorded = queryClient
      .getMutationCache()
      .getAll()
      .map((m) => m.state.variables);
    expect(recorded).toEqual([
      { durationDays: 180, logins: { source: { username: 'admin', password: '' }, target: { demo: true } } },
    ]);
    expect(starts).toHaveLength(1);

    refuse = false;
    await user.type(password, 'right');
    await user.click(within(dialog).getByRole('button', { name: 'Start watching' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(starts).toEqual([
      {
        durationDays: 180,
        logins: { source: { username: 'admin', password: 'wrong' }, target: { demo: true } },
      },
      {
        durationDays: 180,
        logins: { source: { username: 'admin', password: 'right' }, target: { demo: true } },
      },
    ]);
  });

  it('says so, and asks for no login, when the Harbors cannot give a read-only watch robot', async () => {
    const { handlers, starts } = listHandlers(() => HttpResponse.json(watchSummary(SETUP_ID)));
    const message =
      'The source Harbor 2.9.1 has no system-level robot permissions: upgrade it to 2.10 or later.';
    server.use(
      http.get(apiPaths.watchPlan(SETUP_ID), () =>
        HttpResponse.json(watchPlan({ possible: false, message, robots: [] })),
      ),
      ...handlers,
    );
    const { user } = renderApp('/start');
    const dialog = await openWatchDialog(user);
    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(within(dialog).queryByLabelText(/Password/)).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Start watching' })).not.toBeInTheDocument();
    expect(starts).toEqual([]);
  });
});
