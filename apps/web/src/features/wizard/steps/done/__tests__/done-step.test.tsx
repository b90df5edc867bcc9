import { apiPaths } from '@hw/wizard-api';
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
        const body = (await request.json()) as { dryRun: boolean };
        bodies.push(body);
        return HttpResponse.json({
          steps: created.map((c) => ({
            ...c,
            status: body.dryRun ? 'skipped' : c.kind === 'project' ? 'failed' : 'deleted',
            message: body.dryRun
              ? `Would delete ${c.kind} "${c.name}" (id ${c.id}) on the ${c.side} Harbor.`
              : c.kind === 'project'
                ? 'Harbor refuses because the project is not empty (it holds replicated images).'
                : `Deleted ${c.kind} "${c.name}".`,
          })),
        });
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

  it('guides the clean-up: preview, confirm, then delete with per-object results', async () => {
    const { handlers, bodies } = doneHandlers();
    server.use(...handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    await user.click(await screen.findByRole('button', { name: 'Preview clean-up' }));
    const plan = await screen.findByRole('table', { name: 'Clean-up plan' });
    expect(within(plan).getByText(/Would delete policy "to-target"/)).toBeInTheDocument();
    expect(within(plan).getByText('rule “to-target”')).toBeInTheDocument();
    expect(within(plan).getAllByText('Skipped')).toHaveLength(4);
    const remove = screen.getByRole('button', { name: 'Delete created objects' });
    expect(remove).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /I understand/ }));
    await user.click(remove);
    const result = await screen.findByRole('table', { name: 'Clean-up result' });
    expect(within(result).getByText(/project is not empty/)).toBeInTheDocument();
    expect(bodies).toEqual([{ dryRun: true }, { dryRun: false }]);
  });

  it('finishes the setup', async () => {
    server.use(...doneHandlers().handlers);
    const { user } = renderApp(`/setup/${SETUP_ID}/done`);
    await user.click(await screen.findByRole('button', { name: 'Finish setup' }));
    await waitFor(() => expect(screen.getByText('Setup finished')).toBeInTheDocument());
  });
});
