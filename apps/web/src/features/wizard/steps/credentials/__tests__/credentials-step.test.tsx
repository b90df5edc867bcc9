import { apiPaths } from '@hw/wizard-api';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { downloads } from '@/testing/downloads.ts';
import { SETUP_ID, setupAt } from '@/testing/fixtures.ts';
import { apiError } from '@/testing/mocks/handlers.ts';
import { server } from '@/testing/mocks/server.ts';
import { renderApp } from '@/testing/test-utils.tsx';

const atCredentials = () => {
  const state = setupAt('credentials');
  return { ...state, robot: { ...state.robot!, handedOff: false } };
};

describe('credentials step after a reload', () => {
  it('says once, calmly, that the secret is not on the page, counts Export as kept and never gates Next', async () => {
    let exported = 0;
    let handOff: unknown = null;
    server.use(
      http.post(apiPaths.robotHandOff(SETUP_ID), async ({ request }) => {
        handOff = await request.json();
        return HttpResponse.json(setupAt('connect-source'));
      }),
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(atCredentials())),
      http.get(apiPaths.robotExport(SETUP_ID), () => {
        exported += 1;
        return new HttpResponse('{"name":"robot$dst+replicator","secret":"x"}', {
          headers: {
            'content-type': 'application/json',
            'content-disposition': 'attachment; filename="robot$dst+replicator.json"',
          },
        });
      }),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/credentials`);
    expect(await screen.findByText('The secret is no longer on this page')).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Secret/)).not.toBeInTheDocument();
    // No alarm beside the note, and no "I have stored it" tick: the wizard holds the secret already.
    expect(screen.getAllByRole('note')).toHaveLength(1);
    expect(screen.queryByText(/Shown only once|another opportunity/)).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled();

    await user.click(screen.getByRole('button', { name: 'Export to file' }));
    await waitFor(() => expect(exported).toBe(1));
    await waitFor(() => expect(downloads.map((d) => d.fileName)).toEqual(['robot$dst+replicator.json']));
    expect(screen.getByRole('status', { name: 'Your copy of the secret' })).toHaveTextContent(
      'You kept a copy (exported).',
    );
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(handOff).toEqual({ stored: true }));
  });

  it('explains a 410 when the export is gone', async () => {
    server.use(
      http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(atCredentials())),
      http.get(apiPaths.robotExport(SETUP_ID), () =>
        apiError(410, {
          code: 'export-gone',
          message: 'The robot file is no longer available: the secret is shown only during the hand-off.',
          hint: 'If you lost it, create the robot again with "reuse" to get a new secret.',
        }),
      ),
    );
    const { user } = renderApp(`/setup/${SETUP_ID}/credentials`);
    await user.click(await screen.findByRole('button', { name: 'Export to file' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The robot file is no longer available');
    expect(alert).toHaveTextContent('create the robot again with "reuse"');
  });
});
