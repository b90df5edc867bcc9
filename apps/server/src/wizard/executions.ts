// Step 10: start ("Replicate now"), list, follow, stop, tasks and logs of the rule's executions,
// and the verification on the target that what the preview promised has arrived.
import type {
  HarborArtifact,
  HarborClient,
  HarborReplicationExecution,
  HarborReplicationTask,
} from '@hw/harbor-client';
import { collectAll, isFinalExecutionStatus, isHarborError, isZeroTime } from '@hw/harbor-client';
import type { Execution, Task, Verification } from '@hw/wizard-api';
import { LIVE_TASKS_PAGE_SIZE, sidesFor } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { fail, harborDetail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { previewFor, previewInput } from './rules.ts';
import { Semaphore } from './semaphore.ts';
import type { SetupRef } from './setups.ts';
import { completeStep } from './setups.ts';
import { sideClient } from './side-client.ts';
import { requirePassedConnectionTest, requirePolicy, requireRule } from './step-guards.ts';

type Page<T> = { items: T[]; total: number };

const time = (t: string | undefined): string | null => (t && !isZeroTime(t) ? t : null);

export function toExecution(e: HarborReplicationExecution): Execution {
  return {
    id: e.id ?? 0,
    status: e.status ?? 'Unknown',
    statusText: e.status_text ?? '',
    trigger: e.trigger ?? 'manual',
    startTime: e.start_time ?? '',
    endTime: time(e.end_time),
    total: e.total ?? 0,
    succeed: e.succeed ?? 0,
    failed: e.failed ?? 0,
    stopped: e.stopped ?? 0,
    inProgress: e.in_progress ?? 0,
    final: isFinalExecutionStatus(e.status),
  };
}

export function toTask(t: HarborReplicationTask): Task {
  return {
    id: t.id ?? 0,
    executionId: t.execution_id ?? 0,
    status: t.status ?? 'Unknown',
    operation: t.operation ?? '',
    resourceType: t.resource_type ?? '',
    source: t.src_resource ?? '',
    destination: t.dst_resource ?? '',
    startTime: time(t.start_time),
    endTime: time(t.end_time),
  };
}

/** The setup's rule and the client of the Harbor that runs it. */
async function ruleOfSetup(ctx: AppContext, ref: SetupRef) {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const policy = requirePolicy(setup.state);
  const client = await sideClient(ctx, setup, sidesFor(setup.state.mode).rule);
  return { policy, client };
}

/** One execution of this setup's rule: the session must not read other rules' executions through us. */
async function ownedExecution(client: HarborClient, policyId: number, executionId: number) {
  const execution = await client.executions.get(executionId);
  if (execution.policy_id !== policyId)
    fail(404, 'execution-not-found', `Execution ${executionId} does not belong to this setup's rule.`);
  return execution;
}

async function executionOfSetup(ctx: AppContext, ref: SetupRef, executionId: number) {
  const { client, policy } = await ruleOfSetup(ctx, ref);
  return { client, execution: await ownedExecution(client, policy.id, executionId) };
}

/** What the live feed reads of one execution: one Harbor call each. */
export type ExecutionReader = {
  execution(): Promise<Execution>;
  /** The first page of its tasks (the page the run step shows first). */
  tasks(): Promise<Page<Task>>;
};

/**
 * A reader of one execution of this setup's rule with the setup's admin connection. Loading it
 * checks the session and the setup (no Harbor call); each read checks the execution's rule.
 */
export async function executionReader(
  ctx: AppContext,
  ref: SetupRef,
  executionId: number,
): Promise<ExecutionReader> {
  const { policy, client } = await ruleOfSetup(ctx, ref);
  return {
    execution: async () => toExecution(await ownedExecution(client, policy.id, executionId)),
    tasks: async () => {
      const page = await client.executions.tasks(executionId, { page: 1, pageSize: LIVE_TASKS_PAGE_SIZE });
      return { items: page.items.map(toTask), total: page.total };
    },
  };
}

export async function startExecution(ctx: AppContext, ref: SetupRef): Promise<Execution> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const policy = requirePolicy(setup.state);
  requirePassedConnectionTest(setup);
  const client = await sideClient(ctx, setup, sidesFor(setup.state.mode).rule);
  let id: number;
  try {
    id = (await client.executions.start(policy.id)).id;
  } catch (error) {
    if (isHarborError(error) && error.status === 412) {
      fail(412, 'rule-disabled', 'The rule is disabled, so Harbor will not run it.', {
        hint: 'Turn on "Enable rule" on the rule step, save, and create the rule again.',
        harbor: harborDetail(error),
      });
    }
    throw error;
  }
  await ctx.setups.mutate(ref, async (fresh) => {
    fresh.state.lastExecutionId = id;
    await ctx.setups.save(fresh);
  });
  return toExecution(await client.executions.get(id));
}

export async function listExecutions(
  ctx: AppContext,
  ref: SetupRef,
  query: { page: number; pageSize: number; status?: string | undefined; trigger?: string | undefined },
): Promise<Page<Execution>> {
  const { policy, client } = await ruleOfSetup(ctx, ref);
  const page = await client.executions.list({
    policyId: policy.id,
    page: query.page,
    pageSize: query.pageSize,
    ...(query.status ? { status: query.status } : {}),
    ...(query.trigger ? { trigger: query.trigger } : {}),
  });
  return { items: page.items.map(toExecution), total: page.total };
}

export async function getExecution(ctx: AppContext, ref: SetupRef, executionId: number): Promise<Execution> {
  return toExecution((await executionOfSetup(ctx, ref, executionId)).execution);
}

export async function stopExecution(ctx: AppContext, ref: SetupRef, executionId: number): Promise<Execution> {
  const { client } = await executionOfSetup(ctx, ref, executionId);
  await client.executions.stop(executionId);
  return toExecution(await client.executions.get(executionId));
}

export async function listTasks(
  ctx: AppContext,
  ref: SetupRef,
  executionId: number,
  query: { page: number; pageSize: number },
): Promise<Page<Task>> {
  const { client } = await executionOfSetup(ctx, ref, executionId);
  const page = await client.executions.tasks(executionId, { page: query.page, pageSize: query.pageSize });
  return { items: page.items.map(toTask), total: page.total };
}

export async function taskLog(
  ctx: AppContext,
  ref: SetupRef,
  executionId: number,
  taskId: number,
): Promise<string> {
  const { client } = await executionOfSetup(ctx, ref, executionId);
  return client.executions.taskLog(executionId, taskId);
}

/** The tags of one destination repository on the target (none when it does not exist yet). */
async function presentTags(target: HarborClient, gate: Semaphore, destination: string): Promise<Set<string>> {
  const slash = destination.indexOf('/');
  let artifacts: HarborArtifact[] = [];
  try {
    artifacts = await collectAll(
      (page, pageSize) =>
        gate.run(() =>
          target.artifacts.list(destination.slice(0, slash), destination.slice(slash + 1), {
            page,
            pageSize,
            withTag: true,
          }),
        ),
      100,
    );
  } catch (error) {
    if (!(isHarborError(error) && error.status === 404)) throw error;
  }
  return new Set(artifacts.flatMap((a) => (a.tags ?? []).map((t) => t.name ?? '')));
}

async function verify(ctx: AppContext, setup: SetupRecord): Promise<Verification> {
  const { state } = setup;
  const rule = requireRule(state);
  const source = await sideClient(ctx, setup, 'source');
  const target = await sideClient(ctx, setup, 'target');
  const expected = await previewFor(
    ctx,
    setup,
    source,
    previewInput(state, rule.filters, rule.destination),
    false,
  );
  const gate = new Semaphore(8);
  const repositories = await Promise.all(
    expected.repositories
      .filter((r) => r.destination !== null && r.error === undefined)
      .map(async (repo) => {
        const destination = repo.destination ?? '';
        const present = await presentTags(target, gate, destination);
        return {
          repository: destination,
          expectedTags: repo.tags,
          presentTags: repo.tags.filter((t) => present.has(t)),
          missingTags: repo.tags.filter((t) => !present.has(t)),
        };
      }),
  );
  return {
    ok: repositories.every((r) => r.missingTags.length === 0),
    checkedAt: ctx.now().toISOString(),
    targetUrl: state.target?.url ?? '',
    repositories,
  };
}

/** Whether what the preview promised has arrived on the target; when it has, the run step is done. */
export async function verification(ctx: AppContext, ref: SetupRef): Promise<Verification> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const result = await verify(ctx, setup);
  if (result.ok && setup.state.status === 'in-progress') {
    await ctx.setups.mutate(ref, async (fresh) => {
      completeStep(fresh.state, 'run');
      await ctx.setups.save(fresh);
    });
  }
  return result;
}
