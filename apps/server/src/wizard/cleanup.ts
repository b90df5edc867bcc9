// Step 11's clean-up: what deleting each object the setup created will do (a preview that asks
// Harbor), then the deletion itself, dependents first, and the setup's status after it.
import type { HarborClient } from '@hw/harbor-client';
import { collectAll, isHarborError } from '@hw/harbor-client';
import type { CleanupResult, CleanupStepStatus, CreatedObject, SetupStatus } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { ApiFailure } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { forgetWatchOfSetup, watchRobotsOfSetup } from '../watch/watch-service.ts';
import type { SetupRef } from './setups.ts';
import { sideClient } from './side-client.ts';

// Dependents first: a rule references the endpoint, the endpoint logs in as the robot, the robot
// lives in the project. Harbor refuses an endpoint a rule still uses, and deleting the robot of a
// live endpoint would break the rule silently, so a failure keeps everything after it.
const ORDER: CreatedObject['kind'][] = ['policy', 'registry', 'robot', 'project'];

const KIND: Record<CreatedObject['kind'], string> = {
  policy: 'rule',
  registry: 'endpoint',
  robot: 'robot account',
  project: 'project',
};

// What Harbor's 412 means for each kind. For a project, Harbor v2.x refuses while it holds
// repositories (src/server/v2.0/handler/project.go, projectAPI.deletable: "the project contains
// repositories, can not be deleted"); a rule with an unfinished execution and an endpoint a rule
// uses are refused the same way.
const PRECONDITION: Record<CreatedObject['kind'], string> = {
  policy: 'an execution of this rule is still running: stop it on the Run step, then clean up again',
  registry: 'a replication rule still uses this endpoint: delete that rule first, then clean up again',
  robot: 'Harbor refuses to delete the robot account right now; try again',
  project:
    'Harbor refuses to delete a non-empty project; keep it, or delete its repositories first (in Harbor) and clean up again',
};

export type CleanupOptions = { dryRun: boolean; keepProject?: boolean };
type Step = CleanupResult['steps'][number];
type Clients = Map<string, HarborClient | ApiFailure>;

const label = (object: CreatedObject) => `${KIND[object.kind]} "${object.name}" on the ${object.side} Harbor`;

const harborSays = (error: unknown) =>
  isHarborError(error) && error.harborMessage ? ` (Harbor: "${error.harborMessage}")` : '';

const repositoriesWord = (n: number) => `${n} ${n === 1 ? 'repository' : 'repositories'}`;

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
  return clients.get(object.side) as HarborClient | ApiFailure;
}

/** Each kind's Harbor API (its read and its delete take the object's id). */
const apiOf = (client: HarborClient, kind: CreatedObject['kind']) =>
  ({
    policy: client.policies,
    registry: client.registries,
    robot: client.robots,
    project: client.projects,
  })[kind];

/** True when Harbor answers 404: deleted already (by an earlier run, or by hand). */
async function gone(client: HarborClient, object: CreatedObject): Promise<boolean> {
  try {
    await apiOf(client, object.kind).get(object.id);
    return false;
  } catch (error) {
    if (isHarborError(error) && error.status === 404) return true;
    throw error;
  }
}

/** Why Harbor would refuse to delete the object now, or null. */
async function refusal(client: HarborClient, object: CreatedObject, setup: SetupRecord) {
  if (object.kind === 'policy') {
    const running = await client.executions.list({ policyId: object.id, status: 'InProgress', pageSize: 1 });
    return running.total > 0 ? PRECONDITION.policy : null;
  }
  if (object.kind === 'registry') {
    const ours = setup.state.created.find((c) => c.kind === 'policy')?.id;
    const users = (await collectAll((page, pageSize) => client.policies.list({ page, pageSize }))).filter(
      (p) => p.id !== ours && (p.src_registry?.id === object.id || p.dest_registry?.id === object.id),
    );
    const names = users.map((p) => `"${p.name ?? p.id}"`).join(', ');
    return users.length > 0
      ? `the rule ${names}, not created by this setup, uses this endpoint: Harbor refuses to delete an endpoint a rule uses; delete or change that rule first`
      : null;
  }
  return null;
}

async function repositoryCount(client: HarborClient, project: CreatedObject): Promise<number> {
  return (await client.repositories.list(project.name, { page: 1, pageSize: 1 })).total;
}

/** What the run will do to one object, asking Harbor as the run would meet it. */
async function planOne(
  client: HarborClient,
  object: CreatedObject,
  setup: SetupRecord,
  keepProject: boolean | undefined,
): Promise<Step> {
  if (await gone(client, object)) {
    return { ...object, status: 'already-gone', message: `The ${label(object)} is already deleted.` };
  }
  if (object.kind === 'project') {
    const repositories = await repositoryCount(client, object);
    const holds = `The project "${object.name}" holds ${repositoriesWord(repositories)}`;
    if (keepProject ?? repositories > 0) {
      const why = repositories > 0 ? `${holds}; it will be kept` : `It will be kept`;
      return { ...object, repositories, status: 'will-keep', message: `${why}, as you chose.` };
    }
    if (repositories > 0) {
      return {
        ...object,
        repositories,
        status: 'cannot-delete',
        message: `${holds}: ${PRECONDITION.project}.`,
      };
    }
    return {
      ...object,
      repositories,
      status: 'will-delete',
      message: `Will delete the empty ${label(object)}.`,
    };
  }
  const refused = await refusal(client, object, setup);
  if (refused) return { ...object, status: 'cannot-delete', message: `Cannot delete: ${refused}.` };
  return { ...object, status: 'will-delete', message: `Will delete the ${label(object)} (id ${object.id}).` };
}

/** Deletes one object; a 404 is "already deleted", which is what a re-run wants. */
async function deleteOne(client: HarborClient, object: CreatedObject): Promise<Step> {
  try {
    await apiOf(client, object.kind).delete(object.id);
    return { ...object, status: 'deleted', message: `Deleted the ${label(object)}.` };
  } catch (error) {
    if (!isHarborError(error)) throw error;
    if (error.status === 404) {
      return { ...object, status: 'already-gone', message: `The ${label(object)} was already deleted.` };
    }
    const message =
      error.status === 412
        ? `Not deleted: ${PRECONDITION[object.kind]}.${harborSays(error)}`
        : `Not deleted: Harbor answered ${error.status ?? error.kind}${harborSays(error)}. Try again.`;
    return { ...object, status: 'failed', message };
  }
}

/** A step that could not even ask Harbor, e.g. the side's login no longer works. */
function unreachable(object: CreatedObject, failure: ApiFailure, status: CleanupStepStatus): Step {
  return { ...object, status, message: `${failure.body.message} ${failure.body.hint ?? ''}`.trim() };
}

/** Cleaned up when everything is deleted or kept by choice; partly when anything is still there against it. */
function statusAfter(steps: Step[]): SetupStatus {
  return steps.every((s) => s.status === 'deleted' || s.status === 'already-gone' || s.status === 'kept')
    ? 'cleaned-up'
    : 'partly-cleaned-up';
}

/**
 * Previews (`dryRun`) or runs the clean-up. A project that holds repositories is kept unless the
 * operator says otherwise. A run records its result and the setup's status, so the page and the
 * setups list show the true state, and is idempotent: what is already deleted counts as done.
 */
export function cleanup(ctx: AppContext, ref: SetupRef, options: CleanupOptions): Promise<CleanupResult> {
  return ctx.setups.mutate(ref, async (setup) => {
    // The watch robots first: they only read, nothing depends on them, and the watch goes with them.
    const watchRobots = await watchRobotsOfSetup(ctx, setup);
    const created = [...setup.state.created].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    const objects = [...watchRobots, ...created];
    const steps: Step[] = [];
    const clients: Clients = new Map();
    let blockedBy: CreatedObject | null = null;
    for (const object of objects) {
      if (blockedBy) {
        const message = `Kept: the ${label(blockedBy)}, which depends on it, ${options.dryRun ? 'cannot' : 'could not'} be deleted first.`;
        steps.push({ ...object, status: options.dryRun ? 'cannot-delete' : 'skipped', message });
        continue;
      }
      const client = await clientFor(ctx, setup, clients, object);
      let step: Step;
      if (client instanceof ApiFailure) {
        step = unreachable(object, client, options.dryRun ? 'cannot-delete' : 'failed');
      } else if (options.dryRun) {
        step = await planOne(client, object, setup, options.keepProject).catch((error: unknown) => {
          if (!isHarborError(error)) throw error;
          const message = `Could not check it: Harbor answered ${error.status ?? error.kind}${harborSays(error)}. Preview again.`;
          return { ...object, status: 'cannot-delete' as const, message };
        });
      } else if (object.kind === 'project' && (await keep(client, object, options.keepProject))) {
        step = { ...object, status: 'kept', message: `Kept the ${label(object)}, as you chose.` };
      } else {
        step = await deleteOne(client, object);
      }
      const failed = step.status === 'cannot-delete' || step.status === 'failed';
      if (failed && !watchRobots.includes(object)) blockedBy = object;
      steps.push(step);
    }
    const result: CleanupResult = { dryRun: options.dryRun, steps };
    if (!options.dryRun) {
      const watchSteps = steps.slice(0, watchRobots.length);
      if (watchSteps.every((s) => s.status === 'deleted' || s.status === 'already-gone')) {
        await forgetWatchOfSetup(ctx, setup);
      }
      setup.state.cleanup = result;
      setup.state.status = statusAfter(steps);
      await ctx.setups.save(setup);
    }
    return result;
  });
}

/** The run keeps the project when asked to, or by default when it holds repositories. */
async function keep(client: HarborClient, project: CreatedObject, keepProject: boolean | undefined) {
  if (keepProject !== undefined) return keepProject;
  try {
    return (await repositoryCount(client, project)) > 0;
  } catch (error) {
    // A project that is gone has nothing to keep: the delete then reports it as already deleted.
    if (isHarborError(error) && error.status === 404) return false;
    throw error;
  }
}
