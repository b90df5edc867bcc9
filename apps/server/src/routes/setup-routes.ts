// Start a setup, resume it, and move between its steps.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { requireSession, setupRef } from '../context.ts';
import { storeSession } from '../plugins/session.ts';

export const setupRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { setups } = app.ctx;
  serve(app, 'setups', 'POST', async (request) => {
    const session = requireSession(request);
    await storeSession(request);
    const record = await setups.create(session.id, request.body.mode);
    return record.state;
  });
  serve(app, 'setup', 'GET', (request) =>
    setups.open(setupRef(request), requireSession(request).currentSetupId),
  );
  serve(app, 'step', 'PUT', (request) => setups.goToStep(setupRef(request), request.body.step));
  done();
};
