// Step 10: start ("Replicate now"), list, follow, stop, tasks and logs of the rule's executions,
// and the verification on the target that what the preview promised has arrived.
import type { HarborArtifact, HarborReplicationExecution, HarborReplicationTask } from '@hw/harbor-client';
import { collectAll, isFinalExecutionStatus, isHarborError, isZeroTime } from '@hw/harbor-client';
import type { Execution, Task, Verification } from '@hw/wizard-api';
import { executionListQuerySchema, idParamSchema, pageQuerySchema, sidesFor } from '@hw/wizard-api';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';

import type { SetupParams } from '../context.ts';
import { loadSetup } from '../context.ts';
import { fail, parseInput } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { sideClient } from '../wizard/side-client.ts';
import { Semaphore } from '../wizard/semaphore.ts';
import { completeStep } from '../wizard/setups.ts';
import { requirePassedConnectionTest } from '../wizard/step-guards.ts';
import { previewFor, previewInput } from './rule-routes.ts';
import { routes, setupRoute } from './route-paths.ts';

type ExecutionParams = SetupParams & { executionId: string };
type TaskParams = ExecutionParams & { taskId: string };

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

function requirePolicy(setup: SetupRecord): { id: number } {
  if (!setup.state.policy)
    fail(409, 'rule-not-created', 'Create the replication rule first.', {
      hint: 'Go to the "Review" step and create it.',
    });
  return setup.state.policy;
}

async function executionOfSetup(request: FastifyRequest<{ Params: ExecutionParams }>) {
  const setup = await loadSetup(request);
  const policy = requirePolicy(setup);
  const executionId = parseInput(idParamSchema, request.params.executionId, 'execution id');
  const client = await sideClient(request.server.ctx, setup, sidesFor(setup.state.mode).rule);
  const execution = await client.executions.get(executionId);
  // Only this setup's rule: the session must not read other rules' executions through us.
  if (execution.policy_id !== policy.id)
    fail(404, 'execution-not-found', `Execution ${executionId} does not belong to this setup's rule.`);
  return { setup, client, execution, executionId };
}

export const executionRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;

  app.post<{ Params: SetupParams }>(setupRoute('executions'), async (request) => {
    const setup = await loadSetup(request);
    const policy = requirePolicy(setup);
    requirePassedConnectionTest(setup);
    const client = await sideClient(ctx, setup, sidesFor(setup.state.mode).rule);
    let id: number;
    try {
      id = (await client.executions.start(policy.id)).id;
    } catch (error) {
      if (isHarborError(error) && error.status === 412) {
        fail(412, 'rule-disabled', 'The rule is disabled, so Harbor will not run it.', {
          hint: 'Turn on "Enable rule" on the rule step, save, and create the rule again.',
          harbor: { status: 412, operation: error.operation, errors: error.errors },
        });
      }
      throw error;
    }
    await ctx.setups.withLock(setup.id, async () => {
      const fresh = await loadSetup(request);
      fresh.state.lastExecutionId = id;
      await ctx.setups.save(fresh);
    });
    return toExecution(await client.executions.get(id));
  });

  app.get<{ Params: SetupParams }>(setupRoute('executions'), async (request) => {
    const query = parseInput(executionListQuerySchema, request.query, 'query');
    const setup = await loadSetup(request);
    const policy = requirePolicy(setup);
    const client = await sideClient(ctx, setup, sidesFor(setup.state.mode).rule);
    const page = await client.executions.list({
      policyId: policy.id,
      page: query.page,
      pageSize: query.pageSize,
      ...(query.status ? { status: query.status } : {}),
      ...(query.trigger ? { trigger: query.trigger } : {}),
    });
    return { items: page.items.map(toExecution), total: page.total };
  });

  app.get<{ Params: ExecutionParams }>(routes.execution, async (request) =>
    toExecution((await executionOfSetup(request)).execution),
  );

  app.post<{ Params: ExecutionParams }>(routes.stopExecution, async (request) => {
    const { client, executionId } = await executionOfSetup(request);
    await client.executions.stop(executionId);
    return toExecution(await client.executions.get(executionId));
  });

  app.get<{ Params: ExecutionParams }>(routes.tasks, async (request) => {
    const query = parseInput(pageQuerySchema, request.query, 'query');
    const { client, executionId } = await executionOfSetup(request);
    const page = await client.executions.tasks(executionId, { page: query.page, pageSize: query.pageSize });
    return { items: page.items.map(toTask), total: page.total };
  });

  app.get<{ Params: TaskParams }>(routes.taskLog, async (request, reply) => {
    const taskId = parseInput(idParamSchema, request.params.taskId, 'task id');
    const { client, executionId } = await executionOfSetup(request);
    const log = await client.executions.taskLog(executionId, taskId);
    return reply.type('text/plain; charset=utf-8').send(log);
  });

  app.get<{ Params: SetupParams }>(setupRoute('verification'), async (request): Promise<Verification> => {
    const setup = await loadSetup(request);
    const { state } = setup;
    if (!state.rule) fail(409, 'rule-missing', 'Save the replication rule first.');
    const source = await sideClient(ctx, setup, 'source');
    const target = await sideClient(ctx, setup, 'target');
    const expected = await previewFor(
      ctx,
      setup,
      source,
      previewInput(state, state.rule.filters, state.rule.destination),
      false,
    );
    const gate = new Semaphore(8);
    const repositories = await Promise.all(
      expected.repositories
        .filter((r) => r.destination !== null && r.error === undefined)
        .map(async (repo) => {
          const destination = repo.destination ?? '';
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
          const present = new Set(artifacts.flatMap((a) => (a.tags ?? []).map((t) => t.name ?? '')));
          return {
            repository: destination,
            expectedTags: repo.tags,
            presentTags: repo.tags.filter((t) => present.has(t)),
            missingTags: repo.tags.filter((t) => !present.has(t)),
          };
        }),
    );
    const result: Verification = {
      ok: repositories.every((r) => r.missingTags.length === 0),
      checkedAt: ctx.now().toISOString(),
      targetUrl: state.target?.url ?? '',
      repositories,
    };
    if (result.ok && state.status === 'in-progress') {
      await ctx.setups.withLock(setup.id, async () => {
        const fresh = await loadSetup(request);
        completeStep(fresh.state, 'run');
        await ctx.setups.save(fresh);
      });
    }
    return result;
  });

  done();
};
