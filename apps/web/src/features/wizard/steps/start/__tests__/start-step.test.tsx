import { apiPaths, CSRF_HEADER } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { CSRF_TOKEN, session, SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';

describe('start step', () => {
  it('starts a pull setup with the CSRF token and moves to connect target', async () => {
    let received: { body: unknown; csrf: string | null } | null = null;
    server.use(
      http.post(apiPaths.setups, async ({ request }) => {
        received = { body: await request.json(), csrf: request.headers.get(CSRF_HEADER) };
        return HttpResponse.json(setupAt('connect-target', { mode: 'pull' }));
      }),
    );
    const { user, path } = renderApp('/');
    await user.click(await screen.findByRole('radio', { name: 'Pull-based' }));
    await user.click(screen.getByRole('button', { name: 'Start setup' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/connect-target`));
    expect(received).toEqual({ body: { mode: 'pull' }, csrf: CSRF_TOKEN });
  });

  it('explains both modes and offers to resume the unfinished setup', async () => {
    server.use(
      http.get(apiPaths.session, () =>
        HttpResponse.json(
          session({
            currentSetupId: SETUP_ID,
            demo: { available: true, sourceUrl: 'http://127.0.0.1:9001', targetUrl: 'http://127.0.0.1:9002' },
            history: [
              {
                id: SETUP_ID,
                mode: 'push',
                status: 'in-progress',
                step: 'robot',
                createdAt: '2026-11-26T10:00:00.000Z',
                updatedAt: '2026-11-26T10:05:00.000Z',
                sourceUrl: null,
                targetUrl: 'https://target.example.com',
                policyName: null,
                ruleName: null,
                created: [],
              },
            ],
          }),
        ),
      ),
    );
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Resume setup' })).toHaveAttribute(
      'href',
      `/setup/${SETUP_ID}/robot`,
    );
    expect(screen.getByText(/source Harbor pushes images to the target/i)).toBeInTheDocument();
    expect(screen.getByText(/target Harbor pulls images from the source/i)).toBeInTheDocument();
    expect(screen.getByText(/two demo Harbors/i)).toBeInTheDocument();
  });

  it('lists every setup by name (source → target, rule) with its state in words', async () => {
    const summary = {
      mode: 'push' as const,
      createdAt: '2026-11-26T10:00:00.000Z',
      policyName: null,
      created: [],
    };
    server.use(
      http.get(apiPaths.session, () =>
        HttpResponse.json(
          session({
            currentSetupId: null,
            history: [
              {
                ...summary,
                id: 'setup-done',
                status: 'completed',
                step: 'done',
                updatedAt: '2026-11-26T10:30:00.000Z',
                sourceUrl: 'https://build.example.com',
                targetUrl: 'https://dr.example.com:8443',
                policyName: 'nightly',
                ruleName: 'nightly',
              },
              {
                ...summary,
                id: 'setup-rule',
                mode: 'pull',
                status: 'in-progress',
                step: 'rule',
                updatedAt: '2026-11-26T11:00:00.000Z',
                sourceUrl: 'https://vendor.example.com',
                targetUrl: 'https://mirror.example.com',
                ruleName: 'mirror-vendor',
              },
              {
                ...summary,
                id: 'setup-new',
                status: 'in-progress',
                step: 'robot',
                updatedAt: '2026-11-26T09:00:00.000Z',
                sourceUrl: null,
                targetUrl: 'https://dr.example.com:8443',
                ruleName: null,
              },
            ],
          }),
        ),
      ),
    );
    renderApp('/');
    const list = await screen.findByRole('list', { name: 'Your setups' });
    const items = within(list).getAllByRole('listitem');
    // Newest change first, each linking to where it stands.
    expect(items.map((item) => within(item).getByRole('link').textContent)).toEqual([
      'vendor.example.com → mirror.example.com, mirror-vendor',
      'build.example.com → dr.example.com:8443, nightly',
      'source not connected yet → dr.example.com:8443',
    ]);
    expect(items[0]).toHaveTextContent('Pull-based · In progress at “Replication rule”');
    expect(items[1]).toHaveTextContent('Push-based · Completed');
    expect(items[2]).toHaveTextContent('Push-based · In progress at “Robot account”');
    expect(within(items[0]!).getByRole('link')).toHaveAttribute('href', '/setup/setup-rule/rule');
    expect(list).not.toHaveTextContent(/\(at step|“robot”|“rule”/);
  });

  it('shows the server error with its fix when the setup cannot be created', async () => {
    server.use(
      http.post(apiPaths.setups, () =>
        apiError(503, {
          code: 'storage-unavailable',
          message: 'The wizard cannot save progress.',
          hint: 'Check that DATA_DIR is writable.',
        }),
      ),
    );
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Start setup' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The wizard cannot save progress.');
    expect(alert).toHaveTextContent('Check that DATA_DIR is writable.');
  });

  it('forgets the session on request, after a confirmation', async () => {
    let deleted: string | null = null;
    server.use(
      http.delete(apiPaths.session, ({ request }) => {
        deleted = request.headers.get(CSRF_HEADER);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Forget me' }));
    expect(deleted).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Erase my passwords and secrets' }));
    expect(
      await screen.findByText('Done: the server has erased your passwords and secrets.'),
    ).toBeInTheDocument();
    expect(deleted).toBe(CSRF_TOKEN);
  });
});
