// What a watch robot may do on each Harbor, asked of Harbor itself: its record as an administrator
// sees it (level and permissions), and every change a robot with those permissions tries, with
// Harbor's answer to each.
import { createHarborClient, isHarborError } from '@hw/harbor-client';
import type { HarborClient, HarborRobot } from '@hw/harbor-client';

import { adminClient } from './harbor-direct.ts';
import { harbors } from './harbors.ts';
import type { SimName } from './harbors.ts';

/** Harbor's answer to one attempt: 'ok' when it did it, otherwise the HTTP status. */
export type Outcome = { attempt: string; status: number | 'ok' };

async function outcome(attempt: string, call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return { attempt, status: 'ok' };
  } catch (error) {
    if (isHarborError(error) && error.status !== undefined) return { attempt, status: error.status };
    throw error;
  }
}

/** A system-level robot by its full name (`robot$…`), as the administrator reads it. */
export async function systemRobot(sim: SimName, name: string): Promise<HarborRobot & { id: number }> {
  const admin = adminClient(sim);
  for (let page = 1; ; page += 1) {
    const { items } = await admin.robots.listSystem({ page, pageSize: 100 });
    const found = items.find((r) => r.name === name);
    if (found?.id !== undefined) return { ...found, id: found.id };
    if (items.length < 100) throw new Error(`no system robot ${name} on the ${sim} Harbor`);
  }
}

/** Every access pair of a robot, as `kind namespace resource:action`. */
export function accessPairs(robot: HarborRobot): string[] {
  return (robot.permissions ?? []).flatMap((p) =>
    (p.access ?? []).map((a) => `${p.kind ?? ''} ${p.namespace ?? ''} ${a.resource ?? ''}:${a.action ?? ''}`),
  );
}

export type RobotLogin = { id: number; name: string; secret: string };

/**
 * A robot with exactly the level and permissions of `robot` (Harbor decides what a robot may do from
 * those alone: `common/security/robot/context.go` `Can`), created by the administrator.
 */
export async function twinOf(sim: SimName, robot: HarborRobot): Promise<RobotLogin> {
  const bare = (robot.name ?? '').replace(/^robot\$/, '');
  const created = await adminClient(sim).robots.create({
    name: `${bare}-twin`,
    description: 'e2e: the same permissions as the watch robot',
    level: robot.level,
    duration: 1,
    permissions: robot.permissions,
  });
  return { id: created.id ?? -1, name: created.name ?? '', secret: created.secret ?? '' };
}

/** A Harbor client logged in as `login`. */
export function robotClient(sim: SimName, login: RobotLogin): HarborClient {
  return createHarborClient({ baseUrl: harbors[sim].url, username: login.name, password: login.secret });
}

/** On the Harbor that runs the rule: every change to the rule, its runs, endpoints, robots, job service. */
export async function changesOnRuleHarbor(
  client: HarborClient,
  ids: { policyId: number; registryId: number; executionId: number; robotId: number },
): Promise<Outcome[]> {
  const policy = await adminClient('source').policies.get(ids.policyId);
  return [
    await outcome('start an execution', () => client.executions.start(ids.policyId)),
    await outcome('stop an execution', () => client.executions.stop(ids.executionId)),
    await outcome('change the rule', () =>
      client.policies.update(ids.policyId, { ...policy, description: 'changed by a watch robot' }),
    ),
    await outcome('create an endpoint', () =>
      client.registries.create({ name: 'made-by-a-watch-robot', type: 'harbor', url: harbors.target.url }),
    ),
    await outcome('change the endpoint', () =>
      client.registries.update(ids.registryId, { description: 'changed by a watch robot' }),
    ),
    await outcome('create a robot', () =>
      client.robots.create({
        name: 'made-by-a-watch-robot',
        level: 'system',
        duration: 1,
        permissions: [
          { kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'create' }] },
        ],
      }),
    ),
    await outcome('create a project', () =>
      client.projects.create({ project_name: 'made-by-a-watch-robot', metadata: { public: 'false' } }),
    ),
    await outcome('pause the replication queue', () => client.jobService.queueAction('REPLICATION', 'pause')),
    await outcome('stop every running job', () => client.jobService.stopJob('all')),
    await outcome('delete a robot', () => client.robots.delete(ids.robotId)),
    await outcome('delete the endpoint', () => client.registries.delete(ids.registryId)),
    await outcome('delete the rule', () => client.policies.delete(ids.policyId)),
  ];
}

/** A change `@hw/harbor-client` has no call for, made with the robot's Basic login. */
async function rawOutcome(
  attempt: string,
  login: RobotLogin,
  request: { method: string; path: string; body: unknown },
): Promise<Outcome> {
  const auth = Buffer.from(`${login.name}:${login.secret}`).toString('base64');
  const res = await fetch(`${harbors.target.url}${request.path}`, {
    method: request.method,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return { attempt, status: res.ok ? 'ok' : res.status };
}

/** On the Harbor where the replication robot lives: every change to that robot and its project. */
export async function changesOnRobotHarbor(
  login: RobotLogin,
  ids: { project: string; replicationRobotId: number },
): Promise<Outcome[]> {
  const client = robotClient('target', login);
  const robot = await adminClient('target').robots.get(ids.replicationRobotId);
  const pullOnly = [
    { kind: 'project', namespace: ids.project, access: [{ resource: 'repository', action: 'pull' }] },
  ];
  return [
    await outcome('create a robot in the project', () =>
      client.robots.create({
        name: 'made-by-a-watch-robot',
        level: 'project',
        duration: 1,
        permissions: pullOnly,
      }),
    ),
    await outcome('change the replication robot', () =>
      client.robots.update(ids.replicationRobotId, { ...robot, disable: true }),
    ),
    await outcome("refresh the replication robot's secret", () =>
      client.robots.refreshSecret(ids.replicationRobotId),
    ),
    await outcome('create a project', () =>
      client.projects.create({ project_name: 'made-by-a-watch-robot', metadata: { public: 'false' } }),
    ),
    await rawOutcome('make the project public', login, {
      method: 'PUT',
      path: `/api/v2.0/projects/${encodeURIComponent(ids.project)}`,
      body: { metadata: { public: 'true' } },
    }),
    await outcome('delete the replication robot', () => client.robots.delete(ids.replicationRobotId)),
    await outcome('delete the project', () => client.projects.delete(ids.project)),
  ];
}

/** The actions Harbor's token service grants `client` on a repository when it asks for pull and push. */
export async function grantedRegistryActions(client: HarborClient, repository: string): Promise<string[]> {
  const grant = await client.registryToken(`repository:${repository}:pull,push`);
  return grant.access.filter((a) => a.name === repository).flatMap((a) => a.actions);
}

/** Every attempt answered 403 by Harbor (for a readable diff when one is not). */
export function allRefused(outcomes: Outcome[]): Outcome[] {
  return outcomes.map((o) => ({ ...o, status: 403 }));
}
