import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import {
  ADMIN,
  DEVELOPER,
  call,
  client,
  createRobot,
  errorOf,
  idFromLocation,
  PUSH_ACCESS,
  startSim,
} from './support/harbor.ts';

let sim: HarborSim;
let old: HarborSim;
beforeAll(async () => {
  sim = await startSim();
  old = await startSim({ name: 'old', seed: 'old', version: '2.12.0' });
});
afterAll(async () => {
  await sim.close();
  await old.close();
});

const admin = () => client(sim, ADMIN);
const dev = () => client(sim, DEVELOPER);
const anon = () => client(sim, null);

describe('§13 cross-cutting (§1)', () => {
  it('§13.22 access errors: a system-scope 403 carries the caller user name as message', async () => {
    const res = await dev().get('/api/v2.0/registries');
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({ code: 'FORBIDDEN', message: 'developer' });
  });

  it('§13.22 access errors: an anonymous caller on a system-scope call gets 401 "unauthorized"', async () => {
    const res = await anon().get('/api/v2.0/replication/policies');
    expect(res.status).toBe(401);
    expect(errorOf(res)).toEqual({ code: 'UNAUTHORIZED', message: 'unauthorized' });
  });

  it('§13.22 access errors: a non-existent project gives a non-admin 403, not 404', async () => {
    const res = await dev().get('/api/v2.0/projects/no-such-project');
    expect(res.status).toBe(403);
    expect(errorOf(res).message).toBe('forbidden');
  });

  it('§13.22 access errors: a sysadmin gets 404 for a non-existent project', async () => {
    const res = await admin().get('/api/v2.0/projects/no-such-project');
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });

  it('§13.22 access errors: HEAD /projects?project_name= reveals existence to any logged-in user', async () => {
    const created = await admin().post('/api/v2.0/projects', {
      project_name: 'hidden-one',
      metadata: { public: 'false' },
    });
    expect(created.status).toBe(201);
    expect((await dev().get('/api/v2.0/projects/hidden-one')).status).toBe(403);
    expect((await dev().head('/api/v2.0/projects?project_name=hidden-one')).status).toBe(200);
    expect((await dev().head('/api/v2.0/projects?project_name=never-made')).status).toBe(404);
  });

  it('§13.22 access errors: HEAD /projects needs authentication (401 for anonymous)', async () => {
    expect((await anon().head('/api/v2.0/projects?project_name=library')).status).toBe(401);
  });

  it('§13.22 access errors: GET /projects?name= is a fuzzy match, q=name= is exact', async () => {
    const fuzzy = (await admin().get('/api/v2.0/projects?name=rc')).json as { name: string }[];
    expect(fuzzy.map((p) => p.name)).toContain('src');
    const exact = (await admin().get(`/api/v2.0/projects?q=${encodeURIComponent('name=rc')}`))
      .json as unknown[];
    expect(exact).toEqual([]);
    const hit = (await admin().get(`/api/v2.0/projects?q=${encodeURIComponent('name=src')}`)).json as {
      name: string;
    }[];
    expect(hit.map((p) => p.name)).toEqual(['src']);
  });

  it('§13.22 access errors: anonymous callers list only public projects', async () => {
    const names = ((await anon().get('/api/v2.0/projects?page_size=100')).json as { name: string }[]).map(
      (p) => p.name,
    );
    expect(names).toEqual(['library']);
  });

  it('§13.22 access errors (§3): numeric path is an ID unless X-Is-Resource-Name: true', async () => {
    expect((await admin().post('/api/v2.0/projects', { project_name: '123' })).status).toBe(201);
    const byName = await admin().get('/api/v2.0/projects/123', { headers: { 'X-Is-Resource-Name': 'true' } });
    expect((byName.json as { name: string }).name).toBe('123');
    const byId = await admin().get('/api/v2.0/projects/1');
    expect((byId.json as { name: string }).name).toBe('library');
  });

  it('§13.23 CSRF and CORS: Basic-auth API calls need no CSRF token and no response carries CORS headers', async () => {
    const res = await call(sim.url, 'POST', '/api/v2.0/projects', ADMIN, {
      body: { project_name: 'csrf-free' },
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await call(sim.url, 'GET', '/api/v2.0/projects', ADMIN, {
      headers: { origin: 'http://evil.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('§13.24 errors ≥500 are masked as UNKNOWN "internal server error"', async () => {
    const res = await admin().post('/api/v2.0/registries', {
      name: 'weird',
      type: 'no-such-adapter',
      url: sim.url,
    });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ errors: [{ code: 'UNKNOWN', message: 'internal server error' }] });
  });

  it('§13.24 page_size > 100 is a 422 UNPROCESSABLE_ENTITY validation failure', async () => {
    const res = await admin().get('/api/v2.0/projects?page_size=101');
    expect(res.status).toBe(422);
    expect(errorOf(res).code).toBe('UNPROCESSABLE_ENTITY');
    expect(errorOf(res).message).toContain('page_size in query should be less than or equal to 100');
  });

  it('§13.24 malformed JSON is a 422 starting with "validation failure list:"', async () => {
    const res = await call(sim.url, 'POST', '/api/v2.0/projects', ADMIN, {
      raw: '{"project_name":',
      contentType: 'application/json',
    });
    expect(res.status).toBe(422);
    expect(errorOf(res).message.startsWith('validation failure list:')).toBe(true);
  });

  it('§13.24 a JSON body sent as text/plain is a 422', async () => {
    const res = await call(sim.url, 'POST', '/api/v2.0/projects', ADMIN, {
      raw: JSON.stringify({ project_name: 'plain' }),
      contentType: 'text/plain;charset=UTF-8',
    });
    expect(res.status).toBe(422);
    expect((await admin().head('/api/v2.0/projects?project_name=plain')).status).toBe(404);
  });

  it('§13.22 access errors (§1.1): wrong credentials are anonymous: public calls answer 200, /users/current 401', async () => {
    const wrong = client(sim, { username: 'admin', password: 'wrong' });
    expect((await wrong.get('/api/v2.0/systeminfo')).status).toBe(200);
    expect((await wrong.get('/api/version')).status).toBe(200);
    expect((await wrong.get('/api/v2.0/labels?scope=g')).status).toBe(200);
    const me = await wrong.get('/api/v2.0/users/current');
    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toBeNull();
  });

  it('§13.7 ping (§1.1): /api/version is {"version":"v2.0"} and /ping is text/plain "Pong"', async () => {
    expect((await anon().get('/api/version')).json).toEqual({ version: 'v2.0' });
    const ping = await anon().get('/api/v2.0/ping');
    expect(ping.text).toBe('Pong');
    expect(ping.headers.get('content-type')).toContain('text/plain');
  });

  it('§13.25 harbor_version is only in authenticated /systeminfo since 2.13', async () => {
    const anonymous = (await anon().get('/api/v2.0/systeminfo')).json as Record<string, unknown>;
    expect(anonymous.harbor_version).toBeUndefined();
    expect(anonymous.auth_mode).toBe('db_auth');
    expect(anonymous.project_creation_restriction).toBeUndefined();
    const authed = (await admin().get('/api/v2.0/systeminfo')).json as Record<string, unknown>;
    expect(authed.harbor_version).toMatch(/^v2\.15\.2-[0-9a-f]{8}$/);
    expect(authed.project_creation_restriction).toBe('everyone');
  });

  it('§13.25 a 2.12 instance still shows harbor_version to anonymous callers', async () => {
    const info = (await client(old, null).get('/api/v2.0/systeminfo')).json as Record<string, unknown>;
    expect(info.harbor_version).toMatch(/^v2\.12\.0-/);
  });

  it('§13.25 /users/current with a robot is 412 PRECONDITION', async () => {
    const robot = await createRobot(sim, 'src', 'me-probe', PUSH_ACCESS);
    const res = await client(sim, { username: robot.name, password: robot.secret }).get(
      '/api/v2.0/users/current',
    );
    expect(res.status).toBe(412);
    expect(errorOf(res)).toEqual({
      code: 'PRECONDITION',
      message: 'get current user not available for security context: robot',
    });
  });

  it('§13.22 access errors (§1.1): /users/current always carries sysadmin_flag and admin_role_in_auth', async () => {
    const a = (await admin().get('/api/v2.0/users/current')).json as Record<string, unknown>;
    expect(a.sysadmin_flag).toBe(true);
    expect(a.username).toBe('admin');
    const d = (await dev().get('/api/v2.0/users/current')).json as Record<string, unknown>;
    expect(d.sysadmin_flag).toBe(false);
    expect(d.admin_role_in_auth).toBe(false);
  });

  it('§13.22 access errors (§1.1): /users/current/permissions: robot:create only for project admins and sysadmins', async () => {
    const src = (await admin().get('/api/v2.0/projects/src')).json as { project_id: number };
    const has = async (c: ReturnType<typeof client>) =>
      (
        (await c.get(`/api/v2.0/users/current/permissions?scope=/project/${src.project_id}&relative=true`))
          .json as { resource: string; action: string }[]
      ).some((p) => p.resource === 'robot' && p.action === 'create');
    expect(await has(admin())).toBe(true);
    expect(await has(dev())).toBe(false);
  });

  it('§13.24 errors (§1.3): error bodies are {"errors":[…]} with a trailing newline and a JSON content type', async () => {
    const res = await admin().get('/api/v2.0/registries/999');
    expect(res.status).toBe(404);
    expect(res.text).toBe('{"errors":[{"code":"NOT_FOUND","message":"registry 999 not found"}]}\n');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('§13.16 omitempty: response keys come in alphabetical order at every depth', async () => {
    const projects = (await admin().get('/api/v2.0/projects?page_size=2')).json as Record<string, unknown>[];
    const check = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(check);
      else if (value && typeof value === 'object') {
        const keys = Object.keys(value);
        expect(keys).toEqual([...keys].sort());
        Object.values(value).forEach(check);
      }
    };
    check(projects);
    check(
      (
        await admin().get(
          '/api/v2.0/projects/src/repositories/team%252Fapp%252Fweb/artifacts?with_label=true',
        )
      ).json,
    );
  });

  it('§13.16 JSON conventions (§1.4): lists carry X-Total-Count and a Link header joined by " , " with sorted query', async () => {
    const res = await admin().get('/api/v2.0/projects/src/repositories?page=2&page_size=3');
    expect(Number(res.headers.get('x-total-count'))).toBe(13);
    expect(res.headers.get('link')).toBe(
      '</api/v2.0/projects/src/repositories?page=1&page_size=3>; rel="prev" , </api/v2.0/projects/src/repositories?page=3&page_size=3>; rel="next"',
    );
    expect(res.json).toHaveLength(3);
  });

  it('§13.16 JSON conventions (§1.4): an empty list is [] with X-Total-Count 0', async () => {
    const res = await admin().get('/api/v2.0/projects?name=zzz-nothing');
    expect(res.json).toEqual([]);
    expect(res.headers.get('x-total-count')).toBe('0');
  });

  it('§13.16 JSON conventions (§1.4): creates answer 201 with Location and an empty body', async () => {
    const res = await admin().post('/api/v2.0/projects', { project_name: 'made-here' });
    expect(res.status).toBe(201);
    expect(res.text).toBe('');
    const id = idFromLocation(res);
    expect(res.headers.get('location')).toBe(`/api/v2.0/projects/${id}`);
    expect(((await admin().get(`/api/v2.0/projects/${id}`)).json as { name: string }).name).toBe('made-here');
  });
});

describe('§13 projects (§3)', () => {
  it("§13.21 target project (§3): an illegal name is 400 with Harbor's message", async () => {
    const res = await admin().post('/api/v2.0/projects', { project_name: 'Bad_Name' });
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe('project name is not in lower case or contains illegal characters');
  });

  it('§13.21 target project (§3): a name longer than 255 is a swagger 422', async () => {
    expect((await admin().post('/api/v2.0/projects', { project_name: 'a'.repeat(256) })).status).toBe(422);
  });

  it('§13.21 target project (§3): a duplicate name is 409 "The project named X already exists"', async () => {
    const res = await admin().post('/api/v2.0/projects', { project_name: 'src' });
    expect(res.status).toBe(409);
    expect(errorOf(res)).toEqual({ code: 'CONFLICT', message: 'The project named src already exists' });
  });

  it('§13.21 target project (§3): metadata.public must be the string "true" or "false"', async () => {
    const res = await admin().post('/api/v2.0/projects', {
      project_name: 'pub-bool',
      metadata: { public: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe("metadata.public should only be 'true' or 'false', but got: 'yes'");
    expect(
      (await admin().post('/api/v2.0/projects', { project_name: 'pub-bool', metadata: { public: true } }))
        .status,
    ).toBe(422);
  });

  it('PUT /projects/{name} copies the metadata given over the stored one and needs project:update', async () => {
    await admin().post('/api/v2.0/projects', { project_name: 'to-update', metadata: { public: 'false' } });
    const metadataOf = async () =>
      ((await admin().get('/api/v2.0/projects/to-update')).json as { metadata: { public: string } }).metadata;
    const put = await admin().put('/api/v2.0/projects/to-update', { metadata: { public: 'true' } });
    expect(put.status).toBe(200);
    expect(put.text).toBe('');
    expect(await metadataOf()).toEqual({ public: 'true' });
    expect((await anon().get('/api/v2.0/projects/to-update')).status).toBe(200);
    // Metadata not given is left as it is.
    expect((await admin().put('/api/v2.0/projects/to-update', {})).status).toBe(200);
    expect(await metadataOf()).toEqual({ public: 'true' });

    const { project_id: id } = (await admin().get('/api/v2.0/projects/to-update')).json as {
      project_id: number;
    };
    const wrongAllowlist = await admin().put('/api/v2.0/projects/to-update', {
      cve_allowlist: { project_id: id + 1000, items: [] },
    });
    expect(wrongAllowlist.status).toBe(400);
    expect(errorOf(wrongAllowlist).message).toBe(
      `project_id in cve_allowlist must be ${id} but it's ${id + 1000}`,
    );
    expect((await admin().put('/api/v2.0/projects/none-such', { metadata: { public: 'true' } })).status).toBe(
      404,
    );

    const robot = await createRobot(sim, 'to-update', 'reader', [{ resource: 'repository', action: 'pull' }]);
    const refused = await client(sim, { username: robot.name, password: robot.secret }).put(
      '/api/v2.0/projects/to-update',
      { metadata: { public: 'false' } },
    );
    expect(refused.status).toBe(403);
    expect(errorOf(refused)).toEqual({ code: 'FORBIDDEN', message: 'forbidden' });
    expect((await anon().put('/api/v2.0/projects/to-update', { metadata: { public: 'false' } })).status).toBe(
      401,
    );
    expect(await metadataOf()).toEqual({ public: 'true' });
    // Private again (other tests count the public projects).
    expect(
      (await admin().put('/api/v2.0/projects/to-update', { metadata: { public: 'false' } })).status,
    ).toBe(200);
    expect(await metadataOf()).toEqual({ public: 'false' });
  });

  it('§13.21 target project (§3): X-Resource-Name-In-Location puts the name in Location', async () => {
    const res = await admin().post(
      '/api/v2.0/projects',
      { project_name: 'named-loc' },
      { headers: { 'X-Resource-Name-In-Location': 'true' } },
    );
    expect(res.headers.get('location')).toBe('/api/v2.0/projects/named-loc');
  });

  it('§13.21 target project: a project robot cannot create a project (403)', async () => {
    const robot = await createRobot(sim, 'src', 'creator', PUSH_ACCESS);
    const res = await client(sim, { username: robot.name, password: robot.secret }).post(
      '/api/v2.0/projects',
      { project_name: 'by-robot' },
    );
    expect(res.status).toBe(403);
    expect(errorOf(res).message).toBe('Only system level robot can create project');
  });

  it('§13.21 target project (§3): anonymous create is 401', async () => {
    expect((await anon().post('/api/v2.0/projects', { project_name: 'anon-made' })).status).toBe(401);
  });

  it('§13.21 target project (§3): a robot lists the projects of its permissions plus public ones', async () => {
    const robot = await createRobot(sim, 'ml', 'lister', PUSH_ACCESS);
    const names = (
      (
        await client(sim, { username: robot.name, password: robot.secret }).get(
          '/api/v2.0/projects?page_size=100',
        )
      ).json as { name: string }[]
    ).map((p) => p.name);
    expect(names.sort()).toEqual(['library', 'ml']);
  });
});

describe('§13 labels, repositories and project deletion (§8.4, §3)', () => {
  it('§13.17 filters (§8.4 labels): scope is mandatory; scope=g needs no auth', async () => {
    const missing = await anon().get('/api/v2.0/labels');
    expect(missing.status).toBe(400);
    expect(errorOf(missing).message).toBe('invalid scope: ');
    const global = await anon().get('/api/v2.0/labels?scope=g&page_size=100&page=1');
    expect((global.json as { name: string; scope: string }[]).every((l) => l.scope === 'g')).toBe(true);
    expect(global.headers.get('x-total-count')).toBe('5');
  });

  it('§13.17 filters (§8.4 labels): scope=p needs project_id and label:list in that project', async () => {
    const noProject = await admin().get('/api/v2.0/labels?scope=p');
    expect(errorOf(noProject).message).toBe('must with project ID when to query project labels');
    const src = (await admin().get('/api/v2.0/projects/src')).json as { project_id: number };
    const labels = (await admin().get(`/api/v2.0/labels?scope=p&project_id=${src.project_id}`)).json as {
      name: string;
    }[];
    expect(labels.map((l) => l.name)).toEqual(['team-a']);
    expect((await anon().get(`/api/v2.0/labels?scope=p&project_id=${src.project_id}`)).status).toBe(401);
  });

  it('§13.17 filters: artifacts list tags and (with_label) labels, newest first, paged', async () => {
    const res = await admin().get(
      '/api/v2.0/projects/team/repositories/app%252Fweb/artifacts?with_label=true&page_size=2',
    );
    const artifacts = res.json as {
      push_time: string;
      tags?: { name: string }[];
      labels?: { name: string }[];
    }[];
    expect(artifacts).toHaveLength(2);
    expect(artifacts[0]!.push_time >= artifacts[1]!.push_time).toBe(true);
    expect(artifacts[0]!.tags?.map((t) => t.name)).toContain('latest');
    expect(artifacts[0]!.labels?.map((l) => l.name)).toContain('prod');
    expect(res.headers.get('link')).toContain('rel="next"');
  });

  it('§13.21 target project (§3): a project with repositories cannot be deleted; an empty one can, with its robots', async () => {
    expect((await admin().del('/api/v2.0/projects/sandbox')).status).toBe(412);
    expect((await admin().post('/api/v2.0/projects', { project_name: 'short-lived' })).status).toBe(201);
    const robot = await createRobot(sim, 'short-lived', 'goes-too', PUSH_ACCESS);
    expect((await admin().del('/api/v2.0/projects/short-lived')).status).toBe(200);
    expect((await admin().get(`/api/v2.0/robots/${robot.id}`)).status).toBe(404);
  });

  it('§13.21 target project (§3): clean-up deletes the repositories first, then the project', async () => {
    expect((await admin().post('/api/v2.0/projects', { project_name: 'short-lived-2' })).status).toBe(201);
    sim.control.pushArtifact({ repository: 'short-lived-2/app', tag: 'v1' });
    expect((await admin().del('/api/v2.0/projects/short-lived-2')).status).toBe(412);
    expect((await dev().del('/api/v2.0/projects/short-lived-2/repositories/app')).status).toBe(403);
    expect((await admin().del('/api/v2.0/projects/short-lived-2/repositories/app')).status).toBe(200);
    expect((await admin().get('/api/v2.0/projects/short-lived-2/repositories/app')).status).toBe(404);
    expect((await admin().del('/api/v2.0/projects/short-lived-2')).status).toBe(200);
  });

  it('§13.21 target project: a system robot with project:create may create projects', async () => {
    const res = await admin().post('/api/v2.0/robots', {
      name: 'sys-creator',
      level: 'system',
      duration: -1,
      permissions: [{ kind: 'system', namespace: '/', access: [{ resource: 'project', action: 'create' }] }],
    });
    const robot = res.json as { name: string; secret: string };
    const created = await client(sim, { username: robot.name, password: robot.secret }).post(
      '/api/v2.0/projects',
      { project_name: 'by-system-robot' },
    );
    expect(created.status).toBe(201);
  });
});

describe('§13 request ids', () => {
  it('§13.24 errors: every response carries X-Request-Id (echoed when the caller sends one)', async () => {
    const echoed = await call(sim.url, 'GET', '/api/v2.0/registries/424242', ADMIN, {
      headers: { 'X-Request-Id': 'wizard-123' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('wizard-123');
    expect((await anon().get('/api/v2.0/ping')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('§13.16 Link encoding', () => {
  it('§13.16 JSON conventions (§1.4): Link re-encodes the query like Go (sorted, QueryEscape)', async () => {
    const q = encodeURIComponent("name=~'a'");
    const res = await admin().get(`/api/v2.0/projects?q=${q}&page_size=1`);
    const total = Number(res.headers.get('x-total-count'));
    expect(total).toBeGreaterThan(1);
    expect(res.headers.get('link')).toBe(
      '</api/v2.0/projects?page=2&page_size=1&q=name%3D~%27a%27>; rel="next"',
    );
  });
});

describe('§13.7 Harbor 1.x', () => {
  it('§13.7 ping (§12): a 1.10 instance answers /api/version and /api/v2.0 with 404, /api/systeminfo with its version', async () => {
    // The v2.0 OpenAPI document does not describe Harbor 1.x, so its responses are not checked against it.
    const v1 = await startSim({ name: 'v1', seed: 'v1', version: '1.10.0', observe: undefined });
    try {
      expect((await fetch(`${v1.url}/api/version`)).status).toBe(404);
      expect((await fetch(`${v1.url}/api/v2.0/systeminfo`)).status).toBe(404);
      const info = (await (await fetch(`${v1.url}/api/systeminfo`)).json()) as { harbor_version: string };
      expect(info.harbor_version).toMatch(/^v1\.10\.0-/);
    } finally {
      await v1.close();
    }
  });
});
