// Serves the built SPA from STATIC_ROOT on the API's port. Unknown non-API GETs get index.html so
// deep links work; unknown /api paths get a JSON 404. Without a build, "/" says how to make one.
import fs from 'node:fs';
import path from 'node:path';

import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export const WEB_NOT_BUILT = 'web app not built: run pnpm --filter @hw/web build';

export const webAppPlugin = fp(async (app) => {
  const root = app.ctx.config.staticRoot;
  const built = fs.existsSync(path.join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  } else {
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(WEB_NOT_BUILT),
    );
  }

  app.setNotFoundHandler(
    // Rate-limited against URL probing; generous because SPA deep links are served from here too.
    { preHandler: app.rateLimit({ max: 600, timeWindow: '1 minute' }) },
    async (request, reply) => {
      if (request.url.startsWith('/api/') || request.url === '/api') {
        return reply.code(404).send({
          code: 'not-found',
          message: `No API route ${request.method} ${request.url.split('?')[0] ?? ''}.`,
        });
      }
      if ((request.method === 'GET' || request.method === 'HEAD') && built) {
        return reply.type('text/html; charset=utf-8').sendFile('index.html');
      }
      if (request.method === 'GET' && !built) {
        return reply.code(503).type('text/plain; charset=utf-8').send(WEB_NOT_BUILT);
      }
      return reply.code(404).send({ code: 'not-found', message: 'Not found.' });
    },
  );
});
