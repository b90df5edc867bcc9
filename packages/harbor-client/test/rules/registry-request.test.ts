import { describe, expect, it } from 'vitest';

import type { RegistrySettings } from '../../src/index.ts';
import { registryCreateRequest, registryPingRequest, registryUpdateRequest } from '../../src/index.ts';

const settings: RegistrySettings = {
  name: 'harbor-b',
  description: 'the target',
  url: 'https://b.example.com',
  accessKey: 'robot$dst+replicator',
  accessSecret: 'S3cretS3cret',
  insecure: false,
};
const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

describe('registry request bodies', () => {
  it.each([
    [
      'create nests the credential',
      registryCreateRequest(settings),
      {
        name: 'harbor-b',
        type: 'harbor',
        url: 'https://b.example.com',
        description: 'the target',
        insecure: false,
        credential: { type: 'basic', access_key: 'robot$dst+replicator', access_secret: 'S3cretS3cret' },
      },
    ],
    [
      'update is flat',
      registryUpdateRequest({ ...settings, insecure: true }),
      {
        name: 'harbor-b',
        description: 'the target',
        url: 'https://b.example.com',
        credential_type: 'basic',
        access_key: 'robot$dst+replicator',
        access_secret: 'S3cretS3cret',
        insecure: true,
      },
    ],
    [
      'a credentials-only update leaves the other fields as stored',
      registryUpdateRequest({ accessKey: 'robot$dst+r', accessSecret: 'N3wSecret' }),
      { credential_type: 'basic', access_key: 'robot$dst+r', access_secret: 'N3wSecret' },
    ],
    [
      'ping is flat and names the type',
      registryPingRequest(settings),
      {
        type: 'harbor',
        url: 'https://b.example.com',
        credential_type: 'basic',
        access_key: 'robot$dst+replicator',
        access_secret: 'S3cretS3cret',
        insecure: false,
      },
    ],
  ])('%s', (_title, body, expected) => {
    expect(body).toEqual(expected);
  });

  it('carries a CA certificate in every shape only when one is given', () => {
    const withCa = { ...settings, caCertificate: ca };
    expect(registryCreateRequest(withCa).ca_certificate).toBe(ca);
    expect(registryUpdateRequest(withCa).ca_certificate).toBe(ca);
    expect(registryPingRequest(withCa).ca_certificate).toBe(ca);
    for (const body of [
      registryCreateRequest(settings),
      registryUpdateRequest(settings),
      registryPingRequest(settings),
    ])
      expect('ca_certificate' in body).toBe(false);
  });
});
