// Every route of the server's API, declared once as data: its path, and per method the schemas of
// its query, body and answer. The server registers its routes from this table (validation and
// serialization), the web app's client derives its typed calls from it, and `apiPaths` builds URLs.
import { z } from 'zod';

import {
  alertHistoryQuerySchema,
  alertSchema,
  alertTargetRequestSchema,
  alertTargetSchema,
} from './alerts.ts';
import { harborSideSchema, idParamSchema, pageQuerySchema, pageSchema } from './common.ts';
import { connectDemoRequestSchema, connectRequestSchema } from './connection.ts';
import { connectionTestResultSchema } from './connection-test.ts';
import { createEndpointRequestSchema, endpointDefaultsSchema } from './endpoint.ts';
import { executionListQuerySchema, executionSchema, taskSchema, verificationSchema } from './executions.ts';
import {
  labelOptionSchema,
  previewRequestSchema,
  previewResultSchema,
  sampleRepositoriesSchema,
} from './preview.ts';
import {
  chooseProjectRequestSchema,
  projectCheckResultSchema,
  projectNameSchema,
  projectSearchQuerySchema,
  projectSummarySchema,
} from './project.ts';
import {
  confirmHandOffRequestSchema,
  createRobotRequestSchema,
  robotCheckResultSchema,
  robotCreatedResponseSchema,
  robotNameSchema,
  robotPermissionsRequestSchema,
} from './robot.ts';
import {
  advanceRepairRequestSchema,
  repairFlowSchema,
  repairListSchema,
  repairLoginsRequestSchema,
  startRepairRequestSchema,
} from './repair.ts';
import { reviewSchema, ruleCheckResultSchema, ruleDraftSchema, ruleNameSchema } from './rule.ts';
import {
  cleanupResultSchema,
  goToStepRequestSchema,
  sessionSchema,
  setupStateSchema,
  startSetupRequestSchema,
} from './setup.ts';
import {
  archivedTaskSchema,
  startWatchBodySchema,
  stopWatchRequestSchema,
  stopWatchResultSchema,
  watchExecutionListQuerySchema,
  watchExecutionSchema,
  watchListQuerySchema,
  watchListSchema,
  watchPlanSchema,
  watchSummarySchema,
} from './watch.ts';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * One method of a route. `response` is the JSON answer's schema; 'text' is a body sent as is (a
 * log, a file to download); 'empty' is a 204.
 */
export type Operation = {
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType | 'text' | 'empty';
  summary?: string;
};

/** A path (`:name` segments, a trailing `*`) with the schema of its parameters and its methods. */
export type RouteSpec = {
  path: string;
  params?: z.ZodType<Record<string, unknown>>;
} & Partial<Record<HttpMethod, Operation>>;

const setupParams = z.object({ id: z.string().min(1).max(128) });
const connectParams = setupParams.extend({ side: harborSideSchema });
const executionParams = setupParams.extend({ executionId: idParamSchema });
const taskParams = executionParams.extend({ taskId: idParamSchema });
const watchParams = z.object({ watchId: z.string().min(1).max(128) });
const watchExecutionParams = watchParams.extend({ executionId: idParamSchema });
const watchTaskParams = watchExecutionParams.extend({ taskId: idParamSchema });
const repairParams = z.object({ repairId: z.string().min(1).max(128) });
const alertTargetParams = z.object({ targetId: z.string().min(1).max(128) });

/** A Harbor's URL and credentials, or `{ demo: true }` for the server's own demo Harbor. */
export const connectBodySchema = z.discriminatedUnion('demo', [
  connectDemoRequestSchema,
  connectRequestSchema.extend({ demo: z.literal(false).optional() }),
]);
export type ConnectBody = z.output<typeof connectBodySchema>;
const projectCheckQuerySchema = z.object({
  name: projectNameSchema,
  side: harborSideSchema.default('target'),
});
const robotCheckQuerySchema = z.object({ name: robotNameSchema });
const ruleCheckQuerySchema = z.object({ name: ruleNameSchema });
const cleanupRequestSchema = z.object({
  dryRun: z.boolean().default(false),
  /** Keep the project the setup created; when not said, a project that holds repositories is kept. */
  keepProject: z.boolean().optional(),
});
/** `withoutRun`: finish although the rule has not run yet (its schedule or event runs it later). */
const completeRequestSchema = z.object({ withoutRun: z.boolean().default(false) });
const labelListSchema = z.object({ items: z.array(labelOptionSchema) });

type Methods = Partial<Record<HttpMethod, Operation>>;

/** A route of one setup: its path below `/api/setups/:id`, with the schema of its parameters. */
function ofSetupWith<
  S extends z.ZodType<Record<string, unknown>>,
  const P extends string,
  const M extends Methods,
>(params: S, path: P, methods: M) {
  return { path: `/api/setups/:id${path}` as const, params, ...methods };
}

/** A route of one setup whose only parameter is the setup's `id`. */
function ofSetup<const P extends string, const M extends Methods>(path: P, methods: M) {
  return ofSetupWith(setupParams, path, methods);
}

export const routes = {
  health: { path: '/api/health', GET: { response: z.object({ ok: z.boolean() }) } },
  /** This table as an OpenAPI document. */
  openapi: { path: '/api/openapi.json', GET: { response: z.record(z.string(), z.unknown()) } },
  session: {
    path: '/api/session',
    GET: { response: sessionSchema, summary: 'The browser session (created on first visit)' },
    DELETE: { response: 'empty', summary: '"Forget me": erase the session\'s secrets' },
  },
  setups: { path: '/api/setups', POST: { body: startSetupRequestSchema, response: setupStateSchema } },
  setup: ofSetup('', { GET: { response: setupStateSchema } }),
  step: ofSetup('/step', { PUT: { body: goToStepRequestSchema, response: setupStateSchema } }),
  connect: ofSetupWith(connectParams, '/connect/:side', {
    POST: { body: connectBodySchema, response: setupStateSchema },
  }),
  projects: ofSetup('/projects', {
    GET: { query: projectSearchQuerySchema, response: pageSchema(projectSummarySchema) },
  }),
  projectCheck: ofSetup('/projects/check', {
    GET: { query: projectCheckQuerySchema, response: projectCheckResultSchema },
  }),
  project: ofSetup('/project', { PUT: { body: chooseProjectRequestSchema, response: setupStateSchema } }),
  robotCheck: ofSetup('/robot/check', {
    GET: { query: robotCheckQuerySchema, response: robotCheckResultSchema },
  }),
  robot: ofSetup('/robot', {
    POST: { body: createRobotRequestSchema, response: robotCreatedResponseSchema },
  }),
  robotPermissions: ofSetup('/robot/permissions', {
    PUT: { body: robotPermissionsRequestSchema, response: setupStateSchema },
  }),
  robotExport: ofSetup('/robot/export', { GET: { response: 'text' } }),
  robotHandOff: ofSetup('/robot/hand-off', {
    POST: { body: confirmHandOffRequestSchema, response: setupStateSchema },
  }),
  endpointDefaults: ofSetup('/endpoint/defaults', { GET: { response: endpointDefaultsSchema } }),
  endpoint: ofSetup('/endpoint', { PUT: { body: createEndpointRequestSchema, response: setupStateSchema } }),
  connectionTest: ofSetup('/connection-test', { POST: { response: connectionTestResultSchema } }),
  labels: ofSetup('/labels', { GET: { response: labelListSchema } }),
  sampleRepositories: ofSetup('/sample-repositories', { GET: { response: sampleRepositoriesSchema } }),
  preview: ofSetup('/preview', { POST: { body: previewRequestSchema, response: previewResultSchema } }),
  ruleCheck: ofSetup('/rule/check', {
    GET: { query: ruleCheckQuerySchema, response: ruleCheckResultSchema },
  }),
  ruleDraft: ofSetup('/rule/draft', { PUT: { body: ruleDraftSchema, response: setupStateSchema } }),
  review: ofSetup('/review', { GET: { response: reviewSchema } }),
  rule: ofSetup('/rule', { PUT: { response: setupStateSchema } }),
  executions: ofSetup('/executions', {
    GET: { query: executionListQuerySchema, response: pageSchema(executionSchema) },
    POST: { response: executionSchema, summary: '"Replicate now"' },
  }),
  execution: ofSetupWith(executionParams, '/executions/:executionId', { GET: { response: executionSchema } }),
  stopExecution: ofSetupWith(executionParams, '/executions/:executionId/stop', {
    POST: { response: executionSchema },
  }),
  tasks: ofSetupWith(executionParams, '/executions/:executionId/tasks', {
    GET: { query: pageQuerySchema, response: pageSchema(taskSchema) },
  }),
  taskLog: ofSetupWith(taskParams, '/executions/:executionId/tasks/:taskId/log', {
    GET: { response: 'text' },
  }),
  verification: ofSetup('/verification', { GET: { response: verificationSchema } }),
  complete: ofSetup('/complete', { POST: { body: completeRequestSchema, response: setupStateSchema } }),
  exportBundle: ofSetup('/export/bundle.json', { GET: { response: 'text' } }),
  exportTerraform: ofSetup('/export/main.tf', { GET: { response: 'text' } }),
  cleanup: ofSetup('/cleanup', { POST: { body: cleanupRequestSchema, response: cleanupResultSchema } }),
  /** Server-sent events: the execution as the server's one poll of it sees it, until it is final. */
  executionEvents: ofSetupWith(executionParams, '/executions/:executionId/events', {
    GET: { response: 'text' },
  }),
  watchPlan: ofSetup('/watch/plan', { GET: { response: watchPlanSchema } }),
  watchStart: ofSetup('/watch', {
    POST: { body: startWatchBodySchema, response: watchSummarySchema, summary: '"Keep watching"' },
  }),
  watches: { path: '/api/watches', GET: { query: watchListQuerySchema, response: watchListSchema } },
  /** Server-sent events: every change of a watch (`WatchEvent`). */
  watchEvents: { path: '/api/watches/events', GET: { response: 'text' } },
  watch: { path: '/api/watches/:watchId', params: watchParams, GET: { response: watchSummarySchema } },
  watchStop: {
    path: '/api/watches/:watchId/stop',
    params: watchParams,
    POST: { body: stopWatchRequestSchema, response: stopWatchResultSchema, summary: '"Stop watching"' },
  },
  watchExecutions: {
    path: '/api/watches/:watchId/executions',
    params: watchParams,
    GET: { query: watchExecutionListQuerySchema, response: pageSchema(watchExecutionSchema) },
  },
  watchTasks: {
    path: '/api/watches/:watchId/executions/:executionId/tasks',
    params: watchExecutionParams,
    GET: { query: pageQuerySchema, response: pageSchema(archivedTaskSchema) },
  },
  watchTaskLog: {
    path: '/api/watches/:watchId/executions/:executionId/tasks/:taskId/log',
    params: watchTaskParams,
    GET: { response: 'text' },
  },
  /** The repair flows of a watch (newest first), and a new one: its plan, not started. */
  repairs: {
    path: '/api/watches/:watchId/repairs',
    params: watchParams,
    GET: { response: repairListSchema },
    POST: { body: startRepairRequestSchema, response: repairFlowSchema },
  },
  repair: { path: '/api/repairs/:repairId', params: repairParams, GET: { response: repairFlowSchema } },
  /** Short-lived admin logins for the Harbors the flow changes (kept sealed until it ends, 30 min at most). */
  repairLogins: {
    path: '/api/repairs/:repairId/logins',
    params: repairParams,
    POST: { body: repairLoginsRequestSchema, response: repairFlowSchema },
  },
  /** Runs the next steps until the flow ends, fails, or asks a question. */
  repairAdvance: {
    path: '/api/repairs/:repairId/advance',
    params: repairParams,
    POST: { body: advanceRepairRequestSchema, response: repairFlowSchema },
  },
  repairCancel: {
    path: '/api/repairs/:repairId/cancel',
    params: repairParams,
    POST: { response: repairFlowSchema },
  },
  /** Rotate: the robot file with the new secret, served once. */
  repairExport: { path: '/api/repairs/:repairId/export', params: repairParams, GET: { response: 'text' } },
  alertTargets: {
    path: '/api/alert-targets',
    GET: { response: z.object({ items: z.array(alertTargetSchema) }) },
    POST: { body: alertTargetRequestSchema, response: alertTargetSchema },
  },
  alertTarget: {
    path: '/api/alert-targets/:targetId',
    params: alertTargetParams,
    DELETE: { response: 'empty' },
  },
  alertTest: {
    path: '/api/alert-targets/:targetId/test',
    params: alertTargetParams,
    POST: { response: alertSchema, summary: '"Send a test alert"' },
  },
  alerts: {
    path: '/api/alerts',
    GET: { query: alertHistoryQuerySchema, response: z.object({ items: z.array(alertSchema) }) },
  },
  /** Prometheus text exposition: per-rule gauges and the poller's own health. */
  metrics: { path: '/metrics', GET: { response: 'text' } },
  /** Harbor's own read-only API (after /api/v2.0), answered as Harbor sent it. */
  harborProxy: {
    path: '/api/harbor/:side/*',
    params: z.object({ side: harborSideSchema, '*': z.string() }),
    GET: { response: 'text' },
  },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
/** The routes that answer `M`. */
export type RouteWith<M extends HttpMethod> = {
  [R in RouteName]: Routes[R] extends Record<M, Operation> ? R : never;
}[RouteName];
export type OperationOf<R extends RouteName, M extends HttpMethod> =
  Routes[R] extends Record<M, infer O> ? O : never;

/** The `:params` (and `*`) of a path, in order. */
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? [Name, ...PathParams<`/${Rest}`>]
  : P extends `${string}:${infer Name}`
    ? [Name]
    : P extends `${string}/*`
      ? ['*']
      : [];
type Args<T extends string[]> = { [K in keyof T]: string | number };
type PathArgs<P extends string> = Args<PathParams<P>>;
export type PathParamsOf<R extends RouteName> = Record<
  PathParams<Routes[R]['path']>[number],
  string | number
>;

/** The URL of a route with its parameters filled in, each encoded (a `*` tail keeps its slashes). */
export function routeUrl(path: string, params: Record<string, string | number>): string {
  return path
    .replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')))
    .replace(/\*$/, () => String(params['*'] ?? '').replace(/^\//, ''));
}

function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)|\*$/g)].map((m) => m[1] ?? '*');
}

/** URL builders, one per route, taking its parameters in path order: `apiPaths.execution(id, 7)`. */
export const apiPaths = Object.fromEntries(
  Object.entries(routes).map(([name, route]) => {
    const names = paramNames(route.path);
    const build = (...args: (string | number)[]) =>
      routeUrl(route.path, Object.fromEntries(names.map((n, i) => [n, args[i] ?? ''])));
    return [name, names.length === 0 ? route.path : build];
  }),
) as unknown as {
  [R in RouteName]: PathParams<Routes[R]['path']> extends []
    ? Routes[R]['path']
    : (...args: PathArgs<Routes[R]['path']>) => string;
};

/**
 * The setup's version: sent by the page with every write to a setup (the version it last saw, so a
 * stale tab's write is refused with 409 `setup-changed`), and answered by the server on every setup
 * route with the version the request left behind.
 */
export const SETUP_VERSION_HEADER = 'x-setup-version';

/** Header carrying the CSRF token (from GET /api/session) on every unsafe request. */
export const CSRF_HEADER = 'x-csrf-token';
