// The server's own failures, and how a Harbor failure becomes a plain message for the operator.
import type { HarborError } from '@hw/harbor-client';
import type { ApiError } from '@hw/wizard-api';
import type { z } from 'zod';

/** Thrown by handlers; the error handler sends `body` with `status` (and `headers`) as is. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message);
    this.name = 'ApiFailure';
  }
}

export function fail(status: number, code: string, message: string, extra: Partial<ApiError> = {}): never {
  throw new ApiFailure(status, { code, message, ...extra });
}

export function zodIssues(error: z.ZodError): NonNullable<ApiError['issues']> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** What Harbor itself answered, verbatim, for the `harbor` field of an error body. */
export function harborDetail(error: HarborError): NonNullable<ApiError['harbor']> {
  return { status: error.status, operation: error.operation, errors: error.errors };
}

const TLS_HINTS: Record<string, string> = {
  CERT_HAS_EXPIRED:
    'The Harbor certificate has expired. Renew it on the Harbor, or choose "skip verification" only if you accept the risk.',
  CERT_NOT_YET_VALID: 'The Harbor certificate is not valid yet; check the clocks of both machines.',
  ERR_TLS_CERT_ALTNAME_INVALID:
    'The certificate does not name this host. Use the host name the certificate was issued for (see its SAN list).',
  HOSTNAME_MISMATCH:
    'The certificate does not name this host. Use the host name the certificate was issued for.',
  SELF_SIGNED_CERT_IN_CHAIN:
    'The certificate is signed by a private CA. Paste that CA (PEM) under TLS → custom CA.',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The certificate is self-signed. Paste it (PEM) under TLS → custom CA.',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'The certificate chain is incomplete or from a private CA. Paste the CA (PEM) under TLS → custom CA.',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'The certificate is signed by an unknown CA. Paste that CA (PEM) under TLS → custom CA.',
};

// OpenSSL's verdicts when a plain-HTTP server answers the TLS handshake: no CA can help there.
const NOT_TLS_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
]);

function tlsFailure(error: HarborError, harborName: string, harbor: NonNullable<ApiError['harbor']>) {
  const code = error.tlsCode;
  if (code && NOT_TLS_CODES.has(code)) {
    return {
      code: 'harbor-not-tls',
      message: `The address of ${harborName} does not speak TLS (${code}): it answered in plain HTTP.`,
      hint: 'The URL starts with https:// but the port serves plain HTTP: try http://, or the port on which this Harbor serves HTTPS (usually 443).',
      harbor,
    };
  }
  return {
    code: 'harbor-tls',
    message: `The TLS certificate of ${harborName} was not accepted${code ? ` (${code})` : ''}.`,
    hint:
      (code && TLS_HINTS[code]) ??
      'Paste the CA that signed the certificate (PEM) under TLS → custom CA, or fix the certificate.',
    harbor,
  };
}

/** What a Harbor failure means in plain words, with Harbor's own `errors[]` kept verbatim. */
export function describeHarborError(
  error: HarborError,
  harborName = 'the Harbor',
): { status: number; body: ApiError } {
  const harbor = harborDetail(error);
  switch (error.kind) {
    case 'dns':
      return {
        status: 502,
        body: {
          code: 'harbor-dns',
          message: `The host name of ${harborName} could not be resolved.`,
          hint: 'Check the URL for typos, and that this server can resolve the name (DNS).',
          harbor,
        },
      };
    case 'refused':
      return {
        status: 502,
        body: {
          code: 'harbor-refused',
          message: `Nothing answered at the address of ${harborName} (connection refused).`,
          hint: 'Check the port in the URL and that Harbor is running.',
          harbor,
        },
      };
    case 'reset':
      return {
        status: 502,
        body: {
          code: 'harbor-reset',
          message: `${capitalize(harborName)} closed the connection before answering.`,
          hint: 'This is often temporary (a proxy or load balancer restarting): try again.',
          harbor,
        },
      };
    case 'timeout':
      return {
        status: 504,
        body: {
          code: 'harbor-timeout',
          message: `${capitalize(harborName)} did not answer in time.`,
          hint: 'Harbor may be overloaded or a firewall drops the traffic: try again, then check the network path.',
          harbor,
        },
      };
    case 'tls':
      return { status: 502, body: tlsFailure(error, harborName, harbor) };
    case 'network':
      return {
        status: 502,
        body: {
          code: 'harbor-network',
          message: `${capitalize(harborName)} could not be reached.`,
          hint: 'Check the URL and the network between this server and Harbor, then try again.',
          harbor,
        },
      };
    case 'invalid-response':
      return {
        status: 502,
        body: {
          code: 'harbor-invalid-response',
          message: `${capitalize(harborName)} answered with something that is not Harbor's API.`,
          hint: 'Check that the URL is the Harbor root (e.g. https://harbor.example.com, without /api/v2.0 or /harbor).',
          harbor,
        },
      };
    case 'redirect':
      return {
        status: 502,
        body: {
          code: 'harbor-redirect',
          message: error.redirectTo
            ? `${capitalize(harborName)} answered with a redirect: this URL redirects to ${error.redirectTo}: use that URL.`
            : `${capitalize(harborName)} answered with a redirect; this server never follows one.`,
          hint: 'Enter the final address of the Harbor (often its https:// URL) instead of one that redirects.',
          harbor,
        },
      };
    case 'too-large':
      return {
        status: 502,
        body: {
          code: 'harbor-too-large',
          message: `${capitalize(harborName)} sent an answer larger than this server reads (HARBOR_MAX_RESPONSE_MB).`,
          hint: 'Check that the URL is the Harbor root; an administrator can raise HARBOR_MAX_RESPONSE_MB if a real Harbor answer is that large.',
          harbor,
        },
      };
    case 'blocked-address':
      return {
        status: 403,
        body: {
          code: 'harbor-url-refused',
          message: `The address of ${harborName} is not allowed: ${error.message.replace(/^.*: /, '')}.`,
          hint: 'Enter the URL of your Harbor; link-local and cloud metadata addresses are never used.',
          harbor,
        },
      };
    case 'http':
      return describeHttpFailure(error, harborName, harbor);
  }
}

function describeHttpFailure(
  error: HarborError,
  harborName: string,
  harbor: NonNullable<ApiError['harbor']>,
): { status: number; body: ApiError } {
  const status = error.status ?? 502;
  const said = error.harborMessage ? ` Harbor said: "${error.harborMessage}".` : '';
  const Name = capitalize(harborName);
  const failure = (status: number, code: string, message: string, hint: string) => ({
    status,
    body: { code, message, hint, harbor },
  });
  if (status >= 500) {
    return failure(
      502,
      'harbor-server-error',
      `${Name} failed with an internal error (HTTP ${status}).`,
      'This is usually temporary: try again. If it persists, check the Harbor core log.',
    );
  }
  switch (status) {
    case 401:
      return failure(
        401,
        'harbor-unauthorized',
        `${Name} did not accept the credentials.${said}`,
        'Connect again with the right user name and password.',
      );
    case 403:
      return failure(
        403,
        'harbor-forbidden',
        `The account is not allowed to do this on ${harborName}.${said}`,
        'Use a system administrator account (or a project admin for project and robot steps).',
      );
    case 404:
      return failure(
        404,
        'harbor-not-found',
        `${Name} does not have what this step needs.${said}`,
        'It may have been deleted in Harbor meanwhile: go back one step and choose or create it again.',
      );
    case 409:
      return failure(
        409,
        'harbor-conflict',
        `It already exists on ${harborName}.${said}`,
        'Reuse the existing one, or pick another name.',
      );
    case 412:
      return failure(
        412,
        'harbor-precondition',
        `${Name} refused because something still depends on it.${said}`,
        'Stop running executions or remove what references it first, then retry.',
      );
    case 429:
      return failure(
        429,
        'harbor-rate-limited',
        `${Name} asks to slow down (too many requests).`,
        'Wait a moment and try again.',
      );
    default:
      return failure(
        400,
        'harbor-rejected',
        `${Name} rejected the request (HTTP ${status}).${said}`,
        'Correct the value Harbor names in its message and try again.',
      );
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
