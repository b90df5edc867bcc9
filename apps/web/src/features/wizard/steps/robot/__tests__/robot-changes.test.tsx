// Coming back to the robot step after the rule asked for deletions, and a write from a stale tab.
import { apiPaths, ruleDraftSchema, SETUP_VERSION_HEADER } from '@hw/wizard-api';
import type { SetupState } from '@hw/wizard-api';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

import { SETUP_ID, setupAt } from '@/testing/fixtures.ts';
import { apiError } from '@/testing/mocks/handlers.ts';
import { server } from '@/testing/mocks/server.ts';
import { renderApp } from '@/testing/test-utils.tsx';

/** The rule the operator saved before coming back: event based, replicating deletions. */
const RULE_WITH_DELETIONS = ruleDraftSchema.parse({
  name: 'to-target',
  filters: { name: 'library/**' },
  destination: { namespace: 'dst' },
  trigger: { type: 'event_based' },
  deletion: true,
  bandwidth: {},
});

/** A push setup back on the robot step: the robot this setup created cannot delete yet. */
function backOnRobot(overrides: Partial<SetupState> = {}): SetupState {
  const at = setupAt('review');
  return {
    ...at,
    step: 'robot',
    rule: RULE_WITH_DELETIONS,
    created: [{ side: 'target', kind: 'robot', id: at.robot!.id, name: at.robot!.name }],
    ...overrides,
  };
}

describe('robot step: deletion permissions', () => {
  it('adds them to the robot this setup created in one click, keeping its secret', async () => {
    let state = backOnRobot();
    const updates: unknown[] = [];
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
      http.put(apiPaths.robotPermissions(SETUP_ID), async ({ request }) => {
        updates.push(await request.json());
        state = {
          ...state,
          robot: {
            ...state.robot!,
            access: [
              ...state.robot!.access,
              { resource: 'repository', action: 'delete' },
              { resource: 'tag', action: 'delete' },
            ],
          },
        };
        return HttpResponse.json(state);
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/robot`);
    const add = await screen.findByRole('button', {
      name: 'Add the deletion permissions to robot$dst+replicator',
    });
    expect(screen.getByText(/The rule replicates deletions/)).toBeInTheDocument();
    await user.click(add);
    expect(await screen.findByText('Deletion permissions added')).toBeInTheDocument();
    expect(screen.getByText(/Its secret did not change/)).toBeInTheDocument();
    expect(updates).toEqual([{ deletion: true }]);
    expect(screen.queryByRole('button', { name: /Add the deletion permissions/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back to the rule' })).toBeInTheDocument();
  });

  it('does not change a robot this setup did not create, and says it stays with its rights', async () => {
    const state = backOnRobot({ created: [] });
    server.use(http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)));
    renderApp(`/setup/${SETUP_ID}/robot`);
    expect(await screen.findByText(/This setup did not create/)).toBeInTheDocument();
    expect(screen.getByText(/it can still push/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Add the deletion permissions/ })).not.toBeInTheDocument();
  });
});

describe('a write from a stale tab', () => {
  it('sends the version it saw, and on 409 setup-changed offers only a reload', async () => {
    const state = backOnRobot();
    const sent: (string | null)[] = [];
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        HttpResponse.json(state, { headers: { [SETUP_VERSION_HEADER]: '7' } }),
      ),
      http.put(apiPaths.robotPermissions(SETUP_ID), ({ request }) => {
        sent.push(request.headers.get(SETUP_VERSION_HEADER));
        return apiError(409, {
          code: 'setup-changed',
          message: 'This setup changed in another tab — reload to see the current state.',
          hint: 'Reload the page: it then shows what the other tab did, and you can continue from there.',
        });
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/robot`);
    await user.click(
      await screen.findByRole('button', { name: 'Add the deletion permissions to robot$dst+replicator' }),
    );
    expect(
      await screen.findByText('This setup changed in another tab — reload to see the current state.'),
    ).toBeInTheDocument();
    expect(sent).toEqual(['7']);
    const reload = vi.spyOn(window.location, 'reload').mockImplementation(() => undefined);
    await user.click(screen.getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledTimes(1);
    reload.mockRestore();
  });
});
