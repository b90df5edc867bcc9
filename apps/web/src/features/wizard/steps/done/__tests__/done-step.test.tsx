import { apiPaths } from '@hw/wizard-api';
import type { CleanupResult } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import {
  finishedSetup,
  session,
  SETUP_ID,
  setupAt,
  watchPlan,
  watchSummary,
} from '../../../../../testing/fixtures.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';

const created = [
  { side: 'target' as const, kind: 'project' as const, id: 7, name: 'dst' },
  { side: 'target' as const, kind: 'robot' as const, id: 3, name: 'robot$dst+replicator' },
  { side: 'source' as const, kind: 'registry' as const, id: 2, name: 'target.example.com' },
  { side: 'source' as const, kind: 'policy' as const, id: 5, name: 'to-target' },
];

function doneHandlers() {
  let state = setupAt('done', { status: 'in-progress', created });
  const bodies: unknown[] = [];
  /** The finishing calls in the order the server received them, with the watch start's body. */
  const calls: { route: 'watchStart' | 'complete'; body: unknown; refused?: true }[] = [];
  return {
    bodies,
    calls,
    handlers: [
      http.post(apiPaths.watchStart(SETUP_ID), async ({ request }) => {
        calls.push({ route: 'watchStart', body: await request.json() });
        return HttpResponse.json(watchSummary(SETUP_ID));
      }),
      // Watched once a start has been accepted (whichever handler answered it).
      http.get(apiPaths.watches, () =>
        HttpResponse.json({
          items: calls.some((c) => c.route === 'watchStart' && !c.refused) ? [watchSummary(SETUP_ID)] : [],
        }),
      ),
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
      http.get(apiPaths.session, () =>
        HttpResponse.json(
          session({
            currentSetupId: SETUP_ID,
            history: [finishedSetup(SETUP_ID, { status: state.status, created })],
          }),
        ),
      ),
      http.post(apiPaths.complete(SETUP_ID), () => {
        calls.push({ route: 'complete', body: null });
        state = { ...state, status: 'completed' };
        return HttpResponse.json(state);
      }),
      http.post(apiPaths.cleanup(SETUP_ID), async ({ request }) => {
        const body = (await request.json()) as { dryRun: boolean; keepProject?: boolean };
        bodies.push(body);
        const keep = body.keepProject ?? true;
        const steps = created.map((c): CleanupResult['steps'][number] => {
          if (c.kind !== 'project') {
            return body.dryRun
              ? { ...c, status: 'will-delete', message: `Will delete the ${c.kind} "${c.name}".` }
              : { ...c, status: 'deleted', message: `Deleted the ${c.kind} "${c.name}".` };
          }
          const holds = `The project "dst" holds 3 repositories`;
          if (body.dryRun)
            return keep
              ? {
                  ...c,
                  repositories: 3,
                  status: 'will-keep',
                  message: `${holds}; it will be kept, as you chose.`,
                }
              : {
                  ...c,
                  repositories: 3,
                  status: 'cannot-delete',
                  message: `${holds}: Harbor refuses to delete a non-empty project; keep it, or delete its repositories first.`,
                };
          return keep
            ? { ...c, status: 'kept', message: 'Kept the project "dst", as you chose.' }
            : {
                ...c,
                status: 'failed',
                message:
                  'Not deleted: Harbor refuses to delete a non-empty project. (Harbor: "the project contains repositories, can not be deleted")',
              };
        });
        const result = { dryRun: body.dryRun, steps };
        if (!body.dryRun) {
          state = { ...state, status: keep ? 'cleaned-up' : 'partly-cleaned-up', cleanup: result };
        }
        return HttpResponse.json(result);
      }),
    ],
  };
}

/** The opt-in, once the plan has loaded (it is disabled until then). */
async function keepWatchingCheckbox() {
  const keep = await screen.findByRole('checkbox', { name: 'Keep watching this replication' });
  await waitFor(() => expect(keep).toBeEnabled());
  return keep;
}

describe('done step', () => {
  it('summarises what was created and offers both downloads without secrets', async () => {
    server.use(...doneHandlers().handlers);
    renderApp(`/setup/${SETUP_ID}/done`);
    const summary = await screen.findByRole('table', { name: 'Created objects' });
    expect(within(summary).getAllByRole('row')).toHaveLength(5);
    // The portal's words for what Harbor's API calls a registry and a policy.
    const kinds = within(summary)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(kinds.flat()).toEqual(expect.arrayContaining(['robot account', 'endpoint', 'rule']));
    expect(kinds.flat()).not.toEqual(expect.arrayContaining(['registry', 'policy']));
    expect(screen.getByRole('link', { name: 'Download setup (JSON)' })).toHaveAttribute(
      'href',
      apiPaths.exportBundle(SETUP_ID),
    );
    expect(screen.getByRole('link', { name: 'Download Terraform' })).toHaveAttribute(
      'href',
      apiPaths.exportTerraform(SETUP_ID),
    );
    const history = await screen.findByRole('table', { name: 'History of setups' });
    expect(history).toHaveTextContent('to-target');
    // The status in words, in a badge that is never cut short.
    const status = within(history).getByText('In progress');
    expect(status.closest('.mantine-Badge-root')).toHaveStyle({ overflow: 'visible' });
  });

  it('previews per object what will happen, keeps the non-empty project by default, and shows the true state after', async () => {
    const { handlers, bodies } = doneHandlers();
    server.use(...handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    await user.click(await screen.findByRole('button', { name: 'Preview clean-up' }));
    const plan = await screen.findByRole('table', { name: 'Clean-up plan' });
    expect(within(plan).getAllByText('Will delete')).toHaveLength(3);
    expect(within(plan).getByText('Will keep')).toBeInTheDocument();
    expect(within(plan).getByText(/"dst" holds 3 repositories/)).toBeInTheDocument();
    expect(within(plan).queryByText('Skipped')).not.toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: 'Keep the project “dst” (it holds 3 repositories)' }),
    ).toBeChecked();

    const remove = screen.getByRole('button', { name: 'Delete created objects' });
    expect(remove).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /I understand these 3 objects/ }));
    await user.click(remove);
    const result = await screen.findByRole('table', { name: 'Clean-up result' });
    expect(within(result).getAllByText('Deleted')).toHaveLength(3);
    expect(within(result).getByText('Kept')).toBeInTheDocument();
    expect(screen.getAllByText('Cleaned up').length).toBeGreaterThan(0);
    await waitFor(() => expect(screen.queryByText(/Replication is set up/)).not.toBeInTheDocument());
    const history = await screen.findByRole('table', { name: 'History of setups' });
    await waitFor(() => expect(within(history).getByText('Cleaned up')).toBeInTheDocument());
    expect(bodies).toEqual([{ dryRun: true }, { dryRun: false, keepProject: true }]);
  });

  it('says when Harbor will refuse the project, and after the run shows Harbor\'s message and "Partly cleaned up"', async () => {
    const { handlers, bodies } = doneHandlers();
    server.use(...handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    await user.click(await screen.findByRole('button', { name: 'Preview clean-up' }));
    await user.click(await screen.findByRole('checkbox', { name: /Keep the project “dst”/ }));
    const plan = await screen.findByRole('table', { name: 'Clean-up plan' });
    await waitFor(() => expect(within(plan).getByText('Cannot delete')).toBeInTheDocument());
    expect(within(plan).getByText(/refuses to delete a non-empty project; keep it/)).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: /I understand/ }));
    await user.click(screen.getByRole('button', { name: 'Delete created objects' }));
    const result = await screen.findByRole('table', { name: 'Clean-up result' });
    expect(within(result).getByText('Failed')).toBeInTheDocument();
    expect(
      within(result).getByText(/Harbor: "the project contains repositories, can not be deleted"/),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Partly cleaned up').length).toBeGreaterThan(0);
    expect(bodies.at(-1)).toEqual({ dryRun: false, keepProject: false });
  });

  it('after a reload, shows the recorded clean-up instead of "Replication is set up"', async () => {
    const result: CleanupResult = {
      dryRun: false,
      steps: created.map((c) => ({
        ...c,
        status: c.kind === 'project' ? ('kept' as const) : ('deleted' as const),
        message: 'Done.',
      })),
    };
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        HttpResponse.json(setupAt('done', { status: 'cleaned-up', created, cleanup: result })),
      ),
    );
    renderApp(`/setup/${SETUP_ID}/done`);
    expect(await screen.findByText(/Cleaned up: what this setup created is deleted/)).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Clean-up result' })).toBeInTheDocument();
    expect(screen.queryByText(/Replication is set up/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Finish setup' })).not.toBeInTheDocument();
  });

  it('after a reload of a finished, watched setup, links to how it is doing', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('done', { created }))),
      http.get(apiPaths.watches, () => HttpResponse.json({ items: [watchSummary(SETUP_ID)] })),
    );
    renderApp(`/setup/${SETUP_ID}/done`);
    expect(await screen.findByRole('link', { name: 'see how it is doing' })).toHaveAttribute(
      'href',
      '/replications',
    );
    expect(screen.queryByText(/To watch it later/)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('checkbox', { name: 'Keep watching this replication' }),
    ).not.toBeInTheDocument();
  });

  it('finishes the setup', async () => {
    server.use(...doneHandlers().handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    await user.click(await screen.findByRole('button', { name: 'Finish setup' }));
    await waitFor(() => expect(screen.getByText('Setup finished')).toBeInTheDocument());
  });

  it('keeps watching by default: shows the plan, then creates the watch before finishing', async () => {
    const { handlers, calls } = doneHandlers();
    server.use(...handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    const keep = await keepWatchingCheckbox();
    expect(keep).toBeChecked();
    expect(keep).toHaveAccessibleDescription(/read-only robot account on each Harbor/);
    const can = screen.getByRole('region', { name: 'What the watch robots can do' });
    expect(within(can).getAllByText('robot$replication-watch-3f9a2c')).toHaveLength(2);
    expect(within(can).getByText('Read the rule’s executions, tasks and their logs')).toBeInTheDocument();
    expect(within(can).getByText(/system: replication read, replication list/)).toBeInTheDocument();
    expect(within(can).getByText(/expire after 180 days/)).toBeInTheDocument();
    const cannot = screen.getByRole('region', { name: 'What they cannot do' });
    expect(within(cannot).getByText('Create, change, start, stop or delete anything')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Finish setup' }));
    await screen.findByText('Setup finished');
    // The watch first, while the server still holds the admin passwords; no login from the browser.
    expect(calls).toEqual([
      { route: 'watchStart', body: { durationDays: 180, logins: {} } },
      { route: 'complete', body: null },
    ]);
    expect(screen.getByRole('link', { name: 'see how it is doing' })).toHaveAttribute(
      'href',
      '/replications',
    );
    const history = screen.getByRole('table', { name: 'History of setups' });
    await waitFor(() => expect(within(history).getByText('Watched')).toBeInTheDocument());
    expect(within(history).queryByRole('button', { name: 'Watch' })).not.toBeInTheDocument();
  });

  it('finishes without creating a watch when the operator opts out', async () => {
    const { handlers, calls } = doneHandlers();
    server.use(...handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    const keep = await keepWatchingCheckbox();
    await user.click(keep);
    expect(keep).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Finish setup' }));
    await screen.findByText('Setup finished');
    expect(calls.map((c) => c.route)).toEqual(['complete']);
    expect(screen.queryByRole('link', { name: 'see how it is doing' })).not.toBeInTheDocument();
    // Not watched: the setups list offers to watch it later.
    const history = screen.getByRole('table', { name: 'History of setups' });
    await waitFor(() => expect(within(history).getByText('Completed')).toBeInTheDocument());
    expect(within(history).getByRole('button', { name: 'Watch' })).toBeInTheDocument();
  });

  it('when Harbor refuses the watch robot, says so, keeps the setup open, and retrying creates it once', async () => {
    const { handlers, calls } = doneHandlers();
    let refuse = true;
    server.use(
      http.post(apiPaths.watchStart(SETUP_ID), async ({ request }) => {
        const body = await request.json();
        calls.push({ route: 'watchStart', body, ...(refuse ? { refused: true as const } : {}) });
        if (refuse)
          return apiError(403, {
            code: 'harbor-forbidden',
            message: 'The source Harbor refused to create the watch robot.',
            hint: 'Log in to Harbor as a system administrator, or finish without watching.',
            harbor: { status: 403, errors: [{ code: 'FORBIDDEN', message: 'forbidden' }] },
          });
        return HttpResponse.json(watchSummary(SETUP_ID));
      }),
      ...handlers,
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    await keepWatchingCheckbox();
    await user.click(screen.getByRole('button', { name: 'Finish setup' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not start watching; the setup is not finished yet');
    expect(alert).toHaveTextContent('FORBIDDEN: forbidden');
    expect(alert).toHaveTextContent('Log in to Harbor as a system administrator');
    expect(calls.map((c) => c.route)).toEqual(['watchStart']);
    expect(screen.queryByText('Setup finished')).not.toBeInTheDocument();

    refuse = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry watching and finish' }));
    await screen.findByText('Setup finished');
    expect(calls.map((c) => c.route)).toEqual(['watchStart', 'watchStart', 'complete']);
    expect(screen.getByRole('link', { name: 'see how it is doing' })).toBeInTheDocument();
  });

  it('after a failed watch start, "Finish without watching" only completes the setup', async () => {
    const { handlers, calls } = doneHandlers();
    server.use(
      http.post(apiPaths.watchStart(SETUP_ID), () => {
        calls.push({ route: 'watchStart', body: null, refused: true });
        return apiError(502, { code: 'harbor-unreachable', message: 'The target Harbor did not answer.' });
      }),
      ...handlers,
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    await keepWatchingCheckbox();
    await user.click(screen.getByRole('button', { name: 'Finish setup' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The target Harbor did not answer.');
    await user.click(within(alert).getByRole('button', { name: 'Finish without watching' }));
    await screen.findByText('Setup finished');
    expect(calls.map((c) => c.route)).toEqual(['watchStart', 'complete']);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByText(/To watch it later, use Watch in the list of setups/)).toBeInTheDocument();
  });

  it('when no read-only watch is possible, says why, disables the option and only completes', async () => {
    const { handlers, calls } = doneHandlers();
    const message =
      'Harbor 2.9.1 has no system-level robot permissions, so the rule cannot be read without an admin. Upgrade the source Harbor to 2.10 or later to watch it.';
    server.use(
      http.get(apiPaths.watchPlan(SETUP_ID), () =>
        HttpResponse.json(watchPlan({ possible: false, message, robots: [] })),
      ),
      ...handlers,
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    expect(await screen.findByText(message)).toBeInTheDocument();
    const keep = screen.getByRole('checkbox', { name: 'Keep watching this replication' });
    expect(keep).toBeDisabled();
    expect(keep).not.toBeChecked();
    expect(keep).toHaveAccessibleDescription('Not available for these Harbors: see why below.');
    expect(screen.queryByRole('region', { name: 'What the watch robots can do' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Finish setup' }));
    await screen.findByText('Setup finished');
    expect(calls.map((c) => c.route)).toEqual(['complete']);
  });
});
