import { apiPaths } from '@hw/wizard-api';
import type { CleanupResult } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { session, SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
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
  return {
    bodies,
    handlers: [
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
      http.get(apiPaths.session, () =>
        HttpResponse.json(
          session({
            currentSetupId: SETUP_ID,
            history: [
              {
                id: SETUP_ID,
                mode: 'push',
                status: state.status,
                step: 'done',
                createdAt: '2026-11-26T10:00:00.000Z',
                updatedAt: '2026-11-26T10:30:00.000Z',
                sourceUrl: 'https://source.example.com',
                targetUrl: 'https://target.example.com',
                policyName: 'to-target',
                ruleName: 'to-target',
                created,
              },
            ],
          }),
        ),
      ),
      http.post(apiPaths.complete(SETUP_ID), () => {
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

  it('finishes the setup', async () => {
    server.use(...doneHandlers().handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    await user.click(await screen.findByRole('button', { name: 'Finish setup' }));
    await waitFor(() => expect(screen.getByText('Setup finished')).toBeInTheDocument());
  });
});
