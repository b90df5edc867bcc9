// What of Harbor's API the browser may read through the proxy, and which of Harbor's response
// headers reach it: the pure rules behind routes/harbor-proxy.ts, kept apart so they are tested alone.
import type { IncomingHttpHeaders } from 'node:http';

/** Read-only Harbor API paths (after /api/v2.0) the web app may read. Repository names arrive URL-encoded. */
export const PROXY_ALLOWLIST: readonly RegExp[] = [
  /^\/systeminfo$/,
  /^\/projects$/,
  /^\/projects\/[^/]+$/,
  /^\/projects\/[^/]+\/repositories$/,
  /^\/projects\/[^/]+\/repositories\/[^/]+$/,
  /^\/projects\/[^/]+\/repositories\/[^/]+\/artifacts$/,
  /^\/projects\/[^/]+\/repositories\/[^/]+\/artifacts\/[^/]+$/,
  /^\/projects\/[^/]+\/repositories\/[^/]+\/artifacts\/[^/]+\/tags$/,
  /^\/repositories$/,
  /^\/labels$/,
  /^\/registries$/,
  /^\/registries\/\d+$/,
  /^\/registries\/\d+\/info$/,
  /^\/replication\/adapters$/,
  /^\/replication\/policies$/,
  /^\/replication\/policies\/\d+$/,
  /^\/replication\/executions$/,
  /^\/replication\/executions\/\d+$/,
  /^\/replication\/executions\/\d+\/tasks$/,
  /^\/replication\/executions\/\d+\/tasks\/\d+\/log$/,
];

/** Harbor's response headers the browser may see (with content-type and link, rewritten below). */
export const FORWARDED_RESPONSE_HEADERS = ['content-length', 'etag', 'last-modified', 'x-total-count'];
/** Encodings a browser decodes itself; the browser's accept-encoding is what Harbor chose from. */
const CONTENT_ENCODINGS = new Set(['gzip', 'deflate', 'br']);
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

export function isProxyPathAllowed(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  if (decoded.includes('..') || path.includes('\\')) return false;
  return PROXY_ALLOWLIST.some((re) => re.test(path));
}

/**
 * Harbor's pagination links (`handler/base.go` `Links`: `</api/v2.0/projects?page=2&page_size=10>;
 * rel="next"`) pointed at the proxy's own path; a link anywhere else is dropped.
 */
export function rewriteLinkHeader(value: string, prefix: string): string | undefined {
  const links: string[] = [];
  for (const match of value.matchAll(/<([^>]*)>\s*;\s*rel="?([a-z]+)"?/gi)) {
    let url: URL;
    try {
      url = new URL(match[1] ?? '', 'http://harbor.invalid');
    } catch {
      continue;
    }
    if (url.origin !== 'http://harbor.invalid' || !url.pathname.startsWith('/api/v2.0/')) continue;
    const path = url.pathname.slice('/api/v2.0'.length);
    if (!isProxyPathAllowed(path)) continue;
    links.push(`<${prefix}${path}${url.search}>; rel="${(match[2] ?? '').toLowerCase()}"`);
  }
  return links.length > 0 ? links.join(', ') : undefined;
}

/** The headers the browser gets from a Harbor answer: a fresh allowlisted set, never Harbor's own. */
export function browserHeaders(harbor: IncomingHttpHeaders, prefix: string): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = harbor[name];
    if (typeof value === 'string') out[name] = value;
  }
  const encoding = harbor['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && CONTENT_ENCODINGS.has(encoding)) out['content-encoding'] = encoding;
  // Anything but JSON is shown as text: HTML or script from Harbor never runs in the wizard's origin.
  out['content-type'] = JSON_TYPE.test(harbor['content-type'] ?? '')
    ? 'application/json; charset=utf-8'
    : 'text/plain; charset=utf-8';
  out['x-content-type-options'] = 'nosniff';
  const link = typeof harbor.link === 'string' ? rewriteLinkHeader(harbor.link, prefix) : undefined;
  if (link !== undefined) out.link = link;
  // @fastify/http-proxy has already pointed a Harbor location at the proxy; any other is dropped.
  const location = harbor.location;
  if (
    location?.startsWith(`${prefix}/`) &&
    isProxyPathAllowed(location.slice(prefix.length).split('?')[0] ?? '')
  )
    out.location = location;
  return out;
}
