import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { HarborError } from '../../src/client/harbor-error.ts';
import { BASIC, caught, on, testClient, useMswServer } from './helpers.ts';

useMswServer();

describe('projects', () => {
  it('exists() sends HEAD /projects?project_name= and maps 200/404 to true/false', async () => {
    const seen = on(
      'head',
      '/api/v2.0/projects',
      ({ request }) =>
        new HttpResponse(null, {
          status: new URL(request.url).searchParams.get('project_name') === 'dst' ? 200 : 404,
        }),
    );
    const client = testClient();
    await expect(client.projects.exists('dst')).resolves.toBe(true);
    await expect(client.projects.exists('nope')).resolves.toBe(false);
    expect(seen.map((r) => [r.method, r.path, r.query])).toEqual([
      ['HEAD', '/api/v2.0/projects', { project_name: 'dst' }],
      ['HEAD', '/api/v2.0/projects', { project_name: 'nope' }],
    ]);
  });

  it('exists() throws on 401 instead of claiming the project is missing', async () => {
    on('head', '/api/v2.0/projects', () => new HttpResponse(null, { status: 401 }));
    const error = await caught(testClient().projects.exists('dst'));
    expect(error).toBeInstanceOf(HarborError);
    expect(error).toMatchObject({ kind: 'http', status: 401, operation: 'projects.exists' });
  });

  it('list() maps name/query/page/pageSize to Harbor parameters and reads X-Total-Count', async () => {
    const seen = on('get', '/api/v2.0/projects', () =>
      HttpResponse.json([{ project_id: 3, name: 'dst' }], { headers: { 'X-Total-Count': '42' } }),
    );
    const page = await testClient().projects.list({
      name: 'ds',
      query: 'public=true',
      page: 2,
      pageSize: 20,
    });
    expect(page).toEqual({ items: [{ project_id: 3, name: 'dst' }], total: 42 });
    expect(seen[0]!.query).toEqual({ name: 'ds', q: 'public=true', page: '2', page_size: '20' });
  });

  it('findByName() ignores fuzzy matches and returns the exact one, across pages', async () => {
    const names = [...Array.from({ length: 100 }, (_, i) => `dst-${i}`), 'dst'];
    const seen = on('get', '/api/v2.0/projects', ({ request }) => {
      const q = new URL(request.url).searchParams;
      const page = Number(q.get('page'));
      const size = Number(q.get('page_size'));
      const items = names
        .slice((page - 1) * size, page * size)
        .map((name, i) => ({ project_id: i + 1, name }));
      return HttpResponse.json(items, { headers: { 'X-Total-Count': String(names.length) } });
    });
    const found = await testClient().projects.findByName('dst');
    expect(found?.name).toBe('dst');
    expect(seen.map((r) => r.query)).toEqual([
      { name: 'dst', page: '1', page_size: '100' },
      { name: 'dst', page: '2', page_size: '100' },
    ]);
  });

  it('findByName() returns null when only similar names exist', async () => {
    on('get', '/api/v2.0/projects', () =>
      HttpResponse.json([{ name: 'dst2' }, { name: 'old-dst' }], { headers: { 'X-Total-Count': '2' } }),
    );
    await expect(testClient().projects.findByName('dst')).resolves.toBeNull();
  });

  it('get() by name sends X-Is-Resource-Name so a numeric-looking name is not read as an id', async () => {
    const seen = on('get', '/api/v2.0/projects/:ref', () =>
      HttpResponse.json({ project_id: 9, name: '2024' }),
    );
    await testClient().projects.get('2024');
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/api/v2.0/projects/2024' });
    expect(seen[0]!.headers['x-is-resource-name']).toBe('true');
  });

  it('get() by id sends no X-Is-Resource-Name', async () => {
    const seen = on('get', '/api/v2.0/projects/:ref', () =>
      HttpResponse.json({ project_id: 9, name: 'dst' }),
    );
    const project = await testClient().projects.get(9);
    expect(project.name).toBe('dst');
    expect(seen[0]!.path).toBe('/api/v2.0/projects/9');
    expect(seen[0]!.headers['x-is-resource-name']).toBeUndefined();
  });

  it('create() posts JSON and reads the id from Location (the 201 body is empty)', async () => {
    const seen = on(
      'post',
      '/api/v2.0/projects',
      () => new HttpResponse(null, { status: 201, headers: { Location: '/api/v2.0/projects/12' } }),
    );
    const req = { project_name: 'dst', metadata: { public: 'false' } };
    await expect(testClient().projects.create(req)).resolves.toEqual({ id: 12 });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/v2.0/projects', body: req });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('create() sends exactly accept, authorization and content-type, nothing else', async () => {
    const seen = on(
      'post',
      '/api/v2.0/projects',
      () => new HttpResponse(null, { status: 201, headers: { Location: '/api/v2.0/projects/12' } }),
    );
    await testClient().projects.create({ project_name: 'dst' });
    expect(seen[0]!.headers).toEqual({
      accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
      authorization: BASIC,
      'content-type': 'application/json',
    });
    expect(seen[0]!.text).toBe('{"project_name":"dst"}');
  });

  it('create() accepts an absolute Location URL', async () => {
    on(
      'post',
      '/api/v2.0/projects',
      () =>
        new HttpResponse(null, {
          status: 201,
          headers: { Location: 'https://harbor.test/api/v2.0/projects/77' },
        }),
    );
    await expect(testClient().projects.create({ project_name: 'dst' })).resolves.toEqual({ id: 77 });
  });

  it('create() fails as invalid-response when Location is missing or names the project', async () => {
    on('post', '/api/v2.0/projects', () => new HttpResponse(null, { status: 201 }));
    await expect(caught(testClient().projects.create({ project_name: 'dst' }))).resolves.toMatchObject({
      kind: 'invalid-response',
      status: 201,
      operation: 'projects.create',
    });
    on(
      'post',
      '/api/v2.0/projects',
      () => new HttpResponse(null, { status: 201, headers: { Location: '/api/v2.0/projects/dst' } }),
    );
    const error = await caught(testClient().projects.create({ project_name: 'dst' }));
    expect(error).toMatchObject({ kind: 'invalid-response' });
    expect((error as Error).message).toContain('/api/v2.0/projects/dst');
  });

  it('create() surfaces the 409 conflict with Harbor’s message', async () => {
    on('post', '/api/v2.0/projects', () =>
      HttpResponse.json(
        { errors: [{ code: 'CONFLICT', message: 'The project named dst already exists' }] },
        { status: 409 },
      ),
    );
    const error = (await caught(testClient().projects.create({ project_name: 'dst' }))) as HarborError;
    expect(error.status).toBe(409);
    expect(error.harborMessage).toBe('The project named dst already exists');
  });

  it('delete() sends DELETE by name with the resource-name header, by id without', async () => {
    const seen = on('delete', '/api/v2.0/projects/:ref', () => new HttpResponse(null, { status: 200 }));
    const client = testClient();
    await client.projects.delete('dst');
    await client.projects.delete(5);
    expect(seen.map((r) => [r.method, r.path, r.headers['x-is-resource-name']])).toEqual([
      ['DELETE', '/api/v2.0/projects/dst', 'true'],
      ['DELETE', '/api/v2.0/projects/5', undefined],
    ]);
  });
});
