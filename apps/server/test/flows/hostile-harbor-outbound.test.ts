// The server's own calls to a hostile Harbor: a redirect (to the metadata address, outside the
// allowlist, or a 307 that would re-send a robot secret) is never followed, a 300 MB answer is
// not read, and a name that rebinds to the metadata address is refused when it connects again.
import type { IncomingMessage, ServerResponse } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { HarborError } from '@hw/harbor-client';
import type { Resolver } from '@hw/harbor-client/node';
import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Browser, json, makeApp, testConfig } from '../helpers.ts';

type Recorded = { method: string; url: string; body: string };

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: http.Server; url: string; port: number; seen: Recorded[] }> {
  const seen: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      handler(req, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, port, seen };
}

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(
    servers.map((s) => {
      s.closeAllConnections();
      return new Promise<void>((done) => s.close(() => done()));
    }),
  );
});

let rebound = false;
const resolve: Resolver = (hostname) =>
  Promise.resolve([
    { address: hostname === 'rebind.test' && rebound ? '169.254.169.254' : '127.0.0.1', family: 4 },
  ]);

let app: FastifyInstance;
let browser: Browser;
let setupId: string;

async function startApp(allowlist: string[] = []): Promise<void> {
  app = (
    await makeApp(testConfig({ harborAllowlist: allowlist, harborMaxResponseBytes: 1024 * 1024 }), {
      resolve,
    })
  ).app;
  browser = await Browser.started(app);
  setupId = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
}

beforeEach(() => {
  rebound = false;
});
afterEach(async () => {
  await app.close();
});

const connectTo = (url: string) =>
  browser.post(apiPaths.connect(setupId, 'target'), { url, username: 'admin', password: 'Harbor12345' });

describe('a hostile Harbor called by the server', () => {
  it('answering 302 to the metadata address makes connect fail naming the redirect, never following it', async () => {
    const harbor = await listen((_req, res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam' }).end(),
    );
    servers.push(harbor.server);
    await startApp();
    const res = await connectTo(harbor.url);
    expect(res.statusCode).toBe(400);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('harbor-redirect');
    expect(body.message).toContain(
      'this URL redirects to http://169.254.169.254/latest/meta-data/iam: use that URL',
    );
    expect(harbor.seen).toHaveLength(1);
  });

  it('on the allowlist, redirecting to a Harbor outside it, does not get the server there', async () => {
    const outside = await listen((_req, res) => res.writeHead(200).end('{"version":"v2.15.0"}'));
    const harbor = await listen((req, res) =>
      res.writeHead(301, { location: `${outside.url}${req.url ?? ''}` }).end(),
    );
    servers.push(outside.server, harbor.server);
    await startApp([harbor.url]);
    const res = await connectTo(harbor.url);
    expect(res.statusCode).toBe(400);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('harbor-redirect');
    expect(body.message).toContain(`this URL redirects to ${outside.url}: use that URL`);
    expect(outside.seen).toEqual([]);
  });

  it('answering 307 to POST /registries does not get the robot secret re-sent to the redirect target', async () => {
    const attacker = await listen((_req, res) => res.writeHead(201, { location: '/x/1' }).end());
    const harbor = await listen((_req, res) =>
      res.writeHead(307, { location: `${attacker.url}/api/v2.0/registries` }).end(),
    );
    servers.push(attacker.server, harbor.server);
    await startApp();
    const client = app.ctx.harbor.client({
      url: harbor.url,
      tls: { mode: 'verify' },
      username: 'admin',
      password: 'pw',
    });
    const error = await client.registries
      .create({
        name: 'b',
        type: 'harbor',
        url: 'https://b.example.com',
        credential: { type: 'basic', access_key: 'robot$r', access_secret: 'the-robot-secret' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarborError);
    expect((error as HarborError).kind).toBe('redirect');
    expect(harbor.seen.map((r) => r.method)).toEqual(['POST']);
    expect(attacker.seen).toEqual([]);
  });

  it('sending a 300 MB answer to connect is refused at the size cap, and the server stops reading', async () => {
    let sent = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const harbor = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => (closed = true));
      const pump = () => {
        while (!closed && sent < 300 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    servers.push(harbor.server);
    await startApp();
    const res = await connectTo(harbor.url);
    expect(res.statusCode).toBe(502);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('harbor-too-large');
    expect(body.message).toContain('larger than this server reads');
    await expect.poll(() => closed).toBe(true);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('behind a host name that rebinds from 127.0.0.1 to the metadata address is refused on the next connection', async () => {
    const harbor = await listen((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' }).end('Pong'),
    );
    servers.push(harbor.server);
    await startApp();
    const client = app.ctx.harbor.client({
      url: `http://rebind.test:${harbor.port}`,
      tls: { mode: 'verify' },
    });
    await expect(client.ping()).resolves.toBe('Pong');
    rebound = true;
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarborError);
    expect((error as HarborError).kind).toBe('blocked-address');
    expect(harbor.seen).toHaveLength(1);
  });
});
