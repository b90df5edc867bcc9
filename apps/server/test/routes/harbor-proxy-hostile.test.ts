// A hostile Harbor behind the proxy: what it sends must not become the wizard's answer (its HTML,
// its CSP, cookies, CORS or refresh headers, its redirects), a trickle must not hold a request
// open, and a host name that rebinds to the metadata address is refused at connect.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Resolver } from '@hw/harbor-client/node';
import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Browser, makeApp, testConfig } from '../helpers.ts';
import { connectedSetup, startSims } from '../sims.ts';

const HOSTILE_PAGE = '<html><script>fetch("/api/session").then(r=>r.json()).then(alert)</script></html>';
let trickles = 0;
const harbor = http.createServer((req, res) => {
  const path = req.url?.split('?')[0];
  if (path === '/api/v2.0/projects') {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src * 'unsafe-inline' 'unsafe-eval'",
      'x-frame-options': 'ALLOWALL',
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
      'access-control-allow-origin': 'https://evil.example.com',
      'access-control-allow-credentials': 'true',
      'cache-control': 'public, max-age=86400',
      refresh: '0; url=https://evil.example.com/phish',
      'set-cookie': 'wizard_session=planted; Path=/',
      'x-total-count': '42',
      etag: '"v1"',
      link: '</api/v2.0/projects?page=2&page_size=10>; rel="next", <https://evil.example.com/x>; rel="prev"',
    });
    res.end(HOSTILE_PAGE);
  } else if (path === '/api/v2.0/systeminfo') {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  } else if (path === '/api/v2.0/labels') {
    // One byte a second of a small, sized answer: read whole before sending, so cut off with a 504.
    trickles += 1;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
    res.write('[');
    const timer = setInterval(() => res.write(' '), 1000);
    res.on('close', () => clearInterval(timer));
  } else if (path === '/api/v2.0/registries') {
    // Never answers: the overall limit ends the wait before undici's 30 s header timeout would.
    trickles += 1;
  } else if (path === '/api/v2.0/replication/executions/1/tasks/1/log') {
    // An unsized trickle streams to the browser and is cut short at the time limit.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('log line\n');
    const timer = setInterval(() => res.write('.'), 1000);
    res.on('close', () => clearInterval(timer));
  } else {
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end('{"ok":true}');
  }
});

/** rebind.test answers 127.0.0.1 until `rebound`, then the metadata address. */
let rebound = false;
const resolve: Resolver = (hostname) =>
  Promise.resolve([
    { address: hostname === 'rebind.test' && rebound ? '169.254.169.254' : '127.0.0.1', family: 4 },
  ]);

const sims = await startSims();
const { app } = await makeApp(testConfig({ harborProxyTimeoutMs: 2_500 }), { resolve });
let browser: Browser;
let setupId: string;

async function pointTargetAt(url: string): Promise<void> {
  const setup = (await app.ctx.storage.getSetup(setupId))!;
  setup.internal.connections.target = { ...setup.internal.connections.target!, url };
  await app.ctx.storage.saveSetup(setup);
}

beforeAll(async () => {
  await new Promise<void>((done) => harbor.listen(0, '127.0.0.1', done));
  browser = await Browser.started(app);
  setupId = await connectedSetup(browser, sims);
  await pointTargetAt(`http://127.0.0.1:${(harbor.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await app.close();
  await sims.close();
  harbor.closeAllConnections();
  await new Promise<void>((done) => harbor.close(() => done()));
});

describe('a hostile Harbor behind the proxy', () => {
  it('serving HTML with a loose CSP, Refresh, CORS and Set-Cookie gets none of it to the browser', async () => {
    const own = await browser.get(apiPaths.session);
    const res = await browser.get(apiPaths.harborProxy('target', 'projects'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(HOSTILE_PAGE);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(own.headers['content-security-policy']);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe(own.headers['x-frame-options']);
    expect(res.headers['cache-control']).toBe('no-store');
    for (const name of [
      'strict-transport-security',
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'refresh',
      'set-cookie',
    ]) {
      expect(res.headers[name], name).toBeUndefined();
    }
    // What the web app needs of the answer still arrives, pointed at the proxy.
    expect(res.headers['x-total-count']).toBe('42');
    expect(res.headers.etag).toBe('"v1"');
    expect(res.headers.link).toBe('</api/harbor/target/projects?page=2&page_size=10>; rel="next"');
  });

  it('answering with a redirect to the metadata address is an error naming it, not a Location for the browser', async () => {
    const res = await browser.get(apiPaths.harborProxy('target', 'systeminfo'));
    expect(res.statusCode).toBe(502);
    expect(res.headers.location).toBeUndefined();
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('harbor-redirect');
    expect(body.message).toContain(
      'this URL redirects to http://169.254.169.254/latest/meta-data/: use that URL',
    );
  });

  it('trickling a sized answer at one byte a second is cut off at the time limit with a 504', async () => {
    trickles = 0;
    const res = await browser.get(apiPaths.harborProxy('target', 'labels'));
    expect(trickles).toBe(1);
    expect(res.statusCode).toBe(504);
    expect(apiErrorSchema.parse(res.json()).code).toBe('harbor-timeout');
  });

  it('never sending its headers is cut off at the time limit with a 504', async () => {
    trickles = 0;
    const res = await browser.get(apiPaths.harborProxy('target', 'registries'));
    expect(trickles).toBe(1);
    expect(res.statusCode).toBe(504);
    expect(apiErrorSchema.parse(res.json()).code).toBe('harbor-timeout');
  });

  it('trickling a streamed task log is cut short at the time limit', async () => {
    const res = await browser
      .get(apiPaths.harborProxy('target', 'replication/executions/1/tasks/1/log'))
      .catch((error: unknown) => error);
    // Already streaming when time is up: the answer can only end early (or the socket close).
    if (!(res instanceof Error)) expect((res as { body: string }).body.startsWith('log line\n')).toBe(true);
  });

  it('behind a host name that rebinds to the metadata address is refused at the next connection', async () => {
    const port = (harbor.address() as AddressInfo).port;
    await pointTargetAt(`http://rebind.test:${port}`);
    const before = await browser.get(apiPaths.harborProxy('target', 'repositories'));
    expect(before.statusCode).toBe(200);
    rebound = true;
    const after = await browser.get(apiPaths.harborProxy('target', 'repositories'));
    expect(after.statusCode).toBe(502);
    const body = apiErrorSchema.parse(after.json());
    expect(body.code).toBe('harbor-url-refused');
    expect(body.message).toContain('rebind.test resolves to 169.254.169.254');
  });
});
