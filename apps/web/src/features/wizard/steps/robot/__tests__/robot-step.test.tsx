import { apiPaths } from '@hw/wizard-api';
import type { RobotCreatedResponse } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { downloads } from '@/testing/downloads.ts';
import { SETUP_ID, setupAt } from '@/testing/fixtures.ts';
import { apiError } from '@/testing/mocks/handlers.ts';
import { server } from '@/testing/mocks/server.ts';
import { renderApp } from '@/testing/test-utils.tsx';

const SECRET = 'S3cr3t-Only-Once-xyz';

export function robotCreated(): RobotCreatedResponse {
  const robot = setupAt('credentials').robot!;
  return {
    robot: { ...robot, handedOff: false },
    secret: SECRET,
    exportFileName: 'robot$dst+replicator.json',
    exportContent: JSON.stringify({
      creation_time: '2026-11-26T10:06:00Z',
      expires_at: -1,
      id: 3,
      name: robot.name,
      secret: SECRET,
    }),
    endpointUpdate: null,
    replacedRobot: null,
  };
}

type CreateBody = { onConflict?: string };

/** The robot routes as apps/server answers them; `respond` can answer a create differently. */
function robotHandlers(options: { exists?: string[]; respond?: (body: CreateBody) => Response | null } = {}) {
  let state = setupAt('robot');
  return [
    http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
    http.get(apiPaths.robotCheck(SETUP_ID), ({ request }) => {
      const name = new URL(request.url).searchParams.get('name') ?? '';
      return HttpResponse.json({
        fullName: `robot$dst+${name}`,
        exists: (options.exists ?? []).includes(name),
      });
    }),
    http.post(apiPaths.robot(SETUP_ID), async ({ request }) => {
      const custom = options.respond?.((await request.json()) as CreateBody);
      if (custom) return custom;
      state = setupAt('credentials', { robot: { ...robotCreated().robot } });
      return HttpResponse.json(robotCreated());
    }),
  ];
}

describe('robot step', () => {
  it("applies Harbor's robot name rule and shows the final name", async () => {
    server.use(...robotHandlers());
    const { user } = renderApp(`/setup/${SETUP_ID}/robot`);
    const input = await screen.findByRole('textbox', { name: /Robot name/ });
    expect(screen.getByText('robot$dst+replicator')).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, 'Bad+Name');
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(
      screen.getAllByText('robot name is not in lower case or contains illegal characters').length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Create robot account' })).toBeDisabled();
  });

  it('shows the least-privilege preset with reasons, and adds delete permissions for deletions', async () => {
    server.use(...robotHandlers());
    const { user } = renderApp(`/setup/${SETUP_ID}/robot`);
    const preset = await screen.findByRole('table', { name: 'Preset permissions' });
    expect(within(preset).getAllByRole('row')).toHaveLength(3);
    expect(within(preset).getByText('push')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: /Allow replicating deletions/ }));
    expect(within(preset).getAllByRole('row')).toHaveLength(5);
  });

  it("refuses push without pull with Harbor's message in the advanced editor", async () => {
    server.use(...robotHandlers());
    const { user } = renderApp(`/setup/${SETUP_ID}/robot`);
    await user.click(await screen.findByRole('switch', { name: /Edit permissions/ }));
    await user.click(screen.getByRole('checkbox', { name: 'repository pull' }));
    expect(
      (await screen.findAllByText('Push permission can not work alone, it must work with pull permission'))
        .length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Create robot account' })).toBeDisabled();
  });

  it('hands the one-time secret to the next step with both Copy and Export to file, then forgets it', async () => {
    let handOff: unknown = null;
    server.use(
      ...robotHandlers(),
      http.post(apiPaths.robotHandOff(SETUP_ID), async ({ request }) => {
        handOff = await request.json();
        return HttpResponse.json(setupAt('connect-source'));
      }),
    );
    const { user, path, queryClient } = renderApp(`/setup/${SETUP_ID}/robot`);
    await user.click(await screen.findByRole('button', { name: 'Create robot account' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/credentials`));
    const cached = () =>
      JSON.stringify([
        queryClient
          .getQueryCache()
          .getAll()
          .map((q) => q.state.data),
        queryClient
          .getMutationCache()
          .getAll()
          .map((m) => m.state.data),
      ]);
    expect(
      JSON.stringify(
        queryClient
          .getQueryCache()
          .getAll()
          .map((q) => q.state.data),
      ),
    ).not.toContain(SECRET);
    expect(await screen.findByLabelText(/^Secret/)).toHaveValue(SECRET);
    const copyStatus = screen.getByRole('status', { name: 'Your copy of the secret' });
    expect(copyStatus).toHaveTextContent('Keep a copy now if you need one');

    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(copyStatus).toHaveTextContent('You kept a copy (copied).');
    // Unlike Harbor's dialog, copying does not take the export away.
    expect(screen.getByRole('button', { name: 'Export to file' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Export to file' }));
    expect(downloads.map((d) => d.fileName)).toEqual(['robot$dst+replicator.json']);
    expect(copyStatus).toHaveTextContent('You kept a copy (copied and exported).');
    expect(screen.getByRole('button', { name: 'Copy' })).toBeEnabled();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/connect-source`));
    expect(handOff).toEqual({ stored: true });
    expect(await screen.findByRole('heading', { name: 'Connect source' })).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(SECRET);
    await waitFor(() => expect(cached()).not.toContain(SECRET));
    expect(JSON.stringify(window.localStorage)).not.toContain(SECRET);
    expect(JSON.stringify(window.sessionStorage)).not.toContain(SECRET);
  });

  it('offers reuse or rename on 409 and retries with reuse, never creating twice', async () => {
    const bodies: CreateBody[] = [];
    server.use(
      ...robotHandlers({
        exists: ['replicator'],
        respond: (body) => {
          bodies.push(body);
          if (body.onConflict === 'reuse') return null;
          return apiError(409, {
            code: 'robot-exists',
            message: 'A robot named "robot$dst+replicator" already exists on the target Harbor.',
            hint: 'Reuse it (its secret is refreshed), or pick another name.',
            harbor: { status: 409, errors: [{ code: 'CONFLICT', message: 'robot account already exists' }] },
            conflict: { existingId: 3, options: ['reuse', 'rename'] },
          });
        },
      }),
    );
    const { user, path } = renderApp(`/setup/${SETUP_ID}/robot`);
    expect(await screen.findByText(/Robot Account already exists\./)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create robot account' }));
    expect(await screen.findByText('robot account already exists')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose another name' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reuse it with a new secret' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/credentials`));
    expect(bodies.map((b) => b.onConflict)).toEqual(['fail', 'reuse']);
  });
});
