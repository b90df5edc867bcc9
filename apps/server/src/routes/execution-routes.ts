// Step 10: the rule's executions, their tasks and logs, and the verification on the target.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { eventStream } from '../http/sse.ts';
import { setupRef } from '../context.ts';
import {
  executionReader,
  getExecution,
  listExecutions,
  listTasks,
  startExecution,
  stopExecution,
  taskLog,
  verification,
} from '../wizard/executions.ts';

export const executionRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;
  serve(app, 'executions', 'POST', (request) => startExecution(ctx, setupRef(request)));
  serve(app, 'executions', 'GET', (request) => listExecutions(ctx, setupRef(request), request.query));
  serve(app, 'execution', 'GET', (request) =>
    getExecution(ctx, setupRef(request), request.params.executionId),
  );
  serve(app, 'stopExecution', 'POST', (request) =>
    stopExecution(ctx, setupRef(request), request.params.executionId),
  );
  serve(app, 'tasks', 'GET', (request) =>
    listTasks(ctx, setupRef(request), request.params.executionId, request.query),
  );
  serve(app, 'taskLog', 'GET', async (request, reply) => {
    const { executionId, taskId } = request.params;
    const log = await taskLog(ctx, setupRef(request), executionId, taskId);
    return reply.type('text/plain; charset=utf-8').send(log);
  });
  serve(app, 'verification', 'GET', (request) => verification(ctx, setupRef(request)));
  serve(
    app,
    'executionEvents',
    'GET',
    async (request, reply) => {
      const ref = setupRef(request);
      const { executionId } = request.params;
      // Session, setup and connection are checked before the stream opens: a refusal is plain JSON.
      const reader = await executionReader(ctx, ref, executionId);
      const stream = eventStream(reply);
      const unsubscribe = ctx.liveFeeds.subscribe({ setupId: ref.setupId, executionId }, reader, {
        send: (event) => stream.send(event.data, event.event),
        end: () => stream.close(),
      });
      stream.onClose(unsubscribe);
      return reply;
    },
    { sse: 'only' },
  );
  done();
};
