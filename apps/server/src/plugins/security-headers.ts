// helmet with a strict Content-Security-Policy: the SPA loads only its own scripts (no inline
// script); Mantine injects <style> tags, so styles allow 'unsafe-inline'.
// @fastify/helmet rebuilds helmet's middleware on every request although nothing here depends on
// the request: helmet runs once (first request), and the headers it set are replayed afterwards.
import type { FastifyHelmetOptions } from '@fastify/helmet';
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

function helmetOptions(trustProxy: boolean): FastifyHelmetOptions {
  return {
    // Applied by the hook below, not on every route by the plugin.
    global: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        scriptSrcAttr: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: trustProxy ? undefined : false,
  };
}

export const securityHeadersPlugin = fp(async (app) => {
  await app.register(helmet, helmetOptions(app.ctx.config.trustProxy));
  let headers: [string, string | number | string[]][] | null = null;
  app.addHook('onRequest', (_request, reply, done) => {
    if (headers) {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
      return;
    }
    const before = new Set(reply.raw.getHeaderNames());
    reply.helmet();
    headers = Object.entries(reply.raw.getHeaders())
      .filter(([name, value]) => !before.has(name) && value !== undefined)
      .map(([name, value]) => [name, value as string | number | string[]]);
    done();
  });
});
