import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import {
  ADMIN,
  client,
  createRobot,
  errorOf,
  idFromLocation,
  PUSH_ACCESS,
  startSourceAndTarget,
} from './support/harbor.ts';

let source: HarborSim;
let target: HarborSim;
let robot: { id: number; name: string; secret: string };
beforeAll(async () => {
  ({ source, target } = await startSourceAndTarget());
  robot = await createRobot(target, 'backup', 'from-source', PUSH_ACCESS);
});
afterAll(async () => {
  await source.close();
  await target.close();
});

const admin = () => client(source, ADMIN);
const DEAD_URL = 'http://127.0.0.1:1';
const registry = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'harbor',
  url: target.url,
  insecure: false,
  credential: { type: 'basic', access_key: robot.name, access_secret: robot.secret },
  ...extra,
});
const ping = (body: Record<string, unknown>) => admin().post('/api/v2.0/registries/ping', body);
/** A ping of the target Harbor with the replication robot's credentials. */
const robotPing = (extra: Record<string, unknown> = {}) =>
  ping({ type: 'harbor', url: target.url, access_key: robot.name, access_secret: robot.secret, ...extra });

describe('§6–§7 registries and ping', () => {
  it('§13.7 ping: valid robot credentials are healthy (200, empty body)', async () => {
    const res = await robotPing();
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });

  it('§13.7 ping: a wrong secret is 400 "the registry is unhealthy"', async () => {
    const res = await robotPing({ access_secret: 'WrongSecret1' });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({ code: 'BAD_REQUEST', message: 'the registry is unhealthy' });
  });

  it('§13.7 ping: empty credentials always pass (PingSimple counts 401 as healthy)', async () => {
    expect((await ping({ type: 'harbor', url: target.url })).status).toBe(200);
  });

  it('§13.7 ping: validates credentials, not permissions (a pull-only robot passes)', async () => {
    const weak = await createRobot(target, 'library', 'pull-only', [
      { resource: 'repository', action: 'pull' },
    ]);
    expect(
      (await ping({ type: 'harbor', url: target.url, access_key: weak.name, access_secret: weak.secret }))
        .status,
    ).toBe(200);
  });

  it('§13.7 ping: an unreachable URL is 500 internal server error', async () => {
    const res = await ping({ type: 'harbor', url: DEAD_URL, access_key: 'a', access_secret: 'b' });
    expect(res.status).toBe(500);
    expect(errorOf(res)).toEqual({ code: 'UNKNOWN', message: 'internal server error' });
  });

  it('§13.7 ping: a remote /api/version non-2xx non-404 passes its status through', async () => {
    target.control.injectFault({ method: 'GET', path: '/api/version', status: 403, times: 1 });
    const res = await robotPing();
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe('FORBIDDEN');
  });

  it('§13.7 ping: a remote /api/version 404 falls back to the v1 adapter and still checks /v2/', async () => {
    target.control.injectFault({ method: 'GET', path: '/api/version', status: 404, times: 1 });
    expect((await robotPing()).status).toBe(200);
  });

  it('§13.7 ping: empty type or url is 400 "type or url cannot be empty"', async () => {
    const res = await ping({ url: target.url });
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe('type or url cannot be empty');
  });

  it('§13.9 registry body shapes (§7): ping by id uses the stored credential; a missing id is 404', async () => {
    const created = await admin().post('/api/v2.0/registries', registry('ping-by-id'));
    const id = idFromLocation(created);
    expect((await ping({ id })).status).toBe(200);
    expect((await ping({ id, access_secret: 'Wrong0Secret' })).status).toBe(400);
    expect((await ping({ id: 4242 })).status).toBe(404);
  });

  it('§13.22 access errors (§7): ping needs a sysadmin (403 with the user name)', async () => {
    const res = await client(source, { username: 'developer', password: 'Developer12345' }).post(
      '/api/v2.0/registries/ping',
      { type: 'harbor', url: target.url },
    );
    expect(res.status).toBe(403);
    expect(errorOf(res).message).toBe('developer');
  });

  it('§13.8 registry create: pings first, so wrong credentials are 400 and nothing is saved', async () => {
    const res = await admin().post(
      '/api/v2.0/registries',
      registry('wrong-creds', { credential: { access_key: robot.name, access_secret: 'Nope12345' } }),
    );
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe('the registry is unhealthy');
    expect(((await admin().get('/api/v2.0/registries?name=wrong-creds')).json as unknown[]).length).toBe(0);
  });

  it('§13.8 registry create: a dead remote is 500', async () => {
    expect((await admin().post('/api/v2.0/registries', registry('dead', { url: DEAD_URL }))).status).toBe(
      500,
    );
  });

  it('§13.8 registry create: a duplicate name is 409 only after a successful ping', async () => {
    expect((await admin().post('/api/v2.0/registries', registry('twice'))).status).toBe(201);
    const dup = await admin().post('/api/v2.0/registries', registry('twice'));
    expect(dup.status).toBe(409);
    expect(errorOf(dup)).toEqual({ code: 'CONFLICT', message: 'registry twice already exists' });
    expect((await admin().post('/api/v2.0/registries', registry('twice', { url: DEAD_URL }))).status).toBe(
      500,
    );
  });

  it('§13.8 registry create: name rules are non-empty and ≤ 64 characters, any characters allowed', async () => {
    const empty = await admin().post('/api/v2.0/registries', registry(''));
    expect(errorOf(empty).message).toBe('name cannot be empty');
    const long = await admin().post('/api/v2.0/registries', registry('x'.repeat(65)));
    expect(errorOf(long).message).toBe('the max length of name is 64');
    expect((await admin().post('/api/v2.0/registries', registry('Harbor B (prod) #1'))).status).toBe(201);
  });

  it('§13.8 registry create: the URL is normalized (http:// added, trailing / and query dropped)', async () => {
    const hostPort = new URL(target.url).host;
    for (const [name, url] of [
      ['normalized-query', `${hostPort}?x=1#frag`],
      ['normalized-slash', ` http://${hostPort}/ `],
    ]) {
      const res = await admin().post('/api/v2.0/registries', registry(name!, { url }));
      expect(res.status).toBe(201);
      const got = (await admin().get(`/api/v2.0/registries/${idFromLocation(res)}`)).json as { url: string };
      expect(got.url).toBe(`http://${hostPort}`);
    }
  });

  it('§13.9 registry shapes: GET masks the secret as "*****"', async () => {
    const res = await admin().post('/api/v2.0/registries', registry('masked'));
    const got = await admin().get(`/api/v2.0/registries/${idFromLocation(res)}`);
    expect(got.text).not.toContain(robot.secret);
    expect((got.json as { credential: Record<string, string> }).credential).toEqual({
      access_key: robot.name,
      access_secret: '*****',
      type: 'basic',
    });
    expect((got.json as { status: string }).status).toBe('healthy');
  });

  it('§13.9 registry shapes: a credential without access_key is not stored', async () => {
    const res = await admin().post(
      '/api/v2.0/registries',
      registry('secret-only', { credential: { type: 'basic', access_secret: 'OnlyASecret1' } }),
    );
    expect(res.status).toBe(201);
    const got = (await admin().get(`/api/v2.0/registries/${idFromLocation(res)}`)).json as {
      credential: Record<string, string>;
    };
    expect(got.credential.access_secret).toBeUndefined();
    expect(got.credential.access_key).toBeUndefined();
  });

  it('§13.9 registry shapes: PUT uses flat fields and re-runs the health check', async () => {
    const id = idFromLocation(await admin().post('/api/v2.0/registries', registry('flat-put')));
    const bad = await admin().put(`/api/v2.0/registries/${id}`, { access_secret: 'Wrong0Secret' });
    expect(bad.status).toBe(400);
    const ok = await admin().put(`/api/v2.0/registries/${id}`, {
      description: 'updated',
      access_key: robot.name,
      access_secret: robot.secret,
    });
    expect(ok.status).toBe(200);
    expect(
      ((await admin().get(`/api/v2.0/registries/${id}`)).json as { description: string }).description,
    ).toBe('updated');
    const nested = await admin().put(`/api/v2.0/registries/${id}`, { name: 'twice' });
    expect(nested.status).toBe(409);
  });

  it('§13.10 local registry: GET /registries/0 is the Local pseudo-registry', async () => {
    const res = await admin().get('/api/v2.0/registries/0');
    expect(res.json).toMatchObject({
      id: 0,
      name: 'Local',
      type: 'harbor',
      status: 'healthy',
      credential: { type: 'secret', access_secret: '*****' },
    });
  });

  it('§13.25 other 412s (§6.2): registry delete: 412 while a policy references it, 404 when missing', async () => {
    const id = idFromLocation(await admin().post('/api/v2.0/registries', registry('referenced')));
    expect(
      (
        await admin().post('/api/v2.0/replication/policies', {
          name: 'uses-referenced',
          dest_registry: { id },
        })
      ).status,
    ).toBe(201);
    const res = await admin().del(`/api/v2.0/registries/${id}`);
    expect(res.status).toBe(412);
    expect(errorOf(res)).toEqual({
      code: 'PRECONDITION',
      message: `the registry ${id} is referenced by replication policies, cannot delete it`,
    });
    expect((await admin().del('/api/v2.0/registries/7777')).status).toBe(404);
  });

  it('§13.18 event rules (§8.4): registry info: event_based only for id 0; a remote Harbor lists its own global labels', async () => {
    const local = (await admin().get('/api/v2.0/registries/0/info')).json as {
      supported_triggers: string[];
      supported_copy_by_chunk: boolean;
    };
    expect(local.supported_triggers).toEqual(['manual', 'scheduled', 'event_based']);
    expect(local.supported_copy_by_chunk).toBe(true);
    const id = idFromLocation(await admin().post('/api/v2.0/registries', registry('info-remote')));
    const remote = (await admin().get(`/api/v2.0/registries/${id}/info`)).json as {
      supported_triggers: string[];
      supported_resource_filters: { type: string; values?: string[] }[];
    };
    expect(remote.supported_triggers).toEqual(['manual', 'scheduled']);
    expect(remote.supported_resource_filters.find((f) => f.type === 'label')?.values).toEqual([
      'prod',
      'stable',
      'qa',
      'deprecated',
      'security-reviewed',
    ]);
  });

  it('§13.8 registry create (§6.2): adapters: the 2.14+ whitelist, sorted; adapterinfos has no harbor entry', async () => {
    const adapters = (await admin().get('/api/v2.0/replication/adapters')).json as string[];
    expect(adapters).toContain('harbor');
    expect(adapters).not.toContain('dtr');
    expect(adapters).toEqual([...adapters].sort());
    const infos = (await admin().get('/api/v2.0/replication/adapterinfos')).json as Record<string, unknown>;
    expect(infos.harbor).toBeUndefined();
    expect(infos['docker-registry']).toBeUndefined();
    expect(infos['docker-hub']).toBeDefined();
  });

  it('§13.9 registry body shapes (§6.2): registry list: fuzzy name with X-Total-Count', async () => {
    const res = await admin().get('/api/v2.0/registries?name=twi');
    expect((res.json as { name: string }[]).map((r) => r.name)).toEqual(['twice']);
    expect(res.headers.get('x-total-count')).toBe('1');
  });
});

describe('§7 background health check', () => {
  it('§13.8 registry status: the 5-minute re-check marks a registry unhealthy once its credentials stop working', async () => {
    const rotating = await createRobot(target, 'backup', 'rotating', PUSH_ACCESS);
    const id = idFromLocation(
      await admin().post(
        '/api/v2.0/registries',
        registry('rechecked', { credential: { access_key: rotating.name, access_secret: rotating.secret } }),
      ),
    );
    await client(target).patch(`/api/v2.0/robots/${rotating.id}`, {});
    source.control.advanceClock(4 * 60_000);
    await source.control.idle();
    expect(((await admin().get(`/api/v2.0/registries/${id}`)).json as { status: string }).status).toBe(
      'healthy',
    );
    source.control.advanceClock(2 * 60_000);
    await source.control.idle();
    expect(((await admin().get(`/api/v2.0/registries/${id}`)).json as { status: string }).status).toBe(
      'unhealthy',
    );
  });
});
