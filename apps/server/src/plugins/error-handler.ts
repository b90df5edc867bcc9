// The one error handler: every 4xx has an apiErrorSchema body the UI can show, Harbor failures are
// explained in plain words with Harbor's own errors[] kept, and 5xx never leak internals.
import { isHarborError } from '@hw/harbor-client';
import type { ApiError } from '@hw/wizard-api';
import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { ZodError } from 'zod';

import { ApiFailure, describeHarborError, zodIssues } from '../errors.ts';

const INTERNAL: ApiError = {
  code: 'internal',
  message: 'Something went wrong on the server.',
  hint: 'Try again. If it keeps failing, the server log has the details.',
};

export const errorHandlerPlugin = fp((app, _options, done) => {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiFailure) {
      if (error.status >= 500) request.log.warn({ err: error }, 'request failed');
      return reply.code(error.status).send(error.body);
    }
    if (isHarborError(error)) {
      const described = describeHarborError(error);
      request.log.warn({ err: error, status: described.status }, 'Harbor call failed');
      return reply.code(described.status).send(described.body);
    }
    if (error instanceof ZodError) {
      return reply
        .code(400)
        .send({ code: 'invalid-request', message: 'The request is not valid.', issues: zodIssues(error) });
    }
    const fe = error as Partial<FastifyError>;
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status >= 400 && status < 500) {
      const body: ApiError = {
        code: status === 429 ? 'rate-limited' : (fe.code ?? 'bad-request').toLowerCase(),
        message:
          status === 429
            ? 'Too many attempts. Wait a minute and try again.'
            : (fe.message ?? 'The request is not valid.'),
      };
      return reply.code(status).send(body);
    }
    request.log.error({ err: error, method: request.method, url: request.url }, 'unhandled error');
    return reply.code(500).send(INTERNAL);
  });
  done();
});
