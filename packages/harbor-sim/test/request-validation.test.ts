import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim, ObservedRequest } from '../src/index.ts';
import { ADMIN, basic, call, client, drainViolations, errorOf, startSim } from './support/harbor.ts';

// go-swagger binds every /api/v2.0 request to the OpenAPI document before Harbor's handler runs
// (docs/harbor-behaviour.md, "Errors and request binding"): the router answers 404/405, every
// other binding failure is one 422 UNPROCESSABLE_ENTITY whose message is "validation failure list:"
// and one line per failure.

let sim: HarborSim;
const seen: ObservedRequest[] = [];
beforeAll(async () => {
  sim = await startSim({ observeRequest: (r) => seen.push(r) });
});
afterAll(async () => {
  await sim.close();
});

const LIST = 'validation failure list:\n';

type Case = {
  /** The spec field (or rule) the case is about. */
  field: string;
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  message: string;
};

const CASES: Case[] = [
  // router
  {
    field: 'paths: unknown path',
    method: 'GET',
    path: '/api/v2.0/replication/rules',
    status: 404,
    code: 'NOT_FOUND',
    message: 'path /api/v2.0/replication/rules was not found',
  },
  {
    field: 'paths./projects: no PATCH',
    method: 'PATCH',
    path: '/api/v2.0/projects',
    body: {},
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    message: 'method PATCH is not allowed, but [GET,HEAD,POST] are',
  },
  // query parameters
  {
    field: 'parameters.pageSize maximum 100',
    method: 'GET',
    path: '/api/v2.0/projects?page_size=101',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}page_size in query should be less than or equal to 100`,
  },
  {
    field: 'parameters.page int64',
    method: 'GET',
    path: '/api/v2.0/registries?page=first',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}page in query must be of type int64: "first"`,
  },
  {
    field: 'parameters.pageSize int64 (last repeated value wins)',
    method: 'GET',
    path: '/api/v2.0/registries?page_size=5&page_size=x',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}page_size in query must be of type int64: "x"`,
  },
  {
    field: 'every failing parameter is listed',
    method: 'GET',
    path: '/api/v2.0/robots?page=a&page_size=1000',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}page in query must be of type int64: "a"\npage_size in query should be less than or equal to 100`,
  },
  {
    field: 'HEAD /projects project_name required',
    method: 'HEAD',
    path: '/api/v2.0/projects',
    status: 422,
    code: '',
    message: '',
  },
  {
    field: 'HEAD /projects project_name empty = missing',
    method: 'HEAD',
    path: '/api/v2.0/projects?project_name=',
    status: 422,
    code: '',
    message: '',
  },
  {
    field: 'listReplicationExecutions policy_id int64',
    method: 'GET',
    path: '/api/v2.0/replication/executions?policy_id=one',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}policy_id in query must be of type int64: "one"`,
  },
  // path parameters
  {
    field: 'registries/{id} int64',
    method: 'GET',
    path: '/api/v2.0/registries/abc',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}id in path must be of type int64: "abc"`,
  },
  {
    field: 'robots/{robot_id} int64',
    method: 'DELETE',
    path: '/api/v2.0/robots/1.5',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}robot_id in path must be of type int64: "1.5"`,
  },
  // response format (Accept) against the operation's produces
  {
    field: 'paths./ping produces text/plain',
    method: 'GET',
    path: '/api/v2.0/ping',
    headers: { accept: 'application/json' },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}unsupported media type requested, only [text/plain] are available`,
  },
  {
    field: 'produces application/json',
    method: 'GET',
    path: '/api/v2.0/registries',
    headers: { accept: 'text/html' },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}unsupported media type requested, only [application/json] are available`,
  },
  // content type and JSON
  {
    field: 'consumes application/json',
    method: 'POST',
    path: '/api/v2.0/robots',
    raw: '{"name":"a"}',
    contentType: 'text/plain;charset=UTF-8',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}unsupported media type "text/plain", only [application/json] are allowed`,
  },
  {
    field: 'consumes: fetch sends a string body without Content-Type as text/plain',
    method: 'POST',
    path: '/api/v2.0/replication/executions',
    raw: '{"policy_id":1}',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}unsupported media type "text/plain", only [application/json] are allowed`,
  },
  {
    field: 'robot body required',
    method: 'POST',
    path: '/api/v2.0/robots',
    raw: '',
    contentType: 'application/json',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}robot in body is required`,
  },
  {
    field: 'policy body: malformed JSON',
    method: 'POST',
    path: '/api/v2.0/replication/policies',
    raw: '{"name":"a",}',
    contentType: 'application/json',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing policy body from "" failed, because invalid character '}' looking for beginning of object key string`,
  },
  {
    field: 'registry body: truncated JSON',
    method: 'POST',
    path: '/api/v2.0/registries',
    raw: '{"name":"a"',
    contentType: 'application/json',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing registry body from "" failed, because unexpected EOF`,
  },
  {
    field: 'JSON syntax: not a value',
    method: 'PUT',
    path: '/api/v2.0/replication/policies/1',
    raw: 'name=p',
    contentType: 'application/json',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing policy body from "" failed, because invalid character 'a' in literal null (expecting 'u')`,
  },
  {
    field: 'JSON syntax: missing colon',
    method: 'POST',
    path: '/api/v2.0/registries/ping',
    raw: '{"url" "x"}',
    contentType: 'application/json',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing registry body from "" failed, because invalid character '"' after object key`,
  },
  {
    field: 'JSON syntax: bad start',
    method: 'POST',
    path: '/api/v2.0/robots',
    raw: "{'name':'a'}",
    contentType: 'application/json',
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing robot body from "" failed, because invalid character '\\'' looking for beginning of object key string`,
  },
  // a JSON null body is the model's zero value, so the handler runs (and refuses the empty robot name)
  {
    field: 'RobotCreate: null body = zero value',
    method: 'POST',
    path: '/api/v2.0/robots',
    raw: 'null',
    contentType: 'application/json',
    status: 400,
    code: 'BAD_REQUEST',
    message: 'robot name is not in lower case or contains illegal characters',
  },
  // body types (encoding/json into the generated models)
  {
    field: 'RobotCreate.duration int64',
    method: 'POST',
    path: '/api/v2.0/robots',
    body: { name: 'r', duration: '30' },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing robot body from "" failed, because json: cannot unmarshal string into Go struct field RobotCreate.duration of type int64`,
  },
  {
    field: 'RobotCreate.duration whole number',
    method: 'POST',
    path: '/api/v2.0/robots',
    body: { name: 'r', duration: 1.5 },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing robot body from "" failed, because json: cannot unmarshal number 1.5 into Go struct field RobotCreate.duration of type int64`,
  },
  {
    field: 'Access.action string (nested)',
    method: 'POST',
    path: '/api/v2.0/robots',
    body: {
      name: 'r',
      permissions: [{ kind: 'project', access: [{ resource: 'repository', action: true }] }],
    },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing robot body from "" failed, because json: cannot unmarshal bool into Go struct field Access.permissions.access.action of type string`,
  },
  {
    field: 'RobotCreate.permissions array',
    method: 'POST',
    path: '/api/v2.0/robots',
    body: { name: 'r', permissions: {} },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing robot body from "" failed, because json: cannot unmarshal object into Go struct field RobotCreate.permissions of type []*models.RobotPermission`,
  },
  {
    field: 'RobotCreate is an object',
    method: 'POST',
    path: '/api/v2.0/robots',
    body: [],
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing robot body from "" failed, because json: cannot unmarshal array into Go value of type models.RobotCreate`,
  },
  {
    field: 'ReplicationPolicy.dest_namespace_replace_count int8',
    method: 'POST',
    path: '/api/v2.0/replication/policies',
    body: { name: 'p', dest_namespace_replace_count: 128 },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing policy body from "" failed, because json: cannot unmarshal number 128 into Go struct field ReplicationPolicy.dest_namespace_replace_count of type int8`,
  },
  {
    field: 'ReplicationPolicy.enabled bool',
    method: 'POST',
    path: '/api/v2.0/replication/policies',
    body: { name: 'p', enabled: 'true' },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing policy body from "" failed, because json: cannot unmarshal string into Go struct field ReplicationPolicy.enabled of type bool`,
  },
  {
    field: 'Registry.id int64 (dest_registry)',
    method: 'POST',
    path: '/api/v2.0/replication/policies',
    body: { name: 'p', dest_registry: { id: '1' } },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing policy body from "" failed, because json: cannot unmarshal string into Go struct field Registry.dest_registry.id of type int64`,
  },
  {
    field: 'ReplicationTrigger object',
    method: 'POST',
    path: '/api/v2.0/replication/policies',
    body: { name: 'p', trigger: 'manual' },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing policy body from "" failed, because json: cannot unmarshal string into Go struct field ReplicationPolicy.trigger of type models.ReplicationTrigger`,
  },
  {
    field: 'RegistryPing.insecure bool',
    method: 'POST',
    path: '/api/v2.0/registries/ping',
    body: { type: 'harbor', url: 'http://x', insecure: 'false' },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing registry body from "" failed, because json: cannot unmarshal string into Go struct field RegistryPing.insecure of type bool`,
  },
  {
    field: 'StartReplicationExecution.policy_id int64',
    method: 'POST',
    path: '/api/v2.0/replication/executions',
    body: { policy_id: '3' },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing execution body from "" failed, because json: cannot unmarshal string into Go struct field StartReplicationExecution.policy_id of type int64`,
  },
  {
    field: 'ProjectMetadata.public string',
    method: 'POST',
    path: '/api/v2.0/projects',
    body: { project_name: 'p1', metadata: { public: false } },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}parsing project body from "" failed, because json: cannot unmarshal bool into Go struct field ProjectMetadata.metadata.public of type string`,
  },
  // model validation (after decoding)
  {
    field: 'ProjectReq.project_name maxLength 255',
    method: 'POST',
    path: '/api/v2.0/projects',
    body: { project_name: 'a'.repeat(256) },
    status: 422,
    code: 'UNPROCESSABLE_ENTITY',
    message: `${LIST}${LIST}project_name in body should be at most 255 chars long`,
  },
];

const send = (c: Case) =>
  call(sim.url, c.method, c.path, ADMIN, {
    ...(c.raw !== undefined
      ? { raw: c.raw, contentType: c.contentType }
      : c.body !== undefined
        ? { body: c.body }
        : {}),
    headers: c.headers,
  });

describe('go-swagger request binding', () => {
  it.each(CASES.map((c) => [c.field, c] as const))('%s', async (_field, c) => {
    const res = await send(c);
    expect(res.status).toBe(c.status);
    if (c.method === 'HEAD') return; // no body
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(errorOf(res)).toEqual({ code: c.code, message: c.message });
  });

  it('binding comes before authorization: an anonymous caller with a bad body gets 422, not 401', async () => {
    const res = await client(sim, null).post('/api/v2.0/replication/policies', { name: 'p', speed: 'fast' });
    expect(res.status).toBe(422);
  });

  it('go-swagger ignores unknown keys, reads null as absent, and ignores what follows the first JSON value', async () => {
    const admin = client(sim);
    const extra = await admin.post('/api/v2.0/projects', {
      project_name: 'bind-extra',
      metadata: { public: 'false' },
      surprise: { any: 1 },
    });
    expect(extra.text).toBe('');
    expect(extra.status).toBe(201);
    const nulls = await admin.post('/api/v2.0/projects', {
      project_name: 'bind-nulls',
      metadata: null,
      storage_limit: null,
      registry_id: null,
    });
    expect(nulls.status).toBe(201);
    const trailing = await call(sim.url, 'POST', '/api/v2.0/projects', ADMIN, {
      raw: '{"project_name":"bind-trailing"} trailing',
      contentType: 'application/json',
    });
    expect(trailing.status).toBe(201);
  });

  it('query parameters convert as swag does: 1e1 is an integer, any word is a boolean', async () => {
    const admin = client(sim);
    const res = await admin.get('/api/v2.0/projects?page_size=1e1&with_detail=maybe&public=');
    expect(res.status).toBe(200);
    expect((res.json as unknown[]).length).toBeLessThanOrEqual(10);
  });

  it('boolean headers bind as swag.ConvertBool: X-Is-Resource-Name "1" means a name, "maybe" means false', async () => {
    const admin = client(sim);
    expect(
      (
        await admin.post(
          '/api/v2.0/projects',
          { project_name: '4242' },
          { headers: { 'x-resource-name-in-location': 'YES' } },
        )
      ).headers.get('location'),
    ).toBe('/api/v2.0/projects/4242');
    const byName = await admin.get('/api/v2.0/projects/4242', { headers: { 'x-is-resource-name': '1' } });
    expect((byName.json as { name: string }).name).toBe('4242');
    const byId = await admin.get('/api/v2.0/projects/1', { headers: { 'x-is-resource-name': 'maybe' } });
    expect((byId.json as { project_id: number }).project_id).toBe(1);
  });

  it('Accept ranges that cover the produced type pass: */*, application/*, a list with q values', async () => {
    const admin = client(sim);
    for (const accept of [
      '*/*',
      'application/*',
      'text/html;q=0.9, application/json;q=0.8',
      'application/json; charset=utf-8',
    ]) {
      expect((await admin.get('/api/v2.0/registries', { headers: { accept } })).status).toBe(200);
    }
    expect(
      (await admin.get('/api/v2.0/ping', { headers: { accept: 'application/json, text/plain, */*' } }))
        .status,
    ).toBe(200);
  });

  it('paths outside /api/v2.0 are not bound to the document', async () => {
    expect((await fetch(`${sim.url}/api/version`)).status).toBe(200);
    expect((await fetch(`${sim.url}/v2/`)).status).toBe(401);
  });
});

describe('observeRequest', () => {
  it('sees method, path, query, headers with authorization redacted, body and the refusal', async () => {
    seen.length = 0;
    await client(sim).post(
      '/api/v2.0/replication/executions?x=1&x=2',
      { policy_id: 'nope' },
      { headers: { 'x-request-id': 'req-1' } },
    );
    const request = seen.find((r) => r.headers['x-request-id'] === 'req-1');
    expect(request).toMatchObject({
      method: 'POST',
      path: '/api/v2.0/replication/executions',
      query: { x: ['1', '2'] },
      body: '{"policy_id":"nope"}',
      rejected: { status: 422, message: expect.stringContaining('policy_id') as unknown },
    });
    expect(request?.headers.authorization).toBe('Basic [redacted]');
    expect(JSON.stringify(request)).not.toContain(basic(ADMIN).split(' ')[1]);
  });

  it('sees requests answered before their body is read (an injected fault)', async () => {
    seen.length = 0;
    sim.control.injectFault({ path: '/api/v2.0/registries', status: 500 });
    await client(sim).get('/api/v2.0/registries');
    expect(seen).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/v2.0/registries', body: '' }),
    ]);
    expect(seen[0]?.rejected).toBeUndefined();
  });

  it('a refused request that no test sent on purpose (e.g. one simulator calling another) is a violation', async () => {
    await (await fetch(`${sim.url}/api/v2.0/labels?scope=g&page_size=500`)).text();
    expect(drainViolations()).toEqual([
      expect.stringContaining(
        'GET /api/v2.0/labels was refused with 422: validation failure list:\npage_size in query should be less than or equal to 100',
      ),
    ]);
  });
});
