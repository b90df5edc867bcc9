// Give the replication robot what its rule needs (deletions: repository and tag delete; pull mode:
// list and read). In place: `PUT /robots/{id}` replaces the permissions and keeps the secret
// (`updateV2Robot` in src/server/v2.0/handler/robot.go). A robot made by the project robot API of
// Harbor < 2.2 (`editable: false`) only gets its description and disable flag changed there
// (`updateV1Robot`, answered 200 all the same): it is replaced instead (new robot → endpoint
// rewired → old robot deleted).
import type { HarborRobot, HarborRobotPermission } from '@hw/harbor-client';
import { isHarborError, parseRobotName, replicationRobotPermissions, sameRobotName } from '@hw/harbor-client';
import type { RepairOptions } from '@hw/wizard-api';

import { fail } from '../errors.ts';
import { withAccess } from '../wizard/robots.ts';
import { plannedStep } from './repair-state.ts';
import type { FlowDef, StepContext } from './repair-steps.ts';
import { endpointLabel, robotLabel } from './repair-steps.ts';
import {
  checkPermissionsStep,
  exportStep,
  flowRobot,
  pingEndpointStep,
  readRobot,
  updateEndpointStep,
  NEW_SECRET_TTL_MS,
} from './robot-steps.ts';

type FixPermissions = Extract<RepairOptions, { kind: 'fix-permissions' }>;

const accessList = (permissions: readonly HarborRobotPermission[]) =>
  permissions.flatMap((p) => (p.access ?? []).map((a) => `${a.resource ?? ''}:${a.action ?? ''}`));

function wantedPermissions(sc: StepContext): HarborRobotPermission[] {
  const { mode, replicationRobot } = sc.watch.config;
  const deletion = sc.flow.state.steps.find((s) => s.id === 'read-rule')?.data.deletion === true;
  return replicationRobotPermissions({ mode, project: replicationRobot.project, deletion });
}

const REPLACE_OFFER = { kind: 'fix-permissions', replace: true } as const;

async function findInProject(sc: StepContext, fullName: string): Promise<HarborRobot | null> {
  const { replicationRobot } = sc.watch.config;
  const client = await sc.client(replicationRobot.side);
  const project = await client.projects.findByName(replicationRobot.project);
  if (project?.project_id === undefined) return null;
  const page = await client.robots.listByProject(project.project_id, { page: 1, pageSize: 100 });
  return page.items.find((r) => r.name !== undefined && sameRobotName(r.name, fullName)) ?? null;
}

export const fixPermissionsFlow: FlowDef<FixPermissions> = {
  summary: (watch, options) =>
    options.replace
      ? `Replace ${robotLabel(watch)} by a new robot with the permissions rule "${watch.config.rule.name}" needs, rewire ${endpointLabel(watch)} to it, then delete the old robot.`
      : `Give ${robotLabel(watch)} the permissions rule "${watch.config.rule.name}" needs; its secret is unchanged.`,
  plan(watch, options) {
    const { rule, replicationRobot: robot, endpoint } = watch.config;
    const readRule = plannedStep(
      'read-rule',
      `Read rule "${rule.name}" (does it replicate deletions?)`,
      rule.side,
      false,
    );
    if (!options.replace) {
      return [
        readRule,
        plannedStep(
          'update-robot',
          `Add what is missing to the permissions of ${robotLabel(watch)}`,
          robot.side,
          true,
        ),
        plannedStep(
          'ping-endpoint',
          "Harbor's own test of the endpoint (the robot's secret is unchanged)",
          endpoint.side,
          false,
        ),
      ];
    }
    return [
      readRule,
      plannedStep(
        'create-robot',
        `Create a robot in project "${robot.project}" with the old robot's permissions plus what is missing`,
        robot.side,
        true,
      ),
      plannedStep('update-endpoint', `Rewire ${endpointLabel(watch)} to the new robot`, endpoint.side, true),
      plannedStep('ping-endpoint', `Harbor's own test of ${endpointLabel(watch)}`, endpoint.side, false),
      plannedStep('check-permissions', "The wizard's check of the new robot's access", robot.side, false),
      plannedStep('delete-old-robot', `Delete ${robotLabel(watch)}`, robot.side, true),
      plannedStep('export', 'Offer the new robot file (downloadable once)', null, false),
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
        const { replicationRobot } = sc.watch.config;
        const { client, robot } = await readRobot(sc);
        const before = new Set(accessList(robot.permissions ?? []));
        const permissions = withAccess(robot.permissions ?? [], wantedPermissions(sc));
        const added = accessList(permissions).filter((a) => !before.has(a));
        if (added.length === 0)
          return { status: 'skipped', detail: 'The robot already has every permission the rule needs.' };
        const inPlace = {
          status: 'failed' as const,
          harborMessage: null,
          next: `Harbor cannot change the permissions of ${robotLabel(sc.watch)} (a robot made before Harbor 2.2): replace it instead, as offered. Nothing was changed.`,
        };
        if (robot.editable === false) {
          sc.flow.state.offer = REPLACE_OFFER;
          return inPlace;
        }
        await client.robots.update(replicationRobot.id, { ...robot, permissions });
        // Harbor answers 200 even where it ignored the permissions: read them back.
        const now = new Set(accessList((await client.robots.get(replicationRobot.id)).permissions ?? []));
        if (added.some((a) => !now.has(a))) {
          sc.flow.state.offer = REPLACE_OFFER;
          return inPlace;
        }
        return { status: 'done', detail: `Added ${added.join(', ')}.` };
      },
      next: (watch) =>
        `${robotLabel(watch)} keeps its permissions (Harbor refused the change). Continue to try again, or replace the robot.`,
    },
    'create-robot': {
      async run(sc) {
        const { replicationRobot } = sc.watch.config;
        const client = await sc.client(replicationRobot.side);
        const data = sc.step.data as { name?: string; robot?: HarborRobot };
        const { robot: old } = await readRobot(sc);
        const permissions = withAccess(old.permissions ?? [], wantedPermissions(sc));
        // The name is recorded before the create: a create whose answer was lost is found by it
        // and adopted (with a refreshed secret) instead of creating a second robot.
        if (data.name === undefined) {
          data.name = `${parseRobotName(replicationRobot.name).name}-${sc.ctx.now().getTime().toString(36)}`;
          await sc.save();
        }
        const fullName = `${replicationRobot.name.slice(0, replicationRobot.name.lastIndexOf('+') + 1)}${data.name}`;
        let created: HarborRobot & { secret?: string };
        const found = await findInProject(sc, fullName);
        if (found?.id !== undefined) {
          const { secret } = await client.robots.refreshSecret(found.id);
          created = { ...found, ...(secret ? { secret } : {}) };
        } else {
          try {
            const answer = await client.robots.create({
              name: data.name,
              description: `Replaces ${replicationRobot.name} (replication wizard)`,
              level: 'project',
              duration: old.duration ?? -1,
              disable: false,
              permissions,
            });
            created = { ...(await client.robots.get(answer.id ?? 0)), secret: answer.secret ?? '' };
          } catch (error) {
            if (isHarborError(error) && error.status === 409) fail(409, 'robot-exists', error.message);
            throw error;
          }
        }
        if (!created.secret) fail(502, 'robot-secret-missing', 'Harbor did not return the new robot secret.');
        await sc.putSecret('robot-secret', created.secret, NEW_SECRET_TTL_MS);
        const { secret: _secret, ...model } = created;
        data.robot = model;
        return { status: 'done', detail: `Created ${model.name ?? data.name}.` };
      },
      next: (watch) =>
        `${robotLabel(watch)} and ${endpointLabel(watch)} are unchanged; the new robot may exist without its secret (the answer was lost). Continue: it is found by its name and given a new secret, never created twice.`,
    },
    'update-endpoint': updateEndpointStep,
    'ping-endpoint': pingEndpointStep,
    'check-permissions': checkPermissionsStep,
    'delete-old-robot': {
      async run(sc) {
        const { replicationRobot } = sc.watch.config;
        try {
          await (await sc.client(replicationRobot.side)).robots.delete(replicationRobot.id);
        } catch (error) {
          if (isHarborError(error) && error.status === 404)
            return { status: 'done', detail: 'The old robot was already gone.' };
          throw error;
        }
        return { status: 'done', detail: `Deleted ${replicationRobot.name}.` };
      },
      next: (watch) =>
        `The endpoint uses the new robot; ${robotLabel(watch)} still exists (unused). Continue to delete it again, or delete it in Harbor's portal.`,
    },
    export: exportStep,
  },
  async finish(sc) {
    if (!(sc.flow.state.options as FixPermissions).replace) return null;
    const robot = flowRobot(sc);
    const stored = await (await sc.client(sc.watch.config.replicationRobot.side)).robots.get(robot.id);
    return {
      ...sc.watch.config,
      replicationRobot: {
        ...sc.watch.config.replicationRobot,
        id: robot.id,
        name: robot.name,
        expiresAt: stored.expires_at ?? -1,
      },
    };
  },
};
