// Step 11: finish a setup (its secrets are erased), export it, and clean up what it created.
import type { FastifyPluginCallback, FastifyReply } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { attachment } from '../http/attachment.ts';
import { setupRef } from '../context.ts';
import type { ExportFile } from '../wizard/finish.ts';
import { cleanup } from '../wizard/cleanup.ts';
import { completeSetup, exportFile } from '../wizard/finish.ts';

const download = (reply: FastifyReply, file: ExportFile) =>
  attachment(reply, file.fileName, file.contentType).send(file.content);

export const finishRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;
  serve(app, 'complete', 'POST', (request) => completeSetup(ctx, setupRef(request), request.body.withoutRun));
  serve(app, 'exportBundle', 'GET', async (request, reply) =>
    download(reply, await exportFile(ctx, setupRef(request), 'bundle')),
  );
  serve(app, 'exportTerraform', 'GET', async (request, reply) =>
    download(reply, await exportFile(ctx, setupRef(request), 'terraform')),
  );
  serve(app, 'cleanup', 'POST', (request) => cleanup(ctx, setupRef(request), request.body));
  done();
};
