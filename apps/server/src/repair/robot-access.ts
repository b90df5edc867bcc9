// The wizard's own check of the replication robot after its secret changed: what the registry
// token service grants it where the endpoint points (the connection test's permission check).
import { isHarborError } from '@hw/harbor-client';
import type { TlsSettings } from '@hw/wizard-api';

import { grantedByTokenService } from '../wizard/connection-test.ts';
import type { StepContext, StepOutcome } from './repair-steps.ts';

const PROBE_REPOSITORY = 'replication-wizard-probe';

export async function checkRobotAccess(
  sc: StepContext,
  who: { id: number; name: string },
  secret: string,
): Promise<StepOutcome> {
  const { endpoint, replicationRobot, mode, harbors } = sc.watch.config;
  const robot = { ...replicationRobot, id: who.id, name: who.name };
  const registry = await (await sc.client(endpoint.side)).registries.get(endpoint.id);
  const url = registry.url ?? '';
  const robotHarbor = harbors[robot.side];
  // The endpoint is the robot's Harbor: reach it as the watch does; otherwise as the endpoint says.
  const tls: TlsSettings =
    new URL(robotHarbor.url).origin === new URL(url).origin
      ? robotHarbor.tls
      : registry.insecure === true
        ? { mode: 'insecure' }
        : { mode: 'verify' };
  const needed = mode === 'push' ? ['pull', 'push'] : ['pull'];
  const repository = `${robot.project}/${PROBE_REPOSITORY}`;
  let granted: string[];
  let everyone: () => Promise<string[]>;
  try {
    ({ granted, everyone } = await grantedByTokenService(sc.ctx, {
      url,
      tls,
      username: robot.name,
      secret,
      repository,
      needed,
    }));
  } catch (error) {
    if (isHarborError(error) && error.status === 401) {
      return {
        status: 'failed',
        harborMessage: error.harborMessage ?? 'unauthorized',
        next: `The token service at ${url} refused the new secret: the robot may have been disabled or has expired. Check it in Harbor's portal, then continue.`,
      };
    }
    throw error;
  }
  const may = (actions: string[]) => needed.every((a) => actions.includes(a) || actions.includes('*'));
  if (!may(granted)) {
    return {
      status: 'failed',
      harborMessage: null,
      detail: `The robot is granted ${granted.length ? granted.join(', ') : 'nothing'} on ${repository}; replication needs ${needed.join(' and ')}.`,
      next: 'The endpoint uses the new secret, but the robot lacks what the rule needs: run "Fix permissions" after this flow.',
    };
  }
  if (!may(await everyone())) {
    return { status: 'done', detail: `The robot may ${needed.join(' and ')} in project "${robot.project}".` };
  }
  // A public project grants pull to anyone: only the robot's own permissions prove its access.
  const own = await (await sc.client(robot.side)).robots.get(robot.id);
  const actions = (own.permissions ?? [])
    .filter((p) => p.kind === 'project' && p.namespace === robot.project)
    .flatMap((p) => p.access ?? [])
    .filter((a) => a.resource === 'repository')
    .map((a) => a.action ?? '');
  if (own.disable === true || !may(actions)) {
    return {
      status: 'failed',
      harborMessage: null,
      detail: `Project "${robot.project}" is public, so anyone may pull there; the robot's own permissions lack ${needed.join(' and ')}.`,
      next: 'Run "Fix permissions" after this flow: the access ends as soon as the project is made private.',
    };
  }
  return { status: 'done', detail: `The robot may ${needed.join(' and ')} in project "${robot.project}".` };
}
