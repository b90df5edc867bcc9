import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robotExportContent, type HarborRobotCreated } from '@hw/harbor-client';
import type { HarborSim } from '../src/index.ts';
import { ADMIN, DEVELOPER, client, createRobot, errorOf, PUSH_ACCESS, startSim } from './support/harbor.ts';

let sim: HarborSim;
beforeAll(async () => {
  sim = await startSim({ name: 'target', seed: 'target' });
});
afterAll(async () => {
  await sim.close();
});

const admin = () => client(sim, ADMIN);
/** A robot that authenticates sees its project in the list; an anonymous caller sees only public ones. */
const seesBackup = async (c: { username: string; password: string }): Promise<boolean> =>
  ((await client(sim, c).get('/api/v2.0/projects?page_size=100')).json as { name: string }[]).some(
    (p) => p.name === 'backup',
  );
const robotBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  level: 'project',
  duration: -1,
  permissions: [{ kind: 'project', namespace: 'backup', access: PUSH_ACCESS }],
  ...extra,
});

describe('§4 robots', () => {
  it("§13.3 robot names: an upper-case name is 400 with Harbor's message", async () => {
    const res = await admin().post('/api/v2.0/robots', robotBody('Repl'));
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe('robot name is not in lower case or contains illegal characters');
  });

  it('§13.3 robot names: "+" and "$" are illegal in the request name', async () => {
    expect((await admin().post('/api/v2.0/robots', robotBody('a+b'))).status).toBe(400);
    expect((await admin().post('/api/v2.0/robots', robotBody('robot$x'))).status).toBe(400);
  });

  it('§13.3 robot names: stored as <project>+<name>, returned with the robot$ prefix', async () => {
    const res = await admin().post('/api/v2.0/robots', robotBody('repl-a'));
    expect(res.status).toBe(201);
    const created = res.json as { id: number; name: string };
    expect(created.name).toBe('robot$backup+repl-a');
    expect(res.headers.get('location')).toBe(`/api/v2.0/robots/${created.id}`);
    const got = (await admin().get(`/api/v2.0/robots/${created.id}`)).json as {
      name: string;
      permissions: { namespace: string }[];
    };
    expect(got.name).toBe('robot$backup+repl-a');
    expect(got.permissions[0]!.namespace).toBe('backup');
  });

  it('§13.3 robot names: a duplicate is 409 "robot account <pid>:<project>+<name> already exists"', async () => {
    await admin().post('/api/v2.0/robots', robotBody('dup'));
    const res = await admin().post('/api/v2.0/robots', robotBody('dup'));
    expect(res.status).toBe(409);
    const project = (await admin().get('/api/v2.0/projects/backup')).json as { project_id: number };
    expect(errorOf(res)).toEqual({
      code: 'CONFLICT',
      message: `robot account ${project.project_id}:backup+dup already exists`,
    });
  });

  it('§13.3 robot names: a system robot keeps its bare name', async () => {
    const res = await admin().post('/api/v2.0/robots', {
      name: 'sys-repl',
      level: 'system',
      duration: -1,
      permissions: [{ kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'list' }] }],
    });
    expect(res.status).toBe(201);
    expect((res.json as { name: string }).name).toBe('robot$sys-repl');
  });

  it('§13.4 robot duration: an omitted duration is 0 and rejected', async () => {
    const { duration: _omit, ...body } = robotBody('no-duration');
    const res = await admin().post('/api/v2.0/robots', body);
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe(
      'bad request error duration input: 0, duration must be either -1(Never) or a positive integer',
    );
  });

  it('§13.4 robot duration: -1 means expires_at -1', async () => {
    const res = await admin().post('/api/v2.0/robots', robotBody('forever'));
    expect((res.json as { expires_at: number }).expires_at).toBe(-1);
  });

  it('§13.4 robot duration: N days means now + N days in Unix seconds', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await admin().post('/api/v2.0/robots', robotBody('thirty', { duration: 30 }));
    const expires = (res.json as { expires_at: number }).expires_at;
    expect(expires).toBeGreaterThanOrEqual(before + 30 * 86400 - 1);
    expect(expires).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 86400 + 1);
  });

  it('§13.4 robot duration: the body is validated before authentication (400 beats 401)', async () => {
    const anon = client(sim, null);
    expect((await anon.post('/api/v2.0/robots', robotBody('BAD'))).status).toBe(400);
    expect((await anon.post('/api/v2.0/robots', robotBody('good-but-anon'))).status).toBe(401);
  });

  it('§13.4 robot create needs project admin: a developer gets 403', async () => {
    const res = await client(sim, DEVELOPER).post('/api/v2.0/robots', robotBody('by-dev'));
    expect(res.status).toBe(403);
  });

  it('§13.4 robot duration and validation (§4.1): level, empty permission, empty access, multiple project permissions, bad pair, bad kind', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [robotBody('l1', { level: 'global' }), 'bad request error level input: global'],
      [robotBody('l2', { permissions: [] }), 'bad request empty permission'],
      [
        robotBody('l3', { permissions: [{ kind: 'project', namespace: 'backup', access: [] }] }),
        'bad request empty access',
      ],
      [
        robotBody('l4', {
          permissions: [
            { kind: 'project', namespace: 'backup', access: PUSH_ACCESS },
            { kind: 'project', namespace: 'library', access: PUSH_ACCESS },
          ],
        }),
        'bad request permission',
      ],
      [
        robotBody('l5', {
          permissions: [
            { kind: 'project', namespace: 'backup', access: [{ resource: 'repository', action: 'fly' }] },
          ],
        }),
        'bad request permission: repository:fly',
      ],
      [
        robotBody('l6', { permissions: [{ kind: 'team', namespace: 'backup', access: PUSH_ACCESS }] }),
        'bad request permission level: team',
      ],
    ];
    for (const [body, message] of cases) {
      const res = await admin().post('/api/v2.0/robots', body);
      expect(res.status, message).toBe(400);
      expect(errorOf(res).message).toBe(message);
    }
  });

  it('§13.3 robot names (§4.1): a project robot for a missing project is 404 for a sysadmin', async () => {
    const res = await admin().post(
      '/api/v2.0/robots',
      robotBody('orphan', { permissions: [{ kind: 'project', namespace: 'nowhere', access: PUSH_ACCESS }] }),
    );
    expect(res.status).toBe(404);
  });

  it('§13.5 robot secrets: 32 characters with an upper, a lower and a digit', async () => {
    for (let i = 0; i < 5; i++) {
      const { secret } = await createRobot(sim, 'backup', `sec-${i}`, PUSH_ACCESS);
      expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(secret).toMatch(/[a-z]/);
      expect(secret).toMatch(/[A-Z]/);
      expect(secret).toMatch(/\d/);
    }
  });

  it('§13.5 robot secrets: GET and list never return the secret', async () => {
    const robot = await createRobot(sim, 'backup', 'no-leak', PUSH_ACCESS);
    const got = await admin().get(`/api/v2.0/robots/${robot.id}`);
    expect(got.text).not.toContain(robot.secret);
    expect((got.json as Record<string, unknown>).secret).toBeUndefined();
    const project = (await admin().get('/api/v2.0/projects/backup')).json as { project_id: number };
    const list = await admin().get(
      `/api/v2.0/robots?q=${encodeURIComponent(`Level=project,ProjectID=${project.project_id}`)}&page_size=100`,
    );
    expect(list.text).not.toContain(robot.secret);
    expect(Number(list.headers.get('x-total-count'))).toBeGreaterThan(0);
  });

  it('§13.5 robot secrets: PATCH {} returns a new secret; only the new one authenticates', async () => {
    const robot = await createRobot(sim, 'backup', 'refresh-me', PUSH_ACCESS);
    const res = await admin().patch(`/api/v2.0/robots/${robot.id}`, {});
    expect(res.status).toBe(200);
    const { secret } = res.json as { secret: string };
    expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(await seesBackup({ username: robot.name, password: robot.secret })).toBe(false);
    expect(await seesBackup({ username: robot.name, password: secret })).toBe(true);
  });

  it('§13.5 robot secrets: a custom secret returns {} and then authenticates', async () => {
    const robot = await createRobot(sim, 'backup', 'custom', PUSH_ACCESS);
    const res = await admin().patch(`/api/v2.0/robots/${robot.id}`, { secret: 'MyOwnSecret42' });
    expect(res.json).toEqual({});
    expect(await seesBackup({ username: robot.name, password: 'MyOwnSecret42' })).toBe(true);
  });

  it('§13.5 robot secrets: a weak custom secret is 400 with the 2.9 message', async () => {
    const robot = await createRobot(sim, 'backup', 'weak', PUSH_ACCESS);
    const res = await admin().patch(`/api/v2.0/robots/${robot.id}`, { secret: 'alllowercase1' });
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe(
      'the secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number',
    );
  });

  it('§13.5 robot secrets: an expired robot is anonymous (401), not 403', async () => {
    const robot = await createRobot(sim, 'backup', 'expiring', PUSH_ACCESS);
    const creds = { username: robot.name, password: robot.secret };
    expect(await seesBackup(creds)).toBe(true);
    expect((await client(sim, creds).get('/api/v2.0/users/current')).status).toBe(412);
    sim.control.setRobotExpiry(robot.id, Math.floor(Date.now() / 1000) - 10);
    expect(await seesBackup(creds)).toBe(false);
    expect((await client(sim, creds).get('/api/v2.0/users/current')).status).toBe(401);
  });

  it('§13.5 robot secrets: a disabled robot is anonymous (401)', async () => {
    const robot = await createRobot(sim, 'backup', 'disable-me', PUSH_ACCESS);
    const current = (await admin().get(`/api/v2.0/robots/${robot.id}`)).json as Record<string, unknown>;
    const put = await admin().put(`/api/v2.0/robots/${robot.id}`, { ...current, disable: true });
    expect(put.status).toBe(200);
    expect(await seesBackup({ username: robot.name, password: robot.secret })).toBe(false);
  });

  it('§13.6 export file: the create response is exactly RobotCreated in Harbor key order', async () => {
    const res = await admin().post('/api/v2.0/robots', robotBody('export-me'));
    expect(Object.keys(res.json as object)).toEqual(['creation_time', 'expires_at', 'id', 'name', 'secret']);
    expect(res.text.trimEnd()).toBe(robotExportContent(res.json as HarborRobotCreated));
  });

  it('§13.3 robot names (§4.2): robot list: no q lists system robots only; Level=project needs ProjectID', async () => {
    const systems = (await admin().get('/api/v2.0/robots?page_size=100')).json as { level: string }[];
    expect(systems.every((r) => r.level === 'system')).toBe(true);
    const res = await admin().get(`/api/v2.0/robots?q=${encodeURIComponent('Level=project')}`);
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe('must with project ID when to query project robots');
  });

  it('§13.3 robot names (§4.2): robot update: a changed name is 400 "cannot update the level or name of robot"', async () => {
    const robot = await createRobot(sim, 'backup', 'rename-me', PUSH_ACCESS);
    const current = (await admin().get(`/api/v2.0/robots/${robot.id}`)).json as Record<string, unknown>;
    const res = await admin().put(`/api/v2.0/robots/${robot.id}`, {
      ...current,
      name: 'robot$backup+renamed',
    });
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe('cannot update the level or name of robot');
  });

  it('§13.22 access errors (§4.2): robot get: a missing robot is 404 "robot <id> not found"; anonymous is 401 first', async () => {
    const res = await admin().get('/api/v2.0/robots/9999');
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toBe('robot 9999 not found');
    expect((await client(sim, null).get('/api/v2.0/robots/9999')).status).toBe(401);
  });

  it('§13.3 robot names (§4.2): robot delete: 200 with an empty body, then 404', async () => {
    const robot = await createRobot(sim, 'backup', 'delete-me', PUSH_ACCESS);
    const res = await admin().del(`/api/v2.0/robots/${robot.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect((await admin().get(`/api/v2.0/robots/${robot.id}`)).status).toBe(404);
  });

  it("§13.7 ping (§4.3): registry token: granted actions come from the robot's real permissions", async () => {
    const robot = await createRobot(sim, 'backup', 'pull-only', [{ resource: 'repository', action: 'pull' }]);
    const challenge = await fetch(`${sim.url}/v2/`);
    expect(challenge.status).toBe(401);
    const header = challenge.headers.get('www-authenticate') ?? '';
    expect(header).toBe(`Bearer realm="${sim.url}/service/token",service="harbor-registry"`);
    const auth = `Basic ${Buffer.from(`${robot.name}:${robot.secret}`).toString('base64')}`;
    const res = await fetch(
      `${sim.url}/service/token?service=harbor-registry&scope=${encodeURIComponent('repository:backup/app:pull,push')}`,
      { headers: { authorization: auth } },
    );
    const { token } = (await res.json()) as { token: string };
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { access: unknown };
    expect(claims.access).toEqual([{ type: 'repository', name: 'backup/app', actions: ['pull'] }]);
  });

  it('§13.7 ping: token service: no scope and no valid credentials is 401; valid credentials get a token', async () => {
    const bad = await fetch(`${sim.url}/service/token?service=harbor-registry`, {
      headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(bad.status).toBe(401);
    const good = await fetch(`${sim.url}/service/token?service=harbor-registry`, {
      headers: { authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}` },
    });
    expect(good.status).toBe(200);
    const token = ((await good.json()) as { token: string }).token;
    expect((await fetch(`${sim.url}/v2/`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
  });
});

describe('§4.1 permissions API', () => {
  it('§13.4 robot validation (§4.1): GET /permissions lists exactly the pairs robot create accepts', async () => {
    const res = await admin().get('/api/v2.0/permissions');
    const perms = res.json as {
      project: { resource: string; action: string }[];
      system: { resource: string; action: string }[];
    };
    expect(perms.project).toContainEqual({ resource: 'repository', action: 'push' });
    expect(perms.system).toContainEqual({ resource: 'registry', action: 'create' });
    expect(perms.project).not.toContainEqual({ resource: 'repository', action: 'fly' });
    const access = perms.project.map(({ resource, action }) => ({ resource, action }));
    const created = await admin().post(
      '/api/v2.0/robots',
      robotBody('all-project-perms', { permissions: [{ kind: 'project', namespace: 'backup', access }] }),
    );
    expect(created.status).toBe(201);
    expect((await client(sim, DEVELOPER).get('/api/v2.0/permissions')).status).toBe(403);
  });
});

describe('§4.1 configuration', () => {
  it('§13.3 robot names: the prefix is configurable and applies to names and login', async () => {
    const custom = await startSim({ name: 'custom', seed: 'target-custom', robotNamePrefix: 'bot_' });
    try {
      const res = await client(custom).post('/api/v2.0/robots', robotBody('prefixed'));
      const created = res.json as { name: string; secret: string };
      expect(created.name).toBe('bot_backup+prefixed');
      const names = (
        (await client(custom, { username: created.name, password: created.secret }).get('/api/v2.0/projects'))
          .json as { name: string }[]
      ).map((p) => p.name);
      expect(names).toContain('backup');
    } finally {
      await custom.close();
    }
  });

  it('§13.21 target project: with adminonly a non-admin gets 403 "Only system admin can create project"', async () => {
    const strict = await startSim({
      name: 'strict',
      seed: 'target-strict',
      projectCreationRestriction: 'adminonly',
    });
    try {
      const res = await client(strict, DEVELOPER).post('/api/v2.0/projects', { project_name: 'not-allowed' });
      expect(res.status).toBe(403);
      expect(errorOf(res).message).toBe('Only system admin can create project');
      expect(
        ((await client(strict).get('/api/v2.0/systeminfo')).json as { project_creation_restriction: string })
          .project_creation_restriction,
      ).toBe('adminonly');
    } finally {
      await strict.close();
    }
  });
});
