// The browser session: an opaque random token in an httpOnly, SameSite=Strict cookie (Secure behind
// an https proxy), and a CSRF token derived from it (HMAC) that unsafe requests must echo in a header.
// The server only ever stores and logs sha256(token) as the session id: a copy of the database or of
// a log does not let anyone take over a live session (and the admin passwords bound to it).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import cookie from '@fastify/cookie';
import { CSRF_HEADER } from '@hw/wizard-api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

import type { SessionRecord } from '../storage/storage.ts';

export const SESSION_COOKIE = 'hw_session';
const SESSION_COOKIE_MAX_AGE_S = 30 * 24 * 3600;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Writing last-seen on every request is wasteful; once a minute is precise enough for idle expiry.
const TOUCH_INTERVAL_MS = 60_000;

/** The session id kept on the server for a cookie value. */
export function sessionIdFor(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function csrfTokenFor(app: FastifyInstance, sessionId: string): string {
  return app.ctx.vault.mac('csrf', sessionId);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function createSession(request: FastifyRequest, reply: FastifyReply): Promise<SessionRecord> {
  const { ctx } = request.server;
  const at = ctx.now().toISOString();
  const token = randomBytes(32).toString('base64url');
  const session: SessionRecord = {
    id: sessionIdFor(token),
    createdAt: at,
    lastSeenAt: at,
    currentSetupId: null,
  };
  await ctx.storage.createSession(session);
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    // Kept across browser restarts so the setup history stays reachable; secrets expire on their own.
    maxAge: SESSION_COOKIE_MAX_AGE_S,
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.trustProxy && request.protocol === 'https',
  });
  request.wizardSession = session;
  return session;
}

export const sessionPlugin = fp(async (app) => {
  await app.register(cookie);
  app.decorateRequest('wizardSession', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const { ctx } = app;
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await ctx.storage.getSession(sessionIdFor(token)) : null;
    request.wizardSession = session;

    if (UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (!session || typeof sent !== 'string' || !sameToken(sent, csrfTokenFor(app, session.id))) {
        await reply.code(403).send({
          code: 'csrf',
          message: "This request was refused because it did not carry the page's security token.",
          hint: 'Reload the page and try again.',
        });
        return reply;
      }
    }

    if (session) {
      const now = ctx.now();
      if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
        await ctx.storage.touchSession(session.id, now.toISOString());
        await ctx.secrets.keepAlive(session.id);
      }
    }
    return undefined;
  });
});
