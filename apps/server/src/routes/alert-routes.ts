// Alert targets (UI and ALERT_WEBHOOKS), the test alert and the alert history.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';

export const alertRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { alerts } = app.ctx;
  serve(app, 'alertTargets', 'GET', async () => ({ items: await alerts.targets.list() }));
  serve(app, 'alertTargets', 'POST', (request) => alerts.targets.add(request.body));
  serve(app, 'alertTarget', 'DELETE', async (request, reply) => {
    await alerts.targets.remove(request.params.targetId);
    return reply.code(204).send();
  });
  // Each test sends a request to a URL of the caller's choosing: bounded per client.
  serve(app, 'alertTest', 'POST', (request) => alerts.test(request.params.targetId), {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  });
  serve(app, 'alerts', 'GET', async (request) => ({ items: await alerts.history(request.query) }));
  done();
};
