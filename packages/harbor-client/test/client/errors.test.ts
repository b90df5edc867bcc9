import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { HarborError } from '../../src/client/harbor-error.ts';
import { classifyTransportError, isHarborError } from '../../src/client/harbor-error.ts';
import { redirectSuggestion } from '../../src/client/transport.ts';
import { caught, on, testClient, useMswServer } from './helpers.ts';

useMswServer();

// What Node's fetch throws: `TypeError: fetch failed` with the system error one or two causes deep.
function fetchFailed(code: string, message: string, depth: 1 | 2 = 1): TypeError {
  const root = Object.assign(new Error(message), { code });
  const cause = depth === 1 ? root : Object.assign(new Error('wrapper'), { cause: root });
  return new TypeError('fetch failed', { cause });
}

function failingFetch(error: Error): typeof fetch {
  return () => Promise.reject(error);
}

describe('HTTP error shapes', () => {
  it('parses Harbor’s {errors:[{code,message}]} body', async () => {
    on('post', '/api/v2.0/robots', () =>
      HttpResponse.json(
        {
          errors: [
            {
              code: 'BAD_REQUEST',
              message: 'robot name is not in lower case or contains illegal characters',
            },
          ],
        },
        { status: 400 },
      ),
    );
    const error = (await caught(testClient().robots.create({ name: 'Bad+Name' }))) as HarborError;
    expect(isHarborError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'HarborError',
      kind: 'http',
      status: 400,
      operation: 'robots.create',
    });
    expect(error.errors).toEqual([
      { code: 'BAD_REQUEST', message: 'robot name is not in lower case or contains illegal characters' },
    ]);
    expect(error.harborMessage).toBe('robot name is not in lower case or contains illegal characters');
    expect(error.message).toContain('400');
    expect(error.message).toContain('robot name is not in lower case');
    expect(error.request).toMatchObject({ method: 'POST', url: 'https://harbor.test/api/v2.0/robots' });
  });

  it('keeps the 403 whose message is the caller’s user name', async () => {
    on('get', '/api/v2.0/registries', () =>
      HttpResponse.json({ errors: [{ code: 'FORBIDDEN', message: 'alice' }] }, { status: 403 }),
    );
    const error = (await caught(testClient().registries.list())) as HarborError;
    expect(error.status).toBe(403);
    expect(error.harborMessage).toBe('alice');
  });

  it('passes the masked ≥500 body through as UNKNOWN / internal server error', async () => {
    on('get', '/api/v2.0/registries/:id/info', () =>
      HttpResponse.json({ errors: [{ code: 'UNKNOWN', message: 'internal server error' }] }, { status: 500 }),
    );
    const error = (await caught(testClient().registries.info(3))) as HarborError;
    expect(error).toMatchObject({
      kind: 'http',
      status: 500,
      errors: [{ code: 'UNKNOWN', message: 'internal server error' }],
    });
  });

  it('handles a non-JSON error body (a proxy’s HTML page)', async () => {
    on(
      'post',
      '/api/v2.0/projects',
      () =>
        new HttpResponse('<html><body>413 Request Entity Too Large</body></html>', {
          status: 413,
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const error = (await caught(testClient().projects.create({ project_name: 'dst' }))) as HarborError;
    expect(error).toMatchObject({ kind: 'http', status: 413, errors: [] });
    expect(error.harborMessage).toBeUndefined();
    expect(error.message).toContain('non-JSON');
  });

  it('handles an empty error body', async () => {
    on('get', '/api/v2.0/users/current', () => new HttpResponse(null, { status: 401 }));
    const error = (await caught(testClient().currentUser())) as HarborError;
    expect(error).toMatchObject({ kind: 'http', status: 401, errors: [], operation: 'currentUser' });
    expect(error.message).toContain('empty response body');
  });

  it('tolerates error items with missing keys and a bare {code,message} body', async () => {
    on('get', '/api/v2.0/robots/:id', () =>
      HttpResponse.json({ errors: [{ message: 'robot 9 not found' }] }, { status: 404 }),
    );
    const first = (await caught(testClient().robots.get(9))) as HarborError;
    expect(first.errors).toEqual([{ code: '', message: 'robot 9 not found' }]);
    on('get', '/api/v2.0/robots/:id', () =>
      HttpResponse.json({ code: 404, message: 'not found' }, { status: 404 }),
    );
    const second = (await caught(testClient().robots.get(9))) as HarborError;
    expect(second.errors).toEqual([{ code: '404', message: 'not found' }]);
  });

  it('reports a 200 with a non-JSON body as invalid-response', async () => {
    on('get', '/api/v2.0/systeminfo', () => HttpResponse.text('<html>login</html>'));
    const error = (await caught(testClient().systemInfo())) as HarborError;
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, operation: 'systemInfo' });
  });

  it('reports a 200 with an empty body where JSON is expected as invalid-response', async () => {
    on('get', '/api/v2.0/robots/:id', () => new HttpResponse(null, { status: 200 }));
    await expect(caught(testClient().robots.get(1))).resolves.toMatchObject({ kind: 'invalid-response' });
  });
});

describe('network and TLS failures', () => {
  const cases: [string, string, string][] = [
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND harbor.test', 'dns'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN harbor.test', 'dns'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:443', 'refused'],
    ['ECONNRESET', 'read ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'other side closed', 'reset'],
    ['UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error', 'timeout'],
  ];
  for (const [code, message, kind] of cases) {
    it(`classifies ${code} as ${kind}`, async () => {
      const client = testClient({ fetch: failingFetch(fetchFailed(code, message)), retries: 0 });
      const error = (await caught(client.currentUser())) as HarborError;
      expect(error).toMatchObject({ kind, operation: 'currentUser' });
      expect(error.status).toBeUndefined();
      expect(error.tlsCode).toBeUndefined();
      expect(error.message).toContain(code);
      expect(error.cause).toBeInstanceOf(TypeError);
    });
  }

  const tlsCodes = [
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
  ];
  for (const code of tlsCodes) {
    it(`classifies ${code} (two causes deep) as tls with tlsCode`, async () => {
      const client = testClient({ fetch: failingFetch(fetchFailed(code, 'certificate problem', 2)) });
      const error = (await caught(client.currentUser())) as HarborError;
      expect(error).toMatchObject({ kind: 'tls', tlsCode: code });
    });
  }

  it('finds the code inside an AggregateError (several addresses tried)', () => {
    const aggregate = new AggregateError([
      Object.assign(new Error('connect ECONNREFUSED ::1:443'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }),
    ]);
    expect(classifyTransportError(new TypeError('fetch failed', { cause: aggregate }))).toMatchObject({
      kind: 'refused',
      code: 'ECONNREFUSED',
    });
  });

  it('lets an application error thrown by an injected fetch wrapper through unchanged', async () => {
    class PolicyRefusal extends Error {}
    const refusal = new PolicyRefusal('this Harbor URL is not allowed');
    const client = testClient({ fetch: () => Promise.reject(refusal) });
    await expect(caught(client.currentUser())).resolves.toBe(refusal);
  });

  it('calls an unknown transport failure `network`', async () => {
    on('get', '/api/v2.0/users/current', () => HttpResponse.error());
    const error = (await caught(testClient({ retries: 0 }).currentUser())) as HarborError;
    expect(error).toMatchObject({ kind: 'network', operation: 'currentUser' });
  });
});

describe('a redirect error', () => {
  it('suggests the new root below a path prefix, or the target itself when the path changed', () => {
    expect(
      redirectSuggestion(
        'http://gw.example.com/harbor-b/api/v2.0/projects?page=1',
        'http://gw.example.com/harbor-b',
        'https://gw.example.com/harbor-b/api/v2.0/projects?page=1',
      ),
    ).toBe('https://gw.example.com/harbor-b');
    expect(
      redirectSuggestion(
        'http://h.example.com/api/v2.0/projects',
        'http://h.example.com',
        'https://sso.example.com/login?next=/',
      ),
    ).toBe('https://sso.example.com/login');
  });
});
