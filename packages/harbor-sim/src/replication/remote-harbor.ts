import { createHarborFetch, type HarborTls } from '@hw/harbor-client/node';
import { SimHttpError, codeForStatus, internal } from '../http/errors.ts';

export type Credential = { username: string; password: string };
/** A registry's TLS settings: `ca_certificate` overrides `insecure` (2.15). */
export type RemoteTls = { insecure: boolean; caCertificate?: string };

const fetchers = new Map<string, typeof fetch>();

function fetcherFor(tls: RemoteTls | undefined): typeof fetch {
  const mode: HarborTls = tls?.caCertificate
    ? { mode: 'ca', caPem: tls.caCertificate }
    : tls?.insecure
      ? { mode: 'insecure' }
      : { mode: 'verify' };
  const key = JSON.stringify(mode);
  let f = fetchers.get(key);
  if (!f) {
    f = createHarborFetch({ tls: mode });
    fetchers.set(key, f);
  }
  return f;
}

const TLS_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  SELF_SIGNED_CERT_IN_CHAIN:
    'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  CERT_HAS_EXPIRED: 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID:
    'tls: failed to verify certificate: x509: certificate is not valid for this host',
};

const TIMEOUT_MS = 10_000;

/** A network failure worded like Go's net/http error, as Harbor logs and reports it. */
export function describeFetchError(method: string, url: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const target = new URL(url);
  const hostPort = `${target.hostname}:${target.port || (target.protocol === 'https:' ? '443' : '80')}`;
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  if (cause?.code && TLS_MESSAGES[cause.code]) return `${verb} "${url}": ${TLS_MESSAGES[cause.code]}`;
  if (cause?.code === 'ECONNREFUSED')
    return `${verb} "${url}": dial tcp ${hostPort}: connect: connection refused`;
  if (cause?.code === 'ENOTFOUND')
    return `${verb} "${url}": dial tcp: lookup ${target.hostname}: no such host`;
  if ((error as Error).name === 'TimeoutError')
    return `${verb} "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
  return `${verb} "${url}": ${cause?.message ?? (error as Error).message}`;
}

/** A remote call that failed on the network (not an HTTP status). */
export class NetworkError extends Error {}

/**
 * Which Harbor client made the failed call, since each words a non-2xx answer its own way:
 * - `api`: the adapter's REST calls go through `common/http.Client`, whose `*Error` prints
 *   `http error: code %d, message %s` with the raw body (`src/common/http/error.go` `Error.Error`,
 *   returned by `Client.do` and `GetAndIteratePagination` in `src/common/http/client.go`);
 * - `registry`: `/v2/` calls and the token service print `http status code: %d, body: %s`
 *   (`src/pkg/registry/client.go` `client.do`, `src/pkg/registry/auth/bearer/authorizer.go` `fetchToken`).
 */
export type RemoteClient = 'api' | 'registry';

/** A remote call that answered with a non-2xx status; Harbor passes that status through. */
export class RemoteStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly url: string,
    client: RemoteClient = 'api',
  ) {
    // Go keeps the body as read (`string(data)`), trailing newline included.
    super(
      client === 'api'
        ? `http error: code ${status}, message ${body}`
        : `http status code: ${status}, body: ${body}`,
    );
  }
}

function basicHeader(credential: Credential | undefined): Record<string, string> {
  if (!credential || (!credential.username && !credential.password)) return {};
  return {
    authorization: `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`,
  };
}

/**
 * What the replication adapter of a Harbor does against a remote Harbor, over real HTTP: the
 * `/api/version` probe, the registry token dance (`/v2/` challenge → realm), API calls with Basic
 * credentials and registry calls with bearer tokens.
 */
export class RemoteHarbor {
  private readonly tokens = new Map<string, string>();
  private challenge?: { realm: string; service: string };

  private readonly fetch: typeof fetch;

  constructor(
    readonly url: string,
    private readonly credential: Credential | undefined,
    tls?: RemoteTls,
  ) {
    this.fetch = fetcherFor(tls);
  }

  private get hasCredential(): boolean {
    return !!this.credential && (this.credential.username !== '' || this.credential.password !== '');
  }

  async request(
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: Buffer | string } = {},
  ): Promise<Response> {
    try {
      return await this.fetch(url, {
        method,
        headers: init.headers,
        body: init.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new NetworkError(describeFetchError(method, url, error));
    }
  }

  /** `GET /api/version` with Basic: 2 for Harbor 2, 1 when it answers 404; other statuses throw. */
  async apiVersion(): Promise<1 | 2> {
    const url = `${this.url}/api/version`;
    const res = await this.request('GET', url, { headers: basicHeader(this.credential) });
    const text = await res.text();
    if (res.status === 404) return 1;
    if (!res.ok) throw new RemoteStatusError(res.status, text, url);
    try {
      JSON.parse(text);
    } catch {
      throw new NetworkError(`failed to parse the response of ${url}: invalid character`);
    }
    return 2;
  }

  /** The native adapter's HealthCheck: token dance with credentials, PingSimple without. */
  async healthy(): Promise<boolean> {
    try {
      if (!this.hasCredential) {
        const res = await this.request('GET', `${this.url}/v2/`);
        await res.arrayBuffer();
        return res.ok || res.status === 401 || res.status === 403;
      }
      this.tokens.clear();
      const token = await this.token('');
      const res = await this.request('GET', `${this.url}/v2/`, {
        headers: token ? { authorization: `Bearer ${token}` } : basicHeader(this.credential),
      });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      // Harbor only logs health-check errors; the caller sees "unhealthy".
      return false;
    }
  }

  /** Reads the challenge of `GET {scheme}://{host}/v2/` (the URL path is dropped, as Harbor does). */
  private async readChallenge(): Promise<{ realm: string; service: string } | undefined> {
    if (this.challenge) return this.challenge;
    const origin = new URL(this.url).origin;
    const res = await this.request('GET', `${origin}/v2/`);
    await res.arrayBuffer();
    const header = res.headers.get('www-authenticate') ?? '';
    if (!/^bearer /i.test(header)) return undefined;
    const params = new Map(
      [...header.matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']),
    );
    this.challenge = { realm: params.get('realm') ?? '', service: params.get('service') ?? '' };
    return this.challenge;
  }

  /** A bearer token for `scope` ('' = no scope, as the health check asks). */
  async token(scope: string): Promise<string | undefined> {
    const cached = this.tokens.get(scope);
    if (cached) return cached;
    const challenge = await this.readChallenge();
    if (!challenge) return undefined;
    const url = new URL(challenge.realm);
    url.searchParams.set('service', challenge.service);
    if (scope) url.searchParams.set('scope', scope);
    const res = await this.request('GET', url.toString(), { headers: basicHeader(this.credential) });
    const text = await res.text();
    if (!res.ok) throw new RemoteStatusError(res.status, text, url.toString(), 'registry');
    const token = (JSON.parse(text) as { token?: string }).token ?? '';
    this.tokens.set(scope, token);
    return token;
  }

  /** An API call with Basic credentials; non-2xx throws RemoteStatusError. */
  async api(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; headers: Headers; json: unknown }> {
    const url = `${this.url}${path}`;
    const headers: Record<string, string> = { ...basicHeader(this.credential) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.request(method, url, {
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new RemoteStatusError(res.status, text, url);
    return {
      status: res.status,
      headers: res.headers,
      json: text.trim() ? (JSON.parse(text) as unknown) : null,
    };
  }

  /** A registry call with a bearer token for `repository:<repo>:<actions>`. */
  async registry(
    method: string,
    repo: string,
    actions: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Buffer | string } = {},
  ): Promise<Response> {
    const token = await this.token(`repository:${repo}:${actions}`);
    const headers = {
      ...(init.headers ?? {}),
      ...(token ? { authorization: `Bearer ${token}` } : basicHeader(this.credential)),
    };
    return this.request(method, path.startsWith('http') ? path : `${this.url}${path}`, {
      headers,
      body: init.body,
    });
  }
}

/** Turns a failure of the remote probe into the error Harbor's handler answers (§7). */
export function remoteFailureToHttpError(error: unknown): SimHttpError {
  if (error instanceof RemoteStatusError) {
    return new SimHttpError(codeForStatus(error.status), error.body.trim(), error.status);
  }
  if (error instanceof SimHttpError) return error;
  return internal(error instanceof Error ? error.message : String(error));
}
