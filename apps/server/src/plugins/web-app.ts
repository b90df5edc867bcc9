// Serves the built SPA from STATIC_ROOT on the API's port. Files are looked up per request, so a
// dist rebuilt while the server runs is served without a restart. Unknown non-API GETs get
// index.html so deep links work; a missing /assets/ file is a 404 (an old page asking for a
// replaced chunk must fail, not receive HTML); unknown /api paths get a JSON 404. Without a build,
// pages say how to make one.
// A few lines of fs instead of @fastify/static: the SPA needs no ranges, directory listings or
// compression negotiation, and that plugin's dependency tree (glob, send, mime…) weighed on the
// idle footprint (DESIGN §5).
import fs from 'node:fs';
import path from 'node:path';

import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

export const WEB_NOT_BUILT = 'web app not built: run pnpm --filter @hw/web build';

// Vite names assets by content hash: a given URL never changes. index.html must be revalidated.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

type Found = { file: string; stat: fs.Stats };

async function statFile(file: string): Promise<fs.Stats | null> {
  try {
    return await fs.promises.stat(file);
  } catch {
    return null;
  }
}

/** The file a URL path names inside root: never outside it, never a dotfile; a directory means its index.html. */
export async function resolveStaticFile(root: string, urlPath: string): Promise<Found | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  // Dot segments ("..", ".env", ".git") are never served.
  if (segments.some((segment) => segment.startsWith('.'))) return null;
  let file = path.join(root, ...segments);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  let stat = await statFile(file);
  if (stat?.isDirectory()) {
    file = path.join(file, 'index.html');
    stat = await statFile(file);
  }
  return stat?.isFile() ? { file, stat } : null;
}

function sendFile(reply: FastifyReply, root: string, found: Found): FastifyReply {
  const immutable = found.file.startsWith(path.join(root, 'assets') + path.sep);
  return reply
    .header('content-type', CONTENT_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream')
    .header('content-length', found.stat.size)
    .header('last-modified', found.stat.mtime.toUTCString())
    .header('cache-control', immutable ? IMMUTABLE : REVALIDATE)
    .send(fs.createReadStream(found.file));
}

export const webAppPlugin = fp((app, _options, done) => {
  const root = path.resolve(app.ctx.config.staticRoot);

  app.get('/*', async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (pathname.startsWith('/api/')) return reply.callNotFound();
    const found = await resolveStaticFile(root, pathname);
    return found ? sendFile(reply, root, found) : reply.callNotFound();
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
        return reply.code(404).send({ code: 'not-found', message: `Nothing to ${request.method} at ${pathname}.` });
      }
      if (pathname.startsWith('/assets/')) {
        return reply.code(404).send({
          code: 'not-found',
          message: `No file ${pathname}.`,
          hint: 'The web app was probably updated: reload the page.',
        });
      }
      const index = await resolveStaticFile(root, '/index.html');
      if (!index) return reply.code(503).type('text/plain; charset=utf-8').send(WEB_NOT_BUILT);
      return sendFile(reply, root, index);
    },
  );
  done();
});
