import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import {
  ADMIN,
  client,
  connectPush,
  errorOf,
  idFromLocation,
  runPolicy,
  startSourceAndTarget,
  waitExecution,
  waitFor,
  type Execution,
} from './support/harbor.ts';

let source: HarborSim;
let target: HarborSim;
let registryId: number;
beforeAll(async () => {
  ({ source, target } = await startSourceAndTarget());
  ({ registryId } = await connectPush(source, target, { project: 'dst', name: 'exec-target' }));
});
afterAll(async () => {
  await Promise.all([source.close(), target.close()]);
});

const admin = () => client(source, ADMIN);
let n = 0;
const policy = async (extra: Record<string, unknown> = {}) =>
  idFromLocation(
    await admin().post('/api/v2.0/replication/policies', {
      name: `exec-${++n}`,
      enabled: true,
      dest_registry: { id: registryId },
      dest_namespace: 'dst',
      ...extra,
    }),
  );
/** The filters of a rule copying only the `latest` tag of the repositories `name` matches. */
const latestOf = (name: string) => [
  { type: 'name', value: name },
  { type: 'tag', value: 'latest' },
];
const ZERO = '0001-01-01T00:00:00.000Z';
type Task = {
  id: number;
  operation?: string;
  status: string;
  src_resource: string;
  dst_resource: string;
  execution_id: number;
  job_id: string;
  end_time?: string;
};

describe('§10–§11 executions and tasks', () => {
  it('§13.19 execution lifecycle: 201 + Location + empty body, InProgress with zero counters and zero end_time', async () => {
    const id = await policy({ filters: [{ type: 'name', value: 'library/alpine' }] });
    target.control.injectFault({ path: '/api/version', delayMs: 800, times: 1 });
    const res = await admin().post('/api/v2.0/replication/executions', { policy_id: id });
    expect(res.status).toBe(201);
    expect(res.text).toBe('');
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/api\/v2\.0\/replication\/executions\/\d+$/);
    const running = (await admin().get(location.replace('/api/v2.0', '/api/v2.0'))).json as Execution;
    expect(running).toEqual({
      end_time: ZERO,
      failed: 0,
      id: idFromLocation(res),
      in_progress: 0,
      policy_id: id,
      start_time: expect.any(String) as string,
      status: 'InProgress',
      status_text: '',
      stopped: 0,
      succeed: 0,
      total: 0,
      trigger: 'manual',
    });
    expect(Object.keys(running)).toEqual([...Object.keys(running)].sort());
    const done = await waitExecution(source, idFromLocation(res));
    expect(done.status).toBe('Succeed');
    expect(done.end_time).not.toBe(ZERO);
  });

  it('§13.19 execution lifecycle: no candidates → Succeed "no resources need to be replicated", total 0', async () => {
    const execution = await runPolicy(
      source,
      await policy({ filters: [{ type: 'name', value: 'nothing/matches/**' }] }),
    );
    expect(execution).toMatchObject({
      status: 'Succeed',
      status_text: 'no resources need to be replicated',
      total: 0,
    });
  });

  it('§13.19 execution lifecycle: stop answers 200 with the JSON body null and the run ends Stopped', async () => {
    const id = await policy({ filters: [{ type: 'name', value: 'library/redis' }] });
    target.control.injectFault({ path: '/api/version', delayMs: 800, times: 1 });
    const start = await admin().post('/api/v2.0/replication/executions', { policy_id: id });
    const executionId = idFromLocation(start);
    const stop = await admin().put(`/api/v2.0/replication/executions/${executionId}`);
    expect(stop.status).toBe(200);
    expect(stop.text.trim()).toBe('null');
    await source.control.idle();
    const after = (await admin().get(`/api/v2.0/replication/executions/${executionId}`)).json as Execution;
    expect(after.status).toBe('Stopped');
    expect(after.end_time).not.toBe(ZERO);
    expect((await admin().put('/api/v2.0/replication/executions/99999')).status).toBe(404);
  });

  it('§13.20 status vocabularies: a task stopped mid-copy shows the raw "Stopped"', async () => {
    const id = await policy({
      dest_namespace_replace_count: 0,
      filters: latestOf('src/gateway'),
    });
    target.control.injectFault({
      method: 'PUT',
      path: '/v2/dst/src/gateway/manifests/',
      delayMs: 1000,
      times: 1,
    });
    const start = await admin().post('/api/v2.0/replication/executions', { policy_id: id });
    const executionId = idFromLocation(start);
    await waitFor(
      async () =>
        (await admin().get(`/api/v2.0/replication/executions/${executionId}/tasks?status=InProgress`))
          .json as Task[],
      (t) => t.length === 1,
    );
    expect((await admin().put(`/api/v2.0/replication/executions/${executionId}`)).status).toBe(200);
    const done = await waitExecution(source, executionId);
    expect(done).toMatchObject({ status: 'Stopped', stopped: 1, total: 1 });
    const [task] = (await admin().get(`/api/v2.0/replication/executions/${executionId}/tasks?status=Stopped`))
      .json as Task[];
    expect(task!.status).toBe('Stopped');
  });

  it('§13.20 status vocabularies: tasks beyond the 10 workers wait as raw "Pending"', async () => {
    const id = await policy({
      dest_namespace_replace_count: 0,
      filters: latestOf('src/**'),
    });
    target.control.injectFault({ method: 'PUT', path: '/v2/dst/src/', delayMs: 700, times: 10 });
    const start = await admin().post('/api/v2.0/replication/executions', { policy_id: id });
    const executionId = idFromLocation(start);
    const pending = await waitFor(
      async () =>
        (
          await admin().get(
            `/api/v2.0/replication/executions/${executionId}/tasks?status=Pending&page_size=100`,
          )
        ).json as Task[],
      (t) => t.length > 0,
    );
    expect(pending.every((t) => t.status === 'Pending')).toBe(true);
    const running = (await admin().get(`/api/v2.0/replication/executions/${executionId}`)).json as Execution;
    expect(running.status).toBe('InProgress');
    expect(running.in_progress).toBeGreaterThanOrEqual(pending.length);
    expect(running.in_progress + running.succeed).toBe(running.total);
    const done = await waitExecution(source, executionId);
    expect(done).toMatchObject({ status: 'Succeed', in_progress: 0 });
    expect(done.succeed).toBe(done.total);
    expect(done.total).toBeGreaterThan(10);
  });

  it('§13.25 other 412s (§8.1): policy delete is 412 while an execution runs, then 200 and its executions are gone', async () => {
    const id = await policy({ filters: [{ type: 'name', value: 'library/busybox' }] });
    target.control.injectFault({ path: '/api/version', delayMs: 800, times: 1 });
    const start = await admin().post('/api/v2.0/replication/executions', { policy_id: id });
    const res = await admin().del(`/api/v2.0/replication/policies/${id}`);
    expect(res.status).toBe(412);
    expect(errorOf(res).message).toBe(
      "contains executions that aren't in final status, stop the execution first",
    );
    await waitExecution(source, idFromLocation(start));
    expect((await admin().del(`/api/v2.0/replication/policies/${id}`)).status).toBe(200);
    expect((await admin().get(`/api/v2.0/replication/executions/${idFromLocation(start)}`)).status).toBe(404);
  });

  it('§13.20 status vocabularies: filters take display names (Succeed, Failed, InProgress) and trigger names', async () => {
    const ok = await runPolicy(
      source,
      await policy({
        filters: latestOf('library/golang'),
      }),
    );
    const bad = await runPolicy(
      source,
      await policy({ dest_namespace_replace_count: 5, filters: [{ type: 'name', value: 'library/golang' }] }),
    );
    const list = async (q: string) =>
      ((await admin().get(`/api/v2.0/replication/executions?page_size=100&${q}`)).json as Execution[]).map(
        (e) => e.id,
      );
    expect(await list('status=Succeed')).toContain(ok.id);
    expect(await list('status=Succeed')).not.toContain(bad.id);
    expect(await list('status=Failed')).toContain(bad.id);
    expect(await list('status=InProgress')).toEqual([]);
    expect(await list('trigger=manual')).toContain(ok.id);
    expect(await list('trigger=scheduled')).not.toContain(ok.id);
  });

  it('§13.19 execution lifecycle (§11.1): executions list: newest first by default, X-Total-Count and Link', async () => {
    const id = await policy({ filters: [{ type: 'name', value: 'nothing/**' }] });
    for (let i = 0; i < 3; i++) await runPolicy(source, id);
    const res = await admin().get(`/api/v2.0/replication/executions?policy_id=${id}&page_size=2`);
    const ids = (res.json as Execution[]).map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(res.headers.get('x-total-count')).toBe('3');
    expect(res.headers.get('link')).toBe(
      `</api/v2.0/replication/executions?page=2&page_size=2&policy_id=${id}>; rel="next"`,
    );
  });

  it('§13.20 tasks: one per repository, "Succeed", resources as "<repo> [<n> item(s) in total]"', async () => {
    const execution = await runPolicy(
      source,
      await policy({ dest_namespace_replace_count: 1, filters: [{ type: 'name', value: 'src/tools/*' }] }),
    );
    const tasks = (await admin().get(`/api/v2.0/replication/executions/${execution.id}/tasks`))
      .json as Task[];
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      expect(t.status).toBe('Succeed');
      expect(t.src_resource).toMatch(/^src\/tools\/(cli|migrate) \[\d+ item\(s\) in total\]$/);
      expect(t.dst_resource).toMatch(/^dst\/tools\/(cli|migrate) \[\d+ item\(s\) in total\]$/);
      expect(t.execution_id).toBe(execution.id);
      expect(t.job_id).toMatch(/^[0-9a-f]{24}$/);
    }
    const filtered = (
      await admin().get(`/api/v2.0/replication/executions/${execution.id}/tasks?status=Failed`)
    ).json as Task[];
    expect(filtered).toEqual([]);
  });

  it("§13.19 execution lifecycle (§11.3): task log: text/plain; a task of another execution is 404 with Harbor's message", async () => {
    const a = await runPolicy(
      source,
      await policy({
        filters: latestOf('library/node'),
      }),
    );
    const b = await runPolicy(
      source,
      await policy({
        filters: latestOf('library/traefik'),
      }),
    );
    const [task] = (await admin().get(`/api/v2.0/replication/executions/${a.id}/tasks`)).json as Task[];
    const log = await admin().get(`/api/v2.0/replication/executions/${a.id}/tasks/${task!.id}/log`);
    expect(log.headers.get('content-type')).toContain('text/plain');
    expect(log.text).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[INFO\] \[\/controller\/replication\/transfer\/image\/transfer\.go\]: /m,
    );
    expect(log.text).toContain(
      'copying library/node:[latest](source registry) to dst/node:[latest](destination registry)...',
    );
    const wrong = await admin().get(`/api/v2.0/replication/executions/${b.id}/tasks/${task!.id}/log`);
    expect(wrong.status).toBe(404);
    expect(errorOf(wrong).message).toBe(`execution ${b.id} contains no task with ID ${task!.id}`);
  });

  it('§13.17 filters at run time: the tag filter keeps only matching tags; untagged artifacts match ""', async () => {
    source.control.pushArtifact({ repository: 'sandbox/untagged-demo' });
    source.control.pushArtifact({ repository: 'sandbox/untagged-demo', tag: 'v1.0.0' });
    const copiedWith = async (tag: string) => {
      const execution = await runPolicy(
        source,
        await policy({
          dest_namespace_replace_count: 0,
          dest_namespace: 'dst',
          filters: [
            { type: 'name', value: 'sandbox/untagged-demo' },
            { type: 'tag', value: tag },
          ],
        }),
      );
      const [task] = (await admin().get(`/api/v2.0/replication/executions/${execution.id}/tasks`))
        .json as Task[];
      return task!.src_resource;
    };
    expect(await copiedWith('**')).toBe('sandbox/untagged-demo [2 item(s) in total]');
    expect(await copiedWith('v*')).toBe('sandbox/untagged-demo [1 item(s) in total]');
  });

  it('§13.17 filters at run time: the label filter is an AND over names', async () => {
    source.control.pushArtifact({ repository: 'sandbox/labelled', tag: 'both', labels: ['prod', 'stable'] });
    source.control.pushArtifact({ repository: 'sandbox/labelled', tag: 'one', labels: ['prod'] });
    const execution = await runPolicy(
      source,
      await policy({
        filters: [
          { type: 'name', value: 'sandbox/labelled' },
          { type: 'label', value: ['prod', 'stable'] },
        ],
      }),
    );
    const [task] = (await admin().get(`/api/v2.0/replication/executions/${execution.id}/tasks`))
      .json as Task[];
    expect(task!.src_resource).toBe('sandbox/labelled [1 item(s) in total]');
  });

  it('§13.13 deletion flag (§4.3): deletion replication needs repository:delete on the target robot', async () => {
    const { registryId: reg } = await connectPush(source, target, {
      project: 'nodelete',
      name: 'no-delete-perm',
    });
    const id = idFromLocation(
      await admin().post('/api/v2.0/replication/policies', {
        name: 'del-without-perm',
        enabled: true,
        override: true,
        deletion: true,
        trigger: { type: 'event_based' },
        dest_registry: { id: reg },
        dest_namespace: 'nodelete',
        filters: [{ type: 'name', value: 'sandbox/to-delete' }],
      }),
    );
    const { digest } = source.control.pushArtifact({ repository: 'sandbox/to-delete', tag: 'v1' });
    await source.control.idle();
    source.control.deleteArtifact({ repository: 'sandbox/to-delete', reference: digest });
    await source.control.idle();
    const executions = (await admin().get(`/api/v2.0/replication/executions?policy_id=${id}`))
      .json as Execution[];
    expect(executions.map((e) => e.status)).toEqual(['Failed', 'Succeed']);
  });

  it('§13.13 deletion flag: a tag deletion on the source is replicated as a "tag deletion" task', async () => {
    const access = [
      { resource: 'repository', action: 'pull' },
      { resource: 'repository', action: 'push' },
      { resource: 'repository', action: 'delete' },
      { resource: 'tag', action: 'delete' },
    ];
    const { registryId: reg } = await connectPush(source, target, {
      project: 'tagdel',
      name: 'tag-deleter',
      access,
    });
    const id = idFromLocation(
      await admin().post('/api/v2.0/replication/policies', {
        name: 'tag-deletion',
        enabled: true,
        override: true,
        deletion: true,
        trigger: { type: 'event_based' },
        dest_registry: { id: reg },
        dest_namespace: 'tagdel',
        filters: [{ type: 'name', value: 'sandbox/tagged' }],
      }),
    );
    source.control.pushArtifact({ repository: 'sandbox/tagged', tag: 'keep-me' });
    await source.control.idle();
    source.control.deleteTag({ repository: 'sandbox/tagged', tag: 'keep-me' });
    await source.control.idle();
    const [latest] = (await admin().get(`/api/v2.0/replication/executions?policy_id=${id}`))
      .json as Execution[];
    expect(latest).toMatchObject({ status: 'Succeed', trigger: 'event_based' });
    const [task] = (await admin().get(`/api/v2.0/replication/executions/${latest!.id}/tasks`))
      .json as (Task & { operation: string })[];
    expect(task!.operation).toBe('tag deletion');
    const remaining = (await client(target).get('/api/v2.0/projects/tagdel/repositories/tagged/artifacts'))
      .json as { tags?: unknown[] }[];
    expect(remaining).toHaveLength(1);
    expect(remaining[0]!.tags).toBeUndefined();
  });

  it('§13.14 speed: a bandwidth-limited rule still copies (the limit only slows the transfer)', async () => {
    const execution = await runPolicy(
      source,
      await policy({
        speed: 50,
        filters: latestOf('library/postgres'),
      }),
    );
    expect(execution.status).toBe('Succeed');
    const p = (await admin().get(`/api/v2.0/replication/policies/${execution.policy_id}`)).json as {
      speed: number;
    };
    expect(p.speed).toBe(50);
  });

  it('§13.22 access errors (§10): executions need a sysadmin: 401 anonymous, 403 with the user name', async () => {
    expect((await client(source, null).get('/api/v2.0/replication/executions')).status).toBe(401);
    const res = await client(source, { username: 'developer', password: 'Developer12345' }).get(
      '/api/v2.0/replication/executions',
    );
    expect(errorOf(res).message).toBe('developer');
  });
});
