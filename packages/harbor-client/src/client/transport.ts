// One HTTP round trip to Harbor: URL and header building, Basic auth, per-attempt timeout (which
// also bounds reading the body), a size cap on the answer, no redirect followed, retries of
// idempotent calls, and turning every failure into a HarborError.
import { encodeBasicAuth } from './basic-auth.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, readTextCapped } from './bounded-body.ts';
import type { HarborErrorItem, HarborRequestInfo, TransportFailure } from './harbor-error.ts';
import { HarborError, classifyTransportError, isTransportError } from './harbor-error.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export type TransportOptions = {
  /** Harbor root, e.g. "https://harbor.example.com" (no /api/v2.0). */
  baseUrl: string;
  /** Basic auth; robot names start with "robot$". */
  username?: string;
  password?: string;
  /** Injectable: msw in tests, the TLS-aware fetch from `@hw/harbor-client/node` on the server. */
  fetch?: typeof fetch;
  /** Per attempt, default 15000. */
  timeoutMs?: number;
  /** Idempotent GETs/HEADs only, on network errors and 502/503/504; default 2. */
  retries?: number;
  /** First backoff delay, doubled per retry and capped at 4 s; default 250. */
  retryDelayMs?: number;
  userAgent?: string;
  /** Largest answer read, in bytes (default 8 MB); a larger one is a `too-large` HarborError. */
  maxResponseBytes?: number;
};

export type RequestSpec = {
  operation: string;
  method: HttpMethod;
  /** Already-encoded path below the Harbor root, e.g. `/api/v2.0/projects/dst`. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Serialised as JSON with `Content-Type: application/json` (Harbor answers 422 to anything else). */
  body?: unknown;
  /** Send Basic credentials (default true). */
  auth?: boolean;
  /** Non-2xx statuses the caller handles itself instead of throwing. */
  allowStatus?: readonly number[];
};

export type HarborResponse = { status: number; headers: Headers; body: string; request: HarborRequestInfo };

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 4_000;
const RETRY_STATUSES = new Set([502, 503, 504]);

export type Transport = {
  baseUrl: string;
  send(spec: RequestSpec): Promise<HarborResponse>;
};

export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES));
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Resolved per call so a fetch patched after the client was created (msw in tests) is used.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const authorization =
    options.username === undefined ? undefined : encodeBasicAuth(options.username, options.password ?? '');

  function buildRequest(spec: RequestSpec): HarborRequestInfo {
    const url = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.append(key, String(value));
    }
    const qs = url.toString();
    const target = `${baseUrl}${spec.path}`;
    const headers: Record<string, string> = { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' };
    if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent;
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (spec.auth !== false && authorization !== undefined) headers.authorization = authorization;
    for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name.toLowerCase()] = value;
    return { method: spec.method, url: qs === '' ? target : `${target}?${qs}`, headers };
  }

  type Attempt = { response: HarborResponse } | { error: HarborError; retryable: boolean };

  async function attempt(spec: RequestSpec, request: HarborRequestInfo): Promise<Attempt> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
        // A redirect could point at any host (a metadata service, one outside the allowlist), and a
        // 307/308 would re-send the body, secrets included, there.
        redirect: 'manual',
      });
      if (isRedirect(res.status)) {
        await res.body?.cancel().catch(() => undefined);
        return { error: redirectError(spec.operation, request, baseUrl, res), retryable: false };
      }
      // Read the body under the same signal, so a stalled body also times out.
      const body = request.method === 'HEAD' ? '' : await readTextCapped(res, maxResponseBytes);
      return { response: { status: res.status, headers: res.headers, body, request } };
    } catch (cause) {
      if (!isTransportError(cause)) throw cause;
      const failure = classifyTransportError(cause);
      if (failure.kind === 'timeout' && failure.code === undefined)
        failure.detail = `no response within ${timeoutMs} ms`;
      const error = new HarborError(
        `${spec.operation}: ${failure.kind} error on ${request.method} ${stripQuery(request.url)}: ${failure.detail}`,
        {
          kind: failure.kind,
          operation: spec.operation,
          request,
          cause,
          ...(failure.kind === 'tls' && failure.code !== undefined ? { tlsCode: failure.code } : {}),
        },
      );
      return { error, retryable: isRetryableFailure(failure) };
    }
  }

  async function send(spec: RequestSpec): Promise<HarborResponse> {
    const request = buildRequest(spec);
    const idempotent = spec.method === 'GET' || spec.method === 'HEAD';
    for (let attemptNo = 0; ; attemptNo++) {
      const mayRetry = idempotent && attemptNo < retries;
      const outcome = await attempt(spec, request);
      if ('error' in outcome) {
        if (mayRetry && outcome.retryable) {
          await sleep(backoff(retryDelayMs, attemptNo));
          continue;
        }
        throw outcome.error;
      }
      const res = outcome.response;
      if (res.status >= 200 && res.status < 300) return res;
      if (spec.allowStatus?.includes(res.status)) return res;
      if (mayRetry && RETRY_STATUSES.has(res.status)) {
        await sleep(backoff(retryDelayMs, attemptNo));
        continue;
      }
      throw httpError(spec.operation, res);
    }
  }

  return { baseUrl, send };
}

/** 304 answers a conditional request (never sent here); every other 3xx points elsewhere. */
function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/**
 * Where to point the wizard instead: when the redirect keeps the requested path below the Harbor
 * root (http→https, another host name), the new root; otherwise the redirect target itself.
 */
export function redirectSuggestion(requestUrl: string, baseUrl: string, location: string): string {
  const below = new URL(requestUrl).pathname.slice(new URL(baseUrl).pathname.replace(/\/+$/, '').length);
  const target = new URL(location);
  if (below !== '' && below !== '/' && target.pathname.endsWith(below)) {
    const root = target.pathname.slice(0, target.pathname.length - below.length).replace(/\/+$/, '');
    return `${target.origin}${root}`;
  }
  return `${target.origin}${target.pathname}`;
}

function redirectError(
  operation: string,
  request: HarborRequestInfo,
  baseUrl: string,
  res: Response,
): HarborError {
  const raw = res.headers.get('location');
  let redirectTo: string | undefined;
  try {
    redirectTo =
      raw === null
        ? undefined
        : redirectSuggestion(request.url, baseUrl, new URL(raw, request.url).toString());
  } catch {
    redirectTo = undefined;
  }
  const where = `${request.method} ${stripQuery(request.url)} → HTTP ${res.status}`;
  const detail =
    redirectTo === undefined
      ? 'this URL redirects elsewhere (without a valid Location): use the final address of the Harbor'
      : `this URL redirects to ${redirectTo}: use that URL`;
  return new HarborError(`${operation}: ${where}: ${detail}`, {
    kind: 'redirect',
    status: res.status,
    operation,
    request,
    ...(redirectTo === undefined ? {} : { redirectTo }),
  });
}

function isRetryableFailure(failure: TransportFailure): boolean {
  if (
    failure.kind === 'reset' ||
    failure.kind === 'refused' ||
    failure.kind === 'timeout' ||
    failure.kind === 'network'
  ) {
    return true;
  }
  // A name that does not exist will not appear on retry; a resolver hiccup may. TLS never heals.
  return failure.kind === 'dns' && failure.code === 'EAI_AGAIN';
}

function backoff(base: number, attemptNo: number): number {
  return Math.min(base * 2 ** attemptNo, MAX_RETRY_DELAY_MS);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i === -1 ? url : url.slice(0, i);
}

// Harbor's error body is `{"errors":[{"code","message"}]}`; older/legacy handlers sometimes send a
// bare `{code,message}` or an array. Missing keys are tolerated (go-swagger omits empty strings).
export function parseHarborErrors(body: string): HarborErrorItem[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const list: unknown =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'errors' in parsed
      ? parsed.errors
      : parsed;
  const items = Array.isArray(list) ? (list as unknown[]) : [list];
  const out: HarborErrorItem[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const raw: unknown = 'code' in item ? item.code : undefined;
    const code = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
    const message = 'message' in item && typeof item.message === 'string' ? item.message : '';
    if (code !== '' || message !== '') out.push({ code, message });
  }
  return out;
}

export function httpError(operation: string, res: HarborResponse): HarborError {
  const where = `${res.request.method} ${stripQuery(res.request.url)}`;
  const trimmed = res.body.trim();
  const errors = trimmed === '' ? [] : parseHarborErrors(trimmed);
  let detail: string;
  if (trimmed === '') detail = '(empty response body)';
  else if (errors === undefined) detail = '(non-JSON response body)';
  else if (errors.length === 0) detail = '(no Harbor error details)';
  else detail = errors.map((e) => (e.code === '' ? e.message : `${e.code}: ${e.message}`)).join('; ');
  return new HarborError(`${operation}: ${where} → HTTP ${res.status} ${detail}`, {
    kind: 'http',
    status: res.status,
    errors: errors ?? [],
    operation,
    request: res.request,
  });
}

export function invalidResponse(operation: string, res: HarborResponse, why: string): HarborError {
  return new HarborError(
    `${operation}: ${res.request.method} ${stripQuery(res.request.url)} → HTTP ${res.status}: ${why}`,
    { kind: 'invalid-response', status: res.status, operation, request: res.request },
  );
}
