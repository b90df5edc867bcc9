import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import {
  ADMIN,
  PUSH_ACCESS,
  client,
  connectPush,
  createPolicy,
  createRobot,
  errorOf,
  idFromLocation,
  runPolicy,
  startSourceAndTarget,
  waitExecution,
  type Execution,
} from './support/harbor.ts';

let source: HarborSim;
let target: HarborSim;
beforeAll(async () => {
  ({ source, target } = await startSourceAndTarget());
});
afterAll(async () => {
  await Promise.all([source.close(), target.close()]);
});

type Task = {
  id: number;
  status: string;
  src_resource: string;
  dst_resource: string;
  operation: string;
  resource_type: string;
};
const src = () => client(source, ADMIN);
const dst = () => client(target, ADMIN);
const tasksOf = async (sim: HarborSim, id: number) =>
  (await client(sim).get(`/api/v2.0/replication/executions/${id}/tasks?page_size=100`)).json as Task[];
const logOf = async (sim: HarborSim, id: number, taskId: number) =>
  (await client(sim).get(`/api/v2.0/replication/executions/${id}/tasks/${taskId}/log`)).text;
const tagsOn = async (sim: HarborSim, project: string, repo: string) => {
  const res = await client(sim).get(
    `/api/v2.0/projects/${project}/repositories/${encodeURIComponent(encodeURIComponent(repo))}/artifacts?page_size=100`,
  );
  if (res.status === 404) return null;
  return ((res.json as { tags?: { name: string }[] }[]) ?? [])
    .flatMap((a) => (a.tags ?? []).map((t) => t.name))
    .sort();
};

describe('replication between two instances over real HTTP', () => {
  it('push: a manual rule copies the filtered repositories and tags to the target', async () => {
    const { registryId } = await connectPush(source, target, { project: 'dst', name: 'push-happy' });
    const policyId = await createPolicy(source, {
      name: 'push-src-team',
      dest_registry: { id: registryId },
      dest_namespace: 'dst',
      dest_namespace_replace_count: 1,
      filters: [
        { type: 'name', value: 'src/team/**' },
        { type: 'tag', value: 'latest', decoration: 'matches' },
      ],
    });
    const execution = await runPolicy(source, policyId);
    expect(execution).toMatchObject({
      status: 'Succeed',
      total: 2,
      succeed: 2,
      failed: 0,
      in_progress: 0,
      trigger: 'manual',
    });
    expect(execution.end_time).not.toBe('0001-01-01T00:00:00.000Z');
    expect(await tagsOn(target, 'dst', 'team/app')).toEqual(['latest']);
    expect(await tagsOn(target, 'dst', 'team/app/web')).toEqual(['latest']);
    const tasks = await tasksOf(source, execution.id);
    expect(tasks.map((t) => t.dst_resource).sort()).toEqual([
      'dst/team/app [1 item(s) in total]',
      'dst/team/app/web [1 item(s) in total]',
    ]);
    expect(
      tasks.every((t) => t.status === 'Succeed' && t.operation === 'copy' && t.resource_type === 'artifact'),
    ).toBe(true);
    const log = await logOf(source, execution.id, tasks[0]!.id);
    expect(log).toMatch(
      /copying src\/team\/app(\/web)?:\[latest\]\(source registry\) to dst\/team\/app(\/web)?:\[latest\]\(destination registry\)\.\.\./,
    );
    // The copied manifest is the same artifact (same digest) on both sides.
    const srcDigest = (
      (await src().get('/api/v2.0/projects/src/repositories/team%252Fapp/artifacts/latest')).json as {
        digest: string;
      }
    ).digest;
    const dstDigest = (
      (await dst().get('/api/v2.0/projects/dst/repositories/team%252Fapp/artifacts/latest')).json as {
        digest: string;
      }
    ).digest;
    expect(dstDigest).toBe(srcDigest);
    // A second run finds everything in place and skips.
    const again = await runPolicy(source, policyId);
    expect(again.status).toBe('Succeed');
    const againTask = (await tasksOf(source, again.id))[0]!;
    expect(await logOf(source, again.id, againTask.id)).toContain(
      'already exists on the destination registry, skip',
    );
  });

  it('pull: a rule on the target pulls from the source with a pull robot', async () => {
    const robot = await createRobot(source, 'ml', 'pull-to-target', [
      { resource: 'repository', action: 'list' },
      { resource: 'repository', action: 'pull' },
      { resource: 'artifact', action: 'list' },
      { resource: 'artifact', action: 'read' },
    ]);
    const reg = await dst().post('/api/v2.0/registries', {
      name: 'from-source',
      type: 'harbor',
      url: source.url,
      credential: { type: 'basic', access_key: robot.name, access_secret: robot.secret },
    });
    expect(reg.status).toBe(201);
    const policyId = await createPolicy(target, {
      name: 'pull-ml-models',
      src_registry: { id: idFromLocation(reg) },
      dest_namespace: 'mirror',
      dest_namespace_replace_count: 0,
      filters: [
        { type: 'name', value: 'ml/models/*' },
        { type: 'tag', value: 'latest' },
      ],
    });
    const execution = await runPolicy(target, policyId);
    expect(execution).toMatchObject({ status: 'Succeed', total: 2, succeed: 2 });
    expect(await tagsOn(target, 'mirror', 'ml/models/bert')).toEqual(['latest']);
    expect(await tagsOn(target, 'mirror', 'ml/models/resnet')).toEqual(['latest']);
  });

  it('push fails with a robot lacking push: execution Failed, the task log says why', async () => {
    const { registryId } = await connectPush(source, target, {
      project: 'readonly',
      name: 'no-push',
      access: [{ resource: 'repository', action: 'pull' }],
    });
    const policyId = await createPolicy(source, {
      name: 'push-without-push',
      dest_registry: { id: registryId },
      dest_namespace: 'readonly',
      filters: [
        { type: 'name', value: 'library/alpine' },
        { type: 'tag', value: 'latest' },
      ],
    });
    const execution = await runPolicy(source, policyId);
    expect(execution).toMatchObject({ status: 'Failed', total: 1, failed: 1, succeed: 0 });
    const [task] = await tasksOf(source, execution.id);
    expect(task!.status).toBe('Failed');
    const log = await logOf(source, execution.id, task!.id);
    expect(log).toContain('unauthorized to access repository: readonly/alpine, action: push');
    expect(log).toContain('got error during the whole transfer period, mark the job failure');
    expect(await tagsOn(target, 'readonly', 'alpine')).toBeNull();
  });

  it('a target refusing its registry paths fails every run task by task until the fault is removed', async () => {
    const { registryId } = await connectPush(source, target, { project: 'refuses-v2', name: 'refuses-v2' });
    const policyId = await createPolicy(source, {
      name: 'push-refused-v2',
      dest_registry: { id: registryId },
      dest_namespace: 'refuses-v2',
      filters: [
        { type: 'name', value: 'library/alpine' },
        { type: 'tag', value: 'latest' },
      ],
    });
    expect((await runPolicy(source, policyId)).status).toBe('Succeed');
    // Every registry call for the project, the existence check of an already copied tag included.
    target.control.injectFault({ path: '^/v2/refuses-v2/', status: 403, times: 1000 });
    for (let run = 0; run < 2; run++) {
      const failed = await runPolicy(source, policyId);
      // Task errors leave the status text alone: `RefreshStatus` (src/pkg/task/dao/execution.go)
      // only derives the status from the tasks.
      expect(failed).toMatchObject({ status: 'Failed', status_text: '', total: 1, failed: 1 });
      const [task] = await tasksOf(source, failed.id);
      expect(await logOf(source, failed.id, task!.id)).toContain(
        'failed to check the existence of the manifest refuses-v2/alpine:latest: http status code: 403',
      );
    }
    target.control.injectFault({ reset: true });
    expect(await runPolicy(source, policyId)).toMatchObject({ status: 'Succeed', total: 1, succeed: 1 });
  });

  it('§13.21 target project: a missing target project fails in PrepareForPush (a project robot cannot create it)', async () => {
    const { registryId } = await connectPush(source, target, { project: 'only-this', name: 'wrong-ns' });
    const policyId = await createPolicy(source, {
      name: 'push-other-ns',
      dest_registry: { id: registryId },
      dest_namespace: 'elsewhere',
      filters: [{ type: 'name', value: 'library/redis' }],
    });
    const execution = await runPolicy(source, policyId);
    expect(execution.status).toBe('Failed');
    expect(execution.total).toBe(0);
    // Harbor's common/http Error wording, around the target's own error body (newline included).
    expect(execution.status_text).toBe(
      'failed to do the prepare work for pushing/uploading resources: http error: code 403, message ' +
        '{"errors":[{"code":"FORBIDDEN","message":"Only system level robot can create project"}]}\n',
    );
    expect((await dst().head('/api/v2.0/projects?project_name=elsewhere')).status).toBe(404);
  });

  it('a wrong secret fails the run (the robot is anonymous on the target)', async () => {
    const { registryId, robot } = await connectPush(source, target, {
      project: 'rotated',
      name: 'rotated-secret',
    });
    await dst().patch(`/api/v2.0/robots/${robot.id}`, {});
    const policyId = await createPolicy(source, {
      name: 'push-rotated',
      dest_registry: { id: registryId },
      dest_namespace: 'rotated',
      filters: [{ type: 'name', value: 'library/busybox' }],
    });
    const execution = await runPolicy(source, policyId);
    expect(execution.status).toBe('Failed');
    // Anonymous on the target, the adapter does not see the private project and may not create it.
    expect(execution.status_text).toBe(
      'failed to do the prepare work for pushing/uploading resources: http error: code 401, message ' +
        '{"errors":[{"code":"UNAUTHORIZED","message":"unauthorized"}]}\n',
    );
  });

  it('an unreachable destination fails with "failed to create adapter for destination registry"', async () => {
    const { registryId } = await connectPush(source, target, { project: 'moving', name: 'moving-target' });
    const policyId = await createPolicy(source, {
      name: 'push-unreachable',
      dest_registry: { id: registryId },
      dest_namespace: 'moving',
    });
    target.control.injectFault({ path: '/api/version', status: 503, times: 1 });
    const execution = await runPolicy(source, policyId);
    expect(execution.status).toBe('Failed');
    expect(execution.status_text).toMatch(
      /^failed to create adapter for destination registry http:\/\/127\.0\.0\.1:\d+: http error: code 503, message \{"errors":\[\{"code":"UNKNOWN","message":"internal server error"\}\]\}\n$/,
    );
  });

  it("a registry's refusal is worded by Harbor's common/http Error: `http error: code 403, message <body>`", async () => {
    const { registryId } = await connectPush(source, target, { project: 'refusing', name: 'refusing' });
    const policyId = await createPolicy(source, {
      name: 'push-refused',
      dest_registry: { id: registryId },
      dest_namespace: 'not-there-yet',
      filters: [{ type: 'name', value: 'library/alpine' }],
    });
    // PrepareForPush creates the missing project; the target refuses it.
    target.control.injectFault({ method: 'POST', path: '/api/v2.0/projects', status: 403, times: 1 });
    const execution = await runPolicy(source, policyId);
    expect(execution).toMatchObject({
      status: 'Failed',
      total: 0,
      status_text:
        'failed to do the prepare work for pushing/uploading resources: http error: code 403, message ' +
        '{"errors":[{"code":"FORBIDDEN","message":"injected fault"}]}\n',
    });
  });

  it("§13.21 flattening: a count deeper than the path fails at run time with Harbor's message", async () => {
    const { registryId } = await connectPush(source, target, { project: 'flat', name: 'too-deep' });
    const policyId = await createPolicy(source, {
      name: 'push-too-deep',
      dest_registry: { id: registryId },
      dest_namespace: 'flat',
      dest_namespace_replace_count: 3,
      filters: [{ type: 'name', value: 'src/app' }],
    });
    const execution = await runPolicy(source, policyId);
    expect(execution.status).toBe('Failed');
    expect(execution.status_text).toBe(
      'the source repository "src/app" contains only 1 path components [src] excepting the last one, but the destination namespace flattening level is 3',
    );
  });

  it('override false: a same-name tag with another digest is skipped', async () => {
    const { registryId } = await connectPush(source, target, { project: 'keep', name: 'no-override' });
    target.control.pushArtifact({ repository: 'keep/nginx', tag: 'latest' });
    const before = await dst().get('/api/v2.0/projects/keep/repositories/nginx/artifacts/latest');
    const policyId = await createPolicy(source, {
      name: 'push-no-override',
      override: false,
      dest_registry: { id: registryId },
      dest_namespace: 'keep',
      filters: [
        { type: 'name', value: 'library/nginx' },
        { type: 'tag', value: 'latest' },
      ],
    });
    const execution = await runPolicy(source, policyId);
    expect(execution.status).toBe('Succeed');
    const [task] = await tasksOf(source, execution.id);
    expect(await logOf(source, execution.id, task!.id)).toContain(
      'the same name artifact keep/nginx:latest exists on the destination registry, but the "override" is set to false, skip',
    );
    const after = await dst().get('/api/v2.0/projects/keep/repositories/nginx/artifacts/latest');
    expect((after.json as { digest: string }).digest).toBe((before.json as { digest: string }).digest);
  });

  it('§13.18 event rules: a push to the source fires an event-based rule', async () => {
    const access = [
      ...PUSH_ACCESS,
      { resource: 'repository', action: 'delete' },
      { resource: 'tag', action: 'delete' },
    ];
    const { registryId } = await connectPush(source, target, {
      project: 'events',
      name: 'event-push',
      access,
    });
    const policyId = await createPolicy(source, {
      name: 'event-rule',
      dest_registry: { id: registryId },
      dest_namespace: 'events',
      trigger: { type: 'event_based' },
      deletion: true,
      filters: [{ type: 'name', value: 'sandbox/**' }],
    });
    const { digest } = source.control.pushArtifact({ repository: 'sandbox/demo', tag: 'v9.9.9' });
    await source.control.idle();
    const executions = (await src().get(`/api/v2.0/replication/executions?policy_id=${policyId}`))
      .json as Execution[];
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ trigger: 'event_based', status: 'Succeed', total: 1 });
    expect(await tagsOn(target, 'events', 'demo')).toEqual(['v9.9.9']);
    source.control.deleteArtifact({ repository: 'sandbox/demo', reference: digest });
    await source.control.idle();
    const after = (await src().get(`/api/v2.0/replication/executions?policy_id=${policyId}`))
      .json as Execution[];
    expect(after).toHaveLength(2);
    const tasks = await tasksOf(source, after[0]!.id);
    expect(tasks[0]!.operation).toBe('deletion');
    expect(await tagsOn(target, 'events', 'demo')).toEqual([]);
  });

  it('§13.18 event rules: label-filtered and pull rules never fire on push; deletion needs `deletion`', async () => {
    const { registryId } = await connectPush(source, target, { project: 'quiet', name: 'quiet-events' });
    const labelled = await createPolicy(source, {
      name: 'event-label',
      dest_registry: { id: registryId },
      dest_namespace: 'quiet',
      trigger: { type: 'event_based' },
      filters: [{ type: 'label', value: ['prod'], decoration: 'matches' }],
    });
    const noDeletion = await createPolicy(source, {
      name: 'event-no-deletion',
      dest_registry: { id: registryId },
      dest_namespace: 'quiet',
      trigger: { type: 'event_based' },
      filters: [{ type: 'name', value: 'platform/ci/cache' }],
    });
    const pull = await createPolicy(source, {
      name: 'event-pull',
      src_registry: { id: registryId },
      dest_registry: null,
      trigger: { type: 'event_based' },
    });
    const { digest } = source.control.pushArtifact({
      repository: 'platform/ci/cache',
      tag: 'build-1',
      labels: ['prod'],
    });
    await source.control.idle();
    const count = async (id: number) =>
      ((await src().get(`/api/v2.0/replication/executions?policy_id=${id}`)).json as unknown[]).length;
    expect(await count(labelled)).toBe(0);
    expect(await count(pull)).toBe(0);
    expect(await count(noDeletion)).toBe(1);
    source.control.deleteArtifact({ repository: 'platform/ci/cache', reference: digest });
    await source.control.idle();
    expect(await count(noDeletion)).toBe(1);
  });

  it('scheduled rules fire when the clock reaches their cron', async () => {
    const { registryId } = await connectPush(source, target, { project: 'nightly', name: 'nightly-push' });
    const policyId = await createPolicy(source, {
      name: 'scheduled-rule',
      dest_registry: { id: registryId },
      dest_namespace: 'nightly',
      trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 3 * * *' } },
      filters: [
        { type: 'name', value: 'library/memcached' },
        { type: 'tag', value: 'latest' },
      ],
    });
    const count = async () =>
      (
        (await src().get(`/api/v2.0/replication/executions?policy_id=${policyId}&trigger=scheduled`))
          .json as unknown[]
      ).length;
    expect(await count()).toBe(0);
    source.control.advanceClock(25 * 3600 * 1000);
    await source.control.idle();
    const executions = (await src().get(`/api/v2.0/replication/executions?policy_id=${policyId}`))
      .json as Execution[];
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ trigger: 'scheduled', status: 'Succeed' });
    expect(await tagsOn(target, 'nightly', 'memcached')).toEqual(['latest']);
  });

  it('single active replication: a start while another run is active is skipped as Failed', async () => {
    const { registryId } = await connectPush(source, target, { project: 'single', name: 'single-active' });
    const policyId = await createPolicy(source, {
      name: 'single-rule',
      single_active_replication: true,
      dest_registry: { id: registryId },
      dest_namespace: 'single',
      filters: [{ type: 'name', value: 'library/python' }],
    });
    target.control.injectFault({ path: '/api/version', delayMs: 800, times: 1 });
    const first = await src().post('/api/v2.0/replication/executions', { policy_id: policyId });
    const second = await src().post('/api/v2.0/replication/executions', { policy_id: policyId });
    const skipped = await waitExecution(source, idFromLocation(second));
    expect(skipped).toMatchObject({
      status: 'Failed',
      status_text: 'Execution skipped: active replication still in progress.',
      total: 0,
    });
    expect((await waitExecution(source, idFromLocation(first))).status).toBe('Succeed');
  });

  it('§10 execution errors: disabled policy 412, missing policy 404', async () => {
    const { registryId } = await connectPush(source, target, { project: 'off', name: 'disabled-rule' });
    const policyId = await createPolicy(source, {
      name: 'disabled',
      enabled: false,
      dest_registry: { id: registryId },
    });
    const res = await src().post('/api/v2.0/replication/executions', { policy_id: policyId });
    expect(res.status).toBe(412);
    expect(errorOf(res)).toEqual({ code: 'PRECONDITION', message: `the policy ${policyId} is disabled` });
    expect((await src().post('/api/v2.0/replication/executions', { policy_id: 98765 })).status).toBe(404);
    await source.control.idle();
    expect(source.control.state().executions.every((e) => e.status !== 'Running')).toBe(true);
  });
});
