// The watch robots on Harbor: what they will be (the plan, from the setup's stored connection
// summaries), the admin login that creates or deletes them (used once, never stored), their
// create-or-adopt, the check that each can read what the poller needs, and their deletion.
import type { HarborClient, HarborRobot, WatchRobotSpec, WatchRobotsPlan } from '@hw/harbor-client';
import { collectAll, isHarborError, planWatchRobots, sameRobotName } from '@hw/harbor-client';
import type { AdminLogins, HarborSide, TlsSettings, WatchPlan } from '@hw/wizard-api';
import { sidesFor } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import type { AuditContext } from '../harbor/connector.ts';
import { ApiFailure, fail, harborDetail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { createOrAdoptPending } from '../wizard/adopt.ts';
import { sideClient } from '../wizard/side-client.ts';

export type AdminLogin = NonNullable<AdminLogins['source']>;
export type AdminHarbor = { url: string; tls: TlsSettings; demo: boolean };

export const DEFAULT_WATCH_DAYS = 180;

/** The plan for a setup with both Harbors connected; `suffix` names the robots. */
export function planForSetup(setup: SetupRecord, suffix: string): WatchRobotsPlan {
  const { state } = setup;
  if (!state.source || !state.target) {
    fail(409, 'not-connected', 'Connect both Harbors before choosing to watch this replication.', {
      hint: 'Finish the connect steps first.',
    });
  }
  const sides = sidesFor(state.mode);
  const plan = planWatchRobots({
    ruleSide: state.policy?.side ?? sides.rule,
    harbors: {
      source: { url: state.source.url, version: state.source.version || null },
      target: { url: state.target.url, version: state.target.version || null },
    },
    robotProject: state.robot?.project ?? state.project?.name ?? '',
    suffix,
  });
  if (plan.robots.some((r) => r.permissions.some((p) => p.namespace === ''))) {
    fail(409, 'robot-not-created', 'This setup has no replication robot yet: there is nothing to watch.', {
      hint: 'Finish the setup up to its rule first, then choose to keep watching it.',
    });
  }
  return plan;
}

/** The plan as the API shows it (the create request's own fields left out). */
export function publicPlan(plan: WatchRobotsPlan, durationDays = DEFAULT_WATCH_DAYS): WatchPlan {
  return {
    possible: plan.possible,
    message: plan.message,
    durationDays,
    robots: plan.robots.map((robot) => ({
      side: robot.side,
      harborUrl: robot.harborUrl,
      harborVersion: robot.harborVersion,
      name: robot.name,
      level: robot.level,
      permissions: robot.permissions,
      can: robot.can,
      cannot: robot.cannot,
      limitations: robot.limitations,
    })),
  };
}

/** The demo Harbor this server runs at that address: its admin login never leaves the server. */
function demoAdmin(ctx: AppContext, harbor: AdminHarbor): { username: string; password: string } | null {
  if (!harbor.demo || !ctx.demo) return null;
  const demo = [ctx.demo.source, ctx.demo.target].find((d) => d.url === harbor.url);
  return demo ? { username: demo.username, password: demo.password } : null;
}

/**
 * An admin client from a short-lived login: the demo Harbor's own password, or the operator's user
 * name and password, checked at once so a wrong one is a clear 401 before anything is created.
 */
export async function adminClientFromLogin(
  ctx: AppContext,
  harbor: AdminHarbor,
  side: HarborSide,
  login: AdminLogin | undefined,
  request: { audit: AuditContext; address: string; purpose: string },
): Promise<HarborClient> {
  const { audit, purpose } = request;
  const demo = demoAdmin(ctx, harbor);
  if ((login === undefined || 'demo' in login) && demo !== null) {
    return ctx.harbor.client({ url: harbor.url, tls: harbor.tls, ...demo, audit });
  }
  if (login === undefined || 'demo' in login) {
    fail(
      409,
      'admin-login-required',
      `Log in to the ${side} Harbor (${harbor.url}) as an administrator ${purpose}.`,
      {
        hint:
          login === undefined
            ? `Enter the user name and password of a system administrator of the ${side} Harbor; they are used for this request only and never stored.`
            : `The ${side} Harbor is not a demo Harbor of this server: enter its administrator's user name and password.`,
      },
    );
  }
  const client = ctx.harbor.client({ url: harbor.url, tls: harbor.tls, ...login, audit });
  // Failed logins count against the same per-address and per-account limits as the connect step.
  const attempt = { address: request.address, harborUrl: harbor.url, username: login.username };
  const user = await ctx.loginThrottle.guard(attempt, async () => {
    try {
      return await client.currentUser();
    } catch (error) {
      if (isHarborError(error) && error.kind === 'http' && error.status === 401) {
        fail(401, 'wrong-credentials', `The ${side} Harbor did not accept this user name and password.`, {
          hint: 'Check both (the password is case-sensitive).',
          harbor: harborDetail(error),
        });
      }
      throw error;
    }
  });
  if (user.sysadmin_flag !== true) {
    fail(403, 'not-sysadmin', `"${login.username}" is not a system administrator of the ${side} Harbor.`, {
      hint: `Watch robots are system-level robot accounts: log in as a system administrator ${purpose}.`,
    });
  }
  return client;
}

/** The setup's admin client: the session's stored login when there is one, else the request's. */
export async function adminClientForSetup(
  ctx: AppContext,
  setup: SetupRecord,
  side: HarborSide,
  login: AdminLogin | undefined,
  address: string,
): Promise<HarborClient> {
  const connection = setup.internal.connections[side];
  if (!connection) fail(409, 'not-connected', `Connect the ${side} Harbor first.`);
  const stored = await ctx.secrets.get({
    sessionId: setup.sessionId,
    setupId: setup.id,
    name: `password:${side}`,
  });
  if (stored !== null && login === undefined) return sideClient(ctx, setup, side);
  return adminClientFromLogin(ctx, connection, side, login, {
    audit: { sessionId: setup.sessionId, setupId: setup.id, side },
    address,
    purpose: 'to create the watch robot',
  });
}

export type ObtainedWatchRobot = {
  spec: WatchRobotSpec;
  id: number;
  name: string;
  secret: string;
  expiresAt: number;
};

const accessKeys = (robot: Pick<HarborRobot, 'permissions'>) =>
  (robot.permissions ?? [])
    .flatMap((p) =>
      (p.access ?? []).map(
        (a) => `${p.kind ?? ''}\0${p.namespace ?? ''}\0${a.resource ?? ''}:${a.action ?? ''}`,
      ),
    )
    .sort()
    .join('\n');

async function findSystemRobot(client: HarborClient, name: string): Promise<HarborRobot | null> {
  const robots = await collectAll((page, pageSize) => client.robots.listSystem({ page, pageSize }), 100);
  return robots.find((r) => r.name !== undefined && sameRobotName(r.name, name)) ?? null;
}

/** Harbor generated a new secret for a robot the watch created (or adopts): its old one is unknown. */
async function freshSecret(client: HarborClient, id: number): Promise<string> {
  const { secret } = await client.robots.refreshSecret(id);
  if (!secret) fail(502, 'robot-refresh-failed', 'Harbor did not return a new secret for the watch robot.');
  return secret;
}

/**
 * Creates the robot, or adopts the one an earlier attempt of this very watch created (its answer
 * lost, or the watch not stored after it): `pendingWatch` records the name before Harbor is asked
 * and each robot once Harbor answers, so a retry never makes a second one.
 */
export async function obtainWatchRobot(
  ctx: AppContext,
  setup: SetupRecord,
  client: HarborClient,
  spec: WatchRobotSpec,
  durationDays: number,
): Promise<ObtainedWatchRobot> {
  const pending = setup.internal.pendingWatch;
  if (!pending) throw new Error('pendingWatch must be saved before a watch robot is created');
  const known = pending.robots.find((r) => r.side === spec.side);
  if (known) {
    try {
      const robot = await client.robots.get(known.id);
      const secret = await freshSecret(client, known.id);
      return {
        spec,
        id: known.id,
        name: robot.name ?? known.name,
        secret,
        expiresAt: robot.expires_at ?? -1,
      };
    } catch (error) {
      if (!(isHarborError(error) && error.status === 404)) throw error;
      pending.robots = pending.robots.filter((r) => r !== known);
    }
  }
  const request = {
    name: spec.requestName,
    description: `Read-only watch of a replication rule, made by the Harbor Replication Wizard for setup ${setup.id}.`,
    level: spec.level,
    duration: durationDays,
    disable: false,
    permissions: spec.permissions,
  };
  let created: { secret: string; expiresAt: number; name: string } | null = null;
  const outcome = await createOrAdoptPending(
    ctx,
    setup,
    { kind: 'robot', side: spec.side, request },
    {
      create: async () => {
        const answer = await client.robots.create(request);
        if (answer.id === undefined || !answer.secret) {
          fail(
            502,
            'robot-create-failed',
            `The ${spec.side} Harbor created the watch robot without returning its id and secret.`,
          );
        }
        created = {
          secret: answer.secret,
          expiresAt: answer.expires_at ?? -1,
          name: answer.name ?? spec.name,
        };
        return answer.id;
      },
      find: () => findSystemRobot(client, spec.name),
      idOf: (robot) => robot.id,
      isOurs: (robot) => robot.level === 'system' && accessKeys(robot) === accessKeys(request),
      conflict: (error) =>
        fail(
          409,
          'watch-robot-exists',
          `A robot named "${spec.name}" already exists on the ${spec.side} Harbor.`,
          {
            hint: 'It was not made by this watch: try again (a new name is chosen), or delete that robot in Harbor.',
            harbor: harborDetail(error),
          },
        ),
    },
  );
  pending.robots.push({ side: spec.side, id: outcome.id, name: outcome.existing?.name ?? spec.name });
  await ctx.setups.save(setup);
  const made = created as { secret: string; expiresAt: number; name: string } | null;
  if (made) return { spec, id: outcome.id, ...made };
  const existing = outcome.existing;
  const secret = await freshSecret(client, outcome.id);
  return {
    spec,
    id: outcome.id,
    name: existing?.name ?? spec.name,
    secret,
    expiresAt: existing?.expires_at ?? -1,
  };
}

/** Logs in as the new robot and reads what the poller will read: a robot that cannot is not kept. */
export async function verifyWatchRobot(
  ctx: AppContext,
  harbor: AdminHarbor,
  robot: ObtainedWatchRobot,
  reads: { policyId: number; replicationRobotId: number },
): Promise<void> {
  const client = ctx.harbor.client({
    url: harbor.url,
    tls: harbor.tls,
    username: robot.name,
    password: robot.secret,
  });
  try {
    if (robot.spec.readsReplicationRobot) {
      await client.robots.get(reads.replicationRobotId);
    } else {
      await client.policies.get(reads.policyId);
      await client.executions.list({ policyId: reads.policyId, pageSize: 1 });
    }
  } catch (error) {
    if (!isHarborError(error)) throw error;
    fail(
      502,
      'watch-robot-check-failed',
      `The new watch robot "${robot.name}" could not read what it must on the ${robot.spec.side} Harbor (Harbor answered ${error.status ?? error.kind}).`,
      {
        hint: 'It was deleted again. Check that the Harbor is reachable and try again.',
        harbor: harborDetail(error),
      },
    );
  }
}

/** Deletes a watch robot; one already gone counts as deleted. */
export async function deleteWatchRobot(
  client: HarborClient,
  id: number,
): Promise<'deleted' | 'already-gone'> {
  try {
    await client.robots.delete(id);
    return 'deleted';
  } catch (error) {
    if (isHarborError(error) && error.status === 404) return 'already-gone';
    throw error;
  }
}

/**
 * After a failed start: what this attempt created must not stay behind. Returns the robots that
 * could not be deleted (clean-up of the setup deletes them later).
 */
export async function discardWatchRobots<R extends { side: HarborSide; id: number }>(
  clients: Map<HarborSide, HarborClient>,
  robots: R[],
): Promise<R[]> {
  const left: R[] = [];
  for (const robot of robots) {
    const client = clients.get(robot.side);
    const deleted = client
      ? await deleteWatchRobot(client, robot.id).then(
          () => true,
          (error: unknown) => {
            if (!(error instanceof ApiFailure) && !isHarborError(error)) throw error;
            return false;
          },
        )
      : false;
    if (!deleted) left.push(robot);
  }
  return left;
}
