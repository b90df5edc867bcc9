// Step 7: Harbor's own ping of the endpoint, then the wizard's layer-by-layer diagnosis of it.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { setupRef } from '../context.ts';
import { runConnectionTest } from '../wizard/connection-test.ts';

export const connectionTestRoutes: FastifyPluginCallback = (app, _options, done) => {
  serve(app, 'connectionTest', 'POST', (request) => runConnectionTest(app.ctx, setupRef(request)));
  done();
};
