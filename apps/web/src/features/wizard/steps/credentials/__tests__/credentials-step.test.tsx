import { apiPaths } from '@hw/wizard-api';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { downloads } from '../../../../../testing/downloads.ts';
import { SETUP_ID, setupAt } from '../../../../../testing/fixtures.ts';
import { apiError } from '../../../../../testing/mocks/handlers.ts';
import { server } from '../../../../../testing/mocks/server.ts';
import { renderApp } from '../../../../../testing/test-utils.tsx';

const atCredentials = () => {
  const state = setupAt('credentials');
  return { ...state, robot: { ...state.robot!, handedOff: false } };
};

describe('credentials step after a reload', () => {
  it('no longer shows the secret but still offers the server export and the confirmation', async () => {
    let exported = 0;
    server.use(
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
    await user.click(screen.getByRole('button', { name: 'Export to file' }));
    await waitFor(() => expect(exported).toBe(1));
    await waitFor(() => expect(downloads.map((d) => d.fileName)).toEqual(['robot$dst+replicator.json']));
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
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
