// Rotate the replication robot's secret and rewire the endpoint that logs in with it.
import type { HarborRobot } from '@hw/harbor-client';
import type { RepairOptions } from '@hw/wizard-api';

import { fail } from '../errors.ts';
import { plannedStep } from './repair-state.ts';
import type { FlowDef } from './repair-steps.ts';
import { endpointLabel, robotLabel } from './repair-steps.ts';
import {
  canaryStep,
  checkPermissionsStep,
  exportStep,
  formatExpiry,
  pingEndpointStep,
  readRobot,
  setDuration,
  updateEndpointStep,
  NEW_SECRET_TTL_MS,
} from './robot-steps.ts';

type Rotate = Extract<RepairOptions, { kind: 'rotate' }>;

export const rotateFlow: FlowDef<Rotate> = {
  summary: (watch) =>
    `Give ${robotLabel(watch)} a new secret and hand it to ${endpointLabel(watch)}; the old secret stops working at once.`,
  plan(watch, options) {
    const robot = watch.config.replicationRobot;
    const endpoint = watch.config.endpoint;
    return [
      ...(options.durationDays !== undefined
        ? [
            plannedStep(
              'extend',
              `Set the duration of ${robotLabel(watch)} to ${options.durationDays === -1 ? 'never expire' : `${options.durationDays} days from its creation`}`,
              robot.side,
              true,
            ),
          ]
        : []),
      plannedStep(
        'refresh-secret',
        `Refresh the secret of ${robotLabel(watch)} (Harbor shows the new one only in this answer: it is sealed at once)`,
        robot.side,
        true,
      ),
      plannedStep(
        'update-endpoint',
        `Save the new secret in ${endpointLabel(watch)} (the secret is always sent: an update without it clears the stored one on newer Harbors)`,
        endpoint.side,
        true,
      ),
      plannedStep('ping-endpoint', `Harbor's own test of ${endpointLabel(watch)}`, endpoint.side, false),
      plannedStep(
        'check-permissions',
        `The wizard's check of what the registry token service grants "${robot.name}" in project "${robot.project}"`,
        robot.side,
        false,
      ),
      ...(options.canary === 'rule'
        ? [
            plannedStep(
              'canary',
              `Run rule "${watch.config.rule.name}" once (the whole rule) and wait for it to end`,
              watch.config.rule.side,
              true,
            ),
          ]
        : []),
      plannedStep('export', 'Offer the robot file with the new secret (downloadable once)', null, false),
    ];
  },
  steps: {
    extend: {
      run: (sc) => setDuration(sc, (sc.flow.state.options as Rotate).durationDays ?? -1),
      next: (watch) => `Nothing was changed on ${robotLabel(watch)}. Continue to try again.`,
    },
    'refresh-secret': {
      async run(sc) {
        // A secret sealed by an earlier attempt: the refresh happened, never do it twice.
        if ((await sc.getSecret('robot-secret')) !== null)
          return { status: 'done', detail: 'The secret was refreshed earlier in this flow.' };
        const { client, robot } = await readRobot(sc);
        const { secret } = await client.robots.refreshSecret(sc.watch.config.replicationRobot.id);
        if (!secret) fail(502, 'robot-refresh-failed', 'Harbor did not return a new secret.');
        await sc.putSecret('robot-secret', secret, NEW_SECRET_TTL_MS);
        const { secret: _none, ...model } = robot as HarborRobot & { secret?: string };
        sc.step.data.robot = model;
        return {
          status: 'done',
          detail: `The robot has a new secret; its expiry is unchanged (${formatExpiry(robot.expires_at ?? -1)}).`,
        };
      },
      // Harbor may have refreshed it while its answer was lost: the old secret may already be
      // refused. Refreshing again is safe (it only replaces the secret), so the retry does that.
      next: (watch) =>
        `${robotLabel(watch)} may or may not have a new secret (its answer did not arrive); ${endpointLabel(watch)} still holds the old one. Continue: the secret is refreshed again and then handed to the endpoint.`,
    },
    'update-endpoint': updateEndpointStep,
    'ping-endpoint': pingEndpointStep,
    'check-permissions': checkPermissionsStep,
    canary: canaryStep,
    export: exportStep,
  },
  async finish(sc) {
    const robot = sc.watch.config.replicationRobot;
    const stored = await (await sc.client(robot.side)).robots.get(robot.id);
    return {
      ...sc.watch.config,
      replicationRobot: { ...robot, expiresAt: stored.expires_at ?? robot.expiresAt },
    };
  },
};
