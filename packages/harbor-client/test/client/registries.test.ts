import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { HarborError } from '../../src/client/harbor-error.ts';
import { caught, on, testClient, useMswServer } from './helpers.ts';

useMswServer();

describe('registries', () => {
  it('list() passes name and paging', async () => {
    const seen = on('get', '/api/v2.0/registries', () =>
      HttpResponse.json([{ id: 3, name: 'harbor-b', status: 'healthy' }], {
        headers: { 'X-Total-Count': '1' },
      }),
    );
    const page = await testClient().registries.list({ name: 'harbor', pageSize: 10 });
    expect(page.total).toBe(1);
    expect(seen[0]!.query).toEqual({ name: 'harbor', page_size: '10' });
  });

  it('get() reads one registry, including the Local pseudo-registry id 0', async () => {
    const seen = on('get', '/api/v2.0/registries/:id', () =>
      HttpResponse.json({ id: 0, name: 'Local', type: 'harbor', url: 'http://core:8080' }),
    );
    await expect(testClient().registries.get(0)).resolves.toMatchObject({ id: 0, name: 'Local' });
    expect(seen[0]!.path).toBe('/api/v2.0/registries/0');
  });

  it('create() posts the nested credential and returns the id from Location', async () => {
    const seen = on(
      'post',
      '/api/v2.0/registries',
      () => new HttpResponse(null, { status: 201, headers: { Location: '/api/v2.0/registries/3' } }),
    );
    const req = {
      name: 'harbor-b',
      type: 'harbor',
      url: 'https://harbor-b.example.com',
      insecure: false,
      credential: { type: 'basic', access_key: 'robot$dst+repl-from-a', access_secret: 's3cret' },
    };
    await expect(testClient().registries.create(req)).resolves.toEqual({ id: 3 });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/v2.0/registries', body: req });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('update() puts the flat fields', async () => {
    const seen = on('put', '/api/v2.0/registries/:id', () => new HttpResponse(null, { status: 200 }));
    const req = { access_key: 'robot$dst+new', access_secret: 'x', credential_type: 'basic' };
    await testClient().registries.update(3, req);
    expect(seen[0]).toMatchObject({ method: 'PUT', path: '/api/v2.0/registries/3', body: req });
  });

  it('delete() surfaces the 412 "referenced by replication policies"', async () => {
    const seen = on('delete', '/api/v2.0/registries/:id', () =>
      HttpResponse.json(
        {
          errors: [
            {
              code: 'PRECONDITION',
              message: 'the registry 3 is referenced by replication policies, cannot delete it',
            },
          ],
        },
        { status: 412 },
      ),
    );
    const error = (await caught(testClient().registries.delete(3))) as HarborError;
    expect(seen[0]).toMatchObject({ method: 'DELETE', path: '/api/v2.0/registries/3' });
    expect(error).toMatchObject({ kind: 'http', status: 412, operation: 'registries.delete' });
    expect(error.errors).toEqual([
      {
        code: 'PRECONDITION',
        message: 'the registry 3 is referenced by replication policies, cannot delete it',
      },
    ]);
  });

  it('ping() posts the flat body and resolves on 200 with an empty body', async () => {
    const seen = on('post', '/api/v2.0/registries/ping', () => new HttpResponse(null, { status: 200 }));
    const req = {
      type: 'harbor',
      url: 'https://harbor-b.example.com',
      access_key: 'robot$x',
      access_secret: 'y',
    };
    await expect(testClient().registries.ping(req)).resolves.toBeUndefined();
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/v2.0/registries/ping', body: req });
  });

  it('ping() rejects with Harbor’s "the registry is unhealthy"', async () => {
    on('post', '/api/v2.0/registries/ping', () =>
      HttpResponse.json(
        { errors: [{ code: 'BAD_REQUEST', message: 'the registry is unhealthy' }] },
        { status: 400 },
      ),
    );
    const error = (await caught(testClient().registries.ping({ id: 3 }))) as HarborError;
    expect(error.status).toBe(400);
    expect(error.harborMessage).toBe('the registry is unhealthy');
  });

  it('info() reads /registries/{id}/info', async () => {
    const info = {
      type: 'harbor',
      supported_resource_filters: [{ type: 'name', style: 'input' }],
      supported_triggers: ['manual', 'scheduled', 'event_based'],
      supported_copy_by_chunk: true,
    };
    const seen = on('get', '/api/v2.0/registries/:id/info', () => HttpResponse.json(info));
    await expect(testClient().registries.info(0)).resolves.toEqual(info);
    expect(seen[0]!.path).toBe('/api/v2.0/registries/0/info');
  });

  it('adapters() reads /replication/adapters', async () => {
    const seen = on('get', '/api/v2.0/replication/adapters', () =>
      HttpResponse.json(['docker-registry', 'harbor']),
    );
    await expect(testClient().registries.adapters()).resolves.toEqual(['docker-registry', 'harbor']);
    expect(seen[0]!.method).toBe('GET');
  });
});
