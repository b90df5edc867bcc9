// Serves the built SPA from STATIC_ROOT on the API's port with @fastify/static. Files are looked up
// per request (`wildcard: true`), so a dist rebuilt while the server runs is served without a
// restart. Unknown non-API GETs get index.html so deep links work; a missing /assets/ file is a 404
// (an old page asking for a replaced chunk must fail, not receive HTML); unknown /api paths get a
// JSON 404. Dotfiles are not served and paths outside the root are refused by the plugin
// (@fastify/send). Without a build, pages say how to make one.
import fs from 'node:fs';
import path from 'node:path';

import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export const WEB_NOT_BUILT = 'web app not built: run pnpm --filter @hw/web build';

// Vite names assets by content hash: a given URL never changes. index.html must be revalidated.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}

export const webAppPlugin = fp(async (app) => {
  const root = path.resolve(app.ctx.config.staticRoot);
  const assets = path.join(root, 'assets') + path.sep;
  const index = path.join(root, 'index.html');

  await app.register(fastifyStatic, {
    root,
    wildcard: true,
    index: ['index.html'],
    // A dotfile (.env, .git) is never served: it is answered like any path that does not exist.
    dotfiles: 'ignore',
    // A directory without its index is not listed and not redirected: it is simply not found.
    list: false,
    redirect: false,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', filePath.startsWith(assets) ? IMMUTABLE : REVALIDATE);
    },
  });

  app.setNotFoundHandler(
    // Rate-limited against URL probing; generous because SPA deep links are served from here too.
    { preHandler: app.rateLimit({ max: 600, timeWindow: '1 minute' }) },
    async (request, reply) => {
      const pathname = request.url.split('?')[0] ?? '';
      if (pathname.startsWith('/api/') || pathname === '/api') {
        return reply.code(404).send({
          code: 'not-found',
          message: `No API route ${request.method} ${pathname}.`,
        });
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return reply
          .code(404)
          .send({ code: 'not-found', message: `Nothing to ${request.method} at ${pathname}.` });
      }
      if (pathname.startsWith('/assets/')) {
        return reply.code(404).send({
          code: 'not-found',
          message: `No file ${pathname}.`,
          hint: 'The web app was probably updated: reload the page.',
        });
      }
      if (!(await isFile(index)))
        return reply.code(503).type('text/plain; charset=utf-8').send(WEB_NOT_BUILT);
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    },
  );
});
