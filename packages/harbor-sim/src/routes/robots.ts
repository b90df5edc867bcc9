import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { isAtLeast, validateRobotName } from '../harbor-rules.ts';
import {
  requireAuthenticated,
  requireProjectAccess,
  requireSystemAccess,
  type Principal,
} from '../http/auth.ts';
import { field, objectBody, pathInt, queryString, records } from '../http/body.ts';
import { badRequest, conflict, denied, notFound } from '../http/errors.ts';
import { oe, sendJson, time } from '../http/json.ts';
import { pageOf, parsePaging } from '../http/paging.ts';
import { parseQ } from '../http/query.ts';
import { robotPolicies } from '../harbor-rules.ts';
import type { Access, Robot, RobotPermission } from '../state/model.ts';
import { hashSecret, newSalt } from '../state/store.ts';

const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAX_DURATION = 2 ** 31 - 1;

/** `CreateSec`: 32 characters of [A-Za-z0-9], regenerated until it has a lower, an upper and a digit. */
export function generateRobotSecret(): string {
  for (;;) {
    let secret = '';
    for (let i = 0; i < 32; i++) secret += SECRET_CHARS[randomInt(SECRET_CHARS.length)];
    if (/[a-z]/.test(secret) && /[A-Z]/.test(secret) && /\d/.test(secret)) return secret;
  }
}

function parsePermissions(raw: unknown[] | undefined): RobotPermission[] {
  return records(raw, 'permissions').map((perm, i) => ({
    kind: field<string>(perm, 'kind', 'string', `permissions.${i}.kind`) ?? '',
    namespace: field<string>(perm, 'namespace', 'string', `permissions.${i}.namespace`) ?? '',
    access: records(
      field<unknown[]>(perm, 'access', 'array', `permissions.${i}.access`),
      `permissions.${i}.access`,
    ).map((a, j): Access => {
      const effect = field<string>(a, 'effect', 'string', `permissions.${i}.access.${j}.effect`);
      return {
        resource: field<string>(a, 'resource', 'string', `permissions.${i}.access.${j}.resource`) ?? '',
        action: field<string>(a, 'action', 'string', `permissions.${i}.access.${j}.action`) ?? '',
        ...(effect ? { effect } : {}),
      };
    }),
  }));
}

/** `robot.go` validate, in Harbor's order and with its messages. */
function validateRobot(
  ctx: SimContext,
  duration: number,
  level: string,
  permissions: RobotPermission[],
): void {
  if (!(duration === -1 || (duration > 0 && duration < MAX_DURATION))) {
    throw badRequest(
      `bad request error duration input: ${duration}, duration must be either -1(Never) or a positive integer`,
    );
  }
  if (level !== 'system' && level !== 'project') throw badRequest(`bad request error level input: ${level}`);
  if (permissions.length === 0) throw badRequest('bad request empty permission');
  for (const perm of permissions) if (perm.access.length === 0) throw badRequest('bad request empty access');
  if (level === 'project' && permissions.length > 1) throw badRequest('bad request permission');
  // The access-scope check came with 2.10 ("robot accounts restricted to specific permission
  // scopes"); before, any {resource, action} was stored as given.
  const allowed = robotPolicies(ctx.version);
  if (!allowed) return;
  for (const perm of permissions) {
    const policies =
      perm.kind === 'system' ? allowed.system : perm.kind === 'project' ? allowed.project : undefined;
    if (!policies) throw badRequest(`bad request permission level: ${perm.kind}`);
    for (const a of perm.access)
      if (!policies.has(`${a.resource}:${a.action}`))
        throw badRequest(`bad request permission: ${a.resource}:${a.action}`);
  }
}

export function robotModel(ctx: SimContext, robot: Robot): Record<string, unknown> {
  const { store } = ctx;
  // Robots record their creator since 2.12 (robots may create robots).
  const creator = isAtLeast(ctx.version, 2, 12);
  return {
    creation_time: time(robot.creationTime),
    creator_ref: creator ? oe(robot.creatorRef) : undefined,
    creator_type: creator ? robot.creatorType : undefined,
    description: oe(robot.description),
    disable: robot.disabled,
    duration: robot.duration,
    editable: true,
    expires_at: robot.expiresAt,
    id: robot.id,
    level: robot.level,
    name: `${store.robotPrefix}${robot.storedName}`,
    permissions: robot.permissions.map((perm) => ({
      access: perm.access.map((a) => ({
        action: a.action,
        effect: oe(a.effect ?? ''),
        resource: a.resource,
      })),
      kind: perm.kind,
      namespace: perm.namespace,
    })),
    update_time: time(robot.updateTime),
  };
}

export function robotRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { store } = ctx;

  const requireRobotAccess = (
    p: Principal,
    robot: { level: string; projectId: number; namespace?: string },
    action: string,
  ): void => {
    if (robot.level === 'project') {
      const project =
        robot.namespace !== undefined
          ? store.projectByName(robot.namespace)
          : store.projects.get(robot.projectId);
      requireProjectAccess(p, project, 'robot', action);
    } else requireSystemAccess(p, 'robot', action);
  };

  // `controller/robot/controller.go` `toScope`, run when the permissions are stored (create and
  // update): a system permission must use the namespace "/", a project one "*" or an existing project.
  const checkScopes = (permissions: RobotPermission[]): void => {
    for (const perm of permissions) {
      if (perm.kind !== 'system' && perm.kind !== 'project') throw badRequest('unknown robot kind');
      if (perm.kind === 'system' && perm.namespace !== '/') throw badRequest('unknown namespace');
      if (perm.kind === 'project' && perm.namespace !== '*' && !store.projectByName(perm.namespace))
        throw notFound(`project ${perm.namespace} not found`);
    }
  };

  const expiry = (duration: number, from: Date): number => {
    if (duration === -1) return -1;
    const d = new Date(from.getTime());
    d.setUTCDate(d.getUTCDate() + duration);
    return Math.floor(d.getTime() / 1000);
  };

  app.post('/api/v2.0/robots', (request, reply) => {
    const body = objectBody(request);
    const name = field<string>(body, 'name', 'string') ?? '';
    const duration = field<number>(body, 'duration', 'number') ?? 0;
    const level = field<string>(body, 'level', 'string') ?? '';
    const permissions = parsePermissions(field<unknown[]>(body, 'permissions', 'array'));
    // Body checks run before authentication: a bad body beats a missing login (400 before 401).
    const nameCheck = validateRobotName(name);
    if (!nameCheck.ok) throw badRequest(nameCheck.message);
    validateRobot(ctx, duration, level, permissions);
    const p = request.principal;
    const namespace = permissions[0]?.namespace ?? '';
    requireRobotAccess(p, { level, projectId: 0, namespace }, 'create');
    if (p.kind === 'robot') {
      const own = new Set(
        p.robot.permissions.flatMap((perm) =>
          perm.access.map((a) => `${perm.kind}|${perm.namespace}|${a.resource}:${a.action}`),
        ),
      );
      const subset = permissions.every((perm) =>
        perm.access.every((a) => own.has(`${perm.kind}|${perm.namespace}|${a.resource}:${a.action}`)),
      );
      if (!subset)
        // `handler/robot.go` `CreateRobot` (2.12+) names the creator robot at the end.
        throw denied(
          `permission scope is invalid. It must be equal to or more restrictive than the creator robot's permissions: ${store.robotPrefix}${p.robot.storedName}`,
        );
    }
    let projectId = 0;
    let storedName = name;
    if (level === 'project') {
      const project = store.projectByName(namespace);
      if (!project) throw notFound(`project ${namespace} not found`);
      projectId = project.id;
      storedName = `${project.name}+${name}`;
    }
    for (const other of store.robots.values()) {
      if (other.storedName === storedName && other.projectId === projectId)
        throw conflict(`robot account ${projectId}:${storedName} already exists`);
    }
    checkScopes(permissions);
    const now = ctx.now();
    const secret = generateRobotSecret();
    const salt = newSalt();
    const robot: Robot = {
      id: store.nextId('robot'),
      storedName,
      description: field<string>(body, 'description', 'string') ?? '',
      level: level as Robot['level'],
      projectId,
      duration,
      expiresAt: expiry(duration, now),
      disabled: field<boolean>(body, 'disable', 'boolean') ?? false,
      secretHash: hashSecret(secret, salt),
      salt,
      permissions,
      creatorType: p.kind === 'robot' ? 'robot' : 'local',
      creatorRef: p.kind === 'robot' ? p.robot.id : p.kind === 'user' ? p.user.id : 0,
      creationTime: now,
      updateTime: now,
    };
    store.robots.set(robot.id, robot);
    return sendJson(reply.header('location', `/api/v2.0/robots/${robot.id}`), 201, {
      creation_time: time(robot.creationTime),
      expires_at: robot.expiresAt,
      id: robot.id,
      name: `${store.robotPrefix}${robot.storedName}`,
      secret,
    });
  });

  app.get('/api/v2.0/robots', (request, reply) => {
    const paging = parsePaging(request);
    const q = parseQ(queryString(request, 'q'));
    if (!q) throw badRequest('invalid query string');
    const levelTerm = q.get('Level');
    const projectTerm = q.get('ProjectID');
    const level = levelTerm?.kind === 'exact' ? levelTerm.value : undefined;
    let projectId = 0;
    if (projectTerm) {
      if (projectTerm.kind !== 'exact' || !/^\d+$/.test(projectTerm.value) || Number(projectTerm.value) <= 0)
        throw badRequest('Project ID must be int type.');
      projectId = Number(projectTerm.value);
    }
    if (level === 'project' && projectId === 0)
      throw badRequest('must with project ID when to query project robots');
    const p = request.principal;
    if (projectId > 0) requireProjectAccess(p, store.projects.get(projectId), 'robot', 'list');
    else requireSystemAccess(p, 'robot', 'list');
    const robots = [...store.robots.values()]
      .filter((r) => (projectId > 0 ? r.projectId === projectId : r.level === 'system'))
      .filter((r) => (level ? r.level === level : true))
      .filter((r) => {
        const nameTerm = q.get('name');
        if (!nameTerm) return true;
        const full = `${store.robotPrefix}${r.storedName}`;
        return nameTerm.kind === 'fuzzy'
          ? full.includes(nameTerm.value) || r.storedName.includes(nameTerm.value)
          : nameTerm.kind === 'exact' && (full === nameTerm.value || r.storedName === nameTerm.value);
      })
      .sort((a, b) => (a.storedName < b.storedName ? -1 : a.storedName > b.storedName ? 1 : 0));
    return sendJson(
      reply,
      200,
      pageOf(request, reply, robots, paging).map((r) => robotModel(ctx, r)),
    );
  });

  const loadRobot = (p: Principal, rawId: string, action: string): Robot => {
    const id = pathInt(rawId, 'robot_id');
    requireAuthenticated(p);
    const robot = store.robots.get(id);
    if (!robot) throw notFound(`robot ${id} not found`);
    requireRobotAccess(p, robot, action);
    return robot;
  };

  app.get<{ Params: { id: string } }>('/api/v2.0/robots/:id', (request, reply) => {
    const robot = loadRobot(request.principal, request.params.id, 'read');
    return sendJson(reply, 200, robotModel(ctx, robot));
  });

  // `handler/robot.go` `UpdateRobot` → `updateV2Robot` (2.12+): authenticated, the robot must exist,
  // then the body is validated BEFORE the caller's access is checked, with the namespace of the body.
  app.put<{ Params: { id: string } }>('/api/v2.0/robots/:id', (request, reply) => {
    const body = objectBody(request);
    const id = pathInt(request.params.id, 'robot_id');
    const p = request.principal;
    requireAuthenticated(p);
    const robot = store.robots.get(id);
    if (!robot) throw notFound(`robot ${id} not found`);
    const name = field<string>(body, 'name', 'string') ?? '';
    const level = field<string>(body, 'level', 'string') ?? '';
    const permissions = parsePermissions(field<unknown[]>(body, 'permissions', 'array'));
    // `duration` is a pointer in the model: omitted (or null) keeps the robot's duration.
    const duration = field<number>(body, 'duration', 'number') ?? robot.duration;
    validateRobot(ctx, duration, level, permissions);
    const namespace = permissions[0]?.namespace ?? '';
    if (robot.level !== 'system') {
      // `getProjectID` reads the project by name: a missing one is the project controller's 404.
      const project = store.projectByName(namespace);
      if (!project) throw notFound(`project ${namespace} not found`);
      if (project.id !== robot.projectId) throw badRequest('cannot update the project id of robot');
    }
    // `requireAccess(ctx, r, …)` uses the stored robot's level with the body's namespace.
    requireRobotAccess(p, { level: robot.level, projectId: robot.projectId, namespace }, 'update');
    if (level !== robot.level || name !== `${store.robotPrefix}${robot.storedName}`)
      throw badRequest('cannot update the level or name of robot');
    // The expiry moves only when the duration changes, and counts from the CREATION time, not now.
    if (duration !== robot.duration) {
      robot.duration = duration;
      robot.expiresAt = expiry(duration, robot.creationTime);
    }
    robot.description = field<string>(body, 'description', 'string') ?? '';
    robot.disabled = field<boolean>(body, 'disable', 'boolean') ?? false;
    // The secret is not among the permissions: it stays as it is (`controller.Update` rewrites the
    // stored hash it read).
    checkScopes(permissions);
    robot.permissions = permissions;
    robot.updateTime = ctx.now();
    return reply.code(200).send();
  });

  // `RefreshSec`: needs `robot:update` in the robot's own scope, so a robot refreshes its own secret
  // only when it holds that pair. The expiry and duration are untouched (`controller.Update` writes
  // the fields it read back), and the old secret stops working at once.
  app.patch<{ Params: { id: string } }>('/api/v2.0/robots/:id', (request, reply) => {
    const body = objectBody(request);
    const robot = loadRobot(request.principal, request.params.id, 'update');
    const requested = field<string>(body, 'secret', 'string') ?? '';
    if (requested === '') {
      const secret = generateRobotSecret();
      robot.salt = newSalt();
      robot.secretHash = hashSecret(secret, robot.salt);
      robot.updateTime = ctx.now();
      return sendJson(reply, 200, { secret });
    }
    // 2.9+: `robot.IsValidSec` (8-128 characters); before, the handler's own `isValidSec` had no
    // upper bound and another message (`handler/robot.go` of 2.2-2.8).
    const strong = /[A-Z]/.test(requested) && /[a-z]/.test(requested) && /\d/.test(requested);
    if (ctx.capabilities.customRobotSecretRules) {
      if (!(strong && requested.length >= 8 && requested.length <= 128))
        throw badRequest(
          'the secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number',
        );
    } else if (!(strong && requested.length >= 8)) {
      throw badRequest(
        'the secret must longer than 8 chars with at least 1 uppercase letter, 1 lowercase letter and 1 number',
      );
    }
    robot.salt = newSalt();
    robot.secretHash = hashSecret(requested, robot.salt);
    robot.updateTime = ctx.now();
    return sendJson(reply, 200, {});
  });

  app.delete<{ Params: { id: string } }>('/api/v2.0/robots/:id', (request, reply) => {
    const robot = loadRobot(request.principal, request.params.id, 'delete');
    store.robots.delete(robot.id);
    return reply.code(200).send();
  });
}
