import { apiPaths } from '@hw/wizard-api';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { connection, session, SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';

const url = `/setup/${SETUP_ID}/project`;

function projectHandlers(existing: string[]) {
  return [
    http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('project'))),
    http.get(apiPaths.projects(SETUP_ID), ({ request }) => {
      const q = new URL(request.url).searchParams.get('q') ?? '';
      const items = existing
        .filter((n) => n.includes(q))
        .map((name, i) => ({ id: i + 1, name, public: false, repoCount: 0 }));
      return HttpResponse.json({ items, total: items.length });
    }),
    http.get(apiPaths.projectCheck(SETUP_ID), ({ request }) => {
      const name = new URL(request.url).searchParams.get('name') ?? '';
      return HttpResponse.json({ name, exists: existing.includes(name) });
    }),
  ];
}

describe('project step', () => {
  it("shows Harbor's project name rule inline and keeps Next disabled with the reason", async () => {
    server.use(...projectHandlers([]));
    const { user } = renderApp(url);
    const input = await screen.findByRole('combobox', { name: /Project name/ });
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(screen.getByText('Enter a project name.')).toBeInTheDocument();
    await user.type(input, 'My_Project');
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    // Under the field and again as the reason Next is disabled.
    expect(
      screen.getAllByText('project name is not in lower case or contains illegal characters'),
    ).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });

  it('creates a new project after checking the name is free', async () => {
    let body: unknown = null;
    server.use(
      ...projectHandlers(['library']),
      http.put(apiPaths.project(SETUP_ID), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(setupAt('robot'));
      }),
    );
    const { user, path } = renderApp(url);
    await user.type(await screen.findByRole('combobox', { name: /Project name/ }), 'dst');
    expect(await screen.findByText(/does not exist yet: the wizard will create it/)).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: /Public/ }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/robot`));
    expect(body).toEqual({ name: 'dst', create: true, public: true });
  });

  it('uses an existing project found by search', async () => {
    let body: unknown = null;
    server.use(
      ...projectHandlers(['library', 'dst-prod']),
      http.put(apiPaths.project(SETUP_ID), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(setupAt('robot'));
      }),
    );
    const { user, path } = renderApp(url);
    const input = await screen.findByRole('combobox', { name: /Project name/ });
    await user.type(input, 'dst');
    await user.click(await screen.findByRole('button', { name: 'Use project dst-prod' }));
    expect(input).toHaveValue('dst-prod');
    expect(
      await screen.findByText(/exists on the target Harbor: the wizard will use it/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/robot`));
    expect(body).toEqual({ name: 'dst-prod', create: false, public: false });
  });

  it('offers to reuse the project when Harbor answers 409, without creating twice', async () => {
    const bodies: unknown[] = [];
    server.use(
      ...projectHandlers([]),
      http.put(apiPaths.project(SETUP_ID), async ({ request }) => {
        const body = (await request.json()) as { create: boolean };
        bodies.push(body);
        if (body.create)
          return apiError(409, {
            code: 'conflict',
            message: 'The project already exists.',
            harbor: {
              status: 409,
              errors: [{ code: 'CONFLICT', message: 'The project named dst already exists' }],
            },
            conflict: { existingId: 9, options: ['reuse'] },
          });
        return HttpResponse.json(setupAt('robot'));
      }),
    );
    const { user, path } = renderApp(url);
    await user.type(await screen.findByRole('combobox', { name: /Project name/ }), 'dst');
    await screen.findByText(/does not exist yet/);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByText('The project named dst already exists', { exact: false }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use the existing project' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/robot`));
    expect(bodies).toEqual([
      { name: 'dst', create: true, public: false },
      { name: 'dst', create: false, public: false },
    ]);
  });

  it('pull mode: connects the source first, then asks for the source project the robot may read', async () => {
    let body: unknown = null;
    let state = setupAt('project', { mode: 'pull' });
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
      http.get(apiPaths.session, () =>
        HttpResponse.json(
          session({
            demo: { available: true, sourceUrl: 'http://127.0.0.1:9001', targetUrl: 'http://127.0.0.1:9002' },
          }),
        ),
      ),
      http.post(apiPaths.connect(SETUP_ID, 'source'), () => {
        state = { ...state, source: connection({ url: 'http://127.0.0.1:9001', demo: true }) };
        return HttpResponse.json(state);
      }),
      http.put(apiPaths.project(SETUP_ID), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(setupAt('robot', { mode: 'pull' }));
      }),
      ...projectHandlers(['library', 'dst']),
    );
    const { user, path } = renderApp(url);
    await user.type(await screen.findByRole('combobox', { name: /Project name/ }), 'dst');
    await waitFor(() =>
      expect(document.getElementById('next-blocked-reason')).toHaveTextContent(
        'Connect the source Harbor first (pull mode).',
      ),
    );
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Use demo source' }));
    const source = await screen.findByRole('combobox', { name: /Source project/ });
    // The connect form is gone; the page says which source Harbor is now connected.
    expect(
      screen.getByText(/Connected to the source Harbor http:\/\/127\.0\.0\.1:9001 as/),
    ).toBeInTheDocument();
    // The same connection report as on the connect steps: version, account, what the version can do.
    const report = screen.getByRole('region', { name: 'Connected to the source Harbor' });
    expect(report).toHaveTextContent('Harbor v2.15.2');
    await user.type(source, 'library');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/robot`));
    expect(body).toEqual({ name: 'dst', create: false, public: false, sourceProject: 'library' });
  });
});
