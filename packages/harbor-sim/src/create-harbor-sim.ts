import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyError } from 'fastify';
import type { SimContext } from './context.ts';
import { createControl, type SimControl } from './control/control.ts';
import { FaultInjector } from './control/faults.ts';
import { controlRoutes } from './control/routes.ts';
import { harborCapabilities, parseHarborVersion } from './harbor-rules.ts';
import type { HarborAuthMode } from './harbor-rules.ts';
import { CsrfGuard } from './http/csrf.ts';
import { ANONYMOUS, authenticateBasic, parseBasic, type Principal } from './http/auth.ts';
import { SimHttpError, codeForStatus, errorBody, sendError } from './http/errors.ts';
import { API_BASE, bindRequest } from './http/request-spec.ts';
import { ReplicationEngine } from './replication/engine.ts';
import { DEFAULT_REPLICATION_EXECUTION_RETENTION } from './replication/execution-sweeper.ts';
import { JobService } from './replication/job-service.ts';
import { Scheduler } from './replication/scheduler.ts';
import { artifactRoutes } from './routes/artifacts.ts';
import { executionRoutes } from './routes/executions.ts';
import { jobServiceRoutes } from './routes/jobservice.ts';
import { policyRoutes } from './routes/policies.ts';
import { projectRoutes } from './routes/projects.ts';
import { registryRoutes } from './routes/registries.ts';
import { registryV2Routes } from './routes/registry-v2.ts';
import { robotRoutes } from './routes/robots.ts';
import { systemRoutes } from './routes/system.ts';
import { seedStore, type SimScale } from './state/seed.ts';
import { Store } from './state/store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export type HarborSimOptions = {
  /** Shown in the control state and logs, e.g. "source". */
  name: string;
  /** Deterministic seed name; names starting with "target" seed the smaller target profile. */
  seed: string;
  admin: { username: string; password: string };
  /** The seeded non-admin user (default developer / Developer12345). */
  user?: { username: string; password: string };
  /** Harbor release to imitate, default "2.15.2". */
  version?: string;
  /** Time source; the control API's clock advance adds to it. */
  clock?: { now(): Date };
  scale?: SimScale;
  /** Enables `/__sim/*` over HTTP (the in-process `control` object is always returned). */
  control?: boolean;
  port?: number;
  host?: string;
  /** Divides simulated transfer delays (speed limits); default 10. */
  transferTimeScale?: number;
  /**
   * Executions the execution sweeper keeps per replication rule, like Harbor's
   * `REPLICATION_EXECUTION_RETENTION_COUNT` (default 50). When it sweeps depends on `version`.
   */
  replicationExecutionRetention?: number;
  /** `project_creation_restriction` (default everyone). */
  projectCreationRestriction?: 'everyone' | 'adminonly';
  /**
   * `auth_mode` that systeminfo reports (default db_auth). Logins still check the seeded users'
   * passwords, standing in for the LDAP password or, on an OIDC Harbor, the user's CLI secret;
   * http_auth is left out since its systeminfo also carries the auth proxy's settings.
   */
  authMode?: Exclude<HarborAuthMode, 'http_auth'>;
  /** `robot_name_prefix` (default `robot$`); applied when robot names are read and at login. */
  robotNamePrefix?: string;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  https?: { key: string; cert: string };
  /** Sees every response this instance sends (tests validate them against the OpenAPI document). */
  observe?: (response: ObservedResponse) => void;
  /**
   * Sees every request this instance receives, once its body is read (before any handler runs).
   * `authorization` is redacted; `rejected` is set when go-swagger's binding refused the request.
   */
  observeRequest?: (request: ObservedRequest) => void;
};

export type ObservedResponse = {
  method: string;
  url: string;
  status: number;
  contentType: string;
  body: string;
};

export type ObservedRequest = {
  method: string;
  /** Path without the query, still percent-encoded. */
  path: string;
  query: Record<string, string[]>;
  /** Lower-case names; `authorization` and `proxy-authorization` keep only their scheme. */
  headers: Record<string, string>;
  /** The raw body as text ('' when none was read). */
  body: string;
  /** The 404/405/422 the OpenAPI binding answered, when it refused the request. */
  rejected?: { status: number; message: string };
};

export type HarborSim = { url: string; close(): Promise<void>; control: SimControl };

const GIT_COMMIT = '080b0220';

/** Path and query as Go's url.Query reads them (`+` is a space, repeated keys keep every value). */
function splitUrl(url: string): { path: string; query: Record<string, string[]> } {
  const at = url.indexOf('?');
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(at < 0 ? '' : url.slice(at + 1))) (query[k] ??= []).push(v);
  return { path: at < 0 ? url : url.slice(0, at), query };
}

function describeRequest(
  method: string,
  path: string,
  query: Record<string, string[]>,
  rawHeaders: Record<string, string | string[] | undefined>,
  body: Buffer | undefined,
  rejected: ObservedRequest['rejected'],
): ObservedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name] =
      name === 'authorization' || name === 'proxy-authorization'
        ? `${text.split(' ')[0] ?? ''} [redacted]`
        : text;
  }
  return {
    method,
    path,
    query,
    headers,
    body: body ? body.toString('utf8') : '',
    ...(rejected ? { rejected } : {}),
  };
}
export const DEFAULT_USER = { username: 'developer', password: 'Developer12345' };

export async function createHarborSim(options: HarborSimOptions): Promise<HarborSim> {
  const versionRaw = options.version ?? '2.15.2';
  const version = parseHarborVersion(versionRaw);
  if (!version) throw new Error(`invalid Harbor version: ${versionRaw}`);
  const store = new Store();
  const baseClock = options.clock ?? { now: () => new Date() };
  let offsetMs = 0;
  let url = '';
  const ctx: SimContext = {
    name: options.name,
    store,
    version,
    capabilities: harborCapabilities(version),
    harborVersion: `v${version.major}.${version.minor}.${version.patch}-${GIT_COMMIT}`,
    now: () => new Date(baseClock.now().getTime() + offsetMs),
    baseUrl: () => url,
    tokenKey: randomBytes(32),
    transferTimeScale: options.transferTimeScale ?? 10,
    replicationExecutionRetention:
      options.replicationExecutionRetention ?? DEFAULT_REPLICATION_EXECUTION_RETENTION,
    authMode: options.authMode ?? 'db_auth',
  };
  if (options.projectCreationRestriction)
    store.projectCreationRestriction = options.projectCreationRestriction;
  if (options.robotNamePrefix) store.robotPrefix = options.robotNamePrefix;
  seedStore(store, {
    seed: options.seed,
    admin: options.admin,
    user: options.user ?? DEFAULT_USER,
    scale: options.scale,
  });

  const jobs = new JobService(store, version, () => ctx.now());
  const engine = new ReplicationEngine(ctx, jobs);
  const scheduler = new Scheduler(ctx, engine);
  const faults = new FaultInjector();
  const control = createControl(ctx, engine, scheduler, faults, (ms) => {
    offsetMs += ms;
  });

  const csrf = new CsrfGuard();
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    logger: false,
    bodyLimit: 64 * 1024 * 1024,
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 1000 },
  });
  // Bodies stay raw; each route binds JSON as go-swagger would (422 for bad JSON or content type).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.decorateRequest('principal', null as never);

  // Requests that are handled in full, and then lose their answer on the wire.
  const answersToLose = new WeakSet<object>();
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (answersToLose.has(request)) request.raw.socket.destroy();
    done(null, payload);
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Harbor's request-id middleware echoes X-Request-Id or makes one up.
    const requestId = request.headers['x-request-id'];
    reply.header('x-request-id', typeof requestId === 'string' && requestId ? requestId : randomUUID());
    // Go's net/http server stamps every answer with `Date` from the host's clock (`chunkWriter.writeHeader`
    // in `net/http/server.go`, http.TimeFormat); the simulated host's clock is `ctx.now()`, which the
    // control API can move, so clients comparing Harbor's `expires_at` with Harbor's own time see it move.
    reply.header('date', ctx.now().toUTCString());
    if (!path.startsWith('/__sim/')) {
      const fault = faults.take(request.method, path);
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault?.loseAnswer) answersToLose.add(request);
      if (fault?.status) {
        return reply
          .code(fault.status)
          .header('content-type', 'application/json; charset=utf-8')
          .send(errorBody(fault.status, codeForStatus(fault.status), 'injected fault'));
      }
    }
    if (!csrf.check(request, reply)) return reply;
    // Harbor 1.x has no /api/version and no /api/v2.0: the adapter and the wizard tell it apart by that.
    if (version.major < 2 && (path === '/api/version' || path.startsWith('/api/v2.0/'))) {
      return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('404 page not found\n');
    }
    request.principal =
      authenticateBasic(store, parseBasic(request.headers.authorization), ctx.now().getTime()) ?? ANONYMOUS;
    return undefined;
  });

  // Harbor's go-swagger layer: route and bind every /api/v2.0 request against the OpenAPI document
  // before any handler runs (after authentication, which never rejects by itself: §1.1, §1.3).
  const observeRequest = options.observeRequest;
  const observed = new WeakSet<object>();
  app.addHook('preValidation', async (request, reply) => {
    const { path, query } = splitUrl(request.url);
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    let rejected: ObservedRequest['rejected'];
    if (path.startsWith(`${API_BASE}/`)) {
      const failure = bindRequest({
        method: request.method,
        path: path.slice(API_BASE.length),
        query,
        headers: request.headers,
        body,
      });
      if (failure) rejected = { status: failure.status, message: failure.message };
    }
    if (observeRequest) {
      observed.add(request);
      observeRequest(describeRequest(request.method, path, query, request.headers, body, rejected));
    }
    return rejected
      ? sendError(reply, new SimHttpError(codeForStatus(rejected.status), rejected.message, rejected.status))
      : undefined;
  });
  if (observeRequest) {
    // Requests answered before their body was read (injected faults, CSRF, 1.x) are still seen.
    app.addHook('onResponse', (request, _reply, done) => {
      if (!observed.has(request)) {
        const { path, query } = splitUrl(request.url);
        observeRequest(describeRequest(request.method, path, query, request.headers, undefined, undefined));
      }
      done();
    });
  }

  const observe = options.observe;
  if (observe) {
    app.addHook('onSend', (request, reply, payload, done) => {
      const body =
        typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
      const contentType = reply.getHeader('content-type');
      observe({
        method: request.method,
        url: `${url}${request.url}`,
        status: reply.statusCode,
        contentType: typeof contentType === 'string' ? contentType : '',
        body,
      });
      done(null, payload);
    });
  }

  app.setErrorHandler((error: FastifyError | SimHttpError, _request, reply) => {
    if (error instanceof SimHttpError) return sendError(reply, error);
    const status = error.statusCode ?? 500;
    return sendError(reply, new SimHttpError(codeForStatus(status), error.message, status));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new SimHttpError('NOT_FOUND', `${request.method} ${request.url.split('?')[0] ?? ''} not found`),
    ),
  );

  if (version.major < 2) {
    app.get('/api/systeminfo', (_request, reply) =>
      reply
        .code(200)
        .header('content-type', 'application/json')
        .send(`${JSON.stringify({ auth_mode: ctx.authMode, harbor_version: ctx.harborVersion })}\n`),
    );
  }
  systemRoutes(app, ctx);
  projectRoutes(app, ctx);
  robotRoutes(app, ctx);
  artifactRoutes(app, ctx);
  registryRoutes(app, ctx);
  policyRoutes(app, ctx, scheduler);
  executionRoutes(app, ctx, engine);
  jobServiceRoutes(app, ctx, engine);
  registryV2Routes(app, ctx);
  if (options.control) controlRoutes(app, control);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  url = `${options.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  scheduler.start();

  return {
    url,
    control,
    async close() {
      await scheduler.stop();
      engine.close();
      await engine.idle();
      await app.close();
    },
  };
}
