// A hostile Harbor, over real sockets: redirects that would carry the client (and a POST body with
// a robot secret) elsewhere, an endless answer, and a name that rebinds to a forbidden address.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createHarborClient } from '../../src/client/create-harbor-client.ts';
import { HarborError } from '../../src/client/harbor-error.ts';
import type { Resolver } from '../../src/node.ts';
import { createHarborFetch, guardedLookup } from '../../src/node.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, port };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise<void>((resolve) => s.close(() => resolve()));
    }),
  );
});

async function rejection(promise: Promise<unknown>): Promise<HarborError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarborError);
  return error as HarborError;
}

describe('a Harbor that answers with a redirect', () => {
  let attacker: { server: Server; url: string };
  const reached: { method: string; url: string; body: string }[] = [];

  beforeAll(async () => {
    attacker = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        reached.push({ method: req.method ?? '', url: req.url ?? '', body });
        res.writeHead(201, { location: '/api/v2.0/registries/7' }).end();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => attacker.server.close(() => resolve())));

  for (const via of ['the TLS-aware fetch', 'the global fetch'] as const) {
    it(`does not re-send POST /registries and its robot secret to a 307 target (${via})`, async () => {
      reached.length = 0;
      const harbor = await listen((_req, res) => {
        res.writeHead(307, { location: `${attacker.url}/api/v2.0/registries` }).end();
      });
      servers.push(harbor.server);
      const client = createHarborClient({
        baseUrl: harbor.url,
        username: 'admin',
        password: 'pw',
        ...(via === 'the TLS-aware fetch' ? { fetch: createHarborFetch() } : {}),
      });
      const error = await rejection(
        client.registries.create({
          name: 'b',
          type: 'harbor',
          url: 'https://b.example.com',
          credential: { type: 'basic', access_key: 'robot$r', access_secret: 'robot-secret-value' },
        }),
      );
      expect(error.kind).toBe('redirect');
      expect(error.status).toBe(307);
      expect(error.redirectTo).toBe(attacker.url);
      expect(error.message).toContain(`this URL redirects to ${attacker.url}: use that URL`);
      expect(reached).toEqual([]);
    });
  }

  it('does not follow a 302 to the metadata address, and names the https root to use instead', async () => {
    const harbor = await listen((req, res) => {
      res.writeHead(302, { location: `https://harbor.example.com${req.url ?? ''}` }).end();
    });
    servers.push(harbor.server);
    const client = createHarborClient({ baseUrl: harbor.url, fetch: createHarborFetch(), retries: 0 });
    const error = await rejection(client.systemInfo());
    expect(error.kind).toBe('redirect');
    expect(error.redirectTo).toBe('https://harbor.example.com');

    const toMetadata = await listen((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam' }).end();
    });
    servers.push(toMetadata.server);
    const metadataClient = createHarborClient({ baseUrl: toMetadata.url, fetch: createHarborFetch() });
    const followed = await rejection(metadataClient.systemInfo());
    expect(followed.kind).toBe('redirect');
    expect(followed.redirectTo).toBe('http://169.254.169.254/latest/meta-data/iam');
  });

  it('refuses the /v2/ and token calls of the registry token flow when they redirect', async () => {
    reached.length = 0;
    const harbor = await listen((req, res) => {
      if (req.url === '/v2/') {
        res
          .writeHead(401, { 'www-authenticate': 'Bearer realm="/service/token",service="harbor-registry"' })
          .end();
      } else res.writeHead(308, { location: `${attacker.url}/service/token` }).end();
    });
    servers.push(harbor.server);
    const client = createHarborClient({
      baseUrl: harbor.url,
      username: 'robot$r',
      password: 'robot-secret-value',
      fetch: createHarborFetch(),
    });
    const error = await rejection(client.registryToken('repository:library/x:pull'));
    expect(error.kind).toBe('redirect');
    expect(reached).toEqual([]);
  });
});

describe('a Harbor that answers endlessly', () => {
  it('stops reading a 300 MB streamed answer at the size cap', async () => {
    let sent = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const harbor = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const pump = () => {
        while (!closed && sent < 300 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end(']');
      };
      res.on('close', () => (closed = true));
      pump();
    });
    servers.push(harbor.server);
    const client = createHarborClient({
      baseUrl: harbor.url,
      fetch: createHarborFetch(),
      maxResponseBytes: 4 * 1024 * 1024,
      retries: 0,
    });
    const error = await rejection(client.projects.list());
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('larger than 4 MB');
    await expect.poll(() => closed).toBe(true);
    // The server was stopped by back-pressure and the closed connection, not drained to the end.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses an answer whose announced length is over the cap without reading it', async () => {
    let wrote = 0;
    const harbor = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) });
      res.write('[');
      wrote = 1;
    });
    servers.push(harbor.server);
    const client = createHarborClient({ baseUrl: harbor.url, fetch: createHarborFetch(), retries: 0 });
    const error = await rejection(client.projects.list());
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('larger than 8 MB');
    expect(wrote).toBe(1);
  });
});

describe('a host name that rebinds', () => {
  it('connects while the name resolves to an allowed address, and refuses it once it points at the metadata service', async () => {
    const harbor = await listen((_req, res) => {
      // A fresh connection for every request, as an attacker's rebinding would rely on.
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' }).end('Pong');
    });
    servers.push(harbor.server);
    const answers = ['127.0.0.1', '169.254.169.254'];
    const resolved: string[] = [];
    const resolver: Resolver = (hostname) => {
      const address = answers[Math.min(resolved.length, answers.length - 1)] ?? '';
      resolved.push(`${hostname}=${address}`);
      return Promise.resolve([{ address, family: 4 }]);
    };
    const lookup = guardedLookup(
      (address) => (address.startsWith('169.254.') ? 'a link-local address' : null),
      resolver,
    );
    const client = createHarborClient({
      baseUrl: `http://rebinding.test:${harbor.port}`,
      fetch: createHarborFetch({ lookup }),
      retries: 0,
    });
    await expect(client.ping()).resolves.toBe('Pong');
    const error = await rejection(client.ping());
    expect(error.kind).toBe('blocked-address');
    expect(error.message).toContain('rebinding.test resolves to 169.254.169.254, a link-local address');
    expect(resolved).toEqual(['rebinding.test=127.0.0.1', 'rebinding.test=169.254.169.254']);
  });
});
