// The route table of wizard-api is served exactly: every method + path of the table answers (with a
// valid session and CSRF token, so an unknown route would reach the 404), and the server serves no
// /api route the table does not declare.
import type { HttpMethod } from '@hw/wizard-api';
import { CSRF_HEADER, HTTP_METHODS, apiPaths, routeUrl, routes } from '@hw/wizard-api';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';

import { wizardApp } from '../../src/app.ts';
import { Browser, testConfig } from '../helpers.ts';

// Every route the app registers, as Fastify sees it (the table's own view plays no part here).
const registered: { method: string; url: string }[] = [];
const app = Fastify();
app.addHook('onRoute', (route) => {
  for (const method of [route.method].flat()) registered.push({ method, url: route.url ?? route.path });
});
await app.register(wizardApp, { config: testConfig() });
await app.ready();
afterAll(() => app.close());

const browser = await Browser.started(app);

const SAMPLE: Record<string, string | number> = {
  id: 'some-setup',
  side: 'source',
  executionId: 1,
  taskId: 2,
  '*': 'projects',
};
const TABLE: [HttpMethod, string, string][] = Object.values(routes).flatMap((route) =>
  HTTP_METHODS.filter((method) => method in route).map((method): [HttpMethod, string, string] => [
    method,
    route.path,
    routeUrl(route.path, SAMPLE),
  ]),
);

/**
 * A Fastify path matches a table path when each `:param` of the table stands for one segment; a
 * trailing `*` also covers the bare prefix (a wildcard route registers both).
 */
function declares(path: string, url: string): boolean {
  const pattern = path
    .replace(/[.]/g, '\\.')
    .replace(/:[A-Za-z]+/g, '[^/]+')
    .replace(/\/\*$/, '(/\\*|/)?');
  return new RegExp(`^${pattern}$`).test(url);
}

/** A server-sent events route never ends: its headers tell enough (an error answer is read whole). */
async function answerOfStream(url: string) {
  const { statusCode, headers, stream } = await browser.openStream(url);
  let text = '';
  if (String(headers['content-type']).includes('json')) {
    for await (const chunk of stream) text += String(chunk);
  } else stream.destroy();
  return { statusCode, headers, json: <T>() => JSON.parse(text) as T };
}

describe('route table', () => {
  it.each(TABLE)('%s %s is served', async (method, _path, url) => {
    // A fresh token each time: "Forget me" (DELETE /api/session) rotates the session and its token.
    await browser.start();
    const res = url.endsWith('/events')
      ? await answerOfStream(url)
      : await browser.request(method, url, method === 'GET' ? undefined : {});
    const body = String(res.headers['content-type']).includes('json') ? res.json<{ code?: string }>() : {};
    expect(body.code, `${method} ${url}`).not.toBe('not-found');
    expect(body.code, `${method} ${url}`).not.toBe('csrf');
    expect(res.statusCode).toBeLessThan(500);
  });

  it.each(TABLE.filter(([method]) => method !== 'GET'))(
    '%s %s refuses a request without the CSRF token',
    async (method, _path, url) => {
      const res = await browser.request(method, url, {}, { [CSRF_HEADER]: '' });
      expect(res.statusCode).toBe(403);
      expect(res.json<{ code: string }>().code).toBe('csrf');
    },
  );

  it('serves the table as an OpenAPI document, every route and method in it', async () => {
    const doc = (await browser.get(apiPaths.openapi)).json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const described = TABLE.filter(([, path]) => !path.endsWith('*')).filter(
      ([method, path]) =>
        doc.paths[path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()] === undefined,
    );
    expect(described).toEqual([]);
  });

  it('every /api route the server registers is declared in the table', () => {
    const api = registered.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThanOrEqual(TABLE.length);
    const undeclared = api.filter(
      (r) => !TABLE.some(([method, path]) => method === r.method && declares(path, r.url)),
    );
    expect(undeclared).toEqual([]);
  });

  it('every route of the table is registered', () => {
    const missing = TABLE.filter(
      ([method, path]) => !registered.some((r) => r.method === method && declares(path, r.url)),
    );
    expect(missing).toEqual([]);
  });
});
