// Steps several repair flows share: change the replication robot's duration, ping the endpoint,
// run the rule once and wait for it to end.
import type { HarborClient, HarborRobot } from '@hw/harbor-client';
import { expiryAfterDurationChange, isFinalExecutionStatus } from '@hw/harbor-client';

import type { WatchRecord } from '../storage/watch-store.ts';
import type { StepContext, StepDef, StepOutcome } from './repair-steps.ts';
import { endpointLabel, robotLabel, sleep } from './repair-steps.ts';

export function formatExpiry(expiresAt: number): string {
  return expiresAt === -1 ? 'never' : new Date(expiresAt * 1000).toISOString().replace('.000Z', 'Z');
}

/** The replication robot as its Harbor holds it (a 404 is Harbor's error: the step fails with it). */
export async function readRobot(sc: StepContext): Promise<{ client: HarborClient; robot: HarborRobot }> {
  const { side, id } = sc.watch.config.replicationRobot;
  const client = await sc.client(side);
  return { client, robot: await client.robots.get(id) };
}

/**
 * Sets the robot's duration (`PUT /robots/{id}` replaces the whole robot, so it is read first and
 * sent back whole); Harbor then stores creation time + days (`updateV2Robot`). Idempotent: the same
 * duration changes nothing.
 */
export async function setDuration(sc: StepContext, durationDays: number): Promise<StepOutcome> {
  const { client, robot } = await readRobot(sc);
  const id = sc.watch.config.replicationRobot.id;
  if (robot.duration !== durationDays) await client.robots.update(id, { ...robot, duration: durationDays });
  const stored = (await client.robots.get(id)).expires_at ?? -1;
  const expected =
    robot.duration === durationDays
      ? (robot.expires_at ?? -1)
      : expiryAfterDurationChange(robot.creation_time ?? '', durationDays);
  if (stored !== expected) {
    return {
      status: 'failed',
      harborMessage: null,
      next: `Harbor stored the expiry ${formatExpiry(stored)}, not ${formatExpiry(expected)}: check the robot in Harbor's portal.`,
    };
  }
  return { status: 'done', detail: `Harbor now stores the expiry ${formatExpiry(stored)}.` };
}

export const pingEndpointStep: StepDef = {
  async run(sc) {
    const { endpoint } = sc.watch.config;
    await (await sc.client(endpoint.side)).registries.ping({ id: endpoint.id });
    return {
      status: 'done',
      detail: `The ${endpoint.side} Harbor reached the endpoint and the robot logged in.`,
    };
  },
  next: (watch) =>
    `The ${endpointLabel(watch)} could not log in with the robot's current secret, or could not reach it: replication fails until it can. Continue to try again.`,
};

/**
 * Runs the rule once and waits for the run to end. The newest execution id is recorded before
 * starting, so a resumed step adopts a run it started (a lost answer) instead of starting another.
 */
export const canaryStep: StepDef = {
  async run(sc) {
    const { rule } = sc.watch.config;
    const client = await sc.client(rule.side);
    const data = sc.step.data as { before?: number; executionId?: number };
    if (data.executionId === undefined) {
      if (data.before === undefined) {
        const newest = await client.executions.list({
          policyId: rule.policyId,
          page: 1,
          pageSize: 1,
          sort: '-id',
        });
        data.before = newest.items[0]?.id ?? 0;
        await sc.save();
      } else {
        const newer = await client.executions.list({
          policyId: rule.policyId,
          page: 1,
          pageSize: 1,
          sort: '-id',
        });
        const found = newer.items[0];
        if (found?.id !== undefined && found.id > data.before && found.trigger === 'manual')
          data.executionId = found.id;
      }
      if (data.executionId === undefined) {
        data.executionId = (await client.executions.start(rule.policyId)).id;
      }
      await sc.save();
    }
    const until = Date.now() + sc.timing.waitMs;
    for (;;) {
      const execution = await client.executions.get(data.executionId);
      if (isFinalExecutionStatus(execution.status)) {
        if (execution.status === 'Succeed') {
          return {
            status: 'done',
            detail: `Run ${data.executionId} of rule "${rule.name}" succeeded (${execution.succeed ?? 0} of ${execution.total ?? 0} tasks).`,
          };
        }
        return {
          status: 'failed',
          detail: `Run ${data.executionId} ended ${execution.status}.`,
          harborMessage: execution.status_text ?? null,
          next: 'The robot and the endpoint are rewired (the ping passed); the run failed for another reason: see its tasks on the replication page. Continue to run it again.',
        };
      }
      if (Date.now() >= until)
        return { status: 'running', detail: `Run ${data.executionId} is still in progress.` };
      await sleep(sc.timing.pollIntervalMs);
    }
  },
  next: (watch) =>
    `The canary run of rule "${watch.config.rule.name}" could not be started or read. Continue to try again (a run already started is not started twice).`,
};

export const robotNext = (watch: WatchRecord) => `Nothing was changed on ${robotLabel(watch)}.`;
