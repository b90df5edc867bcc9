import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate, type HarborSim } from '../src/index.ts';
import { createHarborFetch } from '@hw/harbor-client/node';
import {
  ADMIN,
  basic,
  client,
  errorOf,
  idFromLocation,
  PUSH_ACCESS,
  runPolicy,
  startSim,
} from './support/harbor.ts';

let source: HarborSim;
let target: HarborSim;
let cert: string;
let robot: { name: string; secret: string };

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1, as a Harbor with a private CA would present.
  const certificate = selfSignedCertificate({ commonName: '127.0.0.1', altNames: ['IP:127.0.0.1'] });
  cert = certificate.cert;
  source = await startSim({ name: 'source', seed: 'source' });
  target = await startSim({
    name: 'target',
    seed: 'target',
    https: certificate,
  });
  // The test itself trusts the CA; the simulator's own responses are still checked by its observer.
  const trusted = createHarborFetch({ tls: { mode: 'ca', caPem: cert } });
  const res = await trusted(`${target.url}/api/v2.0/robots`, {
    method: 'POST',
    headers: { authorization: basic(ADMIN), 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'over-tls',
      level: 'project',
      duration: -1,
      permissions: [{ kind: 'project', namespace: 'backup', access: PUSH_ACCESS }],
    }),
  });
  robot = (await res.json()) as { name: string; secret: string };
});
afterAll(async () => {
  await Promise.all([source.close(), target.close()]);
});

const ping = (extra: Record<string, unknown>) =>
  client(source).post('/api/v2.0/registries/ping', {
    type: 'harbor',
    url: target.url,
    access_key: robot.name,
    access_secret: robot.secret,
    ...extra,
  });

describe('TLS between instances', () => {
  it('§13.7 ping: an untrusted certificate is a TLS error, so 500', async () => {
    expect(target.url.startsWith('https://')).toBe(true);
    const res = await ping({ insecure: false });
    expect(res.status).toBe(500);
    expect(errorOf(res).message).toBe('internal server error');
  });

  it('§13.7 ping: insecure skips verification; ca_certificate (2.15) trusts the private CA', async () => {
    expect((await ping({ insecure: true })).status).toBe(200);
    expect((await ping({ insecure: false, ca_certificate: cert })).status).toBe(200);
  });

  it('§13.8 registry create: ca_certificate must be PEM', async () => {
    const res = await client(source).post('/api/v2.0/registries', {
      name: 'bad-ca',
      type: 'harbor',
      url: target.url,
      ca_certificate: 'not a pem',
    });
    expect(res.status).toBe(400);
  });

  it('push replication over HTTPS with the registry CA', async () => {
    const reg = await client(source).post('/api/v2.0/registries', {
      name: 'tls-target',
      type: 'harbor',
      url: target.url,
      ca_certificate: cert,
      credential: { type: 'basic', access_key: robot.name, access_secret: robot.secret },
    });
    expect(reg.status).toBe(201);
    const policy = await client(source).post('/api/v2.0/replication/policies', {
      name: 'tls-push',
      enabled: true,
      dest_registry: { id: idFromLocation(reg) },
      dest_namespace: 'backup',
      filters: [
        { type: 'name', value: 'library/redis' },
        { type: 'tag', value: 'latest' },
      ],
    });
    const execution = await runPolicy(source, idFromLocation(policy));
    expect(execution).toMatchObject({ status: 'Succeed', total: 1 });
  });
});
