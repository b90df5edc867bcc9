// Step 8 and 9: labels, sample repositories, the dry-run preview, the rule draft, the review of the
// exact requests, and creating (or updating) the policy on the Harbor that runs the rule.
import type { HarborClient } from '@hw/harbor-client';
import { collectAll, isHarborError, parseHarborVersion, validateReplicationCron } from '@hw/harbor-client';
import type { Review, SetupState } from '@hw/wizard-api';
import {
  destinationNamespace,
  previewRequestSchema,
  robotProjectName,
  ruleDraftSchema,
  sidesFor,
} from '@hw/wizard-api';
import type { FastifyPluginCallback } from 'fastify';

import type { AppContext, SetupParams } from '../context.ts';
import { loadSetup } from '../context.ts';
import { fail, parseInput } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { sideClient } from '../wizard/side-client.ts';
import { buildPolicy, policyMatches } from '../wizard/policy.ts';
import type { FullPreview, PreviewInput } from '../wizard/preview.ts';
import { computePreview } from '../wizard/preview.ts';
import { completeStep } from '../wizard/setups.ts';
import { requirePassedConnectionTest } from '../wizard/step-guards.ts';
import { setupRoute } from './route-paths.ts';

const SAMPLE_SIZE = 8;

/** The source Harbor's repositories are read with the admin connection, limited to what the rule can see. */
export function previewFor(
  ctx: AppContext,
  setup: SetupRecord,
  client: HarborClient,
  input: PreviewInput,
  cached: boolean,
): Promise<FullPreview> {
  if (!cached) return computePreview(client, input);
  return ctx.previews.get(`${setup.id}\0${JSON.stringify(input)}`, () => computePreview(client, input));
}

/** Pull mode: the one source project the robot (and so the rule) can read; null in push mode. */
function pullRobotProject(state: SetupState): string | null {
  if (state.mode !== 'pull') return null;
  return state.robot?.project ?? robotProjectName(state);
}

export function previewInput(
  state: SetupState,
  filters: PreviewInput['filters'],
  destination: { namespace: string; replaceCount: number },
): PreviewInput {
  return {
    filters,
    namespace: destinationNamespace(destination.namespace, state),
    replaceCount: destination.replaceCount,
    // Only a push robot is confined to the target project; in pull mode the target writes locally.
    targetProject: state.mode === 'push' ? (state.project?.name ?? null) : null,
    // A pull robot is confined to its source project: the target sees no other repository.
    sourceProject: pullRobotProject(state),
  };
}

export function reviewRequests(setup: SetupRecord): Review['requests'] {
  const { state, internal } = setup;
  const sides = sidesFor(state.mode);
  const url = (side: 'source' | 'target') => state[side]?.url ?? '';
  const requests: Review['requests'] = [];
  if (state.project?.createdByWizard) {
    requests.push({
      side: 'target',
      harborUrl: url('target'),
      method: 'POST',
      path: '/api/v2.0/projects',
      body: internal.projectRequest ?? { project_name: state.project.name, metadata: { public: 'false' } },
      done: true,
    });
  }
  if (state.robot && internal.robotRequest !== undefined) {
    requests.push({
      side: state.robot.side,
      harborUrl: url(state.robot.side),
      method: 'POST',
      path: '/api/v2.0/robots',
      body: internal.robotRequest,
      done: true,
    });
  }
  if (state.endpoint && internal.endpointRequest !== undefined) {
    requests.push({
      side: sides.rule,
      harborUrl: url(sides.rule),
      method: 'POST',
      path: '/api/v2.0/registries',
      body: internal.endpointRequest,
      done: true,
    });
  }
  if (state.rule && state.endpoint) {
    const policy = buildPolicy(state);
    requests.push({
      side: sides.rule,
      harborUrl: url(sides.rule),
      method: state.policy ? 'PUT' : 'POST',
      path: state.policy
        ? `/api/v2.0/replication/policies/${state.policy.id}`
        : '/api/v2.0/replication/policies',
      body: policy,
      done: false,
    });
  }
  return requests;
}

export const ruleRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;

  app.get<{ Params: SetupParams }>(setupRoute('labels'), async (request) => {
    const setup = await loadSetup(request);
    // Label filters match the labels of source artifacts, so the choices are the source's global labels.
    const client = await sideClient(ctx, setup, 'source');
    const labels = await collectAll((page, pageSize) => client.labels.listGlobal({ page, pageSize }), 100);
    return {
      items: labels.map((l) => ({
        name: l.name ?? '',
        color: l.color ?? '#FFFFFF',
        description: l.description ?? '',
      })),
    };
  });

  app.get<{ Params: SetupParams }>(setupRoute('sampleRepositories'), async (request) => {
    const setup = await loadSetup(request);
    const client = await sideClient(ctx, setup, 'source');
    const only = pullRobotProject(setup.state);
    const page = only
      ? await client.repositories.list(only, { page: 1, pageSize: 50 })
      : await client.repositories.listAll({ page: 1, pageSize: 50 });
    const names = page.items.map((r) => r.name ?? '').filter(Boolean);
    // Nested names show flattening best, so they come first.
    const depth = (n: string) => n.split('/').length;
    const items = [...names].sort((a, b) => depth(b) - depth(a) || a.localeCompare(b)).slice(0, SAMPLE_SIZE);
    return { items };
  });

  app.post<{ Params: SetupParams }>(setupRoute('preview'), async (request) => {
    const body = parseInput(previewRequestSchema, request.body, 'preview');
    const setup = await loadSetup(request);
    const client = await sideClient(ctx, setup, 'source');
    const full = await previewFor(
      ctx,
      setup,
      client,
      previewInput(setup.state, body.filters, body.destination),
      true,
    );
    const start = (body.page - 1) * body.pageSize;
    return {
      items: full.repositories.slice(start, start + body.pageSize),
      total: full.repositories.length,
      totals: full.totals,
      warnings: full.warnings,
      harborCalls: full.harborCalls,
    };
  });

  app.put<{ Params: SetupParams }>(setupRoute('ruleDraft'), async (request) => {
    const draft = parseInput(ruleDraftSchema, request.body, 'rule');
    const first = await loadSetup(request);
    return ctx.setups.withLock(first.id, async () => {
      const setup = await loadSetup(request);
      requirePassedConnectionTest(setup);
      const { state } = setup;
      const ruleSide = sidesFor(state.mode).rule;
      const harbor = state[ruleSide];
      if (state.mode === 'pull' && draft.trigger.type === 'event_based') {
        fail(
          400,
          'invalid-request',
          'Event-based rules never fire in pull mode: Harbor raises events only for images pushed to itself.',
          {
            issues: [{ path: 'trigger.type', message: 'Choose manual or scheduled for a pull rule.' }],
          },
        );
      }
      if (harbor) {
        const caps = harbor.capabilities;
        if (draft.singleActiveReplication && !caps.singleActiveReplication) {
          fail(
            400,
            'invalid-request',
            `Single active replication needs Harbor 2.14 or newer; the ${ruleSide} Harbor is ${harbor.version}.`,
            {
              issues: [{ path: 'singleActiveReplication', message: 'Not supported by this Harbor version.' }],
            },
          );
        }
        if (draft.copyByChunk && !caps.copyByChunk) {
          fail(
            400,
            'invalid-request',
            `Copy by chunk needs Harbor 2.7 or newer; the ${ruleSide} Harbor is ${harbor.version}.`,
            {
              issues: [{ path: 'copyByChunk', message: 'Not supported by this Harbor version.' }],
            },
          );
        }
        if (draft.trigger.type === 'scheduled') {
          const version = parseHarborVersion(harbor.version) ?? undefined;
          const cron = validateReplicationCron(draft.trigger.cron, version);
          if (!cron.ok)
            fail(400, 'invalid-request', cron.message, {
              issues: [{ path: 'trigger.cron', message: cron.message }],
            });
        }
      }
      state.rule = draft;
      completeStep(state, 'rule');
      return ctx.setups.save(setup);
    });
  });

  app.get<{ Params: SetupParams }>(setupRoute('review'), async (request): Promise<Review> => {
    const setup = await loadSetup(request);
    requirePassedConnectionTest(setup);
    if (!setup.state.rule)
      fail(409, 'rule-missing', 'Save the replication rule first.', {
        hint: 'Go to the "Replication rule" step.',
      });
    return { requests: reviewRequests(setup) };
  });

  app.put<{ Params: SetupParams }>(setupRoute('rule'), async (request) => {
    const first = await loadSetup(request);
    return ctx.setups.withLock(first.id, async () => {
      const setup = await loadSetup(request);
      requirePassedConnectionTest(setup);
      const { state } = setup;
      if (!state.rule)
        fail(409, 'rule-missing', 'Save the replication rule first.', {
          hint: 'Go to the "Replication rule" step.',
        });
      const side = sidesFor(state.mode).rule;
      const policy = buildPolicy(state);
      if (!policy.dest_namespace) fail(409, 'project-missing', 'Choose the target project first.');
      const client = await sideClient(ctx, setup, side);

      let id: number | null = null;
      if (state.policy) {
        try {
          await client.policies.update(state.policy.id, policy);
          id = state.policy.id;
        } catch (error) {
          // Deleted in Harbor meanwhile: create it again below.
          if (!(isHarborError(error) && error.status === 404)) throw error;
        }
      }
      if (id === null) {
        try {
          id = (await client.policies.create(policy)).id;
          state.created.push({ side, kind: 'policy', id, name: policy.name });
        } catch (error) {
          if (!(isHarborError(error) && error.status === 409)) throw error;
          const page = await client.policies.list({ name: policy.name, page: 1, pageSize: 100 });
          const existing = page.items.find((p) => p.name === policy.name);
          if (existing?.id === undefined || !policyMatches(existing, policy)) {
            fail(
              409,
              'rule-exists',
              `The ${side} Harbor already has a replication rule named "${policy.name}".`,
              {
                hint: 'Pick another rule name on the rule step.',
                harbor: { status: 409, operation: error.operation, errors: error.errors },
                conflict: {
                  ...(existing?.id !== undefined ? { existingId: existing.id } : {}),
                  options: ['rename'],
                },
              },
            );
          }
          // Same name and the same rule: an earlier attempt created it and its answer was lost.
          id = existing.id;
          await client.policies.update(id, policy);
          if (!state.created.some((c) => c.kind === 'policy' && c.id === id))
            state.created.push({ side, kind: 'policy', id, name: policy.name });
        }
      }
      state.policy = { id, name: policy.name, side };
      completeStep(state, 'review');
      return ctx.setups.save(setup);
    });
  });

  done();
};
