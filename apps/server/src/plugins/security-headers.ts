// helmet with a strict Content-Security-Policy: the SPA loads only its own scripts (no inline
// script); Mantine injects <style> tags, so styles allow 'unsafe-inline'.
// @fastify/helmet rebuilds helmet's middleware on every request; nothing here depends on the
// request, so helmet's answer is taken once from a throwaway instance and set as fixed headers.
import type { FastifyHelmetOptions } from '@fastify/helmet';
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import fp from 'fastify-plugin';

function helmetOptions(trustProxy: boolean): FastifyHelmetOptions {
  return {
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

/** The headers helmet sets for these options (the same for every request). */
export async function securityHeaders(trustProxy: boolean): Promise<[string, string][]> {
  const probe = Fastify({ logger: false });
  try {
    await probe.register(helmet, helmetOptions(trustProxy));
    probe.get('/', () => '');
    const bare = Fastify({ logger: false });
    bare.get('/', () => '');
    const [withHelmet, without] = await Promise.all([
      probe.inject({ method: 'GET', url: '/' }),
      bare.inject({ method: 'GET', url: '/' }),
    ]);
    await bare.close();
    return Object.entries(withHelmet.headers)
      .filter(([name]) => without.headers[name] === undefined)
      .map(([name, value]) => [name, String(value)]);
  } finally {
    await probe.close();
  }
}

export const securityHeadersPlugin = fp(async (app) => {
  const headers = await securityHeaders(app.ctx.config.trustProxy);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
});
