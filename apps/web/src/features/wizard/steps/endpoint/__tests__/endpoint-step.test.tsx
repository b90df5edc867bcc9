import { apiPaths } from '@hw/wizard-api';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';

const defaults = (candidates: unknown[] = []) => ({
  name: 'target.example.com',
  url: 'https://target.example.com',
  accessKey: 'robot$dst+replicator',
  candidates,
  caCertificateSupported: true,
});

function endpointHandlers(
  options: { candidates?: unknown[]; onSave?: (body: unknown) => Response | undefined } = {},
) {
  return [
    http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('endpoint'))),
    http.get(apiPaths.endpointDefaults(SETUP_ID), () => HttpResponse.json(defaults(options.candidates))),
    http.put(apiPaths.endpoint(SETUP_ID), async ({ request }) => {
      const body = await request.json();
      return options.onSave?.(body) ?? HttpResponse.json(setupAt('connection-test'));
    }),
  ];
}

describe('endpoint step', () => {
  it("prefills Harbor's endpoint fields and never asks for the secret", async () => {
    let saved: unknown = null;
    server.use(...endpointHandlers({ onSave: (body) => void (saved = body) }));
    const { user, path } = renderApp(`/setup/${SETUP_ID}/endpoint`);
    expect(await screen.findByRole('textbox', { name: /Endpoint URL/ })).toHaveValue(
      'https://target.example.com',
    );
    expect(screen.getByRole('textbox', { name: /Access ID/ })).toHaveValue('robot$dst+replicator');
    expect(screen.getByRole('textbox', { name: /Access Secret/ })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: /Verify Remote Cert/ })).toBeChecked();
    const url = screen.getByRole('textbox', { name: /Endpoint URL/ });
    await user.clear(url);
    await user.type(url, 'https://harbor-internal.example.com');
    await user.click(screen.getByRole('button', { name: 'Create endpoint' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/connection-test`));
    expect(saved).toEqual({
      name: 'target.example.com',
      description: 'Created by the Harbor Replication Wizard',
      url: 'https://harbor-internal.example.com',
      verifyRemoteCert: true,
    });
  });

  it('rejects an invalid URL inline with Next disabled', async () => {
    server.use(...endpointHandlers());
    const { user } = renderApp(`/setup/${SETUP_ID}/endpoint`);
    const url = await screen.findByRole('textbox', { name: /Endpoint URL/ });
    await user.clear(url);
    await user.type(url, 'target');
    expect(
      (await screen.findAllByText('Enter a full URL starting with https:// (or http://)')).length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Create endpoint' })).toBeDisabled();
  });

  it('offers to reuse an endpoint with the same URL and account', async () => {
    let saved: { reuseId?: number } | null = null;
    server.use(
      ...endpointHandlers({
        candidates: [
          {
            id: 4,
            name: 'dr-site',
            url: 'https://target.example.com',
            accessKey: 'robot$dst+replicator',
            status: 'healthy',
            sameAccount: true,
          },
        ],
        onSave: (body) => void (saved = body as { reuseId?: number }),
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/endpoint`);
    expect(await screen.findByRole('radio', { name: /Reuse “dr-site”/ })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Use endpoint' }));
    await waitFor(() => expect(saved?.reuseId).toBe(4));
  });

  it("shows Harbor's answer when the endpoint cannot be saved", async () => {
    server.use(
      ...endpointHandlers({
        onSave: () =>
          apiError(409, {
            code: 'endpoint-exists',
            message: 'The source Harbor already has an endpoint named "target.example.com".',
            hint: 'Pick another name.',
            harbor: {
              status: 409,
              errors: [{ code: 'CONFLICT', message: 'the registry name target.example.com already exists' }],
            },
            conflict: { options: ['rename'] },
          }),
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/endpoint`);
    await user.click(await screen.findByRole('button', { name: 'Create endpoint' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('CONFLICT: the registry name target.example.com already exists');
    expect(alert).toHaveTextContent('Pick another name.');
    await user.click(within(alert).getByRole('button', { name: 'Choose another name' }));
    expect(screen.getByRole('textbox', { name: /^Name/ })).toHaveFocus();
  });

  it('after Harbor could not reach the URL, shows the diagnosis on this step and saves the corrected URL', async () => {
    let attempts = 0;
    server.use(
      ...endpointHandlers({
        onSave: (body) => {
          attempts += 1;
          if ((body as { url: string }).url === 'https://target.example.com/good') return undefined;
          return apiError(400, {
            code: 'endpoint-unreachable',
            message:
              'The source Harbor could not connect to http://127.0.0.1:9 (a network, DNS or TLS error; Harbor hides which).',
            hint: "Network (TCP), from the wizard's server: Connection refused on port 9 of 127.0.0.1: nothing listens there. Check the port in the URL.",
            diagnosis: [
              {
                id: 'dns',
                title: "DNS, from the wizard's server",
                status: 'pass',
                detail: '127.0.0.1 is an IP address; no DNS lookup needed.',
              },
              {
                id: 'tcp',
                title: "Network (TCP), from the wizard's server",
                status: 'fail',
                detail: 'Connection refused on port 9 of 127.0.0.1: nothing listens there.',
                cause: "Nothing listens on port 9 of 127.0.0.1, as seen from the wizard's server.",
                fix: 'Check the port in the URL.',
              },
              {
                id: 'http',
                title: "HTTP, from the wizard's server",
                status: 'skip',
                detail: 'Skipped: no TCP connection.',
              },
            ],
          });
        },
      }),
    );
    const { user, path } = renderApp(`/setup/${SETUP_ID}/endpoint`);
    await user.click(await screen.findByRole('button', { name: 'Create endpoint' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Connection refused on port 9');
    expect(alert).not.toHaveTextContent(/connection test/i);
    const diagnosis = screen.getByRole('region', { name: 'Diagnosis of the endpoint URL' });
    const tcp = within(diagnosis).getByRole('group', {
      name: "Network (TCP), from the wizard's server: failed",
    });
    expect(within(tcp).getByText(/nothing listens there/)).toBeInTheDocument();
    expect(within(diagnosis).getByRole('group', { name: /^DNS.*: passed$/ })).toBeInTheDocument();
    expect(diagnosis).toHaveTextContent(/only .*the source Harbor\s+itself reaches it/i);

    const url = screen.getByRole('textbox', { name: /Endpoint URL/ });
    await user.clear(url);
    await user.type(url, 'https://target.example.com/good');
    await user.click(screen.getByRole('button', { name: 'Create endpoint' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/connection-test`));
    expect(attempts).toBe(2);
  });
});
