// GET /api/harbor/:side/* — a read-only window on the session's two Harbors for the web app, via
// @fastify/http-proxy: only allowlisted GET paths, only the current setup's Harbors, only a few
// content-negotiation headers of the browser passed on (never its cookies or authorization), the
// admin credentials injected here. The answer is the wizard's, not Harbor's: only an allowlist of
// Harbor's headers reaches the browser (the wizard's own security headers always apply), anything
// but JSON is served as text/plain, a redirect is an error, and the whole read has a time limit.
// Per request it costs a cached ticket lookup and one request on a keep-alive undici Agent (see
// harbor/proxy-*.ts); the body goes through as bytes, never re-parsed.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

import type { FastifyHttpProxyOptions } from '@fastify/http-proxy';
import httpProxy from '@fastify/http-proxy';
import { BLOCKED_ADDRESS_CODE } from '@hw/harbor-client';
import type { ApiError, HarborSide } from '@hw/wizard-api';
import { HARBOR_SIDES } from '@hw/wizard-api';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerBase,
  RouteGenericInterface,
} from 'fastify';

import { requireSession } from '../context.ts';
import { fail } from '../errors.ts';
import { PROXY_DISPATCHER_HEADER } from '../harbor/proxy-dispatchers.ts';
import { browserHeaders, FORWARDED_RESPONSE_HEADERS, isProxyPathAllowed } from '../harbor/proxy-policy.ts';
import type { ProxyTicket } from '../harbor/proxy-tickets.ts';
import type { SessionRecord } from '../storage/storage.ts';

const BUFFERED_BODY_LIMIT = 64 * 1024;
/** The only browser headers Harbor sees (allowlist: anything else, cookies included, stays here). */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'if-none-match',
  'if-modified-since',
];
declare module 'fastify' {
  interface FastifyRequest {
    harborProxy: ProxyTicket | null;
  }
}

/** Where a Harbor redirect points, absolute (relative to the Harbor), for the error message. */
function redirectTarget(upstream: string | undefined, location: string | undefined): string | undefined {
  if (location === undefined || upstream === undefined) return undefined;
  try {
    const url = new URL(location, upstream);
    return `${url.origin}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/** The Harbor answer could not be read: a 502/504 in the API's error shape, never Harbor's details. */
function upstreamFailure(error: Error & { code?: string }): { status: number; body: ApiError } {
  if (error.code === BLOCKED_ADDRESS_CODE) {
    return {
      status: 502,
      body: {
        code: 'harbor-url-refused',
        message: `The Harbor's address is not allowed: ${error.message}.`,
        hint: 'Connect the Harbor again with its real address.',
      },
    };
  }
  const timeout =
    error.name === 'TimeoutError' ||
    error.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    error.code === 'UND_ERR_BODY_TIMEOUT' ||
    error.code === 'UND_ERR_CONNECT_TIMEOUT';
  return timeout
    ? {
        status: 504,
        body: {
          code: 'harbor-timeout',
          message: 'The Harbor did not answer in time.',
          hint: 'Try again in a moment.',
        },
      }
    : {
        status: 502,
        body: {
          code: 'harbor-network',
          message: 'The Harbor could not be reached.',
          hint: 'Check that Harbor is running and reachable from this server, then reload.',
        },
      };
}

type AnyReply = FastifyReply<RouteGenericInterface, RawServerBase>;

/** Typed loosely: reply-from's callbacks carry a reply for any raw server (HTTP/1 or 2). */
function sendError(reply: AnyReply, status: number, body: ApiError): void {
  // Headers copied from the Harbor answer must not describe the error body.
  for (const name of [...FORWARDED_RESPONSE_HEADERS, 'content-encoding', 'link']) reply.removeHeader(name);
  if (reply.sent) {
    // Already streaming: all that is left is to cut the answer short.
    reply.raw.destroy();
    return;
  }
  void reply.code(status).type('application/json; charset=utf-8').send(body);
}

function sendFailure(reply: AnyReply, error: Error): void {
  reply.log.warn({ err: error }, 'Harbor proxy request failed');
  const failure = upstreamFailure(error);
  sendError(reply, failure.status, failure.body);
}

/** A 3xx (not 304) is never passed on: the browser would follow it wherever Harbor points. */
function sendRedirectRefusal(reply: AnyReply, status: number, location: string | undefined): void {
  reply.log.warn({ status, location }, 'Harbor proxy request redirected');
  sendError(reply, 502, {
    code: 'harbor-redirect',
    message: location
      ? `The Harbor answered with a redirect (HTTP ${status}): this URL redirects to ${location}: use that URL.`
      : `The Harbor answered with a redirect (HTTP ${status}); the wizard never follows one.`,
    hint: 'Connect the Harbor again with its final address (often its https:// URL).',
  });
}

export async function harborProxyPlugin(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const dispatchers = ctx.harbor.proxyDispatchers;
  const tickets = ctx.proxyTickets;
  // reply-from calls `request(options, callback)` on its `undici` instance; this one hands each
  // request to the keep-alive Agent of its connection's TLS setting.
  const router = dispatchers.router() as unknown as NonNullable<FastifyHttpProxyOptions['undici']>;

  app.decorateRequest('harborProxy', null);

  async function ticketFor(session: SessionRecord, setupId: string, side: HarborSide): Promise<ProxyTicket> {
    const cached = tickets.get(session.id, setupId, side);
    if (cached) return cached;
    const generation = tickets.generation;
    const setup = await ctx.setups.load(session.id, setupId);
    const connection = setup.internal.connections[side];
    if (!connection) fail(409, 'not-connected', `The ${side} Harbor of this setup is not connected.`);
    const password = await ctx.secrets.read({
      sessionId: session.id,
      setupId: setup.id,
      name: `password:${side}`,
    });
    if (password === null) fail(409, 'reconnect-required', `Log in to the ${side} Harbor again.`);
    const allowed = ctx.harbor.outbound.check(connection.url);
    if (!allowed.ok) fail(403, 'harbor-url-refused', allowed.message, { hint: allowed.hint });
    const ticket: ProxyTicket = {
      upstream: new URL(connection.url).origin,
      authorization: `Basic ${Buffer.from(`${connection.username}:${password.value}`).toString('base64')}`,
      dispatcher: dispatchers.keyFor(connection.tls),
    };
    tickets.set(generation, { sessionId: session.id, setupId: setup.id, side }, ticket, password.expiresAt);
    return ticket;
  }

  for (const side of HARBOR_SIDES) {
    const prefix = `/api/harbor/${side}`;
    const authorize = async (request: FastifyRequest): Promise<void> => {
      // The raw URL is what goes to Harbor; the router matched its decoded form, so insist on the
      // literal prefix (an encoded "%74arget" must not shift what is cut off).
      const raw = request.url.startsWith(`${prefix}/`) ? request.url.slice(prefix.length) : '';
      const query = raw.indexOf('?');
      const path = query < 0 ? raw : raw.slice(0, query);
      if (!isProxyPathAllowed(path)) {
        fail(403, 'proxy-path-refused', `Reading ${path || request.url} through the wizard is not allowed.`, {
          hint: 'Only read-only project, repository, artifact, label, registry, replication and system-info paths are proxied.',
        });
      }
      const session = requireSession(request);
      if (!session.currentSetupId)
        fail(404, 'setup-not-found', 'Open a setup first: the proxy reads the Harbors of the current setup.');
      request.harborProxy = await ticketFor(session, session.currentSetupId, side);
    };
    const options: FastifyHttpProxyOptions = {
      upstream: '',
      prefix,
      rewritePrefix: '/api/v2.0',
      httpMethods: ['GET'],
      undici: router,
      // Fastify already logs each request; two more lines per proxied read are noise.
      disableRequestLogging: true,
      // GETs carry no body: no parser to run.
      proxyPayloads: false,
      preHandler: (request, _reply, done) => {
        authorize(request).then(
          () => done(),
          (error: unknown) => done(error as FastifyError),
        );
      },
      replyOptions: {
        getUpstream: (request) => request.harborProxy?.upstream ?? 'http://invalid.invalid',
        // A fresh header set: the negotiation headers of the browser, the injected credentials and
        // the router's Agent key. Nothing else of the browser's request reaches Harbor.
        rewriteRequestHeaders: (request, headers) => {
          const ticket = request.harborProxy;
          const out: IncomingHttpHeaders = { host: headers.host };
          if (ticket) {
            out.authorization = ticket.authorization;
            out[PROXY_DISPATCHER_HEADER] = ticket.dispatcher;
          }
          for (const name of FORWARDED_REQUEST_HEADERS) {
            const value = headers[name];
            if (typeof value === 'string') out[name] = value;
          }
          return out;
        },
        rewriteHeaders: (headers) => browserHeaders(headers, prefix),
        // The Harbor's answer goes to the browser as it is, 503 included: no retry timers.
        retryDelay: () => null,
        // A small answer of known length is read whole and sent in one write; larger or unsized
        // ones (task logs) stream through.
        onResponse: (request, reply, res) => {
          // reply-from's typings describe a ServerResponse; it passes { statusCode, headers, stream }.
          const upstream = res as unknown as {
            statusCode: number;
            headers: IncomingHttpHeaders;
            stream: Readable;
          };
          const body = upstream.stream;
          if (upstream.statusCode >= 300 && upstream.statusCode < 400 && upstream.statusCode !== 304) {
            body.destroy();
            sendRedirectRefusal(
              reply,
              upstream.statusCode,
              redirectTarget(request.harborProxy?.upstream, upstream.headers.location),
            );
            return;
          }
          const length = Number(upstream.headers['content-length']);
          if (!(length <= BUFFERED_BODY_LIMIT)) {
            void reply.send(body);
            return;
          }
          const chunks: Buffer[] = [];
          body.on('data', (chunk: Buffer) => chunks.push(chunk));
          body.once('error', (error) => sendFailure(reply, error));
          body.once('end', () => void reply.send(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
        },
        // reply-from wraps undici's error (GatewayTimeout, ServiceUnavailable…); the cause says what happened.
        onError: (reply, { error }) =>
          sendFailure(reply, (error as Error & { cause?: Error }).cause ?? error),
      },
    };
    await app.register(httpProxy, options);
  }
}
