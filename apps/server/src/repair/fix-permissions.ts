// Give the replication robot what its rule needs (deletions: repository and tag delete; pull mode:
// list and read), in place: `PUT /robots/{id}` replaces the permissions and keeps the secret
// (`updateV2Robot` in src/server/v2.0/handler/robot.go), so the endpoint needs no change.
import { replicationRobotPermissions } from '@hw/harbor-client';
import type { HarborRobotPermission } from '@hw/harbor-client';
import type { RepairOptions } from '@hw/wizard-api';

import { withAccess } from '../wizard/robots.ts';
import { plannedStep } from './repair-state.ts';
import type { FlowDef } from './repair-steps.ts';
import { robotLabel } from './repair-steps.ts';
import { pingEndpointStep, readRobot } from './robot-steps.ts';

type FixPermissions = Extract<RepairOptions, { kind: 'fix-permissions' }>;

const accessList = (permissions: readonly HarborRobotPermission[]) =>
  permissions.flatMap((p) => (p.access ?? []).map((a) => `${a.resource ?? ''}:${a.action ?? ''}`));

export const fixPermissionsFlow: FlowDef<FixPermissions> = {
  summary: (watch) =>
    `Give ${robotLabel(watch)} the permissions rule "${watch.config.rule.name}" needs; its secret is unchanged.`,
  plan(watch) {
    const { rule, replicationRobot: robot } = watch.config;
    return [
      plannedStep('read-rule', `Read rule "${rule.name}" (does it replicate deletions?)`, rule.side, false),
      plannedStep(
        'update-robot',
        `Add what is missing to the permissions of ${robotLabel(watch)}`,
        robot.side,
        true,
      ),
      plannedStep(
        'ping-endpoint',
        "Harbor's own test of the endpoint (the robot's secret is unchanged)",
        watch.config.endpoint.side,
        false,
      ),
    ];
  },
  steps: {
    'read-rule': {
      async run(sc) {
        const { rule } = sc.watch.config;
        const policy = await (await sc.client(rule.side)).policies.get(rule.policyId);
        sc.step.data.deletion = policy.deletion === true;
        return {
          status: 'done',
          detail:
            policy.deletion === true
              ? 'The rule replicates deletions.'
              : 'The rule does not replicate deletions.',
        };
      },
      next: (watch) =>
        `Nothing was changed. Rule "${watch.config.rule.name}" could not be read: continue to try again.`,
    },
    'update-robot': {
      async run(sc) {
        const { mode, replicationRobot } = sc.watch.config;
        const deletion = sc.flow.state.steps.find((s) => s.id === 'read-rule')?.data.deletion === true;
        const wanted = replicationRobotPermissions({ mode, project: replicationRobot.project, deletion });
        const { client, robot } = await readRobot(sc);
        const before = new Set(accessList(robot.permissions ?? []));
        const permissions = withAccess(robot.permissions ?? [], wanted);
        const added = accessList(permissions).filter((a) => !before.has(a));
        if (added.length === 0)
          return { status: 'skipped', detail: 'The robot already has every permission the rule needs.' };
        await client.robots.update(replicationRobot.id, { ...robot, permissions });
        return { status: 'done', detail: `Added ${added.join(', ')}.` };
      },
      next: (watch) =>
        `${robotLabel(watch)} keeps its permissions (Harbor refused the change). If this Harbor cannot change a robot's permissions, create a robot with the needed permissions under another name and rotate the endpoint to it.`,
    },
    'ping-endpoint': pingEndpointStep,
  },
};
