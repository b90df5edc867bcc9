// Health, the API's own description, the browser session (created on first visit) and "forget me".
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { requireSession } from '../context.ts';
import { createSession, csrfTokenFor, rotateSession } from '../plugins/session.ts';
import { forgetSession, sessionView } from '../wizard/session-view.ts';

export const sessionRoutes: FastifyPluginCallback = (app, _options, done) => {
  serve(app, 'health', 'GET', () => Promise.resolve({ ok: true }));
  serve(app, 'openapi', 'GET', () => Promise.resolve(app.swagger() as unknown as Record<string, unknown>));

  serve(app, 'session', 'GET', async (request, reply) => {
    const session = request.wizardSession ?? createSession(request, reply);
    return sessionView(app.ctx, session, csrfTokenFor(app, session.id));
  });

  serve(app, 'session', 'DELETE', async (request, reply) => {
    await forgetSession(app.ctx, requireSession(request));
    await rotateSession(request, reply);
    return reply.code(204).send();
  });
  done();
};
