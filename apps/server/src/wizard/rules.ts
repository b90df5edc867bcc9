// Steps 8 and 9: labels, sample repositories, the dry-run preview, the rule draft, the review of the
// exact requests, and creating (or updating) the policy on the Harbor that runs the rule.
import type { HarborClient } from '@hw/harbor-client';
import { collectAll, isHarborError, parseHarborVersion, validateReplicationCron } from '@hw/harbor-client';
import type { PreviewResult, Review, RuleDraft, SetupState, previewRequestSchema } from '@hw/wizard-api';
import { destinationNamespace, robotProjectName, sidesFor } from '@hw/wizard-api';
import type { z } from 'zod';

import type { AppContext } from '../context.ts';
import { fail, harborDetail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { createOrAdopt } from './adopt.ts';
import { buildPolicy, policyMatches } from './policy.ts';
import type { FullPreview, PreviewInput } from './preview.ts';
import { computePreview } from './preview.ts';
import type { SetupRef } from './setups.ts';
import { completeStep } from './setups.ts';
import { sideClient } from './side-client.ts';
import { requirePassedConnectionTest, requireRule } from './step-guards.ts';

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

export async function labelOptions(ctx: AppContext, ref: SetupRef) {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
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
}

export async function sampleRepositories(ctx: AppContext, ref: SetupRef): Promise<{ items: string[] }> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const client = await sideClient(ctx, setup, 'source');
  const only = pullRobotProject(setup.state);
  const page = only
    ? await client.repositories.list(only, { page: 1, pageSize: 50 })
    : await client.repositories.listAll({ page: 1, pageSize: 50 });
  const names = page.items.map((r) => r.name ?? '').filter(Boolean);
  // Nested names show flattening best, so they come first.
  const depth = (n: string) => n.split('/').length;
  return {
    items: [...names].sort((a, b) => depth(b) - depth(a) || a.localeCompare(b)).slice(0, SAMPLE_SIZE),
  };
}

export async function previewPage(
  ctx: AppContext,
  ref: SetupRef,
  request: z.output<typeof previewRequestSchema>,
): Promise<PreviewResult> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const client = await sideClient(ctx, setup, 'source');
  const input = previewInput(setup.state, request.filters, request.destination);
  const full = await previewFor(ctx, setup, client, input, true);
  const start = (request.page - 1) * request.pageSize;
  return {
    items: full.repositories.slice(start, start + request.pageSize),
    total: full.repositories.length,
    totals: full.totals,
    collisions: full.collisions,
    warnings: full.warnings,
    harborCalls: full.harborCalls,
  };
}

/**
 * Whether the rule's Harbor already has a rule of that name other than this setup's own: Harbor
 * refuses a duplicate name with 409 only when the rule is created, at the end of Review.
 */
export async function checkRuleName(
  ctx: AppContext,
  ref: SetupRef,
  name: string,
): Promise<{ exists: boolean; harborUrl: string }> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const side = sidesFor(setup.state.mode).rule;
  const client = await sideClient(ctx, setup, side);
  // Harbor's `name` query matches by substring: only an exact name is a conflict.
  const found = await collectAll((page, pageSize) => client.policies.list({ name, page, pageSize }), 100);
  const own = setup.state.policy?.id;
  return {
    exists: found.some((p) => p.name === name && p.id !== own),
    harborUrl: setup.state[side]?.url ?? '',
  };
}

/** What the rule's Harbor cannot do, as the 400 the rule step shows beside the field. */
function refuseUnsupported(state: SetupState, draft: RuleDraft): void {
  const ruleSide = sidesFor(state.mode).rule;
  const refuse = (path: string, message: string, issue: string): never =>
    fail(400, 'invalid-request', message, { issues: [{ path, message: issue }] });
  if (state.mode === 'pull' && draft.trigger.type === 'event_based') {
    refuse(
      'trigger.type',
      'Event-based rules never fire in pull mode: Harbor raises events only for images pushed to itself.',
      'Choose manual or scheduled for a pull rule.',
    );
  }
  const harbor = state[ruleSide];
  if (!harbor) return;
  const tooOld = (feature: string, release: string) =>
    `${feature} needs Harbor ${release} or newer; the ${ruleSide} Harbor is ${harbor.version}.`;
  if (draft.singleActiveReplication && !harbor.capabilities.singleActiveReplication)
    refuse(
      'singleActiveReplication',
      tooOld('Single active replication', '2.14'),
      'Not supported by this Harbor version.',
    );
  if (draft.copyByChunk && !harbor.capabilities.copyByChunk)
    refuse('copyByChunk', tooOld('Copy by chunk', '2.7'), 'Not supported by this Harbor version.');
  if (draft.trigger.type === 'scheduled') {
    const cron = validateReplicationCron(draft.trigger.cron, parseHarborVersion(harbor.version) ?? undefined);
    if (!cron.ok) refuse('trigger.cron', cron.message, cron.message);
  }
}

export function saveRuleDraft(ctx: AppContext, ref: SetupRef, draft: RuleDraft): Promise<SetupState> {
  return ctx.setups.mutate(ref, async (setup) => {
    requirePassedConnectionTest(setup);
    refuseUnsupported(setup.state, draft);
    setup.state.rule = draft;
    completeStep(setup.state, 'rule');
    return ctx.setups.save(setup);
  });
}

export async function review(ctx: AppContext, ref: SetupRef): Promise<Review> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  requirePassedConnectionTest(setup);
  requireRule(setup.state);
  return { requests: reviewRequests(setup) };
}

/** Updates the rule this setup created; null when it was deleted in Harbor meanwhile. */
async function updateOwnPolicy(
  client: HarborClient,
  id: number,
  policy: ReturnType<typeof buildPolicy>,
): Promise<number | null> {
  try {
    await client.policies.update(id, policy);
    return id;
  } catch (error) {
    if (isHarborError(error) && error.status === 404) return null;
    throw error;
  }
}

/** Creates the policy from the saved draft, or updates it; a retry after a lost answer adopts it. */
export function createRule(ctx: AppContext, ref: SetupRef): Promise<SetupState> {
  return ctx.setups.mutate(ref, async (setup) => {
    requirePassedConnectionTest(setup);
    const { state } = setup;
    requireRule(state);
    const side = sidesFor(state.mode).rule;
    const policy = buildPolicy(state);
    if (!policy.dest_namespace) fail(409, 'project-missing', 'Choose the target project first.');
    const client = await sideClient(ctx, setup, side);
    let id = state.policy ? await updateOwnPolicy(client, state.policy.id, policy) : null;
    if (id === null) {
      const outcome = await createOrAdopt({
        create: async () => (await client.policies.create(policy)).id,
        find: async () =>
          (await client.policies.list({ name: policy.name, page: 1, pageSize: 100 })).items.find(
            (p) => p.name === policy.name,
          ) ?? null,
        idOf: (p) => p.id,
        // Same name and the same rule: an earlier attempt created it and its answer was lost.
        isOurs: (p) => policyMatches(p, policy),
        conflict: (error, existing) =>
          fail(
            409,
            'rule-exists',
            `The ${side} Harbor already has a replication rule named "${policy.name}".`,
            {
              hint: 'Pick another rule name on the rule step.',
              harbor: harborDetail(error),
              conflict: {
                ...(existing?.id !== undefined ? { existingId: existing.id } : {}),
                options: ['rename'],
              },
            },
          ),
      });
      id = outcome.id;
      if (outcome.existing !== null) await client.policies.update(id, policy);
      if (!state.created.some((c) => c.kind === 'policy' && c.id === id))
        state.created.push({ side, kind: 'policy', id, name: policy.name });
    }
    state.policy = { id, name: policy.name, side };
    completeStep(state, 'review');
    return ctx.setups.save(setup);
  });
}
