import { apiPaths } from '@hw/wizard-api';
import type { StepId } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SETUP_ID, setupAt } from '../../../../testing/fixtures.ts';
import { apiError } from '../../../../testing/mocks/handlers.ts';
import { server } from '../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../testing/test-utils.tsx';

describe('wizard page', () => {
  it('resumes at the step the server remembers (the URL names the setup only)', async () => {
    server.use(http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('robot'))));
    const { path } = renderApp(`/setup/${SETUP_ID}`);
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/robot`));
    expect(await screen.findByRole('heading', { name: 'Robot account' })).toBeInTheDocument();
  });

  it('does not jump ahead of the server: an unreached step redirects to the current one', async () => {
    server.use(http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('project'))));
    const { path } = renderApp(`/setup/${SETUP_ID}/run`);
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/project`));
  });

  it('shows done, current and next steps, and revisits a done step through the server', async () => {
    let moved: StepId | null = null;
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('project'))),
      http.put(apiPaths.step(SETUP_ID), async ({ request }) => {
        moved = ((await request.json()) as { step: StepId }).step;
        return HttpResponse.json({ ...setupAt('project'), step: moved });
      }),
    );
    const { user, path } = renderApp(`/setup/${SETUP_ID}/project`);
    const nav = await screen.findByRole('navigation', { name: 'Wizard steps' });
    expect(within(nav).getByText('2. Target project').closest('[aria-current="step"]')).not.toBeNull();
    expect(within(nav).getByRole('link', { name: /1\. Connect target.*done/ })).toHaveAttribute(
      'href',
      `/setup/${SETUP_ID}/connect-target`,
    );
    // Steps not reached yet are not links.
    expect(within(nav).queryByRole('link', { name: /3\. Robot account/ })).not.toBeInTheDocument();
    await user.click(within(nav).getByRole('link', { name: /1\. Connect target/ }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/connect-target`));
    expect(moved).toBe('connect-target');
    // The new step is announced: its heading takes the focus and names the page.
    const heading = await screen.findByRole('heading', { name: 'Connect target' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(document.title).toBe('Connect target · Harbor Replication Wizard');
  });

  it('folds the stepper into one line on narrow windows, with a button that shows all steps', async () => {
    server.use(http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('project'))));
    const { user } = renderApp(`/setup/${SETUP_ID}/project`);
    // The test window is wider than md, where the folded line itself is hidden (no accessible name).
    const toggle = (await screen.findByText('Step 2 of 11: Target project')).closest('button')!;
    expect(toggle).toHaveClass('mantine-hidden-from-md');
    const steps = document.getElementById(toggle.getAttribute('aria-controls') ?? '')!;
    expect(within(steps).getByRole('navigation', { name: 'Wizard steps' })).toBeInTheDocument();
    // Hidden below the md breakpoint until asked for (Mantine's visible-from class), shown on demand.
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(steps).toHaveClass('mantine-visible-from-md');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(steps).not.toHaveClass('mantine-visible-from-md');
  });

  it('explains a setup the server does not know and links to a new one', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        apiError(404, { code: 'setup-not-found', message: 'No such setup in this session.' }),
      ),
    );
    renderApp(`/setup/${SETUP_ID}/project`);
    expect(await screen.findByRole('alert')).toHaveTextContent('This setup does not exist on the server');
    expect(screen.getByRole('link', { name: 'Start a new setup' })).toHaveAttribute('href', '/');
  });

  it('explains a setup the server can no longer read, without a retry that cannot help', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        apiError(409, {
          code: 'setup-unreadable',
          message: 'This setup was saved in a form the wizard can no longer read, so it cannot be resumed.',
          hint: 'Start a new setup from the start page.',
        }),
      ),
    );
    renderApp(`/setup/${SETUP_ID}/project`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This setup can no longer be opened');
    expect(alert).toHaveTextContent('can no longer read');
    expect(alert).toHaveTextContent('Start a new setup from the start page.');
    expect(within(alert).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start a new setup' })).toHaveAttribute('href', '/');
  });

  it('replays an unsafe request once with a fresh CSRF token after a server restart', async () => {
    const tokens: (string | null)[] = [];
    let sessionCalls = 0;
    server.use(
      http.get(apiPaths.session, () => {
        sessionCalls += 1;
        return HttpResponse.json({
          csrfToken: `token-${sessionCalls}`,
          demo: { available: false },
          currentSetupId: null,
          history: [],
        });
      }),
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('connection-test'))),
      http.post(apiPaths.connectionTest(SETUP_ID), ({ request }) => {
        const token = request.headers.get('x-csrf-token');
        tokens.push(token);
        if (token !== 'token-2')
          return apiError(403, {
            code: 'csrf',
            message: "This request was refused because it did not carry the page's security token.",
          });
        return HttpResponse.json({ ok: true, testedAt: '2026-11-26T10:00:00.000Z', checks: [] });
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/connection-test`);
    await user.click(await screen.findByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connection tested successfully')).toBeInTheDocument();
    expect(tokens).toEqual(['token-1', 'token-2']);
  });
});
