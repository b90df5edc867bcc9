import { apiPaths } from '@hw/wizard-api';
import type { ConnectionTestResult } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';

const failing: ConnectionTestResult = {
  ok: false,
  testedAt: '2026-11-26T10:10:00.000Z',
  checks: [
    { id: 'harbor-ping', title: 'Harbor ping', status: 'fail', detail: 'Failed to ping endpoint.' },
    { id: 'dns', title: 'DNS', status: 'pass', detail: 'target.example.com resolves to 10.0.0.5' },
    { id: 'tcp', title: 'TCP', status: 'pass', detail: 'Port 443 is open' },
    {
      id: 'tls',
      title: 'TLS',
      status: 'fail',
      detail: 'x509: certificate signed by unknown authority',
      cause: 'The target uses a certificate from a private CA.',
      fix: 'Add the CA certificate to the endpoint, or turn off Verify Remote Cert for tests.',
    },
    { id: 'permissions', title: 'Permissions', status: 'skip', detail: 'Not checked: TLS failed.' },
  ],
};
const passing: ConnectionTestResult = {
  ok: true,
  testedAt: '2026-11-26T10:12:00.000Z',
  checks: failing.checks.map((c) => ({ ...c, status: 'pass' as const, cause: undefined, fix: undefined })),
};

describe('connection test step', () => {
  it('shows each check with pass/fail, cause and fix, and blocks Next on failure', async () => {
    let state = setupAt('connection-test');
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
      http.post(apiPaths.connectionTest(SETUP_ID), () => {
        state = { ...state, connectionTest: failing };
        return HttpResponse.json(failing);
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/connection-test`);
    expect(await screen.findByText('Run the connection test first.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const tls = await screen.findByRole('group', { name: 'TLS: failed' });
    expect(within(tls).getByText('x509: certificate signed by unknown authority')).toBeInTheDocument();
    expect(within(tls).getByText(/private CA/)).toBeInTheDocument();
    expect(within(tls).getByText(/Add the CA certificate/)).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'DNS: passed' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Permissions: skipped' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });

  it('goes on to the rule once the test passes', async () => {
    let state = setupAt('connection-test');
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(state)),
      http.post(apiPaths.connectionTest(SETUP_ID), () => {
        state = setupAt('rule', { connectionTest: passing });
        return HttpResponse.json(passing);
      }),
    );
    const { user, path } = renderApp(`/setup/${SETUP_ID}/connection-test`);
    await user.click(await screen.findByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connection tested successfully')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/rule`));
  });

  it('explains a server error with a retry', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('connection-test'))),
      http.post(apiPaths.connectionTest(SETUP_ID), () =>
        apiError(409, {
          code: 'endpoint-missing',
          message: 'Save the endpoint first.',
          hint: 'Go to the "Endpoint" step.',
        }),
      ),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/connection-test`);
    await user.click(await screen.findByRole('button', { name: 'Test connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Save the endpoint first.');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it("says the layer checks run from the wizard's server and what only Harbor's own test proves", async () => {
    server.use(http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('connection-test'))));
    renderApp(`/setup/${SETUP_ID}/connection-test`);
    expect(
      await screen.findByText(/Harbor's own connection test proves that the source Harbor itself reaches/),
    ).toHaveTextContent(/The DNS, TCP, TLS and HTTP checks run from the wizard's server/);
  });
});
