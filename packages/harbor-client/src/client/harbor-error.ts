// The one error type every Harbor call throws: HTTP failures carry Harbor's `errors[]`, transport
// failures carry a classified `kind` (and `tlsCode`) dug out of undici's nested `cause` chain.

export type HarborFailureKind =
  | 'http'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'tls'
  | 'network'
  | 'invalid-response'
  /** A 3xx: never followed (it could point anywhere, and a 307 would re-send the body); see `location`. */
  | 'redirect'
  /** The answer exceeded the client's size cap and was not read further. */
  | 'too-large'
  /** The host resolved to an address the caller refuses to connect to (link-local, cloud metadata…). */
  | 'blocked-address';

/** Error code of a connection refused by a `guardedLookup` (harbor-client/node). */
export const BLOCKED_ADDRESS_CODE = 'ERR_HARBOR_BLOCKED_ADDRESS';
/** Error code of an answer larger than the client's size cap. */
export const TOO_LARGE_CODE = 'ERR_HARBOR_RESPONSE_TOO_LARGE';

export type HarborErrorItem = { code: string; message: string };

export type HarborRequestInfo = { method: string; url: string; headers: Record<string, string> };

export type HarborErrorInit = {
  kind: HarborFailureKind;
  operation: string;
  request: HarborRequestInfo;
  status?: number;
  errors?: HarborErrorItem[];
  tlsCode?: string;
  /** For `kind: 'redirect'`: the URL to use instead (the new Harbor root when the path was kept). */
  redirectTo?: string;
  cause?: unknown;
};

export const REDACTED = '[redacted]';

// Header names whose values are credentials; matched case-insensitively.
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-harbor-csrf-token']);

export function redactRequest(request: HarborRequestInfo): HarborRequestInfo {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return { method: request.method, url: redactUrl(request.url), headers };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

export class HarborError extends Error {
  override name = 'HarborError';
  kind: HarborFailureKind;
  status?: number;
  errors: HarborErrorItem[];
  operation: string;
  request: HarborRequestInfo;
  tlsCode?: string;
  redirectTo?: string;

  constructor(message: string, init: HarborErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.operation = init.operation;
    // Redacted here, in the constructor, so no code path can build an error that leaks credentials.
    this.request = redactRequest(init.request);
    this.errors = init.errors ?? [];
    if (init.status !== undefined) this.status = init.status;
    if (init.tlsCode !== undefined) this.tlsCode = init.tlsCode;
    if (init.redirectTo !== undefined) this.redirectTo = redactUrl(init.redirectTo);
  }

  get harborMessage(): string | undefined {
    return this.errors[0]?.message;
  }

  // `cause` (the raw transport error) is left out: it is not serialisable and adds nothing for logs.
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      status: this.status,
      errors: this.errors,
      operation: this.operation,
      request: this.request,
      tlsCode: this.tlsCode,
      redirectTo: this.redirectTo,
    };
  }
}

export function isHarborError(e: unknown): e is HarborError {
  return e instanceof HarborError;
}

// OpenSSL verification codes Node reports for a certificate problem (plus Node's own hostname check).
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export type TransportFailure = { kind: HarborFailureKind; code?: string; detail: string };

function codeOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

function nameOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string') return e.name;
  return undefined;
}

// Node's fetch throws `TypeError: fetch failed` and hides the reason in `cause` (sometimes
// `cause.cause`, or an AggregateError's `errors` when several addresses were tried).
function causeChain(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.length < 20) {
    const e = queue.shift();
    if (e === undefined || e === null || seen.includes(e)) continue;
    seen.push(e);
    if (typeof e === 'object') {
      if ('cause' in e) queue.push(e.cause);
      if ('errors' in e && Array.isArray(e.errors)) queue.push(...(e.errors as unknown[]));
    }
  }
  return seen;
}

function kindOfCode(code: string): HarborFailureKind | undefined {
  if (code === BLOCKED_ADDRESS_CODE) return 'blocked-address';
  if (code === TOO_LARGE_CODE) return 'too-large';
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return 'tls';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME')
    return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED')
    return 'reset';
  if (
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return 'timeout';
  }
  return undefined;
}

/**
 * Whether a rejection from fetch is a transport failure (fetch's TypeError, an abort/timeout, or a
 * system error code) rather than an application error thrown by an injected fetch wrapper, which
 * must reach the caller unchanged.
 */
export function isTransportError(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  return causeChain(error).some((e) => {
    const name = nameOf(e);
    return name === 'AbortError' || name === 'TimeoutError' || codeOf(e) !== undefined;
  });
}

export function classifyTransportError(error: unknown): TransportFailure {
  const chain = causeChain(error);
  for (const e of chain) {
    if (nameOf(e) === 'TimeoutError') return { kind: 'timeout', detail: 'request timed out' };
  }
  for (const e of chain) {
    const code = codeOf(e);
    const kind = code === undefined ? undefined : kindOfCode(code);
    if (kind !== undefined && code !== undefined) {
      return { kind, code, detail: e instanceof Error ? `${code}: ${e.message}` : code };
    }
  }
  const innermost = chain[chain.length - 1];
  const code = chain.map(codeOf).find((c) => c !== undefined);
  const detail = innermost instanceof Error ? innermost.message : String(innermost);
  return code === undefined ? { kind: 'network', detail } : { kind: 'network', code, detail };
}
