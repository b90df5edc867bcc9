// The one error handler: every 4xx has an apiErrorSchema body the UI can show, Harbor failures are
// explained in plain words with Harbor's own errors[] kept, and 5xx never leak internals.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

import { isHarborError } from '@hw/harbor-client';
import type { ApiError } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';

import { ApiFailure, describeHarborError, zodIssues } from '../errors.ts';
import { UnreadableSetupError } from '../storage/stored-setup.ts';

type FastifyErrorLike = { code?: string; statusCode?: number; message?: string };

/** Fastify's own request errors, in words the operator (or the web app's developer) can act on. */
const FASTIFY_ERRORS: Record<string, ApiError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'invalid-json',
    message: 'The request body is not valid JSON.',
    hint: 'Send a JSON object with Content-Type: application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid-json',
    message: 'The request is marked as JSON but its body is empty.',
    hint: 'Send a JSON object ({} when there is nothing to say), or no Content-Type header.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload-too-large',
    message: 'The request body is larger than the server accepts.',
    hint: 'Wizard requests are small JSON objects; check what is being sent.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported-media-type',
    message: 'The request body has a content type the server does not read.',
    hint: 'Send JSON with Content-Type: application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad-request',
    message: 'The Content-Length header does not match the request body.',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    code: 'bad-request',
    message: 'The Content-Type header is not valid.',
  },
  FST_ERR_BAD_URL: {
    code: 'bad-url',
    message: 'The URL is not valid: it contains a broken percent-encoding.',
    hint: 'Encode special characters in the path with encodeURIComponent.',
  },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'bad-request', message: 'The request could not be routed.' },
};

const BY_STATUS: Record<number, ApiError> = {
  400: { code: 'bad-request', message: 'The request is not valid.' },
  404: { code: 'not-found', message: 'Not found.' },
  405: { code: 'method-not-allowed', message: 'This method is not allowed here.' },
  408: { code: 'request-timeout', message: 'The request took too long to arrive.' },
  413: FASTIFY_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE!,
  415: FASTIFY_ERRORS.FST_ERR_CTP_INVALID_MEDIA_TYPE!,
  429: { code: 'rate-limited', message: 'Too many attempts. Wait a minute and try again.' },
  431: {
    code: 'headers-too-large',
    message: 'The request headers are larger than the server accepts.',
    hint: "Clear this site's cookies and reload the page.",
  },
};

/** What Node's HTTP parser refuses before Fastify sees a request (malformed or oversized). */
const SOCKET_ERRORS: Record<number, ApiError> = {
  400: { code: 'bad-request', message: 'The request is not valid HTTP.' },
  408: BY_STATUS[408]!,
  431: BY_STATUS[431]!,
};

/** The apiErrorSchema body for a 4xx raised by Fastify or a plugin (never their internal codes). */
export function clientErrorBody(error: FastifyErrorLike, status: number): ApiError {
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return known;
  const generic = BY_STATUS[status];
  if (generic) return generic;
  return { code: 'bad-request', message: 'The request is not valid.' };
}

/**
 * Fastify's clientErrorHandler: the answer to a request the HTTP parser refused, in the API's error
 * shape (Fastify's default writes its own). Written straight to the socket, which then closes.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Duplex,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  this.log.debug({ code: error.code }, 'malformed request refused');
  if (socket.writable) {
    const body = JSON.stringify(SOCKET_ERRORS[status]);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

/** Which part of the request a schema refused, in the words of the 400's message. */
const VALIDATED_PART: Record<string, string> = {
  body: 'request',
  querystring: 'query',
  params: 'address',
  headers: 'request',
};

export const INTERNAL: ApiError = {
  code: 'internal',
  message: 'Something went wrong on the server.',
  hint: 'Try again. If it keeps failing, the server log has the details.',
};

/** A stored setup that no longer parses: the session and a new setup still work. */
const UNREADABLE_SETUP: ApiError = {
  code: 'setup-unreadable',
  message: 'This setup was saved in a form the wizard can no longer read, so it cannot be resumed.',
  hint: 'Start a new setup from the start page. What this setup created in Harbor is still there; "Forget me" on the start page erases its passwords and secrets.',
};

export const errorHandlerPlugin = fp((app, _options, done) => {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiFailure) {
      if (error.status >= 500) request.log.warn({ err: error }, 'request failed');
      return reply.code(error.status).headers(error.headers).send(error.body);
    }
    if (error instanceof UnreadableSetupError) {
      request.log.warn({ setupId: error.setupId, reason: error.reason }, 'stored setup unreadable');
      return reply.code(409).send(UNREADABLE_SETUP);
    }
    if (isHarborError(error)) {
      const described = describeHarborError(error);
      request.log.warn({ err: error, status: described.status }, 'Harbor call failed');
      return reply.code(described.status).send(described.body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: issue.message,
      }));
      const what = VALIDATED_PART[error.validationContext ?? 'body'] ?? 'request';
      return reply.code(400).send({
        code: 'invalid-request',
        message: `The ${what} is not valid: ${issues[0]?.message ?? 'check the fields'}`,
        issues,
      });
    }
    if (error instanceof ZodError) {
      return reply
        .code(400)
        .send({ code: 'invalid-request', message: 'The request is not valid.', issues: zodIssues(error) });
    }
    const fe = error as FastifyErrorLike;
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status >= 400 && status < 500) {
      request.log.info({ code: fe.code, message: fe.message }, 'request refused');
      return reply.code(status).send(clientErrorBody(fe, status));
    }
    request.log.error({ err: error, method: request.method, url: request.url }, 'unhandled error');
    return reply.code(500).send(INTERNAL);
  });
  done();
});
