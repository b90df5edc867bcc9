// Step 2: search, check and choose the destination project.
import type { FastifyPluginCallback } from 'fastify';

import { serve } from '../http/api-routes.ts';
import { setupRef } from '../context.ts';
import { checkProject, chooseProject, searchProjects } from '../wizard/projects.ts';

export const projectRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;
  serve(app, 'projects', 'GET', (request) => searchProjects(ctx, setupRef(request), request.query));
  serve(app, 'projectCheck', 'GET', (request) => checkProject(ctx, setupRef(request), request.query));
  serve(app, 'project', 'PUT', (request) => chooseProject(ctx, setupRef(request), request.body));
  done();
};
