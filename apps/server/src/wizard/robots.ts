// Steps 3 and 4: the robot account on the Harbor the rule does NOT run on, its one-time secret
// (into the vault, shown once), the export file and the hand-off confirmation.
import type { HarborClient, HarborError, HarborRobot, HarborRobotPermission } from '@hw/harbor-client';
import {
  checkRobotPermissions,
  collectAll,
  isHarborError,
  replicationRobotPermissions,
  refreshedRobotExportContent,
  robotExportContent,
  robotExportFileName,
  robotFullName,
  sameRobotName,
} from '@hw/harbor-client';
import type {
  CreateRobotRequest,
  EndpointSecretUpdate,
  RobotCreatedResponse,
  RobotState,
  SetupState,
} from '@hw/wizard-api';
import { sidesFor } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { fail, harborDetail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { createOrAdoptPending } from './adopt.ts';
import { runConnectionTest } from './connection-test.ts';
import { handEndpointNewSecret } from './endpoint.ts';
import type { SetupRef } from './setups.ts';
import { completeStep, uncompleteFrom } from './setups.ts';
import { sideClient } from './side-client.ts';
import { requireRobot, requireRobotProject } from './step-guards.ts';

async function findRobot(
  client: HarborClient,
  project: string,
  fullName: string,
): Promise<HarborRobot | null> {
  const found = await client.projects.findByName(project);
  if (!found?.project_id) return null;
  const projectId = found.project_id;
  const robots = await collectAll(
    (page, pageSize) => client.robots.listByProject(projectId, { page, pageSize }),
    100,
  );
  // Harbor's robot prefix is configurable ("robot$" by default): match on the stored "<project>+<name>" part.
  return robots.find((r) => r.name !== undefined && sameRobotName(r.name, fullName)) ?? null;
}

const accessKeys = (permissions: readonly HarborRobotPermission[]) =>
  permissions.flatMap((p) =>
    (p.access ?? []).map((a) => `${p.namespace ?? ''}\0${a.resource ?? ''}:${a.action ?? ''}`),
  );

/** Why an existing robot cannot replicate (disabled, expired, or missing preset permissions), or null. */
function unusableForReplication(
  robot: HarborRobot,
  wanted: readonly HarborRobotPermission[],
  now: Date,
): { cause: string; fix: string } | null {
  if (robot.disable === true)
    return {
      cause: 'is disabled',
      fix: 'Enable it in Harbor (project → Robot accounts), then reuse it again.',
    };
  const expiresAt = robot.expires_at ?? -1;
  if (expiresAt !== -1 && expiresAt * 1000 <= now.getTime()) {
    return {
      cause: `expired on ${new Date(expiresAt * 1000).toISOString().slice(0, 10)}`,
      fix: 'Extend its expiry in Harbor (project → Robot accounts → Edit), then reuse it again.',
    };
  }
  const has = new Set(accessKeys(robot.permissions ?? []));
  const missing = wanted.flatMap((p) =>
    (p.access ?? [])
      .filter((a) => !has.has(`${p.namespace ?? ''}\0${a.resource ?? ''}:${a.action ?? ''}`))
      .map((a) => `${a.resource ?? ''}:${a.action ?? ''}`),
  );
  if (missing.length > 0) {
    return {
      cause: `lacks ${missing.join(', ')} in project "${wanted[0]?.namespace ?? ''}"`,
      fix: 'Add these permissions to it in Harbor (project → Robot accounts → Edit), then reuse it again.',
    };
  }
  return null;
}

type ReplacedRobot = NonNullable<RobotCreatedResponse['replacedRobot']>;

type RobotRequest = {
  name: string;
  description: string;
  level: string;
  duration: number;
  disable: boolean;
  permissions: HarborRobotPermission[];
};

/** Exactly the robot requested: description, duration, enabled, and the very same permissions. */
function isRequestedRobot(robot: HarborRobot, request: RobotRequest, now: Date): boolean {
  const has = accessKeys(robot.permissions ?? []).sort();
  const wanted = accessKeys(request.permissions).sort();
  return (
    (robot.description ?? '') === request.description &&
    (robot.duration === undefined || robot.duration === request.duration) &&
    unusableForReplication(robot, request.permissions, now) === null &&
    JSON.stringify(has) === JSON.stringify(wanted)
  );
}

export async function checkRobot(
  ctx: AppContext,
  ref: SetupRef,
  name: string,
): Promise<{ fullName: string; exists: boolean }> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const project = requireRobotProject(setup.state);
  const client = await sideClient(ctx, setup, sidesFor(setup.state.mode).robot);
  const fullName = robotFullName(project, name);
  return { fullName, exists: (await findRobot(client, project, fullName)) !== null };
}

/** What the robot step ends with: the robot, its fresh secret, and Harbor's answer for the export file. */
type ObtainedRobot = {
  id: number;
  name: string;
  secret: string;
  expiresAt: number;
  exportContent: string;
  description: string;
  access: { resource: string; action: string }[];
  /** An existing robot of someone else's, reused with a refreshed secret (not this setup's to delete). */
  reused: boolean;
};

function fromExisting(robot: HarborRobot & { id: number }, secret: string, reused: boolean): ObtainedRobot {
  return {
    id: robot.id,
    name: robot.name ?? '',
    secret,
    expiresAt: robot.expires_at ?? -1,
    exportContent: refreshedRobotExportContent(robot, secret),
    description: robot.description ?? '',
    access: (robot.permissions ?? [])
      .flatMap((p) => p.access ?? [])
      .map((a) => ({ resource: a.resource ?? '', action: a.action ?? '' })),
    reused,
  };
}

/** A fresh secret makes an existing robot usable without ever knowing the old one. */
async function refreshed(client: HarborClient, robot: HarborRobot & { id: number }, reused: boolean) {
  const { secret } = await client.robots.refreshSecret(robot.id);
  if (!secret)
    fail(502, 'robot-refresh-failed', 'Harbor did not return a new secret for the existing robot.');
  return fromExisting(robot, secret, reused);
}

/** The robot's name is taken by a robot this setup did not create: reuse it if asked to, else a 409. */
async function robotConflict(
  ctx: AppContext,
  client: HarborClient,
  body: CreateRobotRequest,
  context: {
    side: string;
    fullName: string;
    permissions: HarborRobotPermission[];
    /** The existing robot is one this setup created earlier. */
    createdHere: boolean;
  },
  error: HarborError,
  existing: HarborRobot | null,
): Promise<ObtainedRobot> {
  const { side, fullName, permissions } = context;
  if (body.onConflict !== 'reuse' || existing?.id === undefined) {
    fail(409, 'robot-exists', `A robot named "${fullName}" already exists on the ${side} Harbor.`, {
      hint: 'Reuse it (its secret is refreshed, so anything still using the old secret stops working), or pick another name.',
      harbor: harborDetail(error),
      conflict: { ...(existing?.id ? { existingId: existing.id } : {}), options: ['reuse', 'rename'] },
    });
  }
  // A robot this setup created that only lacks permissions (deletions asked for later) is updated
  // in place: Harbor's robot update keeps everything else, and the refresh below hands a new secret.
  let robot: HarborRobot & { id: number } = { ...existing, id: existing.id };
  if (context.createdHere && robot.disable !== true) {
    const has = accessKeys(robot.permissions ?? []).length;
    if (accessKeys(withAccess(robot.permissions ?? [], permissions)).length !== has) {
      const current = await client.robots.get(robot.id);
      const updated = withAccess(current.permissions ?? [], permissions);
      await client.robots.update(robot.id, { ...current, permissions: updated });
      robot = { ...current, id: robot.id, permissions: updated };
    }
  }
  // Reuse only a robot that can replicate: refreshing a disabled, expired or weaker robot would
  // hand over a secret that fails later as an "unhealthy" endpoint.
  const unusable = unusableForReplication(robot, permissions, ctx.now());
  if (unusable) {
    fail(
      409,
      'robot-unusable',
      `The existing robot "${fullName}" ${unusable.cause}, so it cannot be reused.`,
      {
        hint: `${unusable.fix} Or pick another name: the wizard then creates a new robot with the preset.`,
        conflict: { existingId: robot.id, options: ['rename'] },
      },
    );
  }
  return refreshed(client, robot, !context.createdHere);
}

async function obtainRobot(
  ctx: AppContext,
  setup: SetupRecord,
  body: CreateRobotRequest,
  project: string,
): Promise<ObtainedRobot> {
  const side = sidesFor(setup.state.mode).robot;
  const fullName = robotFullName(project, body.name);
  const permissions: HarborRobotPermission[] = body.access
    ? [{ kind: 'project', namespace: project, access: body.access }]
    : replicationRobotPermissions({ mode: setup.state.mode, project, deletion: body.deletion });
  const allowed = checkRobotPermissions(permissions);
  if (!allowed.ok)
    fail(400, 'invalid-permissions', allowed.message, {
      issues: [{ path: 'access', message: allowed.message }],
    });

  const client = await sideClient(ctx, setup, side);
  const robotRequest: RobotRequest = {
    name: body.name,
    description: body.description,
    level: 'project',
    duration: body.duration,
    disable: false,
    permissions,
  };
  setup.internal.robotRequest = robotRequest;
  let created = null as ObtainedRobot | null;
  const pending = { kind: 'robot', side, request: robotRequest } as const;
  const outcome = await createOrAdoptPending<HarborRobot, ObtainedRobot>(ctx, setup, pending, {
    create: async () => {
      const answer = await client.robots.create(robotRequest);
      if (!answer.secret || !answer.name)
        fail(502, 'robot-create-failed', 'Harbor created the robot but returned no secret.');
      created = {
        id: answer.id ?? 0,
        name: answer.name,
        secret: answer.secret,
        expiresAt: answer.expires_at ?? -1,
        exportContent: robotExportContent(answer),
        description: body.description,
        access: (permissions[0]?.access ?? []).map((a) => ({
          resource: a.resource ?? '',
          action: a.action ?? '',
        })),
        reused: false,
      };
      return created.id;
    },
    find: () => findRobot(client, project, fullName),
    idOf: (robot) => robot.id,
    isOurs: (robot) => isRequestedRobot(robot, robotRequest, ctx.now()),
    conflict: (error, existing) =>
      robotConflict(
        ctx,
        client,
        body,
        {
          side,
          fullName,
          permissions,
          createdHere: setup.state.created.some(
            (c) => c.kind === 'robot' && c.side === side && c.id === existing?.id,
          ),
        },
        error,
        existing,
      ),
  });
  if (!('existing' in outcome)) return outcome;
  if (outcome.existing === null && created !== null) return created;
  // An earlier attempt of this setup made it and its answer (with the secret) was lost.
  return refreshed(client, { ...(outcome.existing ?? {}), id: outcome.id }, false);
}

/** The robot a new one replaces: deleted when this setup created it, never silently left with push rights. */
async function retirePrevious(
  ctx: AppContext,
  setup: SetupRecord,
  previous: RobotState,
): Promise<ReplacedRobot> {
  const { state } = setup;
  const ours = state.created.some(
    (c) => c.kind === 'robot' && c.id === previous.id && c.side === previous.side,
  );
  if (!ours) {
    return {
      name: previous.name,
      deleted: false,
      message: `"${previous.name}" was not created by this setup, so it stays in Harbor with its permissions (it can still push). Delete it there if nothing else uses it.`,
    };
  }
  const client = await sideClient(ctx, setup, previous.side);
  try {
    await client.robots.delete(previous.id);
  } catch (error) {
    if (!isHarborError(error) || error.status !== 404) {
      return {
        name: previous.name,
        deleted: false,
        message: `"${previous.name}" could not be deleted (${error instanceof Error ? error.message : 'unknown error'}): it still has its permissions. Delete it in Harbor (project → Robot accounts).`,
      };
    }
  }
  state.created = state.created.filter(
    (c) => !(c.kind === 'robot' && c.id === previous.id && c.side === previous.side),
  );
  return {
    name: previous.name,
    deleted: true,
    message: `"${previous.name}" was deleted: this setup created it.`,
  };
}

/** A new secret for a robot an endpoint already logs in with: hand it over there, or say what to do. */
async function rewireEndpoint(
  ctx: AppContext,
  setup: SetupRecord,
  robot: RobotState,
): Promise<EndpointSecretUpdate | null> {
  const { state } = setup;
  const endpoint = state.endpoint;
  if (!endpoint) return null;
  const refused = await handEndpointNewSecret(ctx, setup, endpoint, robot.name);
  if (refused !== null) {
    // The endpoint still logs in with the previous robot or secret: it must be saved again.
    uncompleteFrom(state, ['endpoint', 'connection-test']);
    return {
      endpoint: endpoint.name,
      side: endpoint.side,
      updated: false,
      message: `${refused} Save the endpoint again on the endpoint step.`,
      connectionTest: null,
    };
  }
  state.endpoint = { ...endpoint, accessKey: robot.name };
  uncompleteFrom(state, ['connection-test']);
  return {
    endpoint: endpoint.name,
    side: endpoint.side,
    updated: true,
    message: `Endpoint "${endpoint.name}" on the ${endpoint.side} Harbor uses this robot: it now logs in with the new secret.`,
    connectionTest: null,
  };
}

export async function createRobot(
  ctx: AppContext,
  ref: SetupRef,
  body: CreateRobotRequest,
): Promise<RobotCreatedResponse> {
  const response = await ctx.setups.mutate(ref, async (setup): Promise<RobotCreatedResponse> => {
    const { state } = setup;
    const side = sidesFor(state.mode).robot;
    const project = requireRobotProject(state);
    const fullName = robotFullName(project, body.name);
    const secretRef = { sessionId: setup.sessionId, setupId: setup.id } as const;

    // A retry after a lost response: the robot exists and its secret is still in the vault.
    if (state.robot && state.robot.name === fullName && !state.robot.handedOff) {
      const secret = await ctx.secrets.get({ ...secretRef, name: 'robot-secret' });
      const content = await ctx.secrets.get({ ...secretRef, name: 'robot-export' });
      if (secret !== null && content !== null) {
        return {
          robot: state.robot,
          secret,
          exportFileName: robotExportFileName(fullName),
          exportContent: content,
          endpointUpdate: null,
          replacedRobot: null,
        };
      }
    }

    const previous = state.robot;
    const obtained = await obtainRobot(ctx, setup, body, project);
    await ctx.secrets.put({ ...secretRef, name: 'robot-secret' }, obtained.secret);
    await ctx.secrets.put({ ...secretRef, name: 'robot-export' }, obtained.exportContent);
    const robot: RobotState = {
      id: obtained.id,
      name: obtained.name,
      project,
      side,
      description: obtained.description,
      expiresAt: obtained.expiresAt,
      access: obtained.access,
      reused: obtained.reused,
      handedOff: false,
    };
    state.robot = robot;
    if (
      !robot.reused &&
      !state.created.some((c) => c.kind === 'robot' && c.id === robot.id && c.side === side)
    ) {
      state.created.push({ side, kind: 'robot', id: robot.id, name: robot.name });
    }
    // A new secret invalidates an earlier connection test.
    state.connectionTest = null;
    const endpointUpdate = await rewireEndpoint(ctx, setup, robot);
    // Rewired first, so no endpoint is left logging in with a deleted robot.
    const replacedRobot =
      previous && (previous.id !== robot.id || previous.side !== side)
        ? await retirePrevious(ctx, setup, previous)
        : null;
    completeStep(state, 'robot');
    await ctx.setups.save(setup);
    return {
      robot,
      secret: obtained.secret,
      exportFileName: robotExportFileName(robot.name),
      exportContent: obtained.exportContent,
      endpointUpdate,
      replacedRobot,
    };
  });
  if (!response.endpointUpdate?.updated) return response;
  // The server's own follow-up of the write just made: not a stale page's write.
  ref.expectedVersion = undefined;
  const connectionTest = await runConnectionTest(ctx, ref);
  return {
    ...response,
    endpointUpdate: {
      ...response.endpointUpdate,
      connectionTest,
      message: `${response.endpointUpdate.message} ${connectionTest.ok ? 'The connection test passed with it.' : 'The connection test failed with it: see the connection test step.'}`,
    },
  };
}

/**
 * Adds the delete permissions (event-based rules replicating deletions) to the robot in place.
 * Harbor's `PUT /robots/{id}` replaces the whole robot and keeps its secret (`updateV2Robot` in
 * src/server/v2.0/handler/robot.go, v2.15): so the robot is read first and sent back whole.
 */
export function addDeletionPermissions(ctx: AppContext, ref: SetupRef): Promise<SetupState> {
  return ctx.setups.mutate(ref, async (setup) => {
    const { state } = setup;
    const robot = requireRobot(state);
    const ours = state.created.some((c) => c.kind === 'robot' && c.id === robot.id && c.side === robot.side);
    if (!ours) {
      fail(
        409,
        'robot-not-ours',
        `"${robot.name}" was not created by this setup, so the wizard does not change its permissions.`,
        {
          hint: `Replace it: create a robot under another name with "Replicate deletions" ticked; the endpoint is rewired to it. "${robot.name}" then stays in Harbor with its permissions (it can still push) until you delete it there.`,
          conflict: { existingId: robot.id, options: ['rename'] },
        },
      );
    }
    const client = await sideClient(ctx, setup, robot.side);
    const current = await client.robots.get(robot.id);
    const wanted = replicationRobotPermissions({ mode: state.mode, project: robot.project, deletion: true });
    const permissions = withAccess(current.permissions ?? [], wanted);
    await client.robots.update(robot.id, { ...current, permissions });
    const access = (permissions.find((p) => p.namespace === robot.project)?.access ?? []).map((a) => ({
      resource: a.resource ?? '',
      action: a.action ?? '',
    }));
    state.robot = { ...robot, access };
    // The request the review and the exports show is the robot as it now is.
    const request = setup.internal.robotRequest;
    if (typeof request === 'object' && request !== null)
      setup.internal.robotRequest = { ...request, permissions };
    return ctx.setups.save(setup);
  });
}

/** `current` with every access of `wanted` its namespace lacks, nothing removed. */
export function withAccess(
  current: readonly HarborRobotPermission[],
  wanted: readonly HarborRobotPermission[],
): HarborRobotPermission[] {
  const result = current.map((p) => ({ ...p, access: [...(p.access ?? [])] }));
  const has = new Set(accessKeys(result));
  for (const want of wanted) {
    const missing = (want.access ?? []).filter(
      (a) => !has.has(`${want.namespace ?? ''}\0${a.resource ?? ''}:${a.action ?? ''}`),
    );
    if (missing.length === 0) continue;
    const into = result.find((p) => p.kind === want.kind && p.namespace === want.namespace);
    if (into) into.access.push(...missing);
    else result.push({ ...want, access: missing });
  }
  return result;
}

/** The export file (Harbor's create answer), until the operator confirms they stored the secret. */
export async function robotExportFile(
  ctx: AppContext,
  ref: SetupRef,
): Promise<{ fileName: string; content: string }> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  const robot = setup.state.robot;
  if (!robot) fail(404, 'robot-missing', 'No robot account has been created in this setup yet.');
  const content = robot.handedOff
    ? null
    : await ctx.secrets.get({ sessionId: setup.sessionId, setupId: setup.id, name: 'robot-export' });
  if (content === null) {
    fail(
      410,
      'export-gone',
      'The robot file is no longer available: the secret is shown only during the hand-off.',
      {
        hint: 'If you lost it, create the robot again with "reuse" to get a new secret.',
      },
    );
  }
  return { fileName: robotExportFileName(robot.name), content };
}

export function confirmHandOff(ctx: AppContext, ref: SetupRef): Promise<SetupState> {
  return ctx.setups.mutate(ref, async (setup) => {
    requireRobot(setup.state).handedOff = true;
    // The export carried the secret for the operator; the vault keeps only what the endpoint needs.
    await ctx.secrets.delete(setup.sessionId, setup.id, 'robot-export');
    completeStep(setup.state, 'credentials');
    return ctx.setups.save(setup);
  });
}
