import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { on, testClient, useMswServer } from './helpers.ts';

useMswServer();

describe('labels, repositories, artifacts', () => {
  it('labels.listGlobal() always sends scope=g', async () => {
    const seen = on('get', '/api/v2.0/labels', () =>
      HttpResponse.json([{ id: 1, name: 'prod', scope: 'g' }], { headers: { 'X-Total-Count': '1' } }),
    );
    const page = await testClient().labels.listGlobal({ pageSize: 100 });
    expect(page.items.map((l) => l.name)).toEqual(['prod']);
    expect(seen[0]!.query).toEqual({ scope: 'g', page_size: '100' });
  });

  it('repositories.list() lists one project, with q', async () => {
    const seen = on('get', '/api/v2.0/projects/:project/repositories', () =>
      HttpResponse.json([{ name: 'src/app' }], { headers: { 'X-Total-Count': '1' } }),
    );
    await testClient().repositories.list('src', { query: 'name=~app', page: 1 });
    expect(seen[0]).toMatchObject({
      path: '/api/v2.0/projects/src/repositories',
      query: { q: 'name=~app', page: '1' },
    });
  });

  it('repositories.listAll() lists across projects', async () => {
    const seen = on('get', '/api/v2.0/repositories', () =>
      HttpResponse.json([], { headers: { 'X-Total-Count': '0' } }),
    );
    await expect(testClient().repositories.listAll()).resolves.toEqual({ items: [], total: 0 });
    expect(seen[0]!.query).toEqual({});
  });

  it('artifacts.list() double-encodes a nested repository name and maps the with_* flags', async () => {
    const seen = on('get', '/api/v2.0/projects/:project/repositories/:repo/artifacts', () =>
      HttpResponse.json([{ digest: 'sha256:abc', tags: [{ name: 'v1' }] }], {
        headers: { 'X-Total-Count': '1' },
      }),
    );
    const page = await testClient().artifacts.list('src', 'team/app', { withTag: true, withLabel: false });
    expect(page.items[0]?.digest).toBe('sha256:abc');
    expect(seen[0]!.rawPath).toBe('/api/v2.0/projects/src/repositories/team%252Fapp/artifacts');
    expect(seen[0]!.query).toEqual({ with_tag: 'true', with_label: 'false' });
  });

  it('artifacts.list() leaves a flat repository name readable', async () => {
    const seen = on('get', '/api/v2.0/projects/:project/repositories/:repo/artifacts', () =>
      HttpResponse.json([], { headers: { 'X-Total-Count': '0' } }),
    );
    await testClient().artifacts.list('src', 'app');
    expect(seen[0]!.rawPath).toBe('/api/v2.0/projects/src/repositories/app/artifacts');
  });
});
