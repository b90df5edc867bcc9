import { apiPaths } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { connection, session, SETUP_ID, setupAt } from '@/testing/fixtures.ts';
import { apiError } from '@/testing/mocks/handlers.ts';
import { server } from '@/testing/mocks/server.ts';
import { renderApp } from '@/testing/test-utils.tsx';

const url = `/setup/${SETUP_ID}/connect-target`;

describe('connect step', () => {
  it('validates the form inline before anything is sent', async () => {
    let posted = false;
    server.use(
      http.post(
        apiPaths.connect(SETUP_ID, 'target'),
        () => ((posted = true), HttpResponse.json(setupAt('project'))),
      ),
    );
    const { user } = renderApp(url);
    await user.type(await screen.findByLabelText(/Harbor URL/), 'harbor.example.com');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(
      await screen.findByText('Enter a full URL starting with https:// (or http://)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Enter the user name')).toBeInTheDocument();
    expect(screen.getByText('Enter the password')).toBeInTheDocument();
    expect(posted).toBe(false);
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(screen.getByText('Connect to the target Harbor first.')).toBeInTheDocument();
  });

  it('connects, shows the version report and moves on with Next', async () => {
    let body: unknown = null;
    server.use(
      http.post(apiPaths.connect(SETUP_ID, 'target'), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(setupAt('project', { target: connection({ version: 'v2.13.1' }) }));
      }),
      http.get(apiPaths.projects(SETUP_ID), () => HttpResponse.json({ items: [], total: 0 })),
    );
    const { user, path } = renderApp(url);
    await user.type(await screen.findByLabelText(/Harbor URL/), 'https://target.example.com');
    await user.type(screen.getByLabelText(/Username/), 'admin');
    await user.type(screen.getByLabelText(/^Password/), 'Harbor12345');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    const report = await screen.findByRole('region', { name: 'Connected to the target Harbor' });
    expect(within(report).getByText('Harbor v2.13.1')).toBeInTheDocument();
    expect(body).toEqual({
      url: 'https://target.example.com',
      username: 'admin',
      password: 'Harbor12345',
      tls: { mode: 'verify' },
    });
    // The connection leads the step and the form folds away; reopened, it holds no password.
    expect(screen.getByRole('status', { name: 'Connection' })).toHaveTextContent(
      'Connected as admin @ https://target.example.com, Harbor v2.13.1',
    );
    expect(screen.queryByLabelText(/^Password/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Change' }));
    expect(screen.getByLabelText(/Harbor URL/)).toHaveValue('https://target.example.com');
    expect(screen.getByLabelText(/^Password/)).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/project`));
  });

  it('on an OIDC Harbor the report says which password the API takes', async () => {
    const note =
      'This Harbor logs users in with OIDC: for the API an OIDC user’s password is the CLI secret from their user profile. The local admin account keeps its own password.';
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        HttpResponse.json(
          setupAt('project', { target: connection({ authMode: 'oidc_auth', passwordNote: note }) }),
        ),
      ),
    );
    renderApp(url);
    const report = await screen.findByRole('region', { name: 'Connected to the target Harbor' });
    const shown = within(report).getByRole('note', { name: /Which password the API takes/ });
    expect(shown).toHaveTextContent('the CLI secret from their user profile');
    expect(shown).toHaveTextContent('The local admin account keeps its own password.');
  });

  it("shows Harbor's own message next to the plain explanation and fix", async () => {
    server.use(
      http.post(apiPaths.connect(SETUP_ID, 'target'), () =>
        apiError(401, {
          code: 'harbor-unauthorized',
          message: 'Harbor refused the user name or password.',
          hint: 'Check the credentials; LDAP/OIDC users need their CLI secret.',
          harbor: {
            status: 401,
            operation: 'GET /users/current',
            errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }],
          },
        }),
      ),
    );
    const { user } = renderApp(url);
    await user.type(await screen.findByLabelText(/Harbor URL/), 'https://target.example.com');
    await user.type(screen.getByLabelText(/Username/), 'admin');
    await user.type(screen.getByLabelText(/^Password/), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not connect to the target Harbor');
    expect(alert).toHaveTextContent('Harbor refused the user name or password.');
    expect(alert).toHaveTextContent('UNAUTHORIZED: unauthorized');
    expect(alert).toHaveTextContent('LDAP/OIDC users need their CLI secret');
  });

  it('asks for the CA certificate and warns when verification is skipped', async () => {
    const { user } = renderApp(url);
    await user.click(await screen.findByRole('radio', { name: /Verify with my CA certificate/ }));
    expect(screen.getByLabelText(/CA certificate \(PEM\)/)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /Skip verification/ }));
    expect(screen.getByText('Certificate verification is off')).toBeInTheDocument();
  });

  it('offers the demo Harbor and sends no credentials for it', async () => {
    let body: unknown = null;
    server.use(
      http.get(apiPaths.session, () =>
        HttpResponse.json(
          session({
            demo: { available: true, sourceUrl: 'http://127.0.0.1:9001', targetUrl: 'http://127.0.0.1:9002' },
          }),
        ),
      ),
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('connect-source'))),
      http.post(apiPaths.connect(SETUP_ID, 'source'), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          setupAt('connect-source', { source: connection({ url: 'http://127.0.0.1:9001', demo: true }) }),
        );
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/connect-source`);
    await user.click(await screen.findByRole('button', { name: 'Use demo source' }));
    expect(await screen.findByRole('region', { name: 'Connected to the source Harbor' })).toBeInTheDocument();
    expect(body).toEqual({ demo: true });
  });

  it('after "Use demo target" says who is connected first, with no field error, and Change shows the login', async () => {
    server.use(
      http.get(apiPaths.session, () =>
        HttpResponse.json(session({ demo: { available: true, targetUrl: 'http://127.0.0.1:9002' } })),
      ),
      http.post(apiPaths.connect(SETUP_ID, 'target'), () =>
        HttpResponse.json(
          setupAt('project', {
            target: connection({ url: 'http://127.0.0.1:9002', demo: true, version: 'v2.14.0' }),
          }),
        ),
      ),
      http.get(apiPaths.projects(SETUP_ID), () => HttpResponse.json({ items: [], total: 0 })),
    );
    const { user } = renderApp(url);
    // Touching the URL field first used to leave "Enter the Harbor URL" beside the connection.
    await user.click(await screen.findByLabelText(/Harbor URL/));
    await user.click(screen.getByRole('button', { name: 'Use demo target' }));
    const line = await screen.findByRole('status', { name: 'Connection' });
    expect(line).toHaveTextContent('Connected as admin @ http://127.0.0.1:9002, Harbor v2.14.0');
    const report = screen.getByRole('region', { name: 'Connected to the target Harbor' });
    // The connection line comes before the report in the page, so it is the first thing seen.
    expect(line.compareDocumentPosition(report) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.queryByText('Enter the Harbor URL')).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Log in to the target Harbor' })).not.toBeInTheDocument();

    await user.click(within(line).getByRole('button', { name: 'Change' }));
    expect(screen.getByLabelText(/Harbor URL/)).toHaveValue('http://127.0.0.1:9002');
    expect(screen.getByLabelText(/Username/)).toHaveValue('admin');
    expect(screen.queryByText('Enter the Harbor URL')).not.toBeInTheDocument();
  });

  it('clears the last server error on a new submit and on an edit', async () => {
    server.use(
      http.post(apiPaths.connect(SETUP_ID, 'target'), () =>
        apiError(401, { code: 'harbor-unauthorized', message: 'Harbor refused the user name or password.' }),
      ),
    );
    const { user } = renderApp(url);
    const harborUrl = await screen.findByLabelText(/Harbor URL/);
    await user.type(harborUrl, 'https://target.example.com');
    await user.type(screen.getByLabelText(/Username/), 'admin');
    await user.type(screen.getByLabelText(/^Password/), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('Could not connect to the target Harbor')).toBeInTheDocument();

    // A submit that stops at a field error does not leave the old server error under it.
    await user.clear(screen.getByLabelText(/^Password/));
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('Enter the password')).toBeInTheDocument();
    expect(screen.queryByText('Could not connect to the target Harbor')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText(/^Password/), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('Could not connect to the target Harbor')).toBeInTheDocument();
    await user.type(harborUrl, '/');
    expect(screen.queryByText('Could not connect to the target Harbor')).not.toBeInTheDocument();
  });

  it('refuses to go on when the rule side is not a system administrator', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        HttpResponse.json(
          setupAt('connect-source', {
            source: connection({ url: 'https://source.example.com', isSysAdmin: false }),
          }),
        ),
      ),
    );
    renderApp(`/setup/${SETUP_ID}/connect-source`);
    expect(await screen.findByText('A system administrator account is needed here')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    // The login stays open to connect again with an administrator; there is nothing to keep.
    expect(screen.getByRole('form', { name: 'Log in to the source Harbor' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Change' })).not.toBeInTheDocument();
  });
});
