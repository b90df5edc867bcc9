// Steps 3 and 4: the robot account on the Harbor the rule does NOT run on, its one-time secret
// (into the vault, shown once), the export file and the hand-off confirmation.
import type { HarborClient, HarborRobot, HarborRobotCreated, HarborRobotPermission } from '@hw/harbor-client';
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
import type { RobotCreatedResponse, RobotState } from '@hw/wizard-api';
import {
  confirmHandOffRequestSchema,
  createRobotRequestSchema,
  robotNameSchema,
  robotProjectName,
  sidesFor,
} from '@hw/wizard-api';
import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';

import type { SetupParams } from '../context.ts';
import { loadSetup } from '../context.ts';
import { fail, parseInput } from '../errors.ts';
import { setupRoute } from './route-paths.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { sideClient } from '../wizard/side-client.ts';
import { completeStep, uncompleteFrom } from '../wizard/setups.ts';

/** The project the robot is scoped to: the target project in push mode, the source project in pull mode. */
export function robotProject(setup: SetupRecord): string {
  const project = setup.state.project;
  if (!project)
    fail(409, 'project-missing', 'Choose the target project first.', {
      hint: 'Go to the "Target project" step.',
    });
  const name = robotProjectName(setup.state);
  if (!name)
    fail(409, 'project-missing', 'Choose the source project the robot may read first.', {
      hint: 'Go to the "Target project" step.',
    });
  return name;
}

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

/** Why an existing robot cannot replicate (disabled, expired, or missing preset permissions), or null. */
export function unusableForReplication(
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
  const has = new Set(
    (robot.permissions ?? []).flatMap((p) =>
      (p.access ?? []).map((a) => `${p.namespace ?? ''}\0${a.resource ?? ''}:${a.action ?? ''}`),
    ),
  );
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

export const robotRoutes: FastifyPluginCallback = (app, _options, done) => {
  const { ctx } = app;

  app.get<{ Params: SetupParams }>(setupRoute('robotCheck'), async (request) => {
    const { name } = parseInput(z.object({ name: robotNameSchema }), request.query, 'robot name');
    const setup = await loadSetup(request);
    const project = robotProject(setup);
    const client = await sideClient(ctx, setup, sidesFor(setup.state.mode).robot);
    const fullName = robotFullName(project, name);
    return { fullName, exists: (await findRobot(client, project, fullName)) !== null };
  });

  app.post<{ Params: SetupParams }>(setupRoute('robot'), async (request, reply) => {
    const body = parseInput(createRobotRequestSchema, request.body, 'robot');
    const first = await loadSetup(request);
    const response = await ctx.setups.withLock(first.id, async (): Promise<RobotCreatedResponse> => {
      const setup = await loadSetup(request);
      const { state } = setup;
      const side = sidesFor(state.mode).robot;
      const project = robotProject(setup);
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
          };
        }
      }

      const permissions: HarborRobotPermission[] = body.access
        ? [{ kind: 'project', namespace: project, access: body.access }]
        : replicationRobotPermissions({ mode: state.mode, project, deletion: body.deletion });
      const allowed = checkRobotPermissions(permissions);
      if (!allowed.ok)
        fail(400, 'invalid-permissions', allowed.message, {
          issues: [{ path: 'access', message: allowed.message }],
        });

      const client = await sideClient(ctx, setup, side);
      let created: HarborRobotCreated;
      let reused = false;
      let robotId: number;
      let access = permissions[0]?.access ?? [];
      let description = body.description;
      let refreshedExport: string | null = null;
      const robotRequest = {
        name: body.name,
        description: body.description,
        level: 'project',
        duration: body.duration,
        disable: false,
        permissions,
      };
      setup.internal.robotRequest = robotRequest;
      try {
        created = await client.robots.create(robotRequest);
        robotId = created.id ?? 0;
      } catch (error) {
        if (!(isHarborError(error) && error.status === 409)) throw error;
        const existing = await findRobot(client, project, fullName);
        if (body.onConflict !== 'reuse' || !existing?.id) {
          fail(409, 'robot-exists', `A robot named "${fullName}" already exists on the ${side} Harbor.`, {
            hint: 'Reuse it (its secret is refreshed, so anything still using the old secret stops working), or pick another name.',
            harbor: { status: 409, operation: error.operation, errors: error.errors },
            conflict: { ...(existing?.id ? { existingId: existing.id } : {}), options: ['reuse', 'rename'] },
          });
        }
        // Reuse only a robot that can replicate: refreshing a disabled, expired or weaker robot would
        // hand over a secret that fails later as an "unhealthy" endpoint.
        const unusable = unusableForReplication(existing, permissions, ctx.now());
        if (unusable) {
          fail(
            409,
            'robot-unusable',
            `The existing robot "${fullName}" ${unusable.cause}, so it cannot be reused.`,
            {
              hint: `${unusable.fix} Or pick another name: the wizard then creates a new robot with the preset.`,
              conflict: { existingId: existing.id, options: ['rename'] },
            },
          );
        }
        // Reuse: a fresh secret makes the robot usable without ever knowing the old one.
        const refreshed = await client.robots.refreshSecret(existing.id);
        if (!refreshed.secret)
          fail(502, 'robot-refresh-failed', 'Harbor did not return a new secret for the existing robot.');
        refreshedExport = refreshedRobotExportContent(existing, refreshed.secret);
        created = {
          creation_time: existing.creation_time,
          expires_at: existing.expires_at,
          id: existing.id,
          name: existing.name,
          secret: refreshed.secret,
        };
        robotId = existing.id;
        reused = true;
        access = (existing.permissions ?? [])
          .flatMap((p) => p.access ?? [])
          .map((a) => ({ resource: a.resource ?? '', action: a.action ?? '' }));
        description = existing.description ?? '';
      }
      const secret = created.secret;
      if (!secret || !created.name)
        fail(502, 'robot-create-failed', 'Harbor created the robot but returned no secret.');

      await ctx.secrets.put({ ...secretRef, name: 'robot-secret' }, secret);
      const exportContent = refreshedExport ?? robotExportContent(created);
      await ctx.secrets.put({ ...secretRef, name: 'robot-export' }, exportContent);

      const robot: RobotState = {
        id: robotId,
        name: created.name,
        project,
        side,
        description,
        expiresAt: created.expires_at ?? -1,
        access: access.map((a) => ({ resource: a.resource ?? '', action: a.action ?? '' })),
        reused,
        handedOff: false,
      };
      state.robot = robot;
      if (!reused && !state.created.some((c) => c.kind === 'robot' && c.id === robotId && c.side === side)) {
        state.created.push({ side, kind: 'robot', id: robotId, name: created.name });
      }
      // A new secret invalidates an earlier connection test.
      state.connectionTest = null;
      // An existing endpoint still logs in with the previous robot or secret: it must be saved again.
      if (state.endpoint) uncompleteFrom(state, ['endpoint', 'connection-test']);
      completeStep(state, 'robot');
      await ctx.setups.save(setup);
      return { robot, secret, exportFileName: robotExportFileName(created.name), exportContent };
    });
    reply.header('cache-control', 'no-store');
    return response;
  });

  app.get<{ Params: SetupParams }>(setupRoute('robotExport'), async (request, reply) => {
    const setup = await loadSetup(request);
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
    const fileName = robotExportFileName(robot.name);
    const ascii = fileName.replace(/[^A-Za-z0-9._+-]/g, '_');
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      )
      .header('cache-control', 'no-store')
      .send(content);
  });

  app.post<{ Params: SetupParams }>(setupRoute('robotHandOff'), async (request) => {
    parseInput(confirmHandOffRequestSchema, request.body, 'confirmation');
    const first = await loadSetup(request);
    return ctx.setups.withLock(first.id, async () => {
      const setup = await loadSetup(request);
      if (!setup.state.robot) fail(409, 'robot-missing', 'Create the robot account first.');
      setup.state.robot.handedOff = true;
      // The export carried the secret for the operator; the vault keeps only what the endpoint needs.
      await ctx.secrets.delete(setup.sessionId, setup.id, 'robot-export');
      completeStep(setup.state, 'credentials');
      return ctx.setups.save(setup);
    });
  });
  done();
};
