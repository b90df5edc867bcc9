// Steps several repair flows share: change the replication robot's duration, ping the endpoint,
// run the rule once and wait for it to end.
import type { HarborClient, HarborRobot } from '@hw/harbor-client';
import {
  expiryAfterDurationChange,
  isFinalExecutionStatus,
  refreshedRobotExportContent,
  registryUpdateRequest,
} from '@hw/harbor-client';

import type { WatchRecord } from '../storage/watch-store.ts';
import { LOGIN_TTL_MS } from './repair-logins.ts';
import type { StepContext, StepDef, StepOutcome } from './repair-steps.ts';
import { endpointLabel, robotLabel, sleep } from './repair-steps.ts';
import { checkRobotAccess } from './robot-access.ts';

/** A new robot secret stays sealed in the flow until the endpoint holds it and the flow ends (then erased). */
export const NEW_SECRET_TTL_MS = 7 * 24 * 60 * 60_000;

/** The robot whose secret the flow holds: a replacement it created, else the watch's robot. */
export type FlowRobot = { id: number; name: string; model: HarborRobot | null };

export function flowRobot(sc: Pick<StepContext, 'flow' | 'watch'>): FlowRobot {
  const created = sc.flow.state.steps.find((s) => s.id === 'create-robot')?.data.robot as
    HarborRobot | undefined;
  if (created?.id !== undefined && created.name !== undefined)
    return { id: created.id, name: created.name, model: created };
  const refreshed = sc.flow.state.steps.find((s) => s.id === 'refresh-secret')?.data.robot as
    HarborRobot | undefined;
  const { id, name } = sc.watch.config.replicationRobot;
  return { id, name, model: refreshed ?? null };
}

/** Hands the flow's robot and its new secret to the endpoint, always with the secret. */
export const updateEndpointStep: StepDef = {
  async run(sc) {
    const secret = await sc.getSecret('robot-secret');
    if (secret === null) {
      for (const s of sc.flow.state.steps)
        if (s.id === 'refresh-secret' || s.id === 'create-robot') s.status = 'pending';
      return {
        status: 'failed',
        harborMessage: null,
        next: 'The new secret is no longer held (the flow was left too long): continue to get a new one.',
      };
    }
    const { endpoint } = sc.watch.config;
    await (
      await sc.client(endpoint.side)
    ).registries.update(
      endpoint.id,
      registryUpdateRequest({ accessKey: flowRobot(sc).name, accessSecret: secret }),
    );
    return { status: 'done', detail: 'The endpoint holds the new secret.' };
  },
  next: (watch) =>
    `The robot has its new secret but ${endpointLabel(watch)} still holds the old credential, so replication fails until this step passes. Continue to try again (the new secret is kept sealed until then).`,
};

export const checkPermissionsStep: StepDef = {
  async run(sc) {
    const secret = await sc.getSecret('robot-secret');
    if (secret === null)
      return { status: 'skipped', detail: 'The new secret is no longer held; the ping above used it.' };
    return checkRobotAccess(sc, flowRobot(sc), secret);
  },
  next: () =>
    'The endpoint uses the new secret, but the robot cannot do what the rule needs: start "Fix permissions" after this flow.',
};

/** The robot file with the new secret, as the portal exports it after a refresh, offered once. */
export const exportStep: StepDef = {
  async run(sc) {
    const secret = await sc.getSecret('robot-secret');
    const robot = flowRobot(sc).model;
    if (secret === null || !robot)
      return { status: 'skipped', detail: 'The new secret is no longer held: no file to offer.' };
    await sc.putSecret('export', refreshedRobotExportContent(robot, secret), LOGIN_TTL_MS);
    sc.flow.state.exportAvailable = true;
    return { status: 'done', detail: 'The robot file can be downloaded once (for 30 minutes).' };
  },
  next: () => 'Continue to try again.',
};

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
