// Step 11: finish a setup (its secrets are erased), export it, and clean up what it created.
import type { HarborClient } from '@hw/harbor-client';
import { isHarborError } from '@hw/harbor-client';
import type { CleanupResult, CreatedObject } from '@hw/wizard-api';
import { sidesFor } from '@hw/wizard-api';
import type { SetupState } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { ApiFailure } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { setupBundle, setupTerraform } from './exports.ts';
import type { SetupRef } from './setups.ts';
import { completeStep } from './setups.ts';
import { sideClient } from './side-client.ts';
import { requireRuleHasRun } from './step-guards.ts';

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

export function completeSetup(ctx: AppContext, ref: SetupRef): Promise<SetupState> {
  return ctx.setups.mutate(ref, async (setup) => {
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
}

export type ExportFile = { fileName: string; contentType: string; content: string };

export async function exportFile(
  ctx: AppContext,
  ref: SetupRef,
  format: 'bundle' | 'terraform',
): Promise<ExportFile> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  if (format === 'terraform')
    return {
      fileName: 'main.tf',
      contentType: 'text/plain; charset=utf-8',
      content: setupTerraform(setup.state, setup.internal),
    };
  return {
    fileName: `replication-setup-${setup.state.policy?.name ?? setup.id}.json`,
    contentType: 'application/json; charset=utf-8',
    content: JSON.stringify(setupBundle(setup.state, setup.internal, ctx.now().toISOString()), null, 2),
  };
}

type CleanupStep = CleanupResult['steps'][number];
type Clients = Map<string, HarborClient | ApiFailure>;

/** The client of an object's Harbor, or why there is none (one login attempt per side). */
async function clientFor(ctx: AppContext, setup: SetupRecord, clients: Clients, object: CreatedObject) {
  if (!clients.has(object.side)) {
    try {
      clients.set(object.side, await sideClient(ctx, setup, object.side));
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      clients.set(object.side, error);
    }
  }
  return clients.get(object.side);
}

/** Deletes one object; `blocks` is set when what it depends on must be kept. */
async function removeOne(
  client: HarborClient,
  object: CreatedObject,
): Promise<CleanupStep & { blocks?: true }> {
  try {
    await remove(client, object);
    return {
      ...object,
      status: 'deleted',
      message: `Deleted ${object.kind} "${object.name}" on the ${object.side} Harbor.`,
    };
  } catch (error) {
    if (!isHarborError(error)) throw error;
    if (error.status === 404) {
      return {
        ...object,
        status: 'already-gone',
        message: `${object.kind} "${object.name}" no longer exists on the ${object.side} Harbor.`,
      };
    }
    const message =
      error.status === 412
        ? `${PRECONDITION[object.kind]}${error.harborMessage ? ` (Harbor: "${error.harborMessage}")` : ''}`
        : `Harbor answered ${error.status ?? error.kind}${error.harborMessage ? `: "${error.harborMessage}"` : ''}. Try again.`;
    return { ...object, status: 'failed', message, blocks: true };
  }
}

/** Deletes what the setup created, dependents first; a dry run only lists it. */
export function cleanup(ctx: AppContext, ref: SetupRef, dryRun: boolean): Promise<CleanupResult> {
  return ctx.setups.mutate(ref, async (setup) => {
    const objects = [...setup.state.created].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    const steps: CleanupResult['steps'] = [];
    const clients: Clients = new Map();
    let blockedBy: CreatedObject | null = null;
    for (const object of objects) {
      if (blockedBy) {
        // Each object depends on the next one in the chain: keep it while its dependent is still there.
        const message = `Kept: the ${blockedBy.kind} "${blockedBy.name}" that uses it could not be deleted first.`;
        steps.push({ ...object, status: 'skipped', message });
        continue;
      }
      if (dryRun) {
        const message = `Would delete ${object.kind} "${object.name}" (id ${object.id}) on the ${object.side} Harbor.`;
        steps.push({ ...object, status: 'skipped', message });
        continue;
      }
      const client = await clientFor(ctx, setup, clients, object);
      if (client instanceof ApiFailure || client === undefined) {
        const message = `${client?.body.message ?? 'Not connected.'} ${client?.body.hint ?? ''}`.trim();
        steps.push({ ...object, status: 'failed', message });
        continue;
      }
      const { blocks, ...step } = await removeOne(client, object);
      if (blocks) blockedBy = object;
      steps.push(step);
    }
    return { steps };
  });
}
