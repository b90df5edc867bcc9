import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * Harbor's CSRF middleware (gorilla/csrf): skipped for `/api`, `/v2` and `/service` unless the request
 * carries the `sid` session cookie. Requests that pass through it get a fresh token in
 * `X-Harbor-CSRF-Token`; unsafe ones must send back a token this server issued.
 */
export class CsrfGuard {
  private readonly issued = new Set<string>();

  check(request: FastifyRequest, reply: FastifyReply): boolean {
    const path = request.url.split('?')[0] ?? '';
    const hasSession = /(?:^|;\s*)sid=/.test(request.headers.cookie ?? '');
    const skipped =
      (path.startsWith('/v2/') || path.startsWith('/api/') || path.startsWith('/service/')) && !hasSession;
    if (skipped || path.startsWith('/__sim/')) return true;
    const token = randomBytes(24).toString('base64url');
    this.issued.add(token);
    reply.header('x-harbor-csrf-token', token);
    if (SAFE.has(request.method)) return true;
    const sent = request.headers['x-harbor-csrf-token'];
    const given = Array.isArray(sent) ? sent[0] : sent;
    if (given && this.issued.has(given)) return true;
    const message = given ? 'CSRF token invalid' : 'CSRF token not found in request';
    void reply
      .code(403)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorBody(403, 'FORBIDDEN', message));
    return false;
  }
}
