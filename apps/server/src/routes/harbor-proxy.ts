// GET /api/harbor/:side/* — a read-only window on the session's two Harbors for the web app, via
// @fastify/http-proxy: only allowlisted GET paths, only the current setup's Harbors, the browser's
// cookies and authorization stripped, the admin credentials injected here, Harbor's Set-Cookie dropped.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import type { FastifyHttpProxyOptions } from '@fastify/http-proxy';
import httpProxy from '@fastify/http-proxy';
import type { TlsSettings } from '@hw/wizard-api';
import { HARBOR_SIDES } from '@hw/wizard-api';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';

import { requireSession } from '../context.ts';
import { fail } from '../errors.ts';

/** Read-only Harbor API paths (after /api/v2.0) the web app may read. Repository names arrive URL-encoded. */
export const PROXY_ALLOWLIST: readonly RegExp[] = [
  /^\/systeminfo$/,
  /^\/projects$/,
  /^\/projects\/[^/]+$/,
  /^\/projects\/[^/]+\/repositories$/,
  /^\/projects\/[^/]+\/repositories\/[^/]+$/,
  /^\/projects\/[^/]+\/repositories\/[^/]+\/artifacts$/,
  /^\/projects\/[^/]+\/repositories\/[^/]+\/artifacts\/[^/]+$/,
  /^\/projects\/[^/]+\/repositories\/[^/]+\/artifacts\/[^/]+\/tags$/,
  /^\/repositories$/,
  /^\/labels$/,
  /^\/registries$/,
  /^\/registries\/\d+$/,
  /^\/registries\/\d+\/info$/,
  /^\/replication\/adapters$/,
  /^\/replication\/policies$/,
  /^\/replication\/policies\/\d+$/,
  /^\/replication\/executions$/,
  /^\/replication\/executions\/\d+$/,
  /^\/replication\/executions\/\d+\/tasks$/,
  /^\/replication\/executions\/\d+\/tasks\/\d+\/log$/,
];

const TOKEN_HEADER = 'x-hw-proxy-token';
const UPSTREAM_TIMEOUT_MS = 30_000;
// Hop-by-hop or browser-only headers that must not reach Harbor.
const STRIPPED_REQUEST_HEADERS = [
  'cookie',
  'authorization',
  'x-csrf-token',
  'x-harbor-csrf-token',
  'origin',
  'referer',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
];
const STRIPPED_RESPONSE_HEADERS = [
  'set-cookie',
  'x-harbor-csrf-token',
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
];

type ProxyTicket = { upstream: string; authorization: string; tls: TlsSettings };

declare module 'fastify' {
  interface FastifyRequest {
    harborProxy: ProxyTicket | null;
  }
}

export function isProxyPathAllowed(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  if (decoded.includes('..') || path.includes('\\')) return false;
  return PROXY_ALLOWLIST.some((re) => re.test(path));
}

type UndiciRequest = {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
};
type UndiciCallback = (
  error: Error | null,
  response?: { statusCode: number; headers: IncomingHttpHeaders; body: Readable },
) => void;

export async function harborProxyPlugin(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  // The TLS setting of each in-flight proxied request, found by a one-time token header.
  const inFlight = new Map<string, TlsSettings>();

  // reply-from accepts any object with `request()` as its client: this one sends through the same
  // TLS-aware fetch as every other Harbor call (custom CA, or verification off when chosen).
  const dispatcher = {
    request(options: UndiciRequest, callback: UndiciCallback): void {
      const token = options.headers[TOKEN_HEADER];
      const tls = typeof token === 'string' ? inFlight.get(token) : undefined;
      if (typeof token === 'string') inFlight.delete(token);
      if (!tls) {
        callback(new Error('proxy request without a ticket'));
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(options.headers)) {
        if (value === undefined || name === TOKEN_HEADER || name === 'host') continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      ctx.harbor
        .fetchFor(tls)(`${options.origin}${options.path}`, {
          method: options.method,
          headers,
          redirect: 'manual',
          signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
        })
        .then((res) => {
          const out: IncomingHttpHeaders = {};
          res.headers.forEach((value, name) => {
            if (!STRIPPED_RESPONSE_HEADERS.includes(name)) out[name] = value;
          });
          const body = res.body
            ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>)
            : Readable.from([]);
          callback(null, { statusCode: res.status, headers: out, body });
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
    close(): Promise<void> {
      return Promise.resolve();
    },
    destroy(): Promise<void> {
      return Promise.resolve();
    },
  };

  app.decorateRequest('harborProxy', null);

  for (const side of HARBOR_SIDES) {
    const prefix = `/api/harbor/${side}`;
    const authorize = async (request: FastifyRequest): Promise<void> => {
      const path = (request.url.split('?')[0] ?? '').slice(prefix.length) || '/';
      if (!isProxyPathAllowed(path)) {
        fail(403, 'proxy-path-refused', `Reading ${path} through the wizard is not allowed.`, {
          hint: 'Only read-only project, repository, artifact, label, registry, replication and system-info paths are proxied.',
        });
      }
      const session = requireSession(request);
      if (!session.currentSetupId)
        fail(404, 'setup-not-found', 'Open a setup first: the proxy reads the Harbors of the current setup.');
      const setup = await ctx.setups.load(session.id, session.currentSetupId);
      const connection = setup.internal.connections[side];
      if (!connection) fail(409, 'not-connected', `The ${side} Harbor of this setup is not connected.`);
      const password = await ctx.secrets.get({
        sessionId: session.id,
        setupId: setup.id,
        name: `password:${side}`,
      });
      if (password === null) fail(409, 'reconnect-required', `Log in to the ${side} Harbor again.`);
      const allowed = ctx.harbor.outbound.check(connection.url);
      if (!allowed.ok) fail(403, 'harbor-url-refused', allowed.message, { hint: allowed.hint });
      request.harborProxy = {
        upstream: new URL(connection.url).origin,
        authorization: `Basic ${Buffer.from(`${connection.username}:${password}`).toString('base64')}`,
        tls: connection.tls,
      };
    };
    const options: FastifyHttpProxyOptions = {
      upstream: '',
      prefix,
      rewritePrefix: '/api/v2.0',
      httpMethods: ['GET'],
      undici: dispatcher as never,
      preHandler: (request, _reply, done) => {
        authorize(request).then(
          () => done(),
          (error: unknown) => done(error as FastifyError),
        );
      },
      replyOptions: {
        getUpstream: (request) => request.harborProxy?.upstream ?? 'http://invalid.invalid',
        rewriteRequestHeaders: (request, headers) => {
          const out: IncomingHttpHeaders = { ...headers };
          for (const name of STRIPPED_REQUEST_HEADERS) delete out[name];
          const ticket = request.harborProxy;
          if (ticket) {
            const token = randomBytes(16).toString('hex');
            inFlight.set(token, ticket.tls);
            // A request aborted before it reached the dispatcher must not leave its ticket behind.
            setTimeout(() => inFlight.delete(token), UPSTREAM_TIMEOUT_MS * 2).unref();
            out.authorization = ticket.authorization;
            out[TOKEN_HEADER] = token;
          }
          return out;
        },
        rewriteHeaders: (headers) => {
          const out: IncomingHttpHeaders = { ...headers };
          for (const name of STRIPPED_RESPONSE_HEADERS) delete out[name];
          return out;
        },
      },
    };
    await app.register(httpProxy, options);
  }
}
