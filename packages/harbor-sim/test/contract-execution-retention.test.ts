import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim, HarborSimOptions } from '../src/index.ts';
import { client, connectPush, createPolicy, runPolicy, startSim } from './support/harbor.ts';

// Harbor keeps only the newest executions of each replication rule
// (`src/pkg/task/sweep_manager.go`, `src/controller/task/sweep.go`, `known_jobs.go`):
// the sweep deletes finished executions older than the N-th newest one, per rule.

const NINE_AM = Date.UTC(2026, 3, 1, 9, 0, 0);
const sims: HarborSim[] = [];
let target: HarborSim;
beforeAll(async () => {
  target = await startSim({ name: 'target', seed: 'target' });
});
afterAll(async () => {
  for (const sim of [...sims, target]) await sim.close();
});

async function sourceWithRules(
  options: Partial<HarborSimOptions>,
): Promise<{ source: HarborSim; ruleA: number; ruleB: number }> {
  const source = await startSim({
    name: 'source',
    seed: 'source',
    clock: { now: () => new Date(NINE_AM) },
    ...options,
  });
  sims.push(source);
  const { registryId } = await connectPush(source, target, {
    project: 'swept',
    name: `swept-${sims.length}`,
  });
  // Rules whose filter matches nothing finish at once ("no resources need to be replicated").
  const rule = (name: string) =>
    createPolicy(source, {
      name,
      dest_registry: { id: registryId },
      dest_namespace: 'swept',
      filters: [{ type: 'name', value: 'library/does-not-exist' }],
    });
  return { source, ruleA: await rule('rule-a'), ruleB: await rule('rule-b') };
}

/** Runs a rule `n` times, one simulated minute apart (the sweep compares start times). */
async function runTimes(source: HarborSim, policyId: number, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    source.control.advanceClock(60_000);
    ids.push((await runPolicy(source, policyId)).id);
  }
  return ids;
}

const executionIds = async (source: HarborSim, policyId: number): Promise<number[]> => {
  const res = await client(source).get(
    `/api/v2.0/replication/executions?policy_id=${policyId}&page_size=100&sort=id`,
  );
  return (res.json as { id: number }[]).map((e) => e.id);
};

describe('execution retention per rule', () => {
  it('Harbor 2.15 sweeps once a day at 00:00 UTC and keeps the newest N executions of each rule', async () => {
    const { source, ruleA, ruleB } = await sourceWithRules({ replicationExecutionRetention: 3 });
    const a = await runTimes(source, ruleA, 5);
    const b = await runTimes(source, ruleB, 2);
    expect(source.control.state().next_execution_sweep).toBe('2026-04-02T00:00:00.000Z');
    // Until the sweep runs, every execution is still there.
    expect(await executionIds(source, ruleA)).toEqual(a);
    source.control.advanceClock(Date.UTC(2026, 3, 2) - new Date(source.control.state().now).getTime());
    expect(await executionIds(source, ruleA)).toEqual(a.slice(2));
    expect(await executionIds(source, ruleB)).toEqual(b);
    expect(source.control.state().next_execution_sweep).toBe('2026-04-03T00:00:00.000Z');
  });

  it('the default keeps 50 executions per rule', async () => {
    const { source, ruleA } = await sourceWithRules({});
    const a = await runTimes(source, ruleA, 52);
    expect(source.control.sweepExecutions().deleted).toEqual(a.slice(0, 2));
    expect(await executionIds(source, ruleA)).toEqual(a.slice(2));
  });

  it('Harbor 2.8 to 2.10 sweep every hour', async () => {
    const { source } = await sourceWithRules({ version: '2.10.3' });
    expect(source.control.state().next_execution_sweep).toBe('2026-04-01T10:00:00.000Z');
  });

  it('before 2.8 Harbor sweeps a rule whenever it creates one of its executions', async () => {
    const { source, ruleA } = await sourceWithRules({ version: '2.7.4', replicationExecutionRetention: 2 });
    expect(source.control.state().next_execution_sweep).toBeUndefined();
    const a = await runTimes(source, ruleA, 4);
    // The sweep at creation sees the new (running) execution among the newest two.
    expect(await executionIds(source, ruleA)).toEqual(a.slice(2));
  });
});
