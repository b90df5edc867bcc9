// The wizard's own diagnosis of an endpoint URL, one layer at a time (DNS, TCP, TLS, HTTP, Harbor),
// each failure with its cause and a fix in plain words. Harbor itself only says "Failed to ping".
// It only ever probes the endpoint URL's own host and port, and never a denied address (link-local,
// cloud metadata): a denied one fails the DNS check, and the TCP/TLS probes connect through the
// same guarded lookup as every other outbound connection (no rebinding between check and connect).
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';

import { readTextCapped } from '@hw/harbor-client';
import { guardedLookup } from '@hw/harbor-client/node';
import type { ConnectionCheck } from '@hw/wizard-api';

import { blockedAddressReason } from '../harbor/address-denylist.ts';

const TIMEOUT_MS = 5_000;
/** /api/version is a few dozen bytes; anything near this is not a Harbor. */
const VERSION_BODY_LIMIT = 64 * 1024;
const guarded = guardedLookup(blockedAddressReason);

type Check = Omit<ConnectionCheck, 'id' | 'title'>;

export type Target = { url: URL; host: string; port: number };

export function diagnosisTarget(raw: string): Target {
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { url, host, port };
}

function deniedCheck(host: string, addresses: string[]): (Check & { addresses: string[] }) | null {
  for (const address of addresses) {
    const reason = blockedAddressReason(address);
    if (reason !== null) {
      return {
        status: 'fail',
        detail:
          address === host
            ? `${host} is ${reason}: this server does not connect there.`
            : `${host} resolves to ${reason}: this server does not connect there.`,
        cause: 'Link-local and cloud metadata addresses are never a Harbor.',
        fix: 'Use the address of the Harbor the rule should replicate with.',
        addresses: [],
      };
    }
  }
  return null;
}

export async function checkDns(t: Target): Promise<Check & { addresses: string[] }> {
  if (net.isIP(t.host) !== 0)
    return (
      deniedCheck(t.host, [t.host]) ?? {
        status: 'pass',
        detail: `${t.host} is an IP address; no DNS lookup needed.`,
        addresses: [t.host],
      }
    );
  try {
    const addresses = (await lookup(t.host, { all: true })).map((a) => a.address);
    const denied = deniedCheck(t.host, addresses);
    if (denied) return denied;
    return { status: 'pass', detail: `${t.host} resolves to ${addresses.join(', ')}.`, addresses };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return {
      status: 'fail',
      detail: `${t.host} could not be resolved (${code}).`,
      cause: 'The host name is unknown to the DNS this server uses.',
      fix: 'Check the spelling of the host, or use an address the Harbor running the rule can resolve (an IP or an internal name).',
      addresses: [],
    };
  }
}

/** IP literals never reach a lookup: a denied one is refused before any socket is opened. */
function refusedLiteral(t: Target): Check | null {
  const denied = deniedCheck(t.host, [t.host]);
  return denied && { status: denied.status, detail: denied.detail, cause: denied.cause, fix: denied.fix };
}

/** Ends a socket probe with its first verdict (or `timedOut` after TIMEOUT_MS), closing the socket. */
function settleOnce(socket: net.Socket, resolve: (check: Check) => void, timedOut: Check) {
  const done = (check: Check) => {
    socket.destroy();
    resolve(check);
  };
  socket.setTimeout(TIMEOUT_MS, () => done(timedOut));
  return done;
}

export function checkTcp(t: Target): Promise<Check> {
  const refused = refusedLiteral(t);
  if (refused) return Promise.resolve(refused);
  return new Promise((resolve) => {
    const socket = net.connect({ host: t.host, port: t.port, lookup: guarded });
    const done = settleOnce(socket, resolve, {
      status: 'fail',
      detail: `No answer from ${t.host}:${t.port} within ${TIMEOUT_MS / 1000} s.`,
      cause: 'A firewall drops the traffic, or the host is down.',
      fix: `Open port ${t.port} from the Harbor running the rule to ${t.host}, or check that the host is up.`,
    });
    socket.once('connect', () =>
      done({ status: 'pass', detail: `Port ${t.port} on ${t.host} accepts connections.` }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(
        error.code === 'ECONNREFUSED'
          ? {
              status: 'fail',
              detail: `Connection refused on port ${t.port} of ${t.host}: nothing listens there.`,
              cause: `Nothing listens on port ${t.port} of ${t.host}, as seen from the wizard's server.`,
              fix: `Check the port in the URL (443 for https, 80 for http, or the port Harbor was installed on) and that Harbor runs on ${t.host}.`,
            }
          : {
              status: 'fail',
              detail: `Connecting to ${t.host}:${t.port} failed (${error.code ?? error.message}).`,
              cause: 'The network path to the host is broken.',
              fix: 'Check routing and firewalls between the two Harbors.',
            },
      ),
    );
  });
}

function nameList(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  return '';
}

/**
 * OpenSSL's verdict when the first bytes back are not a TLS record, e.g. "HTTP/1.1 400" from a
 * plain-HTTP server answering the ClientHello.
 */
export function isPlainHttpAnswer(error: NodeJS.ErrnoException): boolean {
  return (
    error.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    error.code === 'ERR_SSL_HTTP_REQUEST' ||
    error.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    (error.code === 'EPROTO' &&
      /wrong version number|http request|packet length too long/i.test(error.message))
  );
}

function notTls(t: Target): Check {
  const plain = new URL(t.url.toString());
  plain.protocol = 'http:';
  return {
    status: 'fail',
    detail: `Port ${t.port} on ${t.host} does not speak TLS: it answered the TLS handshake in plain HTTP.`,
    cause: 'The URL starts with https:// but points at a plain-HTTP port; a CA certificate would not help.',
    fix: `Try ${plain.origin} (http://), or the port on which this Harbor serves HTTPS (usually 443).`,
  };
}

export function checkTls(t: Target, trust: { verify: boolean; ca?: string }): Promise<Check> {
  if (t.url.protocol !== 'https:') {
    return Promise.resolve({
      status: 'warn',
      detail: 'The endpoint uses plain HTTP: no TLS.',
      cause: "The robot's secret and the images travel unencrypted.",
      fix: 'Use the https:// address of the Harbor if it has one.',
    });
  }
  const refused = refusedLiteral(t);
  if (refused) return Promise.resolve(refused);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: t.host,
      port: t.port,
      servername: net.isIP(t.host) === 0 ? t.host : undefined,
      rejectUnauthorized: false,
      lookup: guarded,
      ...(trust.ca ? { ca: trust.ca } : {}),
    });
    const done = settleOnce(socket, resolve, {
      status: 'fail',
      detail: 'The TLS handshake did not finish in time.',
      cause: 'The port may not speak TLS.',
      fix: 'Check that the URL should start with https:// and the port is the HTTPS one.',
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const subject = nameList(cert.subject?.CN) || 'unknown subject';
      const issuer = nameList(cert.issuer?.CN) || nameList(cert.issuer?.O) || 'unknown issuer';
      const san = cert.subjectaltname ?? 'none';
      const detail = `Certificate for ${subject}, issued by ${issuer}, valid ${cert.valid_from} – ${cert.valid_to}; names: ${san}.`;
      const hostError = tls.checkServerIdentity(t.host, cert);
      const problem = !socket.authorized
        ? String(socket.authorizationError)
        : hostError
          ? 'ERR_TLS_CERT_ALTNAME_INVALID'
          : null;
      if (!problem) return done({ status: 'pass', detail });
      const expired = problem === 'CERT_HAS_EXPIRED';
      const check: Check = {
        status: trust.verify ? 'fail' : 'warn',
        detail: `${detail} Problem: ${problem}.`,
        cause: expired
          ? 'The certificate has expired.'
          : problem === 'ERR_TLS_CERT_ALTNAME_INVALID'
            ? `The certificate does not list ${t.host}.`
            : 'The certificate is not signed by a CA this check trusts (self-signed or a private CA).',
        fix: expired
          ? 'Renew the certificate on the Harbor.'
          : problem === 'ERR_TLS_CERT_ALTNAME_INVALID'
            ? `Use one of the names the certificate lists (${san}) in the endpoint URL.`
            : 'Give the endpoint the CA certificate (Harbor ≥ 2.15), or add the CA to the trust store of the Harbor running the rule; turning off "Verify Remote Cert" works but is insecure.',
      };
      done(check);
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(
        isPlainHttpAnswer(error)
          ? notTls(t)
          : {
              status: 'fail',
              detail: `TLS failed: ${error.code ?? error.message}.`,
              cause: 'The server did not complete a TLS handshake.',
              fix: 'Check that the port serves HTTPS.',
            },
      ),
    );
  });
}

const SUFFIXES = ['/api/v2.0', '/api', '/harbor', '/v2', '/c/login'];

export function suffixFix(url: URL): string | null {
  const path = url.pathname.replace(/\/+$/, '');
  if (!path) return null;
  const known = SUFFIXES.find((s) => path.toLowerCase().endsWith(s));
  return `Remove "${known ?? path}" from the endpoint URL: Harbor expects its root, e.g. ${url.origin}.`;
}

export async function checkHttpAndHarbor(
  t: Target,
  fetchFn: typeof fetch,
): Promise<{ http: Check; harbor: Check }> {
  const base = t.url.toString().replace(/\/+$/, '');
  let status: number;
  try {
    const res = await fetchFn(`${base}/api/version`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    status = res.status;
    const text = await readTextCapped(res, VERSION_BODY_LIMIT);
    const http: Check =
      status >= 500
        ? {
            status: 'fail',
            detail: `The server answered HTTP ${status}.`,
            cause: 'The server behind the URL has an internal error.',
            fix: 'Check the Harbor (core, nginx) logs on that side.',
          }
        : { status: 'pass', detail: `The server answers HTTP (status ${status} for /api/version).` };
    let version: string | undefined;
    try {
      const body = JSON.parse(text) as { version?: unknown };
      version = typeof body.version === 'string' ? body.version : undefined;
    } catch {
      version = undefined;
    }
    if (status === 200 && version)
      return { http, harbor: { status: 'pass', detail: `Harbor API ${version} answers at this URL.` } };
    const fix = suffixFix(t.url);
    if (status >= 300 && status < 400) {
      return {
        http,
        harbor: {
          status: 'fail',
          detail: `/api/version redirects (HTTP ${status}) to ${res.headers.get('location') ?? 'another address'}.`,
          cause: 'Harbor does not follow redirects when it replicates.',
          fix: fix ?? 'Use the final address (often https:// instead of http://) as the endpoint URL.',
        },
      };
    }
    return {
      http,
      harbor: {
        status: 'fail',
        detail:
          status === 404
            ? 'No Harbor API at this URL (/api/version not found).'
            : `/api/version answered HTTP ${status} without a Harbor version.`,
        cause: fix
          ? 'The URL has a path after the host; Harbor adds /api/v2.0 itself.'
          : 'This address is not a Harbor 2.x (perhaps a plain registry, a proxy page, or Harbor 1.x).',
        fix:
          fix ??
          'Enter the URL of the Harbor portal (the address you log in to), e.g. https://harbor.example.com.',
      },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failed: Check = {
      status: 'fail',
      detail: `No HTTP answer: ${message}.`,
      cause: 'The connection broke before an HTTP answer arrived.',
      fix: 'See the TCP and TLS checks above.',
    };
    return { http: failed, harbor: { status: 'skip', detail: 'Skipped: no HTTP answer.' } };
  }
}
