// Step 2: the destination project on the target (and, in pull mode, the source project the robot reads).
import type { HarborProject } from '@hw/harbor-client';
import { isHarborError } from '@hw/harbor-client';
import type { ProjectSummary } from '@hw/wizard-api';
import {
  chooseProjectRequestSchema,
  harborSideSchema,
  projectNameSchema,
  projectSearchQuerySchema,
} from '@hw/wizard-api';
import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';

import type { SetupParams } from '../context.ts';
import { loadSetup } from '../context.ts';
import { fail, parseInput } from '../errors.ts';
import { setupRoute } from './route-paths.ts';
import { sideClient } from '../wizard/side-client.ts';
import { completeStep, uncompleteFrom } from '../wizard/setups.ts';

export function projectSummary(p: HarborProject): ProjectSummary {
  return {
    id: p.project_id ?? 0,
    name: p.name ?? '',
    public: p.metadata?.public === 'true',
    repoCount: Math.max(0, p.repo_count ?? 0),
  };
}

const checkQuerySchema = z.object({ name: projectNameSchema, side: harborSideSchema.default('target') });

export const projectRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;

  app.get<{ Params: SetupParams }>(setupRoute('projects'), async (request) => {
    const query = parseInput(projectSearchQuerySchema, request.query, 'search');
    const record = await loadSetup(request);
    const client = await sideClient(ctx, record, query.side);
    const page = await client.projects.list({
      page: query.page,
      pageSize: query.pageSize,
      ...(query.q ? { name: query.q } : {}),
    });
    return { items: page.items.map(projectSummary), total: page.total };
  });

  app.get<{ Params: SetupParams }>(setupRoute('projectCheck'), async (request) => {
    const query = parseInput(checkQuerySchema, request.query, 'project name');
    const record = await loadSetup(request);
    const client = await sideClient(ctx, record, query.side);
    return { name: query.name, exists: await client.projects.exists(query.name) };
  });

  app.put<{ Params: SetupParams }>(setupRoute('project'), async (request) => {
    const body = parseInput(chooseProjectRequestSchema, request.body, 'project choice');
    const record = await loadSetup(request);
    return ctx.setups.withLock(record.id, async () => {
      const setup = await loadSetup(request);
      const { state } = setup;
      if (state.mode === 'pull' && !body.sourceProject) {
        fail(400, 'invalid-request', 'In pull mode, name the source project the robot may read.', {
          issues: [
            { path: 'sourceProject', message: 'Choose the project on the source Harbor to pull from.' },
          ],
        });
      }
      const target = await sideClient(ctx, setup, 'target');

      // Deleted in Harbor meanwhile? Then the earlier choice no longer stands and it is created again.
      const exists = await target.projects.exists(body.name);
      if (!exists) {
        state.created = state.created.filter(
          (c) => !(c.side === 'target' && c.kind === 'project' && c.name === body.name),
        );
      }
      // Idempotent: the same choice again (a retry, or going back and forth) changes nothing.
      if (
        exists &&
        state.project &&
        state.project.name === body.name &&
        state.project.sourceProject === (body.sourceProject ?? undefined)
      ) {
        completeStep(state, 'project');
        return ctx.setups.save(setup);
      }

      if (body.sourceProject && setup.internal.connections.source) {
        const source = await sideClient(ctx, setup, 'source');
        if (!(await source.projects.exists(body.sourceProject))) {
          fail(404, 'source-project-not-found', `The source Harbor has no project "${body.sourceProject}".`, {
            hint: 'Pick an existing project on the source: it holds the images to pull.',
          });
        }
      }

      let project: { id: number; name: string; createdByWizard: boolean };
      const existingCreated = state.created.find(
        (c) => c.side === 'target' && c.kind === 'project' && c.name === body.name,
      );
      if (existingCreated) {
        project = { id: existingCreated.id, name: body.name, createdByWizard: true };
      } else if (body.create) {
        const projectRequest = {
          project_name: body.name,
          metadata: { public: body.public ? 'true' : 'false' },
        };
        setup.internal.projectRequest = projectRequest;
        try {
          const { id } = await target.projects.create(projectRequest);
          project = { id, name: body.name, createdByWizard: true };
          state.created.push({ side: 'target', kind: 'project', id, name: body.name });
        } catch (error) {
          if (isHarborError(error) && error.status === 409) {
            const existing = await target.projects.findByName(body.name);
            fail(409, 'project-exists', `The target Harbor already has a project named "${body.name}".`, {
              hint: 'Use the existing project, or pick another name.',
              harbor: { status: 409, operation: error.operation, errors: error.errors },
              conflict: {
                ...(existing?.project_id ? { existingId: existing.project_id } : {}),
                options: ['reuse'],
              },
            });
          }
          throw error;
        }
      } else {
        const existing = await target.projects.findByName(body.name);
        if (!existing?.project_id) {
          fail(404, 'project-not-found', `The target Harbor has no project named "${body.name}".`, {
            hint: 'Create it here, or check the name.',
          });
        }
        project = { id: existing.project_id, name: body.name, createdByWizard: false };
      }

      const changed = state.project !== null && state.project.name !== project.name;
      state.project = { ...project, ...(body.sourceProject ? { sourceProject: body.sourceProject } : {}) };
      if (changed) {
        // The robot is scoped to the project: a new project needs a new robot and endpoint check.
        state.robot = null;
        state.connectionTest = null;
        uncompleteFrom(state, ['robot', 'credentials', 'endpoint', 'connection-test']);
        await ctx.secrets.delete(setup.sessionId, setup.id, 'robot-secret');
        await ctx.secrets.delete(setup.sessionId, setup.id, 'robot-export');
      }
      completeStep(state, 'project');
      return ctx.setups.save(setup);
    });
  });
  done();
};
