// The browser session: an opaque random token in an httpOnly, SameSite=Strict cookie (Secure behind
// an https proxy), and a CSRF token derived from it (HMAC) that unsafe requests must echo in a header.
// The server only ever stores and logs sha256(token): a copy of the database or of a log does not let
// anyone take over a live session (and the admin passwords bound to it). A session is stored with its
// first setup only (a visit leaves nothing behind), and its token is replaced whenever Harbor
// passwords are stored or forgotten, so a cookie planted in the browser beforehand (session
// fixation) stops working exactly when it would become worth something.
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

/** The cookie token of each request's session and whether its session is stored yet. */
const tokens = new WeakMap<FastifyRequest, { tokenHash: string; stored: boolean }>();

// What we issue: 32 random bytes, base64url. Anything else in the cookie is ignored.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const { ctx } = request.server;
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    // Kept across browser restarts so the setup history stays reachable; secrets expire on their own.
    maxAge: SESSION_COOKIE_MAX_AGE_S,
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.trustProxy && request.protocol === 'https',
  });
}

/** A session not stored yet: the cookie alone carries it until it has something to keep. */
function freshSession(request: FastifyRequest, token: string): SessionRecord {
  const at = request.server.ctx.now().toISOString();
  const session: SessionRecord = {
    id: sessionIdFor(token),
    createdAt: at,
    lastSeenAt: at,
    currentSetupId: null,
  };
  tokens.set(request, { tokenHash: session.id, stored: false });
  return session;
}

export function createSession(request: FastifyRequest, reply: FastifyReply): SessionRecord {
  const token = newToken();
  const session = freshSession(request, token);
  setSessionCookie(request, reply, token);
  request.wizardSession = session;
  return session;
}

/** Stores the request's session (before its first setup); nothing when it is stored already. */
export async function storeSession(request: FastifyRequest): Promise<void> {
  const session = request.wizardSession;
  const token = tokens.get(request);
  if (!session || !token || token.stored) return;
  await request.server.ctx.storage.createSession(session, token.tokenHash);
  token.stored = true;
}

/**
 * Gives the session a new cookie and retires the one the request came with. Called when Harbor
 * passwords are stored (connect) and on "Forget me".
 */
export async function rotateSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const session = request.wizardSession;
  const token = tokens.get(request);
  if (!session || !token) return;
  const next = newToken();
  if (token.stored) {
    await request.server.ctx.storage.rotateSessionToken(session.id, sessionIdFor(next));
    tokens.set(request, { tokenHash: sessionIdFor(next), stored: true });
  } else {
    // Nothing stored: the new cookie simply starts a new, empty session.
    request.wizardSession = freshSession(request, next);
  }
  setSessionCookie(request, reply, next);
}

async function findSession(
  request: FastifyRequest,
  token: string | undefined,
): Promise<SessionRecord | null> {
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  const { storage } = request.server.ctx;
  const tokenHash = sessionIdFor(token);
  const stored = await storage.findSessionByToken(tokenHash);
  if (stored) {
    tokens.set(request, { tokenHash, stored: true });
    return stored;
  }
  // A retired cookie (its session has a newer one) is no session at all, never a fresh one that
  // would share the stored session's id.
  if (await storage.getSession(tokenHash)) return null;
  return freshSession(request, token);
}

export const sessionPlugin = fp(async (app) => {
  await app.register(cookie);
  app.decorateRequest('wizardSession', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const { ctx } = app;
    const session = await findSession(request, request.cookies[SESSION_COOKIE]);
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

    if (session && tokens.get(request)?.stored) {
      const now = ctx.now();
      if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
        await ctx.storage.touchSession(session.id, now.toISOString());
        await ctx.secrets.keepAlive(session.id);
      }
    }
    return undefined;
  });
});
