import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import {
  ADMIN,
  DEVELOPER,
  client,
  connectPush,
  connectPushRule,
  createSystemRobot,
  errorOf,
  runPolicy,
  startSim,
  startSourceAndTarget,
  systemRobotBody,
} from './support/harbor.ts';

// System-level robots as Harbor 2.15 creates and enforces them: the allowed pairs come from
// `rbac.PoliciesMap["System"]` (`src/common/rbac/const.go`), creation needs `robot:create` in the
// system scope (`handler/robot.go` `requireAccess`), and every system API checks the robot's own
// pairs with `RequireSystemAccess` (403 whose message is the caller's name).

const READ_ONLY_WATCH = [
  { resource: 'replication', action: 'list' },
  { resource: 'replication', action: 'read' },
  { resource: 'replication-policy', action: 'list' },
  { resource: 'replication-policy', action: 'read' },
  { resource: 'registry', action: 'list' },
  { resource: 'registry', action: 'read' },
  { resource: 'jobservice-monitor', action: 'list' },
];

let source: HarborSim;
let target: HarborSim;
beforeAll(async () => {
  ({ source, target } = await startSourceAndTarget());
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('system robot creation', () => {
  it('only a caller with robot:create in the system scope may create one: a developer gets 403 with its name', async () => {
    const res = await client(source, DEVELOPER).post(
      '/api/v2.0/robots',
      systemRobotBody('replication-watch-dev', READ_ONLY_WATCH),
    );
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({ code: 'FORBIDDEN', message: 'developer' });
  });

  it('a sysadmin creates it with its bare name and the read-only watch pairs, including jobservice-monitor:list', async () => {
    const robot = await createSystemRobot(source, 'replication-watch-a1', READ_ONLY_WATCH);
    expect(robot.name).toBe('robot$replication-watch-a1');
    const view = (await client(source).get(`/api/v2.0/robots/${robot.id}`)).json as {
      level: string;
      permissions: { kind: string; namespace: string; access: { resource: string; action: string }[] }[];
    };
    expect(view.level).toBe('system');
    expect(view.permissions).toEqual([
      {
        kind: 'system',
        namespace: '/',
        access: READ_ONLY_WATCH.map((a) => ({ ...a })),
      },
    ]);
  });

  it('a pair outside PoliciesMap["System"] is 400 "bad request permission: <resource>:<action>"', async () => {
    for (const [resource, action] of [
      ['replication', 'delete'],
      ['jobservice-monitor', 'read'],
      ['replication-execution', 'list'],
    ] as const) {
      const res = await client(source).post(
        '/api/v2.0/robots',
        systemRobotBody(`bad-${resource}-${action}`, [{ resource, action }]),
      );
      expect(res.status).toBe(400);
      expect(errorOf(res).message).toBe(`bad request permission: ${resource}:${action}`);
    }
  });

  it('a system permission outside the namespace "/" is 400 "unknown namespace" (toScope)', async () => {
    const res = await client(source).post(
      '/api/v2.0/robots',
      systemRobotBody('wrong-namespace', [{ resource: 'registry', action: 'list' }], {
        namespace: 'library',
      }),
    );
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe('unknown namespace');
  });

  it('robot:read in a project scope is 400 before 2.12 and accepted from 2.12 (NolimitProvider)', async () => {
    const body = (name: string) => ({
      name,
      level: 'system',
      duration: 30,
      permissions: [
        { kind: 'project', namespace: 'library', access: [{ resource: 'robot', action: 'read' }] },
      ],
    });
    const old = await startSim({ version: '2.11.2' });
    try {
      const res = await client(old).post('/api/v2.0/robots', body('robot-reader-211'));
      expect(res.status).toBe(400);
      expect(errorOf(res).message).toBe('bad request permission: robot:read');
      const perms = (await client(old).get('/api/v2.0/permissions')).json as {
        project: { resource: string }[];
      };
      expect(perms.project.some((p) => p.resource === 'robot')).toBe(false);
    } finally {
      await old.close();
    }
    expect((await client(source).post('/api/v2.0/robots', body('robot-reader-215'))).status).toBe(201);
  });

  it('GET /permissions lists jobservice-monitor list and stop in the system scope (2.10+)', async () => {
    const perms = (await client(source).get('/api/v2.0/permissions')).json as {
      system: { resource: string; action: string }[];
    };
    const monitor = perms.system.filter((p) => p.resource === 'jobservice-monitor').map((p) => p.action);
    expect(monitor.sort()).toEqual(['list', 'stop']);
  });

  it('before 2.10 Harbor checks no pair: a system robot stores whatever it is given', async () => {
    const old = await startSim({ name: 'old', seed: 'old', version: '2.9.4' });
    try {
      const res = await client(old).post(
        '/api/v2.0/robots',
        systemRobotBody('replication-watch-old', [
          { resource: 'jobservice-monitor', action: 'list' },
          { resource: 'replication', action: 'delete' },
        ]),
      );
      expect(res.status).toBe(201);
      expect((await client(old).get('/api/v2.0/permissions')).status).toBe(404);
    } finally {
      await old.close();
    }
  });
});

describe('system robots and project permissions', () => {
  it('a system robot with a system pair gets no project access from its project pairs (Harbor evaluates one scope)', async () => {
    const readSrc = { kind: 'project', namespace: 'src', access: [{ resource: 'project', action: 'read' }] };
    const create = async (name: string, permissions: unknown[]) => {
      const res = await client(source).post('/api/v2.0/robots', {
        name,
        level: 'system',
        duration: 30,
        permissions,
      });
      expect(res.status).toBe(201);
      const robot = res.json as { name: string; secret: string };
      return client(source, { username: robot.name, password: robot.secret });
    };
    const projectOnly = await create('project-reader', [readSrc]);
    expect((await projectOnly.get('/api/v2.0/projects/src')).status).toBe(200);
    const mixed = await create('mixed-reader', [
      { kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'list' }] },
      readSrc,
    ]);
    expect((await mixed.get('/api/v2.0/registries')).status).toBe(200);
    expect((await mixed.get('/api/v2.0/projects/src')).status).toBe(403);
  });
});

describe('a read-only system robot on the Harbor that runs the rule', () => {
  it('reads policies, executions, tasks and registries, may ping a registry (registry:read), and gets 403 on every change', async () => {
    const { registryId, policyId } = await connectPushRule(source, target, {
      project: 'watched',
      name: 'watched',
      filter: 'library/alpine',
    });
    const execution = await runPolicy(source, policyId);
    const robot = await createSystemRobot(source, 'replication-watch-b2', READ_ONLY_WATCH);
    const watch = client(source, { username: robot.name, password: robot.secret });

    for (const path of [
      '/api/v2.0/replication/policies',
      `/api/v2.0/replication/policies/${policyId}`,
      `/api/v2.0/replication/executions?policy_id=${policyId}`,
      `/api/v2.0/replication/executions/${execution.id}`,
      `/api/v2.0/replication/executions/${execution.id}/tasks`,
      '/api/v2.0/registries',
      `/api/v2.0/registries/${registryId}`,
    ]) {
      expect((await watch.get(path)).status, path).toBe(200);
    }
    // PingRegistry requires registry:read only.
    expect((await watch.post('/api/v2.0/registries/ping', { id: registryId })).status).toBe(200);

    const refused = [
      await watch.post('/api/v2.0/replication/executions', { policy_id: policyId }),
      await watch.put(`/api/v2.0/replication/executions/${execution.id}`),
      await watch.put(`/api/v2.0/replication/policies/${policyId}`, { name: 'renamed' }),
      await watch.del(`/api/v2.0/replication/policies/${policyId}`),
      await watch.post('/api/v2.0/registries', { name: 'sneaky', type: 'harbor', url: target.url }),
      await watch.del(`/api/v2.0/registries/${registryId}`),
      await watch.post(
        '/api/v2.0/robots',
        systemRobotBody('escalate', [{ resource: 'registry', action: 'create' }], { duration: 1 }),
      ),
    ];
    // With robot:create it could still only hand out pairs it holds itself.
    const creator = await createSystemRobot(source, 'robot-maker', [
      { resource: 'robot', action: 'create' },
      { resource: 'registry', action: 'list' },
    ]);
    const wider = await client(source, { username: creator.name, password: creator.secret }).post(
      '/api/v2.0/robots',
      systemRobotBody('wider', [{ resource: 'registry', action: 'create' }]),
    );
    expect(wider.status).toBe(403);
    expect(errorOf(wider)).toEqual({
      code: 'DENIED',
      message:
        "permission scope is invalid. It must be equal to or more restrictive than the creator robot's permissions: robot$robot-maker",
    });
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(errorOf(res)).toEqual({ code: 'FORBIDDEN', message: 'robot$replication-watch-b2' });
    }
    expect((await client(source, ADMIN).get(`/api/v2.0/replication/policies/${policyId}`)).status).toBe(200);
  });
});

describe("the other Harbor's watch robot: project robot:read/list only", () => {
  it('reads the replication robot, and gets 403 on every change and no registry access', async () => {
    const { robot: replicator } = await connectPush(source, target, { project: 'kept', name: 'kept' });
    const { project_id: projectId } = (await client(target).get('/api/v2.0/projects/kept')).json as {
      project_id: number;
    };
    // A system-level robot whose only pairs are project-scoped: Harbor evaluates them in the project
    // (`common/security/robot/context.go` `Can`), so it can read that project's robots and nothing else.
    const res = await client(target).post('/api/v2.0/robots', {
      name: 'replication-watch-c3',
      level: 'system',
      duration: 30,
      permissions: [
        {
          kind: 'project',
          namespace: 'kept',
          access: [
            { resource: 'robot', action: 'read' },
            { resource: 'robot', action: 'list' },
          ],
        },
      ],
    });
    expect(res.status).toBe(201);
    const created = res.json as { name: string; secret: string };
    const watch = client(target, { username: created.name, password: created.secret });

    expect((await watch.get(`/api/v2.0/robots/${replicator.id}`)).json).toMatchObject({
      name: replicator.name,
      expires_at: -1,
    });
    const listed = await watch.get(
      `/api/v2.0/robots?q=${encodeURIComponent(`Level=project,ProjectID=${projectId}`)}`,
    );
    expect((listed.json as { name: string }[]).map((r) => r.name)).toEqual([replicator.name]);

    const pullOnly = [
      { kind: 'project', namespace: 'kept', access: [{ resource: 'repository', action: 'pull' }] },
    ];
    const refused = [
      await watch.post('/api/v2.0/robots', {
        name: 'more',
        level: 'project',
        duration: 1,
        permissions: pullOnly,
      }),
      await watch.put(`/api/v2.0/robots/${replicator.id}`, {
        id: replicator.id,
        name: replicator.name,
        level: 'project',
        duration: -1,
        disable: true,
        permissions: pullOnly,
      }),
      await watch.patch(`/api/v2.0/robots/${replicator.id}`, {}),
      await watch.del(`/api/v2.0/robots/${replicator.id}`),
      await watch.put('/api/v2.0/projects/kept', { metadata: { public: 'true' } }),
      await watch.post('/api/v2.0/projects', { project_name: 'sneaky', metadata: { public: 'false' } }),
      await watch.del('/api/v2.0/projects/kept'),
    ];
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(errorOf(r).code).toBe('FORBIDDEN');
    }

    // Its registry token grants nothing in the project: a push is refused as insufficient scope.
    const auth = `Basic ${Buffer.from(`${created.name}:${created.secret}`).toString('base64')}`;
    const token = (
      (await (
        await fetch(
          `${target.url}/service/token?service=harbor-registry&scope=repository:kept/alpine:pull,push`,
          { headers: { authorization: auth } },
        )
      ).json()) as { token: string }
    ).token;
    const upload = await fetch(`${target.url}/v2/kept/alpine/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(upload.status).toBe(401);
    expect(upload.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect((await client(target).get(`/api/v2.0/robots/${replicator.id}`)).json).toMatchObject({
      disable: false,
    });
  });
});
