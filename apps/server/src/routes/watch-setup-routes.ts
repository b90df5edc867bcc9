// "Keep watching" a setup's rule: the plan, the start, and stopping a watch.
import type { FastifyPluginCallback } from 'fastify';

import { requireSession, setupRef } from '../context.ts';
import { serve } from '../http/api-routes.ts';
import { planWatch, startWatch, stopWatch } from '../watch/watch-service.ts';

export const watchSetupRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;
  serve(app, 'watchPlan', 'GET', (request) => planWatch(ctx, setupRef(request)));
  serve(app, 'watchStart', 'POST', (request) => startWatch(ctx, setupRef(request), request.body, request.ip));
  serve(app, 'watchStop', 'POST', (request) =>
    stopWatch(ctx, request.params.watchId, request.body, {
      sessionId: requireSession(request).id,
      address: request.ip,
    }),
  );
  done();
};
