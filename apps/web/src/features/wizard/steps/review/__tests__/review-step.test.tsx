import { apiPaths } from '@hw/wizard-api';
import type { Review } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';

const rule = {
  name: 'replicate-to-dst',
  description: '',
  filters: {
    name: 'src/**',
    tag: { decoration: 'matches' as const, pattern: 'v*' },
    labels: { decoration: 'matches' as const, names: [] },
    resource: '' as const,
  },
  destination: { namespace: 'dst', replaceCount: 1 as const },
  trigger: { type: 'scheduled' as const, cron: '0 0 2 * * *' },
  deletion: false,
  override: true,
  copyByChunk: false,
  singleActiveReplication: false,
  enabled: true,
  bandwidth: { unlimited: true, unit: 'Mbps' as const },
};

const review: Review = {
  requests: [
    {
      side: 'target',
      harborUrl: 'https://target.example.com',
      method: 'POST',
      path: '/api/v2.0/projects',
      body: { project_name: 'dst' },
      done: true,
    },
    {
      side: 'source',
      harborUrl: 'https://source.example.com',
      method: 'POST',
      path: '/api/v2.0/replication/policies',
      body: {
        name: 'replicate-to-dst',
        dest_namespace: 'dst',
        trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 2 * * *' } },
      },
      done: false,
    },
  ],
};

function reviewHandlers() {
  let state = setupAt('review', { rule, policy: null });
  return [
    http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
    http.get(apiPaths.review(SETUP_ID), () => HttpResponse.json(review)),
    http.put(apiPaths.step(SETUP_ID), async ({ request }) => {
      const { step } = (await request.json()) as { step: typeof state.step };
      state = { ...state, step };
      return HttpResponse.json(state);
    }),
    http.put(apiPaths.rule(SETUP_ID), () => {
      state = setupAt('run', { rule });
      return HttpResponse.json(state);
    }),
  ];
}

describe('review step', () => {
  it('groups the choices per Harbor and shows the exact JSON each Harbor gets', async () => {
    server.use(...reviewHandlers());
    renderApp(`/setup/${SETUP_ID}/review`);
    const source = await screen.findByRole('region', { name: 'source Harbor' });
    expect(within(source).getByText('Scheduled: 0 0 2 * * * (UTC)')).toBeInTheDocument();
    const body = within(source).getByLabelText('Body of POST /api/v2.0/replication/policies');
    expect(JSON.parse(body.textContent ?? '')).toEqual(review.requests[1]?.body);
    const target = screen.getByRole('region', { name: 'target Harbor' });
    expect(within(target).getByText('dst (created by the wizard)')).toBeInTheDocument();
    expect(within(target).getByText('done')).toBeInTheDocument();
  });

  it('edit links go back to the step', async () => {
    server.use(...reviewHandlers());
    const { user, path } = renderApp(`/setup/${SETUP_ID}/review`);
    await user.click(await screen.findByRole('button', { name: 'Edit Trigger Mode (Replication rule)' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/rule`));
  });

  it('creates the rule and moves to run; explains a failure', async () => {
    let attempts = 0;
    server.use(
      http.put(apiPaths.rule(SETUP_ID), () => {
        attempts += 1;
        if (attempts === 1)
          return apiError(409, {
            code: 'rule-exists',
            message: 'The source Harbor already has a replication rule named "replicate-to-dst".',
            hint: 'Pick another rule name on the rule step.',
            harbor: {
              status: 409,
              errors: [{ code: 'CONFLICT', message: 'policy replicate-to-dst already exists' }],
            },
            conflict: { options: ['rename'] },
          });
        return HttpResponse.json(setupAt('run', { rule }));
      }),
      ...reviewHandlers(),
    );
    const { user, path } = renderApp(`/setup/${SETUP_ID}/review`);
    await user.click(await screen.findByRole('button', { name: 'Create rule' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('policy replicate-to-dst already exists');
    expect(alert).toHaveTextContent('Pick another rule name');
    expect(within(alert).getByRole('button', { name: 'Change the rule name' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/run`));
  });

  it('says at the top what is already created and that this step creates the rule', async () => {
    server.use(...reviewHandlers());
    renderApp(`/setup/${SETUP_ID}/review`);
    const summary = await screen.findByRole('note', { name: 'Already done' });
    expect(summary).toHaveTextContent(
      'Already done: project dst created on https://target.example.com, robot account robot$dst+replicator created on https://target.example.com, endpoint target.example.com created on https://source.example.com.',
    );
    expect(summary).toHaveTextContent(
      'This step creates the rule “replicate-to-dst” on https://source.example.com.',
    );
  });

  it('wraps long JSON lines instead of widening the page', async () => {
    server.use(...reviewHandlers());
    renderApp(`/setup/${SETUP_ID}/review`);
    const body = await screen.findByLabelText('Body of POST /api/v2.0/replication/policies');
    expect(body).toHaveStyle({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' });
  });

  it('offers no update when the rule is unchanged since it was created, and one after an edit', async () => {
    const put: string[] = [];
    let state = setupAt('review', { rule, policy: null });
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
      http.get(apiPaths.review(SETUP_ID), () => HttpResponse.json(review)),
      http.put(apiPaths.rule(SETUP_ID), () => {
        put.push('rule');
        state = { ...setupAt('run', { rule }), completedSteps: [...setupAt('run').completedSteps] };
        return HttpResponse.json(state);
      }),
      http.put(apiPaths.step(SETUP_ID), async ({ request }) => {
        const { step } = (await request.json()) as { step: typeof state.step };
        state = { ...state, step };
        return HttpResponse.json(state);
      }),
    );
    const first = renderApp(`/setup/${SETUP_ID}/review`);
    await first.user.click(await screen.findByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(first.path()).toBe(`/setup/${SETUP_ID}/run`));
    first.unmount();

    // Back on the review with the same draft: nothing to send, so Next simply goes on.
    const again = renderApp(`/setup/${SETUP_ID}/review`);
    expect(await screen.findByRole('note', { name: 'Already done' })).toHaveTextContent(
      'exactly as reviewed here: nothing to send',
    );
    expect(screen.queryByRole('button', { name: 'Update rule' })).not.toBeInTheDocument();
    expect(screen.queryByText(/PUT /)).not.toBeInTheDocument();
    await again.user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(again.path()).toBe(`/setup/${SETUP_ID}/run`));
    expect(put).toEqual(['rule']);
    again.unmount();

    // An edited draft is different from what Harbor has: the update is offered again.
    state = { ...state, step: 'review', rule: { ...rule, description: 'edited' } };
    renderApp(`/setup/${SETUP_ID}/review`);
    expect(await screen.findByRole('button', { name: 'Update rule' })).toBeInTheDocument();
    expect(screen.getByRole('note', { name: 'Already done' })).toHaveTextContent(
      'This step updates the rule “replicate-to-dst”',
    );
  });
});
