// Drives the wizard server over real HTTP the way the web app does: one cookie jar per client, the
// CSRF token from GET /api/session on every unsafe method.
import { CSRF_HEADER, apiPaths } from '@hw/wizard-api';

export type ApiResponse<T = unknown> = { status: number; body: T; text: string; ms: number };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly text: string,
  ) {
    super(`${method} ${path} → ${status}: ${text.slice(0, 400)}`);
  }
}

export class ApiClient {
  cookie = '';
  csrf = '';
  /** Every response status this client saw, for "no error" checks. */
  readonly statuses: number[] = [];

  constructor(
    readonly baseUrl: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    const res = await this.get<{ csrfToken: string }>(apiPaths.session);
    this.csrf = res.body.csrfToken;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...this.extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers[CSRF_HEADER] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    for (const set of res.headers.getSetCookie()) {
      const pair = set.split(';')[0];
      if (pair) this.cookie = pair;
    }
    this.statuses.push(res.status);
    if (res.status >= 400) throw new ApiError(res.status, method, path, text);
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, text, ms };
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }
  put<T = unknown>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, body);
  }
}
