// Step 11: finish a setup (its secrets are erased), export it, and clean up what it created.
import type { HarborClient } from '@hw/harbor-client';
import { isHarborError } from '@hw/harbor-client';
import type { CleanupResult, CreatedObject } from '@hw/wizard-api';
import { sidesFor } from '@hw/wizard-api';
import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';

import type { SetupParams } from '../context.ts';
import { loadSetup } from '../context.ts';
import { ApiFailure, parseInput } from '../errors.ts';
import { sideClient } from '../wizard/side-client.ts';
import { setupBundle, setupTerraform } from '../wizard/exports.ts';
import { completeStep } from '../wizard/setups.ts';
import { requireRuleHasRun } from '../wizard/step-guards.ts';
import { setupRoute } from './route-paths.ts';

const cleanupRequestSchema = z.object({ dryRun: z.boolean().default(false) });

// Dependents first: a rule references the endpoint, the endpoint logs in as the robot, the robot lives in the project.
const ORDER: CreatedObject['kind'][] = ['policy', 'registry', 'robot', 'project'];

const PRECONDITION: Record<CreatedObject['kind'], string> = {
  policy:
    'Harbor refuses because an execution of this rule is still running: stop it (Run step), then clean up again.',
  registry:
    'Harbor refuses because a replication rule still uses this endpoint: delete that rule first, then clean up again.',
  robot: 'Harbor refuses to delete the robot right now; try again.',
  project:
    'Harbor refuses because the project is not empty (it holds replicated images): delete its repositories in Harbor, or keep the project.',
};

async function remove(client: HarborClient, object: CreatedObject): Promise<void> {
  switch (object.kind) {
    case 'policy':
      return client.policies.delete(object.id);
    case 'registry':
      return client.registries.delete(object.id);
    case 'robot':
      return client.robots.delete(object.id);
    case 'project':
      return client.projects.delete(object.id);
  }
}

function fileName(base: string, ext: string): string {
  return `${base.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
}

export const finishRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;

  app.post<{ Params: SetupParams }>(setupRoute('complete'), async (request) => {
    const first = await loadSetup(request);
    return ctx.setups.withLock(first.id, async () => {
      const setup = await loadSetup(request);
      if (setup.state.status === 'completed') return setup.state;
      await requireRuleHasRun(setup, () => sideClient(ctx, setup, sidesFor(setup.state.mode).rule));
      completeStep(setup.state, 'run');
      completeStep(setup.state, 'done');
      setup.state.step = 'done';
      setup.state.status = 'completed';
      // Nothing secret outlives the setup: passwords, robot secret and export file are erased now.
      await ctx.secrets.delete(setup.sessionId, setup.id);
      return ctx.setups.save(setup);
    });
  });

  app.get<{ Params: SetupParams }>(setupRoute('exportBundle'), async (request, reply) => {
    const setup = await loadSetup(request);
    const body = JSON.stringify(setupBundle(setup.state, setup.internal, ctx.now().toISOString()), null, 2);
    return reply
      .type('application/json; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${fileName(`replication-setup-${setup.state.policy?.name ?? setup.id}`, 'json')}"`,
      )
      .send(body);
  });

  app.get<{ Params: SetupParams }>(setupRoute('exportTerraform'), async (request, reply) => {
    const setup = await loadSetup(request);
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', 'attachment; filename="main.tf"')
      .send(setupTerraform(setup.state, setup.internal));
  });

  app.post<{ Params: SetupParams }>(setupRoute('cleanup'), async (request): Promise<CleanupResult> => {
    const { dryRun } = parseInput(cleanupRequestSchema, request.body, 'clean-up request');
    const first = await loadSetup(request);
    return ctx.setups.withLock(first.id, async () => {
      const setup = await loadSetup(request);
      const objects = [...setup.state.created].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
      const steps: CleanupResult['steps'] = [];
      const clients = new Map<string, HarborClient | ApiFailure>();
      let blockedBy: CreatedObject | null = null;
      for (const object of objects) {
        if (blockedBy) {
          // Each object depends on the next one in the chain: keep it while its dependent is still there.
          steps.push({
            ...object,
            status: 'skipped',
            message: `Kept: the ${blockedBy.kind} "${blockedBy.name}" that uses it could not be deleted first.`,
          });
          continue;
        }
        if (dryRun) {
          steps.push({
            ...object,
            status: 'skipped',
            message: `Would delete ${object.kind} "${object.name}" (id ${object.id}) on the ${object.side} Harbor.`,
          });
          continue;
        }
        if (!clients.has(object.side)) {
          try {
            clients.set(object.side, await sideClient(ctx, setup, object.side));
          } catch (error) {
            if (!(error instanceof ApiFailure)) throw error;
            clients.set(object.side, error);
          }
        }
        const client = clients.get(object.side);
        if (client instanceof ApiFailure || client === undefined) {
          steps.push({
            ...object,
            status: 'failed',
            message: `${client?.body.message ?? 'Not connected.'} ${client?.body.hint ?? ''}`.trim(),
          });
          continue;
        }
        try {
          await remove(client, object);
          steps.push({
            ...object,
            status: 'deleted',
            message: `Deleted ${object.kind} "${object.name}" on the ${object.side} Harbor.`,
          });
        } catch (error) {
          if (isHarborError(error) && error.status === 404) {
            steps.push({
              ...object,
              status: 'already-gone',
              message: `${object.kind} "${object.name}" no longer exists on the ${object.side} Harbor.`,
            });
          } else if (isHarborError(error) && error.status === 412) {
            blockedBy = object;
            steps.push({
              ...object,
              status: 'failed',
              message: `${PRECONDITION[object.kind]}${error.harborMessage ? ` (Harbor: "${error.harborMessage}")` : ''}`,
            });
          } else if (isHarborError(error)) {
            blockedBy = object;
            steps.push({
              ...object,
              status: 'failed',
              message: `Harbor answered ${error.status ?? error.kind}${error.harborMessage ? `: "${error.harborMessage}"` : ''}. Try again.`,
            });
          } else {
            throw error;
          }
        }
      }
      return { steps };
    });
  });

  done();
};
