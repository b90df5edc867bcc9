// Repair flows of a watched replication (the service is repair/repair-service.ts).
import type { FastifyPluginCallback } from 'fastify';

import { requireSession } from '../context.ts';
import { serve } from '../http/api-routes.ts';
import { attachment } from '../http/attachment.ts';

export const repairRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { repairs } = app.ctx;
  serve(app, 'repairs', 'GET', async (request) => ({ items: await repairs.list(request.params.watchId) }));
  serve(app, 'repairs', 'POST', (request) => {
    requireSession(request);
    return repairs.start(request.params.watchId, request.body.options);
  });
  serve(app, 'repair', 'GET', (request) => repairs.get(request.params.repairId));
  serve(app, 'repairLogins', 'POST', (request) => {
    requireSession(request);
    return repairs.logins(request.params.repairId, request.body.logins);
  });
  serve(app, 'repairAdvance', 'POST', (request) =>
    repairs.advance(request.params.repairId, request.body.choice, requireSession(request).id),
  );
  serve(app, 'repairCancel', 'POST', (request) => {
    requireSession(request);
    return repairs.cancel(request.params.repairId);
  });
  serve(app, 'repairExport', 'GET', async (request, reply) => {
    requireSession(request);
    const file = await repairs.exportFile(request.params.repairId);
    return attachment(reply, file.fileName, 'application/json').send(file.content);
  });
  done();
};
