import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { HarborError } from '../../src/client/harbor-error.ts';
import { redactRequest } from '../../src/client/harbor-error.ts';
import { BASIC, PASSWORD, caught, on, testClient, useMswServer } from './helpers.ts';

useMswServer();

const encoded = BASIC.slice('Basic '.length);

function expectNoSecret(error: HarborError): void {
  for (const text of [
    error.message,
    String(error),
    JSON.stringify(error),
    JSON.stringify(error.request),
    error.stack ?? '',
  ]) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(encoded);
  }
  expect(error.request.headers.authorization).toBe('[redacted]');
}

describe('credential redaction', () => {
  it('an HTTP error carries the request with authorization redacted', async () => {
    const seen = on('get', '/api/v2.0/users/current', () =>
      HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] }, { status: 401 }),
    );
    const error = (await caught(testClient().currentUser())) as HarborError;
    // The credential did go over the wire...
    expect(seen[0]!.headers.authorization).toBe(BASIC);
    // ...but never into the error.
    expectNoSecret(error);
    expect(error.request.headers.accept).toContain('application/json');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'HarborError',
      kind: 'http',
      status: 401,
      operation: 'currentUser',
      request: {
        method: 'GET',
        url: 'https://harbor.test/api/v2.0/users/current',
        headers: { authorization: '[redacted]' },
      },
    });
  });

  it('a network error is redacted too', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const client = testClient({
      retries: 0,
      fetch: () => Promise.reject(new TypeError('fetch failed', { cause })),
    });
    const error = (await caught(client.systemInfo())) as HarborError;
    expect(error.kind).toBe('refused');
    expectNoSecret(error);
  });

  it('a registry secret in the request body never reaches the error', async () => {
    on('post', '/api/v2.0/registries', () =>
      HttpResponse.json(
        { errors: [{ code: 'BAD_REQUEST', message: 'the registry is unhealthy' }] },
        { status: 400 },
      ),
    );
    const error = (await caught(
      testClient().registries.create({
        name: 'b',
        type: 'harbor',
        url: 'https://b.example.com',
        credential: { type: 'basic', access_key: 'robot$dst+x', access_secret: 'TopSecretRobotValue1' },
      }),
    )) as HarborError;
    expect(JSON.stringify(error)).not.toContain('TopSecretRobotValue1');
    expect(error.message).not.toContain('TopSecretRobotValue1');
  });

  it('cookie and CSRF headers are redacted as well, whatever their case', () => {
    const redacted = redactRequest({
      method: 'POST',
      url: 'https://user:pw@harbor.test/api/v2.0/projects',
      headers: { Cookie: 'sid=abc', 'X-Harbor-CSRF-Token': 'tok', 'content-type': 'application/json' },
    });
    expect(redacted).toEqual({
      method: 'POST',
      url: 'https://harbor.test/api/v2.0/projects',
      headers: {
        Cookie: '[redacted]',
        'X-Harbor-CSRF-Token': '[redacted]',
        'content-type': 'application/json',
      },
    });
  });

  it('the anonymous /v2/ challenge carries no authorization at all', async () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const client = testClient({
      retries: 0,
      fetch: () => Promise.reject(new TypeError('fetch failed', { cause })),
    });
    const error = (await caught(client.registryToken('repository:dst/app:push'))) as HarborError;
    expect(error.kind).toBe('reset');
    expect(error.request.headers.authorization).toBeUndefined();
  });
});
