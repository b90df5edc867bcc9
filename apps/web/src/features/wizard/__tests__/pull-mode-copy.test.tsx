// Pull mode turns the Harbors' roles around: the robot lives on the source, the endpoint and the rule
// on the target. Every text that names a Harbor's role has to follow the mode.
import { apiPaths, STEP_IDS } from '@hw/wizard-api';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { connection, SETUP_ID, setupAt } from '@/testing/fixtures.ts';
import { server } from '@/testing/mocks/server.ts';
import { renderApp } from '@/testing/test-utils.tsx';

const pullAt = (...args: Parameters<typeof setupAt>) => setupAt(args[0], { mode: 'pull', ...args[1] });

describe('pull mode copy', () => {
  it('Connect source says the robot lives there and the rule runs on the target', async () => {
    server.use(http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(pullAt('connect-source'))));
    renderApp(`/setup/${SETUP_ID}/connect-source`);
    const text = await screen.findByText(/^Log in to the Harbor the images come from\./);
    expect(text).toHaveTextContent(
      'The robot account lives here; the replication rule runs on the target Harbor.',
    );
    expect(text).not.toHaveTextContent(/replication rules need a system administrator/i);
  });

  it('Connect target says the endpoint and rule live there and need an administrator', async () => {
    server.use(http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(pullAt('connect-target'))));
    renderApp(`/setup/${SETUP_ID}/connect-target`);
    expect(await screen.findByText(/^Log in to the Harbor that receives the images\./)).toHaveTextContent(
      'The endpoint and the replication rule live on this Harbor and need a system administrator',
    );
  });

  it("the robot's description names the Harbor that uses it, not its own", async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        HttpResponse.json(
          pullAt('robot', {
            project: { id: 7, name: 'dst', createdByWizard: true, sourceProject: 'library' },
          }),
        ),
      ),
    );
    renderApp(`/setup/${SETUP_ID}/robot`);
    expect(await screen.findByRole('textbox', { name: /Description/ })).toHaveValue(
      'Replication to https://target.example.com',
    );
  });

  it('the destination namespace help says the target writes itself and the robot only reads', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(pullAt('rule'))),
      http.get(apiPaths.labels(SETUP_ID), () => HttpResponse.json({ items: [] })),
      http.get(apiPaths.sampleRepositories(SETUP_ID), () => HttpResponse.json({ items: [] })),
      http.post(apiPaths.preview(SETUP_ID), () =>
        HttpResponse.json({
          items: [],
          total: 0,
          totals: {
            scannedRepositories: 0,
            matchedRepositories: 0,
            artifacts: 0,
            tags: 0,
            collisions: 0,
            errors: 0,
          },
          warnings: [],
          collisions: [],
          harborCalls: 1,
        }),
      ),
    );
    renderApp(`/setup/${SETUP_ID}/rule`);
    const namespace = await screen.findByRole('textbox', { name: /Destination namespace/ });
    const help = document.getElementById(namespace.getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(help).toHaveTextContent('the robot account only reads the source project');
    expect(help).not.toHaveTextContent('may only write there');
  });

  it('an empty source project is reported as required, not as a badly written name', async () => {
    let chosen = false;
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        HttpResponse.json(pullAt('project', { source: connection({ url: 'https://source.example.com' }) })),
      ),
      http.get(apiPaths.projectCheck(SETUP_ID), ({ request }) =>
        HttpResponse.json({ name: new URL(request.url).searchParams.get('name') ?? '', exists: true }),
      ),
      http.put(apiPaths.project(SETUP_ID), () => ((chosen = true), HttpResponse.json(pullAt('robot')))),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/project`);
    await user.type(await screen.findByRole('combobox', { name: /Project name/ }), 'dst');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      (await screen.findAllByText(/Enter the source project: the robot account may read only this project\./))
        .length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/not in lower case/)).not.toBeInTheDocument();
    expect(chosen).toBe(false);
  });

  it('after Credentials goes to the next step not done yet, past the source connected on the project step', async () => {
    const atCredentials = pullAt('credentials', {
      completedSteps: [...STEP_IDS.slice(0, STEP_IDS.indexOf('credentials')), 'connect-source'],
    });
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () =>
        HttpResponse.json({ ...atCredentials, robot: { ...atCredentials.robot!, handedOff: false } }),
      ),
      http.post(apiPaths.robotHandOff(SETUP_ID), () => HttpResponse.json(pullAt('endpoint'))),
      http.get(apiPaths.endpointDefaults(SETUP_ID), () =>
        HttpResponse.json({
          name: 'source.example.com',
          url: 'https://source.example.com',
          accessKey: 'robot$library+replicator',
          candidates: [],
          caCertificateSupported: true,
        }),
      ),
    );
    const { user, path } = renderApp(`/setup/${SETUP_ID}/credentials`);
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await waitFor(() => expect(path()).toBe(`/setup/${SETUP_ID}/endpoint`));
    expect(await screen.findByRole('heading', { name: 'Endpoint' })).toBeInTheDocument();
  });
});
