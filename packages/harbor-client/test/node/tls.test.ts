// Real TLS against a local https server with a certificate made for this run: proves the undici
// Agent options take effect and that Node's nested TLS error codes are classified.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:https';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarborClient } from '../../src/client/create-harbor-client.ts';
import type { HarborError } from '../../src/client/harbor-error.ts';
import type { HarborTls } from '../../src/node.ts';
import { createHarborFetch } from '../../src/node.ts';

let dir: string;
let certPem: string;
let server: Server;
let port: number;
const seenAuth: (string | undefined)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'harbor-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=harbor-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore', timeout: 20_000 },
  );
  certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: certPem }, (req, res) => {
    seenAuth.push(req.headers.authorization);
    if (req.url === '/api/v2.0/ping') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('Pong');
    } else {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"NOT_FOUND","message":"nope"}]}\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

function client(tls: HarborTls, host = '127.0.0.1') {
  return createHarborClient({
    baseUrl: `https://${host}:${port}`,
    username: 'admin',
    password: 'Harbor12345',
    fetch: createHarborFetch({ tls }),
    retries: 0,
  });
}

describe('createHarborFetch', () => {
  it('verify mode rejects the self-signed certificate as a tls failure with its code', async () => {
    const error = (await failure(client({ mode: 'verify' }).ping())) as HarborError;
    expect(error).toMatchObject({ name: 'HarborError', kind: 'tls', tlsCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(error.message).not.toContain('Harbor12345');
  });

  it('ca mode trusts that certificate', async () => {
    await expect(client({ mode: 'ca', caPem: certPem }).ping()).resolves.toBe('Pong');
    expect(seenAuth.at(-1)).toBe(`Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`);
  });

  it('ca mode still checks the host name', async () => {
    const error = (await failure(client({ mode: 'ca', caPem: certPem }, 'localhost').ping())) as HarborError;
    expect(error).toMatchObject({ kind: 'tls', tlsCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('insecure mode accepts any certificate, and HTTP errors still come through as HarborError', async () => {
    await expect(client({ mode: 'insecure' }).ping()).resolves.toBe('Pong');
    const error = (await failure(client({ mode: 'insecure' }).systemInfo())) as HarborError;
    expect(error).toMatchObject({
      kind: 'http',
      status: 404,
      errors: [{ code: 'NOT_FOUND', message: 'nope' }],
    });
  });

  it('rejects a caPem that is not a PEM certificate', () => {
    expect(() => createHarborFetch({ tls: { mode: 'ca', caPem: 'not a cert' } })).toThrow(TypeError);
  });

  it('classifies a closed port as refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = createHarborClient({
      baseUrl: `https://127.0.0.1:${closedPort}`,
      fetch: createHarborFetch({}),
      retries: 0,
    });
    const error = (await failure(c.ping())) as HarborError;
    expect(error).toMatchObject({ kind: 'refused' });
  });
});
