import { createHarborSim, type HarborSim, type HarborSimOptions } from '../../src/index.ts';
import { checkAgainstSpec } from './openapi.ts';

export const ADMIN = { username: 'admin', password: 'Harbor12345' };
export const DEVELOPER = { username: 'developer', password: 'Developer12345' };

const violations: string[] = [];

/** Marks the requests a test sends on purpose; any other request the binding refuses is a violation. */
export const TEST_CLIENT_HEADER = 'x-sim-test-client';

/** Spec violations observed on the simulators' side since the last call. */
export function drainViolations(): string[] {
  return violations.splice(0, violations.length);
}

export function startSim(overrides: Partial<HarborSimOptions> = {}): Promise<HarborSim> {
  const { observeRequest: alsoObserve, ...rest } = overrides;
  return createHarborSim({
    name: 'source',
    seed: 'source',
    admin: ADMIN,
    control: true,
    observe: (response) => {
      try {
        checkAgainstSpec(response);
      } catch (error) {
        violations.push((error as Error).message);
      }
    },
    // A simulator calling another (ping, info, PrepareForPush, replication) must send only requests
    // Harbor's go-swagger layer binds.
    observeRequest: (request) => {
      if (request.rejected && !request.headers[TEST_CLIENT_HEADER]) {
        violations.push(
          `${request.method} ${request.path} was refused with ${request.rejected.status}: ${request.rejected.message}`,
        );
      }
      alsoObserve?.(request);
    },
    ...rest,
  });
}

export type Res = { status: number; headers: Headers; text: string; json: unknown };
type Creds = { username: string; password: string } | null;
type Init = { headers?: Record<string, string>; body?: unknown; raw?: string; contentType?: string };

export const basic = (c: { username: string; password: string }): string =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** Plain fetch against a simulator; every response is checked against the OpenAPI document. */
/** A source and a target Harbor, each seeded as its name says, as the replication tests pair them. */
export async function startSourceAndTarget(): Promise<{ source: HarborSim; target: HarborSim }> {
  const source = await startSim({ name: 'source', seed: 'source' });
  return { source, target: await startSim({ name: 'target', seed: 'target' }) };
}

export async function call(
  base: string,
  method: string,
  path: string,
  creds: Creds,
  init: Init = {},
): Promise<Res> {
  const headers: Record<string, string> = { [TEST_CLIENT_HEADER]: '1', ...(init.headers ?? {}) };
  if (creds) headers.authorization = basic(creds);
  let body: string | undefined;
  if (init.raw !== undefined) {
    body = init.raw;
    if (init.contentType) headers['content-type'] = init.contentType;
  } else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  const url = `${base}${path}`;
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  checkAgainstSpec({
    method,
    url,
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: text,
  });
  let json: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').includes('json') && text.trim()) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json };
}

/** A small API bound to one instance and one credential. */
/** `null` credentials = anonymous. */
export function client(sim: { url: string }, creds: Creds = ADMIN) {
  return {
    get: (path: string, init?: Init) => call(sim.url, 'GET', path, creds, init),
    head: (path: string, init?: Init) => call(sim.url, 'HEAD', path, creds, init),
    post: (path: string, body?: unknown, init?: Init) =>
      call(sim.url, 'POST', path, creds, { ...init, body }),
    put: (path: string, body?: unknown, init?: Init) => call(sim.url, 'PUT', path, creds, { ...init, body }),
    patch: (path: string, body?: unknown, init?: Init) =>
      call(sim.url, 'PATCH', path, creds, { ...init, body }),
    del: (path: string, init?: Init) => call(sim.url, 'DELETE', path, creds, init),
  };
}

export const errorOf = (res: Res): { code: string; message: string } => {
  const body = res.json as { errors?: { code: string; message: string }[] };
  const first = body.errors?.[0];
  if (!first) throw new Error(`no Harbor error body: ${res.status} ${res.text}`);
  return first;
};

export const idFromLocation = (res: Res): number =>
  Number((res.headers.get('location') ?? '').split('/').pop());

export async function createRobot(
  sim: { url: string },
  project: string,
  name: string,
  access: { resource: string; action: string }[],
  duration = -1,
): Promise<{ id: number; name: string; secret: string }> {
  const res = await client(sim).post('/api/v2.0/robots', {
    name,
    level: 'project',
    duration,
    permissions: [{ kind: 'project', namespace: project, access }],
  });
  if (res.status !== 201) throw new Error(`robot create failed: ${res.status} ${res.text}`);
  return res.json as { id: number; name: string; secret: string };
}

export const PUSH_ACCESS = [
  { resource: 'repository', action: 'pull' },
  { resource: 'repository', action: 'push' },
];

export async function waitFor<T>(fn: () => Promise<T>, done: (v: T) => boolean, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

/** The wizard's push setup: project + robot on the target, endpoint on the source. */
export async function connectPush(
  source: { url: string },
  target: { url: string },
  options: { project: string; name: string; access?: { resource: string; action: string }[] },
): Promise<{ registryId: number; robot: { id: number; name: string; secret: string } }> {
  const t = client(target);
  if ((await t.head(`/api/v2.0/projects?project_name=${options.project}`)).status === 404) {
    await t.post('/api/v2.0/projects', { project_name: options.project, metadata: { public: 'false' } });
  }
  const robot = await createRobot(target, options.project, options.name, options.access ?? PUSH_ACCESS);
  const res = await client(source).post('/api/v2.0/registries', {
    name: options.name,
    type: 'harbor',
    url: target.url,
    credential: { type: 'basic', access_key: robot.name, access_secret: robot.secret },
  });
  if (res.status !== 201) throw new Error(`registry create failed: ${res.status} ${res.text}`);
  return { registryId: idFromLocation(res), robot };
}

export type Execution = {
  id: number;
  policy_id: number;
  status?: string;
  status_text: string;
  total: number;
  succeed: number;
  failed: number;
  in_progress: number;
  stopped: number;
  end_time: string;
  trigger: string;
};

/** Starts a policy and waits until its execution is final. */
export async function runPolicy(sim: { url: string }, policyId: number): Promise<Execution> {
  const start = await client(sim).post('/api/v2.0/replication/executions', { policy_id: policyId });
  if (start.status !== 201) throw new Error(`start failed: ${start.status} ${start.text}`);
  return waitExecution(sim, idFromLocation(start));
}

export async function waitExecution(sim: { url: string }, id: number): Promise<Execution> {
  return waitFor(
    async () => (await client(sim).get(`/api/v2.0/replication/executions/${id}`)).json as Execution,
    (e) => e.status !== 'InProgress',
  );
}

/** Creates an enabled replication rule (override on unless the body says otherwise); returns its ID. */
export async function createPolicy(sim: { url: string }, body: Record<string, unknown>): Promise<number> {
  const res = await client(sim).post('/api/v2.0/replication/policies', {
    enabled: true,
    override: true,
    ...body,
  });
  if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
  return idFromLocation(res);
}

/** The body of a system-level robot holding `access` in the system scope. */
export const systemRobotBody = (
  name: string,
  access: { resource: string; action: string }[],
  options: { duration?: number; namespace?: string } = {},
) => ({
  name,
  level: 'system',
  duration: options.duration ?? 30,
  permissions: [{ kind: 'system', namespace: options.namespace ?? '/', access }],
});

/** A system-level robot holding `access` in the system scope. */
export async function createSystemRobot(
  sim: { url: string },
  name: string,
  access: { resource: string; action: string }[],
  duration = 30,
): Promise<{ id: number; name: string; secret: string }> {
  const res = await client(sim).post('/api/v2.0/robots', systemRobotBody(name, access, { duration }));
  if (res.status !== 201) throw new Error(`system robot create failed: ${res.status} ${res.text}`);
  return res.json as { id: number; name: string; secret: string };
}

/** The push setup of `connectPush` plus a rule replicating the repositories `filter` names into `project`. */
export async function connectPushRule(
  source: { url: string },
  target: { url: string },
  options: { project: string; name: string; filter: string },
): Promise<{ registryId: number; policyId: number }> {
  const { registryId } = await connectPush(source, target, options);
  const policyId = await createPolicy(source, {
    name: `${options.name}-rule`,
    dest_registry: { id: registryId },
    dest_namespace: options.project,
    filters: [{ type: 'name', value: options.filter }],
  });
  return { registryId, policyId };
}

export const getExecution = async (sim: { url: string }, id: number): Promise<Execution> =>
  (await client(sim).get(`/api/v2.0/replication/executions/${id}`)).json as Execution;

/** Starts a rule and waits until its execution has tasks (they are then queued or running). */
export async function startWithTasks(sim: { url: string }, policyId: number): Promise<Execution> {
  const res = await client(sim).post('/api/v2.0/replication/executions', { policy_id: policyId });
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${res.text}`);
  return waitFor(
    () => getExecution(sim, idFromLocation(res)),
    (e) => e.total > 0,
  );
}

export type JobQueue = { job_type: string; count?: number; latency?: number; paused: boolean };

export const jobQueue = async (
  sim: { url: string },
  jobType = 'REPLICATION',
): Promise<JobQueue | undefined> =>
  ((await client(sim).get('/api/v2.0/jobservice/queues')).json as JobQueue[]).find(
    (q) => q.job_type === jobType,
  );
