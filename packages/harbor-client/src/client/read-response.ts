// Decoding of successful Harbor responses: JSON bodies, pages with X-Total-Count, and the id of a
// created resource, which Harbor only reports in the Location header (the 201 body is empty).
import type { Page } from './pagination.ts';
import type { HarborResponse } from './transport.ts';
import { invalidResponse } from './transport.ts';

export function readJson<T>(operation: string, res: HarborResponse): T {
  if (res.body.trim() === '') throw invalidResponse(operation, res, 'expected a JSON body, got an empty one');
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw invalidResponse(operation, res, 'expected a JSON body, got something else');
  }
}

export function readObject<T>(operation: string, res: HarborResponse): T {
  const value = readJson<unknown>(operation, res);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidResponse(operation, res, 'expected a JSON object');
  }
  return value as T;
}

export function readArray<T>(operation: string, res: HarborResponse): T[] {
  const value = readJson<unknown>(operation, res);
  // go-swagger can encode an empty slice as null.
  if (value === null) return [];
  if (!Array.isArray(value)) throw invalidResponse(operation, res, 'expected a JSON array');
  return value as T[];
}

export function readPage<T>(operation: string, res: HarborResponse, map: (item: T) => T = (x) => x): Page<T> {
  const items = readArray<T>(operation, res).map(map);
  const header = res.headers.get('x-total-count');
  const total = header !== null && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
  if (total !== undefined) return { items, total };
  // Without the header the best honest answer is "what came back so far".
  const params = new URL(res.request.url, 'http://relative.invalid').searchParams;
  const page = Number(params.get('page') ?? '1');
  const pageSize = Number(params.get('page_size') ?? '10');
  return { items, total: (page - 1) * pageSize + items.length };
}

export function readCreatedId(operation: string, res: HarborResponse): { id: number } {
  const location = res.headers.get('location');
  if (location === null || location.trim() === '') {
    throw invalidResponse(operation, res, 'created, but the response has no Location header');
  }
  const path = new URL(location.trim(), 'http://relative.invalid').pathname;
  const last =
    path
      .split('/')
      .filter((s) => s !== '')
      .pop() ?? '';
  if (!/^\d+$/.test(last)) {
    throw invalidResponse(operation, res, `created, but the Location "${location}" does not end in an id`);
  }
  return { id: Number(last) };
}
