// Same-origin client for apps/server: every response is parsed with the wizard-api schema, every
// error body with `apiErrorSchema`, and unsafe methods carry the session's CSRF token.
import { apiErrorSchema, apiPaths, CSRF_HEADER, sessionSchema } from '@hw/wizard-api';
import type { Session } from '@hw/wizard-api';
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

async function getCsrfToken(): Promise<string> {
  if (csrfToken) return csrfToken;
  csrfRequest ??= request('GET', apiPaths.session, sessionSchema).then((session: Session) => {
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

async function send(method: string, path: string, body?: unknown, retried = false): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) headers[CSRF_HEADER] = await getCsrfToken();
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
      return send(method, path, body, true);
    }
  }
  return response;
}

async function request<T extends z.ZodType>(
  method: string,
  path: string,
  schema: T,
  body?: unknown,
): Promise<z.output<T>> {
  const response = await send(method, path, body);
  if (!response.ok) throw await toError(response);
  const json: unknown = response.status === 204 ? undefined : await response.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(response.status, {
      code: 'invalid-response',
      message:
        'The wizard server sent an answer this page does not understand. Reload the page; if it persists, the server and page versions differ.',
    });
  }
  return parsed.data;
}

export const api = {
  get: <T extends z.ZodType>(path: string, schema: T, query?: Query) =>
    request('GET', withQuery(path, query), schema),
  post: <T extends z.ZodType>(path: string, schema: T, body?: unknown) =>
    request('POST', path, schema, body ?? {}),
  put: <T extends z.ZodType>(path: string, schema: T, body?: unknown) =>
    request('PUT', path, schema, body ?? {}),
  /** For endpoints without a JSON body (204). */
  async delete(path: string): Promise<void> {
    const response = await send('DELETE', path);
    if (!response.ok) throw await toError(response);
  },
  /** Plain-text answers (task logs). */
  async text(path: string): Promise<string> {
    const response = await send('GET', path);
    if (!response.ok) throw await toError(response);
    return response.text();
  },
};
