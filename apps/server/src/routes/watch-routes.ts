// The Replications page: the watched rules and their verdicts, a stream of their changes, and a
// watch's archived executions, tasks and logs. Reading needs a browser session of this wizard.
import type { WatchEvent } from '@hw/wizard-api';
import type { FastifyPluginCallback } from 'fastify';

import { requireSession } from '../context.ts';
import { serve } from '../http/api-routes.ts';
import { eventStream } from '../http/sse.ts';
import { getWatch, listWatches, watchExecutions, watchTaskLog, watchTasks } from '../watch/watch-reads.ts';

export const watchRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;
  serve(app, 'watches', 'GET', async (request) => {
    requireSession(request);
    return { items: await listWatches(ctx, request.query.verdict) };
  });
  serve(
    app,
    'watchEvents',
    'GET',
    async (request, reply) => {
      // Checked before the stream opens: a refusal is plain JSON.
      requireSession(request);
      const stream = eventStream(reply);
      const send = (event: WatchEvent) => stream.send(event);
      stream.onClose(
        ctx.watchHub.subscribe({
          summary: (watch) => send({ type: 'watch', watch }),
          removed: (id) => send({ type: 'removed', id }),
        }),
      );
      return reply;
    },
    { sse: 'only' },
  );
  serve(app, 'watch', 'GET', async (request) => {
    requireSession(request);
    return getWatch(ctx, request.params.watchId);
  });
  serve(app, 'watchExecutions', 'GET', async (request) => {
    requireSession(request);
    return watchExecutions(ctx, request.params.watchId, request.query);
  });
  serve(app, 'watchTasks', 'GET', async (request) => {
    requireSession(request);
    const { watchId, executionId } = request.params;
    return watchTasks(ctx, watchId, executionId, request.query);
  });
  serve(app, 'watchTaskLog', 'GET', async (request, reply) => {
    requireSession(request);
    const { watchId, executionId, taskId } = request.params;
    const log = await watchTaskLog(ctx, watchId, executionId, taskId);
    return reply.type('text/plain; charset=utf-8').send(log);
  });
  done();
};
