import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { HarborError } from '../../src/client/harbor-error.ts';
import { decodeTokenAccess, parseBearerChallenge } from '../../src/client/registry-token.ts';
import { BASIC, caught, on, testClient, useMswServer } from './helpers.ts';

useMswServer();

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function jwt(payload: unknown): string {
  return `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}.c2lnbmF0dXJl`;
}

const challenge = 'Bearer realm="https://harbor.test/service/token",service="harbor-registry"';

describe('registryToken()', () => {
  it('follows the /v2/ challenge to the realm with Basic auth and decodes the granted access', async () => {
    const access = [{ type: 'repository', name: 'dst/app', actions: ['pull', 'push'] }];
    const v2 = on('get', '/v2/', () =>
      HttpResponse.json(
        { errors: [{ code: 'UNAUTHORIZED' }] },
        { status: 401, headers: { 'WWW-Authenticate': challenge } },
      ),
    );
    const token = on('get', '/service/token', () =>
      HttpResponse.json({
        token: jwt({ iss: 'harbor-token-issuer', sub: 'robot$dst+x', access }),
        expires_in: 1800,
      }),
    );
    const grant = await testClient().registryToken('repository:dst/app:pull,push');
    expect(grant.access).toEqual(access);
    expect(grant.token.split('.')).toHaveLength(3);
    expect(v2[0]!.headers.authorization).toBeUndefined();
    expect(token[0]).toMatchObject({
      method: 'GET',
      path: '/service/token',
      query: { service: 'harbor-registry', scope: 'repository:dst/app:pull,push' },
    });
    expect(token[0]!.headers.authorization).toBe(BASIC);
  });

  it('reports the actions Harbor did NOT grant as an empty list', async () => {
    on(
      'get',
      '/v2/',
      () => new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': challenge } }),
    );
    on('get', '/service/token', () =>
      HttpResponse.json({ token: jwt({ access: [{ type: 'repository', name: 'dst/app', actions: [] }] }) }),
    );
    const grant = await testClient().registryToken('repository:dst/app:push');
    expect(grant.access).toEqual([{ type: 'repository', name: 'dst/app', actions: [] }]);
  });

  it('sends credentials only to the configured Harbor, even if the realm names another host', async () => {
    on(
      'get',
      '/v2/',
      () =>
        new HttpResponse(null, {
          status: 401,
          headers: {
            'WWW-Authenticate':
              'Bearer realm="https://elsewhere.example/service/token",service="harbor-registry"',
          },
        }),
    );
    const token = on('get', '/service/token', () => HttpResponse.json({ access_token: jwt({}) }));
    const grant = await testClient().registryToken('repository:dst/app:pull');
    expect(grant.access).toEqual([]);
    expect(token).toHaveLength(1);
  });

  it('fails as invalid-response when /v2/ does not challenge', async () => {
    on('get', '/v2/', () => HttpResponse.json({}));
    const error = (await caught(testClient().registryToken('repository:dst/app:pull'))) as HarborError;
    expect(error).toMatchObject({ kind: 'invalid-response', operation: 'registryToken' });
  });

  it('fails as http 401 when the realm refuses the credentials', async () => {
    on(
      'get',
      '/v2/',
      () => new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': challenge } }),
    );
    on('get', '/service/token', () =>
      HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] }, { status: 401 }),
    );
    const error = (await caught(testClient().registryToken('repository:dst/app:pull'))) as HarborError;
    expect(error).toMatchObject({ kind: 'http', status: 401, operation: 'registryToken' });
    expect(error.request.headers.authorization).toBe('[redacted]');
  });

  it('fails as invalid-response when the token is not a JWT', async () => {
    on(
      'get',
      '/v2/',
      () => new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': challenge } }),
    );
    on('get', '/service/token', () => HttpResponse.json({ token: 'opaque' }));
    await expect(caught(testClient().registryToken('x'))).resolves.toMatchObject({
      kind: 'invalid-response',
    });
  });
});

describe('challenge and JWT parsing', () => {
  it('parses quoted and unquoted parameters, case-insensitively', () => {
    expect(
      parseBearerChallenge('bearer realm="https://h/service/token", service=harbor-registry,scope="a:b:c"'),
    ).toEqual({
      realm: 'https://h/service/token',
      service: 'harbor-registry',
      scope: 'a:b:c',
    });
    expect(parseBearerChallenge('Basic realm="x"')).toBeNull();
  });

  it('decodes base64url payloads with non-ASCII text and no padding', () => {
    const token = jwt({ access: [{ type: 'repository', name: 'dst/äpp', actions: ['pull'] }] });
    expect(decodeTokenAccess(token)).toEqual([{ type: 'repository', name: 'dst/äpp', actions: ['pull'] }]);
    expect(decodeTokenAccess('a.b')).toBeNull();
    expect(decodeTokenAccess('a.%%%.c')).toBeNull();
  });
});
