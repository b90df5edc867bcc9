// GET /metrics for Prometheus; behind a bearer token when METRICS_TOKEN is set.
import { createHash, timingSafeEqual } from 'node:crypto';

import type { FastifyPluginCallback } from 'fastify';

import { ApiFailure } from '../errors.ts';
import { serve } from '../http/api-routes.ts';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export const metricsRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { config, metrics } = app.ctx;
  const expected = config.metricsToken === null ? null : digest(config.metricsToken);
  serve(app, 'metrics', 'GET', async (request, reply) => {
    if (expected !== null) {
      const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      // Compared as digests: equal lengths, constant time.
      if (given === undefined || !timingSafeEqual(digest(given), expected))
        throw new ApiFailure(
          401,
          {
            code: 'metrics-token',
            message: 'These metrics need the METRICS_TOKEN as a bearer token.',
            hint: 'Set `authorization: Bearer <METRICS_TOKEN>` in the scrape configuration.',
          },
          { 'www-authenticate': 'Bearer realm="metrics"' },
        );
    }
    const { contentType, text } = await metrics.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(text);
  });
  done();
};
