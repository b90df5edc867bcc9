import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import {
  ADMIN,
  DEVELOPER,
  client,
  connectPushRule,
  createPolicy,
  createSystemRobot,
  errorOf,
  getExecution,
  jobQueue,
  startSim,
  startWithTasks,
  waitExecution,
  type JobQueue,
} from './support/harbor.ts';

// The job service monitor as Harbor 2.15 serves it (`src/server/v2.0/handler/jobservice.go`,
// `src/controller/jobmonitor/monitor.go`, `src/pkg/jobmonitor/redis.go`): replication tasks wait
// in the REPLICATION queue, a paused queue keeps them, and stopping the queue stops their tasks.

let source: HarborSim;
let target: HarborSim;
let policyId: number;
let registryId: number;
const admin = () => client(source, ADMIN);
const replicationQueue = async () => (await jobQueue(source))!;
const startQueued = () => startWithTasks(source, policyId);

beforeAll(async () => {
  source = await startSim({
    name: 'source',
    seed: 'source',
    clock: { now: () => new Date(Date.UTC(2026, 3, 1, 9, 0, 0)) },
  });
  target = await startSim({ name: 'target', seed: 'target' });
  ({ policyId, registryId } = await connectPushRule(source, target, {
    project: 'queued',
    name: 'queued',
    filter: 'library/{alpine,busybox,redis}',
  }));
});
afterAll(async () => {
  await source.close();
  await target.close();
});
afterEach(async () => {
  await admin().put('/api/v2.0/jobservice/queues/all', { action: 'resume' });
  await source.control.idle();
});

describe('job service queues', () => {
  it('GET /jobservice/queues lists the known job types; an empty queue shows only job_type and paused', async () => {
    const queues = (await admin().get('/api/v2.0/jobservice/queues')).json as JobQueue[];
    expect(queues.map((q) => q.job_type)).toContain('REPLICATION');
    expect(queues.map((q) => q.job_type)).not.toContain('DEMO');
    expect(await replicationQueue()).toEqual({ job_type: 'REPLICATION', paused: false });
  });

  it('a paused REPLICATION queue holds the tasks as pending, counted, with a latency that grows; resume lets them run', async () => {
    expect((await admin().put('/api/v2.0/jobservice/queues/replication', { action: 'pause' })).status).toBe(
      200,
    );
    const execution = await startQueued();
    expect(execution).toMatchObject({ status: 'InProgress', total: 3, in_progress: 3 });
    source.control.advanceClock(90_000);
    expect(await replicationQueue()).toEqual({
      job_type: 'REPLICATION',
      count: 3,
      latency: 90,
      paused: true,
    });
    await source.control.idle();
    expect(await getExecution(source, execution.id)).toMatchObject({ status: 'InProgress', in_progress: 3 });

    expect((await admin().put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'resume' })).status).toBe(
      200,
    );
    expect(await waitExecution(source, execution.id)).toMatchObject({ status: 'Succeed', succeed: 3 });
    expect(await replicationQueue()).toEqual({ job_type: 'REPLICATION', paused: false });
  });

  it('pausing mid-run lets the running jobs finish and keeps the rest queued (PauseJob spares running jobs)', async () => {
    // 13 repositories for 10 workers, slowed down by a bandwidth limit so the pause lands mid-run.
    const slow = await createPolicy(source, {
      name: 'slow-rule',
      dest_registry: { id: registryId },
      dest_namespace: 'queued',
      filters: [{ type: 'name', value: 'src/**' }],
      speed: 1,
    });
    const execution = await startWithTasks(source, slow);
    expect(execution.total).toBe(13);
    await admin().put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'pause' });
    await source.control.idle();
    const after = await getExecution(source, execution.id);
    expect(after.status).toBe('InProgress');
    expect(after.succeed).toBeGreaterThanOrEqual(10);
    expect(after.in_progress).toBe(13 - after.succeed);
    expect((await replicationQueue()).count).toBe(after.in_progress);
  });

  it('stop empties the queue: the pending tasks become Stopped and so does their execution; the queue stays paused', async () => {
    await admin().put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'pause' });
    const execution = await startQueued();
    expect((await admin().put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'stop' })).status).toBe(
      200,
    );
    expect(await getExecution(source, execution.id)).toMatchObject({
      status: 'Stopped',
      stopped: 3,
      in_progress: 0,
    });
    const tasks = (await admin().get(`/api/v2.0/replication/executions/${execution.id}/tasks`)).json as {
      status: string;
    }[];
    expect(tasks.map((t) => t.status)).toEqual(['Stopped', 'Stopped', 'Stopped']);
    expect(await replicationQueue()).toEqual({ job_type: 'REPLICATION', paused: true });
    // Stopping an empty queue is not an error (`StopPendingJobs` returns early on LLEN 0).
    expect((await admin().put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'stop' })).status).toBe(
      200,
    );
  });

  it('PUT /jobservice/jobs/{job_id} stops that one job; an unknown job is not an error', async () => {
    await admin().put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'pause' });
    const execution = await startQueued();
    const tasks = (await admin().get(`/api/v2.0/replication/executions/${execution.id}/tasks`)).json as {
      id: number;
      job_id: string;
      status: string;
    }[];
    const [first] = tasks;
    expect((await admin().put(`/api/v2.0/jobservice/jobs/${first!.job_id}`)).status).toBe(200);
    const after = (await admin().get(`/api/v2.0/replication/executions/${execution.id}/tasks`)).json as {
      id: number;
      status: string;
    }[];
    expect(after.find((t) => t.id === first!.id)?.status).toBe('Stopped');
    expect(after.filter((t) => t.status === 'Pending')).toHaveLength(2);
    expect(await getExecution(source, execution.id)).toMatchObject({ status: 'InProgress', stopped: 1 });
    expect((await replicationQueue()).count).toBe(2);
    expect((await admin().put('/api/v2.0/jobservice/jobs/0123456789abcdef01234567')).status).toBe(200);
  });

  it('an action other than stop, pause or resume: empty is 400 "the action is not supported", others fail the enum (422)', async () => {
    const empty = await admin().put('/api/v2.0/jobservice/queues/REPLICATION', {});
    expect(empty.status).toBe(400);
    expect(errorOf(empty)).toEqual({ code: 'BAD_REQUEST', message: 'the action is not supported' });
    const upper = await admin().put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'STOP' });
    expect(upper.status).toBe(422);
  });

  it('pools and workers: one pool of 10 workers; an idle worker shows only its ID and pool', async () => {
    const pools = (await admin().get('/api/v2.0/jobservice/pools')).json as {
      worker_pool_id: string;
      concurrency: number;
    }[];
    expect(pools).toHaveLength(1);
    expect(pools[0]!.concurrency).toBe(10);
    const workers = (await admin().get(`/api/v2.0/jobservice/pools/${pools[0]!.worker_pool_id}/workers`))
      .json as Record<string, unknown>[];
    expect(workers).toHaveLength(10);
    expect(Object.keys(workers[0]!).sort()).toEqual(['id', 'pool_id']);
    expect(((await admin().get('/api/v2.0/jobservice/pools/all/workers')).json as unknown[]).length).toBe(10);
  });
});

describe('job service monitor permissions', () => {
  it('a system robot with jobservice-monitor:list reads queues, pools and workers but gets 403 on a queue action', async () => {
    const robot = await createSystemRobot(source, 'queue-watch', [
      { resource: 'jobservice-monitor', action: 'list' },
    ]);
    const watch = client(source, { username: robot.name, password: robot.secret });
    expect((await watch.get('/api/v2.0/jobservice/queues')).status).toBe(200);
    expect((await watch.get('/api/v2.0/jobservice/pools')).status).toBe(200);
    expect((await watch.get('/api/v2.0/jobservice/pools/all/workers')).status).toBe(200);
    for (const refused of [
      await watch.put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'pause' }),
      await watch.put('/api/v2.0/jobservice/jobs/all'),
    ]) {
      expect(refused.status).toBe(403);
      expect(errorOf(refused)).toEqual({ code: 'FORBIDDEN', message: 'robot$queue-watch' });
    }
    expect((await replicationQueue()).paused).toBe(false);
  });

  it('a robot with jobservice-monitor:stop may act on a queue; a developer gets 403, anonymous 401', async () => {
    const robot = await createSystemRobot(source, 'queue-operator', [
      { resource: 'jobservice-monitor', action: 'list' },
      { resource: 'jobservice-monitor', action: 'stop' },
    ]);
    const operator = client(source, { username: robot.name, password: robot.secret });
    expect((await operator.put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'pause' })).status).toBe(
      200,
    );
    expect((await replicationQueue()).paused).toBe(true);
    const dev = await client(source, DEVELOPER).get('/api/v2.0/jobservice/queues');
    expect(dev.status).toBe(403);
    expect(errorOf(dev).message).toBe('developer');
    expect((await client(source, null).get('/api/v2.0/jobservice/queues')).status).toBe(401);
  });

  it('Harbor 2.7 has no job service monitor: 404 from the router', async () => {
    const old = await startSim({ name: 'old', seed: 'old', version: '2.7.4' });
    try {
      const res = await client(old).get('/api/v2.0/jobservice/queues');
      expect(res.status).toBe(404);
      expect(errorOf(res).message).toBe('path /api/v2.0/jobservice/queues was not found');
    } finally {
      await old.close();
    }
  });
});
