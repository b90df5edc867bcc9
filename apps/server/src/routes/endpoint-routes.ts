// Step 6: the endpoint's defaults, and saving it on the Harbor that runs the rule.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { setupRef } from '../context.ts';
import { endpointDefaults, saveEndpoint } from '../wizard/endpoint.ts';

export const endpointRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;
  serve(app, 'endpointDefaults', 'GET', (request) => endpointDefaults(ctx, setupRef(request)));
  serve(app, 'endpoint', 'PUT', (request) => saveEndpoint(ctx, setupRef(request), request.body));
  done();
};
