// POST connect/:side — log in to a Harbor (or to one of the demo Harbors, credentials server-side).
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { setupRef } from '../context.ts';
import { connectSide } from '../wizard/connect-side.ts';

export const connectRoutes: FastifyPluginCallback = (app, _options, done) => {
  serve(
    app,
    'connect',
    'POST',
    (request) => connectSide(app.ctx, setupRef(request), request.params.side, request.body),
    {
      config: {
        // Per browser session (falling back to the address): password guessing is slow, a team behind one NAT is not.
        rateLimit: {
          max: 20,
          timeWindow: '1 minute',
          keyGenerator: (request: FastifyRequest) => request.wizardSession?.id ?? request.ip,
        },
      },
    },
  );
  done();
};
