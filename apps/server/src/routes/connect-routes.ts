// POST connect/:side — log in to a Harbor (or to one of the demo Harbors, credentials server-side).
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { setupRef } from '../context.ts';
import { rotateSession } from '../plugins/session.ts';
import { connectSide } from '../wizard/connect-side.ts';

export const connectRoutes: FastifyPluginCallback = (app, _options, done) => {
  serve(
    app,
    'connect',
    'POST',
    async (request, reply) => {
      const { side } = request.params;
      const state = await connectSide(app.ctx, setupRef(request), side, request.body, request.ip);
      // A password is stored now: a cookie planted before this login must not reach it.
      await rotateSession(request, reply);
      return state;
    },
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
