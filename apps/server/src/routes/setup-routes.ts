// Start a setup, resume it, and move between its steps.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { requireSession, setupRef } from '../context.ts';

export const setupRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { setups } = app.ctx;
  serve(app, 'setups', 'POST', async (request) => {
    const record = await setups.create(requireSession(request).id, request.body.mode);
    return record.state;
  });
  serve(app, 'setup', 'GET', (request) =>
    setups.open(setupRef(request), requireSession(request).currentSetupId),
  );
  serve(app, 'step', 'PUT', (request) => setups.goToStep(setupRef(request), request.body.step));
  done();
};
