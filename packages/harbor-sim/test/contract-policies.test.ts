import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import {
  ADMIN,
  client,
  connectPush,
  errorOf,
  idFromLocation,
  startSim,
  startSourceAndTarget,
} from './support/harbor.ts';

let source: HarborSim;
let target: HarborSim;
let old: HarborSim;
let registryId: number;
beforeAll(async () => {
  ({ source, target } = await startSourceAndTarget());
  old = await startSim({ name: 'old', seed: 'old', version: '2.8.6' });
  ({ registryId } = await connectPush(source, target, { project: 'dst', name: 'to-target' }));
});
afterAll(async () => {
  await Promise.all([source.close(), target.close(), old.close()]);
});

const admin = () => client(source, ADMIN);
let counter = 0;
const policy = (extra: Record<string, unknown> = {}) => ({
  name: `rule-${++counter}`,
  dest_registry: { id: registryId },
  ...extra,
});
const create = (extra: Record<string, unknown> = {}) =>
  admin().post('/api/v2.0/replication/policies', policy(extra));
const scheduled = (cron: string) =>
  create({ trigger: { type: 'scheduled', trigger_settings: { cron } }, enabled: true });
const get = async (id: number) =>
  (await admin().get(`/api/v2.0/replication/policies/${id}`)).json as Record<string, unknown>;

describe('§8–§9 replication policies', () => {
  it('§13.1 cron: "0 0 2 * * *" is accepted', async () => {
    expect((await scheduled('0 0 2 * * *')).status).toBe(201);
  });

  it('§13.1 cron: "*" in minutes is rejected with Harbor\'s message', async () => {
    const res = await scheduled('0 * * * * *');
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe(
      '* is not allowed for the Minutes field of the cron setting of replication policy',
    );
  });

  it('§13.1 cron: seconds other than a literal "0" are rejected', async () => {
    for (const cron of ['30 0 * * * *', '00 0 2 * * *', '*/1 0 * * * *']) {
      const res = await scheduled(cron);
      expect(errorOf(res).message, cron).toBe(
        'the 1st field (indicating Seconds of time) of the cron setting must be 0',
      );
    }
  });

  it('§13.1 cron: a 5-field cron gets "invalid cron string", not the seconds message', async () => {
    const res = await scheduled('* * * * *');
    expect(errorOf(res).message).toBe('invalid cron string for scheduled trigger: * * * * *');
  });

  it('§13.1 cron: descriptors like @daily are invalid', async () => {
    expect(errorOf(await scheduled('@daily')).message).toBe(
      'invalid cron string for scheduled trigger: @daily',
    );
  });

  it('§13.1 cron: "0 */1 * * * *", "0 ? * * * *" and a double space slip through', async () => {
    for (const cron of ['0 */1 * * * *', '0 ? * * * *', '0  * * * * *'])
      expect((await scheduled(cron)).status, cron).toBe(201);
  });

  it('§13.1 cron: an empty cron on a scheduled trigger is rejected', async () => {
    expect(errorOf(await scheduled('')).message).toBe(
      'the cron string cannot be empty when the trigger type is scheduled',
    );
  });

  it('§13.1 cron: before 2.9 only the parse ran ("*/5 * * * * *" accepted on 2.8)', async () => {
    const reg = await connectPush(old, target, { project: 'dst', name: 'old-to-target' });
    const res = await client(old).post('/api/v2.0/replication/policies', {
      name: 'old-cron',
      dest_registry: { id: reg.registryId },
      trigger: { type: 'scheduled', trigger_settings: { cron: '*/5 * * * * *' } },
    });
    expect(res.status).toBe(201);
  });

  it('§13.14 version matrix: a 2.8 Harbor has no single_active_replication and ignores it on input', async () => {
    const reg = await connectPush(old, target, { project: 'dst', name: 'old-fields' });
    const res = await client(old).post('/api/v2.0/replication/policies', {
      name: 'old-fields',
      dest_registry: { id: reg.registryId },
      single_active_replication: true,
      copy_by_chunk: true,
    });
    const p = (await client(old).get(`/api/v2.0/replication/policies/${idFromLocation(res)}`)).json as Record<
      string,
      unknown
    >;
    expect(p.single_active_replication).toBeUndefined();
    expect(p.copy_by_chunk).toBe(true);
    expect(p.speed).toBe(0);
  });

  it('§13.25 version-dependent fields: on 2.8 robots have no creator fields and registries no ca_certificate (copy by chunk exists since 2.7)', async () => {
    const robot = await client(old).post('/api/v2.0/robots', {
      name: 'old-robot',
      level: 'project',
      duration: -1,
      permissions: [
        { kind: 'project', namespace: 'src', access: [{ resource: 'repository', action: 'pull' }] },
      ],
    });
    const got = (await client(old).get(`/api/v2.0/robots/${(robot.json as { id: number }).id}`))
      .json as Record<string, unknown>;
    expect(got.creator_type).toBeUndefined();
    const info = (await client(old).get('/api/v2.0/registries/0/info')).json as Record<string, unknown>;
    expect(info.supported_copy_by_chunk).toBe(true);
    const reg = await client(old).get('/api/v2.0/registries?page_size=100');
    expect(reg.text).not.toContain('ca_certificate');
  });

  it('§13.2 cron only for scheduled: garbage cron on manual and event_based is stored and returned', async () => {
    for (const type of ['manual', 'event_based']) {
      const res = await create({ trigger: { type, trigger_settings: { cron: 'not a cron' } } });
      expect(res.status).toBe(201);
      expect((await get(idFromLocation(res))).trigger).toEqual({
        trigger_settings: { cron: 'not a cron' },
        type,
      });
    }
  });

  it('§13.2 cron only for scheduled: a disabled scheduled policy has no schedule', async () => {
    const off = idFromLocation(
      await create({ trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 2 * * *' } } }),
    );
    const on = idFromLocation(await scheduled('0 0 2 * * *'));
    const state = source.control.state();
    expect(state.policies.find((p) => p.id === off)?.next_run).toBeUndefined();
    expect(state.policies.find((p) => p.id === on)?.next_run).toMatch(/T02:00:00\.000Z$/);
  });

  it('§13.2 cron only for scheduled (§9.1): trigger: an unknown trigger type is 400 "invalid trigger type"', async () => {
    expect(errorOf(await create({ trigger: { type: 'hourly' } })).message).toBe('invalid trigger type');
  });

  it('§13.11 policy direction: both sides local (null or {id:0}) is 400', async () => {
    const message =
      "either src_registry or dest_registry should be empty and the other one shouldn't be empty";
    expect(errorOf(await create({ dest_registry: null })).message).toBe(message);
    expect(errorOf(await create({ dest_registry: { id: 0 } })).message).toBe(message);
  });

  it('§13.11 policy direction: both sides remote is 400', async () => {
    expect((await create({ src_registry: { id: registryId } })).status).toBe(400);
  });

  it('§13.11 policy direction: a pull rule (src set, dest null) is accepted', async () => {
    const res = await create({ src_registry: { id: registryId }, dest_registry: null });
    expect(res.status).toBe(201);
    const p = await get(idFromLocation(res));
    expect((p.dest_registry as { name: string }).name).toBe('Local');
    expect((p.src_registry as { id: number }).id).toBe(registryId);
  });

  it('§13.11 policy direction: a missing registry ID is 404', async () => {
    const res = await create({ dest_registry: { id: 999 } });
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toBe('registry 999 not found');
  });

  it('§13.12 policy name: no format rule server-side; empty is 400, duplicate 409', async () => {
    expect(
      (
        await admin().post('/api/v2.0/replication/policies', {
          name: 'My Rule! (A→B)',
          dest_registry: { id: registryId },
        })
      ).status,
    ).toBe(201);
    expect(
      errorOf(
        await admin().post('/api/v2.0/replication/policies', { name: '', dest_registry: { id: registryId } }),
      ).message,
    ).toBe('empty name');
    const dup = await admin().post('/api/v2.0/replication/policies', {
      name: 'My Rule! (A→B)',
      dest_registry: { id: registryId },
    });
    expect(dup.status).toBe(409);
    expect(errorOf(dup).message).toBe('replication policy My Rule! (A→B) already exists');
  });

  it('§13.13 deletion flag: `deletion` is read, `replicate_deletion` is ignored on input', async () => {
    const ignored = await get(idFromLocation(await create({ replicate_deletion: true })));
    expect(ignored.deletion).toBeUndefined();
    expect(ignored.replicate_deletion).toBeUndefined();
    const read = await get(idFromLocation(await create({ deletion: true })));
    expect(read.deletion).toBe(true);
    expect(read.replicate_deletion).toBe(true);
  });

  it('§13.14 API defaults: enabled/override false, replace count -1, speed < 0 stored as 0', async () => {
    const p = await get(idFromLocation(await create({ speed: -1 })));
    expect(p.enabled).toBeUndefined();
    expect(p.override).toBeUndefined();
    expect(p.dest_namespace_replace_count).toBe(-1);
    expect(p.speed).toBe(0);
  });

  it('§13.15 PUT is a full replace: omitted fields become zero values and are re-validated', async () => {
    const id = idFromLocation(
      await create({ enabled: true, override: true, description: 'keep?', dest_namespace: 'dst' }),
    );
    const put = await admin().put(`/api/v2.0/replication/policies/${id}`, {
      name: 'replaced',
      dest_registry: { id: registryId },
    });
    expect(put.status).toBe(200);
    const p = await get(id);
    expect(p.name).toBe('replaced');
    expect(p.enabled).toBeUndefined();
    expect(p.override).toBeUndefined();
    expect(p.description).toBeUndefined();
    expect(p.dest_namespace).toBeUndefined();
    const bad = await admin().put(`/api/v2.0/replication/policies/${id}`, {
      name: 'replaced',
      dest_registry: { id: registryId },
      trigger: { type: 'scheduled', trigger_settings: { cron: '0 * * * * *' } },
    });
    expect(bad.status).toBe(400);
  });

  it('§13.15 PUT re-creates the schedule', async () => {
    const id = idFromLocation(await scheduled('0 0 2 * * *'));
    await admin().put(`/api/v2.0/replication/policies/${id}`, {
      ...policy(),
      name: `resched-${id}`,
      enabled: true,
      trigger: { type: 'scheduled', trigger_settings: { cron: '0 30 4 * * *' } },
    });
    expect(source.control.state().policies.find((p) => p.id === id)?.next_run).toMatch(/T04:30:00\.000Z$/);
    await admin().put(`/api/v2.0/replication/policies/${id}`, {
      ...policy(),
      name: `resched-${id}`,
      trigger: { type: 'scheduled', trigger_settings: { cron: '0 30 4 * * *' } },
    });
    expect(source.control.state().policies.find((p) => p.id === id)?.next_run).toBeUndefined();
  });

  it('§13.16 omitempty: false booleans and empty strings are absent; pointers and filters null present', async () => {
    const res = await admin().get(`/api/v2.0/replication/policies/${idFromLocation(await create())}`);
    const p = res.json as Record<string, unknown>;
    expect(p.filters).toBeNull();
    expect(p.copy_by_chunk).toBe(false);
    expect(p.single_active_replication).toBe(false);
    expect(p.speed).toBe(0);
    for (const key of ['enabled', 'override', 'deletion', 'description', 'dest_namespace', 'trigger'])
      expect(p[key], key).toBeUndefined();
    expect(Object.keys(p)).toEqual([...Object.keys(p)].sort());
    expect(p.src_registry).toMatchObject({ id: 0, name: 'Local' });
    expect((p.dest_registry as { credential: { access_secret: string } }).credential.access_secret).toBe(
      '*****',
    );
  });

  it('§13.17 filters: name or resource with a decoration is 400', async () => {
    const res = await create({ filters: [{ type: 'name', value: 'src/**', decoration: 'matches' }] });
    expect(errorOf(res).message).toBe('only tag and label filter support decoration');
  });

  it('§13.17 filters: a label value must be a string array', async () => {
    expect(errorOf(await create({ filters: [{ type: 'label', value: 'prod' }] })).message).toBe(
      "the type of label filter value isn't string slice",
    );
  });

  it('§13.17 filters: resource must be image or artifact; chart is gone since 2.8', async () => {
    expect(errorOf(await create({ filters: [{ type: 'resource', value: 'chart' }] })).message).toBe(
      'invalid resource filter: chart',
    );
    expect((await create({ filters: [{ type: 'resource', value: 'artifact' }] })).status).toBe(201);
  });

  it('§13.17 filters: an unknown type and a bad decoration are 400', async () => {
    expect(errorOf(await create({ filters: [{ type: 'size', value: '1' }] })).message).toBe(
      'invalid filter type',
    );
    expect(
      errorOf(await create({ filters: [{ type: 'tag', value: 'v*', decoration: 'contains' }] })).message,
    ).toBe('invalid filter decoration, :contains');
  });

  it('§13.17 filters: stored and returned with their decoration', async () => {
    const filters = [
      { type: 'name', value: 'src/**' },
      { type: 'tag', value: 'v*', decoration: 'matches' },
      { type: 'label', value: ['prod'], decoration: 'excludes' },
    ];
    expect((await get(idFromLocation(await create({ filters })))).filters).toEqual(filters);
  });

  it('§13.24 errors (§8.1): single_active_replication with event_based is a masked 500', async () => {
    const res = await create({ single_active_replication: true, trigger: { type: 'event_based' } });
    expect(res.status).toBe(500);
    expect(errorOf(res)).toEqual({ code: 'UNKNOWN', message: 'internal server error' });
  });

  it('§13.21 flattening (§8.1): dest_namespace must be a docker repository name', async () => {
    expect(errorOf(await create({ dest_namespace: 'Bad Namespace' })).message).toBe(
      'invalid destination namespace: Bad Namespace',
    );
  });

  it('§13.15 PUT policy (§8.1): a missing policy is 404 "replication policy <id> not found"', async () => {
    const res = await admin().get('/api/v2.0/replication/policies/4040');
    expect(res.status).toBe(404);
    expect(errorOf(res).message).toBe('replication policy 4040 not found');
  });

  it('§13.12 policy name (§8.1): policy list: fuzzy name, newest first, X-Total-Count', async () => {
    const res = await admin().get('/api/v2.0/replication/policies?name=rule-&page_size=3');
    const names = (res.json as { name: string }[]).map((p) => p.name);
    expect(names).toHaveLength(3);
    expect(Number(res.headers.get('x-total-count'))).toBeGreaterThan(3);
    const ids = (res.json as { id: number }[]).map((p) => p.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('§13.22 access errors (§6): policies need a sysadmin: 403 carries the user name', async () => {
    const res = await client(source, { username: 'developer', password: 'Developer12345' }).post(
      '/api/v2.0/replication/policies',
      policy(),
    );
    expect(res.status).toBe(403);
    expect(errorOf(res).message).toBe('developer');
  });
});

describe('§13.24 binding errors', () => {
  it('§13.24 errors: wrongly typed nested fields are go-swagger 422s, not 400s', async () => {
    const cases = [
      { dest_registry: { id: 'one' } },
      { trigger: { type: 7 } },
      { filters: ['src/**'] },
      { enabled: 'true' },
    ];
    for (const extra of cases) {
      const res = await create(extra);
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect(errorOf(res).code).toBe('UNPROCESSABLE_ENTITY');
    }
    const robot = await admin().post('/api/v2.0/robots', {
      name: 'typed',
      level: 'project',
      duration: -1,
      permissions: [{ kind: 'project', namespace: 'src', access: [{ resource: 'repository', action: 1 }] }],
    });
    expect(robot.status).toBe(422);
  });
});
