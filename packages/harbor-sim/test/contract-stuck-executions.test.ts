import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import {
  ADMIN,
  client,
  connectPushRule,
  getExecution as executionOn,
  jobQueue,
  runPolicy,
  startSim,
  startWithTasks as startOn,
  waitExecution,
} from './support/harbor.ts';

// Executions that never finish by themselves, to exercise the "unstick" escalation: a stop that
// Harbor accepts (200) while the execution stays InProgress (its task status hook never arrives),
// then the job service queue's pending jobs stopped (`monitor.go` `StopPendingJobs`), which ends it.

let source: HarborSim;
let target: HarborSim;
let policyId: number;
const admin = () => client(source, ADMIN);
const control = async (path: string, body: unknown) => {
  const res = await fetch(`${source.url}/__sim${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
};
const getExecution = (id: number) => executionOn(source, id);
const startWithTasks = () => startOn(source, policyId);
const replicationCount = async () => (await jobQueue(source))?.count;

beforeAll(async () => {
  source = await startSim({ name: 'source', seed: 'source', replicationExecutionRetention: 3 });
  target = await startSim({ name: 'target', seed: 'target' });
  ({ policyId } = await connectPushRule(source, target, {
    project: 'stuck',
    name: 'stuck',
    filter: 'library/{alpine,busybox,redis}',
  }));
});
afterAll(async () => {
  await source.close();
  await target.close();
});
afterEach(async () => {
  source.control.releaseExecutions();
  await source.control.idle();
});

describe('held executions', () => {
  it('a held execution stays InProgress with frozen counters and its tasks pending in the queue; release lets it finish', async () => {
    source.control.holdExecutions({ policyId });
    const execution = await startWithTasks();
    source.control.advanceClock(45 * 60_000);
    await source.control.idle();
    expect(await getExecution(execution.id)).toMatchObject({
      status: 'InProgress',
      total: 3,
      in_progress: 3,
      succeed: 0,
      failed: 0,
      stopped: 0,
    });
    expect(await replicationCount()).toBe(3);
    expect(source.control.state().executions.find((e) => e.id === execution.id)?.held).toBe(true);
    source.control.releaseExecutions();
    expect(await waitExecution(source, execution.id)).toMatchObject({ status: 'Succeed', succeed: 3 });
  });

  it('without refuse_stop a held execution stops as usual', async () => {
    source.control.holdExecutions({ policyId });
    const execution = await startWithTasks();
    expect((await admin().put(`/api/v2.0/replication/executions/${execution.id}`)).status).toBe(200);
    expect(await getExecution(execution.id)).toMatchObject({ status: 'Stopped', stopped: 3 });
  });
});

describe('an execution that refuses to stop', () => {
  it('stop answers 200 null but the execution stays InProgress; stopping the REPLICATION queue ends it Stopped', async () => {
    await control('/executions/hold', { policy_id: policyId, refuse_stop: true });
    const execution = await startWithTasks();
    const stop = await admin().put(`/api/v2.0/replication/executions/${execution.id}`);
    expect(stop.status).toBe(200);
    expect(stop.text).toBe('null\n');
    expect(await getExecution(execution.id)).toMatchObject({
      status: 'InProgress',
      in_progress: 3,
      stopped: 0,
    });
    // A second stop changes nothing either.
    expect((await admin().put(`/api/v2.0/replication/executions/${execution.id}`)).status).toBe(200);
    expect(await getExecution(execution.id)).toMatchObject({ status: 'InProgress', in_progress: 3 });
    expect(await replicationCount()).toBe(3);

    expect((await admin().put('/api/v2.0/jobservice/queues/REPLICATION', { action: 'stop' })).status).toBe(
      200,
    );
    expect(await getExecution(execution.id)).toMatchObject({ status: 'Stopped', stopped: 3, in_progress: 0 });
    expect(await replicationCount()).toBeUndefined();
  });

  it('once released, a stop that was refused takes effect', async () => {
    source.control.holdExecutions({ policyId, refuseStop: true });
    const execution = await startWithTasks();
    await admin().put(`/api/v2.0/replication/executions/${execution.id}`);
    expect((await getExecution(execution.id)).status).toBe('InProgress');
    await control('/executions/release', { execution_id: execution.id });
    expect(await getExecution(execution.id)).toMatchObject({ status: 'Stopped', stopped: 3 });
  });

  it('the execution sweep never deletes an execution that is still InProgress', async () => {
    source.control.holdExecutions({ policyId, count: 1 });
    const stuck = await startWithTasks();
    const newer: number[] = [];
    for (let i = 0; i < 4; i++) {
      source.control.advanceClock(60_000);
      newer.push((await runPolicy(source, policyId)).id);
    }
    source.control.sweepExecutions();
    const ids = (
      (await admin().get(`/api/v2.0/replication/executions?policy_id=${policyId}&page_size=100`)).json as {
        id: number;
      }[]
    ).map((e) => e.id);
    expect(ids).toContain(stuck.id);
    expect(ids).toEqual(expect.arrayContaining(newer.slice(1)));
    expect(ids).not.toContain(newer[0]);
  });
});
