// Health, the browser session (created on first visit) and "forget me".
import type { SetupSummary } from '@hw/wizard-api';
import { apiPaths, sessionSchema } from '@hw/wizard-api';
import type { FastifyPluginCallback } from 'fastify';

import { requireSession } from '../context.ts';
import { createSession, csrfTokenFor, rotateSession } from '../plugins/session.ts';
import type { SetupRecord } from '../storage/storage.ts';

export function summarize(record: SetupRecord): SetupSummary {
  const s = record.state;
  return {
    id: s.id,
    mode: s.mode,
    status: s.status,
    step: s.step,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    sourceUrl: s.source?.url ?? null,
    targetUrl: s.target?.url ?? null,
    policyName: s.policy?.name ?? null,
    created: s.created,
  };
}

export const sessionRoutes: FastifyPluginCallback = (app, _options, done) => {
  app.get(apiPaths.health, () => Promise.resolve({ ok: true }));

  app.get(apiPaths.session, async (request, reply) => {
    const session = request.wizardSession ?? createSession(request, reply);
    const setups = await app.ctx.storage.listSetups(session.id);
    const demo = app.ctx.demo;
    reply.header('cache-control', 'no-store');
    return sessionSchema.parse({
      csrfToken: csrfTokenFor(app, session.id),
      demo: demo
        ? { available: true, sourceUrl: demo.source.url, targetUrl: demo.target.url }
        : { available: false },
      currentSetupId: session.currentSetupId,
      history: setups.map(summarize),
    });
  });

  app.delete(apiPaths.session, async (request, reply) => {
    const session = requireSession(request);
    await app.ctx.secrets.purgeSession(session.id);
    await app.ctx.storage.setCurrentSetup(session.id, null);
    await rotateSession(request, reply);
    return reply.code(204).send();
  });
  done();
};
