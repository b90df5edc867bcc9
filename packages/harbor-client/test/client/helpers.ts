// Shared msw setup for the client tests: a fake Harbor origin, a client pointed at it, and a
// recorder that keeps every request exactly as it went over the wire.
import type { HttpResponseResolver } from 'msw';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { HarborClientOptions } from '../../src/client/create-harbor-client.ts';
import { createHarborClient } from '../../src/client/create-harbor-client.ts';

export const BASE = 'https://harbor.test';
export const USER = 'admin';
export const PASSWORD = 'Harbor12345';
export const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

export const server = setupServer();

export function useMswServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

export function testClient(options: Partial<HarborClientOptions> = {}) {
  return createHarborClient({
    baseUrl: BASE,
    username: USER,
    password: PASSWORD,
    retryDelayMs: 1,
    ...options,
  });
}

export type Recorded = {
  method: string;
  path: string;
  /** The raw (still-encoded) path, for double-encoding checks. */
  rawPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  text: string;
};

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

/** Installs one handler and returns the list its requests are recorded into. */
export function on(method: Method, path: string, resolver: HttpResponseResolver): Recorded[] {
  const seen: Recorded[] = [];
  server.use(
    http[method](`${BASE}${path}`, async (info) => {
      const url = new URL(info.request.url);
      const text = await info.request.clone().text();
      let body: unknown = undefined;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      seen.push({
        method: info.request.method,
        path: decodeURIComponent(url.pathname),
        rawPath: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(info.request.headers),
        body,
        text,
      });
      return resolver(info);
    }),
  );
  return seen;
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}
