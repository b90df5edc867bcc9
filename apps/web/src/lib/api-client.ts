// Same-origin client for apps/server, typed by wizard-api's route table: `api.PUT('project',
// { params: { id }, body })` fills the path, sends the body as the route's schema parses it, and
// parses the answer with the route's response schema. Every error body is parsed with
// `apiErrorSchema`, and unsafe methods carry the session's CSRF token.
import type { HttpMethod, Operation, OperationOf, PathParamsOf, RouteName, RouteWith } from '@hw/wizard-api';
import {
  apiErrorSchema,
  CSRF_HEADER,
  routes,
  routeUrl,
  sessionSchema,
  SETUP_VERSION_HEADER,
} from '@hw/wizard-api';
import type { z } from 'zod';

import { ApiRequestError } from './api-error.ts';

export { ApiRequestError } from './api-error.ts';

type Query = Record<string, string | number | boolean | undefined>;

let csrfToken: string | null = null;
let csrfRequest: Promise<string> | null = null;

/** Called whenever a session is fetched, so the token never needs a second round trip. */
export function rememberCsrfToken(token: string): void {
  csrfToken = token;
}

/** Forgets the token (tests, "forget me"). */
export function forgetCsrfToken(): void {
  csrfToken = null;
  csrfRequest = null;
}

/**
 * The latest version of each setup this page has seen (the server answers it on every setup route),
 * sent back with every write so the server refuses a write based on what another tab has changed.
 */
const setupVersions = new Map<string, number>();
/** Writes to one setup leave one after another, each with the version the previous one left. */
const setupWrites = new Map<string, Promise<unknown>>();

/** Forgets the versions seen (tests; a reload starts afresh anyway). */
export function forgetSetupVersions(): void {
  setupVersions.clear();
  setupWrites.clear();
}

function rememberSetupVersion(setupId: string, response: Response): void {
  const version = Number(response.headers.get(SETUP_VERSION_HEADER) ?? Number.NaN);
  // Versions only grow: an answer that overtook a later one must not take the page back.
  if (Number.isSafeInteger(version) && version > (setupVersions.get(setupId) ?? -1))
    setupVersions.set(setupId, version);
}

function queuedWrite<T>(setupId: string, write: () => Promise<T>): Promise<T> {
  const previous = setupWrites.get(setupId) ?? Promise.resolve();
  const run = previous.then(write, write);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  setupWrites.set(setupId, settled);
  void settled.then(() => {
    if (setupWrites.get(setupId) === settled) setupWrites.delete(setupId);
  });
  return run;
}

async function getCsrfToken(): Promise<string> {
  if (csrfToken) return csrfToken;
  csrfRequest ??= send('GET', routes.session.path)
    .then((response) => parsed(response, sessionSchema))
    .then((session) => {
      csrfToken = session.csrfToken;
      return session.csrfToken;
    });
  try {
    return await csrfRequest;
  } finally {
    csrfRequest = null;
  }
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function toError(response: Response): Promise<ApiRequestError> {
  const text = await response.text().catch(() => '');
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = apiErrorSchema.safeParse(json);
  if (parsed.success) return new ApiRequestError(response.status, parsed.data);
  return new ApiRequestError(response.status, {
    code: `http-${response.status}`,
    message:
      response.status >= 500 || response.status === 0
        ? 'The wizard server did not answer properly. Check that it is running, then retry.'
        : `The wizard server answered ${response.status} ${response.statusText}.`.trim(),
  });
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function send(
  method: string,
  path: string,
  body?: unknown,
  retried = false,
  setupId?: string,
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) headers[CSRF_HEADER] = await getCsrfToken();
  const seen = setupId === undefined ? undefined : setupVersions.get(setupId);
  if (UNSAFE.has(method) && seen !== undefined) headers[SETUP_VERSION_HEADER] = String(seen);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (cause) {
    const error = new ApiRequestError(0, {
      code: 'network',
      message:
        'Cannot reach the wizard server. Check your network connection and that the server is running, then retry.',
    });
    error.cause = cause;
    throw error;
  }
  // A restarted server issues a new session token: fetch it once and replay.
  if (response.status === 403 && UNSAFE.has(method) && !retried) {
    const error = await toError(response.clone());
    if (/csrf/i.test(error.code)) {
      forgetCsrfToken();
      return send(method, path, body, true, setupId);
    }
  }
  if (setupId !== undefined) rememberSetupVersion(setupId, response);
  return response;
}

async function parsed<T extends z.ZodType>(response: Response, schema: T): Promise<z.output<T>> {
  if (!response.ok) throw await toError(response);
  const result = schema.safeParse(response.status === 204 ? undefined : await response.json());
  if (!result.success) {
    throw new ApiRequestError(response.status, {
      code: 'invalid-response',
      message:
        'The wizard server sent an answer this page does not understand. Reload the page; if it persists, the server and page versions differ.',
    });
  }
  return result.data;
}

type Schema<O, K extends string> = O extends { [P in K]: infer S extends z.ZodType } ? S : never;

/** What a call names: the path's parameters, the query and the body, each as its route declares. */
export type CallInput<R extends RouteName, M extends HttpMethod> = (keyof PathParamsOf<R> extends never
  ? unknown
  : { params: PathParamsOf<R> }) &
  (OperationOf<R, M> extends { query: z.ZodType }
    ? { query?: z.input<Schema<OperationOf<R, M>, 'query'>> }
    : unknown) &
  (OperationOf<R, M> extends { body: z.ZodType }
    ? { body: z.input<Schema<OperationOf<R, M>, 'body'>> }
    : unknown);

/** The parsed JSON answer; the text of a 'text' route; nothing for a 204. */
export type CallOutput<R extends RouteName, M extends HttpMethod> =
  OperationOf<R, M> extends { response: infer S extends z.ZodType }
    ? z.output<S>
    : OperationOf<R, M> extends { response: 'text' }
      ? string
      : void;

type CallArgs<R extends RouteName, M extends HttpMethod> =
  object extends CallInput<R, M> ? [input?: CallInput<R, M>] : [input: CallInput<R, M>];

async function call<M extends HttpMethod, R extends RouteName>(
  method: M,
  name: R,
  input: { params?: Record<string, string | number>; query?: Query; body?: unknown } = {},
): Promise<CallOutput<R, M>> {
  const route = routes[name];
  const operation = (route as Partial<Record<HttpMethod, Operation>>)[method];
  if (!operation) throw new Error(`${method} ${route.path} is not a route of the server`);
  const path = withQuery(routeUrl(route.path, input.params ?? {}), input.query);
  // Unsafe requests always carry a JSON body ({} when the route reads none), as the server expects.
  const body = operation.body
    ? operation.body.parse(input.body)
    : method === 'GET' || method === 'DELETE'
      ? undefined
      : {};
  // Every route below /api/setups/:id is about that one setup.
  const setupId = route.path.startsWith('/api/setups/:id') ? String(input.params?.id ?? '') : undefined;
  const response =
    setupId !== undefined && UNSAFE.has(method)
      ? await queuedWrite(setupId, () => send(method, path, body, false, setupId))
      : await send(method, path, body, false, setupId);
  if (operation.response === 'text' || operation.response === 'empty') {
    if (!response.ok) throw await toError(response);
    return (operation.response === 'text' ? await response.text() : undefined) as CallOutput<R, M>;
  }
  return parsed(response, operation.response) as Promise<CallOutput<R, M>>;
}

function caller<M extends HttpMethod>(method: M) {
  return <R extends RouteWith<M>>(name: R, ...[input]: CallArgs<R, M>): Promise<CallOutput<R, M>> =>
    call(method, name, input as Parameters<typeof call>[2]);
}

export const api = {
  GET: caller('GET'),
  POST: caller('POST'),
  PUT: caller('PUT'),
  DELETE: caller('DELETE'),
};
