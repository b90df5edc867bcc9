import { HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import type { HarborError } from '../../src/client/harbor-error.ts';
import { caught, on, testClient, useMswServer } from './helpers.ts';

useMswServer();

describe('retries', () => {
  it('retries a GET on 503 and returns the later success', async () => {
    let calls = 0;
    const seen = on('get', '/api/v2.0/systeminfo', () => {
      calls++;
      return calls < 3
        ? new HttpResponse('busy', { status: 503 })
        : HttpResponse.json({ auth_mode: 'db_auth' });
    });
    await expect(testClient({ retries: 2 }).systemInfo()).resolves.toEqual({ auth_mode: 'db_auth' });
    expect(seen).toHaveLength(3);
  });

  it('gives up after `retries` extra attempts and reports the last status', async () => {
    const seen = on('get', '/api/v2.0/systeminfo', () => new HttpResponse(null, { status: 502 }));
    const error = (await caught(testClient({ retries: 2 }).systemInfo())) as HarborError;
    expect(error).toMatchObject({ kind: 'http', status: 502 });
    expect(seen).toHaveLength(3);
  });

  it('retries HEAD on 504 too', async () => {
    let calls = 0;
    const seen = on('head', '/api/v2.0/projects', () => {
      calls++;
      return new HttpResponse(null, { status: calls === 1 ? 504 : 200 });
    });
    await expect(testClient().projects.exists('dst')).resolves.toBe(true);
    expect(seen).toHaveLength(2);
  });

  it('never retries a POST, even on 503', async () => {
    const seen = on(
      'post',
      '/api/v2.0/replication/executions',
      () => new HttpResponse(null, { status: 503 }),
    );
    const error = (await caught(testClient({ retries: 5 }).executions.start(3))) as HarborError;
    expect(error.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('never retries PUT, PATCH or DELETE', async () => {
    const put = on(
      'put',
      '/api/v2.0/replication/executions/:id',
      () => new HttpResponse(null, { status: 503 }),
    );
    const patch = on('patch', '/api/v2.0/robots/:id', () => new HttpResponse(null, { status: 503 }));
    const del = on('delete', '/api/v2.0/robots/:id', () => new HttpResponse(null, { status: 503 }));
    const client = testClient({ retries: 5 });
    await caught(client.executions.stop(1));
    await caught(client.robots.refreshSecret(1));
    await caught(client.robots.delete(1));
    expect([put.length, patch.length, del.length]).toEqual([1, 1, 1]);
  });

  it('does not retry a 500 (Harbor’s masked handler error is not transient)', async () => {
    const seen = on('get', '/api/v2.0/systeminfo', () =>
      HttpResponse.json({ errors: [{ code: 'UNKNOWN', message: 'internal server error' }] }, { status: 500 }),
    );
    await caught(testClient({ retries: 3 }).systemInfo());
    expect(seen).toHaveLength(1);
  });

  it('retries a GET after a network error', async () => {
    let calls = 0;
    const seen = on('get', '/api/v2.0/ping', () => {
      calls++;
      return calls === 1 ? HttpResponse.error() : HttpResponse.text('Pong');
    });
    await expect(testClient().ping()).resolves.toBe('Pong');
    expect(seen).toHaveLength(2);
  });

  it('does not retry a TLS failure or an unknown host', async () => {
    let calls = 0;
    const tls = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND harbor.test'), { code: 'ENOTFOUND' });
    for (const cause of [tls, dns]) {
      calls = 0;
      const client = testClient({
        retries: 3,
        fetch: () => {
          calls++;
          return Promise.reject(new TypeError('fetch failed', { cause }));
        },
      });
      await caught(client.ping());
      expect(calls).toBe(1);
    }
  });

  it('retries: 0 disables retrying', async () => {
    const seen = on('get', '/api/v2.0/systeminfo', () => new HttpResponse(null, { status: 503 }));
    await caught(testClient({ retries: 0 }).systemInfo());
    expect(seen).toHaveLength(1);
  });
});

describe('timeout', () => {
  it('aborts an attempt that outlives timeoutMs and reports kind timeout', async () => {
    on('get', '/api/v2.0/users/current', async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const error = (await caught(testClient({ timeoutMs: 30, retries: 0 }).currentUser())) as HarborError;
    expect(error).toMatchObject({ kind: 'timeout', operation: 'currentUser' });
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('no response within 30 ms');
  });

  it('retries a timed-out GET within the retry budget', async () => {
    let calls = 0;
    const seen = on('get', '/api/v2.0/systeminfo', async () => {
      calls++;
      if (calls === 1) await delay('infinite');
      return HttpResponse.json({ auth_mode: 'db_auth' });
    });
    await expect(testClient({ timeoutMs: 30, retries: 1 }).systemInfo()).resolves.toEqual({
      auth_mode: 'db_auth',
    });
    expect(seen).toHaveLength(2);
  });
});
