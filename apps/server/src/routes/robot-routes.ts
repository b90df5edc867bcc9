// Steps 3 and 4: check a robot name, create the robot (its secret is answered once), download its
// export file, and confirm the hand-off.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { setupRef } from '../context.ts';
import { attachment } from '../http/attachment.ts';
import {
  addDeletionPermissions,
  checkRobot,
  confirmHandOff,
  createRobot,
  robotExportFile,
} from '../wizard/robots.ts';

export const robotRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;
  serve(app, 'robotCheck', 'GET', (request) => checkRobot(ctx, setupRef(request), request.query.name));

  serve(app, 'robot', 'POST', async (request, reply) => {
    const response = await createRobot(ctx, setupRef(request), request.body);
    reply.header('cache-control', 'no-store');
    return response;
  });

  serve(app, 'robotPermissions', 'PUT', (request) => addDeletionPermissions(ctx, setupRef(request)));

  serve(app, 'robotExport', 'GET', async (request, reply) => {
    const file = await robotExportFile(ctx, setupRef(request));
    return attachment(reply, file.fileName, 'application/json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(file.content);
  });

  serve(app, 'robotHandOff', 'POST', (request) => confirmHandOff(ctx, setupRef(request)));
  done();
};
