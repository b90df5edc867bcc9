// What a Harbor behind the proxy sees of the browser, and what the browser sees of the Harbor: a
// recording stand-in takes the place of the connected target Harbor.
import type { IncomingHttpHeaders } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PROXY_DISPATCHER_HEADER } from '../../src/harbor/proxy-dispatchers.ts';
import { Browser, makeApp, testConfig } from '../helpers.ts';
import { connectedSetup, startSims, TARGET_ADMIN } from '../sims.ts';

const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
const LOG = Array.from({ length: 20_000 }, (_, i) => `2026-11-26T19:00:00Z [INFO] line ${i}`).join('\n');
const harbor = http.createServer((req, res) => {
  seen.push({ url: req.url ?? '', headers: req.headers });
  if (req.url === '/api/v2.0/projects') {
    res.writeHead(200, {
      'content-type': 'application/json',
      'set-cookie': 'sid=harbor-session; Path=/',
      'x-harbor-csrf-token': 'csrf-from-harbor',
      'x-total-count': '1',
      location: '/api/v2.0/projects/1',
    });
    res.end('[{"name":"library"}]');
  } else if (req.url === '/api/v2.0/replication/executions/1/tasks/2/log') {
    // Chunked, no length: streamed through, not buffered.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write(LOG.slice(0, 1000));
    setImmediate(() => res.end(LOG.slice(1000)));
  } else if (req.url === '/api/v2.0/systeminfo') {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"SERVICE_UNAVAILABLE","message":"busy"}]}');
  } else {
    res.writeHead(404).end();
  }
});

const sims = await startSims();
const { app } = await makeApp(testConfig());
let browser: Browser;

beforeAll(async () => {
  await new Promise<void>((resolve) => harbor.listen(0, '127.0.0.1', resolve));
  browser = await Browser.started(app);
  const setupId = await connectedSetup(browser, sims);
  const setup = await app.ctx.storage.getSetup(setupId);
  if (!setup) throw new Error('setup missing');
  const target = setup.internal.connections.target!;
  setup.internal.connections.target = {
    ...target,
    url: `http://127.0.0.1:${(harbor.address() as AddressInfo).port}`,
  };
  await app.ctx.storage.saveSetup(setup);
});

afterAll(async () => {
  await app.close();
  await sims.close();
  await new Promise<void>((resolve) => harbor.close(() => resolve()));
});

describe('the proxy between browser and Harbor', () => {
  it('passes only content negotiation and the injected credentials to Harbor', async () => {
    seen.length = 0;
    const res = await browser.request('GET', apiPaths.harborProxy('target', 'projects'), undefined, {
      authorization: 'Basic bWFsbG9yeTpwdw==',
      'accept-language': 'de',
      origin: 'https://evil.example.com',
      'x-forwarded-for': '203.0.113.9',
      'x-csrf-token': 'browser-token',
      [PROXY_DISPATCHER_HEADER]: 'd99',
    });
    expect(res.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    const headers = seen[0]!.headers;
    expect(headers.authorization).toBe(
      `Basic ${Buffer.from(`${TARGET_ADMIN.username}:${TARGET_ADMIN.password}`).toString('base64')}`,
    );
    expect(headers['accept-language']).toBe('de');
    for (const name of ['cookie', 'origin', 'x-forwarded-for', 'x-csrf-token', PROXY_DISPATCHER_HEADER]) {
      expect(headers[name], name).toBeUndefined();
    }
  });

  it("drops Harbor's cookies and CSRF token and points its locations at the proxy", async () => {
    const res = await browser.get(apiPaths.harborProxy('target', 'projects'));
    expect(res.body).toBe('[{"name":"library"}]');
    expect(res.headers['x-total-count']).toBe('1');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['x-harbor-csrf-token']).toBeUndefined();
    expect(res.headers.location).toBe('/api/harbor/target/projects/1');
  });

  it('streams an answer of unknown length through whole', async () => {
    const res = await browser.get(apiPaths.harborProxy('target', 'replication/executions/1/tasks/2/log'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(LOG);
  });

  it("hands Harbor's own 503 to the browser once, without retrying it", async () => {
    seen.length = 0;
    const res = await browser.get(apiPaths.harborProxy('target', 'systeminfo'));
    expect(res.statusCode).toBe(503);
    expect(res.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe('SERVICE_UNAVAILABLE');
    expect(seen).toHaveLength(1);
  });

  it('answers a Harbor that drops the connection with a 502 in the API error shape', async () => {
    const dropping = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const setupId = (await browser.get(apiPaths.session)).json<{ currentSetupId: string }>().currentSetupId;
    const setup = (await app.ctx.storage.getSetup(setupId))!;
    const saved = setup.internal.connections.target!;
    setup.internal.connections.target = {
      ...saved,
      url: `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`,
    };
    await app.ctx.storage.saveSetup(setup);
    const res = await browser.get(apiPaths.harborProxy('target', 'projects'));
    expect(res.statusCode).toBe(502);
    expect(apiErrorSchema.parse(res.json()).code).toBe('harbor-network');
    setup.internal.connections.target = saved;
    await app.ctx.storage.saveSetup(setup);
    await new Promise<void>((resolve) => dropping.close(() => resolve()));
  });
});
