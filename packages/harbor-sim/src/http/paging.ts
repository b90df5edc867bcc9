import type { FastifyReply, FastifyRequest } from 'fastify';
import { unprocessable } from './errors.ts';

export type Paging = { page: number; pageSize: number };
type Query = Record<string, string | string[] | undefined>;

function intParam(query: Query, name: string, fallback: number): number {
  const raw = query[name];
  // The last of repeated values wins, as go-swagger binds them.
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw unprocessable(`${name} in query must be of type int64: "${value}"`);
  return n;
}

/**
 * `page` (default 1) and `page_size` (default 10). The spec's only bound, `page_size` ≤ 100, is
 * enforced by the request binding; `lib/q` accepts any other number (page < 1 reads the first page,
 * page_size ≤ 0 lists everything: `lib/orm` only paginates when page_size > 0).
 */
export function parsePaging(request: FastifyRequest): Paging {
  const query = request.query as Query;
  const page = intParam(query, 'page', 1);
  const pageSize = intParam(query, 'page_size', 10);
  if (pageSize > 100) throw unprocessable('page_size in query should be less than or equal to 100');
  return { page, pageSize };
}

/** Slices one page and sets `X-Total-Count` and `Link` as `handler/base.go` does. */
export function pageOf<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  items: readonly T[],
  paging: Paging,
): T[] {
  const total = items.length;
  reply.header('x-total-count', String(total));
  const link = linkHeader(request, paging, total);
  if (link) reply.header('link', link);
  if (paging.pageSize <= 0) return [...items];
  const start = (Math.max(paging.page, 1) - 1) * paging.pageSize;
  return items.slice(start, start + paging.pageSize);
}

/** Go's url.QueryEscape: only [A-Za-z0-9-_.~] stay, a space becomes "+". */
function goQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function linkHeader(request: FastifyRequest, paging: Paging, total: number): string {
  const url = new URL(request.url, 'http://sim');
  const links: string[] = [];
  const build = (page: number): string => {
    const params = new URLSearchParams(url.search);
    params.set('page', String(page));
    params.set('page_size', String(paging.pageSize));
    const sorted = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const query = sorted.map(([k, v]) => `${goQueryEscape(k)}=${goQueryEscape(v)}`).join('&');
    return `<${url.pathname}?${query}>`;
  };
  if (paging.pageSize > 0) {
    if (paging.page > 1 && (paging.page - 1) * paging.pageSize < total)
      links.push(`${build(paging.page - 1)}; rel="prev"`);
    if (paging.page * paging.pageSize < total) links.push(`${build(paging.page + 1)}; rel="next"`);
  }
  return links.join(' , ');
}
